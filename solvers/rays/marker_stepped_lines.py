"""Marker-stepped lines: dots of a line colour sit on one edge of the grid and marker dots on a perpendicular
edge; each line dot grows into a line across the grid, away from its edge, which steps one cell sideways
(away from the marker edge) at every marker it passes (the marker's own row or column included).

Task 382's generator draws the dots on the top row and the markers on the left column, then flips and/or
transposes the grid (eight orientations). The line colour's edge is the one where that colour has two or
more dots in one line (the generator always draws at least two).

Graph, on 30-long profiles, for both axes at once: one Einsum per colour and axis reads the line dots' and
markers' profiles straight from the input. The marker profile's forward or reversed CumSum (forward when the
dots sit on the first row / column) gives each line's shift; an Equal against 0..most markers makes it one-hot;
a 1-D float16 Conv shifts the dots' profile by every step, towards the side away from the markers (zero unless
this axis's edge holds two dots in a line). The answer is a sum of rank-one terms (row factor x column factor:
the lines of both axes, the grid, the markers on their edge), so one float16 Einsum of the stacked factors, the
grid's row and column masks and a per-term colour table writes `output`: no grid-sized plane at all.
The rule answers None for more markers than the fit examples show or a larger grid.
"""
from __future__ import annotations

import numpy as np

from onnx import TensorProto

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import C, N, same_shape


def canonical_lines(grid, line, mark):
    """The output for a grid with line dots on row 0 and markers on column 0 (None when not so)."""
    h, w = grid.shape
    dots, marks = grid == line, grid == mark
    if dots[1:].any() or marks[:, 1:].any() or not dots.any():
        return None
    out = grid.copy()
    inc = np.cumsum(marks[:, 0])
    for r in range(1, h):
        for c in np.flatnonzero(dots[0]):
            if c + inc[r] < w:
                out[r, c + inc[r]] = line
    return out, int(inc[-1])


def stepped_lines(grid, line, mark):
    """(output, markers) for any of the eight orientations, or None when the grid is not of that kind."""
    for t in (False, True):
        g = grid.T if t else grid
        if (g == line).sum(1).max() < 2:
            continue
        for fr in (False, True):
            for fc in (False, True):
                h = g[::-1] if fr else g
                h = h[:, ::-1] if fc else h
                got = canonical_lines(h, line, mark)
                if got is None:
                    continue
                out, n = got
                out = out[:, ::-1] if fc else out
                out = out[::-1] if fr else out
                return (out.T if t else out), n
    return None


class MarkerSteppedLines(Solver, name="marker_stepped_lines", tasks=("task382",), refuses="task002",
                         fit_splits=("train", "arc-gen")):
    """Same-shape grids with dots of one colour on one edge and marker dots of another on a perpendicular edge:
    each dot grows into a line across the grid that steps one cell away from the marker edge at each marker."""

    def plans(self, examples):
        """(line colour, marker colour, most markers, side): the colour that grows is the line colour."""
        if not same_shape(examples):
            return
        grown = {int(v) for i, o in examples for v in o[i != o]}
        cols = {int(v) for i, _ in examples for v in np.unique(i)} - {0}
        if len(grown) != 1 or len(cols) != 2 or not grown <= cols:
            return
        line = grown.pop()
        mark = (cols - {line}).pop()
        most, side = 0, 0
        for inp, out in examples:
            got = stepped_lines(inp, line, mark)
            if got is None or not np.array_equal(got[0], out):
                return
            most, side = max(most, got[1]), max(side, *inp.shape)
        yield line, mark, most, side

    def rule(self, plan, grid):
        line, mark, most, side = plan
        if max(grid.shape) > side or not set(np.unique(grid).tolist()) <= {0, line, mark}:
            return None
        got = stepped_lines(grid, line, mark)
        if got is None or got[1] > most:
            return None
        return got[0]

    def build(self, plan):
        line, mark, most, side = plan
        d = most + 1
        g = Graph()
        half = TensorProto.FLOAT16
        one = g.const(np.float32(1), name="one")
        cast16 = lambda t, nm: g.Cast(t, to=half, name=nm)

        def profile(colour, eq, nm):
            """[1,1,30]: `colour`'s cells per row (or per column), by one Einsum of the input."""
            pick = np.zeros((1, C), np.float32)
            pick[0, colour] = 1
            return g.Einsum(g.input, g.const(pick, name=f"pick{colour}"), equation=eq, name=nm)

        def first(t, nm):                        # [1,1,1] flag: t's first entry is not zero
            return g.Min(g.Slice(t, g.ints([0]), g.ints([1]), g.ints([2]), name=nm + "_first"), one, name=nm)

        dots_r, marks_r = profile(line, "bcij,tc->bti", "dots_r"), profile(mark, "bcij,tc->bti", "marks_r")
        dots_c, marks_c = profile(line, "bcij,tc->btj", "dots_c"), profile(mark, "bcij,tc->btj", "marks_c")
        in_rows = cast16(g.ReduceMax(g.input, axes=[1, 3], keepdims=0, name="in_rows_f"), "in_rows")   # [1,30]
        in_cols = cast16(g.ReduceMax(g.input, axes=[1, 2], keepdims=0, name="in_cols_f"), "in_cols")
        steps = g.const(np.arange(d, dtype=np.float32).reshape(1, d, 1), name="steps")
        shift = np.zeros((d, 2, 2 * d - 1), np.float16)            # [shift, sign, tap]: prof[c - k] or prof[c + k]
        for k in range(d):
            shift[k, 0, d - 1 - k] = 1
            shift[k, 1, d - 1 + k] = 1
        shift = g.const(shift, name="shift_taps")
        horiz = g.Cast(g.Greater(g.ReduceMax(dots_r, axes=[2], keepdims=1, name="most_per_row"),
                                 g.const(np.float32(1.5), name="c15"), name="horiz_b"), to=1, name="horiz")

        def lines(prof, across, top, left, sel, nm):
            """([1,D,30] at, [1,D,30] moved), float16: line k lies where `at` (the marker profile `across`,
            cumulated from the dots' edge: `top`, equals k) meets `moved` (the dots' profile `prof` shifted k cells
            away from the markers' edge, `left`: the first line; all zero unless `sel`, this axis grows them)."""
            ax = g.const(np.int64(2), name="ax2")
            inc = g.Where(g.Cast(top, to=TensorProto.BOOL, name=nm + "_top"), g.CumSum(across, ax, name=nm + "_fwd"),
                          g.CumSum(across, ax, reverse=1, name=nm + "_rev"), name=nm + "_inc")        # [1,1,30]
            at = cast16(g.Equal(inc, steps, name=nm + "_at_b"), nm + "_at")                          # [1,D,30]
            sign = g.Mul(g.Concat(left, g.Sub(one, left, name=nm + "_right"), axis=1, name=nm + "_sign"), sel,
                         name=nm + "_sign_sel")                                                      # [1,2,1]
            signed = g.Mul(cast16(sign, nm + "_sign16"), cast16(prof, nm + "_prof16"), name=nm + "_signed")
            return at, g.Conv(signed, shift, pads=[d - 1, d - 1], name=nm + "_moved")                # [1,D,30]

        h_at, h_moved = lines(dots_c, marks_r, first(dots_r, "dots_top"), first(marks_c, "marks_left"), horiz, "h")
        v_at, v_moved = lines(dots_r, marks_c, first(dots_c, "dots_left"), first(marks_r, "marks_top"),
                              g.Sub(one, horiz, name="vert"), "v")
        ones = g.const(np.ones((1, 1, N), np.float16), name="ones")
        # rank-one terms of the answer: term k is row factor [k, r] x column factor [k, x] (lines of both axes,
        # the grid, the markers), masked to the grid; one Einsum weights them per channel into `output`
        by_row = g.Concat(h_at, v_moved, ones, cast16(marks_r, "marks_r16"), axis=1, name="row_factors")
        by_col = g.Concat(h_moved, v_at, ones, cast16(marks_c, "marks_c16"), axis=1, name="col_factors")
        weights = np.zeros((2 * d + 2, C), np.float16)
        weights[:2 * d, line] = 1               # a line cell: the line colour ...
        weights[:2 * d, 0] = -1                 # ... not black
        weights[2 * d, 0] = 1                   # every grid cell black, but for lines and markers
        weights[2 * d + 1, mark] = 1            # markers (the marker count, >= 1, on each marker: one edge)
        weights[2 * d + 1, 0] = -1
        return g.model(g.Einsum(g.const(weights, name="term_weights"), by_row, by_col, in_rows, in_cols,
                                equation="kc,bkr,bkx,br,bx->bcrx"))
