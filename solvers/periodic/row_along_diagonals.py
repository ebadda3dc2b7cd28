"""A one-row grid is laid along the anti-diagonals of an S x S square, S = W x (coloured
cells), its first cell at the bottom-left; every row up shifts it one cell right.

Cell (r, c) shows input column c + r + 1 - S. One Gather on the input row, extended with a black
column on the left and a zero column on the right, writes the output; the indices come from two
small comparisons.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver


def diagonal_row(grid: np.ndarray) -> np.ndarray | None:
    if grid.shape[0] != 1:
        return None
    w, n = grid.shape[1], int((grid > 0).sum())
    s = w * n
    if n == 0 or s > 30:
        return None
    d = np.arange(s)[None, :] + np.arange(s)[:, None] + 1 - s
    return np.where((d >= 0) & (d < w), grid[0][np.clip(d, 0, w - 1)], 0)


class RowAlongDiagonals(Solver, name="row_along_diagonals", tasks=("task398",), refuses="task295",
                        aliases=("c5_diagonal_row",)):
    """One-row grid repeated along anti-diagonals of a square whose side is width x coloured cells."""

    def plans(self, examples):
        yield True

    def rule(self, plan, grid):
        return diagonal_row(grid)

    def build(self, plan):
        g = Graph()
        row = g.Gather(g.input, g.const(np.int64(0)), axis=2, name="row")                 # [1,10,30]
        black = g.floats(np.eye(10)[0].reshape(1, 10, 1))
        outside = g.Sub(g.floats(1.0), g.ReduceSum(row, axes=[1], keepdims=1), name="col_outside")  # [1,1,30]
        filled = g.Add(row, g.Mul(black, outside, name="black_fill"), name="row_filled")
        ext = g.Concat(black, filled, g.floats(np.zeros((1, 10, 1))), axis=2, name="row_ext")  # [1,10,32]
        per_colour = g.ReduceSum(g.input, axes=[0, 2, 3], keepdims=0, name="per_colour")   # [10]
        width = g.ReduceSum(per_colour, axes=[0], keepdims=0, name="width")
        coloured = g.Sub(width, g.Gather(per_colour, g.const(np.int64(0))), name="coloured")
        side = g.Mul(width, coloured, name="side")
        side_i = g.Cast(side, to=6, name="side_i")
        r = np.arange(30)
        shift = g.Sub(g.const((r[:, None] + r[None, :] + 2).astype(np.int32)), side_i, name="shift")
        shift = g.Max(shift, g.const(np.int32(0)), name="shift_clipped")
        inside = g.And(g.Less(g.floats(r.reshape(30, 1)), side), g.Less(g.floats(r.reshape(1, 30)), side),
                       name="inside")
        idx = g.Where(inside, shift, g.const(np.int32(31)), name="index")
        return g.model(g.Gather(ext, idx, axis=2))
