"""Scaled marker copies: one small sprite is drawn whole (body colour plus one or two marker cells); elsewhere
only the markers of copies enlarged 1x, 2x or 3x are shown; each copy's body is drawn back at its scale.

The sprite is the body cells with the marker cells joined to them (8-connected, through at most one other
marker); its bounding box (at most 4x4) is the pattern. A copy at scale s is a place where every marker
cell of the pattern, blown up s times, is marker colour and every other cell of the blown-up box is not;
scales are taken 3, 2, 1, each on the marker cells the larger ones left, so the blocks of a big copy are
not read as small copies; a place counts only if one of its marker cells is claimed by no other place of
its scale (markers of two neighbouring copies can line up like one more copy).

Graph (on the whole canvas): MaxPool dilations join the markers to the
body; the pattern's top row and left column come from cumulative profiles (a triangular MatMul), and
one Einsum each reads the 4x4 body and marker kernels out of the grid; a constant Einsum blows them up;
per scale a Conv with the dynamic kernel (markers minus 100 x the rest of the box) finds the copies
(Equal to the marker count; anchors may lie off the grid, up to a box to the top and left), a
ConvTranspose counts the places claiming each cell and a Conv keeps the places owning one, a ConvTranspose of the markers removes the cells they explain, another of
the body draws it; Where paints the body colour on background cells.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_graph import corner_plane
from .._common_grids import same_shape

SCALES = (3, 2, 1)
BOX = 4


def _dilate8(mask):
    p = np.pad(mask, 1)
    h, w = mask.shape
    return np.any([p[1 + dr:1 + dr + h, 1 + dc:1 + dc + w] for dr in (-1, 0, 1) for dc in (-1, 0, 1)], axis=0)


def _pattern(grid, body, marker):
    """(body kernel, marker kernel, box mask), each BOX x BOX, from the whole sprite; or None."""
    b = grid == body
    m = grid == marker
    if not b.any():
        return None
    sprite = b | (m & _dilate8(b | (m & _dilate8(b))))
    rows, cols = np.nonzero(sprite)
    r0, c0 = rows.min(), cols.min()
    th, tw = rows.max() - r0 + 1, cols.max() - c0 + 1
    if th > BOX or tw > BOX:
        return None
    kb = np.zeros((BOX, BOX), bool)
    km = np.zeros((BOX, BOX), bool)
    box = np.zeros((BOX, BOX), bool)
    box[:th, :tw] = True
    win_b = b[r0:r0 + th, c0:c0 + tw]
    win_m = (m & sprite)[r0:r0 + th, c0:c0 + tw]
    kb[:th, :tw] = win_b
    km[:th, :tw] = win_m
    return kb, km, box


def _up(k, s):
    return np.kron(k, np.ones((s, s), k.dtype))


class ScaledMarkerCopies(Solver, name="scaled_marker_copies", tasks=("task101",), refuses="task165",
                         fit_splits=("train", "arc-gen")):
    """One sprite drawn whole (body plus marker cells); copies scaled 1-3x show only their markers: each copy's
    body is drawn back at its scale."""

    def plans(self, examples):
        """(body colour, marker colour, side): the body is the colour the changes bring, the marker the other
        input colour; side 30."""
        if not same_shape(examples):
            return
        news = {int(v) for i, o in examples for v in o[i != o]}
        if len(news) != 1:
            return
        body = news.pop()
        others = {int(v) for i, _ in examples for v in np.unique(i)} - {0, body}
        if len(others) == 1:       # the whole canvas: the task's own test grid is larger than its generator's
            yield body, others.pop(), 30

    def rule(self, plan, grid):
        body, marker, side = plan
        if max(grid.shape) > side or set(np.unique(grid).tolist()) - {0, body, marker}:
            return None
        pat = _pattern(grid, body, marker)
        if pat is None:
            return None
        kb, km, box = pat
        h, w = grid.shape
        left = grid == marker
        paint = np.zeros((h, w), bool)
        for s in SCALES:
            kms, kbs, boxs = _up(km, s), _up(kb, s), _up(box, s)
            n = BOX * s
            p = np.pad(left, n)                     # copies may run off the grid (their markers may not)
            hits = [(r, c) for r in range(1, h + n) for c in range(1, w + n)
                    if p[r:r + n, c:c + n][kms].all() and not p[r:r + n, c:c + n][boxs & ~kms].any()]
            count = np.zeros((h + 2 * n, w + 2 * n), int)
            for r, c in hits:
                count[r:r + n, c:c + n] += kms
            hits = [(r, c) for r, c in hits if (count[r:r + n, c:c + n][kms] == 1).any()]
            covered = np.zeros((h + 2 * n, w + 2 * n), bool)
            drawn = np.zeros((h + 2 * n, w + 2 * n), bool)
            for r, c in hits:
                covered[r:r + n, c:c + n] |= kms
                drawn[r:r + n, c:c + n] |= kbs
            covered, drawn = covered[n:n + h, n:n + w], drawn[n:n + h, n:n + w]
            left = left & ~covered
            paint |= drawn
        return np.where(paint & (grid == 0), body, grid)

    def build(self, plan):
        body, marker, side = plan
        g = Graph()
        w = np.zeros((3, 10), np.float32)
        w[0, body] = 1
        w[1, marker] = 1
        w[2, 0] = 1
        planes = corner_plane(g, w, (side, side), "planes")
        b = g.Slice(planes, g.ints([0]), g.ints([1]), g.ints([1]), name="b")
        m = g.Slice(planes, g.ints([1]), g.ints([2]), g.ints([1]), name="m")
        bg = g.Slice(planes, g.ints([2]), g.ints([3]), g.ints([1]), name="bg")

        def grow(x):
            return g.MaxPool(x, kernel_shape=[3, 3], pads=[1] * 4, name="grow")

        near = g.Min(m, grow(b), name="near")
        sm = g.Min(m, grow(g.Max(b, near, name="b_near")), name="sprite_m")
        sprite = g.Max(b, sm, name="sprite")
        k = np.arange(side)
        before = (k[:, None] < k[None, :]).astype(np.float32)           # [r', r]: r' above r
        shift = np.zeros((BOX, side, side), np.float32)                 # [u, r', r]: r = r' + u
        for u in range(BOX):
            shift[u, k[:side - u], k[:side - u] + u] = 1
        before_c, shift_c = g.const(before, name="before"), g.const(shift, name="shift")
        half = g.const(np.float32(0.5), name="half")

        def first(axis):
            """[side]: one-hot of the sprite's first row (axis 3 reduced) or column."""
            prof = g.Reshape(g.ReduceMax(sprite, axes=[axis], keepdims=1, name="prof"), g.ints([side]), name="prof_f")
            seen = g.Einsum(prof, before_c, equation="q,qr->r", name="seen")
            none_before = g.Cast(g.Less(seen, half, name="fresh_b"), to=1, name="fresh")
            return g.Mul(prof, none_before, name="first"), prof

        row0, rows = first(3)
        col0, cols = first(2)
        rsel = g.Einsum(row0, shift_c, equation="q,uqr->ur", name="rsel")
        csel = g.Einsum(col0, shift_c, equation="q,uqr->ur", name="csel")
        kb = g.Einsum(b, rsel, csel, equation="xyrc,ur,vc->uv", name="kb")
        km = g.Einsum(sm, rsel, csel, equation="xyrc,ur,vc->uv", name="km")
        idx = g.const(np.arange(BOX, dtype=np.float32), name="idx")
        th = g.ReduceSum(rows, keepdims=0, name="th")
        tw = g.ReduceSum(cols, keepdims=0, name="tw")
        in_h = g.Cast(g.Less(idx, th, name="in_h_b"), to=1, name="in_h")
        in_w = g.Cast(g.Less(idx, tw, name="in_w_b"), to=1, name="in_w")
        box = g.Einsum(in_h, in_w, equation="u,v->uv", name="box")
        rest = g.Sub(box, km, name="rest")
        left = m
        paint = None
        for s in SCALES:
            n = BOX * s
            up = np.zeros((n, BOX), np.float32)
            up[np.arange(n), np.arange(n) // s] = 1
            up_c = g.const(up, name=f"up{s}")
            kms = g.Einsum(up_c, km, up_c, equation="Uu,uv,Vv->UV", name="kms")
            kbs = g.Einsum(up_c, kb, up_c, equation="Uu,uv,Vv->UV", name="kbs")
            rests = g.Einsum(up_c, rest, up_c, equation="Uu,uv,Vv->UV", name="rests")
            probe = g.Sub(kms, g.Mul(rests, g.const(np.float32(100), name="hundred"), name="rests100"), name="probe")
            shape4 = g.ints([1, 1, n, n])
            probe = g.Reshape(probe, shape4, name="probe4")
            need = g.ReduceSum(kms, keepdims=0, name="need")
            score = g.Conv(left, probe, kernel_shape=[n, n], pads=[n - 1] * 4, name="score")
            hit = g.Cast(g.Equal(score, need, name="hit_b"), to=1, name="hit")
            kms4 = g.Reshape(kms, shape4, name="kms4")
            count = g.ConvTranspose(hit, kms4, kernel_shape=[n, n], pads=[n - 1] * 4, name="count")
            once = g.Cast(g.Equal(count, g.const(np.float32(1), name="one"), name="once_b"), to=1, name="once")
            own = g.Conv(once, kms4, kernel_shape=[n, n], pads=[n - 1] * 4, name="own")
            hit = g.Mul(hit, g.Cast(g.Greater(own, half, name="own_b"), to=1, name="owns"), name="kept")
            covered = g.ConvTranspose(hit, kms4, kernel_shape=[n, n],
                                      pads=[n - 1] * 4, name="covered")
            drawn = g.ConvTranspose(hit, g.Reshape(kbs, shape4, name="kbs4"), kernel_shape=[n, n],
                                    pads=[n - 1] * 4, name="drawn")
            left = g.Relu(g.Sub(left, covered, name="left_d"), name="left")
            paint = drawn if paint is None else g.Add(paint, drawn, name="paint")
        mask = g.Cast(g.Greater(g.Mul(paint, bg, name="paint_bg"), half, name="mask_b"), to=2, name="mask")
        if side < 30:
            mask = g.Pad(mask, g.ints([0, 0, 0, 0, 0, 0, 30 - side, 30 - side]), name="mask30")
        cond = g.Cast(mask, to=9, name="cond")
        tint = np.zeros((1, 10, 1, 1), np.float32)
        tint[0, body] = 1
        return g.model(g.Where(cond, g.const(tint, name="body_colour"), g.input))
