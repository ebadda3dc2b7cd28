"""Two cells of different colours in one row (or column) each draw a line towards the
other, and where they meet the lines open into a 5-high box, each half in its own colour.

The picture is a sum of six rectangles (line, box cap, box side, for each colour), each the outer
product of an indicator along the line axis (an interval of dx = t - midpoint, from one GreaterOrEqual
and one LessOrEqual of a [1,30] ramp against [6,1] bounds) and one across it (|t - row| equal to 0, 2
or 1). One Einsum of the stacked factors, one more rank-one term for the grid, and a [7,10] table of
each term's channels (a rectangle: its colour, and -1 on background) writes `output`. The factors stay one
bool table [14,30]; each side of the Einsum gathers its seven rows by the line's axis and casts only those.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .._common_grids import N
from ._parameter_free import ParameterFree

# per rectangle: lower/upper bound of dx as const + k * half-gap, |dy|, which colour (0: first cell)
LO_CONST = [0.0, -1.5, -1.5, 1.5, 0.5, 1.5]
LO_HALF = [-1.0, 0, 0, 0, 0, 0]
HI_CONST = [-1.5, -0.5, -1.5, 0.0, 1.5, 1.5]
HI_HALF = [0, 0, 0, 1.0, 0, 0]
ACROSS = [0, 2, 1, 0, 2, 1]
FIRST = [1, 1, 1, 0, 0, 0]


def meet_box(grid):
    cells = np.argwhere(grid > 0)
    if len(cells) != 2:
        return None
    (r1, c1), (r2, c2) = cells
    flip = c1 == c2
    if flip:
        grid = grid.T
        (r1, c1), (r2, c2) = np.argwhere(grid > 0)
    if r1 != r2 or (c2 - c1) % 2 == 0:
        return None
    y, (a, b) = r1, sorted((c1, c2))
    half, mid = (b - a) / 2, (a + b) / 2
    dx, dy = np.arange(N) - mid, np.abs(np.arange(N) - y)
    out = np.zeros((N, N), grid.dtype)
    for k in range(6):
        span = (dx >= LO_CONST[k] + LO_HALF[k] * half) & (dx <= HI_CONST[k] + HI_HALF[k] * half)
        out[np.ix_(dy == ACROSS[k], span)] = grid[y, a] if FIRST[k] else grid[y, b]
    h, w = grid.shape
    if out[h:].any() or out[:, w:].any():
        return None             # the picture runs past the grid: the graph's code overflows there
    return out[:h, :w].T if flip else out[:h, :w]


class MeetingBox(ParameterFree, name="meeting_box", tasks=("task284",), refuses="task260", aliases=("c6_meet_box",)):
    """Two cells in a line draw lines towards each other that open into a two-coloured box where they meet."""

    draw = staticmethod(meet_box)

    def build(self, plan):
        g = Graph()
        coloured = np.r_[0, np.ones(9)].astype(np.float32)
        profile = lambda w, eq, name: g.Einsum(g.input, g.floats(w), equation=eq, name=name)
        rows, cols = profile(coloured, "ncij,c->i", "cells_per_row"), profile(coloured, "ncij,c->j", "cells_per_col")
        row_paint = profile(np.arange(10, dtype=np.float32), "ncij,c->i", "colour_per_row")
        col_paint = profile(np.arange(10, dtype=np.float32), "ncij,c->j", "colour_per_col")
        by_rows = g.Greater(g.ReduceMax(rows, keepdims=0, name="row_peak"), g.floats([1.5]), name="in_one_row")
        along = g.Where(by_rows, cols, rows, name="along")
        across = g.Where(by_rows, rows, cols, name="across")
        paint = g.Where(by_rows, col_paint, row_paint, name="paint_along")
        first = g.ArgMax(along, axis=0, keepdims=1, name="first")
        last = g.ArgMax(along, axis=0, keepdims=1, select_last_index=1, name="last")
        at = g.Cast(g.ArgMax(across, axis=0, keepdims=1, name="line_at_i"), to=1, name="line_at")
        a, b = g.Cast(first, to=1, name="first_f"), g.Cast(last, to=1, name="last_f")
        half = g.Mul(g.Sub(b, a, name="gap"), g.floats([0.5]), name="half_gap")
        mid = g.Mul(g.Add(a, b, name="ends"), g.floats([0.5]), name="mid")
        ramp = g.floats(np.arange(30, dtype=np.float32).reshape(1, 30))
        dx = g.Sub(ramp, mid, name="dx")                                                  # [1,30]
        col = lambda v: g.floats(np.array(v, np.float32).reshape(6, 1))
        lo = g.Add(g.Mul(half, col(LO_HALF), name="lo_half"), col(LO_CONST), name="lo")
        hi = g.Add(g.Mul(half, col(HI_HALF), name="hi_half"), col(HI_CONST), name="hi")
        span = g.And(g.GreaterOrEqual(dx, lo, name="above_lo"), g.LessOrEqual(dx, hi, name="below_hi"),
                     name="span")                                                          # [6,30]
        band = g.Equal(g.Abs(g.Sub(ramp, at, name="dy_signed"), name="dy"), col(ACROSS), name="band")  # [6,30]
        colour_a, colour_b = g.Gather(paint, first, axis=0, name="colour_a"), g.Gather(paint, last, axis=0, name="colour_b")
        colours = g.Add(g.Mul(colour_a, col(FIRST), name="col_a"), g.Mul(colour_b, col(1 - np.array(FIRST)), name="col_b"),
                        name="colours")                                                   # [6,1]
        half_f = g.floats([0.5])
        in_rows = g.Greater(g.ReduceMax(g.input, axes=[1, 3], keepdims=0, name="grid_rows_f"), half_f, name="grid_rows")
        in_cols = g.Greater(g.ReduceMax(g.input, axes=[1, 2], keepdims=0, name="grid_cols_f"), half_f, name="grid_cols")
        # all factors as one bool table [14,30] (spans, bands, grid rows, grid cols); each side of the
        # Einsum gathers its seven rows (the spans go along the line's axis) and only those are cast
        factors = g.Concat(span, band, in_rows, in_cols, axis=0, name="factors")
        pick = lambda a, b, name: g.Where(by_rows, g.ints(a), g.ints(b), name=name)
        spans, bands = list(range(6)), list(range(6, 12))
        left = g.Cast(g.Gather(factors, pick(bands + [12], spans + [12], "left_rows"), axis=0, name="left_b"),
                      to=1, name="left_factors")                                          # [7,30]
        right = g.Cast(g.Gather(factors, pick(spans + [13], bands + [13], "right_rows"), axis=0, name="right_b"),
                       to=1, name="right_factors")
        # per term its channels: a rectangle its colour, less one on background; the grid term background
        palette = g.floats(np.arange(10, dtype=np.float32).reshape(1, 10))
        background = np.zeros((1, 10), np.float32)
        background[0, 0] = 1
        ink = g.Sub(g.Cast(g.Equal(colours, palette, name="is_colour"), to=1, name="is_colour_f"),
                    g.floats(background), name="rect_channels")                          # [6,10]
        channels = g.Concat(ink, g.floats(background), axis=0, name="channels")          # [7,10]
        return g.model(g.Einsum(left, right, channels, g.floats(np.ones(1, np.float32)), equation="kr,kc,kd,z->zdrc"))
