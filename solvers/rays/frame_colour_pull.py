"""Frame colour pull: a grid framed by four sides of four colours (black corners) holds loose pixels; a pixel of a
side's colour moves to the cell just inside that side in its own row or column, every other pixel vanishes.

Graph (one Einsum writes `output` from the input, no canvas-sized intermediate): the side colours are [1,10]
Einsums of the input with one-hot row/column weights (top = the cell (0, 1), left = (1, 0), bottom/right = the
non-black rest of column/row 1); the interior rows (columns) are where the left (top) colour stands in column
(row) 0, and the line n-2 is the one whose index equals their count; the pulled lines are the counts of each side
colour per column (row) inside the interior. Six rank-one terms, each colour move a mix of two [10,10] tables
(identity, all ones) with `output` read as > 0: the input itself, the interior turned black ((input + 1) times +1 on
black and -1 elsewhere), and per side three times its count on the side colour and minus the same on black.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import same_shape


def _sides(grid: np.ndarray):
    """(top, right, bottom, left) side colours, or None when the grid is not such a frame."""
    h, w = grid.shape
    if h < 5 or w < 5 or h > 30 or w > 30:
        return None
    top, bottom, left, right = grid[0, 1:-1], grid[-1, 1:-1], grid[1:-1, 0], grid[1:-1, -1]
    sides = []
    for side in (top, right, bottom, left):
        if len(set(side.tolist())) != 1 or side[0] == 0:
            return None
        sides.append(int(side[0]))
    if len(set(sides)) != 4 or grid[0, 0] or grid[0, -1] or grid[-1, 0] or grid[-1, -1]:
        return None
    ring = np.concatenate([grid[1, 1:-1], grid[-2, 1:-1], grid[1:-1, 1], grid[1:-1, -2]])
    if ring.any():       # pixels sit at least two cells inside; the inner ring is the landing strip
        return None
    return sides


class FrameColourPull(Solver, name="frame_colour_pull", tasks=("task340",), refuses="task001"):
    """Same-shape grids framed by four one-colour sides with black corners: each inner pixel that has a side's colour
    lands on the cell next to that side in its row or column (top/bottom: same column, left/right: same row); all
    other inner pixels are erased."""

    def plans(self, examples):
        if same_shape(examples):
            yield "frame"       # no parameters (a plan of None reads as no fit)

    def rule(self, plan, grid):
        sides = _sides(grid)
        if sides is None:
            return None
        top, right, bottom, left = sides
        out = grid.copy()
        inner = grid[1:-1, 1:-1]
        out[1:-1, 1:-1] = 0
        out[1, 1:-1][(inner == top).any(axis=0)] = top
        out[-2, 1:-1][(inner == bottom).any(axis=0)] = bottom
        out[1:-1, 1][(inner == left).any(axis=1)] = left
        out[1:-1, -2][(inner == right).any(axis=1)] = right
        return out

    def build(self, plan):
        g = Graph()
        e = np.eye(30, dtype=np.float32)
        e0, e1 = g.const(e[0], name="e0"), g.const(e[1], name="e1")
        nonblack = np.ones(10, np.float32)
        nonblack[0] = 0

        def colour(rows, cols, name, weight=None):      # [1, 10]: the colours on the given row/column mask
            if weight is None:
                return g.Einsum(g.input, rows, cols, equation="bkrc,r,c->bk", name=name)
            return g.Einsum(g.input, cols, weight, equation="bkrc,c,k->bk", name=name)

        top, left = colour(e0, e1, "top"), colour(e1, e0, "left")
        nb = g.const(nonblack, name="nonblack")
        bottom = g.Sub(colour(None, e1, "col1_ink", nb), top, name="bottom")
        right = g.Sub(g.Einsum(g.input, e1, nb, equation="bkrc,r,k->bk", name="row1_ink"), left, name="right")
        moved = np.zeros((6, 10), np.float32)         # a line's side colour, minus one on black
        moved[2:, 0] = 1
        first = np.ones((2, 10), np.float32)          # the input as it is; the interior: +1 on black, -1 elsewhere
        first[1, 1:] = -1
        colours = g.Sub(g.Concat(g.const(first, name="all"), top, bottom, left, right, axis=0,
                                 name="sides"), g.const(moved, name="black"), name="term_colours")      # [6, 10]
        # interior rows / columns: where the left (top) side's colour stands in column (row) 0
        inner_r = g.Einsum(g.input, left, e0, equation="bkrc,bk,c->br", name="inner_r")
        inner_c = g.Einsum(g.input, top, e0, equation="bkrc,bk,r->bc", name="inner_c")
        # pulled lines: how many inner pixels of each side's colour stand in each column (row)
        top_n = g.Einsum(g.input, top, inner_r, equation="bkrc,bk,br->bc", name="top_n")
        bottom_n = g.Einsum(g.input, bottom, inner_r, equation="bkrc,bk,br->bc", name="bottom_n")
        left_n = g.Einsum(g.input, left, inner_c, equation="bkrc,bk,bc->br", name="left_n")
        right_n = g.Einsum(g.input, right, inner_c, equation="bkrc,bk,bc->br", name="right_n")

        def before_last(inner, name):                    # [30]: 1 on line n - 2 (= the number of inner lines)
            count = g.ReduceSum(inner, axes=[1], keepdims=1, name=f"{name}_n")
            return g.Cast(g.Equal(g.const(np.arange(30, dtype=np.float32)[None], name="index"), count, name=f"{name}_b"),
                          to=1, name=name)

        row_last, col_last = before_last(inner_r, "row_last"), before_last(inner_c, "col_last")
        ones, e1row = g.const(np.ones((1, 30), np.float32), name="ones"), g.const(e[1:2], name="e1row")
        rowf = g.Concat(ones, inner_r, e1row, row_last, left_n, right_n, axis=0, name="rowf")     # [6, 30]
        colf = g.Concat(ones, inner_c, top_n, bottom_n, e1row, col_last, axis=0, name="colf")
        # each term's colour move is a mix of two tables, the identity and all ones (sum over k: 1 on a grid
        # cell), and output is read as > 0. Term 0: the input; term 1 on the interior: (input + 1) * (+1 on
        # black, -1 elsewhere), so black reads 3 there and a pixel 1 on black, <= -1 on its own colour;
        # terms 2-5: three times a line's count on its side's colour, minus the same on black
        mix = np.float32([[1, 0], [1, 1], [0, 3], [0, 3], [0, 3], [0, 3]])
        tables = np.stack([np.eye(10), np.ones((10, 10))]).astype(np.float32)
        return g.model(g.Einsum(g.input, g.const(mix, name="mix"), g.const(tables, name="moves"), rowf, colf,
                                colours, equation="bkrc,ja,akd,jr,jc,jd->bdrc"))
