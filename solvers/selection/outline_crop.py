"""Outline crop: somewhere in a noisy grid one colour draws nothing but a hollow rectangle; the output is
what lies inside that rectangle.

The frame colour is told apart by counts alone: a colour whose cells span an h x w box and form its
outline has a row holding w of them, a column holding h, and 2h+2w-4 cells in all. Noise colours spread
over the grid fail that at once.

Graph: per colour the row and column counts ([1,10,30,1], [1,10,1,30]) give the box (ArgMax of the
first / last line), the longest lines and the total; the colour passing all three is the selector. Its
per-line counts peak on the frame's first and last line (ArgMax / ArgMax select_last), the inside runs from
first+1 to last-1, and one GridSample (`sample_lines`) reads those lines straight into `output`.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import N
from ._sample_grid import sample_lines


def frame_colour(grid):
    """The one colour that passes the graph's count test (a row of w cells, a column of h, 2h+2w-4 in all
    for an h x w box), else None."""
    found = []
    for c in range(1, 10):
        m = grid == c
        if not m.any():
            continue
        rows, cols = np.nonzero(m)
        h, w = int(rows.max() - rows.min() + 1), int(cols.max() - cols.min() + 1)
        if m.sum(1).max() == w and m.sum(0).max() == h and m.sum() == 2 * h + 2 * w - 4:
            found.append(c)
    return found[0] if len(found) == 1 else None


def inside_frame(grid):
    """What lies inside the outline; None unless the colour the counts pick draws exactly an outline (the
    graph finds its sides as the lines holding the most of its cells)."""
    c = frame_colour(grid)
    if c is None:
        return None
    rows, cols = np.nonzero(grid == c)
    r0, r1, c0, c1 = rows.min(), rows.max(), cols.min(), cols.max()
    outline = np.zeros((r1 - r0 + 1, c1 - c0 + 1), bool)
    outline[[0, -1], :] = outline[:, [0, -1]] = True
    if r1 - r0 < 2 or c1 - c0 < 2 or not np.array_equal(grid[r0:r1 + 1, c0:c1 + 1] == c, outline):
        return None
    return grid[r0 + 1:r1, c0 + 1:c1]


class OutlineCrop(Solver, name="outline_crop", tasks=("task029",), refuses="task088", aliases=("c7_frame_crop",)):
    """Output = the inside of the one hollow single-colour rectangle drawn in a noisy grid (the colour whose cells are
    exactly a rectangle outline)."""

    def plans(self, examples):
        if not all(i.shape == o.shape for i, o in examples):
            yield "inside"

    def rule(self, plan, grid):
        return inside_frame(grid)

    def build(self, plan):
        g = Graph()
        row_count = g.ReduceSum(g.input, axes=[3], keepdims=1, name="row_count")          # [1,10,30,1]
        col_count = g.ReduceSum(g.input, axes=[2], keepdims=1, name="col_count")          # [1,10,1,30]
        def span(count, axis, tag):
            """Per colour, lines from its first to its last occurrence (int64 ArgMax, a few bytes)."""
            first = g.ArgMax(count, axis=axis, keepdims=1, name=f"{tag}_first_any")
            last = g.ArgMax(count, axis=axis, keepdims=1, select_last_index=1, name=f"{tag}_last_any")
            return g.Cast(g.Sub(last, first, name=f"{tag}_span_i"), to=1, name=f"{tag}_span")   # size - 1

        # h + w - 2 = the two spans; a row holds at most w cells and a column at most h, so the line test
        # (h + w - longest row - longest column) needs no Abs; the outline count 2h + 2w - 4 = 2 (spans)
        spans = g.Add(span(row_count, 2, "row"), span(col_count, 3, "col"), name="spans")   # [1,10,1,1]
        total = g.ReduceSum(row_count, axes=[2, 3], keepdims=1, name="total")
        longest = g.Add(g.ReduceMax(row_count, axes=[2, 3], keepdims=1, name="longest_row"),
                        g.ReduceMax(col_count, axes=[2, 3], keepdims=1, name="longest_col"), name="longest")
        line_miss = g.Sub(spans, longest, name="line_gap")                                # line miss - 2
        count_miss = g.Abs(g.Sub(g.Sub(total, spans, name="count_half"), spans, name="count_gap"),
                           name="count_miss")
        bias = np.full((1, 10, 1, 1), 2, np.float32)           # the 2 line_gap leaves out
        bias[0, 0] += 100                                       # never the background
        miss = g.Add(g.Add(line_miss, count_miss, name="miss"), g.const(bias, name="miss_bias"), name="frame_miss")
        frame = g.Cast(g.Equal(miss, g.const(np.float32(0), name="zero"), name="is_frame"), to=1, name="frame")
        half = lambda v, name: g.const(np.asarray(v, np.float16), name=name)
        one16, hundred = half(1, "one16"), half(100, "hundred")     # float16 indices: no Cast before sampling

        def shift(count, equation, shape, tag):
            """Output line i's source: frame line first+1+i while that is before the last, else 100 (nothing)."""
            per_line = g.Einsum(count, frame, equation=equation, name=f"{tag}_frame_count")     # [1,30]
            first = g.Cast(g.ArgMax(per_line, axis=1, keepdims=1, name=f"{tag}_first_i"), to=10, name=f"{tag}_first")
            last = g.Cast(g.ArgMax(per_line, axis=1, keepdims=1, select_last_index=1, name=f"{tag}_last_i"), to=10,
                          name=f"{tag}_last")
            line = half(np.arange(N).reshape(shape), f"{tag}_line")
            src = g.Add(g.Add(first, one16, name=f"{tag}_start"), line, name=f"{tag}_src")
            return g.Where(g.Less(src, last, name=f"{tag}_inside"), src, hundred, name=f"{tag}_index")

        rows = shift(row_count, "bcrx,bcyz->br", (1, N, 1, 1), "row")
        cols = shift(col_count, "bcxr,bcyz->br", (1, 1, N, 1), "col")
        return g.model(sample_lines(g, rows, cols, f16=True))
