"""Count staircase: each colour's cell count n becomes a right-aligned bar of length n on row H-1-(W-n): bars
stack by length into a staircase whose full-width bar sits on the bottom row.

Per colour a row indicator (i == H-1-W+n) and a column indicator (W-n <= j < W) from the colour counts
and the grid's extent; one Einsum crosses them (background = grid - bars).
"""
from __future__ import annotations

import numpy as np
from onnx import TensorProto

from neurogolf.graph import Graph

from .. import Solver


def staircase(grid):
    h, w = grid.shape
    out = np.zeros_like(grid)
    for c in range(1, 10):
        n = int((grid == c).sum())
        if n == 0:
            continue
        r = h - 1 - w + n
        if r < 0 or n > w or out[r].any():
            return None
        out[r, w - n:] = c
    return out


class CountStaircase(Solver, name="count_staircase", tasks=("task301",), refuses="task197",
                     aliases=("c4_staircase",)):
    """Each colour's cell count becomes a right-aligned bar; bars stack by length into a staircase ending in a
    full-width bottom row."""

    def plans(self, examples):
        if all(i.shape == o.shape for i, o in examples) and any((i != o).any() for i, o in examples):
            yield True

    def rule(self, plan, grid):
        return staircase(grid)

    def build(self, plan):
        g = Graph()
        f = lambda v, name: g.const(np.asarray(v, np.float32), name=name)
        ar = np.arange(30, dtype=np.float32)
        rowin = g.ReduceMax(g.input, axes=[1, 3], keepdims=0, name="row_in_grid")            # [1,30]
        colin = g.ReduceMax(g.input, axes=[1, 2], keepdims=0, name="col_in_grid")
        h = g.ReduceSum(rowin, axes=[1], keepdims=1, name="height")
        w = g.ReduceSum(colin, axes=[1], keepdims=1, name="width")
        n = g.Einsum(g.input, equation="zcij->zc", name="colour_cells")                         # [1,10]
        row = g.Add(g.Sub(g.Sub(h, f(1, "one"), name="last_row"), w, name="base_row"), n, name="bar_row")
        at_row = g.Cast(g.Equal(f(ar, "ar"), g.Unsqueeze(row, axes=[2], name="bar_row3"), name="row_b"),
                        to=TensorProto.FLOAT, name="bar_rows")                                 # [1,10,30]
        start = g.Unsqueeze(g.Sub(w, n, name="bar_start"), axes=[2], name="bar_start3")
        at_col = g.Cast(g.GreaterOrEqual(f(ar, "ar"), start, name="col_b"), to=TensorProto.FLOAT,
                        name="bar_from")
        at_col = g.Mul(at_col, g.Unsqueeze(colin, axes=[1], name="colin3"), name="bar_cols")
        # channel 0 term: the grid itself
        rows = g.Concat(g.Unsqueeze(rowin, axes=[1], name="grid_rows"),
                        g.Slice(at_row, g.ints([1]), g.ints([10]), g.ints([1]), name="ink_rows"), axis=1,
                        name="rows")
        mix = np.eye(10, dtype=np.float32)
        mix[1:, 0] = -1
        cols = g.Concat(g.Unsqueeze(colin, axes=[1], name="grid_cols"),
                        g.Slice(at_col, g.ints([1]), g.ints([10]), g.ints([1]), name="ink_cols"), axis=1,
                        name="cols")
        return g.model(g.Einsum(rows, f(mix, "mix"), cols, equation="zki,kd,zkj->zdij"))
