"""Marker-stepped lines: dots of a line colour sit on one edge of the grid and marker dots on a perpendicular
edge; each line dot grows into a line across the grid, away from its edge, which steps one cell sideways
(away from the marker edge) at every marker it passes (the marker's own row or column included).

Task 382's generator draws the dots on the top row and the markers on the left column, then flips and/or
transposes the grid (eight orientations). The line colour's edge is the one where that colour has two or
more dots in one line (the generator always draws at least two).

Graph, on the top-left S x S corner (S the largest side of the fit examples), for both axes at once: two
Einsums read the per-row and per-column profiles of line dots, markers and grid cells straight from the
input. The marker profile's forward or reversed CumSum (forward when the dots sit on the first row / column)
gives each line's shift; an Equal against 0..most markers makes it one-hot; a 1-D Conv shifts the dots'
profile by every step, towards the side away from the markers; one float16 Einsum per axis (the axis whose
edge holds two dots in a line weighted 1, the other 0, both masked to the grid) draws the lines, and one
Where writes the line colour over the input into `output`.
The rule answers None for more markers than the fit examples show or a larger grid.
"""
from __future__ import annotations

import numpy as np

from onnx import TensorProto

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import C, same_shape


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
        s, d = side, most + 1
        g = Graph()
        pick = np.zeros((3, C), np.float32)                        # line dots, markers, grid cells
        pick[0, line], pick[1, mark], pick[2] = 1, 1, 1
        pick = g.const(pick, name="profile_colours")
        one = g.const(np.float32(1), name="one")

        def profiles(eq, nm):
            """[1,S] each: line dots, markers and grid cells per row (or per column) of the S x S corner."""
            full = g.Einsum(g.input, pick, equation=eq, name=nm + "30")                     # [3,30]
            part = g.Slice(full, g.ints([0]), g.ints([s]), g.ints([1]), name=nm)           # [3,S]
            return g.Split(part, axis=0, outputs=3, name=nm + "_part")

        def first(t, nm):                        # [1,1] flag: t's first entry is not zero
            return g.Min(g.Slice(t, g.ints([0]), g.ints([1]), g.ints([1]), name=nm + "_first"), one, name=nm)

        def cast16(t, nm):
            return g.Cast(t, to=TensorProto.FLOAT16, name=nm)

        dots_r, marks_r, cells_r = profiles("bcij,tc->ti", "per_row")
        dots_c, marks_c, cells_c = profiles("bcij,tc->tj", "per_col")
        in_rows = cast16(g.Min(cells_r, one, name="in_rows_f"), "in_rows")                  # [1,S]
        in_cols = cast16(g.Min(cells_c, one, name="in_cols_f"), "in_cols")
        steps = g.const(np.arange(d, dtype=np.float32), name="steps")
        shift = np.zeros((d, 2, 2 * d - 1), np.float32)            # [shift, sign, tap]: prof[c - k] or prof[c + k]
        for k in range(d):
            shift[k, 0, d - 1 - k] = 1
            shift[k, 1, d - 1 + k] = 1
        shift = g.const(shift, name="shift_taps")

        def lines(prof, across, top, left, nm):
            """[1,1,S,S] float16: the lines grown from dots profiled along their edge (`prof`), each shifted at
            every step of the marker profile `across` (cumulated from the dots' edge: `top`), away from the
            markers' edge (`left`: the first line)."""
            inc = g.Add(g.Mul(top, g.CumSum(across, g.const(np.int64(1), name="ax1"), name=nm + "_fwd"),
                              name=nm + "_f"),
                        g.Mul(g.Sub(one, top, name=nm + "_bottom"),
                              g.CumSum(across, g.const(np.int64(1), name="ax1"), reverse=1, name=nm + "_rev"),
                              name=nm + "_r"), name=nm + "_inc")                              # [1,S]
            onehot = cast16(g.Equal(g.Unsqueeze(inc, g.ints([2]), name=nm + "_inc3"), steps, name=nm + "_at"),
                            nm + "_onehot")                                                  # [1,S,D]
            sign = g.Concat(left, g.Sub(one, left, name=nm + "_right"), axis=1, name=nm + "_sign")        # [1,2]
            signed = g.Mul(g.Unsqueeze(sign, g.ints([2]), name=nm + "_sign3"), prof, name=nm + "_signed")  # [1,2,S]
            moved = g.Conv(signed, shift, pads=[d - 1, d - 1], name=nm + "_moved_f")                      # [1,D,S]
            return onehot, cast16(moved, nm + "_moved")

        horiz = g.Cast(g.Greater(g.ReduceMax(dots_r, axes=[1], keepdims=1, name="most_per_row"),
                                 g.const(np.float32(1.5), name="c15"), name="horiz_b"), to=1, name="horiz")
        h_at, h_moved = lines(dots_c, marks_r, first(dots_r, "dots_top"), first(marks_c, "marks_left"), "h")
        v_at, v_moved = lines(dots_r, marks_c, first(dots_c, "dots_left"), first(marks_r, "marks_top"), "v")
        h_sel = cast16(horiz, "h_sel")                                                       # [1,1]
        v_sel = cast16(g.Sub(one, horiz, name="vert"), "v_sel")
        h = g.Einsum(h_at, h_moved, in_rows, in_cols, h_sel, equation="xrd,xdc,xr,xc,xy->xyrc", name="h_lines")
        v = g.Einsum(v_at, v_moved, in_rows, in_cols, v_sel, equation="xcd,xdr,xr,xc,xy->xyrc", name="v_lines")
        drawn = g.Greater(g.Add(h, v, name="lines"), g.const(np.float16(0.5), name="half"), name="drawn")
        if s < 30:
            drawn = g.Pad(drawn, g.ints([0, 0, 0, 0, 0, 0, 30 - s, 30 - s]), name="drawn30")
        return g.model(g.Where(drawn, g.const(np.eye(C, dtype=np.float32)[line].reshape(1, C, 1, 1),
                                              name="line_colour"), g.input))
