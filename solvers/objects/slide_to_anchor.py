"""Slide to anchor: the shape of the mover colour slides in a straight line (up, down, left or right) until its
bounding box touches the anchor colour's bounding box; everything else stays.

Graph, on the square the generator's grids fit in (S x S, read straight off the canvas by a cropping
ConvTranspose as one uint8 code plane: anchor 0, outside the grid 1, background 2, mover 3): the anchor's and
mover's first and last rows and columns by ArgMin / ArgMax over Min / Max profiles of the code (they are its
extremes), and the shift in int64: dy = max(0, anchor top - mover bottom - 1) + min(0, anchor bottom + 1 -
mover top), dx likewise. The mover plane (code // 3, no Equal and Cast) is moved by two cyclic Gathers (rows,
then columns; int32 source indices r - S + ((-d) mod S), negative: Gather adds S); one QLinearConv of the code and the moved plane writes `output` (no per-colour planes).
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_graph import corner_plane
from .._common_grids import N, same_shape


def _span(mask: np.ndarray, axis: int):
    idx = np.nonzero(mask.any(axis=axis))[0]
    return int(idx[0]), int(idx[-1])


def slide(grid: np.ndarray, mover: int, anchor: int, bg: int) -> np.ndarray | None:
    m, a = grid == mover, grid == anchor
    if not m.any() or not a.any() or not np.isin(grid, (mover, anchor, bg)).all():
        return None
    (mt, mb), (at, ab) = _span(m, 1), _span(a, 1)
    (ml, mr), (al, ar) = _span(m, 0), _span(a, 0)
    dy = max(0, at - mb - 1) + min(0, ab + 1 - mt)
    dx = max(0, al - mr - 1) + min(0, ar + 1 - ml)
    h, w = grid.shape
    if mt + dy < 0 or mb + dy >= h or ml + dx < 0 or mr + dx >= w:
        return None
    moved = np.zeros_like(m)
    moved[mt + dy:mb + dy + 1, ml + dx:mr + dx + 1] = m[mt:mb + 1, ml:mr + 1]
    if (moved & a).any():
        return None
    out = np.where(m, bg, grid)
    out[moved] = mover
    return out


class SlideToAnchor(Solver, name="slide_to_anchor", tasks=("task008",), refuses="task243",
                    fit_splits=("train", "arc-gen")):
    """One shape slides straight toward a fixed anchor shape of another colour until their bounding boxes touch."""

    def plans(self, examples):
        """(mover, anchor, background, side): the mover is the one colour that leaves cells, the anchor the
        inputs' one other colour; the side is the largest grid of train and arc-gen (the generator's reach)."""
        if not same_shape(examples):
            return
        changed = [i != o for i, o in examples]
        moved = {int(v) for (i, o), c in zip(examples, changed) for v in np.concatenate([i[c], o[c]])}
        colours = {int(v) for i, _ in examples for v in np.unique(i)}
        if len(colours) != 3 or len(moved) != 2:
            return
        bg = moved - {c for c in moved if all((i == c).sum() < i.size / 2 for i, _ in examples)}
        if len(bg) != 1:
            return
        bg = bg.pop()
        mover = (moved - {bg}).pop()
        anchor = (colours - {mover, bg}).pop()
        yield mover, anchor, bg, max(max(i.shape) for i, _ in examples)

    def rule(self, plan, grid):
        mover, anchor, bg, side = plan
        if max(grid.shape) > side:
            return None
        return slide(grid, mover, anchor, bg)

    def build(self, plan):
        mover, anchor, bg, side = plan
        s = side
        g = Graph()
        # raw code: anchor 0, outside the grid 1, background 2, mover 3 (the QLinearConv reads it less 1, so
        # its padding is "outside"); anchor and mover are the extremes, so Min/Max profiles find them
        k = np.zeros(10, np.float32)
        k[[anchor, bg, mover]] = -1, 1, 2
        code = g.Cast(corner_plane(g, k, (s, s), "code", bias=[1]), to=2, name="code_u8")   # uint8 [1,1,S,S]
        rows_min = g.ReduceMin(code, axes=[3], name="rows_min")                             # [1,1,S,1]
        rows_max = g.ReduceMax(code, axes=[3], name="rows_max")
        cols_min = g.ReduceMin(code, axes=[2], name="cols_min")                             # [1,1,1,S]
        cols_max = g.ReduceMax(code, axes=[2], name="cols_max")
        zero, one = g.ints([0], name="z64"), g.ints([1], name="one64")
        flat = g.ints([1], name="flat")

        def shift(lo, hi, axis, tag):
            """int64 [1]: max(0, anchor first - mover last - 1) + min(0, anchor last + 1 - mover first)."""
            a0 = g.ArgMin(lo, axis=axis, keepdims=1, name=f"{tag}_a0")
            a1 = g.ArgMin(lo, axis=axis, keepdims=1, select_last_index=1, name=f"{tag}_a1")
            m0 = g.ArgMax(hi, axis=axis, keepdims=1, name=f"{tag}_m0")
            m1 = g.ArgMax(hi, axis=axis, keepdims=1, select_last_index=1, name=f"{tag}_m1")
            toward = g.Max(g.Sub(g.Sub(a0, m1, name=f"{tag}_gap"), one, name=f"{tag}_gap1"), zero, name=f"{tag}_fwd")
            back = g.Min(g.Sub(g.Add(a1, one, name=f"{tag}_a1p"), m0, name=f"{tag}_gapb"), zero, name=f"{tag}_back")
            return g.Reshape(g.Add(toward, back, name=f"{tag}_shift4"), flat, name=f"{tag}_shift")

        dy, dx = shift(rows_min, rows_max, 2, "dy"), shift(cols_min, cols_max, 3, "dx")
        # moved[r] = mover[(r - dy) mod S]: the rule keeps the moved shape inside the grid, so no source row
        # that wraps round holds a mover cell and a cyclic Gather needs no zero border
        # the shift's (-d) mod S on the [1] scalar, then added to r - S (< 0): a Gather reads index i < 0 as
        # i + S, so r - S + ((-d) mod S) is (r - d) mod S with no [S] Sub and Mod
        base = g.const(np.arange(s, dtype=np.int32) - s, name="base")
        side = g.ints([s], name="side")

        def source(shift_by, tag):
            back = g.Mod(g.Sub(side, shift_by, name=f"{tag}_back"), side, name=f"{tag}_back_mod")   # int64 [1]
            return g.Add(base, g.Cast(back, to=6, name=f"{tag}_32"), name=f"{tag}_source")   # int32 [S], < 0

        mover_plane = g.Div(code, g.const(np.uint8(3), name="mover_code"), name="mover_plane")  # 1 at the mover
        moved = g.Gather(mover_plane, source(dy, "row"), axis=2, name="moved_rows")
        moved = g.Gather(moved, source(dx, "col"), axis=3, name="moved")                      # uint8 [1,1,S,S]
        # one QLinearConv (zero point 1) writes `output` from (k, m) = (code - 1, moved - 1), both 0 on padding:
        # anchor -k; background k - 4 m - 4 (old background or mover, not moved onto); mover k + 2 m (moved)
        weights = np.zeros((10, 2, 1, 1), np.int8)
        bias = np.zeros(10, np.int32)
        weights[anchor, :, 0, 0] = -1, 0
        weights[bg, :, 0, 0], bias[bg] = (1, -4), -4
        weights[mover, :, 0, 0] = 1, 2
        unit = g.const(np.float32(1), name="unit_scale")
        return g.model(g.QLinearConv(g.Concat(code, moved, axis=1, name="code_and_moved"), unit,
                                     g.const(np.uint8(1), name="code_zero"), g.const(weights, name="paint"), unit,
                                     g.const(np.int8(0), name="weight_zero"), unit,
                                     g.const(np.uint8(0), name="zero_point"), g.const(bias, name="paint_bias"),
                                     pads=[0, 0, N - s, N - s]))
