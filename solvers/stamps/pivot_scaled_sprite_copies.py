"""Pivot scaled sprite copies: one small sprite is drawn whole, a pivot cell of a shared colour among cells of its
own colour; every other copy of it, blown up 1x to 4x and in a colour of its own, shows only its pivot block
and one block of its colour beside it; each copy is drawn whole at its scale and in its colour.

The pivot colour is the one colour touching (8-neighbours) more other colours than any other: the sprite
colours touch only it. The whole sprite is the single pivot cell (no pivot 4-neighbour) with at least two
other coloured cells within two cells; its pattern is what is 8-connected to that pivot through coloured
cells within three cells (two for the copies blown up 2x and more). A copy at scale s is a pivot block
exactly s wide (its top-left cell has no pivot above or to the left); its colour is the one of the cell
next to the block on its right, below, on its left or above (one of them, the shown block, is coloured);
a lone pivot with two coloured cells near, the whole sprite, is no copy. Copies are drawn over the input.

Graph: a uint8 MaxPool dilation of the input and one MatMulInteger count which colours touch which; ArgMax
of the count of touched colours is the pivot; a dynamic 1x1 Conv gives the pivot, coloured and colour-value
planes; a 5x5 Conv finds the whole sprite's pivot, a Conv with it as kernel lifts the 7x7 windows around
it and six masked MaxPools follow the sprite's cells; a constant Einsum blows the pattern up to the four
scales (20x20 kernels); one Conv finds the pivot blocks of each scale and reads the colour beside them
(Relu of the colour plus 37 x (block score - 1)), and a ConvTranspose draws the copies' colours; one Equal writes the output.
"""
from __future__ import annotations

import numpy as np
from onnx import TensorProto

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import same_shape

SCALES = (1, 2, 3, 4)
REACH = 3           # the pattern's window: 3 cells around the pivot at scale 1, 2 at larger scales
FOLLOW = 6          # steps to follow the sprite's cells from its pivot inside the 7x7 window
KER = 20            # the largest blown-up pattern: 5 cells x 4
ANCHOR = 8          # where the pivot block's top-left sits in a blown-up kernel
KILL = 37           # above the four colour probes' largest sum (4 x 9)


def _shift(mask: np.ndarray, dr: int, dc: int) -> np.ndarray:
    """out[r, c] = mask[r + dr, c + dc], zero outside."""
    h, w = mask.shape
    out = np.zeros_like(mask)
    out[max(0, -dr):min(h, h - dr), max(0, -dc):min(w, w - dc)] = \
        mask[max(0, dr):min(h, h + dr), max(0, dc):min(w, w + dc)]
    return out


def _dilate8(mask: np.ndarray) -> np.ndarray:
    return np.any([_shift(mask, a, b) for a in (-1, 0, 1) for b in (-1, 0, 1)], axis=0)


def pivot_colour(grid: np.ndarray, bg: int):
    touch = np.zeros(10, int)
    for a in range(10):
        if a == bg or not (grid == a).any():
            continue
        near = _dilate8(grid == a)
        touch[a] = sum(1 for b in range(10) if b not in (a, bg) and (near & (grid == b)).any())
    best = int(np.argmax(touch))
    if touch[best] == 0 or (touch == touch[best]).sum() > 1:
        return None
    return best


def copies(grid: np.ndarray, bg: int):
    pivot = pivot_colour(grid, bg)
    if pivot is None:
        return None
    h, w = grid.shape
    p = grid == pivot
    other = (grid != bg) & ~p
    alone = p & ~_shift(p, -1, 0) & ~_shift(p, 1, 0) & ~_shift(p, 0, -1) & ~_shift(p, 0, 1)
    near = sum(_shift(other, a, b).astype(int) for a in range(-2, 3) for b in range(-2, 3))
    whole = np.argwhere(alone & (near >= 2))
    if len(whole) != 1:
        return None
    r0, c0 = whole[0]
    pad = np.zeros((h + 2 * REACH, w + 2 * REACH), int)
    pad[REACH:REACH + h, REACH:REACH + w] = np.where(grid == bg, 0, np.where(p, 1, 2))
    win = pad[r0:r0 + 2 * REACH + 1, c0:c0 + 2 * REACH + 1]
    reach = np.zeros(win.shape, bool)
    reach[REACH, REACH] = True
    for _ in range(FOLLOW):
        reach = _dilate8(reach) & (win > 0)
    pattern = reach & (win == 2)
    value = np.where(other, grid, 0)
    top_left = p & ~_shift(p, -1, 0) & ~_shift(p, 0, -1)
    paint = np.zeros((h, w), int)
    for s in SCALES:
        exact = top_left & ~_shift(p, 0, s)
        for k in range(s):
            exact &= _shift(p, 0, k)
        if s == 1:
            if (exact & (near == 0)).any():
                return None         # never drawn: every pivot has a coloured block beside it
            exact &= near == 1
        colour = _shift(value, 0, s) + _shift(value, s, 0) + _shift(value, 0, -1) + _shift(value, -1, 0)
        cut = REACH if s == 1 else 2
        for r, c in np.argwhere(exact & (colour > 0)):
            for u, v in np.argwhere(pattern):
                du, dv = u - REACH, v - REACH
                if max(abs(du), abs(dv)) > cut:
                    continue
                y, x = r + s * du, c + s * dv
                paint[max(0, y):max(0, min(h, y + s)), max(0, x):max(0, min(w, x + s))] += colour[r, c]
    if ((paint > 0) & ((paint > 9) | (paint == bg))).any():
        return None
    return np.where(paint > 0, paint, grid)


def _blow_up() -> np.ndarray:
    """[4, KER, 7]: row ANCHOR + s (u - REACH) + a of scale s takes window row u (within 2 for s > 1)."""
    u_s = np.zeros((len(SCALES), KER, 2 * REACH + 1), np.float32)
    for i, s in enumerate(SCALES):
        cut = REACH if s == 1 else 2
        for u in range(REACH - cut, REACH + cut + 1):
            for a in range(s):
                u_s[i, ANCHOR + s * (u - REACH) + a, u] = 1
    return u_s


class PivotScaledSpriteCopies(Solver, name="pivot_scaled_sprite_copies", tasks=("task133",),
                              refuses="task191"):
    """Same-shape grids: a whole sprite around a pivot cell; copies blown up 1x to 4x show only their pivot block
    and one block of their own colour; each copy is drawn whole in its colour."""

    def plans(self, examples):
        if not same_shape(examples):
            return
        yield 0,

    def rule(self, plan, grid):
        return copies(grid, plan[0])

    def build(self, plan):
        bg, = plan
        g = Graph()
        n = 900
        x8 = g.Cast(g.input, to=TensorProto.UINT8, name="x8")
        d8 = g.MaxPool(x8, kernel_shape=[3, 3], pads=[1, 1, 1, 1], name="near8")
        xt = g.Transpose(g.Reshape(x8, g.ints([10, n]), name="x_flat"), perm=[1, 0], name="x_t")
        touch = g.MatMulInteger(g.Reshape(d8, g.ints([10, n]), name="near_flat"), xt, name="touch")  # [10,10]
        mask = np.ones((10, 10), np.float32)
        np.fill_diagonal(mask, 0)
        mask[bg, :], mask[:, bg] = 0, 0
        touched = g.Mul(g.Cast(g.Greater(touch, g.const(np.int32(0), name="zero_i32"), name="touch_b"), to=1,
                               name="touch_f"), g.const(mask, name="pair_mask"), name="touched")
        pivot = g.ArgMax(g.ReduceSum(touched, axes=[1], keepdims=0, name="degree"), axis=0, keepdims=1,
                         name="pivot")                                                    # [1]
        onehot = g.Cast(g.Equal(g.const(np.arange(10, dtype=np.int64), name="arange"), pivot, name="is_pivot"),
                        to=1, name="pivot_hot")                                             # [10]
        coloured = np.ones(10, np.float32)
        coloured[bg] = 0
        other_w = g.Sub(g.const(coloured, name="coloured"), onehot, name="other_w")
        value = np.arange(10, dtype=np.float32) * coloured
        value_w = g.Mul(g.const(value, name="values"), other_w, name="value_w")
        w3 = g.Reshape(g.Concat(onehot, other_w, value_w, axis=0, name="w3f"), g.ints([3, 10, 1, 1]), name="w3")
        planes = g.Conv(g.input, w3, kernel_shape=[1, 1], name="planes")    # pivot, coloured, colour value

        # the whole sprite's pivot: alone (no pivot 4-neighbour) with >= 2 coloured cells within two cells
        wt = np.zeros((1, 3, 5, 5), np.float32)
        wt[0, 0, 2, 2] = 30
        for a, b in ((1, 2), (3, 2), (2, 1), (2, 3)):
            wt[0, 0, a, b] = -30
        wt[0, 1] = 1
        whole = g.Clip(g.Conv(planes, g.const(wt, name="whole_w"), g.floats([-31.0], name="whole_b"),
                              kernel_shape=[5, 5], pads=[2, 2, 2, 2], name="whole_score"),
                       g.floats(0.0, name="f0"), g.floats(1.0, name="f1"), name="whole")
        r = REACH
        win = g.Conv(g.Reshape(g.Slice(planes, g.ints([0]), g.ints([2]), g.ints([1]), name="pc"),
                               g.ints([2, 1, 30, 30]), name="pc_batch"), whole,
                     kernel_shape=[30, 30], pads=[r, r, r, r], name="win")                 # [2, 1, 7, 7]
        body = g.ReduceSum(win, axes=[0], keepdims=1, name="body")                          # [1, 1, 7, 7]
        seed = np.zeros((1, 1, 2 * r + 1, 2 * r + 1), np.float32)
        seed[0, 0, r, r] = 1
        reach = g.const(seed, name="seed")
        for _ in range(FOLLOW):
            reach = g.Min(g.MaxPool(reach, kernel_shape=[3, 3], pads=[1, 1, 1, 1], name="grow"), body,
                          name="reach")
        other_win = g.Slice(win, g.ints([1]), g.ints([2]), g.ints([0]), name="other_win")
        pattern = g.Reshape(g.Mul(reach, other_win, name="pattern4"), g.ints([2 * r + 1, 2 * r + 1]),
                            name="pattern")
        u_s = g.const(_blow_up(), name="blow_up")
        kern = g.Reshape(g.Einsum(u_s, pattern, u_s, equation="sia,ab,sjb->sij", name="kern_f"),
                         g.ints([len(SCALES), 1, KER, KER]), name="kern")

        # pivot blocks exactly s wide (top-left cells; scale 1 also wants exactly one coloured cell near) score
        # 1, any other cell <= 0; the colour beside them is added, and KILL x (score - 1) wipes out the rest
        wm = np.zeros((len(SCALES), 3, 7, 7), np.float32)      # rows, cols -2..4
        bm = np.zeros(len(SCALES), np.float32)
        for i, s in enumerate(SCALES):
            wm[i, 0, 2, 2:2 + s] = 1
            wm[i, 0, 2, 2 + s] = -5
            wm[i, 0, 2, 1] = -5
            wm[i, 0, 1, 2] = -5
            bm[i] = -(s - 1)
            if s == 1:                  # 6 x pivot - 5 x coloured cells near: 1 only with exactly one
                wm[i, 0, 2, 2] = 6
                wm[i, 1, :5, :5] = -5
        wm, bm = KILL * wm, KILL * (bm - 1)
        for i, s in enumerate(SCALES):
            for a, b in ((0, s), (s, 0), (0, -1), (-1, 0)):
                wm[i, 2, 2 + a, 2 + b] += 1
        marks = g.Relu(g.Conv(planes, g.const(wm, name="mark_w"), g.const(bm, name="mark_b"),
                              kernel_shape=[7, 7], pads=[2, 2, 4, 4], name="mark_score"), name="marks")
        far = KER - 1 - ANCHOR + 30 - 30
        paint = g.ConvTranspose(marks, kern, kernel_shape=[KER, KER], pads=[ANCHOR, ANCHOR, far, far],
                                name="paint")                                               # [1, 1, 30, 30]
        code1 = g.Conv(g.input, g.const((np.arange(10, dtype=np.float32) + 1).reshape(1, 10, 1, 1),
                                        name="code_w"), kernel_shape=[1, 1], name="code1")
        painted = g.Greater(paint, g.floats(0.5, name="half"), name="painted")
        key = g.Where(painted, g.Add(paint, g.floats(1.0, name="f1"), name="paint1"), code1, name="key")
        codes = (np.arange(10, dtype=np.float32) + 1).reshape(1, 10, 1, 1)
        return g.model(g.Equal(key, g.const(codes, name="codes"), name="out"))
