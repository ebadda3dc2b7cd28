"""A one-row grid is laid along the anti-diagonals of an S x S square, S = W x (coloured
cells), its first cell at the bottom-left; every row up shifts it one cell right.

Cell (r, c) shows input column c + r + 1 - S. The row, as one-byte colour indices, is extended with 30
black cells on the left and "no colour" on the right; one Gather reads it at a row term plus a column term
(each sent past the row off the square), and one Equal decodes the one-byte square into the output.
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
        # the row as colour indices (a cell beyond the grid reads 0: black, as the square shows it)
        pick_row = np.zeros((1, 30), np.float32)
        pick_row[0, 0] = 1
        code = g.Einsum(g.input, g.floats(np.arange(10)), g.floats(pick_row), equation="bchw,c,xh->bxw",
                        name="row_code")                                                            # [1,1,30]
        code = g.Cast(code, to=2, name="row_u8")
        # ext: 30 black cells, the row, then "no colour" (255) for every cell off the square
        ext = g.Pad(code, g.ints([0, 0, 30, 0, 0, 0]), name="black_then_row")                       # [1,1,60]
        ext = g.Pad(ext, g.ints([0, 0, 0, 0, 0, _EXT - 60]), g.const(np.uint8(255)), name="row_ext")  # [1,1,EXT]
        per_colour = g.ReduceSum(g.input, axes=[0, 2, 3], keepdims=0, name="per_colour")   # [10]
        width = g.ReduceSum(per_colour, axes=[0], keepdims=0, name="width")
        coloured = g.Sub(width, g.Gather(per_colour, g.const(np.int64(0))), name="coloured")
        side = g.Cast(g.Mul(width, coloured, name="side"), to=6, name="side_i")
        r = np.arange(30, dtype=np.int32)
        off = g.const(np.int32(_OFF), name="off")
        # cell (r, c) reads ext[row_term[r] + col_term[c]]: r + c + 31 - S on the square, >= OFF off it
        row_term = g.Where(g.Less(g.const(r.reshape(30, 1), name="rows"), side, name="row_inside"),
                           g.Sub(g.const(r.reshape(30, 1) + 31, name="rows_31"), side, name="row_shift"), off,
                           name="row_term")
        col_term = g.Where(g.Less(g.const(r.reshape(1, 30), name="cols"), side, name="col_inside"),
                           g.const(r.reshape(1, 30), name="cols"), off, name="col_term")
        idx = g.Add(row_term, col_term, name="index")                                              # [30,30] int32
        square = g.Gather(ext, idx, axis=2, name="square")                                          # [1,1,30,30]
        return g.model(g.Equal(square, g.const(np.arange(10, dtype=np.uint8).reshape(1, 10, 1, 1), name="colours")))


_OFF = 64                   # past every index on the square (at most 59)
_EXT = 2 * _OFF + 1         # the largest index: both terms off the square
