"""The one-hot output of a small colour-code plane, written by one QLinearConv (a uint8 code) or one 1x1 Conv
(a float (k, k^2) pair, `pair_decode`) straight into `output`.

Why: padding a [1,1,h,w] code plane to the 30 x 30 canvas before an Equal holds 900 bytes; this decoder holds
only the code's square and a two-channel copy (3 h w bytes) and lets the QLinearConv's own padding reach the canvas
(for planes above 17 x 17 the Pad and Equal are cheaper, and are built instead).
Each output channel c is a line over (k, k^2) of the cell's code k = colour + 1 (0 = no colour):
2 (2 (c+1) k - k^2 - (c+1)^2) + 1 = 1 - 2 (k - c - 1)^2 is 1 where k = c + 1 and at most -1 elsewhere, and the
uint8 output saturates below at 0; padded cells read (0, 0), the point of code 0, on every channel <= 0.
"""
from __future__ import annotations

import numpy as np
from onnx import TensorProto

from neurogolf.graph import Graph

C, N = 10, 30


def decode_code(g: Graph, code: str, shape, plus_one: bool = False, codes=None) -> str:
    """uint8 [1,10,30,30] one-hot of the uint8 code plane `code` [1,1,h,w] (colour + 1, 0 = none; with
    plus_one the plane holds the colour itself, 0..9, and 1 is added first; with `codes`, channel c's code is
    codes[c], each 1..15, 0 = none). Where the plane is so large that its square and pair (3 h w bytes)
    outweigh a 30 x 30 one, the plane is padded to the canvas and compared with each channel's code instead."""
    h, w = shape
    k = np.arange(1, C + 1) if codes is None else np.asarray(codes)
    if 3 * h * w + (h * w if plus_one else 0) >= N * N:
        canvas = g.Pad(code, g.ints([0, 0, 0, 0, 0, 0, N - h, N - w], name="to_canvas"),
                       g.const(np.uint8(255 if plus_one else 0), name="no_code"), name="code_canvas")
        first = 0 if plus_one else 1
        return g.Equal(canvas, g.const((k - 1 + first).astype(np.uint8).reshape(1, C, 1, 1),
                                       name="channel_codes"), name="decoded")
    if plus_one:
        code = g.Add(code, g.const(np.uint8(1), name="one_u8"), name="code_plus_one")
    square = g.Mul(code, code, name="code_square")
    return decode_code_pair(g, g.Concat(code, square, axis=1, name="code_pair"), shape, codes)


def decode_code_pair(g: Graph, pair: str, shape, codes=None) -> str:
    """uint8 [1,10,30,30] one-hot of a uint8 [1,2,h,w] plane of (k, k^2), k the code (as in `decode_code`),
    by the one QLinearConv whose padding reaches the canvas."""
    h, w = shape
    k = np.arange(1, C + 1) if codes is None else np.asarray(codes)
    weights = np.zeros((C, 2, 1, 1), np.int8)
    weights[:, 0, 0, 0] = 4 * k
    weights[:, 1, 0, 0] = -2
    unit, zero = g.const(np.float32(1), name="unit_scale"), g.const(np.uint8(0), name="zero_point")
    return g.QLinearConv(pair, unit, zero, g.const(weights, name="colour_lines"), unit,
                         g.const(np.int8(0), name="weight_zero"), unit, zero,
                         g.const((1 - 2 * k * k).astype(np.int32), name="colour_bias"),
                         pads=[0, 0, N - h, N - w], name="decoded")


def pair_decode(g, pair, shape):
    """`output` from a float [1,2,h,w] map of (k, k^2), k = colour + 1 (0: no colour), by one 1x1 Conv whose
    padding reaches the canvas: channel c is 2 (2 (c+1) k - k^2) + 1 - 2 (c+1)^2 = 1 - 2 (k - c - 1)^2, 1 where
    k = c + 1 and at most -1 elsewhere (padded cells read k = 0). It holds 8 h w bytes where the code map, its
    one-hot and a Pad hold 14 h w."""
    h, w = shape
    k = np.arange(1, 11, dtype=np.float32)
    weights = np.stack([4 * k, -2 * np.ones(10, np.float32)], axis=1).reshape(10, 2, 1, 1)
    return g.Conv(pair, g.const(weights, name="colour_lines"), g.const(1 - 2 * k * k, name="colour_bias"),
                  pads=[0, 0, 30 - h, 30 - w])


def decode_one_colour(g: Graph, plane: str, shape, weights: str | None = None, signs=None,
                      quantize: bool = True) -> str:
    """`output` from a uint8 [1,1,h,w] plane of 1 + (background < 0, the one colour shown > 0, nothing 0) by one
    QLinearConv whose padding reaches the canvas (it reads the plane less its zero point 1; padded cells read 0).
    Its int8 [10,1,1,1] weights are `weights` (float, negative for the background, positive for the shown
    colour, 0 for the others), by default the input's colour counts times `signs` (-1 for the background, 0
    for colours never shown, +1 for the others; by default every colour but the background shown), saturated
    to int8 by one QuantizeLinear: for a grid of one colour besides the background and the `signs`' zeros.
    With quantize=False, `weights` are int8 [10,1,1,1] already (see `decode_signed`).
    Why: no code square or pair, and no channel table beyond the ten weights."""
    h, w = shape
    if weights is None:
        signs = np.where(np.arange(C) > 0, 1, -1) if signs is None else np.asarray(signs)
        weights = g.Einsum(g.input, g.const(signs.astype(np.float32), name="colour_signs"),
                           g.const(np.ones((1, 1, 1), np.float32), name="weight_dims"), equation="bchw,c,xyz->cxyz",
                           name="signed_counts")                                                 # [10,1,1,1]
    unit, zero = g.const(np.float32(1), name="unit_scale"), g.const(np.int8(0), name="weight_zero")
    if quantize:
        weights = g.QuantizeLinear(weights, unit, zero, name="colour_weights")                    # int8
    return g.QLinearConv(plane, unit, g.const(np.uint8(1), name="nothing"), weights, unit, zero, unit,
                         g.const(np.uint8(0), name="zero_point"), pads=[0, 0, N - h, N - w], name="decoded")


def decode_signed(g: Graph, plane: str, signs: str, shape) -> str:
    """`decode_one_colour` with per-colour signs computed in the graph: `signs` a float [1,10] or [1,10,1,1]
    tensor of small integers (the colour drawn where the plane holds 2 > 0, the one drawn where it holds 0 < 0),
    cast to the int8 [10,1,1,1] weights as they are (no saturating step: they already fit)."""
    weights = g.Reshape(g.Cast(signs, to=TensorProto.INT8, name="sign_i8"), g.ints([C, 1, 1, 1], name="weight_shape"),
                        name="colour_weights")
    return decode_one_colour(g, plane, shape, weights=weights, quantize=False)
