"""Edge ray sidestep: every seed cell on the bottom edge sends a ray of its colour straight up to the top edge;
where the cell ahead is an obstacle, the ray steps one column right (just below the obstacle) and goes on up.

Graph, on the fixed h x w grid (a dilated Conv reads it straight off the canvas): the obstacle plane, and two
one-byte column QLinearConvs counting obstacles at or below each row (A) and at or below the row under it, one column to
the left (B). A cell is on a ray when its column's bottom cell is a seed and A == 0 (below the first
obstacle), or the bottom cell one column left is a seed and B > 0 (the sidestep and what follows).
The bool ray mask is padded back to the canvas and one Where paints the seed colour into `input`.
A ray that meets a second obstacle, or would leave the grid, is outside the rule (it answers None).
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import one_colour_change, same_shape


def trace(grid: np.ndarray, seed: int, wall: int, bg: int) -> np.ndarray | None:
    out = grid.copy()
    h, w = grid.shape
    for c0 in np.nonzero(grid[h - 1] == seed)[0]:
        r, c, steps = h - 1, int(c0), 0
        while r > 0:
            if grid[r - 1, c] == wall:
                c, steps = c + 1, steps + 1
                if steps > 1 or c >= w or grid[r, c] != bg:
                    return None
            else:
                r -= 1
                if grid[r, c] != bg and grid[r, c] != seed:
                    return None
            out[r, c] = seed
    return out


class EdgeRaySidestep(Solver, name="edge_ray_sidestep", tasks=("task345",), refuses="task243"):
    """Seeds on the bottom edge shoot rays of their colour up to the top edge; a ray blocked by an obstacle cell
    steps one column right just below it and continues up."""

    def plans(self, examples):
        """(seed, obstacle, background, h, w): the seed is the one colour the changes take, the obstacle the
        one other colour of the inputs; the grid shape is fixed."""
        if not same_shape(examples) or len({i.shape for i, _ in examples}) != 1:
            return
        change = one_colour_change(examples)
        if change is None:
            return
        bg, seed = change
        others = {int(v) for i, _ in examples for v in np.unique(i)} - {seed, bg}
        if len(others) != 1:
            return
        yield (seed, others.pop(), bg) + examples[0][0].shape

    def rule(self, plan, grid):
        seed, wall, bg, h, w = plan
        if grid.shape != (h, w):
            return None
        return trace(grid, seed, wall, bg)

    def build(self, plan):
        seed, wall, bg, h, w = plan
        g = Graph()
        k = np.zeros((1, 10, 2, 2), np.float32)
        k[0, wall, 0, 0] = 1
        if (h, w) != (30, 30):
            obstacle = g.Conv(g.input, g.const(k, name="wall_w"), kernel_shape=[2, 2],
                              dilations=[max(1, 30 - h), max(1, 30 - w)], pads=[0, 0, int(h == 30), int(w == 30)],
                              name="obstacle")                                              # [1,1,h,w]
        else:
            obstacle = g.Conv(g.input, g.const(k[:, :, :1, :1], name="wall_w"), kernel_shape=[1, 1], name="obstacle")
        # one-byte column counts: uint8 QLinearConvs of the obstacle plane
        obstacle = g.Cast(obstacle, to=2, name="obstacle_u8")
        scale, zero = g.const(np.float32(1), name="scale"), g.const(np.uint8(0), name="zero")

        def count(kernel, name, **attrs):
            return g.QLinearConv(obstacle, scale, zero, g.const(kernel, name=f"{name}_w"), scale, zero, scale, zero,
                                 name=name, **attrs)
        below = count(np.ones((1, 1, h, 1), np.uint8), "below", pads=[0, 0, h - 1, 0])   # obstacles at rows >= r
        k2 = np.zeros((1, 1, h, 2), np.uint8)
        k2[0, 0, :, 0] = 1
        side = count(k2, "side", pads=[1, 1, h - 2, 0])                                   # column c-1, rows >= r-1
        bottom = g.Slice(g.input, g.ints([seed, h - 1, 0]), g.ints([seed + 1, h, w]), g.ints([1, 2, 3]),
                         name="bottom")                                   # [1,1,1,w]
        bottom_left = g.Pad(g.Slice(bottom, g.ints([0]), g.ints([w - 1]), g.ints([3]), name="bottom_l"),
                            g.ints([0, 0, 0, 1, 0, 0, 0, 0]), name="bottom_left")
        half = g.const(np.float32(0.5), name="half")
        straight = g.And(g.Equal(below, zero, name="clear"), g.Greater(bottom, half, name="seed_b"), name="straight")
        stepped = g.And(g.Greater(side, zero, name="blocked"), g.Greater(bottom_left, half, name="seed_l"),
                        name="stepped")
        ray = g.Or(straight, stepped, name="ray")
        if (h, w) != (30, 30):
            ray = g.Pad(ray, g.ints([0, 0, 0, 0, 0, 0, 30 - h, 30 - w]), name="ray30")
        paint = np.zeros((1, 10, 1, 1), np.float32)
        paint[0, seed] = 1
        return g.model(g.Where(ray, g.const(paint, name="seed_colour"), g.input))
