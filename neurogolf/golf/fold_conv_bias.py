"""Pass: a per-channel constant added after a Conv becomes its bias."""
from __future__ import annotations

import numpy as np
from onnx import numpy_helper

from ._graph_edit import consumers, finish, fresh_name, init_array, producer_of, tensor_types


def fold_conv_bias(model):
    """Conv(x, W) + B, B one value per channel -> Conv(x, W, B): the sum costs no tensor of its own."""
    g = model.graph
    types = tensor_types(model)
    uses = consumers(g)
    changed = False
    for add in list(g.node):
        if add.op_type not in ("Add", "Sub") or len(add.input) != 2:
            continue
        for pos in (0, 1) if add.op_type == "Add" else (0,):
            conv_out, other = add.input[pos], add.input[1 - pos]
            conv = producer_of(g, conv_out)
            extra = init_array(g, other)
            if conv is None or conv.op_type != "Conv" or extra is None or len(uses.get(conv_out, [])) != 1 \
                    or conv_out == "output" or types.get(conv_out) != types.get(add.output[0]):
                continue
            w = init_array(g, conv.input[1])
            if w is None or extra.dtype != w.dtype:
                continue
            channels = w.shape[0]
            rank = len(types[conv_out][1])
            shape = [1] * (rank - extra.ndim) + list(extra.shape)
            if any(d != 1 for i, d in enumerate(shape) if i != 1) or shape[1] not in (1, channels):
                continue
            bias = init_array(g, conv.input[2]) if len(conv.input) > 2 and conv.input[2] else np.zeros(channels, w.dtype)
            if bias is None or np.any(bias != 0):
                continue       # (s + b) + B may round differently from s + (b + B): fold only into a zero bias
            delta = np.broadcast_to(extra.reshape(-1), (channels,))
            name = fresh_name(g, f"{conv_out}_bias")
            g.initializer.append(numpy_helper.from_array((bias + (delta if add.op_type == "Add" else -delta))
                                                         .astype(w.dtype), name))
            while len(conv.input) < 3:
                conv.input.append("")
            conv.input[2] = name
            conv.output[0] = add.output[0]
            conv.name = add.output[0]
            g.node.remove(add)
            uses = consumers(g)
            changed = True
            break
    return finish(model) if changed else None
