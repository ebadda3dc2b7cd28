"""Marker box: the bounding box of one marker colour's cells, shrunk by one, is outlined on black cells
in the grid's other colour.

Graph: first/last marker rows and columns (`first_last_lines`: two weighted sums' rounded logarithms) bound the
box;
per axis a bool [3,30] factor holds 1, "strictly inside" and "inside and on the box's edge line". The
outline is edge row x inside column + inside row x edge column (2 on its corners, 1 elsewhere). One
Einsum writes the output: the input through the identity, plus the black channel on the outline scaled by
(other colour - black) (a masked ReduceMax), so black there is 1 - count <= 0 and the colour count > 0.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver, corner_extent
from .._common_graph import first_last_lines
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

    def candidates(self, examples):
        marker = self.fit(examples)
        if marker is not None:
            yield self.name, self.build(marker, max(corner_extent(examples)))

    def build(self, marker, lines=30):
        """`lines`: the grids' largest side (the generator's bound): a line holds at most that many markers, so
        `first_last_lines` reads each axis's first and last marker line off two weighted sums where that fits
        float32's range (else ArgMaxes of the marker profile)."""
        g = Graph()
        ones = g.const(np.ones((1, 30), bool))
        factors = {}
        for tag, spec, term in (("row", "bkrc,k->br", "i"), ("col", "bkrc,k->bc", "j")):
            ends = first_last_lines(g, np.eye(10)[marker], term, lines, lines, f"marker_{tag}")
            if ends is not None:
                idx, step = np.arange(30, dtype=np.float32).reshape(1, 30), g.floats([1])
                first, last = ends
            else:
                idx, step = np.arange(30, dtype=np.int64).reshape(1, 30), g.ints([1])
                count = g.Einsum(g.input, g.floats(np.eye(10)[marker]), equation=spec, name=f"marker_{tag}s")
                present = g.Cast(g.Greater(count, g.floats(0.5)), to=2, name=f"has_marker_{tag}")
                first = g.ArgMax(present, axis=1, keepdims=0, name=f"first_{tag}")                 # [1]
                last = g.ArgMax(present, axis=1, keepdims=0, select_last_index=1, name=f"last_{tag}")
            inside = g.And(g.Greater(g.const(idx), first), g.Less(g.const(idx), last), name=f"in_box_{tag}s")
            edge = g.Or(g.Equal(g.const(idx), g.Add(first, step)), g.Equal(g.const(idx), g.Sub(last, step)),
                        name=f"edge_{tag}s")
            factors[tag] = (inside, g.And(inside, edge, name=f"outline_{tag}s"))
        rows = g.Cast(g.Concat(ones, factors["row"][1], factors["row"][0], axis=0), to=1, name="row_factors")
        cols = g.Cast(g.Concat(ones, factors["col"][0], factors["col"][1], axis=0), to=1, name="col_factors")
        keep = np.r_[0, np.ones(9)]
        keep[marker] = 0
        colour = g.Mul(g.ReduceMax(g.input, axes=[2, 3], keepdims=0), g.floats(keep.reshape(1, 10)),
                       name="other_colour")                                                 # [1,10]
        unblack = g.Add(colour, g.floats(-np.eye(1, 10)), name="black_to_colour")           # colour - black
        scales = g.Concat(g.floats(np.ones((1, 10))), unblack, axis=0, name="route_scales")  # [2,10]
        route = np.zeros((2, 10, 10), np.float32)       # y = 0: identity, 1: black -> every channel (scaled)
        route[0] = np.eye(10)
        route[1, 0] = 1
        terms = g.floats([[1, 0], [0, 1], [0, 1]])                        # [3 terms, 2 routes]
        return g.model(g.Einsum(g.input, rows, cols, terms, g.floats(route), scales,
                                equation="bkrc,ar,ac,ay,ykj,yj->bjrc"))
