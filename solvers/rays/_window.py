"""One-byte graph pieces on a fixed H x W window (the generator's one grid shape): the colour-code map read
through [H,30] / [W,30] identities folded into one Einsum, uint8 QLinearConvs (saturating at 0 and 255),
per-direction diagonal ray kernels, and the code map decoded into `output` (`decode_code`)."""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .._common_grids import N
from ..local._code_decode import decode_code


def window_code(g: Graph, h: int, w: int) -> str:
    """uint8 [1,1,h,w]: the colour of each cell of the grid's top-left h x w window."""
    eye_h = g.const(np.eye(h, N, dtype=np.float32), name=f"window{h}")
    eye_w = eye_h if w == h else g.const(np.eye(w, N, dtype=np.float32), name=f"window{w}")
    code = g.Einsum(g.input, g.const(np.arange(10, dtype=np.float32).reshape(1, 10), name="colour_values"),
                    eye_h, eye_w, equation="bchw,xc,ih,jw->bxij", name="code_f")
    return g.Cast(code, to=2, name="code")


def qconv(g: Graph, x: str, weight, bias=None, pads=None, name: str = "qconv", **attrs) -> str:
    """uint8 QLinearConv with unit scales and zero offsets: the integer convolution clipped to 0..255."""
    one, zero = g.const(np.float32(1), name="unit_scale"), g.const(np.uint8(0), name="zero_u8")
    weight = np.asarray(weight)
    wzero = g.const(weight.dtype.type(0), name=f"zero_{weight.dtype}")
    inputs = [x, one, zero, g.const(weight, name=f"{name}_w"), one, wzero, one, zero]
    if bias is not None:
        inputs.append(g.const(np.asarray(bias, np.int32), name=f"{name}_b"))
    if pads is not None:
        attrs["pads"] = list(pads)
    return g.QLinearConv(*inputs, name=name, **attrs)


def diagonal_ray(g: Graph, seeds: str, h: int, w: int, dr: int, dc: int, name: str, with_seed: bool = False) -> str:
    """uint8 [1,1,h,w]: how many seeds lie behind each cell along (dr, dc), 1 to n = max(h,w)-1 steps away
    (the seed itself left out unless `with_seed`; saturating at 255). One QLinearConv with an (n+1) x (n+1)
    diagonal kernel: output (r, c) reads input (r - top + i, c - left + j) at kernel cell (i, j). With the seed
    the kernel is the whole diagonal, the same for opposite directions (one initializer once shared)."""
    n = max(h, w) - 1
    k = np.zeros((1, 1, n + 1, n + 1), np.uint8)
    for s_ in range(0 if with_seed else 1, n + 1):       # the seed at (r - s dr, c - s dc)
        k[0, 0, n - s_ if dr > 0 else s_, n - s_ if dc > 0 else s_] = 1
    top, left = (n if dr > 0 else 0), (n if dc > 0 else 0)
    return qconv(g, seeds, k, pads=[top, left, n - top, n - left], name=name)


def decode(g: Graph, code: str, h: int, w: int) -> str:
    """The one-hot `output` of a uint8 code map of the h x w window (colour 0..9, 255 none): `decode_code`
    with 1 added (none wraps to 0), one QLinearConv whose padding reaches the canvas where the map is small,
    else one Pad and one Equal."""
    return decode_code(g, code, (h, w), plus_one=True)
