"""A one-row grid is laid along the anti-diagonals of an S x S square, S = W x (coloured
cells), its first cell at the bottom-left; every row up shifts it one cell right.

Cell (r, c) shows input column c + r + 1 - S. The row, as one-byte colour indices, is padded with 30
black cells on the left; one small Gather shifts it by S into the anti-diagonal line (entry k for r + c = k),
a second Gather with a constant index (r + c) spreads that line over the canvas (no [30,30] int32 index is
ever computed). Columns right of the square are set to "no colour"; rows below it are masked on the other
side of the final Equal, whose [1,10,30,1] colour table holds 254 there.
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
        # ext: 30 black cells, the row, then black again (every read past the row is off the square)
        ext = g.Pad(code, g.ints([0, 0, 30, 0, 0, _EXT - 60]), name="row_ext")                     # [1,1,EXT]
        per_colour = g.ReduceSum(g.input, axes=[0, 2, 3], keepdims=0, name="per_colour")   # [10]
        width = g.ReduceSum(per_colour, axes=[0], keepdims=0, name="width")
        coloured = g.Sub(width, g.Gather(per_colour, g.const(np.int64(0))), name="coloured")
        side = g.Cast(g.Mul(width, coloured, name="side"), to=6, name="side_i")
        # the anti-diagonal line: diag[k] shows every cell with r + c = k, i.e. ext[k + 31 - S]
        diag = g.Gather(ext, g.Sub(g.const(np.arange(59, dtype=np.int32) + 31, name="sums_31"), side,
                                   name="diag_index"), axis=2, name="diag")                          # [1,1,59]
        # a constant index (r + c) spreads it over the canvas; cells right of the square read "no colour"
        r = np.arange(30)
        spread = g.Gather(diag, g.const(r[:, None] + r[None, :], name="sums"), axis=2, name="spread")                          # [1,1,30,30]
        col_inside = g.Less(g.const(r.reshape(1, 1, 1, 30).astype(np.int32), name="cols"), side,
                            name="col_inside")
        square = g.Where(col_inside, spread, g.const(np.uint8(255), name="no_colour"), name="square")
        # rows below the square compare against 254, which no cell holds
        row_inside = g.Less(g.const(r.reshape(1, 1, 30, 1).astype(np.int32), name="rows"), side,
                            name="row_inside")
        colours = g.Where(row_inside, g.const(np.arange(10, dtype=np.uint8).reshape(1, 10, 1, 1), name="colours"),
                          g.const(np.uint8(254), name="off_rows"), name="row_colours")             # [1,10,30,1]
        return g.model(g.Equal(square, colours))


_EXT = 90                   # the largest read: 58 + 31 - 1 (a side of 1)
