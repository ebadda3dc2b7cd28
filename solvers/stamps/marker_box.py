"""Marker box: the bounding box of one marker colour's cells, shrunk by one, is outlined on black cells
in the grid's other colour.

Graph: first/last marker rows and columns (ArgMax, index-weighted ReduceMax) bound the box; the
outline is And/Or of four 30-vectors; a Where paints it with the other colour (a masked ReduceMax).
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import same_shape


def marker_box(grid: np.ndarray, marker: int) -> np.ndarray | None:
    ys, xs = np.nonzero(grid == marker)
    others = set(grid[grid > 0].tolist()) - {marker}
    if len(ys) == 0 or len(others) != 1:
        return None
    t, b, l, r = ys.min() + 1, ys.max() - 1, xs.min() + 1, xs.max() - 1
    if b < t or r < l:
        return None
    ring = np.zeros(grid.shape, bool)
    ring[t:b + 1, l:r + 1] = True
    ring[t + 1:b, l + 1:r] = False
    return np.where(ring & (grid == 0), others.pop(), grid)


class MarkerBox(Solver, name="marker_box", tasks=("task224",), refuses="task070", aliases=("c5_marker_box",)):
    """Markers bound a box one cell inside them; its outline is drawn in the grid's other colour."""

    def plans(self, examples):
        if not same_shape(examples) or all(np.array_equal(i, o) for i, o in examples):
            return
        i0 = examples[0][0]
        yield from sorted(set(i0[i0 > 0].tolist()))

    def rule(self, marker, grid):
        return marker_box(grid, marker)

    def build(self, marker):
        g = Graph()
        idx = np.arange(30, dtype=np.float32)
        within, edge = [], []
        for tag, spec, shape in (("row", "bkrc,k->br", (30, 1)), ("col", "bkrc,k->bc", (1, 30))):
            present = g.Cast(g.Greater(g.Einsum(g.input, g.floats(np.eye(10)[marker]), equation=spec),
                                       g.floats(0.5)), to=1, name=f"marker_{tag}s")          # [1,30]
            lo = g.Add(g.Cast(g.ArgMax(present, axis=1, keepdims=0), to=1), g.floats(1.0), name=f"box_first_{tag}")
            hi = g.Sub(g.ReduceMax(g.Mul(present, g.floats(idx)), axes=[1], keepdims=0), g.floats(1.0),
                       name=f"box_last_{tag}")
            at = g.floats(idx.reshape(shape))
            within.append(g.And(g.Not(g.Less(at, lo)), g.Not(g.Greater(at, hi)), name=f"in_box_{tag}s"))
            edge.append(g.Or(g.Equal(at, lo), g.Equal(at, hi), name=f"edge_{tag}s"))
        ring = g.And(g.And(within[0], within[1]), g.Or(edge[0], edge[1]), name="outline")     # [30,30]
        black = g.Greater(g.Conv(g.input, g.floats(np.eye(10)[0].reshape(1, 10, 1, 1))), g.floats(0.5), name="black")
        paint = g.And(ring, black, name="paint")
        keep = np.r_[0, np.ones(9)]
        keep[marker] = 0
        colour = g.Mul(g.ReduceMax(g.input, axes=[2, 3], keepdims=1), g.floats(keep.reshape(1, 10, 1, 1)),
                       name="other_colour")
        return g.model(g.Where(paint, colour, g.input))
