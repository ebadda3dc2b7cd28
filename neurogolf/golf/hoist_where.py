"""Pass: a Where over two equal Convs becomes one Conv over a Where."""
from __future__ import annotations

import onnx
from onnx import helper

from ._graph_edit import attr, attrs_key, consumers, finish, fresh_name, producer_of, tensor_types


def hoist_where(model):
    """Where(c, Conv(a, W), Conv(b, W)) -> Conv(Where(c, a, b), W): one wide tensor instead of two,
    when c is the same for every channel (and every pixel a kernel reads)."""
    g = model.graph
    types = tensor_types(model)
    uses = consumers(g)
    changed = False
    for where in list(g.node):
        if where.op_type != "Where" or len(where.input) != 3:
            continue
        cond, a, b = where.input
        ca, cb = producer_of(g, a), producer_of(g, b)
        if ca is None or cb is None or ca is cb or ca.op_type != "Conv" or cb.op_type != "Conv":
            continue
        if list(ca.input[1:]) != list(cb.input[1:]) or attrs_key(ca) != attrs_key(cb):
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
        pointwise = w is not None and all(k == 1 for k in w[2:]) and all(v == 1 for v in attr(ca, "strides", [1])) \
            and not any(attr(ca, "pads", [0])) and attr(ca, "auto_pad", b"NOTSET") in (b"NOTSET", "NOTSET")
        if not pointwise and any(d != 1 for d in cdims[2:]):
            continue
        picked = fresh_name(g, f"{where.output[0]}_in")
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
        uses = consumers(g)
        changed = True
    return finish(model) if changed else None
