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

Graph: one Einsum of the input with itself through a [30,30] band matrix counts which colours touch which;
ArgMax of the count of touched colours is the pivot; a 1x1 uint8 QLinearConv with run-time weights gives four
planes (41 x pivot, 41 x other coloured, their colour + 1, colour + 1); a 5x5 QLinearConv finds the whole
sprite's pivot, ArgMax of its row and column maxima places a 7x7 window Gathered from the planes (off-grid
cells masked), and six masked uint8 MaxPools follow the sprite's cells; the flipped pattern is blown up to
the four scales by nearest Resizes and padded to 20x20 kernels; one int8-weight QLinearConv finds the pivot
blocks of each scale and reads the colour code beside them (the code plus 41 x (block score - 1), saturated at
0), and a QLinearConv with the kernels draws the copies' codes; as the generator's copies lie on the grid, over
background or their own shown block, Max with the grid's codes is the answer's code; one Equal writes the output.
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
KILL = 41           # above the four colour probes' largest sum (4 x 10)


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
        u8, i8 = TensorProto.UINT8, TensorProto.INT8
        one_f = g.const(np.float32(1), name="unit_scale")
        zero_u8 = g.const(np.uint8(0), name="zp_u8")
        zero_i8 = g.const(np.int8(0), name="zp_i8")

        def qconv(x, w, w_zero, bias=None, y_zero=zero_u8, **attrs):
            """uint8 Conv, scales 1: round(sum x w + bias) + y_zero, saturated to 0..255."""
            ins = [x, one_f, zero_u8, w, one_f, w_zero, one_f, y_zero] + ([bias] if bias is not None else [])
            return g.QLinearConv(*ins, **attrs)

        # which colours touch which (8-neighbours): one Einsum of the input with itself through a band matrix
        band = (np.abs(np.subtract.outer(np.arange(30), np.arange(30))) <= 1).astype(np.float32)
        bandc = g.const(band, name="band")
        touch = g.Einsum(g.input, bandc, bandc, g.input, equation="bchw,hH,wW,bdHW->cd", name="touch")  # [10,10]
        mask = np.ones((10, 10), np.float32)
        np.fill_diagonal(mask, 0)
        mask[bg, :], mask[:, bg] = 0, 0
        touched = g.Where(g.Greater(touch, g.floats(0.5, name="half"), name="touch_b"), g.const(mask, name="pair_mask"),
                          g.floats(0.0, name="f0"), name="touched")
        pivot = g.ArgMax(g.ReduceSum(touched, axes=[1], keepdims=0, name="degree"), axis=0, keepdims=1,
                         name="pivot")                                                    # [1]
        # planes (uint8, one 1x1 QLinearConv of the input): KILL x pivot, KILL x other coloured, colour + 1 on
        # the other coloured cells (0 elsewhere), colour + 1 (0 off the grid)
        coloured = np.ones(10, np.float32)
        coloured[bg] = 0
        value = (np.arange(10, dtype=np.float32) + 1) * coloured
        base = np.stack([np.zeros(10), KILL * coloured, value, np.arange(10) + 1]).astype(np.float32)
        at_pivot = np.stack([np.full(10, KILL), np.zeros(10), np.zeros(10), np.arange(10) + 1]).astype(np.float32)
        is_pivot = g.Equal(g.const(np.arange(10, dtype=np.int64).reshape(1, 10, 1, 1), name="arange"), pivot,
                           name="is_pivot")                                                 # [1,10,1,1]
        wp = g.Where(is_pivot, g.const(at_pivot.reshape(4, 10, 1, 1), name="w_pivot"),
                     g.const(base.reshape(4, 10, 1, 1), name="w_other"), name="plane_w_f")
        x8 = g.Cast(g.input, to=u8, name="x8")
        planes = qconv(x8, g.Cast(wp, to=u8, name="plane_w"), zero_u8, name="planes")    # [1,4,30,30]

        # the whole sprite's pivot: alone (no pivot 4-neighbour) with >= 2 coloured cells within two cells
        wt = np.zeros((1, 4, 5, 5), np.int8)
        wt[0, 0, 2, 2] = 30
        for a, b in ((1, 2), (3, 2), (2, 1), (2, 3)):
            wt[0, 0, a, b] = -30
        wt[0, 1] = 1
        whole = qconv(planes, g.const(wt, name="whole_w"), zero_i8, g.const(np.array([-31 * KILL], np.int32),
                      name="whole_b"), pads=[2, 2, 2, 2], name="whole")                    # [1,1,30,30] > 0 there
        r = REACH
        offsets = g.const(np.arange(-r, r + 1, dtype=np.int64), name="offsets")
        lo, hi = g.const(np.int64(0), name="lo"), g.const(np.int64(29), name="hi")

        def window(axis, other):
            at = g.ArgMax(g.ReduceMax(whole, axes=[1, other], keepdims=0, name=f"whole_{axis}"), axis=1,
                          keepdims=0, name=f"at_{axis}")                                    # [1]
            idx = g.Add(at, offsets, name=f"idx_{axis}")                                    # [7]
            inside = g.Cast(g.And(g.GreaterOrEqual(idx, lo, name=f"ge_{axis}"), g.LessOrEqual(idx, hi, name=f"le_{axis}"),
                                  name=f"in_{axis}_b"), to=u8, name=f"in_{axis}")
            return g.Clip(idx, lo, hi, name=f"idx_{axis}_c"), inside

        rows, row_in = window(2, 3)
        cols, col_in = window(3, 2)
        win = g.Gather(g.Gather(planes, rows, axis=2, name="win_rows"), cols, axis=3, name="win_raw")  # [1,4,7,7]
        inside = g.Mul(g.Unsqueeze(row_in, axes=[1], name="row_in_col"), col_in, name="win_inside")    # [7,7]
        win = g.Mul(g.Slice(win, g.ints([0]), g.ints([2]), g.ints([1]), name="win_po"), inside, name="win")
        body = g.ReduceMax(win, axes=[1], keepdims=1, name="body")                          # [1,1,7,7]: 0 / KILL
        seed = np.zeros((1, 1, 2 * r + 1, 2 * r + 1), np.uint8)
        seed[0, 0, r, r] = KILL
        reach = g.const(seed, name="seed")
        for _ in range(FOLLOW):
            reach = g.Min(g.MaxPool(reach, kernel_shape=[3, 3], pads=[1, 1, 1, 1], name="grow"), body,
                          name="reach")
        other_win = g.Slice(win, g.ints([1]), g.ints([2]), g.ints([1]), name="other_win")
        pattern = g.Min(g.Min(reach, other_win, name="pattern_kill"), g.const(np.uint8(1), name="u8_one"),
                        name="pattern")                                                     # [1,1,7,7] 0/1
        flipped = g.Slice(pattern, g.ints([-1, -1], name="rev_lo"), g.ints([-100, -100], name="rev_hi"),
                          g.ints([2, 3], name="ax23"), g.ints([-1, -1], name="rev_step"), name="pattern_flipped")
        # the copies' kernels, flipped for a Conv: scale s blows the window (7x7 at s = 1, 5x5 above) up s times;
        # the pivot block's top-left cell lands on kernel cell KER - 1 - ANCHOR
        kerns = []
        for s in SCALES:
            cut = REACH if s == 1 else 2
            part = flipped if cut == REACH else g.Slice(flipped, g.ints([REACH - cut] * 2, name=f"cut{cut}_lo"),
                                                       g.ints([REACH + cut + 1] * 2, name=f"cut{cut}_hi"),
                                                       g.ints([2, 3], name="ax23"), name=f"part{s}")
            if s > 1:
                part = g.Resize(part, "", g.floats([1, 1, s, s], name=f"scale{s}"), mode="nearest",
                                coordinate_transformation_mode="asymmetric", nearest_mode="floor", name=f"blown{s}")
            begin = KER - ANCHOR - s * (cut + 1)
            end = KER - begin - (2 * cut + 1) * s
            if begin or end:
                part = g.Pad(part, g.ints([0, 0, begin, begin, 0, 0, end, end], name=f"kpad{s}"), name=f"kern{s}")
            kerns.append(part)
        kern = g.Concat(*kerns, axis=1, name="kern")                                         # [1,4,KER,KER]

        # pivot blocks exactly s wide (top-left cells; scale 1 also wants exactly one coloured cell near) score
        # 1, any other cell <= 0 (the pivot and coloured planes carry the factor KILL); the colour beside them
        # is added, and KILL x (score - 1) wipes out the rest: the uint8 saturation is the Relu
        wm = np.zeros((len(SCALES), 4, 7, 7), np.int8)      # rows, cols -2..4
        bm = np.zeros(len(SCALES), np.int32)
        for i, s in enumerate(SCALES):
            wm[i, 0, 2, 2:2 + s] = 1
            wm[i, 0, 2, 2 + s] = -5
            wm[i, 0, 2, 1] = -5
            wm[i, 0, 1, 2] = -5
            bm[i] = KILL * (-(s - 1) - 1)
            if s == 1:                  # 6 x pivot - 5 x coloured cells near: 1 only with exactly one
                wm[i, 0, 2, 2] = 6
                wm[i, 1, :5, :5] = -5
            for a, b in ((0, s), (s, 0), (0, -1), (-1, 0)):
                wm[i, 2, 2 + a, 2 + b] += 1
        marks = qconv(planes, g.const(wm, name="mark_w"), zero_i8, g.const(bm, name="mark_b"),
                      pads=[2, 2, 4, 4], name="marks")                                     # [1,4,30,30]
        far = KER - 1 - ANCHOR
        paint = qconv(marks, kern, zero_u8, pads=[far, far, ANCHOR, ANCHOR], name="paint")  # [1,1,30,30] code or 0
        code1 = g.Slice(planes, g.ints([3]), g.ints([4]), g.ints([1]), name="code1")
        # the copies lie on the grid and draw over background (code 1) or their own shown block (their code):
        # the larger code is the answer's
        key = g.Max(paint, code1, name="key")
        codes = (np.arange(10, dtype=np.uint8) + 1).reshape(1, 10, 1, 1)
        return g.model(g.Equal(key, g.const(codes, name="codes"), name="out"))
