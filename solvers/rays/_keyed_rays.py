"""The nearest colour along a straight ray on a fixed-shape grid's corner, in uint8 without per-cell
weights: every coloured cell gets the key 16 x (its rank along the ray, nearest first) + its colour, a
one-sided MaxPool over the ray keeps the nearest coloured cell's key, and `mod 16` reads its colour back
(0 where the ray meets no coloured cell). Ranks stay below 16, so keys fit in a byte for sides up to 15."""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .._common_grids import N


def corner_code(g: Graph, shape, first: int = 0) -> tuple[str, str]:
    """(code, coloured): the uint8 colour code (colour + first) of the grid's h x w corner and its coloured cells
    (bool), read straight from `input` by a 2x2 Conv dilated to (30-h, 30-w) whose (0, 0) tap weighs each channel."""
    h, w = shape
    kernel = np.zeros((1, 10, 2, 2), np.float32)
    kernel[0, :, 0, 0] = np.arange(10) + first
    code_f = g.Conv(g.input, g.floats(kernel), dilations=[N - h, N - w], name="code_f")
    code = g.Cast(code_f, to=2, name="code")
    return code, g.Greater(code, g.const(np.uint8(first)), name="coloured")


def nearest_straight(g: Graph, code: str, coloured: str, shape, rays: dict) -> dict:
    """Per ray key (dr, dc) in {(0, 1), (0, -1), (1, 0), (-1, 0)}: uint8 [1,1,h,w], the colour of the nearest
    coloured cell along it, the cell itself included (0 if none)."""
    h, w = shape
    assert max(h, w) < 16
    zero, sixteen = g.const(np.uint8(0)), g.const(np.uint8(16))
    near = {}
    for key, (dr, dc) in rays.items():
        n = h if dr else w
        rank = np.arange(n) + 1 if (dr or dc) < 0 else n - np.arange(n)      # nearest along the ray ranks highest
        prio = (16 * rank).astype(np.uint8).reshape((1, 1, n, 1) if dr else (1, 1, 1, n))
        keyed = g.Where(coloured, g.Add(code, g.const(prio), name=f"ranked_{key}"), zero, name=f"keys_{key}")
        before, after = (n - 1, 0) if (dr or dc) < 0 else (0, n - 1)
        pads = [before, 0, after, 0] if dr else [0, before, 0, after]
        best = g.MaxPool(keyed, kernel_shape=[n, 1] if dr else [1, n], pads=pads, name=f"best_{key}")
        near[key] = g.Mod(best, sixteen, name=f"nearest_{key}")
    return near
