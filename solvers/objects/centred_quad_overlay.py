"""Centred quad overlay: every non-background colour is a small point-symmetric group of pixels (four corners
of a rectangle, or a diamond); each group is moved so that its bounding-box centre lands on the centre of a
(2h+1)-square of background, h being half the widest group's extent, and the groups are laid over each other.

Graph (no canvas-sized float intermediates): row and column profiles of the input (ReduceMax), ArgMax for the
first and last row and column of every colour, the colours' sizes (ReduceSum) to tell the background (the most
frequent colour) from the groups, 2h = the largest group extent. A row selector R[c, Y, r] = (2r == first + last
+ 2Y - 2h) and a column selector likewise (bool -> float, [1,10,K,30], K = 2H+1 the largest square) pick each
colour's window around its centre in one Einsum; the background fills the (2h+1)-square's uncovered cells and a
Pad writes `output`.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver


def _groups(grid: np.ndarray):
    """(background, {colour: (row centre*2, col centre*2, extent)}) or None."""
    values, counts = np.unique(grid, return_counts=True)
    if len(values) < 2 or (counts == counts.max()).sum() != 1:
        return None
    bg = int(values[counts.argmax()])
    groups = {}
    for c in values:
        if c == bg:
            continue
        ys, xs = np.nonzero(grid == c)
        groups[int(c)] = (ys.min() + ys.max(), xs.min() + xs.max(), max(ys.max() - ys.min(), xs.max() - xs.min()))
    return bg, groups


def overlay(grid: np.ndarray, max_half: int) -> np.ndarray | None:
    found = _groups(grid)
    if found is None:
        return None
    bg, groups = found
    two_h = max(e for _, _, e in groups.values())
    if two_h % 2 or two_h == 0 or two_h > 2 * max_half:
        return None
    h = two_h // 2
    out = np.full((two_h + 1, two_h + 1), bg, grid.dtype)
    taken = np.zeros(out.shape, bool)
    for c, (r2, c2, _) in groups.items():
        if r2 % 2 or c2 % 2:
            return None
        ys, xs = np.nonzero(grid == c)
        ys, xs = ys - r2 // 2 + h, xs - c2 // 2 + h
        if taken[ys, xs].any():
            return None
        taken[ys, xs] = True
        out[ys, xs] = c
    return out


class CentredQuadOverlay(Solver, name="centred_quad_overlay", tasks=("task308",), refuses="task001",
                         fit_splits=("train", "arc-gen")):
    """Each non-background colour is a point-symmetric group of pixels; all groups are laid over each other,
    centred on a background square as wide as the widest group."""

    def plans(self, examples):
        """The largest half-size H of the squares shown in train and arc-gen (the generator's reach); the
        rule refuses any input needing more."""
        if any(o.shape[0] != o.shape[1] or o.shape[0] % 2 == 0 for _, o in examples):
            return
        yield max(o.shape[0] for _, o in examples) // 2

    def rule(self, plan, grid):
        return overlay(grid, plan)

    def build(self, plan):
        k = 2 * plan + 1
        g = Graph()
        rows = g.ReduceMax(g.input, axes=[3], keepdims=1, name="rows")                    # [1,10,30,1]
        cols = g.ReduceMax(g.input, axes=[2], keepdims=1, name="cols")                    # [1,10,1,30]
        r0 = g.ArgMax(rows, axis=2, keepdims=1, name="r0")                                # int64 [1,10,1,1]
        r1 = g.ArgMax(rows, axis=2, keepdims=1, select_last_index=1, name="r1")
        c0 = g.ArgMax(cols, axis=3, keepdims=1, name="c0")
        c1 = g.ArgMax(cols, axis=3, keepdims=1, select_last_index=1, name="c1")
        size = g.ReduceSum(g.input, axes=[2, 3], keepdims=1, name="size")                 # [1,10,1,1]
        big = g.ReduceMax(size, axes=[1], keepdims=1, name="big")
        zero = g.const(np.float32(0), name="zero")
        fg = g.And(g.Less(size, big, name="small"), g.Greater(size, zero, name="present"), name="fg")
        isbg = g.Equal(size, big, name="isbg")
        fg64 = g.Cast(fg, to=7, name="fg64")
        ext = g.Mul(g.Max(g.Sub(r1, r0, name="er"), g.Sub(c1, c0, name="ec"), name="ext"), fg64, name="fg_ext")
        two_h = g.ReduceMax(ext, axes=[1], keepdims=1, name="two_h")                     # [1,1,1,1]
        twice = g.ints(np.arange(k).reshape(1, 1, k, 1) * 2, name="twiceY")
        offset = g.Sub(twice, two_h, name="offset")                                      # [1,1,K,1]
        pos = g.ints(np.arange(30).reshape(1, 1, 1, 30) * 2, name="twice_r")

        def selector(a, b, tag):
            centre = g.Add(g.Add(a, b, name=f"{tag}_sum"), offset, name=f"{tag}_at")     # [1,10,K,1]
            hit = g.And(g.Equal(centre, pos, name=f"{tag}_eq"), fg, name=f"{tag}_hit")   # [1,10,K,30]
            return g.Cast(hit, to=1, name=f"{tag}_sel")

        rsel, csel = selector(r0, r1, "row"), selector(c0, c1, "col")
        cells = g.Einsum(rsel, g.input, csel, equation="bcyr,bcrk,bcxk->bcyx", name="cells")  # [1,10,K,K]
        ks = g.ints(np.arange(k), name="ks")
        inside = g.Not(g.Greater(g.Reshape(ks, g.ints([1, 1, k, 1]), name="ys"), two_h, name="ybeyond"),
                       name="yin")
        inside_x = g.Not(g.Greater(g.Reshape(ks, g.ints([1, 1, 1, k]), name="xs"), two_h, name="xbeyond"),
                         name="xin")
        square = g.Cast(g.And(inside, inside_x, name="square_b"), to=1, name="square")   # [1,1,K,K]
        covered = g.ReduceSum(cells, axes=[1], keepdims=1, name="covered")
        free = g.Sub(square, covered, name="free")
        out = g.Add(cells, g.Mul(g.Cast(isbg, to=1, name="bg_f"), free, name="bg_cells"), name="all_cells")
        return g.model(g.Pad(out, g.ints([0, 0, 0, 0, 0, 0, 30 - k, 30 - k]), name="padded"))
