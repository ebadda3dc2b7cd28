"""Block lines: a cell that sees the block colour straight along its row (or column) on one side and
another colour on the other side takes that colour, so every marker in line with the block draws a
line of its colour up to the block.

"Sees" means the nearest coloured cell along the ray. The graph reads it from two single-channel
Convs per ray with weights eps^k (sum of "coloured" and of "colour" along the ray): their ratio is
the nearest colour to within 9*eps. Where one side is the block the other side's colour is kept; the
maximum of those and of the input's colour is rendered against each channel's code in the last op.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import fixed_shape, nearest_along

EPS = 0.01
RAYS = {"left": (0, -1), "right": (0, 1), "up": (-1, 0), "down": (1, 0)}


def block_lines(grid, block):
    near = {k: nearest_along(grid, *d) for k, d in RAYS.items()}
    fills = [np.where(near[a] == block, near[b], 0)
             for a, b in (("left", "right"), ("right", "left"), ("up", "down"), ("down", "up"))]
    return np.maximum.reduce(fills + [grid])


def _ray_kernel(n, dr, dc):
    """Conv weight and pads reading cell (r+k*dr, c+k*dc) with weight EPS**k, k = 0..n-1."""
    shape = (1, 1, n if dr else 1, n if dc else 1)
    k = np.zeros(shape, np.float32)
    for s in range(n):
        idx = (n - 1 - s) if (dr or dc) < 0 else s
        k[0, 0, idx if dr else 0, idx if dc else 0] = EPS ** s
    top = n - 1 if dr < 0 else 0
    left = n - 1 if dc < 0 else 0
    bottom = n - 1 if dr > 0 else 0
    right = n - 1 if dc > 0 else 0
    return k, [top, left, bottom, right]


class BlockLines(Solver):
    name = "c6_block_lines"
    description = "markers in line with a block draw a straight line of their colour up to the block"

    def fit(self, examples):
        shape = fixed_shape(examples)
        if shape is None or any(i.shape != o.shape for i, o in examples):
            return None
        for block in range(1, 10):
            if all((i == block).any() for i, _ in examples) \
                    and all(np.array_equal(block_lines(i, block), o) for i, o in examples) \
                    and any(not np.array_equal(i, o) for i, o in examples):
                return shape, block
        return None

    def build(self, plan):
        (h, w), block = plan
        g = Graph()
        grid = g.Slice(g.input, g.ints([0, 0]), g.ints([h, w]), g.ints([2, 3]), name="grid")
        coloured = g.Conv(grid, g.floats(np.r_[0, np.ones(9)].reshape(1, 10, 1, 1)), name="coloured")
        colour = g.Conv(grid, g.floats(np.arange(10).reshape(1, 10, 1, 1)), name="colour")
        tiny = g.floats([1e-30])
        near = {}
        for key, (dr, dc) in RAYS.items():
            kern, pads = _ray_kernel(h if dr else w, dr, dc)
            weight = g.floats(kern)
            hits = g.Conv(coloured, weight, tiny, pads=pads, name=f"hits_{key}")
            paint = g.Conv(colour, weight, pads=pads, name=f"paint_{key}")
            near[key] = g.Round(g.Div(paint, hits, name=f"mean_{key}"), name=f"nearest_{key}")
        code, zero = g.floats([float(block)]), g.floats([0.0])
        fills = [g.Where(g.Equal(near[a], code, name=f"block_{a}"), near[b], zero, name=f"fill_from_{b}")
                 for a, b in (("left", "right"), ("right", "left"), ("up", "down"), ("down", "up"))]
        result = g.Cast(g.Max(*fills, colour, name="result_f"), to=2, name="result")
        canvas = g.Pad(result, g.ints([0, 0, 0, 0, 0, 0, 30 - h, 30 - w]), g.const(np.uint8(255)),
                       name="result_canvas")
        codes = g.const(np.arange(10, dtype=np.uint8).reshape(1, 10, 1, 1))
        return g.model(g.Equal(canvas, codes))
