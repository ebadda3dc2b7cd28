"""Pass: narrow storage. A float tensor that only ever holds 0/1 (or small integers) is kept narrow
as long as possible; the Cast back to float moves downstream, past every op that just moves data,
and disappears at `output` (which may be bool) or in `Mul(x, mask)` -> `Where(mask, x, 0)`.
"""
from __future__ import annotations

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

from ..contract import static_cost
from ._casts import FLOATS, keeps_sign, keeps_values
from ._graph_edit import (attr, bypass, consumers, copy_model, finish, fresh_name, init_array, ort_loads, producer_of,
                          tensor_types, toposort)
from .remove_dead import remove_dead

_MOVERS = {"Transpose", "Reshape", "Squeeze", "Unsqueeze", "Flatten", "Identity", "Slice", "Tile", "Expand",
           "DepthToSpace", "SpaceToDepth", "Gather", "Pad"}
_NARROW = {TensorProto.BOOL: 1, TensorProto.UINT8: 1, TensorProto.INT8: 1, TensorProto.INT16: 2,
           TensorProto.UINT16: 2, TensorProto.INT32: 4, TensorProto.UINT32: 4, TensorProto.INT64: 8}
_BOOL_TWINS = {"Max": "Or", "Min": "And", "Mul": "And", "Concat": "Concat"}   # on 0/1 values, as on bools
_PUSHABLE = {TensorProto.BOOL, TensorProto.UINT8, TensorProto.INT8}   # exact in any wider type


def _push_cast(g: onnx.GraphProto, cast: onnx.NodeProto, types) -> list[str] | None:
    """Move Cast(narrow -> wide) one step downstream; the names of the Casts it spawned, None if nothing moved."""
    narrow, wide = cast.input[0], cast.output[0]
    src_type = types.get(narrow, (0, None))[0]
    if src_type not in _PUSHABLE:
        return None
    users = consumers(g).get(wide, [])
    for user in users:
        op = user.op_type
        if op in _MOVERS and user.input[0] == wide and wide not in user.input[1:] and len(user.output) == 1:
            if op == "Pad" and attr(user, "value", 0.0) != 0:
                continue            # opset < 11 pads with an attribute value
            if op == "Pad" and len(user.input) > 2 and user.input[2]:
                value = init_array(g, user.input[2])
                if value is None or np.any(value != 0):
                    continue
                user.input[2] = ""  # padding with 0 in any dtype
                while user.input and not user.input[-1]:
                    del user.input[-1]
            user.input[0] = narrow
            out = user.output[0]
            if out == "output":
                return []
            moved = fresh_name(g, f"{out}_narrow")
            user.output[0] = moved
            if user.name == out:
                user.name = moved
            idx = list(g.node).index(user)
            g.node.insert(idx + 1, helper.make_node("Cast", [moved], [out], name=out, to=attr(cast, "to")))
            return [out]
        if op in _BOOL_TWINS and src_type == TensorProto.BOOL and (op == "Concat" or len(user.input) == 2):
            narrows = []
            for x in user.input:      # every input must be a Cast of a bool mask to the same type
                p = producer_of(g, x)
                if p is None or p.op_type != "Cast" or attr(p, "to") != attr(cast, "to") \
                        or types.get(p.input[0], (0, None))[0] != TensorProto.BOOL:
                    break
                narrows.append(p.input[0])
            else:
                out = user.output[0]
                moved = out if out == "output" else fresh_name(g, f"{out}_narrow")
                twin = helper.make_node(_BOOL_TWINS[op], narrows, [moved], name=moved)
                twin.attribute.extend(user.attribute)
                idx = list(g.node).index(user)
                g.node.remove(user)
                g.node.insert(idx, twin)
                if out == "output":
                    return []
                g.node.insert(idx + 1, helper.make_node("Cast", [moved], [out], name=out, to=attr(cast, "to")))
                return [out]
        if op == "Cast" and keeps_sign(src_type, attr(cast, "to")) and keeps_values(src_type, attr(cast, "to")):
            user.input[0] = narrow
            return []
        if op == "Mul" and src_type == TensorProto.BOOL and list(user.input).count(wide) == 1:
            other = user.input[1] if user.input[0] == wide else user.input[0]
            t_other = types.get(other, (0, None))[0]
            if t_other not in FLOATS and t_other not in _NARROW:
                continue
            dtype = helper.tensor_dtype_to_np_dtype(t_other)
            zero = fresh_name(g, "zero")
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
        cast = producer_of(g, name)
        if cast is None or cast.op_type != "Cast":
            continue
        spawned = _push_cast(g, cast, tensor_types(model))
        if spawned is not None:
            steps += 1
            todo.append(name)
            todo.extend(spawned)
    out = producer_of(g, "output")
    if out is not None and out.op_type == "Cast":   # a Cast from narrow straight to output is not needed
        types = tensor_types(model)
        if keeps_sign(types.get(out.input[0], (0, None))[0], attr(out, "to")):
            bypass(g, out, out.input[0])
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
    cand = copy_model(model)
    g = cand.graph
    nodes = [n for n in g.node if n.output and n.output[0] in readers and source in n.input]
    if not nodes:
        return None
    reuse = next((n.output[0] for n in g.node if n.op_type == "Cast" and n.input[0] == source
                  and attr(n, "to") == dtype), None)
    if reuse:
        narrow = reuse
    elif source == "input":
        narrow = fresh_name(g, "input_mask")
        g.node.insert(0, helper.make_node("Cast", ["input"], [narrow], name=narrow, to=dtype))
    else:
        narrow = fresh_name(g, f"{source}_{TensorProto.DataType.Name(dtype).lower()}")
        arr = init_array(g, source).astype(bool if dtype == TensorProto.BOOL else np.uint8)
        g.initializer.append(numpy_helper.from_array(arr, narrow))
    wide = fresh_name(g, f"{source}_wide")
    first = min(list(g.node).index(n) for n in nodes)
    if reuse:
        first = max(first, next(i for i, n in enumerate(g.node) if n.output[0] == reuse) + 1)
    g.node.insert(first, helper.make_node("Cast", [narrow], [wide], name=wide, to=TensorProto.FLOAT))
    for n in nodes:
        n.input[:] = [wide if i == source else i for i in n.input]
    toposort(g)
    return _drain(cand, wide)


def narrow_masks(model):
    """Keep 0/1 masks (and the one-hot input itself) as bool/uint8 while they are only moved around."""
    best = copy_model(model)
    best_cost = static_cost(best)
    if best_cost is None:
        return None
    changed = False
    # 0. Where(mask, 1, 0) is Cast(mask): the same values, two params less, and a Cast can move on
    g = best.graph
    types = tensor_types(best)
    for i, node in enumerate(list(g.node)):
        if node.op_type != "Where" or len(node.input) != 3:
            continue
        one, zero = init_array(g, node.input[1]), init_array(g, node.input[2])
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
        types = tensor_types(best)
        node = producer_of(best.graph, name)
        if node is None or node.op_type != "Cast" or types.get(node.input[0], (0,))[0] not in _PUSHABLE:
            continue
        cand = _drain(copy_model(best), name)
        cost = static_cost(cand)
        if cost is not None and cost < best_cost and ort_loads(cand):
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
                if cost is not None and cost < best_cost and ort_loads(cand):
                    best, best_cost, changed = cand, cost, True
                    break
    return best if changed else None
