"""Every colour joins its own pairs: a background cell between two cells of colour c on a row (column)
becomes c; with both axes, the first axis in the plan wins where both would paint.

Per colour channel, two uint8 MaxPools along the axis and their Min mark the spans; where any colour
spans a background cell the span's channels are written, one Where per axis.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from ._grids import edits_in_place
from ._spans import AXES, between, span

ORDERS = (("rows",), ("cols",), ("cols", "rows"), ("rows", "cols"))


def join_own(grid, order, bg):
    """None where two colours span one background cell along an axis (the graph would write both)."""
    out = grid.copy()
    for axes in order:
        spans = np.array([between(grid == c, AXES[axes]) & (grid == bg) & (c != bg) for c in range(10)])
        if (spans.sum(0) > 1).any():
            return None
        free = out == bg
        for c in range(10):
            out[spans[c] & free] = c
    return out


class RaysBetweenOwn(Solver, name="rays_between_own", tasks=("task041", "task045", "task092", "task356"),
                     refuses="task350"):
    """Same-shape grids where each colour draws a line of its own colour between any two of its cells on the same row
    and/or column (background cells only)."""

    def plans(self, examples):
        bg = 0
        if edits_in_place(examples) and not np.any(np.concatenate([i[i != o] for i, o in examples]) != bg):
            for order in ORDERS:
                yield bg, order

    def rule(self, plan, grid):
        bg, order = plan
        return join_own(grid, order, bg)

    def build(self, plan):
        bg, order = plan
        g = Graph()
        cells = g.Cast(g.input, to=2, name="cells")                         # uint8 [1,10,30,30]
        keep = np.ones((1, 10, 1, 1), np.uint8)
        keep[0, bg] = 0
        marks = g.Min(cells, g.const(keep, name="not_bg"), name="marks")   # background channel off
        background = g.Slice(cells, g.ints([bg]), g.ints([bg + 1]), g.ints([1]), name="background")
        result = cells
        for axes in reversed(order):        # the first axis is applied last, so it wins
            spans = span(g, marks, AXES[axes][0], axes)                        # per colour
            anyspan = g.ReduceMax(spans, axes=[1], keepdims=1, name=f"any_{axes}")
            paint = g.Cast(g.Min(anyspan, background, name=f"paint_{axes}_u8"), to=9, name=f"paint_{axes}")
            result = g.Where(paint, spans, result, name="painted")
        return g.model(result)
