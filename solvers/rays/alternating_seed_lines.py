"""Two single-cell seeds A (first) and B along the grid's longer axis start a periodic run of full lines:
A's line at a, a+2d, ..., B's at a+d, a+3d, ... (d = their distance), up to the edge.

Seed positions come from per-colour moments; a [3 terms x 30] line pattern (A lines, B lines, background;
one float16 OneHot of each line's term, 100 off the grid)
and a [3 x 30] row and column factor each (the pattern on the line axis, the grid's extent on the other,
chosen by a Where on which axis is longer) meet in one Einsum that writes the output.
"""
from __future__ import annotations

import numpy as np
from onnx import TensorProto

from neurogolf.graph import Graph

from ._parameter_free import ParameterFree


def lines(grid):
    """None for square grids (no longer axis) and for seeds of one colour (their moments would add up)."""
    h, w = grid.shape
    seeds = np.argwhere(grid)
    if h == w or len(seeds) != 2 or grid[tuple(seeds[0])] == grid[tuple(seeds[1])]:
        return None
    g = grid if w > h else grid.T
    (r1, c1), (r2, c2) = np.argwhere(g)
    if c1 == c2:
        return None
    if c1 > c2:
        (r1, c1), (r2, c2) = (r2, c2), (r1, c1)
    out = np.zeros_like(g)
    d = c2 - c1
    for k in range(c1, g.shape[1]):
        m = (k - c1) % (2 * d)
        out[:, k] = g[r1, c1] if m == 0 else g[r2, c2] if m == d else 0
    return out if w > h else out.T


class AlternatingSeedLines(ParameterFree, name="alternating_seed_lines", tasks=("task013",), refuses="task297",
                           aliases=("c4_seedlines", "c3_seedstripes2")):
    """Two single-cell seeds start alternating full lines across the grid's longer axis, period twice their distance,
    from the first seed to the edge."""

    draw = staticmethod(lines)

    def build(self, plan):
        g = Graph()
        f = lambda v, name: g.const(np.asarray(v, np.float32), name=name)
        h = lambda v, name: g.const(np.asarray(v, np.float16), name=name)
        first_line = f(np.eye(30)[:1], "first_line")                                     # [1,30]
        # in-grid lines: the cells of the first column (rows) and of the first row (columns)
        rowin = g.Einsum(g.input, first_line, equation="bcij,kj->bki", name="row_in_grid")   # [1,1,30]
        colin = g.Einsum(g.input, first_line, equation="bcij,ki->bkj", name="col_in_grid")
        wide = g.Greater(g.ReduceSum(colin, axes=[1, 2], keepdims=0, name="width"),
                         g.ReduceSum(rowin, axes=[1, 2], keepdims=0, name="height"), name="wide")  # [1]
        ink = f((np.arange(10) > 0).astype(np.float32), "ink_channels")
        t = np.arange(30, dtype=np.float32)
        # along the line axis: where each colour's seed sits (0 if absent) and whether it is present
        pos_col = g.Einsum(g.input, f(t.reshape(1, 1, 30), "t3"), ink, equation="bcij,zyj,c->bc", name="seed_col")
        pos_row = g.Einsum(g.input, f(t.reshape(1, 1, 30), "t3"), ink, equation="bcij,zyi,c->bc", name="seed_row")
        pos = g.Where(wide, pos_col, pos_row, name="seed_pos")
        present = g.Einsum(g.input, ink, equation="bcij,c->bc", name="present")
        far = g.Add(pos, g.Mul(g.Sub(f(1, "one"), present, name="absent"), f(100, "far"), name="absent_far"),
                    name="seed_pos_or_far")
        a = g.ReduceMin(far, axes=[1], keepdims=1, name="first_seed")
        b = g.ReduceMax(pos, axes=[1], keepdims=1, name="second_seed")
        d = g.Sub(b, a, name="distance")
        col_a = g.Cast(g.Equal(far, a, name="is_a"), to=TensorProto.FLOAT, name="colour_a")
        col_b = g.Cast(g.And(g.Equal(pos, b, name="at_b"), g.Cast(present, to=TensorProto.BOOL, name="here"),
                             name="is_b"), to=TensorProto.FLOAT, name="colour_b")
        e0 = g.Unsqueeze(f(np.eye(10)[0], "e0"), axes=[0], name="background")
        colours = g.Concat(*[g.Unsqueeze(x, axes=[1], name=f"{x}_k") for x in (col_a, col_b)],
                           g.Unsqueeze(e0, axes=[1], name="bg_k"), axis=1, name="term_colours")   # [1,3,10]
        colours = g.Cast(colours, to=TensorProto.FLOAT16, name="term_colours_f16")
        ta = g.Sub(f(t.reshape(1, 1, 30), "t3"), a, name="from_a")                        # [1,1,30]
        phase = g.Mod(ta, g.Add(d, d, name="period"), fmod=1, name="phase")
        inside = g.Cast(g.Where(wide, colin, rowin, name="line_axis_in_grid"), to=TensorProto.BOOL, name="in_grid")
        on = g.And(g.GreaterOrEqual(ta, f(0, "zero"), name="after_a"), inside, name="on_axis")
        # the term of each line: 0 A, 1 B, 2 the rest of the grid, 100 off it (OneHot: no term)
        term = g.Where(inside, h(2, "rest"), h(100, "off_grid"), name="rest_or_off")
        term = g.Where(g.And(on, g.Equal(phase, d), name="b_line"), h(1, "b_term"), term, name="b_or_rest")
        term = g.Where(g.And(on, g.Equal(phase, f(0, "zero")), name="a_line"), h(0, "a_term"), term,
                       name="line_term")
        terms = g.OneHot(term, f(3, "three"), h([0, 1], "off_on"), axis=1, name="term_lines")     # [1,3,1,30]
        rowin, colin = (g.Cast(x, to=TensorProto.FLOAT16, name=f"{x}_f16") for x in (rowin, colin))
        # wide: out[c,i,j] = L[c,j] rowin[i]; tall: out[c,i,j] = L[c,i] colin[j] (L = colours x terms)
        rowf = g.Where(wide, rowin, terms, name="row_factor")                             # [1,3,1,30]
        colf = g.Where(wide, terms, colin, name="col_factor")
        return g.model(g.Einsum(colours, rowf, colf, equation="bkc,bkyi,bkxj->bcij"))
