"""Slide to wall with a backstop: the shape of the mover colour slides straight toward the anchor colour until
their bounding boxes touch, and a full line of a new colour is drawn right behind the moved shape, parallel to
the anchor (the anchor is a full row or column, so the line runs across the grid).

Graph, as slide_to_anchor's (a one-byte colour + 1 code read off the S x S corner by a dilated Conv, the mover's
and anchor's row and column profiles by two Einsums of the input, clipped to 0/1; ArgMax ends, int64 shift, int32
source indices; the mover moved by two Gathers; a uint8 colour + 1 plane (the input's code, mover
lifted) built by Where, padded and compared
with 1..10), plus the backstop: along each axis, where the
anchor lies past the mover's end the line index is anchor start - mover extent - 1, where it lies before the
mover's start it is anchor end + mover extent + 1, otherwise -1 (no line); Equal with an arange gives the
row and column masks, two Wheres paint the line code on that row / column, restricted to the grid by [S] vectors.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_graph import corner_plane
from .._common_grids import same_shape
from .slide_to_anchor import _span, slide


def slide_with_backstop(grid, mover, anchor, line, bg):
    out = slide(grid, mover, anchor, bg)
    if out is None:
        return None
    m, a = grid == mover, grid == anchor
    h, w = grid.shape
    for axis, n in ((0, w), (1, h)):                      # axis 0: a line along columns (a column index)
        (m0, m1), (a0, a1) = _span(m, axis), _span(a, axis)
        extent = m1 - m0 + 1
        at = a0 - extent - 1 if a0 > m1 else a1 + extent + 1 if a1 < m0 else None
        if at is None:
            continue
        if not 0 <= at < n:
            return None
        cells = out[:, at] if axis == 0 else out[at, :]
        if (cells != bg).any():
            return None
        cells[:] = line
    return out


class SlideToWallBackstop(Solver, name="slide_to_wall_backstop", tasks=("task131",), refuses="task008",
                          fit_splits=("train", "arc-gen")):
    """A shape slides straight toward a wall of another colour until it touches, and a full line of a new colour
    is drawn just behind it, parallel to the wall."""

    def plans(self, examples):
        """(mover, anchor, line, background, side): the inputs hold three colours, the outputs one more (the
        line); the mover is the non-background colour whose cells change; the side is the largest grid of train
        and arc-gen (the generator's reach)."""
        if not same_shape(examples):
            return
        ins = {int(v) for i, _ in examples for v in np.unique(i)}
        outs = {int(v) for _, o in examples for v in np.unique(o)}
        if len(ins) != 3 or len(outs - ins) != 1:
            return
        line = (outs - ins).pop()
        bg = int(np.bincount(np.concatenate([i.ravel() for i, _ in examples])).argmax())
        movers = {int(v) for i, o in examples for v in i[(i != o) & (i != bg)]}
        if len(movers) != 1:
            return
        mover = movers.pop()
        anchor = (ins - {mover, bg}).pop()
        side = max(max(i.shape) for i, _ in examples)
        if side < 30:
            yield mover, anchor, line, bg, side

    def rule(self, plan, grid):
        mover, anchor, line, bg, side = plan
        if max(grid.shape) > side:
            return None
        return slide_with_backstop(grid, mover, anchor, line, bg)

    def build(self, plan):
        mover, anchor, line, bg, side = plan
        s = side
        g = Graph()
        code = codes = g.Cast(corner_plane(g, np.arange(1, 11), (s, s), "code_f"), to=2, name="code")  # colour + 1
        # mover and anchor cells per row and column, read off the free input by one Einsum each and clipped to
        # 0/1 ([1,2,30] floats, cheaper than a [1,2,S,S] one-byte plane reduced)
        pick_parts = np.zeros((10, 2), np.float32)
        pick_parts[mover, 0] = pick_parts[anchor, 1] = 1
        pick_parts = g.const(pick_parts, name="pick_parts")
        zero_f, one_f = g.floats(0.0, name="zero_f"), g.floats(1.0, name="one_f")
        rows = g.Clip(g.Einsum(g.input, pick_parts, equation="bcij,ck->bki", name="row_counts"), zero_f, one_f,
                      name="rows")                                                         # [1,2,30]
        cols = g.Clip(g.Einsum(g.input, pick_parts, equation="bcij,ck->bkj", name="col_counts"), zero_f, one_f,
                      name="cols")                                                         # [1,2,30]

        def ends(profile, axis, tag):
            first = g.ArgMax(profile, axis=axis, keepdims=1, name=f"{tag}_first")          # [1,2,1,1]
            last = g.ArgMax(profile, axis=axis, keepdims=1, select_last_index=1, name=f"{tag}_last")
            pick = lambda t, c, n: g.Reshape(g.Slice(t, g.ints([c]), g.ints([c + 1]), g.ints([1]), name=n),
                                             g.ints([1]), name=n + "_1")
            return pick(first, 0, f"{tag}_m0"), pick(last, 0, f"{tag}_m1"), \
                pick(first, 1, f"{tag}_a0"), pick(last, 1, f"{tag}_a1")

        zero, one = g.ints([0], name="z64"), g.ints([1], name="one64")
        none = g.ints([-1], name="none64")
        arange = g.ints(np.arange(s), name="arange")

        def shift(profile, axis, tag):
            m0, m1, a0, a1 = ends(profile, axis, tag)
            toward = g.Max(g.Sub(g.Sub(a0, m1, name=f"{tag}_gap"), one, name=f"{tag}_gap1"), zero, name=f"{tag}_fwd")
            back = g.Min(g.Sub(g.Add(a1, one, name=f"{tag}_a1p"), m0, name=f"{tag}_gapb"), zero, name=f"{tag}_back")
            ext1 = g.Add(g.Sub(m1, m0, name=f"{tag}_ext0"), g.ints([2], name=f"{tag}_two"), name=f"{tag}_ext1")
            before = g.Sub(a0, ext1, name=f"{tag}_before")                                 # anchor past the mover
            after = g.Add(a1, ext1, name=f"{tag}_after")                                   # anchor before it
            at = g.Where(g.Greater(a0, m1, name=f"{tag}_past"), before,
                         g.Where(g.Less(a1, m0, name=f"{tag}_pre"), after, none, name=f"{tag}_at0"), name=f"{tag}_at")
            mask = g.Equal(arange, at, name=f"{tag}_mask")                                 # bool [S]
            return g.Add(toward, back, name=f"{tag}_shift"), mask

        dy, ymask = shift(rows, 2, "dy")
        dx, xmask = shift(cols, 2, "dx")
        ymask4 = g.Reshape(ymask, g.ints([1, 1, s, 1]), name="ymask4")                   # the line's row
        xmask4 = g.Reshape(xmask, g.ints([1, 1, 1, s]), name="xmask4")                   # the line's column
        m = g.Equal(code, g.const(np.uint8(mover + 1), name="mover_code"), name="mover")      # bool [1,1,S,S]
        # the mover (bool) shifted by two Gathers; a source off the grid reads the one empty line padded after it
        # (index -1 or S, the Clip's ends); one Pad adds that line on both axes
        # (int32 indices: half the bytes of the int64 ones the ArgMax shifts come in)
        lowest, highest = g.const(np.int32(-1), name="before_first"), g.const(np.int32(s), name="after_last")
        arange32 = g.const(np.arange(s, dtype=np.int32), name="arange32")
        source = lambda shift, n: g.Clip(g.Sub(arange32, g.Cast(shift, to=6, name=n + "_shift"), name=n + "_raw"),
                                         lowest, highest, name=n)
        mover_b = m
        m = g.Pad(m, g.ints([0, 0, 0, 0, 0, 0, 1, 1]), g.const(np.bool_(False), name="no_mover"),
                  name="mover_padded")                                                      # [1,1,S+1,S+1]
        m = g.Gather(m, source(dy, "row_idx"), axis=2, name="moved_rows")                   # [1,1,S,S+1]
        moved_b = g.Gather(m, source(dx, "col_idx"), axis=3, name="moved_b")               # bool [1,1,S,S]
        code = lambda c, n: g.const(np.uint8(c + 1), name=n)                                # colour + 1; 0 off grid
        # the rule holds only background, mover and anchor cells: the input's code with the mover lifted off
        val = g.Where(mover_b, code(bg, "bgv"), codes, name="val_lifted")
        val = g.Where(moved_b, code(mover, "moverv"), val, name="val_mover")
        # the line's cells: its row (column) gets the line code on the grid's columns (rows), 0 off them, from
        # two Wheres with [S] vectors: no [S,S] line mask
        off, linev = g.const(np.uint8(0), name="offv"), code(line, "linev")
        on = lambda axes, n: g.Greater(g.ReduceMax(codes, axes=axes, name=n + "_max"), off, name=n)
        along_row = g.Where(on([2], "cols_in"), linev, off, name="row_line_codes")        # [1,1,1,S]
        along_col = g.Where(on([3], "rows_in"), linev, off, name="col_line_codes")        # [1,1,S,1]
        val = g.Where(ymask4, along_row, val, name="val_row_line")
        val = g.Where(xmask4, along_col, val, name="val_line")                             # uint8 [1,1,S,S]
        val = g.Pad(val, g.ints([0, 0, 0, 0, 0, 0, 30 - s, 30 - s]), name="val30")
        out = g.Equal(val, g.const(np.arange(1, 11, dtype=np.uint8).reshape(1, 10, 1, 1), name="codes"),
                      name="out")
        return g.model(out)
