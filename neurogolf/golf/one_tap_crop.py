"""Pass: a Conv whose kernel has one nonzero tap is a crop, and a 1x1 ConvTranspose's pads crop."""
from __future__ import annotations

import numpy as np
from onnx import helper, numpy_helper

from ._graph_edit import attr, finish, fresh_name, init_array, tensor_types


def one_tap_crop(model):
    """Conv(x, W[K,C,kh,kw]) with only tap (i, j) nonzero, stride 1, one group -> ConvTranspose(x, W[:,:,i,j]^T)
    with pads cutting the same window: K x C weights stored instead of K x C x kh x kw.

    Families read a grid's corner by a 2x2 Conv dilated past the grid, its other taps zero. Output line y of
    the Conv reads input line y + i*dh - pad_top; the ConvTranspose crops crop_top = i*dh - pad_top lines at the
    start and crop_bottom = dh*(kh-1) - pad_bottom - i*dh at the end, both must be >= 0 (every output line
    then reads a line inside the input, where the Conv read nothing of its padding either)."""
    g = model.graph
    types = tensor_types(model)
    changed = False
    for k, node in enumerate(list(g.node)):
        if node.op_type != "Conv" or len(node.input) < 2:
            continue
        w = init_array(g, node.input[1])
        shape = types.get(node.input[0], (None, None))[1]
        if w is None or w.ndim != 4 or w.shape[2:] == (1, 1) or not shape or len(shape) != 4 \
                or attr(node, "group", 1) != 1 or attr(node, "auto_pad", "NOTSET") not in ("NOTSET", b"NOTSET") \
                or any(s != 1 for s in attr(node, "strides", [1, 1])):
            continue
        taps = np.argwhere(np.any(w != 0, axis=(0, 1)))
        if len(taps) != 1:
            continue
        (i, j), (kh, kw) = taps[0], w.shape[2:]
        dh, dw = attr(node, "dilations", [1, 1])
        pt, pl, pb, pr = attr(node, "pads", [0, 0, 0, 0])
        crops = [i * dh - pt, j * dw - pl, dh * (kh - 1) - pb - i * dh, dw * (kw - 1) - pr - j * dw]
        if min(crops) < 0:
            continue
        name = fresh_name(g, f"{node.input[1]}_tap")
        g.initializer.append(numpy_helper.from_array(np.ascontiguousarray(w[:, :, i, j].T)[:, :, None, None], name))
        inputs = [node.input[0], name] + list(node.input[2:3])
        crop = helper.make_node("ConvTranspose", inputs, list(node.output), name=node.name,
                                **({"pads": [int(c) for c in crops]} if any(crops) else {}))
        g.node.remove(node)
        g.node.insert(k, crop)
        changed = True
    return finish(model) if changed else None
