"""Uniform window cover: a cell is covered when some kh x kw window (wholly inside the grid) that contains it
is a single target colour (optionally only the first of overlapping windows in reading order). Either every covered cell is painted one colour and the rest keep theirs
("paint"), or covered cells keep their colour and every other cell becomes the background ("keep").

Graph: a dilated 1x1 Conv reads the input straight into the square the fit examples cover (S x S) as
three one-byte-able codes: a = the target colour's rank (1..T, 0 elsewhere), b = T + 1 - a on target
cells and 50 elsewhere (outside the grid too, by the bias), o = 1 outside the grid. A window is one target
colour exactly when max(a) + max(b) == T + 1 over it (any foreign cell pushes max(b) to 50; two target
colours x < y give T + 1 + y - x). Per window shape: MaxPool, a 1x1 Conv adding the two maxima, Equal,
and a padded MaxPool spreads the marked windows back over their cells. One Where writes `output`.
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
        w = np.zeros((3, 10, 2, 2), np.float32)
        for rank, c in enumerate(targets, 1):
            w[0, c, 0, 0] = rank
            w[1, c, 0, 0] = t + 1 - rank - FOREIGN
        w[2, :, 0, 0] = -1
        bias = g.const(np.float32([0, FOREIGN, 1]), name="code_b")
        if side < 30:
            code = g.Conv(g.input, g.const(w, name="code_w"), bias, kernel_shape=[2, 2],
                          dilations=[30 - side] * 2, name="code")
        else:
            code = g.Conv(g.input, g.const(w[:, :, :1, :1], name="code_w"), bias, kernel_shape=[1, 1], name="code")
        ab = g.Slice(code, g.ints([0]), g.ints([2]), g.ints([1]), name="ab")              # float [1,2,S,S]
        pair = g.const(np.ones((1, 2, 1, 1), np.float32), name="pair_w")
        target_sum = g.const(np.float32(t + 1), name="target_sum")
        cover = None
        for kh, kw in windows:
            hi = g.MaxPool(ab, kernel_shape=[kh, kw], name="win_max")
            total = g.Conv(hi, pair, kernel_shape=[1, 1], name="win_sum")
            mark = g.Cast(g.Equal(total, target_sum, name="win_one"), to=2, name="win_mark")
            if first:       # drop a window overlapping an earlier uniform one: a uint8 count of those
                k = np.zeros((1, 1, 2 * kh - 1, 2 * kw - 1), np.uint8)
                k[0, 0, :kh - 1, :] = 1
                k[0, 0, kh - 1, :kw - 1] = 1
                one, zero = g.const(np.float32(1), name="scale"), g.const(np.uint8(0), name="zp")
                before = g.QLinearConv(mark, one, zero, g.const(k, name="earlier"), one, zero, one, zero,
                                       pads=[kh - 1, kw - 1, kh - 1, kw - 1], name="earlier_marks")
                alone = g.Cast(g.Equal(before, zero, name="alone_b"), to=2, name="alone")
                mark = g.Min(mark, alone, name="first_mark")
            spread = g.MaxPool(mark, kernel_shape=[kh, kw], pads=[kh - 1, kw - 1, kh - 1, kw - 1], name="spread")
            cover = spread if cover is None else g.Max(cover, spread, name="cover")
        if mode == "keep":                      # outside the grid: "covered", so the input's zeros pass through
            outside = g.Cast(g.Slice(code, g.ints([2]), g.ints([3]), g.ints([1]), name="o"), to=2, name="outside")
            cover = g.Max(cover, outside, name="cover_or_out")
        if side < 30:
            cover = g.Pad(cover, g.ints([0, 0, 0, 0, 0, 0, 30 - side, 30 - side]),
                          g.const(np.uint8(mode == "keep"), name="pad_value"), name="cover30")
        cond = g.Cast(cover, to=9, name="covered")
        onehot = np.zeros((1, 10, 1, 1), np.float32)
        onehot[0, colour] = 1
        colour_t = g.const(onehot, name="colour")
        if mode == "paint":
            return g.model(g.Where(cond, colour_t, g.input))
        return g.model(g.Where(cond, g.input, colour_t))
