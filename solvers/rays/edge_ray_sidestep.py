"""Edge ray sidestep: every seed cell on the bottom edge sends a ray of its colour straight up to the top edge;
where the cell ahead is an obstacle, the ray steps one column right (just below the obstacle) and goes on up.

Graph, on the fixed h x w grid (a dilated Conv reads a cell code straight off the canvas, cast to one byte:
background 1, seed 2, wall 3): two one-byte column QLinearConvs sum the code less the background's, at or below
each row (A) and, one column to the left, at or below the row above (B). A cell is on a ray when A is exactly
the seed's 1 (its column's bottom seed and no wall below), or the bottom cell one column left is a seed and
B exceeds 1 (the sidestep and what follows). One Where makes two code planes that differ only on the rays,
and one QLinearConv whose padding reaches the canvas decodes them into `output`.
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
        k[0, bg, 0, 0], k[0, seed, 0, 0], k[0, wall, 0, 0] = 1, 2, 3                    # the cell code
        if (h, w) != (30, 30):
            code_f = g.Conv(g.input, g.const(k, name="code_w"), kernel_shape=[2, 2],
                            dilations=[max(1, 30 - h), max(1, 30 - w)], pads=[0, 0, int(h == 30), int(w == 30)],
                            name="code_f")                                                # [1,1,h,w]
        else:
            code_f = g.Conv(g.input, g.const(k[:, :, :1, :1], name="code_w"), kernel_shape=[1, 1], name="code_f")
        code = g.Cast(code_f, to=2, name="code")                                         # uint8
        # one-byte column sums of the code less the background's (zero point 1): a wall adds 2, a seed 1
        scale, zero = g.const(np.float32(1), name="scale"), g.const(np.uint8(0), name="zero")
        one = g.const(np.uint8(1), name="one")

        def count(kernel, name, out_scale=scale, **attrs):
            return g.QLinearConv(code, scale, one, g.const(kernel, name=f"{name}_w"), scale, zero, out_scale, zero,
                                 name=name, **attrs)
        below = count(np.ones((1, 1, h, 1), np.uint8), "below", pads=[0, 0, h - 1, 0])   # rows >= r
        k2 = np.zeros((1, 1, h, 2), np.uint8)
        k2[0, 0, :, 0] = 1
        # column c-1, rows >= r-1, in thirds: right of a seed the sum is 1 + 2 (walls), and the generator puts at
        # most one wall in a column, so it reads 1 exactly where a wall stands at or below row r-1
        side = count(k2, "side", out_scale=g.const(np.float32(3), name="third"), pads=[1, 1, h - 2, 0])
        bottom = g.Slice(code, g.ints([h - 1, 0]), g.ints([h, w - 1]), g.ints([2, 3]),
                         name="bottom")                                   # [1,1,1,w-1] uint8 code
        seed_left = g.Pad(g.Equal(bottom, g.const(np.uint8(2), name="seed_code"), name="seed_b"),
                          g.ints([0, 0, 0, 1, 0, 0, 0, 0]), name="seed_left")              # column c-1 seeded
        # straight: the column's bottom seed and no wall at or below (sum exactly 1); sidestep: a seeded
        # column c-1 with a wall at or below row r-1 (side 1). The generator's seeds stand at least two columns
        # apart (a column right of a seed has no straight ray): one Where picks the sum, one Equal tests both
        ray = g.Equal(g.Where(seed_left, side, below, name="ray_sum"), one, name="ray")
        # two planes (u, v): (3, 2) on a ray, (code, code) elsewhere; about the zero point 2 the background
        # reads (-1, -1), a wall (1, 1), a ray (1, 0) and the padding (0, 0); one QLinearConv whose padding
        # reaches the canvas writes `output`: background -u - v - 1, wall u + v - 1, seed u - v
        planes = g.Where(ray, g.const(np.uint8([3, 2]).reshape(1, 2, 1, 1), name="ray_pair"), code, name="planes")
        weights = np.zeros((10, 2, 1, 1), np.int8)
        bias = np.full(10, -1, np.int32)
        weights[bg, :, 0, 0], weights[wall, :, 0, 0], weights[seed, :, 0, 0] = (-1, -1), (1, 1), (1, -1)
        bias[seed] = 0
        return g.model(g.QLinearConv(planes, scale, g.const(np.uint8(2), name="two"), g.const(weights, name="lines"),
                                     scale, g.const(np.int8(0), name="w_zero"), scale, zero,
                                     g.const(bias, name="bias"), pads=[0, 0, 30 - h, 30 - w]))
