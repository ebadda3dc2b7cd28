"""Two single-cell seeds A (first) and B along the grid's longer axis start a periodic run of full lines:
A's line at a, a+2d, ..., B's at a+d, a+3d, ... (d = their distance), up to the edge.

The seeds' lines along the longer axis are the smallest and largest per-colour line (one cell a colour), and
their colours the colours on them; a [3,30] pattern (1, A's lines, B's lines: a Mod of the line index by
2d) meets a [3,10] colour table (background, A, B) in one Einsum whose five terms (background; A and B across
wide grids; A and B down tall ones) are weighted by the grid's orientation, times the input summed over colours
(1 inside the grid), so nothing marks the grid's extent.
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
        ink = (np.arange(10) > 0).astype(np.float32)
        # the grid's width and height: its first row's and first column's cells
        first = f(np.eye(30)[0], "first_line")
        wide = g.Greater(g.Einsum(g.input, first, equation="bcij,i->", name="width"),
                         g.Einsum(g.input, first, equation="bcij,j->", name="height"), name="wide")
        # each colour's seed line along the longer axis, counted from 1 (x1 = line + 1; 0 absent or background):
        # the seeds a < b are the larger of the two and their sum less it; -1 marks the background (A's colour
        # matches a, B's b)
        x1 = f(np.arange(1, 31), "line_plus_one")
        col_pos = g.Einsum(g.input, f(ink, "ink"), x1, equation="bcij,c,j->c", name="col_pos")
        row_pos = g.Einsum(g.input, f(ink, "ink"), x1, equation="bcij,c,i->c", name="row_pos")
        seed_pos = g.Where(wide, col_pos, row_pos, name="seed_pos")                               # [10]
        b = g.ReduceMax(seed_pos, keepdims=1, name="second_seed")
        a = g.Sub(g.ReduceSum(seed_pos, keepdims=1, name="seed_pos_sum"), b, name="first_seed")     # two seeds
        pos = g.Add(seed_pos, f(-np.eye(10)[0], "minus_bg"), name="seed_pos_bg")
        targets = g.Concat(f([-1], "bg_target"), a, b, axis=0, name="targets")
        term_colours = g.Cast(g.Equal(pos, g.Unsqueeze(targets, axes=[1], name="targets_c"), name="is_term"),
                              to=TensorProto.FLOAT, name="term_colours")                       # [3,10]: bg, A, B
        # the line pattern: 1; A's lines (x1 = a mod 2d, from a on); B's (x1 = b mod 2d, from a on)
        d = g.Sub(b, a, name="distance")
        period = g.Add(d, d, name="period")
        phases = g.Unsqueeze(g.Mod(g.Concat(a, b, axis=0, name="seeds"), period, fmod=1, name="seed_phases"),
                             axes=[1], name="seed_phases_c")                                       # [2,1]
        hits = g.And(g.Equal(g.Mod(x1, period, fmod=1, name="phase"), phases, name="at_phase"),
                     g.GreaterOrEqual(x1, a, name="after_a"), name="on_lines")                      # [2,30]
        pattern = g.Cast(g.Concat(g.const(np.ones((1, 30), bool), name="all_lines"), hits, axis=0,
                                  name="pattern_b"), to=TensorProto.FLOAT, name="pattern")          # [3,30]
        # terms t: background (1 x 1), A and B wide (1 x pattern), A and B tall (pattern x 1), weighted by the
        # grid's orientation; the input summed over colours (1 inside the grid) bounds them
        weights = g.Where(wide, f([1, 1, 1, 0, 0], "wide_terms"), f([1, 0, 0, 1, 1], "tall_terms"),
                          name="term_weights")
        colour_of = np.array([[1, 0, 0], [-1, 1, 0], [-1, 0, 1], [-1, 1, 0], [-1, 0, 1]], np.float32)
        row_of = np.eye(3, dtype=np.float32)[[0, 0, 0, 1, 2]]
        col_of = np.eye(3, dtype=np.float32)[[0, 1, 2, 0, 0]]
        return g.model(g.Einsum(g.input, weights, f(colour_of, "colour_of"), term_colours, f(row_of, "row_of"),
                                pattern, f(col_of, "col_of"), pattern,
                                equation="bdij,t,tk,kc,ts,si,tr,rj->bcij"))
