"""Pass: ops that pass their input through unchanged are bypassed."""
from __future__ import annotations

import numpy as np

from ._graph_edit import attr, bypass, init_array, rewrite_until_done


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
        perm = attr(node, "perm")
        return src if perm is not None and list(perm) == sorted(perm) else None
    if op in ("Cast", "Reshape", "Flatten", "Squeeze", "Unsqueeze", "Expand"):
        return src if same else None
    if op == "Tile":
        reps = init_array(g, node.input[1])
        return src if same and reps is not None and np.all(reps == 1) else None
    if op == "Pad":
        pads = init_array(g, node.input[1]) if len(node.input) > 1 else attr(node, "pads")
        return src if same and pads is not None and np.all(np.asarray(pads) == 0) else None
    if op == "Slice":
        steps = init_array(g, node.input[4]) if len(node.input) > 4 and node.input[4] else np.ones(1)
        return src if same and steps is not None and np.all(steps == 1) else None
    if op == "Conv" and same and attr(node, "group", 1) == 1:
        w = init_array(g, node.input[1])
        b = init_array(g, node.input[2]) if len(node.input) > 2 and node.input[2] else np.zeros(1)
        if w is not None and b is not None and w.ndim == 4 and w.shape[2:] == (1, 1) \
                and w.shape[0] == w.shape[1] and np.array_equal(w[:, :, 0, 0], np.eye(w.shape[0])) \
                and np.all(b == 0) and all(v == 1 for v in attr(node, "strides", [1])) \
                and not any(attr(node, "pads", [0])):
            return src                    # a 1x1 identity kernel
    if op == "Gather" and same:
        idx = init_array(g, node.input[1])
        if idx is not None and idx.ndim == 1 and np.array_equal(idx, np.arange(len(idx))):
            return src                    # every index in order
    if op == "MatMul" and same:
        w = init_array(g, node.input[1])
        if w is not None and w.ndim == 2 and np.array_equal(w, np.eye(w.shape[0])):
            return src                    # times the identity matrix
    if op in ("Concat", "Max", "Min", "Sum", "Mean") and len(node.input) == 1:
        return src
    if op in ("Add", "Sub", "Mul", "Div") and len(node.input) == 2:
        neutral = 0 if op in ("Add", "Sub") else 1
        for x, c in ((node.input[0], node.input[1]), (node.input[1], node.input[0])):
            if op in ("Sub", "Div") and x != node.input[0]:
                continue
            arr = init_array(g, c)
            if arr is not None and np.all(arr == neutral) and types.get(x) == tout and tout[1] is not None:
                return x
    return None


def _bypass_noop(g, node, types, uses) -> bool:
    src = _is_noop(node, types, g)
    return src is not None and bypass(g, node, src)


def remove_noops(model):
    """Identity, same-shape Reshape/Cast/Expand, identity Transpose/Tile/Pad/Slice, x+0, x*1: bypassed."""
    return rewrite_until_done(model, _bypass_noop)
