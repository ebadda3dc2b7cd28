"""Count features read from the fixed input corner only (every grid of the task has one shape h x w).

`feature_node` in the root helpers reads 2x2 windows from the whole canvas (or from a 10-channel Slice of
the corner): a float [1,K,29,29] window map costs 3,364 bytes a channel. Here the window features read one
plane of the corner: one colour's 2x2 windows are one Conv on `input` whose negative end pads crop it to
the corner (a Slice of the plane first on tiny corners), and the non-background mask is one Conv whose 2x2
kernel, dilated by (30-h, 30-w), has weights only on its first tap (the other taps land outside the grid,
or on zero weights). The answers equal `feature(grid,
name, shape)` for every grid that fits the corner (None beyond it, as the summary rule says).
"""
from __future__ import annotations

import numpy as np

from .._common_graph import corner_plane
from .._common_grids import C, N


def _positive_sum(g, x, coef):
    """[1,1,1,1]: sum_k coef[k] * (sum of the positive part of channel k of x), from (sum + L1) / 2."""
    cat = g.Concat(g.ReduceSum(x, axes=[2, 3], keepdims=1, name="plain_sum"),
                   g.ReduceL1(x, axes=[2, 3], keepdims=1, name="magnitude_sum"), axis=1, name="sums")
    w = np.concatenate([coef / 2, coef / 2]).astype(np.float32).reshape(1, -1, 1, 1)
    return g.Conv(cat, g.const(w, name="combine"), name="feature")


def centred_blocks(grid: np.ndarray, c: int) -> int:
    """The 3 x 3 windows at even offsets (the grid padded by a background line where a side is even) whose
    centre has colour c and at least three more cells of c: each isolated 2 x 2 block of c (no other c among
    its eight-neighbours) covers exactly one such centre and lies inside that window, and a window holds at
    most one, so on grids whose full 2 x 2 windows of c are all isolated blocks this equals quad<c>."""
    h, w = grid.shape
    m = np.zeros((h + 1 - h % 2, w + 1 - w % 2), np.int64)
    m[:h, :w] = grid == c
    n = 0
    for a in range(0, m.shape[0] - 2, 2):
        for b in range(0, m.shape[1] - 2, 2):
            n += bool(m[a + 1, b + 1] and m[a:a + 3, b:b + 3].sum() >= 4)
    return n


def centred_block_feature(g, c: int, shape) -> str:
    """[1,1,1,1] float: `centred_blocks` of the h x w corner, one stride-2 3 x 3 Conv on `input` (centre
    weight 8, the ring 1, bias -10: 1 on a counted window, <= -2 elsewhere) whose end pads crop (or pad) the
    canvas to an odd side, a (h / 2) x (w / 2) score map instead of the (h-1) x (w-1) of every 2 x 2 window."""
    h, w = shape
    kernel = np.zeros((1, C, 3, 3), np.float32)
    kernel[0, c] = 1
    kernel[0, c, 1, 1] = 8
    side = lambda n: n + 1 - n % 2
    win = g.Conv(g.input, g.const(kernel, name="centred_window"), g.floats([-10.0], name="minus10"), strides=[2, 2],
                 pads=[0, 0, side(h) - N, side(w) - N], name="centred_sum")
    return _positive_sum(g, win, np.ones(1))


def corner_feature(g, name: str, shape) -> str | None:
    """[1,1,1,1] float: the window feature ("quad<c>" or "objects") of the h x w corner; None for others."""
    if shape is None or not name.startswith(("quad", "objects")):
        return None
    h, w = shape
    if min(h, w) < 2 or max(h, w) > N:
        return None
    if name.startswith("quad"):
        c = int(name.removeprefix("quad"))
        minus3 = g.floats([-3.0], name="minus3")
        if 4 * h * w + 9 > 4 * C:
            # one Conv on `input` reads channel c; its negative end pads crop it to the corner's windows
            window = np.zeros((1, C, 2, 2), np.float32)
            window[0, c] = 1
            win = g.Conv(g.input, g.const(window, name="window"), minus3, pads=[0, 0, h - N, w - N],
                         name="window_sum")                                                   # full: 1
        else:                                  # a tiny corner: its Slice is cheaper than 10-channel weights
            plane = g.Slice(g.input, g.ints([c, 0, 0], name="plane_start"), g.ints([c + 1, h, w], name="plane_end"),
                            g.ints([1, 2, 3], name="plane_axes"), name=f"colour{c}")          # [1,1,h,w]
            win = g.Conv(plane, g.const(np.ones((1, 1, 2, 2), np.float32), name="window"), minus3,
                         name="window_sum")
        return _positive_sum(g, win, np.ones(1))
    # objects: Euler number of the non-background mask = cells - horizontal pairs - vertical pairs + windows
    mask = corner_plane(g, np.r_[0.0, np.ones(C - 1)], shape, "ink")
    k = np.zeros((4, 1, 2, 2), np.float32)
    k[0, 0, 0, 0] = 1
    k[1, 0, 0, :] = 1
    k[2, 0, :, 0] = 1
    k[3, 0] = 1
    # padding below and right lets the last row and column pair with nothing
    parts = g.Conv(mask, g.const(k, name="euler_windows"), g.floats([0, -1, -1, -3], name="euler_bias"),
                   pads=[0, 0, 1, 1], name="euler_windows_sum")
    return _positive_sum(g, parts, np.array([1.0, -1, -1, 1]))
