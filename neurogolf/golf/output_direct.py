"""Pass: drop the last op when it cannot change what the scorer reads (`output > 0`)."""
from __future__ import annotations

import numpy as np
from onnx import TensorProto

from ._casts import keeps_sign
from ._graph_edit import attr, bypass, finish, init_array, producer_of, tensor_types


def _shifted_mask(g, node, types) -> tuple[str, bool]:
    """x - c (0 <= c < 1), x + c (-1 < c <= 0), x * k (k > 0) of a 0/1 mask x = Cast(bool) is > 0 exactly where
    x is: (the mask, True), else (anything, False)."""
    for pos in (0, 1) if node.op_type != "Sub" else (0,):
        x, c = node.input[pos], init_array(g, node.input[1 - pos])
        cast = producer_of(g, x)
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
        node = producer_of(g, "output")
        if node is None or not node.input:
            break
        types = tensor_types(model)
        src = node.input[0]
        op = node.op_type
        ok = op in ("Relu", "Sign", "Ceil", "Identity")
        if op == "LeakyRelu":
            ok = attr(node, "alpha", 0.01) >= 0
        if op == "Greater":
            zero = init_array(g, node.input[1])
            ok = zero is not None and np.all(zero == 0) and types.get(src, (0, None))[1] == types["output"][1]
        if op == "Cast":
            ok = keeps_sign(types.get(src, (0, None))[0], attr(node, "to"))
        if op in ("Add", "Sub", "Mul") and len(node.input) == 2:
            src, ok = _shifted_mask(g, node, types)
        if not ok or types.get(src, (0, None))[1] != types["output"][1] or not bypass(g, node, src):
            break
        changed = True
    return finish(model) if changed else None
