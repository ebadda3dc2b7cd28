"""Graph surgery shared by the golf passes: look-ups, renames, bypasses, and tidying a graph after an edit."""
from __future__ import annotations

import onnx
from onnx import TensorProto, helper, numpy_helper

from ..contract import Rejected, session


def copy_model(model: onnx.ModelProto) -> onnx.ModelProto:
    out = onnx.ModelProto()
    out.CopyFrom(model)
    return out


def tensor_types(model: onnx.ModelProto) -> dict[str, tuple[int, list[int]]]:
    """name -> (elem_type, dims) of every tensor shape inference can see."""
    inferred = onnx.shape_inference.infer_shapes(model)
    g = inferred.graph
    out = {}
    for vi in list(g.input) + list(g.value_info) + list(g.output):
        tt = vi.type.tensor_type
        out[vi.name] = (tt.elem_type, [d.dim_value for d in tt.shape.dim] if tt.HasField("shape") else None)
    for init in g.initializer:
        out[init.name] = (init.data_type, list(init.dims))
    return out


def consumers(g: onnx.GraphProto) -> dict[str, list[onnx.NodeProto]]:
    uses: dict[str, list] = {}
    for node in g.node:
        for name in set(node.input):
            if name:
                uses.setdefault(name, []).append(node)
    return uses


def rename_uses(g: onnx.GraphProto, old: str, new: str) -> None:
    for node in g.node:
        node.input[:] = [new if i == old else i for i in node.input]


def producer_of(g: onnx.GraphProto, name: str):
    return next((n for n in g.node if name in n.output), None)


def attr(node, name, default=None):
    a = next((a for a in node.attribute if a.name == name), None)
    return default if a is None else helper.get_attribute_value(a)


def init_array(g: onnx.GraphProto, name: str):
    init = next((i for i in g.initializer if i.name == name), None)
    return None if init is None else numpy_helper.to_array(init)


def fresh_name(g: onnx.GraphProto, hint: str) -> str:
    taken = {o for n in g.node for o in n.output} | {i.name for i in g.initializer} | {"input", "output"}
    name, k = hint, 1
    while name in taken:
        k += 1
        name = f"{hint}_{k}"
    return name


def bypass(g: onnx.GraphProto, node: onnx.NodeProto, source: str) -> bool:
    """Drop `node`, whose output equals `source`; False when the output cannot be re-routed."""
    out = node.output[0]
    if out != "output":
        g.node.remove(node)
        rename_uses(g, out, source)
        return True
    producer = producer_of(g, source)
    if producer is None or source == "input":   # output cannot be the input or an initializer
        return False
    g.node.remove(node)
    producer.output[:] = ["output" if o == source else o for o in producer.output]
    if producer.name == source:
        producer.name = "output"
    rename_uses(g, source, "output")
    return True


def finish(model: onnx.ModelProto) -> onnx.ModelProto:
    """Drop value_info no node produces (it would be paid for) and re-infer the output's type."""
    g = model.graph
    produced = {o for n in g.node for o in n.output}
    keep = [vi for vi in g.value_info if vi.name in produced and vi.name not in ("input", "output")]
    del g.value_info[:]
    g.value_info.extend(keep)
    used = {i for n in g.node for i in n.input}
    inits = [i for i in g.initializer if i.name in used]
    del g.initializer[:]
    g.initializer.extend(inits)
    out = g.output[0]
    out.type.tensor_type.elem_type = TensorProto.UNDEFINED
    out.type.tensor_type.ClearField("shape")
    try:
        inferred = onnx.shape_inference.infer_shapes(model)
        out.CopyFrom(inferred.graph.output[0])
    except Exception:
        pass
    return model


def ort_loads(model: onnx.ModelProto) -> bool:
    """ONNX Runtime has a kernel for every node (e.g. not every mover takes bool)."""
    try:
        session(model)
        return True
    except Rejected:
        return False


def toposort(g: onnx.GraphProto) -> None:
    ready = {"input"} | {i.name for i in g.initializer} | {""}
    pending, ordered = list(g.node), []
    while pending:
        progress = False
        for node in list(pending):
            if all(i in ready for i in node.input):
                ordered.append(node)
                ready.update(node.output)
                pending.remove(node)
                progress = True
        if not progress:
            ordered.extend(pending)
            break
    copies = [onnx.NodeProto() for _ in ordered]
    for c, n in zip(copies, ordered):
        c.CopyFrom(n)
    del g.node[:]
    g.node.extend(copies)


def attrs_key(node) -> tuple:
    """The node's attributes as comparable bytes: equal keys, equal attributes."""
    return tuple(a.SerializeToString() for a in sorted(node.attribute, key=lambda a: a.name))


def rewrite_until_done(model: onnx.ModelProto, rewrite) -> onnx.ModelProto | None:
    """Apply `rewrite(g, node, types, uses)` (True when it changed the graph) to the first node it takes,
    again and again until it takes none; the finished model, or None when nothing changed."""
    g = model.graph
    changed = False
    while True:
        types, uses = tensor_types(model), consumers(g)
        if not any(rewrite(g, node, types, uses) for node in list(g.node)):
            return finish(model) if changed else None
        changed = True
