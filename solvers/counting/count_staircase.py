"""Count staircase: each colour's cell count n becomes a right-aligned bar of length n on row H-1-(W-n): bars
stack by length into a staircase whose full-width bar sits on the bottom row.

Per colour a row indicator (i == H-1-W+n) and a column indicator (W-n <= j < W) from the colour counts
and the grid's extent, as bools over all ten channels at once (channel 0 takes n = W and rows from 0: the
whole grid); one Einsum crosses them (background = grid - bars).
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
        ch0 = np.zeros((1, 10), bool)
        ch0[0, 0] = True
        # channel 0 stands for the whole grid: its "count" is the width, so its bar is every row up to H-1
        # and every column from 0
        n = g.Where(g.const(ch0, name="ch0"), w,
                    g.Einsum(g.input, equation="zcij->zc", name="colour_cells"), name="bar_length")  # [1,10]
        row = g.Add(g.Sub(g.Sub(h, f(1, "one"), name="last_row"), w, name="base_row"), n, name="bar_row")
        low = g.Mul(row, f(~ch0, "not_ch0"), name="bar_top")
        ar3 = f(ar.reshape(1, 1, 30), "ar")
        at_row = g.And(g.GreaterOrEqual(ar3, g.Unsqueeze(low, axes=[2], name="bar_top3"), name="below_top"),
                       g.LessOrEqual(ar3, g.Unsqueeze(row, axes=[2], name="bar_row3"), name="above_row"),
                       name="row_b")                                                     # [1,10,30]
        start = g.Unsqueeze(g.Sub(w, n, name="bar_start"), axes=[2], name="bar_start3")
        at_col = g.And(g.GreaterOrEqual(ar3, start, name="col_from"),
                       g.Cast(g.Unsqueeze(colin, axes=[1], name="colin3"), to=TensorProto.BOOL, name="colin_b"),
                       name="col_b")
        rows = g.Cast(at_row, to=TensorProto.FLOAT, name="rows")
        cols = g.Cast(at_col, to=TensorProto.FLOAT, name="cols")
        mix = np.eye(10, dtype=np.float32)
        mix[1:, 0] = -1
        return g.model(g.Einsum(rows, f(mix, "mix"), cols, equation="zki,kd,zkj->zdij"))
