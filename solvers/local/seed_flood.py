"""Seed flood: background cells connected (4- or 8-way, through background) to a cell of the seed colour
take the seed colour; every other cell keeps its colour.

Graph: one dilated 1x1 Conv reads the input straight into the square the generator's grids can cover
(a 2x2 kernel with only its first tap set, dilated so its reach crops the canvas): code = 1 on background,
2 on seeds, 0 elsewhere. Cast to uint8 it is the passable mask (Min with it keeps 0/1 reach inside the
background and the seeds); reach starts at the seeds and grows a fixed number of steps, each one uint8
neighbourhood op (MaxPool 3x3 for 8-way, a QLinearConv with a plus-shaped kernel for 4-way: it counts the
reached neighbours) then Min with the mask. The reach is padded back to the canvas and one Where paints
the seed colour into `input`.

The number of steps is the deepest flood the fit examples need plus a half (train and arc-gen: the
generator's deepest floods); a quarter of them is held out to check the bound taken from the rest covers
it. A flood deeper than that in an unseen example is the known risk (rule answers None there).
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_graph import corner_plane, uint8_flood
from .._common_grids import grow, one_colour_change, same_shape
from .._common_perceptron import holdout


def flood(grid: np.ndarray, bg: int, seed: int, conn: int):
    """(reached, steps): background and seed cells connected to a seed, and the grow-and-mask steps taken."""
    passable = (grid == bg) | (grid == seed)
    reach = grid == seed
    return grow(reach, passable, conn)


class SeedFlood(Solver, name="seed_flood", tasks=("task243",), refuses="task002", fit_splits=("train", "arc-gen")):
    """Same-shape grids where every background region touching a cell of the seed colour (4- or 8-connected) is filled
    with the seed colour."""

    def plans(self, examples):
        """(background, seed colour, connectivity, steps, largest side): the changes name background and
        seed (one colour each, every changed cell turning into the seed colour); 4 then 8 connectivity."""
        if not same_shape(examples):
            return
        change = one_colour_change(examples)
        if change is None:
            return
        bg, seed = change
        for conn in (4, 8):
            depths = []
            for inp, out in examples:
                reach, steps = flood(inp, bg, seed, conn)
                if not np.array_equal(reach & (inp == bg), inp != out):
                    break
                depths.append((steps, max(inp.shape)))
            else:
                fit_part, check = holdout(depths)
                deep = max(d for d, _ in fit_part)
                steps = deep + max(2, deep // 2)
                side = max(n for _, n in fit_part)
                if all(d <= steps and n <= side for d, n in check):
                    yield bg, seed, conn, steps, side

    def rule(self, plan, grid):
        bg, seed, conn, steps, side = plan
        reach, needed = flood(grid, bg, seed, conn)
        if max(grid.shape) > side or needed > steps:
            return None
        return np.where(reach, seed, grid)

    def build(self, plan):
        bg, seed, conn, steps, side = plan
        g = Graph()
        w = np.zeros((1, 10), np.float32)
        w[0, bg], w[0, seed] = 1, 2
        code = corner_plane(g, w, (side, side), "code")
        passable = g.Cast(code, to=2, name="passable")                                  # uint8 0/1/2
        reach = g.Div(passable, g.const(np.uint8(2), name="two_u8"), name="reach0")       # 1 on seeds
        reach = uint8_flood(g, reach, passable, steps, conn)
        if side < 30:
            reach = g.Pad(reach, g.ints([0, 0, 0, 0, 0, 0, 30 - side, 30 - side]), name="reach30")
        cond = g.Cast(reach, to=9, name="reached")
        paint = np.zeros((1, 10, 1, 1), np.float32)
        paint[0, seed] = 1
        return g.model(g.Where(cond, g.const(paint, name="seed_colour"), g.input))
