"""Odd quadrant: the grid is split in half both ways (optionally by a one-cell separator line); the
output is the quadrant holding the cell whose colour occurs exactly once.

Graph: per-colour counts pick the unique colour, a 1x1 Conv with those run-time weights marks its
cell, ArgMax finds its row and column, and one Einsum with two computed 0/1 selection matrices
crops the quadrant straight into the output."""
from __future__ import annotations

import numpy as np
from onnx import TensorProto

from neurogolf.graph import Graph

from .. import Solver
from .._common_graph import last_index
from .._common_grids import N
from ._once import once_colours


def odd_quadrant(grid: np.ndarray, gap: int) -> np.ndarray | None:
    H, W = grid.shape
    if (H - gap) % 2 or (W - gap) % 2 or H < 2 + gap or W < 2 + gap:
        return None
    cnt = np.bincount(grid.ravel(), minlength=10)
    cells = np.argwhere(np.isin(grid, [c for c in range(10) if cnt[c] == 1]))
    if len(cells) != 1:
        return None
    (r, c), h, w = cells[0], (H - gap) // 2, (W - gap) // 2
    r0, c0 = (h + gap if r >= h else 0), (w + gap if c >= w else 0)
    return grid[r0:r0 + h, c0:c0 + w]


class OddQuadrant(Solver, name="odd_quadrant", tasks=("task065",), refuses="task178", aliases=("c3_oddquadrant",)):
    """Grid split in four quadrants (halves both ways, maybe by separator lines); output = the quadrant containing the
    one cell whose colour occurs only once."""

    def plans(self, examples):
        yield from (1, 0)

    def rule(self, gap, grid):
        return odd_quadrant(grid, gap)

    def build(self, gap):
        g = Graph()
        once = once_colours(g)
        cell = g.Conv(g.input, once, name="odd_cell")
        k = g.const(np.arange(N, dtype=np.int64), name="arange")
        gap_c = g.const(np.array([gap], np.int64), name="gap")
        selectors = []
        for axis, label in ((2, "row"), (3, "col")):
            where = g.ArgMax(g.ReduceMax(cell, axes=[5 - axis], keepdims=0, name=f"odd_{label}s"),
                             axis=2, keepdims=0, name=f"odd_{label}")           # [1, 1]
            extent = g.Add(last_index(g, axis), g.ints([1], name="one_i"), name=f"{label}_extent")
            half = g.Div(g.Sub(extent, gap_c, name=f"{label}_span"), g.ints([2], name="two"), name=f"{label}_half")
            second = g.Cast(g.Not(g.Less(where, half, name=f"{label}_first"), name=f"{label}_second"),
                            to=TensorProto.INT64, name=f"{label}_second_i")
            start = g.Mul(second, g.Add(half, gap_c, name=f"{label}_next"), name=f"{label}_start")
            source = g.Add(g.Unsqueeze(k, axes=[1], name="slots"), start, name=f"{label}_source")  # [30,1]
            pick = g.Equal(source, k, name=f"{label}_pick")                                         # [30,30]
            keep = g.Unsqueeze(g.Less(k, half, name=f"{label}_kept"), axes=[1], name=f"{label}_kept_col")
            selectors.append(g.Cast(g.And(pick, keep, name=f"{label}_select"), to=TensorProto.FLOAT,
                                    name=f"{label}_select_f"))
        return g.model(g.Einsum(selectors[0], g.input, selectors[1], equation="ir,bcrs,js->bcij"))
