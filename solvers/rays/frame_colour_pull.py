"""Frame colour pull: a grid framed by four sides of four colours (black corners) holds loose pixels; a pixel of a
side's colour moves to the cell just inside that side in its own row or column, every other pixel vanishes.

Graph (colour-index plane, no [1,10,30,30] intermediate): per-row and per-column colour counts (ReduceSum) give
the side colours (top = the cell (0, 1), left = (1, 0), bottom/right = what column/row 1 holds besides those and
black), which rows/columns carry a pixel of a side colour (count >= 2: the side's own cell plus the pixel), and
the grid's extent (a small Conv over the row/column occupancy gives the interior rows and the row h-2). One
Einsum over five rank-one terms draws the interior's colour-index plane (black + the four pulled lines); a Where
keeps the input's index plane on the frame and outside, and Equal against 1..10 writes the one-hot `output`.
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
        nonblack = np.ones(10, np.float32)
        nonblack[0] = 0
        nb = g.const(nonblack, name="nonblack")
        rowcount = g.ReduceSum(g.input, axes=[0, 3], keepdims=0, name="rowcount")       # [10, 30]
        colcount = g.ReduceSum(g.input, axes=[0, 2], keepdims=0, name="colcount")       # [10, 30]
        top = g.Reshape(g.Slice(g.input, g.ints([0, 1]), g.ints([1, 2]), g.ints([2, 3]), name="top_cell"),
                        g.ints([10]), name="top")
        left = g.Reshape(g.Slice(g.input, g.ints([1, 0]), g.ints([2, 1]), g.ints([2, 3]), name="left_cell"),
                         g.ints([10]), name="left")
        col1 = g.Reshape(g.Slice(colcount, g.ints([1]), g.ints([2]), g.ints([1]), name="col1"), g.ints([10]),
                         name="col1v")
        row1 = g.Reshape(g.Slice(rowcount, g.ints([1]), g.ints([2]), g.ints([1]), name="row1"), g.ints([10]),
                         name="row1v")
        bottom = g.Sub(g.Mul(col1, nb, name="col1nb"), top, name="bottom")
        right = g.Sub(g.Mul(row1, nb, name="row1nb"), left, name="right")
        one5 = g.const(np.float32(1.5), name="onehalf")

        def carrying(colour, counts, eq):            # [30] 0/1: lines of `counts` holding a pixel of `colour`
            n = g.Einsum(colour, counts, equation=eq, name="count")
            return g.Cast(g.Greater(n, one5), to=1, name="carry")

        topcols, botcols = carrying(top, colcount, "k,kc->c"), carrying(bottom, colcount, "k,kc->c")
        leftrows, rightrows = carrying(left, rowcount, "k,kr->r"), carrying(right, rowcount, "k,kr->r")

        # occupancy of rows / columns -> interior (1..n-2) and the line n-2, by one Conv over both
        occ = g.Concat(g.ReduceSum(rowcount, axes=[0], keepdims=1, name="rows_in"),
                       g.ReduceSum(colcount, axes=[0], keepdims=1, name="cols_in"), axis=0, name="occ")  # [2,30]
        occ = g.Cast(g.Cast(g.Greater(occ, g.const(np.float32(0.5), name="half")), to=9, name="occ_b"), to=1,
                     name="occ01")
        occ = g.Reshape(occ, g.ints([2, 1, 30]), name="occ3")
        w = np.zeros((2, 1, 4), np.float32)
        w[0, 0, 1] = 1                                # f[i+1]: i <= n-2
        w[1, 0, 1], w[1, 0, 2] = 1, -1                # f[i+1] - f[i+2]: i == n-2
        conv = g.Conv(occ, g.const(w, name="edge_w"), kernel_shape=[4], pads=[0, 3], name="edges")  # [2,2,30]
        from_one = np.ones((1, 1, 30), np.float32)
        from_one[..., 0] = 0
        inner = g.Mul(g.Slice(conv, g.ints([0]), g.ints([1]), g.ints([1]), name="upto"),
                      g.const(from_one, name="from1"), name="inner")                   # [2,1,30]: rows; cols
        last = g.Slice(conv, g.ints([1]), g.ints([2]), g.ints([1]), name="last")         # [2,1,30]
        inner_r = g.Reshape(g.Slice(inner, g.ints([0]), g.ints([1]), g.ints([0]), name="ir"), g.ints([30, 1]),
                            name="ir2")
        inner_c = g.Reshape(g.Slice(inner, g.ints([1]), g.ints([2]), g.ints([0]), name="ic"), g.ints([1, 30]),
                            name="ic2")
        inside = g.And(g.Cast(inner_r, to=9, name="ir_b"), g.Cast(inner_c, to=9, name="ic_b"), name="inside")
        last_r = g.Reshape(g.Slice(last, g.ints([0]), g.ints([1]), g.ints([0]), name="lr"), g.ints([30]),
                           name="last_r")
        last_c = g.Reshape(g.Slice(last, g.ints([1]), g.ints([2]), g.ints([0]), name="lc"), g.ints([30]),
                           name="last_c")

        e1 = np.zeros(30, np.float32)
        e1[1] = 1
        e1c, ones = g.const(e1, name="e1"), g.const(np.ones(30, np.float32), name="ones")
        rowf = g.Concat(*[g.Unsqueeze(v, axes=[0], name="u") for v in (e1c, last_r, leftrows, rightrows, ones)],
                        axis=0, name="rowf")                                           # [5, 30]
        colf = g.Concat(*[g.Unsqueeze(v, axes=[0], name="u") for v in (topcols, botcols, e1c, last_c, ones)],
                        axis=0, name="colf")
        idx = g.const(np.arange(10, dtype=np.float32), name="index")
        vals = g.Concat(*[g.Unsqueeze(g.Einsum(c, idx, equation="k,k->", name="cidx"), axes=[0], name="u")
                          for c in (top, bottom, left, right)], g.floats([1]), axis=0, name="vals")    # [5]
        plane = g.Einsum(vals, rowf, colf, equation="j,jr,jc->rc", name="plane")        # colour + 1
        index1 = g.const(np.arange(1, 11, dtype=np.float32), name="index1")
        given = g.Einsum(g.input, index1, equation="bkrc,k->brc", name="given")          # colour + 1, 0 outside
        answer = g.Where(inside, plane, given, name="answer")
        return g.model(g.Equal(answer, g.const(np.arange(1, 11, dtype=np.float32).reshape(1, 10, 1, 1),
                                               name="codes")))
