"""Border key lines: the one colour that lives only on the grid's border marks lines: a row whose two end
cells both have it, or a column whose top and bottom cells both have it, becomes a full line of that
colour; everything else is cleared to background.

The key colour is the present colour with no interior cell (an Einsum against the run-time interior
mask). Each row's (column's) two end cells are read with one-hot first / last index vectors, both in one
Einsum that reads the input twice; one Einsum
of the row factors (in grid, line), the column factors and the paints (key, background) writes `output`
(row or column line: key; else background in the grid; 0 off it).
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import same_shape


def key_colour(grid):
    inner = grid[1:-1, 1:-1]
    keys = [k for k in range(1, 10) if (grid == k).any() and not (inner == k).any()]
    return keys[0] if len(keys) == 1 else None


def end_lines(grid):
    if min(grid.shape) < 2:
        return None          # one line is its own first and last: the graph counts it as less than no line
    k = key_colour(grid)
    if k is None:
        return None
    out = np.zeros_like(grid)
    rows = (grid[:, 0] == k) & (grid[:, -1] == k)
    cols = (grid[0] == k) & (grid[-1] == k)
    out[rows] = k
    out[:, cols] = k
    return out


class BorderKeyLines(Solver, name="border_key_lines", tasks=("task161",), refuses="task041",
                     aliases=("c2_end_lines",)):
    """The one colour found only on the border marks lines: rows (columns) whose two end cells have it become full
    lines of it; everything else is cleared."""

    def plans(self, examples):
        if same_shape(examples) and not all(np.array_equal(i, o) for i, o in examples):
            yield True

    def rule(self, plan, grid):
        return end_lines(grid)

    def build(self, plan):
        g = Graph()
        one = g.const(np.float32(1))
        index = g.const(np.arange(30, dtype=np.float32), name="index")
        not_first = np.ones(30, np.float32)
        not_first[0] = 0
        not_first = g.const(not_first, name="not_first")
        first = np.zeros((30, 1, 1), np.float32)
        first[0] = 1
        first = g.const(first, name="is_first")
        rows = g.ReduceMax(g.input, axes=[1, 3], keepdims=1, name="row_in")                        # [1,1,30,1]
        cols = g.ReduceMax(g.input, axes=[1, 2], keepdims=1, name="col_in")                        # [1,1,1,30]
        h_last = g.Sub(g.ReduceSum(rows, axes=[2, 3], keepdims=0, name="height"), one, name="h_last")   # [1,1]
        w_last = g.Sub(g.ReduceSum(cols, axes=[2, 3], keepdims=0, name="width"), one, name="w_last")
        before_r = g.Cast(g.Less(index, h_last, name="before_last_row_b"), to=1, name="before_last_row")  # [1,30]
        before_c = g.Cast(g.Less(index, w_last, name="before_last_col_b"), to=1, name="before_last_col")
        interior = g.Einsum(g.input, before_r, before_c, not_first, not_first, equation="bchw,bh,bw,h,w->bc",
                            name="interior_cells")                                                  # [1,10]
        present = g.ReduceMax(g.input, axes=[2, 3], keepdims=0, name="present")                    # [1,10]
        fg = np.ones((1, 1, 10), np.float32)
        fg[0, 0, 0] = 0
        # present and no interior cell: 1 - count <= 0 elsewhere; background is never the key
        key = g.Mul(g.Relu(g.Sub(present, interior, name="border_only_score"), name="border_only"),
                    g.const(fg, name="fg"), name="key")                                             # [1,1,10]
        depth, off_on = g.floats(30.0, name="depth"), g.floats([0.0, 1.0], name="off_on")
        last_r = g.OneHot(h_last, depth, off_on, name="is_last_row")                                # [1,1,30]
        last_c = g.OneHot(w_last, depth, off_on, name="is_last_col")
        # a line's two end cells both the key: one Einsum reads the input twice (first and last cell)
        row_line = g.Einsum(g.input, key, first, g.input, key, last_c, equation="bchw,bzc,wzy,bdhv,bzd,bzv->bzhy",
                            name="row_line")                                                        # [1,1,30,1]
        col_line = g.Einsum(g.input, key, first, g.input, key, last_r, equation="bchw,bzc,hzy,bdvw,bzd,bzv->bzyw",
                            name="col_line")                                                        # [1,1,1,30]
        row_terms = g.Concat(rows, row_line, axis=1, name="row_terms")                             # [1,2,30,1]
        col_terms = g.Concat(cols, col_line, axis=1, name="col_terms")                             # [1,2,1,30]
        bg = np.zeros((1, 1, 10), np.float32)
        bg[0, 0, 0] = 1
        paints = g.Concat(key, g.const(bg, name="background"), axis=1, name="paints")              # [1,2,10]
        # [row term (in grid, line), column term (in grid, line), paint (key, background)]: in the grid
        # background scores 1; a row or column line scores key 1 (2 where both) and background -1 (-3)
        w = np.zeros((2, 2, 2), np.float32)
        w[0, 0, 1] = 1
        w[1, 0] = w[0, 1] = (1, -2)
        return g.model(g.Einsum(row_terms, col_terms, g.const(w, name="line_table"), paints,
                                equation="bsiy,btzj,stu,bud->bdij"))
