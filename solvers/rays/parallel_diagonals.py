"""A diagonal line with staircase triangles of a marker colour on either side; each
triangle is replaced by a parallel copy of the line one diagonal beyond the triangle's tip.

Everything is measured in diagonal units: key = r-c for a main diagonal (r+c for an anti one; the
line's variance in r-c decides), rel = key - the line's key. The triangle tip on each side is a
ReduceMax/ReduceMin of marker * rel, and the new lines are Equal tests of rel against tip +- 2
(1000 when a side has no triangle). The line colour, read from the per-colour counts, is the code of
every line cell; the padded uint8 code map meets each channel's code in the last op.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import fixed_shape, same_shape
from ._graphs import channel, decode_canvas

GAP = 2
NONE = 1000.0


def parallel_lines(grid, marker):
    r, c = np.indices(grid.shape)
    colours = set(np.unique(grid).tolist()) - {0, marker}
    if len(colours) != 1:
        return None
    colour = colours.pop()
    line, mark = grid == colour, grid == marker
    pr, pc = np.nonzero(line)
    if len(set((pr - pc).tolist())) == 1:
        key = r - c
    elif len(set((pr + pc).tolist())) == 1:
        key = r + c
    else:
        return None
    rel = key - key[line][0]
    out = np.where(rel == 0, colour, 0)
    for sign in (1, -1):
        side = mark & (sign * rel > 0)
        if side.any():
            out[rel == sign * ((sign * rel[side]).max() + GAP)] = colour
    return out


class ParallelDiagonals(Solver, name="parallel_diagonals", tasks=("task260",), refuses="task390",
                        aliases=("c6_parallel_lines",)):
    """Marker triangles beside a diagonal line become parallel copies of the line beyond their tips."""

    def plans(self, examples):
        shape = fixed_shape(examples)
        if shape is None or not same_shape(examples):
            return
        common = set.intersection(*(set(np.unique(i).tolist()) for i, _ in examples))
        for marker in sorted(common - {0}):
            if not any((o == marker).any() for _, o in examples):        # the marker is gone from every output
                yield shape, marker

    def rule(self, plan, grid):
        shape, marker = plan
        return parallel_lines(grid, marker) if grid.shape == shape else None

    def build(self, plan):
        (h, w), marker = plan
        g = Graph()
        empty, mark = channel(g, 0, (h, w), "empty"), channel(g, marker, (h, w), "marker")
        line = g.Sub(g.floats([1.0]), g.Add(empty, mark, name="not_line"), name="line")
        cnt = g.ReduceSum(g.input, axes=[2, 3], keepdims=0, name="cells_per_colour")          # [1,10]
        is_line = np.ones(10, np.float32)
        is_line[[0, marker]] = 0
        n = g.Einsum(cnt, g.floats(is_line), equation="nc,c->", name="line_cells")
        colour = g.Div(g.Einsum(cnt, g.floats(is_line * np.arange(10)), equation="nc,c->", name="colour_sum"), n,
                       name="line_colour")
        r, c = np.indices((h, w)).astype(np.float32).reshape(2, 1, 1, h, w)
        total = lambda key, name: g.Einsum(line, g.floats(key), equation="nkij,nkij->", name=name)
        s1, s2 = total(r - c, "diff_sum"), total((r - c) ** 2, "diff_sq_sum")
        is_main = g.Equal(g.Mul(s1, s1, name="diff_sum_sq"), g.Mul(s2, n, name="diff_sq_n"), name="is_main")
        key = g.Where(is_main, g.floats(r - c), g.floats(r + c), name="key")
        at = g.Div(g.Einsum(line, key, equation="nkij,nkij->", name="key_sum"), n, name="line_key")
        rel = g.Sub(key, at, name="rel")
        mark_rel = g.Mul(mark, rel, name="marker_rel")
        up = g.ReduceMax(mark_rel, keepdims=0, name="tip_plus")
        down = g.ReduceMin(mark_rel, keepdims=0, name="tip_minus")
        zero = g.floats([0.0])
        far_up = g.Where(g.Greater(up, zero, name="has_plus"), g.Add(up, g.floats([GAP]), name="beyond_plus"),
                         g.floats([NONE]), name="new_plus")
        far_down = g.Where(g.Less(down, zero, name="has_minus"), g.Sub(down, g.floats([GAP]), name="beyond_minus"),
                           g.floats([NONE]), name="new_minus")
        on = g.Or(g.Or(g.Equal(rel, zero, name="on_old"), g.Equal(rel, far_up, name="on_plus"), name="on_two"),
                  g.Equal(rel, far_down, name="on_minus"), name="on_line")
        code = g.Cast(g.Where(on, colour, zero, name="code_f"), to=2, name="code")
        return g.model(decode_canvas(g, code, (h, w)))
