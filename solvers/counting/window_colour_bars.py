"""Window colour bars: below every 2x2 block of colours grows a 2-wide bar of one colour, as many rows long as
the block has distinct colours.

One Einsum reads the input twice and sums, per 2x2 window, the squared count of each colour (background
weighted -20): 16, 10 or 8, 6, 4 on a full window of 1, 2, 3, 4 distinct colours, below 0 on a window that
holds background. Four thresholds of that sum tell "at least j+1 colours" (a difference of two of them);
one Conv adds, for j = 0..3, that indicator of the block j+2 rows up (both bar columns), and a positive sum
marks the bar cells; one Where paints the bar colour. (A 2x2 MaxPool of the one-hot grid kept ten planes.)
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import fixed_shape, same_shape

MAX_LEN = 4


def grow_bars(grid, colour):
    out = grid.copy()
    h, w = grid.shape
    for r in range(h - 1):
        for c in range(w - 1):
            block = grid[r:r + 2, c:c + 2]
            if (block > 0).all():
                n = len(np.unique(block))
                for k in range(n):
                    if r + 2 + k < h:
                        if (out[r + 2 + k, c:c + 2] != 0).any():
                            return None
                        out[r + 2 + k, c:c + 2] = colour
    return out


class WindowColourBars(Solver, name="window_colour_bars", tasks=("task397",), refuses="task270",
                       aliases=("c6_count_bars",)):
    """Each 2x2 colour block grows a bar below it, one row per distinct colour in the block."""

    def plans(self, examples):
        shape = fixed_shape(examples)
        if shape is None or not same_shape(examples):
            return
        new = set().union(*(set(o[i != o].tolist()) for i, o in examples))
        if len(new) == 1:
            yield shape, new.pop()

    def rule(self, plan, grid):
        shape, colour = plan
        return grow_bars(grid, colour) if grid.shape == shape else None

    def build(self, plan):
        (h, w), colour = plan
        g = Graph()
        rows, cols = (g.floats((np.arange(30) - np.arange(n - 1)[:, None]) // 2 == 0, name=f"window_{axis}")
                      for n, axis in ((h, "rows"), (w, "cols")))                         # [n-1, 30]: p, p+1
        background = g.floats(np.r_[-20.0, np.ones(9)], name="background_weight")
        squares = g.Einsum(g.input, g.input, background, rows, rows, cols, cols,
                           equation="bcij,bckl,c,pi,pk,qj,ql->bpq", name="window_squares")   # [1,h-1,w-1]
        above = g.Greater(squares, g.floats(np.array([3, 5, 7, 15]).reshape(1, 4, 1, 1), name="steps"),
                          name="squares_above")                                              # [1,4,h-1,w-1]
        steps = g.Cast(above, to=1, name="squares_above_f")
        # count >= j + 1 from the steps: S > 3, less (j = 1..3) S > 15, S > 7, S > 5
        at_least = np.array([[1, 0, 0, 0], [1, 0, 0, -1], [1, 0, -1, 0], [1, -1, 0, 0]], np.float32)
        shift = np.zeros((1, 4, MAX_LEN + 2, 2), np.float32)
        for j in range(MAX_LEN):          # tap row offset -(j+2), columns offsets -1, 0
            shift[0, :, MAX_LEN + 1 - (j + 2), :] = at_least[j][:, None]
        # how many j see a block j+2 rows up with at least j+1 colours: a bar cell where any does
        reach = g.Conv(steps, g.floats(shift), pads=[MAX_LEN + 1, 1, 1, 1], name="bar_reach")   # [1,1,h,w]
        bar = g.Greater(reach, g.floats([0.5]), name="bar")
        canvas = g.Pad(g.Cast(bar, to=2, name="bar_u8"), g.ints([0, 0, 0, 0, 0, 0, 30 - h, 30 - w]),
                       name="bar_canvas_u8")
        paint = np.zeros((1, 10, 1, 1), np.float32)
        paint[0, colour] = 1
        return g.model(g.Where(g.Cast(canvas, to=9, name="bar_canvas"), g.floats(paint), g.input))
