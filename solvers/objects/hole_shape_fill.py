"""Hole shape fill: wall-coloured boxes (one in the top half of the grid, one in the bottom half) each
have a background hole; the loose object whose shape is exactly that hole (same pixels up to a shift)
is moved into it: the hole takes the object's colour and the object is erased. Everything else stays.

Shape match without labelling objects: a colour c fits hole k when its pixel count equals the hole's
and some shift lays the hole on c's pixels entirely (the maximum of their cross-correlation equals the
hole's size). The hole is the background inside a box: wall somewhere to its left, right, above and
below. The generator draws distinct object sizes; dust of one further colour could copy a hole's
shape only by chance, and then the rule is ambiguous (the numpy rule answers None).

Graph (on the 10x10 canvas): hole plane from wall prefix sums (MatMuls with triangular matrices),
split into the two halves; one uint8 QLinearConv with the hole planes as dynamic kernels correlates every
colour plane with every hole at every shift (counts fit a byte); ReduceMax -> match[c, k]; one Einsum maps the colour and hole planes
through a 12x10 weight built from match and [n,30] identities onto the canvas, writing `output`.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from ._guards import edits_in_place

C = 10


def _holes(grid, wall):
    w = (grid == wall)
    left = np.cumsum(w, 1) - w > 0
    right = np.cumsum(w[:, ::-1], 1)[:, ::-1] - w > 0
    up = np.cumsum(w, 0) - w > 0
    down = np.cumsum(w[::-1], 0)[::-1] - w > 0
    return (grid == 0) & left & right & up & down


def _fits(mask, hole):
    """True when `mask` is exactly `hole` shifted."""
    if mask.sum() != hole.sum() or not hole.any():
        return False
    (r0, c0), (r1, c1) = np.argwhere(mask).min(0), np.argwhere(hole).min(0)
    shifted = np.zeros_like(mask)
    rs, cs = np.nonzero(hole)
    rs, cs = rs - r1 + r0, cs - c1 + c0
    if rs.max() >= mask.shape[0] or cs.max() >= mask.shape[1]:
        return False
    shifted[rs, cs] = True
    return bool((shifted == mask).all())


def _fill(grid, wall, size):
    if grid.shape != (size, size):
        return None
    holes = _holes(grid, wall)
    out = grid.copy()
    half = size // 2
    for band in (slice(0, half), slice(half, size)):
        hole = np.zeros_like(holes)
        hole[band] = holes[band]
        if not hole.any():
            return None
        found = [c for c in range(1, C) if c != wall and _fits(grid == c, hole)]
        if len(found) != 1:
            return None
        out[grid == found[0]] = 0
        out[hole] = found[0]
    return out


class HoleShapeFill(Solver, name="hole_shape_fill", tasks=("task044",), refuses="task045"):
    """Two wall-coloured boxes (top half, bottom half) each hold a background hole; the loose object whose
    shape is exactly that hole (same pixels up to a shift) moves into it: the hole takes the object's colour
    and the object is erased."""

    def plans(self, examples):
        if not edits_in_place(examples):
            return
        sizes = {i.shape for i, _ in examples}
        if len(sizes) != 1:
            return
        (h, w), = sizes
        if h != w or h % 2:                 # two equal halves
            return
        for wall in range(1, C):
            yield (wall, h)

    def rule(self, plan, grid):
        wall, size = plan
        return _fill(grid, wall, size)

    def build(self, plan):
        wall, n = plan
        g = Graph()
        x = g.Slice(g.input, g.ints([0, 0]), g.ints([n, n]), g.ints([2, 3]), name="grid")      # [1,10,n,n]
        wall_plane = g.Slice(x, g.ints([wall, 0, 0]), g.ints([wall + 1, n, n]), g.ints([1, 2, 3]),
                             name="wall")                                                     # [1,1,n,n]
        bg = g.Slice(x, g.ints([0]), g.ints([1]), g.ints([1]), name="background")             # [1,1,n,n]
        before = np.tril(np.ones((n, n), np.float32), -1)                                       # [i, i'] i' < i
        after = before.T.copy()                                                                 # [i, i'] i' > i
        up = g.MatMul(g.const(before, name="before"), wall_plane, name="wall_above")
        down = g.MatMul(g.const(after, name="after"), wall_plane, name="wall_below")
        left = g.MatMul(wall_plane, g.const(after, name="after"), name="wall_left")            # sum_j' w[i,j'] [j' < j]
        right = g.MatMul(wall_plane, g.const(before, name="before"), name="wall_right")
        enclosed = g.Mul(g.Mul(g.Mul(g.Mul(up, down, name="ud"), left, name="udl"), right, name="udlr"), bg,
                         name="enclosed")                                                       # [1,1,n,n] > 0 at holes
        hole = g.Cast(g.Greater(enclosed, g.floats(0.0, name="zero")), to=1, name="hole")
        band = np.zeros((2, 1, n, 1), np.float32)
        band[0, 0, : n // 2] = 1
        band[1, 0, n // 2:] = 1
        kernels = g.Mul(hole, g.const(band, name="bands"), name="hole_k")                       # [2,1,n,n]
        planes = g.Reshape(g.Cast(x, to=2, name="grid_u8"), g.ints([C, 1, n, n]), name="planes")  # [10,1,n,n] u8
        h = n // 2                                                                              # each hole in its half
        top = g.Slice(kernels, g.ints([0, 0]), g.ints([1, h]), g.ints([0, 2]), name="top_k")
        bottom = g.Slice(kernels, g.ints([1, h]), g.ints([2, n]), g.ints([0, 2]), name="bottom_k")
        cropped = g.Concat(top, bottom, axis=0, name="half_k")                                  # [2,1,h,n]
        one, zero = g.floats(1.0, name="unit_scale"), g.const(np.uint8(0), name="zero_point")
        corr = g.QLinearConv(planes, one, zero, g.Cast(cropped, to=2, name="half_k_u8"), one, zero, one, zero,
                             pads=[h - 1, n - 1, h - 1, n - 1], name="corr")                   # [10,2,n+h-1,2n-1] u8
        best = g.Cast(g.ReduceMax(corr, axes=[2, 3], keepdims=0, name="best_u8"), to=1, name="best")  # [10,2]
        size_k = g.ReduceSum(kernels, axes=[1, 2, 3], keepdims=0, name="hole_size")            # [2]
        count = g.ReduceSum(x, axes=[0, 2, 3], keepdims=0, name="count")                        # [10]
        count = g.Reshape(count, g.ints([C, 1]), name="count_c")                                # [10,1]
        # fit: best == size_k == count  <=>  2 best - size_k - count == 0 (best <= both)
        gap = g.Sub(g.Sub(g.Add(best, best, name="twice"), size_k, name="gap1"), count, name="gap")
        ok = g.Cast(g.Equal(gap, g.floats(0.0, name="zero")), to=1, name="fit")
        allowed = np.ones((C, 1), np.float32)
        allowed[0] = allowed[wall] = 0
        match = g.Mul(ok, g.const(allowed, name="allowed"), name="match")                       # [10,2]
        # one Einsum renders: source planes = the 10 colours and the 2 holes; weight[s, c] says where each goes
        erase = g.ReduceMax(match, axes=[1], keepdims=1, name="erase")                          # [10,1]
        e0_row = np.zeros((1, C), np.float32)
        e0_row[0, 0] = 1
        keep = g.Mul(g.const(np.eye(C, dtype=np.float32), name="eye"), g.Sub(g.floats(1.0, name="one"), erase,
                                                                             name="stay"), name="keep")
        w_colour = g.Add(keep, g.Mul(erase, g.const(e0_row, name="e0_row"), name="to_bg"), name="w_colour")
        filled = g.ReduceMax(match, axes=[0], keepdims=1, name="filled")                        # [1,2]
        w_hole = g.Transpose(g.Sub(match, g.Mul(g.const(e0_row.T.copy(), name="e0_col"), filled, name="off_bg"),
                                   name="w_hole_t"), perm=[1, 0], name="w_hole")                 # [2,10]
        weight = g.Concat(w_colour, w_hole, axis=0, name="weight")                              # [12,10]
        source = g.Concat(x, g.Reshape(kernels, g.ints([1, 2, n, n]), name="holes"), axis=1, name="source")
        canvas = g.const(np.eye(n, 30, dtype=np.float32), name="to_canvas")                     # [n,30]
        return g.model(g.Einsum(source, weight, canvas, canvas, equation="asij,sc,iI,jJ->acIJ"))
