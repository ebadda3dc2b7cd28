"""Rays and lines drawn from marks.

rays_between / rays_between_own: cells lying between two cells of one colour on a row and/or
column are painted (a fixed colour, or each colour its own). "Is there a mark at or left of me" is
one uint8 MaxPool with a 1x30 kernel padded 29 on the left (likewise right, up, down); between =
Min(left, right) per axis, Max over the axes; one Where writes the output.

rays_lines: each mark draws full lines through itself (one line-shaped Conv on a colour-index plane).
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import same_shape
from .._common_perceptron import holdout


def _seen(mask: np.ndarray, axis: int, reverse: bool) -> np.ndarray:
    m = np.flip(mask, axis) if reverse else mask
    r = np.maximum.accumulate(m, axis=axis)
    return np.flip(r, axis) if reverse else r


def between(mask: np.ndarray, axes) -> np.ndarray:
    out = np.zeros(mask.shape, dtype=bool)
    for ax in axes:
        out |= _seen(mask, ax, False) & _seen(mask, ax, True)
    return out


AXES = {"rows": (1,), "cols": (0,), "both": (0, 1)}


class Between(Solver):
    name = "rays_between"
    description = ("same-shape grids where the gap between two cells of one colour on the same row "
                   "and/or column is painted with a fixed colour (a line joining the pair)")

    def fit(self, examples):
        if not same_shape(examples) or all(np.array_equal(i, o) for i, o in examples):
            return None
        colours = set(np.concatenate([o[i != o] for i, o in examples]).tolist())
        if len(colours) != 1:
            return None
        paint = colours.pop()
        for axes in ("rows", "cols", "both"):
            for mark in range(10):
                for bg_only in (False, True):
                    if all(self._apply(i, mark, paint, axes, bg_only, bg=0) is not None and
                           np.array_equal(self._apply(i, mark, paint, axes, bg_only, bg=0), o)
                           for i, o in examples):
                        return mark, paint, axes, bg_only
        return None

    @staticmethod
    def _apply(grid, mark, paint, axes, bg_only, bg):
        m = between(grid == mark, AXES[axes]) & (grid != mark)
        if bg_only:
            m &= grid == bg
        out = grid.copy()
        out[m] = paint
        return out

    def build(self, plan):
        mark, paint, axes, bg_only = plan
        g = Graph()
        pick = lambda c, n: g.Cast(g.Slice(g.input, g.ints([c]), g.ints([c + 1]), g.ints([1]), name=n + "_f"),
                                   to=2, name=n)
        marks = pick(mark, "marks")                                   # uint8 [1,1,30,30]
        spans = []
        for ax in AXES[axes]:
            k = [30, 1] if ax == 0 else [1, 30]
            before = [29, 0, 0, 0] if ax == 0 else [0, 29, 0, 0]
            after = [0, 0, 29, 0] if ax == 0 else [0, 0, 0, 29]
            a = g.MaxPool(marks, kernel_shape=k, pads=before, name="mark_before")
            b = g.MaxPool(marks, kernel_shape=k, pads=after, name="mark_after")
            spans.append(g.Min(a, b, name="between"))
        span = spans[0] if len(spans) == 1 else g.Max(*spans, name="between_any")
        if bg_only:     # between and background
            hole = g.Cast(g.Min(span, pick(0, "background"), name="between_bg"), to=9, name="paint_here")
        else:           # between and not a mark
            hole = g.Greater(span, marks, name="paint_here")
        colour = np.zeros((1, 10, 1, 1), np.float32)
        colour[0, paint] = 1
        return g.model(g.Where(hole, g.const(colour, name="paint"), g.input))


class BetweenOwn(Solver):
    """Every colour joins its own pairs: a background cell between two cells of colour c on a row
    (column) becomes c; with both axes, the first axis in the plan wins where both would paint."""
    name = "rays_between_own"
    description = ("same-shape grids where each colour draws a line of its own colour between any two "
                   "of its cells on the same row and/or column (background cells only)")

    ORDERS = (("rows",), ("cols",), ("cols", "rows"), ("rows", "cols"))

    @staticmethod
    def _apply(grid, order, bg):
        out = grid.copy()
        for axes in order:
            for c in range(10):
                if c == bg:
                    continue
                m = between(grid == c, AXES[axes]) & (out == bg)
                out[m] = c
        return out

    def fit(self, examples):
        if not same_shape(examples) or all(np.array_equal(i, o) for i, o in examples):
            return None
        for bg in (0,):
            if np.any(np.concatenate([i[i != o] for i, o in examples]) != bg):
                return None
            for order in self.ORDERS:
                if all(np.array_equal(self._apply(i, order, bg), o) for i, o in examples):
                    return bg, order
        return None

    def build(self, plan):
        bg, order = plan
        g = Graph()
        cells = g.Cast(g.input, to=2, name="cells")                         # uint8 [1,10,30,30]
        keep = np.ones((1, 10, 1, 1), np.uint8)
        keep[0, bg] = 0
        marks = g.Min(cells, g.const(keep, name="not_bg"), name="marks")   # background channel off
        background = g.Slice(cells, g.ints([bg]), g.ints([bg + 1]), g.ints([1]), name="background")
        result = cells
        for axes in reversed(order):        # the first axis is applied last, so it wins
            ax = AXES[axes][0]
            k = [30, 1] if ax == 0 else [1, 30]
            before = [29, 0, 0, 0] if ax == 0 else [0, 29, 0, 0]
            after = [0, 0, 29, 0] if ax == 0 else [0, 0, 0, 29]
            a = g.MaxPool(marks, kernel_shape=k, pads=before, name=f"before_{axes}")
            b = g.MaxPool(marks, kernel_shape=k, pads=after, name=f"after_{axes}")
            span = g.Min(a, b, name=f"span_{axes}")                         # per colour
            anyspan = g.ReduceMax(span, axes=[1], keepdims=1, name=f"any_{axes}")
            paint = g.Cast(g.Min(anyspan, background, name=f"paint_{axes}_u8"), to=9, name=f"paint_{axes}")
            result = g.Where(paint, span, result, name="painted")
        return g.model(result)


LINES = {"x": ((1, 1), (1, -1)), "plus": ((0, 1), (1, 0)), "star": ((1, 1), (1, -1), (0, 1), (1, 0))}


def line_kernel(lines, n: int) -> np.ndarray:
    """[2n-1, 2n-1] 0/1 kernel: full lines through the centre along the given directions."""
    k = np.zeros((2 * n - 1, 2 * n - 1), np.float32)
    c = n - 1
    for dy, dx in lines:
        for t in range(-c, c + 1):
            k[c + t * dy, c + t * dx] = 1
    return k


class LinesFromMarks(Solver):
    """Each mark draws full lines of its own colour through itself (diagonals, row+column, or both)
    across the grid. A colour-index plane convolved with a line-shaped kernel sums the colours of
    the marks whose lines cross each cell; where lines of different marks cross the sum is wrong,
    so the fit requires every reproduced example to have none."""
    name = "rays_lines"
    description = ("same-shape grids where each coloured mark extends full lines of its colour "
                   "through itself (diagonal X, row+column cross, or both) to the grid border")
    fit_splits = ("train", "arc-gen")

    @staticmethod
    def _apply(grid, lines, bg):
        h, w = grid.shape
        out = np.full((h, w), 0, dtype=np.int64)
        for r, c in zip(*np.nonzero(grid != bg)):
            hit = np.zeros((h, w), dtype=bool)
            for dy, dx in lines:
                for t in range(-30, 31):
                    y, x = r + t * dy, c + t * dx
                    if 0 <= y < h and 0 <= x < w:
                        hit[y, x] = True
            out += hit * (grid[r, c] - bg)
        return out + bg

    def fit(self, examples):
        if not same_shape(examples) or all(np.array_equal(i, o) for i, o in examples):
            return None
        bg = 0
        if any((i != bg).sum() > 8 for i, _ in examples):
            return None
        fit_part, check = holdout(examples)     # the kernel reaches the largest side of 3/4 of them,
        n = max(max(i.shape) for i, _ in fit_part)
        if any(max(i.shape) > n for i, _ in check):     # and must cover the held-out quarter
            return None
        for name, lines in LINES.items():
            if all(np.array_equal(self._apply(i, lines, bg), o) for i, o in examples[:40]):
                return name, bg, n
        return None

    def build(self, plan):
        name, bg, n = plan
        g = Graph()
        w = np.zeros((2, 10, 1, 1), np.float32)
        w[0, :, 0, 0] = np.arange(10) - bg          # colour offset from the background
        w[1, :, 0, 0] = 1                           # inside the grid
        planes = g.Conv(g.input, g.const(w, name="index_inside_w"), kernel_shape=[1, 1], name="planes")
        k = np.zeros((1, 2, 2 * n - 1, 2 * n - 1), np.float32)
        k[0, 0] = line_kernel(LINES[name], n)
        k[0, 1, n - 1, n - 1] = 1 + bg              # background colour index + 1 everywhere inside
        value = g.Conv(planes, g.const(k, name="lines"), kernel_shape=[2 * n - 1, 2 * n - 1],
                       pads=[n - 1] * 4, name="value")
        inside = g.Slice(planes, g.ints([1]), g.ints([2]), g.ints([1]), name="inside")
        masked = g.Mul(value, inside, name="value_inside")
        return g.model(g.Equal(masked, g.const(np.arange(1, 11, dtype=np.float32).reshape(1, 10, 1, 1),
                                               name="colours")))
