"""Diagonal joins: two cells of one colour on a shared diagonal are joined by a line of that colour.

Put as a local test: a cell lies on a join when the nearest coloured cell up-left of it (itself
included) has the same colour as the nearest one down-right (or up-right and down-left). The graph
reads the nearest colour along a ray without any per-colour channel: two single-channel Convs with
weights eps^k along the ray sum "coloured" and "colour" over it, so their ratio is the colour of the
nearest cell to within 9*eps. Rounded rays compare for equality; the joined colour map, padded to
the canvas with -1, is compared with each channel's colour code in the one op that writes `output`.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import fixed_shape, nearest_along

EPS = 0.01
RAYS = {"ul": (-1, -1), "dr": (1, 1), "ur": (-1, 1), "dl": (1, -1)}


def diagonal_join(grid):
    near = {k: nearest_along(grid, *d) for k, d in RAYS.items()}
    main = np.where(near["ul"] == near["dr"], near["ul"], 0)
    anti = np.where(near["ur"] == near["dl"], near["ur"], 0)
    if ((main > 0) & (anti > 0) & (main != anti)).any():
        return None                                  # two joins cross: no rule for the crossing
    return np.maximum(main, anti)


def _ray_kernel(n, dr, dc):
    """Conv weight [1,1,n,n] and pads reading cell (r+k*dr, c+k*dc) with weight EPS**k."""
    k = np.zeros((1, 1, n, n), np.float32)
    for s in range(n):
        k[0, 0, (n - 1 - s) if dr < 0 else s, (n - 1 - s) if dc < 0 else s] = EPS ** s
    top, left = (n - 1 if dr < 0 else 0), (n - 1 if dc < 0 else 0)
    return k, [top, left, n - 1 - top, n - 1 - left]


class DiagonalJoin(Solver):
    name = "c6_diagonal_join"
    description = "pairs of same-coloured cells on a shared diagonal are joined by a diagonal line of their colour"

    def fit(self, examples):
        shape = fixed_shape(examples)
        if shape is None:
            return None
        grew = False
        for i, o in examples:
            p = diagonal_join(i)
            if p is None or not np.array_equal(p, o):
                return None
            grew |= bool(((o > 0) & (i == 0)).any())
        return shape if grew else None

    def build(self, plan):
        h, w = plan
        n = max(h, w)
        g = Graph()
        grid = g.Slice(g.input, g.ints([0, 0]), g.ints([h, w]), g.ints([2, 3]), name="grid")
        coloured = g.Conv(grid, g.floats(np.r_[0, np.ones(9)].reshape(1, 10, 1, 1)), name="coloured")
        colour = g.Conv(grid, g.floats(np.arange(10).reshape(1, 10, 1, 1)), name="colour")
        tiny = g.floats([1e-30])
        near = {}
        for key, (dr, dc) in RAYS.items():
            kern, pads = _ray_kernel(n, dr, dc)
            weight = g.floats(kern)
            hits = g.Conv(coloured, weight, tiny, pads=pads, name=f"hits_{key}")
            paint = g.Conv(colour, weight, pads=pads, name=f"paint_{key}")
            near[key] = g.Round(g.Div(paint, hits, name=f"mean_{key}"), name=f"nearest_{key}")
        zero = g.floats([0.0])
        main = g.Where(g.Equal(near["ul"], near["dr"], name="main_join"), near["ul"], zero, name="main")
        anti = g.Where(g.Equal(near["ur"], near["dl"], name="anti_join"), near["ur"], zero, name="anti")
        joined = g.Cast(g.Max(main, anti, name="joined_f"), to=2, name="joined")
        canvas = g.Pad(joined, g.ints([0, 0, 0, 0, 0, 0, 30 - h, 30 - w]), g.const(np.uint8(255)),
                       name="joined_canvas")
        codes = g.const(np.arange(10, dtype=np.uint8).reshape(1, 10, 1, 1))
        return g.model(g.Equal(canvas, codes))
