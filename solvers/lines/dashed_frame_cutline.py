"""Dashed frame with one cut line: a rectangle outline drawn with gaps, and at most one full row or column
across its inside drawn with gaps too; the gaps of the outline and of the cut line are painted.

Rule (generator 4612dd53): the frame is the bounding box of the line colour, widened to the column every
example's frame starts on (the generator's all start at column 2; a left side drawn all in gaps, 1 in
10,000 draws, would shrink the box); every background cell on its four sides is a gap. Line cells
strictly inside the frame belong to the one cut line: if they span two columns it is their row, if two
rows their column. A single inside cell could be either; the generator
never puts a cut row next to the top or bottom side nor a cut column next to the left or right side, so
a cell next to a side settles it, and otherwise the likelier reading wins: a cut line shows only one of its
cells far more often when it is the shorter one, so a row when the frame is at least as tall as wide (each
extra gap is a factor 1/4 under the generator's 3:1 odds of drawing a cell; equal sides are a true tie).
That is the Bayes choice. The draws it misses (about 1 in 600) show too little for any rule: a single
inside cell the other reading drew (or a tie), a cut line drawn all in gaps, a right side all in gaps.

Graph (it reads the generator's window, `side` lines): the frame's first and last rows and columns by
`first_last_lines` (the fitted left column counted as drawn), the first and last rows and columns of the line
cells strictly inside by the same weighted sums masked to the frame's inner rows and columns; scalar compares
pick the cut line's direction. The answer is one Einsum of the input with a [3,30] factor stack (1; u over rows,
v over columns: 1 on the frame's inner lines, 3 on its sides and the cut line, 0 outside, scattered onto the
inner-line masks): a background cell is painted where u v >= 3, and thin `circle_colours` tables hold the
colour map.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver, corner_extent
from .._common_graph import circle_colours, first_last_lines
from .._common_grids import N, same_shape


def frame_mask(grid: np.ndarray, line: int, left: int | None = None) -> np.ndarray | None:
    """The frame's sides and its cut line, as a bool mask; None without the line colour. `left`: the column
    every frame's left side is on (the generator's frames all start at column 2), kept in the frame even when
    that whole side is gaps."""
    b = grid == line
    rows, cols = np.where(b.any(1))[0], np.where(b.any(0))[0]
    if left is not None and len(rows) and left < grid.shape[1]:
        cols = np.union1d(cols, [left])
    if not len(rows):
        return None
    t, bo, left, right = rows.min(), rows.max(), cols.min(), cols.max()
    m = np.zeros(b.shape, bool)
    m[[t, bo], left:right + 1] = True
    m[t:bo + 1, [left, right]] = True
    inner = b[t + 1:bo, left + 1:right]
    ir, ic = np.where(inner.any(1))[0], np.where(inner.any(0))[0]
    if len(ir):
        if len(ic) >= 2:
            across = True
        elif len(ir) >= 2:
            across = False
        else:
            r, c = ir[0] + t + 1, ic[0] + left + 1
            if c in (left + 1, right - 1):
                across = True
            elif r in (t + 1, bo - 1):
                across = False
            else:
                across = bo - t >= right - left
        if across:
            m[t + 1 + ir[0], left:right + 1] = True
        else:
            m[t:bo + 1, left + 1 + ic[0]] = True
    return m


class DashedFrameCutline(Solver, name="dashed_frame_cutline", tasks=("task105",), refuses="task002"):
    """Same-shape grids holding one rectangle outline drawn in a line colour with gaps, and at most one
    gapped cut line (a full row or column across its inside): every gap of the outline and of the cut line is
    painted a fill colour, nothing else changes."""

    def plans(self, examples):
        """(background, line colour, fill colour): inputs of two colours, outputs that paint background only."""
        if not same_shape(examples):
            return
        found = set()
        for inp, out in examples:
            colours = set(np.unique(inp).tolist())
            changed = inp != out
            if len(colours) != 2 or not changed.any():
                return
            bg, fill = set(np.unique(inp[changed]).tolist()), set(np.unique(out[changed]).tolist())
            if len(bg) != 1 or len(fill) != 1:
                return
            bg = bg.pop()
            found.add((bg, (colours - {bg}).pop(), fill.pop()))
        if len(found) == 1:
            bg, line, fill = found.pop()
            # the outline's left side on one column in every output: kept even when it is all gaps
            lefts = {int(np.where((out != bg).any(0))[0].min()) for _, out in examples}
            side = max(corner_extent(examples))
            if len(lefts) == 1:
                yield bg, line, fill, lefts.pop(), side
            yield bg, line, fill, None, side

    def rule(self, plan, grid):
        """The graph reads the first `side` rows and columns (the generator's bound on the grid)."""
        bg, line, fill, left, side = plan
        if max(grid.shape) > side:
            return None
        m = frame_mask(grid, line, left)
        if m is None:
            return None
        return np.where(m & (grid == bg), fill, grid)

    def build(self, plan):
        bg, line, fill, left, side = plan
        g = Graph()
        colour = np.zeros(10, np.float32)
        colour[line] = 1
        # the frame's first and last rows and columns (a line holds at most `side` cells of the window)
        top, bottom = first_last_lines(g, colour, "i", side, side, "frame_rows")
        first_col, last_col = first_last_lines(g, colour, "j", side, side, "frame_cols")
        if left is not None:            # the left side's column counts as drawn
            pin = g.floats([left], name="left_side")
            first_col, last_col = g.Min(first_col, pin, name="left_col"), g.Max(last_col, pin, name="right_col")
        # strict insides as [3,30] floats: a row of ones (lines -1..29.5), the frame's inner rows, its inner columns
        to_column = g.ints([3, 1], name="to_column")
        lows = g.Reshape(g.Concat(g.floats([-1], name="before_grid"), top, first_col, axis=0, name="lows"),
                         to_column, name="lows_c")
        highs = g.Reshape(g.Concat(g.floats([N - 0.5], name="grid_end"), bottom, last_col, axis=0, name="highs"),
                          to_column, name="highs_c")
        at = g.floats(np.arange(N), name="line_index")
        strict = g.Cast(g.And(g.Greater(at, lows), g.Less(at, highs), name="strict_b"), to=1, name="strict")
        # bounds of the line cells strictly inside, weighted sums as in `first_last_lines`
        base, reach, weight = _end_weights(side)
        weight = g.const(weight, name="frame_rows_weight")       # the same table as the frame's ends
        rows, cols = g.floats([0, 1, 0], name="inner_rows"), g.floats([0, 0, 1], name="inner_cols")
        c = g.const(colour, name="line_colour")
        row_sums = g.Einsum(g.input, c, strict, rows, strict, cols, weight,
                            equation="nchw,c,ah,a,bw,b,hz->z", name="cut_row_sums")
        col_sums = g.Einsum(g.input, c, strict, rows, strict, cols, weight,
                            equation="nchw,c,ah,a,bw,b,wz->z", name="cut_col_sums")
        cut_top, cut_bottom = _ends(g, row_sums, base, reach, "cut_rows")
        cut_left, cut_right = _ends(g, col_sums, base, reach, "cut_cols")
        # the cut line's direction (as in `frame_mask`): a row when its cells span two columns, else a column
        # when they span two rows; one cell: a row next to a left/right side, a column next to top/bottom, else
        # a row when the frame is at least as tall as wide
        one = g.floats([1], name="one")
        near = lambda x, lo, hi, name: g.Or(g.Equal(x, g.Add(lo, one), name=f"{name}_lo"),
                                            g.Equal(x, g.Sub(hi, one), name=f"{name}_hi"), name=name)
        tall = g.GreaterOrEqual(g.Sub(bottom, top, name="height"), g.Sub(last_col, first_col, name="width"),
                                name="tall")
        single = g.Or(near(cut_left, first_col, last_col, "near_sides"),
                      g.And(g.Not(near(cut_top, top, bottom, "near_ends")), tall), name="single_across")
        across = g.Or(g.Greater(cut_right, cut_left, name="two_cols"),
                      g.And(g.Not(g.Greater(cut_bottom, cut_top, name="two_rows")), single), name="across")
        some = g.LessOrEqual(cut_top, cut_bottom, name="some_cut")
        # marked lines per factor row: none (a repeat of index 0), frame ends and the cut line (else an end again)
        cut_row = g.Where(g.And(across, some, name="row_cut"), cut_top, top, name="cut_row")
        cut_col = g.Where(g.And(g.Not(across), some, name="col_cut"), cut_left, first_col, name="cut_col")
        # marked lines per factor row (as int32 indices): the ones row's -1 and 29 (it stays 1), the frame's ends
        # and its cut line (else an end again)
        cuts = g.Reshape(g.Concat(g.floats([0], name="no_cut"), cut_row, cut_col, axis=0, name="cuts"), to_column,
                         name="cuts_c")
        marked = g.Cast(g.Concat(lows, highs, cuts, axis=1, name="marked_f"), to=6, name="marked")
        # factors: 1 (ones row), u = 1 on the frame's inner rows and 3 on its marked rows (0 outside), v likewise
        # for columns; a background cell is painted where u v >= 3
        factors = g.ScatterElements(strict, marked, g.floats([[1, 1, 1], [3, 3, 3], [3, 3, 3]], name="marks"),
                                    axis=1, name="factors")
        # colour tables [t,k,j] = sum_s by_out[t,s,k] by_in[s,j], s = the three `circle_colours` rows and "input is
        # background": t = 0: 2 (1 - |p_k - p_j|^2), 2 on k = j, <= -2 elsewhere (-2 (d - 1) for fill on background,
        # d = |p_fill - p_bg|^2); t = 1 on the background: (d - 1) u v for fill, -u v for background. So a background
        # cell gets fill where u v >= 3 (then (d - 1)(u v - 2) > 0, 2 - u v < 0), else stays
        by_in = np.concatenate([circle_colours(), np.eye(10, dtype=np.float32)[[bg]]])          # [4,10]
        d = float(np.sum((by_in[1:3, fill] - by_in[1:3, bg]) ** 2))
        by_out = np.zeros((2, 4, 10), np.float32)
        by_out[0, :3] = by_in[:3] * np.array([[2 * (1 - 50)], [4], [4]], np.float32)
        by_out[1, 3, fill], by_out[1, 3, bg] = d - 1, -1
        sel_rows, sel_cols = np.zeros((2, 3), np.float32), np.zeros((2, 3), np.float32)
        sel_rows[0, 0] = sel_cols[0, 0] = 1
        sel_rows[1, 1] = sel_cols[1, 2] = 1
        out = g.Einsum(g.input, g.const(by_in, name="by_in"), g.const(by_out, name="by_out"),
                       g.const(sel_rows, name="sel_rows"), factors, g.const(sel_cols, name="sel_cols"), factors,
                       equation="njhw,sj,tsk,ta,ah,tb,bw->nkhw", name="answer")
        return g.model(out)


def _end_weights(lines: int):
    """(base, reach, [30,2] weights B^-k, B^k on the first `lines` lines), as `first_last_lines` uses for
    lines of at most `lines` cells."""
    base = float(lines + 1) ** 2
    reach = np.log(lines + 1) / np.log(base)
    k = np.arange(N, dtype=np.float64)
    on = k < lines
    weight = np.stack([np.where(on, base ** -k, 0), np.where(on, base ** k, 0)], 1).astype(np.float32)
    return base, reach, weight


def _ends(g: Graph, sums: str, base: float, reach: float, name: str):
    """[first, last] line from weighted sums (`first_last_lines`); none drawn: first +inf, last -inf."""
    signs = np.array([-1.0, 1.0])
    scaled = g.Mul(g.Log(sums, name=f"{name}_log"), g.const((signs / np.log(base)).astype(np.float32),
                                                              name=f"{name}_by_log_base"), name=f"{name}_log_base")
    at = g.Round(g.Add(scaled, g.const((-signs * reach / 2).astype(np.float32), name=f"{name}_half_reach"),
                       name=f"{name}_lines_f"), name=f"{name}_lines")
    return list(g.Split(at, axis=0, outputs=2, name=f"{name}_first_last"))
