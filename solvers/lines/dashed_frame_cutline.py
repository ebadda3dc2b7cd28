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

Graph: row and column counts of the line colour (the fitted left column counted as drawn) as one [2,30]
profile; its first and last drawn lines (ArgMax both ways) give the frame's span and its strict inside by
comparisons with the line index; inside counts and two small Einsums give the cut line and the scores that
pick its direction; the answer is one Einsum of the input with rank-1 row/column factors (identity, plus
"background -> fill" on the frame and the chosen cut line).
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import same_shape


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
            if len(lefts) == 1:
                yield bg, line, fill, lefts.pop()
            yield bg, line, fill, None

    def rule(self, plan, grid):
        bg, line, fill, left = plan
        m = frame_mask(grid, line, left)
        if m is None:
            return None
        return np.where(m & (grid == bg), fill, grid)

    def build(self, plan):
        bg, line, fill, left = plan
        g = Graph()
        e = np.zeros(10, np.float32)
        e[line] = 1
        e = g.const(e, name="line_colour")
        rows = g.Einsum(g.input, e, equation="nchw,c->nh", name="row_counts")
        cols = g.Einsum(g.input, e, equation="nchw,c->nw", name="col_counts")
        if left is not None:            # the left side's column counts as drawn
            pin = np.zeros((1, 30), np.float32)
            pin[0, left] = 1
            cols = g.Add(cols, g.const(pin, name="left_side"), name="col_counts_pinned")
        prof = g.Concat(rows, cols, axis=0, name="profile")                 # [2,30]: rows, columns
        # the frame's first and last line per axis (ArgMax both ways over the drawn lines)
        drawn = g.Cast(g.Greater(prof, g.floats(0.0, name="zero"), name="drawn_b"), to=2, name="drawn")
        first = g.ArgMax(drawn, axis=1, keepdims=1, name="first_line")                     # [2,1]
        last = g.ArgMax(drawn, axis=1, keepdims=1, select_last_index=1, name="last_line")
        at = g.const(np.arange(30, dtype=np.int64).reshape(1, 30), name="line_index")
        between = lambda lo, hi, name: g.Cast(g.And(lo, hi, name=f"{name}_b"), to=1, name=name)
        inside = between(g.GreaterOrEqual(at, first, name="from_first"), g.LessOrEqual(at, last, name="to_last"),
                         "span")                                             # the frame's rows / columns
        strict = between(g.Greater(at, first, name="after_first"), g.Less(at, last, name="before_last"), "strict")
        side = g.Sub(inside, strict, name="side")                            # the frame's sides
        # line cells strictly inside, per row (over inside columns) and per column (over inside rows)
        in_rows = g.Einsum(g.input, e, strict, g.floats([0, 1], name="pick_cols"),
                           equation="nchw,c,aw,a->nh", name="inner_rows")
        in_cols = g.Einsum(g.input, e, strict, g.floats([1, 0], name="pick_rows"),
                           equation="nchw,c,ah,a->nw", name="inner_cols")
        cut = g.Sign(g.Mul(g.Concat(in_rows, in_cols, axis=0, name="inner"), strict), name="cut")
        # one step in from either end of the frame's span
        step = g.const(np.array(1, np.int64), name="step")
        near = g.Cast(g.Or(g.Equal(at, g.Add(first, step, name="second_line"), name="at_second"),
                           g.Equal(at, g.Sub(last, step, name="second_last_line"), name="at_second_last"),
                           name="near_b"), to=1, name="near_side")
        # features per axis (rows, columns): cut lines, cut cells next to a side, frame length; the cut line
        # is a row when 4 (ncols - nrows) + 3 (near_cols - near_rows) + (tall - wide) + 1/2 > 0
        feats = g.Concat(g.ReduceSum(cut, axes=[1], keepdims=1, name="n_cut"),
                         g.ReduceSum(g.Mul(cut, near), axes=[1], keepdims=1, name="n_near"),
                         g.ReduceSum(inside, axes=[1], keepdims=1, name="length"), axis=1, name="feats")
        weights = g.floats([[-4, -3, 1], [4, 3, -1]], name="weights")
        score = g.Einsum(feats, weights, equation="ak,ak->", name="score")
        across = g.Cast(g.Greater(score, g.floats(-0.5, name="half")), to=1, name="across")
        gate = g.Add(g.Mul(across, g.floats([[1], [-1]], name="sign")), g.floats([[0], [1]], name="base"))
        lines = g.Add(side, g.Mul(cut, gate, name="cut_kept"), name="lines")     # [2,30], frame sides + cut
        stack = g.Concat(g.floats(np.ones((1, 30)), name="ones"), inside, lines, axis=0, name="stack")
        # factors t: 0 identity (ones x ones); 1 frame rows x marked columns; 2 marked rows x frame columns
        sel_rows = np.zeros((3, 5), np.float32)
        sel_cols = np.zeros((3, 5), np.float32)
        sel_rows[0, 0] = sel_cols[0, 0] = 1
        sel_rows[1, 1], sel_cols[1, 4] = 1, 1        # span rows x line columns
        sel_rows[2, 3], sel_cols[2, 2] = 1, 1        # line rows x span columns
        paint = np.zeros((3, 10, 10), np.float32)
        paint[0] = np.eye(10)
        paint[1:, fill, bg] = 1
        paint[1:, bg, bg] = -1
        out = g.Einsum(g.input, g.const(paint, name="paint"), g.const(sel_rows, name="sel_rows"), stack,
                       g.const(sel_cols, name="sel_cols"), stack,
                       equation="njhw,tkj,ts,sh,tr,rw->nkhw", name="answer")
        return g.model(out)
