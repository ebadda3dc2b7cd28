"""Fill enclosed: background cells that cannot reach the grid's border through background get a colour.

Graph: one 3x3 Conv (its end pads negative: the (largest grid seen)-square corner of the input) reads levels,
saturated to uint8 by one QuantizeLinear: 0 a wall (any colour but the background), 1 a background cell with four
side neighbours on the grid, 2 or 3 a background cell on the grid's border and any cell outside the grid: the
flood starts with those reached, which is the step a ring around the grid would take first. Each further step is
a uint8 MaxPool capped by twice the levels (walls stay 0, background may rise to 2); enclosed = level 1 left over,
padded (bool) to the canvas; output = Where(enclosed, fill colour, input).

The number of steps is the deepest flood any fit example needs from a ring hugging its grid plus a margin of a
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
        n = side            # flood only the part of the canvas a grid can cover
        # levels on the n x n corner (QuantizeLinear saturates them to 0..255): 3 + 2 per background cell, -10 per
        # wall cell, less 1 per side neighbour on the grid (a 3x3 Conv, its end pads negative: a free crop). So a
        # wall is 0, a background cell with four grid neighbours 1, one on the grid's border 2 or 3 and a cell
        # outside the grid 2 or 3: the flood starts with the border and the outside reached (>= 2).
        w = np.zeros((1, 10, 3, 3), np.float32)
        w[0, :, 1, 1] = -10
        w[0, bg, 1, 1] = 2
        for r, c in ((0, 1), (2, 1), (1, 0), (1, 2)):
            w[0, :, r, c] = -1
        levels_f = g.Conv(g.input, g.const(w, name="levels_w"), g.floats([3.0]), pads=[1, 1, n - 29, n - 29],
                          name="levels_f")                                                        # [1,1,n,n]
        levels = g.QuantizeLinear(levels_f, g.floats(1.0, name="unit_scale"), g.const(np.uint8(0), name="zero_point"),
                                  name="levels")                                                  # uint8
        cap = g.Mul(levels, g.const(np.uint8(2), name="two"), name="cap")        # wall 0, background >= 2
        reach = levels
        # the border starts reached: the ring model's first step is done
        for _ in range(steps - 1):
            if conn == 8:
                grown = g.MaxPool(reach, kernel_shape=[3, 3], pads=[1, 1, 1, 1], name="grown")
            else:
                across = g.MaxPool(reach, kernel_shape=[1, 3], pads=[0, 1, 0, 1], name="across")
                down = g.MaxPool(reach, kernel_shape=[3, 1], pads=[1, 0, 1, 0], name="down")
                grown = g.Max(across, down, name="grown")
            reach = g.Min(grown, cap, name="reach")
        # enclosed = background never reached (still 1), padded (bool) to the canvas
        hole = g.Equal(reach, g.const(np.uint8(1), name="unreached"), name="enclosed")
        hole = g.Pad(hole, g.ints([0, 0, 0, 0, 0, 0, 30 - n, 30 - n]), name="enclosed_canvas")
        paint = np.zeros((1, 10, 1, 1), np.float32)
        paint[0, colour] = 1
        return g.model(g.Where(hole, g.const(paint, name="fill_colour"), g.input))
