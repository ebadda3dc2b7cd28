"""Every coloured cell paints its colour onward in one direction, up to the next coloured cell or the edge.

A cell's colour is that of the nearest coloured cell at or behind it: a priority overlay of the shifted
copies, one Conv with weights 2^(n-steps back) per copy. The kernel looks n-1 cells back, n the grids'
side along the direction (fixed by the examples, at most 12 so that the sums stay exact in float32)."""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import C, fixed_shape, same_shape

DIRS = {"down": (1, 0), "up": (-1, 0), "right": (0, 1), "left": (0, -1)}
TURNS = {(1, 0): 0, (0, 1): 3, (-1, 0): 2, (0, -1): 1}     # quarter turns that make the direction "down"


def paint(grid, dr, dc):
    """Each cell takes the colour of the nearest coloured cell at or behind it along (dr, dc)."""
    g = np.rot90(grid, TURNS[(dr, dc)])
    out = g.copy()
    for r in range(1, g.shape[0]):
        out[r] = np.where(out[r] == 0, out[r - 1], out[r])
    return np.rot90(out, -TURNS[(dr, dc)])


class PaintOnward(Solver, name="paint_onward", tasks=("task322",), refuses="task087", aliases=("paint",)):
    """Output = every coloured cell extended (painted) down/up/left/right until the next coloured cell or the grid
    edge."""

    def plans(self, examples):
        shape = fixed_shape(examples)
        if shape is None or not same_shape(examples) or all(np.array_equal(i, o) for i, o in examples):
            return
        for name, (dr, dc) in DIRS.items():
            n = shape[0] if dr else shape[1]
            if n <= 12:
                yield name, n

    def rule(self, plan, grid):
        """The kernel reaches n-1 cells back: grids no longer than n along the direction."""
        name, n = plan
        dr, dc = DIRS[name]
        return paint(grid, dr, dc) if grid.shape[0 if dr else 1] <= n else None

    def build(self, plan):
        name, n = plan
        dr, dc = DIRS[name]
        M = float(2 ** (n + 3))
        w = np.zeros((C, C, n), np.float32)          # [out colour, in colour, steps back]
        for back in range(n):
            weight = 2.0 ** (n - back)
            w[1:, 1:, back] -= weight
            w[np.arange(1, C), np.arange(1, C), back] += 2 * weight
            w[0, 1:, back] -= 1.0
        w[0, :, 0] += 0.5
        w[:, :, 0] += M                                # the cell itself must be in the grid
        kernel = np.zeros((C, C, n, 1) if dr else (C, C, 1, n), np.float32)
        for back in range(n):
            k = n - 1 - back if dr > 0 or dc > 0 else back          # kernel index of the cell `back` steps behind
            if dr:
                kernel[:, :, k, 0] = w[:, :, back]
            else:
                kernel[:, :, 0, k] = w[:, :, back]
        if dr > 0:
            pads = [n - 1, 0, 0, 0]
        elif dr < 0:
            pads = [0, 0, n - 1, 0]
        elif dc > 0:
            pads = [0, n - 1, 0, 0]
        else:
            pads = [0, 0, 0, n - 1]
        g = Graph()
        y = g.Conv(g.input, g.const(kernel, name="paint_kernel"), g.const(np.full(C, -M, np.float32), name="inside"),
                   pads=pads)
        return g.model(y)
