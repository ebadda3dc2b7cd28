"""Uniform window cover: a cell is covered when some kh x kw window (wholly inside the grid) that contains it
is a single target colour (optionally only the first of overlapping windows in reading order). Either every covered cell is painted one colour and the rest keep theirs
("paint"), or covered cells keep their colour and every other cell becomes the background ("keep").

Graph, in one byte after the first op: a dilated 2x2 Conv reads the input straight into the square the fit
examples cover (S x S) as small codes, cast to uint8. One target colour (T = 1): v = 1 on foreign cells
(2 outside the grid in "keep" mode), 0 on target cells; a window is uniform when it holds no v > 0. More
targets: a = the target colour's rank (1..T, 0 elsewhere), b = T + 1 - a on target cells, 60 on foreign
cells, 50 outside; a window is uniform exactly when max(a) + max(b) == T + 1 (any foreign or outside cell
pushes max(b) to 50; two target colours x < y give T + 1 + y - x). QLinearConvs with a weight zero point
of 1 (weights -1) and an output zero point of 255 turn the window sums into 255 - sum, so the uniform
windows hold the largest value and a padded MaxPool spreads them back over their cells; one Equal marks
the covered cells, a bool Pad brings them to the canvas and one Where writes `output`.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import same_shape

# Larger windows first: the most specific window that explains the examples wins.
WINDOW_SETS = (((3, 3),), ((2, 3), (3, 2)), ((2, 2),), ((1, 3), (3, 1)))
FOREIGN = 50


def covered(grid: np.ndarray, windows, targets, first: bool = False) -> np.ndarray | None:
    """Cells of the uniform target windows. `first`: a window overlapping an earlier uniform window (in reading
    order) is dropped; None where that earlier one was itself dropped (a chain the graph does not follow)."""
    h, w = grid.shape
    out = np.zeros((h, w), bool)
    for kh, kw in windows:
        marks = np.zeros((h, w), bool)
        for r in range(h - kh + 1):
            for c in range(w - kw + 1):
                win = grid[r:r + kh, c:c + kw]
                marks[r, c] = int(win[0, 0]) in targets and (win == win[0, 0]).all()
        kept = marks.copy()
        if first:
            for r, c in zip(*np.nonzero(marks)):
                earlier = [(r + dr, c + dc) for dr in range(1 - kh, 1) for dc in range(1 - kw, kw)
                           if (dr < 0 or dc < 0) and 0 <= r + dr and 0 <= c + dc < w and marks[r + dr, c + dc]]
                if earlier:
                    kept[r, c] = False
                    if any(not kept[e] for e in earlier):
                        return None
        for r, c in zip(*np.nonzero(kept)):
            out[r:r + kh, c:c + kw] = True
    return out


class UniformWindowCover(Solver, name="uniform_window_cover", tasks=("task162", "task222"), refuses="task193"):
    """Cells inside some small window (3x3, 2x3/3x2, 2x2 or 1x3/3x1) of one single target colour are marked: either
    painted a fixed colour (the rest unchanged), or kept while every unmarked cell becomes background (noise removed
    around a solid block)."""

    def plans(self, examples):
        """(mode, windows, target colours, paint colour or background, side): read off the changes."""
        if not same_shape(examples):
            return
        side = max(max(i.shape) for i, _ in examples)
        changed = [i != o for i, o in examples]
        if not any(c.any() for c in changed):
            return
        olds = {int(v) for (i, _), c in zip(examples, changed) for v in i[c]}
        news = {int(v) for (_, o), c in zip(examples, changed) for v in o[c]}
        if len(news) != 1:
            return
        new = next(iter(news))
        for windows in WINDOW_SETS:
            if len(olds) == 1 and new not in olds:           # one colour's windows painted over
                yield "paint", windows, tuple(olds), new, side, False
                if len(windows) == 1:                        # painted in reading order, overlaps skipped
                    yield "paint", windows, tuple(olds), new, side, True
            # everything outside the windows erased to `new`: every other colour may form them
            yield "keep", windows, tuple(c for c in range(10) if c != new), new, side, False

    def rule(self, plan, grid):
        mode, windows, targets, colour, side, first = plan
        if max(grid.shape) > side:
            return None
        cover = covered(grid, windows, set(targets), first)
        if cover is None:
            return None
        if mode == "paint":
            return np.where(cover, colour, grid)
        return np.where(cover, grid, colour)

    def build(self, plan):
        mode, windows, targets, colour, side, first = plan
        g = Graph()
        t = len(targets)
        keep = mode == "keep"
        if t == 1 and not keep and len(windows) == 1:
            return self._build_window_count(g, windows[0], targets[0], colour, side, first)
        if t == 1:                                   # v: 0 target, 1 foreign, 2 (keep) or 1 (paint) outside
            w = np.full((1, 10, 2, 2), 0.0, np.float32)
            w[0, :, 0, 0] = -1.0 if keep else 0.0
            w[0, targets[0], 0, 0] = -2.0 if keep else -1.0
            bias, outside_code = np.float32([2 if keep else 1]), 2
        else:                                        # a, b as above
            w = np.zeros((2, 10, 2, 2), np.float32)
            w[1, :, 0, 0] = 10
            for rank, c in enumerate(targets, 1):
                w[0, c, 0, 0] = rank
                w[1, c, 0, 0] = t + 1 - rank - 50
            bias, outside_code = np.float32([0, 50]), 50
        if side < 30:
            code_f = g.Conv(g.input, g.const(w, name="code_w"), g.const(bias, name="code_b"), kernel_shape=[2, 2],
                            dilations=[30 - side] * 2, name="code_f")
        else:
            code_f = g.Conv(g.input, g.const(w[:, :, :1, :1], name="code_w"), g.const(bias, name="code_b"),
                            kernel_shape=[1, 1], name="code_f")
        code = g.Cast(code_f, to=2, name="code")                                  # uint8 [1,C,S,S]
        one, u0, u1 = g.const(np.float32(1), name="scale"), g.const(np.uint8(0), name="zp0"), g.const(np.uint8(1), name="zp1")
        u255, u254 = g.const(np.uint8(255), name="zp255"), g.const(np.uint8(254), name="zp254")
        uniform = 255 if t == 1 else 255 - (t + 1)
        cover = None
        for kh, kw in windows:
            if t == 1 and first:
                # m = 1 unless the window is all target; one QLinearConv (x zero point 1, so padding adds
                # nothing) gives 255 - (uniform windows earlier in reading order) - m: 255 on a first window
                m = g.MaxPool(code, kernel_shape=[kh, kw], name="win_any_foreign")
                k = np.ones((1, 1, 2 * kh - 1, 2 * kw - 1), np.uint8)          # weight - 1: 0 elsewhere
                k[0, 0, :kh - 1, :] = 2                                          # +1 on earlier windows
                k[0, 0, kh - 1, :kw - 1] = 2
                k[0, 0, kh - 1, kw - 1] = 0                                      # -1 on the window itself
                marks = g.QLinearConv(m, one, u1, g.const(k, name="earlier"), one, u1, one, u254,
                                      pads=[kh - 1, kw - 1, kh - 1, kw - 1], name="first_marks")
            elif t == 1:                             # 255 - how many foreign cells the window holds
                marks = g.QLinearConv(code, one, u0, g.const(np.zeros((1, 1, kh, kw), np.uint8), name=f"win_{kh}x{kw}"),
                                      one, u1, one, u255, name="win_marks")
            else:                                    # 255 - (max a + max b)
                hi = g.MaxPool(code, kernel_shape=[kh, kw], name="win_max")
                marks = g.QLinearConv(hi, one, u0, g.const(np.zeros((1, 2, 1, 1), np.uint8), name="pair"),
                                      one, u1, one, u255, name="win_marks")
            spread = g.MaxPool(marks, kernel_shape=[kh, kw], pads=[kh - 1, kw - 1, kh - 1, kw - 1], name="spread")
            cover = spread if cover is None else g.Max(cover, spread, name="cover")
        cover = g.Equal(cover, g.const(np.uint8(uniform), name="uniform"), name="covered")
        if keep:                                     # outside the grid: "covered", so the input's zeros pass through
            code_b = code if t == 1 else g.Slice(code, g.ints([1]), g.ints([2]), g.ints([1]), name="b")
            cover = g.Or(cover, g.Equal(code_b, g.const(np.uint8(outside_code), name="outside_code")), name="cover_or_out")
        if side < 30:
            cover = g.Pad(cover, g.ints([0, 0, 0, 0, 0, 0, 30 - side, 30 - side]),
                          g.const(np.bool_(keep), name="pad_value"), name="cover30")
        onehot = np.zeros((1, 10, 1, 1), np.float32)
        onehot[0, colour] = 1
        colour_t = g.const(onehot, name="colour")
        if mode == "paint":
            return g.model(g.Where(cover, colour_t, g.input))
        return g.model(g.Where(cover, g.input, colour_t))

    @staticmethod
    def _build_window_count(g, window, target, colour, side, first):
        """One target colour painted over, one window size: the first Conv counts each window's target cells
        straight from the input (its negative end pads crop to the S x S square), so no per-cell code plane is
        held. u = 1 + count - kh kw is 1 on a uniform window and <= 0 elsewhere; QuantizeLinear saturates it to
        a uint8 0/1. A QLinearConv then gives 255 - (earlier uniform windows) - (1 - u) (or just 254 + u without
        `first`), 255 on the windows painted; a padded MaxPool spreads them over their cells."""
        kh, kw = window
        w = np.zeros((1, 10, kh, kw), np.float32)
        w[0, target] = 1.0
        crop = 30 - side
        count = g.Conv(g.input, g.const(w, name="target_w"), g.const(np.float32([1 - kh * kw]), name="uniform_b"),
                       kernel_shape=[kh, kw], pads=[0, 0, -crop, -crop], name="window_uniform")
        one, u0 = g.const(np.float32(1), name="scale"), g.const(np.uint8(0), name="zp0")
        u1, u254 = g.const(np.uint8(1), name="zp1"), g.const(np.uint8(254), name="zp254")
        uniform = g.QuantizeLinear(count, one, u0, name="uniform_u8")              # uint8 0/1 [1,1,S-kh+1,..]
        if first:
            k = np.ones((1, 1, 2 * kh - 1, 2 * kw - 1), np.uint8)          # weight - 1: 0 elsewhere
            k[0, 0, :kh - 1, :] = 0                                          # -1 on earlier windows
            k[0, 0, kh - 1, :kw - 1] = 0
            k[0, 0, kh - 1, kw - 1] = 2                                      # +1 on the window itself
            pads = [kh - 1, kw - 1, kh - 1, kw - 1]
        else:
            k, pads = np.full((1, 1, 1, 1), 2, np.uint8), [0, 0, 0, 0]
        marks = g.QLinearConv(uniform, one, u0, g.const(k, name="earlier"), one, u1, one, u254, pads=pads,
                              name="first_marks")
        spread = g.MaxPool(marks, kernel_shape=[kh, kw], pads=[kh - 1, kw - 1, kh - 1, kw - 1], name="spread")
        cover = g.Equal(spread, g.const(np.uint8(255), name="uniform"), name="covered")
        if crop:
            cover = g.Pad(cover, g.ints([0, 0, 0, 0, 0, 0, crop, crop]), g.const(np.bool_(False), name="pad_value"),
                          name="cover30")
        onehot = np.zeros((1, 10, 1, 1), np.float32)
        onehot[0, colour] = 1
        return g.model(g.Where(cover, g.const(onehot, name="colour"), g.input))
