"""Fill enclosed: background cells that cannot reach the grid's border through background get a colour.

Graph: one Conv tap with a bias (padded top and left and dilated so that its output is the (largest grid seen
+ 2)-square corner of the input padded by one ring) reads levels: 0 a wall (any colour but the background),
1 background, 2 the padding ring and everything outside the grid; cast to uint8 it is the flood's start, the
ring and the outside already reached (2). Each step is a uint8 MaxPool capped by twice the levels (walls stay 0,
background may rise to 2), a fixed number of steps; enclosed = level 1 left over, padded (bool) to the canvas;
output = Where(enclosed, fill colour, input).

The number of steps is the deepest flood any fit example needs from the ring hugging its grid plus a margin of a
quarter (at least 2), and the flood runs only on the largest grid side seen: a longer flood path or a larger grid
in an unseen example is the known risk, so the fit uses train and arc-gen to see the generator's deepest and
largest grids, and holds a quarter of them out to check that the bounds taken from the rest cover it.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import border_flood, one_colour_change, same_shape
from .._common_perceptron import holdout


def _passable(grid: np.ndarray, bg: int) -> np.ndarray:
    """The background of `grid` inside a passable ring (the graph starts with the ring and the outside reached)."""
    return np.pad(grid == bg, 1, constant_values=True)


def enclosed(grid: np.ndarray, bg: int, conn: int):
    p = _passable(grid, bg)
    reach, steps = border_flood(p, conn)
    h, w = grid.shape
    return (p & ~reach)[1:1 + h, 1:1 + w], steps


class FillEnclosed(Solver, name="fill_enclosed", tasks=("task002", "task251"), refuses="task171",
                   fit_splits=("train", "arc-gen")):
    """Same-shape grids where background cells enclosed by other colours (not reachable from the border through
    background, 4- or 8-connected) are filled with one colour."""

    def plans(self, examples):
        """(background, fill colour, connectivity, flood steps, largest side) for 8 then 4 connectivity."""
        if not same_shape(examples):
            return
        change = one_colour_change(examples)
        if change is None:
            return
        bg, colour = change
        for conn in (8, 4):
            depths = []
            for inp, out in examples:
                mask, steps = enclosed(inp, bg, conn)
                if not np.array_equal(mask, inp != out):
                    break
                depths.append((steps, max(inp.shape)))
            else:
                # bounds from three quarters; the held-out quarter must fall within them
                fit_part, check = holdout(depths)
                deep = max(d for d, _ in fit_part)
                steps = deep + max(2, deep // 4)
                side = max(n for _, n in fit_part)
                if all(d <= steps and n <= side for d, n in check):
                    yield bg, colour, conn, steps, side

    def rule(self, plan, grid):
        """The fill, where the graph's flood (so many steps, on so large a canvas) settles."""
        bg, colour, conn, steps, side = plan
        mask, needed = enclosed(grid, bg, conn)
        if max(grid.shape) > side or needed > steps:
            return None
        return np.where(mask, colour, grid)

    def candidates(self, examples):
        for plan in self.plans(examples):
            yield f"{self.name}{plan[2]}", self.build(plan)

    def build(self, plan):
        bg, colour, conn, steps, side = plan
        g = Graph()
        n = side + 2        # flood only the part of the canvas a grid can cover, plus the open ring
        # levels on the n x n corner of the input padded by the ring (2 - 2 per wall cell, 2 - 1 per background
        # cell, 2 outside the grid and on the ring): one tap of a 2x2 kernel dilated to 31 - n reads it, the other
        # taps read past every grid (weights 0)
        w = np.zeros((1, 10, 2, 2), np.float32)
        w[0, :, 0, 0] = -2
        w[0, bg, 0, 0] = -1
        if n < 31:
            shape = {"dilations": [31 - n, 31 - n], "pads": [1, 1, 0, 0]}
        else:               # a 1x1 kernel, padded on every side the corner needs
            w, shape = w[:, :, :1, :1], {"pads": [1, 1, n - 31, n - 31]}
        levels_f = g.Conv(g.input, g.const(w, name="levels_w"), g.floats([2.0]), name="levels_f", **shape)  # [1,1,n,n]
        levels = g.Cast(levels_f, to=2, name="levels")                          # uint8: wall 0, bg 1, reached 2
        cap = g.Mul(levels, g.const(np.uint8(2), name="two"), name="cap")        # wall 0, background 2 (outside 4)
        reach = levels
        for _ in range(steps):
            if conn == 8:
                grown = g.MaxPool(reach, kernel_shape=[3, 3], pads=[1, 1, 1, 1], name="grown")
            else:
                across = g.MaxPool(reach, kernel_shape=[1, 3], pads=[0, 1, 0, 1], name="across")
                down = g.MaxPool(reach, kernel_shape=[3, 1], pads=[1, 0, 1, 0], name="down")
                grown = g.Max(across, down, name="grown")
            reach = g.Min(grown, cap, name="reach")
        # enclosed = background never reached (still 1), on the corner; one bool Pad drops the ring's first row and
        # column and fills the rest of the canvas
        hole = g.Equal(reach, g.const(np.uint8(1), name="unreached"), name="enclosed")
        hole = g.Pad(hole, g.ints([0, 0, -1, -1, 0, 0, 31 - n, 31 - n]), name="enclosed_canvas")
        paint = np.zeros((1, 10, 1, 1), np.float32)
        paint[0, colour] = 1
        return g.model(g.Where(hole, g.const(paint, name="fill_colour"), g.input))
