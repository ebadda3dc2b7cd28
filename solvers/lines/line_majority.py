"""Line majority: every row (or every column) of the grid is repainted in its most frequent colour, as when
noise is scrubbed off a grid of stripes. The direction is fixed, or chosen per grid: rows when the row
maxima add up to more than the column maxima (the stripes run along the lines whose majority explains
more cells).

Graph: per-line colour counts (ReduceSum over one axis, [1,10,30,1] and [1,10,1,30]) and their maxima
over colours; a line's colours are count >= its need: the maximum along the chosen direction, -1 across
it, 31 outside the grid (the direction picks the needs, [1,1,30,1] and [1,1,1,30]); one broadcasting And of
the two GreaterOrEqual bools ([1,10,30,1] and [1,10,1,30]) writes `output`.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import N, same_shape


def _majorities(grid, axis):
    """Per line along `axis` (0: rows, 1: columns): (the line's top count, the colours reaching it)."""
    counts = np.stack([(grid == c).sum(axis=1 - axis) for c in range(10)])        # [10, lines]
    top = counts.max(0)
    return top, counts == top


class LineMajority(Solver, name="line_majority", tasks=("task359",), refuses="task243"):
    """Same-shape grids where every row (or every column; or whichever direction's majorities explain more cells) is
    repainted in its most frequent colour."""

    def plans(self, examples):
        """"rows", "cols" (one graph direction), then "auto" (per grid)."""
        if same_shape(examples) and any((i != o).any() for i, o in examples):
            yield from ("rows", "cols", "auto")

    def rule(self, plan, grid):
        rtop, rhot = _majorities(grid, 0)
        ctop, chot = _majorities(grid, 1)
        rows = plan == "rows" or (plan == "auto" and rtop.sum() > ctop.sum())
        hot = rhot if rows else chot
        if (hot.sum(0) != 1).any():
            return None                 # a tie: the graph would paint two colours
        colour = hot.argmax(0)
        return np.repeat(colour[:, None], grid.shape[1], 1) if rows else \
            np.repeat(colour[None, :], grid.shape[0], 0)

    def build(self, plan):
        g = Graph()
        rc = g.ReduceSum(g.input, axes=[3], keepdims=1, name="row_counts")           # [1,10,30,1]
        cc = g.ReduceSum(g.input, axes=[2], keepdims=1, name="col_counts")           # [1,10,1,30]
        rm = g.ReduceMax(rc, axes=[1], keepdims=1, name="row_top")                   # [1,1,30,1]
        cm = g.ReduceMax(cc, axes=[1], keepdims=1, name="col_top")
        zero = g.const(np.float32(0), name="zero")
        inh = g.Greater(rm, zero, name="row_inside")
        inw = g.Greater(cm, zero, name="col_inside")
        if plan == "rows":
            by_rows = g.const(np.array(True), name="rows_plan")
        elif plan == "cols":
            by_rows = g.const(np.array(False), name="cols_plan")
        else:
            by_rows = g.Greater(g.ReduceSum(rm, keepdims=0, name="row_score"),
                                g.ReduceSum(cm, keepdims=0, name="col_score"), name="by_rows")
        # per line, the count a colour must reach: its maximum along the chosen direction, -1 (any colour)
        # across it, more than any count outside the grid; one GreaterOrEqual per direction is then the line's
        # colours, and their broadcasting And writes `output`
        anything, nothing = g.const(np.float32(-1), name="anything"), g.const(np.float32(N + 1), name="nothing")
        row_need = g.Where(inh, g.Where(by_rows, rm, anything, name="row_need_in"), nothing, name="row_need")
        col_need = g.Where(inw, g.Where(by_rows, anything, cm, name="col_need_in"), nothing, name="col_need")
        return g.model(g.And(g.GreaterOrEqual(rc, row_need, name="row_colour"),
                             g.GreaterOrEqual(cc, col_need, name="col_colour")))
