"""Border key lines: the one colour that lives only on the grid's border marks lines: a row whose two end
cells both have it, or a column whose top and bottom cells both have it, becomes a full line of that
colour; everything else is cleared to background.

The key colour is the present colour with no interior cell (an Einsum against the run-time interior
mask). Each row's (column's) two end cells are read with one-hot first / last index vectors; the
per-cell code (0 outside, 1 background, k+1 line) is a broadcast of row and column flags, and one
Equal against the channel codes writes the bool output.
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
        h = g.ReduceSum(g.ReduceMax(g.input, axes=[0, 1, 3], keepdims=0, name="row_any"), keepdims=0, name="height")
        w = g.ReduceSum(g.ReduceMax(g.input, axes=[0, 1, 2], keepdims=0, name="col_any"), keepdims=0, name="width")
        last_r = g.Cast(g.Equal(index, g.Sub(h, one, name="h_last"), name="is_last_row_b"), to=1, name="is_last_row")
        last_c = g.Cast(g.Equal(index, g.Sub(w, one, name="w_last"), name="is_last_col_b"), to=1, name="is_last_col")
        first = np.zeros(30, np.float32)
        first[0] = 1
        first = g.const(first, name="is_first")
        # interior lines: not first, not last, inside
        in_r = g.Sub(g.Sub(g.Cast(g.Less(index, h, name="row_in_b"), to=1, name="row_in"), first, name="row_not_first"),
                     last_r, name="row_interior")
        in_c = g.Sub(g.Sub(g.Cast(g.Less(index, w, name="col_in_b"), to=1, name="col_in"), first, name="col_not_first"),
                     last_c, name="col_interior")
        interior = g.Einsum(g.input, in_r, in_c, equation="bchw,h,w->c", name="interior_cells")        # [10]
        present = g.ReduceMax(g.input, axes=[0, 2, 3], keepdims=0, name="present")                     # [10]
        fg = np.ones(10, np.float32)
        fg[0] = 0
        key = g.Mul(g.Mul(present, g.Cast(g.Equal(interior, g.const(np.float32(0)), name="border_only_b"), to=1,
                                          name="border_only"), name="key_any"), g.const(fg, name="fg"),
                    name="key")                                                                      # [10] one-hot
        k = g.ReduceSum(g.Mul(key, g.const(np.arange(10, dtype=np.float32), name="colour_no"), name="key_terms"),
                        keepdims=0, name="key_colour")
        row_first = g.Einsum(g.input, key, first, equation="bchw,c,w->h", name="row_first")
        row_last = g.Einsum(g.input, key, last_c, equation="bchw,c,w->h", name="row_last")
        col_first = g.Einsum(g.input, key, first, equation="bchw,c,h->w", name="col_first")
        col_last = g.Einsum(g.input, key, last_r, equation="bchw,c,h->w", name="col_last")
        # per line: code 1 (background) or k + 1 (line); a cell takes the larger of its row's and column's
        row_code = g.Add(one, g.Mul(g.Mul(row_first, row_last, name="row_line"), k, name="row_k"), name="row_code")
        col_code = g.Add(one, g.Mul(g.Mul(col_first, col_last, name="col_line"), k, name="col_k"), name="col_code")
        code = g.Max(g.Unsqueeze(row_code, axes=[1], name="row_code_col"), col_code, name="code_in")   # [30,30]
        inside = g.And(g.Unsqueeze(g.Less(index, h, name="r_in"), axes=[1], name="r_in_col"),
                       g.Less(index, w, name="c_in"), name="inside")
        code = g.Where(inside, code, g.const(np.float32(0)), name="code")
        channel = g.const(np.arange(1, 11, dtype=np.float32).reshape(1, 10, 1, 1), name="channel_code")
        return g.model(g.Equal(code, channel))
