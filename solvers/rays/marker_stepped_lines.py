"""Marker-stepped lines: dots of a line colour sit on one edge of the grid and marker dots on a perpendicular
edge; each line dot grows into a line across the grid, away from its edge, which steps one cell sideways
(away from the marker edge) at every marker it passes (the marker's own row or column included).

Task 382's generator draws the dots on the top row and the markers on the left column, then flips and/or
transposes the grid (eight orientations). The line colour's edge is the one where that colour has two or
more dots in one line (the generator always draws at least two).

Graph, on the input cropped to the largest side S of the fit examples, for both axes at once: the line
dots' profile along their edge (ReduceSum), the marker profile across it and its forward or reversed
CumSum (forward when the dots sit on the first row / column) give each row's shift; an Equal against
0..most markers makes it one-hot, and one Einsum with a shift table (two signs: markers on the first or
the last line) and the dots' profile draws the lines. The axis whose edge holds two dots in a line is
kept, the result masked to the grid, and background, markers and lines go through a 1x1 Conv to colours.
The rule answers None for more markers than the fit examples show or a larger grid.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import same_shape


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
        crop = lambda t, c, nm: g.Slice(t, g.ints([0, c, 0, 0]), g.ints([1, c + 1, s, s]), name=nm)
        sq = lambda t, nm: g.Reshape(t, g.ints([s, s]), name=nm)
        dots = sq(crop(g.input, line, "dots4"), "dots")                                  # [S,S] float
        marks = sq(crop(g.input, mark, "marks4"), "marks")
        ingrid = sq(crop(g.ReduceSum(g.input, axes=[1], keepdims=1, name="ingrid30"), 0, "ingrid4"), "ingrid")
        steps = g.const(np.arange(d, dtype=np.float32).reshape(1, d), name="steps")
        table = np.zeros((2, d, s, s), np.float32)                                       # [sign, shift, to, from]
        for k in range(d):
            for a in range(s):
                if a + k < s:
                    table[0, k, a + k, a] = 1
                    table[1, k, a, a + k] = 1
        table = g.const(table, name="shift_table")
        one = g.const(np.float32(1), name="one")

        def first(t, axis, nm):                  # max of row 0 (axis 0) or column 0 (axis 1): a [1] flag
            starts = [0, 0]
            ends = [1, s] if axis == 0 else [s, 1]
            return g.Reshape(g.ReduceMax(g.Slice(t, g.ints(starts), g.ints(ends), name=nm + "_edge"),
                                         keepdims=0, name=nm), g.ints([1]), name=nm + "_1")

        def lines(axis, nm):
            """Lines for dots on a row edge (axis 0: profile over columns) or a column edge (axis 1)."""
            prof = g.ReduceSum(dots, axes=[axis], keepdims=0, name=nm + "_dots")          # [S] along the edge
            across = g.ReduceSum(marks, axes=[1 - axis], keepdims=0, name=nm + "_marks")  # [S] across it
            fwd = g.CumSum(across, g.const(np.int64(0), name="ax0"), name=nm + "_fwd")
            rev = g.CumSum(across, g.const(np.int64(0), name="ax0"), reverse=1, name=nm + "_rev")
            top = first(dots, axis, nm + "_top")
            inc = g.Add(g.Mul(top, fwd, name=nm + "_f"), g.Mul(g.Sub(one, top), rev, name=nm + "_r"),
                        name=nm + "_inc")
            onehot = g.Cast(g.Equal(g.Unsqueeze(inc, g.ints([1]), name=nm + "_col"), steps), to=1,
                            name=nm + "_onehot")                                          # [S,D]
            left = first(marks, 1 - axis, nm + "_left")
            sign = g.Concat(left, g.Sub(one, left), axis=0, name=nm + "_sign")            # [2]
            eq = "rd,sdck,s,k->rc" if axis == 0 else "cd,sdrk,s,k->rc"
            return g.Einsum(onehot, table, sign, prof, equation=eq, name=nm + "_lines")

        per_row = g.ReduceSum(dots, axes=[1], keepdims=0, name="dots_per_row")
        horiz = g.Cast(g.Greater(g.ReduceMax(per_row, keepdims=0, name="most_per_row"),
                                 g.const(np.float32(1.5), name="c15")), to=1, name="horiz")
        drawn = g.Add(g.Mul(horiz, lines(0, "h"), name="h_kept"),
                      g.Mul(g.Sub(one, horiz), lines(1, "v"), name="v_kept"), name="drawn")
        drawn = g.Mul(g.Min(drawn, one, name="drawn1"), ingrid, name="drawn_in")
        back = g.Sub(g.Sub(ingrid, drawn, name="not_line"), marks, name="back")
        planes = g.Reshape(g.Concat(back, marks, drawn, axis=0, name="planes3"), g.ints([1, 3, s, s]),
                           name="planes")
        w = np.zeros((10, 3, 1, 1), np.float32)
        w[0, 0], w[mark, 1], w[line, 2] = 1, 1, 1
        out = g.Conv(planes, g.const(w, name="paint"), kernel_shape=[1, 1], name="coloured")
        if s < 30:
            out = g.Pad(out, g.ints([0, 0, 0, 0, 0, 0, 30 - s, 30 - s]), name="out30")
        return g.model(out)
