"""Barnacle stripes: a box of frame colour A (two cells thick) holds a solid inner rectangle of colour B; a few
B cells (barnacles) sit on the frame ring next to the inner rectangle. Each barnacle marks the inner row or
column it lines up with: that line turns A inside the inner rectangle and B outside the box (across the whole
grid), and the barnacles themselves become frame again.

The inner rows are the rows holding more than three B cells, the inner columns likewise: the generator draws
an inner rectangle at least 4 cells wide and tall and at most 3 barnacles, so the rule answers None beyond.

Graph (row and column profiles only, then [30,30] one-byte planes): the box's first row and column (ArgMax of
the foreground profiles) locate the frame corner (colour A) and the inner corner two cells in (colour B);
Einsums with the B colour vector give B's row and column counts (> 3.5: inner) and, with the non-inner rows
(columns) as a third operand, the barnacle columns (rows). Outer And/Or of the row and column vectors gives
the line, inner, box and in-grid planes; Where picks the colour code per cell on the S x S square
the generator's grids fit in, a Pad (code 255) restores the canvas and one Equal against 0..9 writes `output`.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import same_shape

MOST_BARNACLES = 3     # the generator draws 2 or 3; its inner rectangle is at least 4 x 4


def stripes(grid: np.ndarray, bg: int):
    fg = grid != bg
    if not fg.any():
        return None
    rows, cols = np.nonzero(fg)
    r0, r1, c0, c1 = rows.min(), rows.max(), cols.min(), cols.max()
    if not fg[r0:r1 + 1, c0:c1 + 1].all() or r1 - r0 < 7 or c1 - c0 < 7:
        return None
    a, b = int(grid[r0, c0]), int(grid[r0 + 2, c0 + 2])
    if a == b or not np.isin(grid, (bg, a, b)).all():
        return None
    bm = grid == b
    inner_r = bm.sum(axis=1) > MOST_BARNACLES
    inner_c = bm.sum(axis=0) > MOST_BARNACLES
    if not (np.array_equal(np.nonzero(inner_r)[0], np.arange(r0 + 2, r1 - 1))
            and np.array_equal(np.nonzero(inner_c)[0], np.arange(c0 + 2, c1 - 1))):
        return None
    inner = inner_r[:, None] & inner_c[None, :]
    if not bm[inner].all() or (bm & ~inner).sum() > MOST_BARNACLES:
        return None
    mark_c = (bm & ~inner_r[:, None]).any(axis=0) & inner_c
    mark_r = (bm & ~inner_c[None, :]).any(axis=1) & inner_r
    if (bm & ~inner & ~inner_r[:, None] & ~inner_c[None, :]).any():
        return None       # a barnacle off every inner row and column: no line to mark
    line = mark_r[:, None] | mark_c[None, :]
    out = np.full_like(grid, bg)
    out[line] = b
    out[r0:r1 + 1, c0:c1 + 1] = a
    out[inner & ~line] = b
    return out


class BarnacleStripes(Solver, name="barnacle_stripes", tasks=("task383",), refuses="task137",
                      fit_splits=("train", "arc-gen")):
    """A two-thick frame box around a solid inner rectangle; frame cells of the inner colour beside the inner
    rectangle mark its rows / columns: those lines turn frame-coloured inside and inner-coloured outside the box."""

    def plans(self, examples):
        """(background, side): the inputs' commonest colour (the same in all) and the largest grid side of
        train and arc-gen (the generator's reach), the square the planes are cropped to."""
        if not same_shape(examples):
            return
        bgs = {int(np.bincount(i.ravel(), minlength=10).argmax()) for i, _ in examples}
        if len(bgs) == 1:
            yield bgs.pop(), max(max(i.shape) for i, _ in examples)

    def rule(self, plan, grid):
        bg, side = plan
        if max(grid.shape) > side:
            return None
        return stripes(grid, bg)

    def build(self, plan):
        bg, s = plan
        g = Graph()
        fg_w = np.ones(10, np.float32)
        fg_w[bg] = 0
        fg_w, all_w = g.const(fg_w[None], name="fg_w"), g.const(np.ones((1, 10), np.float32), name="all_w")
        half = g.const(np.float32(0.5), name="half")
        rows_fg = g.Einsum(g.input, fg_w, equation="bchw,bc->bh", name="rows_fg")          # [1,30]
        cols_fg = g.Einsum(g.input, fg_w, equation="bchw,bc->bw", name="cols_fg")
        r0 = g.ArgMax(rows_fg, axis=1, keepdims=0, name="r0")                                # int64 [1]
        c0 = g.ArgMax(cols_fg, axis=1, keepdims=0, name="c0")
        two = g.ints([0, 2], name="two")
        at_rows = g.Gather(g.input, g.Add(r0, two, name="rr"), axis=2, name="at_rows")     # [1,10,2,30]
        corners = g.Gather(at_rows, g.Add(c0, two, name="cc"), axis=3, name="corners")     # [1,10,2,2]
        va = g.Reshape(g.Slice(corners, g.ints([0, 0]), g.ints([1, 1]), g.ints([2, 3]), name="va4"),
                       g.ints([1, 10]), name="va")
        vb = g.Reshape(g.Slice(corners, g.ints([1, 1]), g.ints([2, 2]), g.ints([2, 3]), name="vb4"),
                       g.ints([1, 10]), name="vb")
        many = g.const(np.float32(MOST_BARNACLES + 0.5), name="many")
        rows_b = g.Einsum(g.input, vb, equation="bchw,bc->bh", name="rows_b")
        cols_b = g.Einsum(g.input, vb, equation="bchw,bc->bw", name="cols_b")
        inner_r, inner_c = g.Greater(rows_b, many, name="inner_r"), g.Greater(cols_b, many, name="inner_c")
        outer_r = g.Cast(g.Not(inner_r, name="outer_rb"), to=1, name="outer_r")
        outer_c = g.Cast(g.Not(inner_c, name="outer_cb"), to=1, name="outer_c")
        off_c = g.Einsum(g.input, vb, outer_r, equation="bchw,bc,bh->bw", name="off_c")
        off_r = g.Einsum(g.input, vb, outer_c, equation="bchw,bc,bw->bh", name="off_r")
        mark_c = g.And(g.Greater(off_c, half, name="off_cb"), inner_c, name="mark_c")
        mark_r = g.And(g.Greater(off_r, half, name="off_rb"), inner_r, name="mark_r")
        box_r, box_c = g.Greater(rows_fg, half, name="box_r"), g.Greater(cols_fg, half, name="box_c")
        in_r = g.Greater(g.Einsum(g.input, all_w, equation="bchw,bc->bh", name="rows_all"), half, name="in_r")
        in_c = g.Greater(g.Einsum(g.input, all_w, equation="bchw,bc->bw", name="cols_all"), half, name="in_c")
        crop = lambda v, n: g.Slice(v, g.ints([0]), g.ints([s]), g.ints([1]), name=n + "_s")
        col = lambda v, n: g.Reshape(crop(v, n), g.ints([s, 1]), name=n)
        row = lambda v, n: g.Reshape(crop(v, n), g.ints([1, s]), name=n)
        line = g.Or(col(mark_r, "mark_rv"), row(mark_c, "mark_cv"), name="line")           # [30,30]
        inner = g.And(col(inner_r, "inner_rv"), row(inner_c, "inner_cv"), name="inner")
        box = g.And(col(box_r, "box_rv"), row(box_c, "box_cv"), name="box")
        ingrid = g.And(col(in_r, "in_rv"), row(in_c, "in_cv"), name="ingrid")
        inner_b = g.And(inner, g.Not(line, name="unlined"), name="inner_b")
        outer_b = g.And(g.And(line, ingrid, name="line_in"), g.Not(box, name="unboxed"), name="outer_b")
        is_b = g.Or(inner_b, outer_b, name="is_b")
        digit = lambda v, n: g.Cast(g.ArgMax(v, axis=1, keepdims=0, name=n + "_i"), to=2, name=n)
        code = g.Where(ingrid, g.const(np.uint8(bg), name="bg8"), g.const(np.uint8(255), name="none8"),
                       name="code0")
        code = g.Where(box, digit(va, "a8"), code, name="code1")
        code = g.Where(is_b, digit(vb, "b8"), code, name="code2")                         # uint8 [30,30]
        code = g.Reshape(code, g.ints([1, 1, s, s]), name="code")
        if s < 30:
            code = g.Pad(code, g.ints([0, 0, 0, 0, 0, 0, 30 - s, 30 - s]), g.const(np.uint8(255), name="none8"),
                         name="code30")
        return g.model(g.Equal(code, g.const(np.arange(10, dtype=np.uint8).reshape(1, 10, 1, 1), name="digits")))
