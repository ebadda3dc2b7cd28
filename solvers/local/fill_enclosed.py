"""Fill enclosed: background cells that cannot reach the grid's border through background get a colour.

Graph: passable = "no colour but the background" (a 1x1 Conv padded to 32x32, so the padding ring
and everything outside the grid count as open), cast to uint8 and cropped to the largest grid
seen; reach starts as the ring and grows by a uint8 MaxPool masked with passable (Min: opset 12
has no uint8 Mul), a fixed number of steps; enclosed = passable and not reached; output =
Where(enclosed, fill colour, input).

The number of steps is the deepest flood any fit example needs plus a margin of a quarter (at least
2), and the flood runs only on the largest grid side seen: a longer flood path or a larger grid in
an unseen example is the known risk, so the fit uses train and arc-gen to see the generator's
deepest and largest grids, and holds a quarter of them out to check that the bounds taken from
the rest cover it.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import border_flood, one_colour_change, same_shape
from .._common_perceptron import holdout


def _passable(grid: np.ndarray, bg: int) -> np.ndarray:
    p = np.ones((32, 32), dtype=bool)
    h, w = grid.shape
    p[1:1 + h, 1:1 + w] = grid == bg
    return p


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
        w = -np.ones((1, 10, 1, 1), np.float32)
        w[0, bg] = 0
        open_f = g.Conv(g.input, g.const(w, name="not_bg"), g.floats([1.0]), kernel_shape=[1, 1],
                        pads=[1, 1, 1, 1], name="passable_f")
        passable = g.Cast(open_f, to=2, name="passable")       # uint8 [1,1,32,32], ring open
        n = side + 2
        if n < 32:          # flood only the part of the canvas a grid can cover (plus the ring)
            passable = g.Slice(passable, g.ints([0, 0]), g.ints([n, n]), g.ints([2, 3]), name="passable_crop")
        ring = np.ones((1, 1, n, n), np.uint8)
        ring[..., 1:-1, 1:-1] = 0
        reach = g.const(ring, name="ring")
        for _ in range(steps):
            if conn == 8:
                grown = g.MaxPool(reach, kernel_shape=[3, 3], pads=[1, 1, 1, 1], name="grown")
            else:
                across = g.MaxPool(reach, kernel_shape=[1, 3], pads=[0, 1, 0, 1], name="across")
                down = g.MaxPool(reach, kernel_shape=[3, 1], pads=[1, 0, 1, 0], name="down")
                grown = g.Max(across, down, name="grown")
            reach = g.Min(grown, passable, name="reach")
        # back onto the 30x30 canvas in one Pad each: drop the ring's first row/column, pad the rest
        back = [0, 0, -1, -1, 0, 0, 31 - n, 31 - n]
        reach30 = g.Pad(reach, g.ints(back), g.const(np.array(1, np.uint8), name="one"), name="reach_in")
        open30 = g.Pad(passable, g.ints(back), g.const(np.array(0, np.uint8), name="zero"), name="passable_in")
        hole = g.Less(reach30, open30, name="enclosed")
        paint = np.zeros((1, 10, 1, 1), np.float32)
        paint[0, colour] = 1
        return g.model(g.Where(hole, g.const(paint, name="fill_colour"), g.input))
