"""Slide to anchor: the shape of the mover colour slides in a straight line (up, down, left or right) until its
bounding box touches the anchor colour's bounding box; everything else stays.

Graph, on the square the generator's grids fit in (S x S, read straight off the canvas by a dilated Conv as
one colour-code plane, colour + 1 and 0 outside the grid; one Equal gives mover, anchor and background planes):
row and column profiles (uint8 ReduceMax), ArgMax for the first and last row and column of mover and anchor,
and the shift in int64: dy = max(0, anchor top - mover bottom - 1) + min(0, anchor bottom + 1 - mover top), dx
likewise. The mover plane is moved by two cyclic Gathers (rows, then columns; int32 source indices (r - d) mod
S); one QLinearConv of the old planes and the moved one writes `output`.
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
        k = np.zeros((1, 10), np.float32)
        k[0, :] = np.arange(1, 11)                # colour + 1 (0 outside the grid)
        code = corner_plane(g, k, (s, s), "code")    # float [1,1,S,S]
        codes = np.float32([mover, anchor, bg]).reshape(1, 3, 1, 1) + 1
        planes = g.Cast(g.Equal(code, g.const(codes, name="plane_codes"), name="planes_b"), to=2,
                        name="planes")                                                     # uint8 [1,3,S,S]
        rows = g.ReduceMax(planes, axes=[3], name="rows")                                  # [1,3,S,1]
        cols = g.ReduceMax(planes, axes=[2], name="cols")                                  # [1,3,1,S]

        def ends(profile, axis, tag):
            first = g.ArgMax(profile, axis=axis, keepdims=1, name=f"{tag}_first")          # [1,3,1,1]
            last = g.ArgMax(profile, axis=axis, keepdims=1, select_last_index=1, name=f"{tag}_last")
            pick = lambda t, c, n: g.Reshape(g.Slice(t, g.ints([c]), g.ints([c + 1]), g.ints([1]), name=n),
                                             g.ints([1]), name=n + "_1")
            return pick(first, 0, f"{tag}_m0"), pick(last, 0, f"{tag}_m1"), \
                pick(first, 1, f"{tag}_a0"), pick(last, 1, f"{tag}_a1")

        zero, one = g.ints([0], name="z64"), g.ints([1], name="one64")

        def shift(profile, axis, tag):
            m0, m1, a0, a1 = ends(profile, axis, tag)
            toward = g.Max(g.Sub(g.Sub(a0, m1, name=f"{tag}_gap"), one, name=f"{tag}_gap1"), zero, name=f"{tag}_fwd")
            back = g.Min(g.Sub(g.Add(a1, one, name=f"{tag}_a1p"), m0, name=f"{tag}_gapb"), zero, name=f"{tag}_back")
            return g.Add(toward, back, name=f"{tag}_shift")                               # int64 [1]

        dy, dx = shift(rows, 2, "dy"), shift(cols, 3, "dx")
        # moved[r] = mover[(r - dy) mod S]: the rule keeps the moved shape inside the grid, so no source row
        # that wraps round holds a mover cell and a cyclic Gather needs no zero border
        base = g.const(np.arange(s, dtype=np.int32) + s, name="base")
        side = g.const(np.int32(s), name="side")

        def source(shift_by, tag):
            back = g.Sub(base, g.Cast(shift_by, to=6, name=f"{tag}_32"), name=f"{tag}_back")
            return g.Mod(back, side, name=f"{tag}_source")                                 # int32 [S]

        mover_plane = g.Slice(planes, g.ints([0]), g.ints([1]), g.ints([1]), name="mover_plane")
        moved = g.Gather(mover_plane, source(dy, "row"), axis=2, name="moved_rows")
        moved = g.Gather(moved, source(dx, "col"), axis=3, name="moved")                   # uint8 [1,1,S,S]
        # one QLinearConv writes `output` from [mover, anchor, background, moved] (0/1 bytes): background =
        # old background + old mover - moved (the uint8 result saturates at 0), mover = moved, anchor = anchor
        weights = np.zeros((10, 4, 1, 1), np.int8)
        weights[bg, [0, 2, 3], 0, 0] = 1, 1, -1
        weights[mover, 3, 0, 0] = 1
        weights[anchor, 1, 0, 0] = 1
        unit, zero8 = g.const(np.float32(1), name="unit_scale"), g.const(np.uint8(0), name="zero_point")
        return g.model(g.QLinearConv(g.Concat(planes, moved, axis=1, name="old_and_moved"), unit, zero8,
                                     g.const(weights, name="paint"), unit, g.const(np.int8(0), name="weight_zero"),
                                     unit, zero8, pads=[0, 0, N - s, N - s]))
