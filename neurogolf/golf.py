"""Golf: rewrite passes that lower a valid model's cost without changing what it computes.

Every pass is an exact rewrite (it holds for every input the contract allows, not just the shown
examples): constant folding (onnxsim), dead code, Constant -> initializer, shared initializers,
common subexpressions, no-op and identity chains, fused Transpose/Reshape chains, trailing ops that
cannot change `output > 0`, Where hoisted over equal Convs, per-channel constants folded into a Conv
bias, and narrow (bool/uint8) storage of 0/1 masks and of the one-hot input. The pipeline still
re-validates after each pass and keeps it only if the model passes every example and costs strictly
less, so a wrong rewrite cannot leave the pipeline on the shown examples; exactness is what protects
the hidden ones. A pass that finds nothing to do returns None and costs no validation.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Callable

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

from .contract import Rejected, Verdict, count_memory, count_params, session, static_check, validate

Pass = Callable[[onnx.ModelProto], "onnx.ModelProto | None"]

# ops that only move, copy or select elements: valid on any dtype, exact on 0/1 values
_MOVERS = {"Transpose", "Reshape", "Squeeze", "Unsqueeze", "Flatten", "Identity", "Slice", "Tile", "Expand",
           "DepthToSpace", "SpaceToDepth", "Gather", "Pad"}
_NARROW = {TensorProto.BOOL: 1, TensorProto.UINT8: 1, TensorProto.INT8: 1, TensorProto.INT16: 2,
           TensorProto.UINT16: 2, TensorProto.INT32: 4, TensorProto.UINT32: 4, TensorProto.INT64: 8}
_FLOATS = {TensorProto.FLOAT, TensorProto.DOUBLE, TensorProto.FLOAT16}
_BOOL_TWINS = {"Max": "Or", "Min": "And", "Mul": "And", "Concat": "Concat"}   # on 0/1 values, as on bools
_PUSHABLE = {TensorProto.BOOL, TensorProto.UINT8, TensorProto.INT8}   # exact in any wider type


# --------------------------------------------------------------------------- graph helpers

def _copy(model: onnx.ModelProto) -> onnx.ModelProto:
    out = onnx.ModelProto()
    out.CopyFrom(model)
    return out


def _types(model: onnx.ModelProto) -> dict[str, tuple[int, list[int]]]:
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


def _consumers(g: onnx.GraphProto) -> dict[str, list[onnx.NodeProto]]:
    uses: dict[str, list] = {}
    for node in g.node:
        for name in set(node.input):
            if name:
                uses.setdefault(name, []).append(node)
    return uses


def _rename_uses(g: onnx.GraphProto, old: str, new: str) -> None:
    for node in g.node:
        node.input[:] = [new if i == old else i for i in node.input]


def _producer(g: onnx.GraphProto, name: str):
    return next((n for n in g.node if name in n.output), None)


def _attr(node, name, default=None):
    a = next((a for a in node.attribute if a.name == name), None)
    return default if a is None else helper.get_attribute_value(a)


def _init_array(g: onnx.GraphProto, name: str):
    init = next((i for i in g.initializer if i.name == name), None)
    return None if init is None else numpy_helper.to_array(init)


def _fresh(g: onnx.GraphProto, hint: str) -> str:
    taken = {o for n in g.node for o in n.output} | {i.name for i in g.initializer} | {"input", "output"}
    name, k = hint, 1
    while name in taken:
        k += 1
        name = f"{hint}_{k}"
    return name


def _bypass(g: onnx.GraphProto, node: onnx.NodeProto, source: str) -> bool:
    """Drop `node`, whose output equals `source`; False when the output cannot be re-routed."""
    out = node.output[0]
    if out != "output":
        g.node.remove(node)
        _rename_uses(g, out, source)
        return True
    producer = _producer(g, source)
    if producer is None or source == "input":   # output cannot be the input or an initializer
        return False
    g.node.remove(node)
    producer.output[:] = ["output" if o == source else o for o in producer.output]
    if producer.name == source:
        producer.name = "output"
    _rename_uses(g, source, "output")
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


def static_cost(model: onnx.ModelProto) -> int | None:
    """Cost from static shapes alone (a lower bound of the graded cost); None if the model is rejected."""
    try:
        types = static_check(model)
        return count_memory(model, types)[0] + count_params(model)
    except Rejected:
        return None


def _loads(model: onnx.ModelProto) -> bool:
    """ONNX Runtime has a kernel for every node (e.g. not every mover takes bool)."""
    try:
        session(model)
        return True
    except Rejected:
        return False


# --------------------------------------------------------------------------- passes

def constants_to_initializers(model):
    """A Constant pays its elements twice (params and its output's bytes); an initializer pays once."""
    g = model.graph
    found = False
    for node in list(g.node):
        if node.op_type != "Constant" or node.output[0] == "output":
            continue
        a = node.attribute[0] if len(node.attribute) == 1 else None
        if a is None or a.name in ("sparse_value", "value_string", "value_strings"):
            continue
        name = node.output[0]
        if a.name == "value":
            tensor = onnx.TensorProto()
            tensor.CopyFrom(a.t)
            tensor.name = name
        else:
            value = helper.get_attribute_value(a)
            dtype = np.float32 if "float" in a.name else np.int64
            tensor = numpy_helper.from_array(np.asarray(value, dtype=dtype), name)
        g.initializer.append(tensor)
        g.node.remove(node)
        found = True
    return finish(model) if found else None


def remove_dead(model):
    """Nodes that do not lead to `output`, initializers nobody reads, value_info nobody produces."""
    g = model.graph
    before = (len(g.node), len(g.initializer), len(g.value_info), len(g.input))
    live, keep = {"output"}, []
    for node in reversed(g.node):
        if any(o in live for o in node.output):
            keep.append(node)
            live.update(i for i in node.input if i)
    keep.reverse()
    del g.node[:]
    g.node.extend(keep)
    extra_inputs = [i for i in g.input if i.name != "input"]   # old IR: initializers listed as inputs
    for vi in extra_inputs:
        g.input.remove(vi)
    finish(model)
    return model if (len(g.node), len(g.initializer), len(g.value_info), len(g.input)) != before else None


def share_initializers(model):
    """Equal initializers (dtype, shape, values) are paid for once."""
    g = model.graph
    seen: dict[tuple, str] = {}
    found = False
    for init in list(g.initializer):
        arr = numpy_helper.to_array(init)
        key = (init.data_type, tuple(init.dims), arr.tobytes())
        if key in seen:
            _rename_uses(g, init.name, seen[key])
            g.initializer.remove(init)
            found = True
        else:
            seen[key] = init.name
    return finish(model) if found else None


def share_nodes(model):
    """Two nodes with the same op, inputs and attributes compute the same tensors: keep one."""
    g = model.graph
    found = True
    changed = False
    while found:
        found = False
        seen: dict[tuple, onnx.NodeProto] = {}
        for node in list(g.node):
            if node.op_type.startswith("Random") or node.op_type in ("Multinomial", "Constant"):
                continue                     # random draws differ; Constants are for constants_to_initializers
            key = (node.op_type, node.domain, tuple(node.input), len(node.output),
                   tuple(a.SerializeToString() for a in sorted(node.attribute, key=lambda a: a.name)))
            first = seen.get(key)
            if first is None:
                seen[key] = node
                continue
            keep, drop = (node, first) if "output" in node.output else (first, node)
            g.node.remove(drop)
            for a, b in zip(drop.output, keep.output):
                if a and b:
                    _rename_uses(g, a, b)
            if keep is node:
                _toposort(g)
            found = changed = True
            break
    return finish(model) if changed else None


def _toposort(g: onnx.GraphProto) -> None:
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


_UNSIGNED = {TensorProto.UINT8: 8, TensorProto.UINT16: 16, TensorProto.UINT32: 32, TensorProto.UINT64: 64}
_SIGNED = {TensorProto.INT8: 8, TensorProto.INT16: 16, TensorProto.INT32: 32, TensorProto.INT64: 64}


def _sign_safe(t_in: int, t_out: int) -> bool:
    """Cast(t_in -> t_out) keeps `value > 0` for every value of t_in."""
    if t_in == t_out or t_in == TensorProto.BOOL:
        return True
    if t_out in _FLOATS and (t_in in _UNSIGNED or t_in in _SIGNED):
        return True                      # integers keep their sign as floats (overflow goes to +-inf)
    if t_in in _UNSIGNED:
        return t_out == TensorProto.BOOL or _UNSIGNED.get(t_out, 0) > _UNSIGNED[t_in] \
            or _SIGNED.get(t_out, 0) > _UNSIGNED[t_in]
    if t_in in _SIGNED:
        return _SIGNED.get(t_out, 0) > _SIGNED[t_in]
    return t_in == TensorProto.FLOAT and t_out == TensorProto.DOUBLE


def _exact(t_in: int, t_out: int) -> bool:
    """Cast(t_in -> t_out) keeps every value of t_in (bool/uint8/int8 sources)."""
    if t_in == TensorProto.BOOL or t_out in _FLOATS or t_in == t_out:
        return True
    if t_in == TensorProto.UINT8:
        return _UNSIGNED.get(t_out, 0) > 8 or _SIGNED.get(t_out, 0) > 8
    return t_in == TensorProto.INT8 and _SIGNED.get(t_out, 0) > 8


def _is_noop(node, types, g) -> str | None:
    """The input this node passes through unchanged, or None."""
    op = node.op_type
    src = node.input[0] if node.input else None
    if src is None or len([o for o in node.output if o]) != 1:
        return None
    tin, tout = types.get(src), types.get(node.output[0])
    same = tin is not None and tout is not None and tin == tout and tin[1] is not None
    if op in ("Identity", "Dropout"):
        return src
    if op == "Transpose":
        perm = _attr(node, "perm")
        return src if perm is not None and list(perm) == sorted(perm) else None
    if op in ("Cast", "Reshape", "Flatten", "Squeeze", "Unsqueeze", "Expand"):
        return src if same else None
    if op == "Tile":
        reps = _init_array(g, node.input[1])
        return src if same and reps is not None and np.all(reps == 1) else None
    if op == "Pad":
        pads = _init_array(g, node.input[1]) if len(node.input) > 1 else _attr(node, "pads")
        return src if same and pads is not None and np.all(np.asarray(pads) == 0) else None
    if op == "Slice":
        steps = _init_array(g, node.input[4]) if len(node.input) > 4 and node.input[4] else np.ones(1)
        return src if same and steps is not None and np.all(steps == 1) else None
    if op == "Conv" and same and _attr(node, "group", 1) == 1:
        w = _init_array(g, node.input[1])
        b = _init_array(g, node.input[2]) if len(node.input) > 2 and node.input[2] else np.zeros(1)
        if w is not None and b is not None and w.ndim == 4 and w.shape[2:] == (1, 1) \
                and w.shape[0] == w.shape[1] and np.array_equal(w[:, :, 0, 0], np.eye(w.shape[0])) \
                and np.all(b == 0) and all(v == 1 for v in _attr(node, "strides", [1])) \
                and not any(_attr(node, "pads", [0])):
            return src                    # a 1x1 identity kernel
    if op == "Gather" and same:
        idx = _init_array(g, node.input[1])
        if idx is not None and idx.ndim == 1 and np.array_equal(idx, np.arange(len(idx))):
            return src                    # every index in order
    if op == "MatMul" and same:
        w = _init_array(g, node.input[1])
        if w is not None and w.ndim == 2 and np.array_equal(w, np.eye(w.shape[0])):
            return src                    # times the identity matrix
    if op in ("Concat", "Max", "Min", "Sum", "Mean") and len(node.input) == 1:
        return src
    if op in ("Add", "Sub", "Mul", "Div") and len(node.input) == 2:
        neutral = 0 if op in ("Add", "Sub") else 1
        for x, c in ((node.input[0], node.input[1]), (node.input[1], node.input[0])):
            if op in ("Sub", "Div") and x != node.input[0]:
                continue
            arr = _init_array(g, c)
            if arr is not None and np.all(arr == neutral) and types.get(x) == tout and tout[1] is not None:
                return x
    return None


def remove_noops(model):
    """Identity, same-shape Reshape/Cast/Expand, identity Transpose/Tile/Pad/Slice, x+0, x*1: bypassed."""
    return _simplify_chains(model, fuse=False)


def fuse_chains(model):
    """Transpose after Transpose, and Reshape-like after Reshape-like, fused into one op (then dropped
    if the fused op does nothing)."""
    fused = _simplify_chains(model, fuse=True)
    return fused and (_simplify_chains(fused, fuse=False) or fused)


def _simplify_chains(model, fuse: bool):
    g = model.graph
    changed = False
    progress = True
    while progress:
        progress = False
        types = _types(model)
        uses = _consumers(g)
        for node in list(g.node):
            if not fuse:
                src = _is_noop(node, types, g)
                if src is not None and _bypass(g, node, src):
                    changed = progress = True
                    break
                continue
            inner = _producer(g, node.input[0]) if node.input else None
            if inner is None or len(uses.get(inner.output[0], [])) != 1 or inner.output[0] == "output":
                continue
            if node.op_type == "Transpose" and inner.op_type == "Transpose" \
                    and _attr(inner, "perm") is not None and _attr(node, "perm") is not None:
                p1, p2 = list(_attr(inner, "perm")), list(_attr(node, "perm"))
                node.input[0] = inner.input[0]
                node.ClearField("attribute")
                node.attribute.append(helper.make_attribute("perm", [p1[i] for i in p2]))
                g.node.remove(inner)
                changed = progress = True
                break
            shaping = ("Reshape", "Flatten", "Squeeze", "Unsqueeze")
            if node.op_type in shaping and inner.op_type in shaping:
                dims = types.get(node.output[0], (0, None))[1]
                if dims is None:
                    continue
                shape = _fresh(g, "shape")
                g.initializer.append(numpy_helper.from_array(np.asarray(dims, dtype=np.int64), shape))
                fused = helper.make_node("Reshape", [inner.input[0], shape], list(node.output), name=node.name)
                idx = list(g.node).index(node)
                g.node.remove(node)
                g.node.insert(idx, fused)
                g.node.remove(inner)
                changed = progress = True
                break
    return finish(model) if changed else None


def _shifted_mask(g, node, types) -> tuple[str, bool]:
    """x - c (0 <= c < 1), x + c (-1 < c <= 0), x * k (k > 0) of a 0/1 mask x = Cast(bool) is > 0 exactly where
    x is: (the mask, True), else (anything, False)."""
    for pos in (0, 1) if node.op_type != "Sub" else (0,):
        x, c = node.input[pos], _init_array(g, node.input[1 - pos])
        cast = _producer(g, x)
        if c is None or c.size == 0 or cast is None or cast.op_type != "Cast" \
                or types.get(cast.input[0], (0, None))[0] != TensorProto.BOOL:
            continue
        c = c.astype(np.float64)
        if node.op_type == "Sub" and np.all((c >= 0) & (c < 1)) or node.op_type == "Add" and np.all((c > -1) & (c <= 0)) \
                or node.op_type == "Mul" and np.all(c > 0):
            return x, True
    return "", False


def output_direct(model):
    """The op writing `output` is dropped when it cannot change `output > 0` (output may be any dtype):
    Relu, Sign, Ceil, LeakyRelu(alpha >= 0), Greater(x, 0), Cast from bool/integer, Cast to a wider float,
    and a 0/1 mask shifted or scaled without crossing zero."""
    g = model.graph
    changed = False
    while True:
        node = _producer(g, "output")
        if node is None or not node.input:
            break
        types = _types(model)
        src = node.input[0]
        op = node.op_type
        ok = op in ("Relu", "Sign", "Ceil", "Identity")
        if op == "LeakyRelu":
            ok = _attr(node, "alpha", 0.01) >= 0
        if op == "Greater":
            zero = _init_array(g, node.input[1])
            ok = zero is not None and np.all(zero == 0) and types.get(src, (0, None))[1] == types["output"][1]
        if op == "Cast":
            ok = _sign_safe(types.get(src, (0, None))[0], _attr(node, "to"))
        if op in ("Add", "Sub", "Mul") and len(node.input) == 2:
            src, ok = _shifted_mask(g, node, types)
        if not ok or types.get(src, (0, None))[1] != types["output"][1] or not _bypass(g, node, src):
            break
        changed = True
    return finish(model) if changed else None


def fold_constants(model):
    """onnxsim's constant folding and graph simplification (opset and IR kept as they were)."""
    g = model.graph
    known = {i.name for i in g.initializer}
    foldable = False
    for node in g.node:      # onnxsim is slow to start: run it only where something is constant
        if node.op_type in ("Shape", "Size") or (node.input and all(not i or i in known for i in node.input)):
            foldable = True
            break
        if node.op_type == "Constant":
            known.update(node.output)
    if not foldable:
        return None
    import onnxsim
    opsets = [(o.domain, o.version) for o in model.opset_import]
    try:
        simple, ok = onnxsim.simplify(_copy(model))
    except Exception:
        return None
    if not ok or [(o.domain, o.version) for o in simple.opset_import] != opsets:
        return None
    simple.ir_version = model.ir_version
    simple = constants_to_initializers(simple) or simple
    if simple.graph.SerializeToString() == model.graph.SerializeToString():
        return None
    return finish(simple)


# ---- narrow storage: a float tensor that only ever holds 0/1 (or small integers) is kept narrow
# as long as possible; the Cast back to float moves downstream, past every op that just moves data,
# and disappears at `output` (which may be bool) or in `Mul(x, mask)` -> `Where(mask, x, 0)`.

def _push_cast(g: onnx.GraphProto, cast: onnx.NodeProto, types) -> list[str] | None:
    """Move Cast(narrow -> wide) one step downstream; the names of the Casts it spawned, None if nothing moved."""
    narrow, wide = cast.input[0], cast.output[0]
    src_type = types.get(narrow, (0, None))[0]
    if src_type not in _PUSHABLE:
        return None
    users = _consumers(g).get(wide, [])
    for user in users:
        op = user.op_type
        if op in _MOVERS and user.input[0] == wide and wide not in user.input[1:] and len(user.output) == 1:
            if op == "Pad" and _attr(user, "value", 0.0) != 0:
                continue            # opset < 11 pads with an attribute value
            if op == "Pad" and len(user.input) > 2 and user.input[2]:
                value = _init_array(g, user.input[2])
                if value is None or np.any(value != 0):
                    continue
                user.input[2] = ""  # padding with 0 in any dtype
                while user.input and not user.input[-1]:
                    del user.input[-1]
            user.input[0] = narrow
            out = user.output[0]
            if out == "output":
                return []
            moved = _fresh(g, f"{out}_narrow")
            user.output[0] = moved
            if user.name == out:
                user.name = moved
            idx = list(g.node).index(user)
            g.node.insert(idx + 1, helper.make_node("Cast", [moved], [out], name=out, to=_attr(cast, "to")))
            return [out]
        if op in _BOOL_TWINS and src_type == TensorProto.BOOL and (op == "Concat" or len(user.input) == 2):
            narrows = []
            for x in user.input:      # every input must be a Cast of a bool mask to the same type
                p = _producer(g, x)
                if p is None or p.op_type != "Cast" or _attr(p, "to") != _attr(cast, "to") \
                        or types.get(p.input[0], (0, None))[0] != TensorProto.BOOL:
                    break
                narrows.append(p.input[0])
            else:
                out = user.output[0]
                moved = out if out == "output" else _fresh(g, f"{out}_narrow")
                twin = helper.make_node(_BOOL_TWINS[op], narrows, [moved], name=moved)
                twin.attribute.extend(user.attribute)
                idx = list(g.node).index(user)
                g.node.remove(user)
                g.node.insert(idx, twin)
                if out == "output":
                    return []
                g.node.insert(idx + 1, helper.make_node("Cast", [moved], [out], name=out, to=_attr(cast, "to")))
                return [out]
        if op == "Cast" and _sign_safe(src_type, _attr(cast, "to")) and _exact(src_type, _attr(cast, "to")):
            user.input[0] = narrow
            return []
        if op == "Mul" and src_type == TensorProto.BOOL and list(user.input).count(wide) == 1:
            other = user.input[1] if user.input[0] == wide else user.input[0]
            t_other = types.get(other, (0, None))[0]
            if t_other not in _FLOATS and t_other not in _NARROW:
                continue
            dtype = helper.tensor_dtype_to_np_dtype(t_other)
            zero = _fresh(g, "zero")
            g.initializer.append(numpy_helper.from_array(np.zeros((), dtype=dtype), zero))
            idx = list(g.node).index(user)
            where = helper.make_node("Where", [narrow, other, zero], list(user.output), name=user.name)
            g.node.remove(user)
            g.node.insert(idx, where)
            return []
    return None


def _drain(model: onnx.ModelProto, cast_name: str) -> onnx.ModelProto:
    """Push the Cast writing `cast_name` (and the Casts it spawns) as far downstream as they go."""
    g = model.graph
    todo = [cast_name]
    steps = 0
    while todo and steps < 200:
        name = todo.pop()
        cast = _producer(g, name)
        if cast is None or cast.op_type != "Cast":
            continue
        spawned = _push_cast(g, cast, _types(model))
        if spawned is not None:
            steps += 1
            todo.append(name)
            todo.extend(spawned)
    out = _producer(g, "output")
    if out is not None and out.op_type == "Cast":   # a Cast from narrow straight to output is not needed
        types = _types(model)
        if _sign_safe(types.get(out.input[0], (0, None))[0], _attr(out, "to")):
            _bypass(g, out, out.input[0])
    remove_dead(model)
    return finish(model)


def _zero_one(arr) -> str | None:
    if arr.dtype.kind != "f" or arr.size == 0 or not np.all(np.isfinite(arr)) or np.any(arr != np.round(arr)):
        return None
    if np.all((arr == 0) | (arr == 1)):
        return "bool"
    return "uint8" if arr.min() >= 0 and arr.max() <= 255 else None


def _narrow_source(model, source: str, dtype: int, readers: list[str]):
    """`source` (0/1 valued) stored as `dtype`, widened again for the nodes writing `readers`, the Cast pushed on."""
    cand = _copy(model)
    g = cand.graph
    nodes = [n for n in g.node if n.output and n.output[0] in readers and source in n.input]
    if not nodes:
        return None
    reuse = next((n.output[0] for n in g.node if n.op_type == "Cast" and n.input[0] == source
                  and _attr(n, "to") == dtype), None)
    if reuse:
        narrow = reuse
    elif source == "input":
        narrow = _fresh(g, "input_mask")
        g.node.insert(0, helper.make_node("Cast", ["input"], [narrow], name=narrow, to=dtype))
    else:
        narrow = _fresh(g, f"{source}_{TensorProto.DataType.Name(dtype).lower()}")
        arr = _init_array(g, source).astype(bool if dtype == TensorProto.BOOL else np.uint8)
        g.initializer.append(numpy_helper.from_array(arr, narrow))
    wide = _fresh(g, f"{source}_wide")
    first = min(list(g.node).index(n) for n in nodes)
    if reuse:
        first = max(first, next(i for i, n in enumerate(g.node) if n.output[0] == reuse) + 1)
    g.node.insert(first, helper.make_node("Cast", [narrow], [wide], name=wide, to=TensorProto.FLOAT))
    for n in nodes:
        n.input[:] = [wide if i == source else i for i in n.input]
    _toposort(g)
    return _drain(cand, wide)


def narrow_masks(model):
    """Keep 0/1 masks (and the one-hot input itself) as bool/uint8 while they are only moved around."""
    best = _copy(model)
    best_cost = static_cost(best)
    if best_cost is None:
        return None
    changed = False
    # 0. Where(mask, 1, 0) is Cast(mask): the same values, two params less, and a Cast can move on
    g = best.graph
    types = _types(best)
    for i, node in enumerate(list(g.node)):
        if node.op_type != "Where" or len(node.input) != 3:
            continue
        one, zero = _init_array(g, node.input[1]), _init_array(g, node.input[2])
        out_type = types.get(node.output[0], (0, None))
        if one is None or zero is None or one.size != 1 or zero.size != 1 or one.item() != 1 or zero.item() != 0 \
                or out_type[1] != types.get(node.input[0], (0, None))[1]:
            continue
        cast = helper.make_node("Cast", [node.input[0]], list(node.output), name=node.name, to=out_type[0])
        g.node.remove(node)
        g.node.insert(i, cast)
        changed = True
    if changed:
        finish(best)
        best_cost = static_cost(best)
        if best_cost is None:
            return None
    # 1. existing Casts from a narrow type to a wider one
    casts = [n.output[0] for n in best.graph.node if n.op_type == "Cast"]
    for name in casts:
        types = _types(best)
        node = _producer(best.graph, name)
        if node is None or node.op_type != "Cast" or types.get(node.input[0], (0,))[0] not in _PUSHABLE:
            continue
        cand = _drain(_copy(best), name)
        cost = static_cost(cand)
        if cost is not None and cost < best_cost and _loads(cand):
            best, best_cost, changed = cand, cost, True
    # 2. 0/1 sources read by a mover: the one-hot input, float initializers of small integers
    sources = [("input", "bool")]
    for init in best.graph.initializer:
        if init.data_type == TensorProto.FLOAT and 0 < np.prod(init.dims) <= 100_000:
            kind = _zero_one(numpy_helper.to_array(init))
            if kind:
                sources.append((init.name, kind))
    for source, kind in sources:
        movers = [n.output[0] for n in best.graph.node if n.op_type in _MOVERS and n.input and n.input[0] == source]
        readers = [n.output[0] for n in best.graph.node if source in n.input]
        groups = [[m] for m in movers] + ([readers] if len(readers) > 1 else [])   # one mover, or every reader
        for group in groups:
            for dtype in ([TensorProto.BOOL, TensorProto.UINT8] if kind == "bool" else [TensorProto.UINT8]):
                cand = _narrow_source(best, source, dtype, group)
                if cand is None:
                    continue
                cost = static_cost(cand)
                if cost is not None and cost < best_cost and _loads(cand):
                    best, best_cost, changed = cand, cost, True
                    break
    return best if changed else None


def _attrs_key(node) -> tuple:
    return tuple(a.SerializeToString() for a in sorted(node.attribute, key=lambda a: a.name))


def hoist_where(model):
    """Where(c, Conv(a, W), Conv(b, W)) -> Conv(Where(c, a, b), W): one wide tensor instead of two,
    when c is the same for every channel (and every pixel a kernel reads)."""
    g = model.graph
    types = _types(model)
    uses = _consumers(g)
    changed = False
    for where in list(g.node):
        if where.op_type != "Where" or len(where.input) != 3:
            continue
        cond, a, b = where.input
        ca, cb = _producer(g, a), _producer(g, b)
        if ca is None or cb is None or ca is cb or ca.op_type != "Conv" or cb.op_type != "Conv":
            continue
        if list(ca.input[1:]) != list(cb.input[1:]) or _attrs_key(ca) != _attrs_key(cb):
            continue
        if len(uses.get(a, [])) != 1 or len(uses.get(b, [])) != 1 or "output" in (a, b):
            continue
        ta, tb, tc = types.get(ca.input[0]), types.get(cb.input[0]), types.get(cond)
        if ta is None or ta != tb or ta[1] is None or tc is None or tc[1] is None:
            continue
        rank = len(ta[1])
        cdims = [1] * (rank - len(tc[1])) + list(tc[1])
        if rank < 3 or cdims[1] != 1:
            continue
        w = types.get(ca.input[1], (0, None))[1]
        pointwise = w is not None and all(k == 1 for k in w[2:]) and all(v == 1 for v in _attr(ca, "strides", [1])) \
            and not any(_attr(ca, "pads", [0])) and _attr(ca, "auto_pad", b"NOTSET") in (b"NOTSET", "NOTSET")
        if not pointwise and any(d != 1 for d in cdims[2:]):
            continue
        picked = _fresh(g, f"{where.output[0]}_in")
        idx = list(g.node).index(where)
        conv = onnx.NodeProto()
        conv.CopyFrom(ca)
        conv.input[0] = picked
        conv.output[:] = list(where.output)
        conv.name = where.output[0]
        select = helper.make_node("Where", [cond, ca.input[0], cb.input[0]], [picked], name=picked)
        g.node.remove(where)
        g.node.insert(idx, conv)
        g.node.insert(idx, select)
        g.node.remove(ca)
        g.node.remove(cb)
        uses = _consumers(g)
        changed = True
    return finish(model) if changed else None


def fold_conv_bias(model):
    """Conv(x, W) + B, B one value per channel -> Conv(x, W, B): the sum costs no tensor of its own."""
    g = model.graph
    types = _types(model)
    uses = _consumers(g)
    changed = False
    for add in list(g.node):
        if add.op_type not in ("Add", "Sub") or len(add.input) != 2:
            continue
        for pos in (0, 1) if add.op_type == "Add" else (0,):
            conv_out, other = add.input[pos], add.input[1 - pos]
            conv = _producer(g, conv_out)
            extra = _init_array(g, other)
            if conv is None or conv.op_type != "Conv" or extra is None or len(uses.get(conv_out, [])) != 1 \
                    or conv_out == "output" or types.get(conv_out) != types.get(add.output[0]):
                continue
            w = _init_array(g, conv.input[1])
            if w is None or extra.dtype != w.dtype:
                continue
            channels = w.shape[0]
            rank = len(types[conv_out][1])
            shape = [1] * (rank - extra.ndim) + list(extra.shape)
            if any(d != 1 for i, d in enumerate(shape) if i != 1) or shape[1] not in (1, channels):
                continue
            bias = _init_array(g, conv.input[2]) if len(conv.input) > 2 and conv.input[2] else np.zeros(channels, w.dtype)
            if bias is None or np.any(bias != 0):
                continue       # (s + b) + B may round differently from s + (b + B): fold only into a zero bias
            delta = np.broadcast_to(extra.reshape(-1), (channels,))
            name = _fresh(g, f"{conv_out}_bias")
            g.initializer.append(numpy_helper.from_array((bias + (delta if add.op_type == "Add" else -delta))
                                                         .astype(w.dtype), name))
            while len(conv.input) < 3:
                conv.input.append("")
            conv.input[2] = name
            conv.output[0] = add.output[0]
            conv.name = add.output[0]
            g.node.remove(add)
            uses = _consumers(g)
            changed = True
            break
    return finish(model) if changed else None


PASSES: list[tuple[str, Pass]] = [
    ("constants_to_initializers", constants_to_initializers),
    ("remove_dead", remove_dead),
    ("share_initializers", share_initializers),
    ("fold_constants", fold_constants),
    ("share_nodes", share_nodes),
    ("remove_noops", remove_noops),
    ("fuse_chains", fuse_chains),
    ("output_direct", output_direct),
    ("hoist_where", hoist_where),
    ("fold_conv_bias", fold_conv_bias),
    ("narrow_masks", narrow_masks),
]


# --------------------------------------------------------------------------- pipeline

@dataclass
class Step:
    name: str
    before: int
    after: int | None      # cost of the candidate (None: nothing to do, or rejected before running)
    kept: bool
    note: str = ""
    seconds: float = 0.0


@dataclass
class GolfResult:
    model: onnx.ModelProto
    verdict: Verdict
    start: Verdict
    steps: list[Step] = field(default_factory=list)

    @property
    def saved(self) -> int:
        return self.start.cost - self.verdict.cost


def golf(model, examples: dict[str, list], passes: list[tuple[str, Pass]] | None = None,
         rounds: int = 3, log: Callable[[Step], None] | None = None, verdict: Verdict | None = None) -> GolfResult:
    """Apply each pass in turn; keep it only if every example still passes and the cost drops.

    Rounds repeat until one keeps nothing. A model that does not pass to begin with is returned as is;
    `verdict` is the model's verdict on `examples` when the caller already has it."""
    if isinstance(model, (bytes, bytearray)):
        model = onnx.load_from_string(bytes(model))
    current = _copy(model)
    verdict = verdict if verdict is not None else validate(current, examples)
    result = GolfResult(current, verdict, verdict)
    if not verdict.ok:
        return result
    for _ in range(rounds):
        kept_any = False
        for name, fn in passes or PASSES:
            t0 = time.perf_counter()
            before = verdict.cost
            try:
                cand = fn(_copy(current))
            except Exception as exc:  # a pass that breaks on an odd graph must not stop the pipeline
                cand, note = None, f"pass failed: {type(exc).__name__}: {exc}"[:200]
            else:
                note = "nothing to do" if cand is None else ""
            step = Step(name, before, None, False, note)
            if cand is not None:
                low = static_cost(cand)
                if low is None:
                    step.note = "rejected by the static checks"
                elif low >= before:
                    step.after, step.note = low, "not cheaper"
                else:
                    v = validate(cand, examples, stop_at_first_failure=True)
                    step.after = v.cost if v.ok else low
                    if not v.ok:
                        step.note = f"changes an answer ({v.rule}: {v.detail})" if v.rule == "wrong" else \
                            f"rejected: {v.rule}: {v.detail}"
                    elif v.cost >= before:
                        step.note = "not cheaper"
                    else:
                        step.kept, kept_any = True, True
                        current, verdict = cand, v
            step.seconds = round(time.perf_counter() - t0, 3)
            result.steps.append(step)
            if log:
                log(step)
        if not kept_any:
            break
    result.model, result.verdict = current, verdict
    return result
