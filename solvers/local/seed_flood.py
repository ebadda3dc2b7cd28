"""Seed flood: background cells connected (4- or 8-way, through background) to a cell of the seed colour
take the seed colour; every other cell keeps its colour.

Graph: one dilated 1x1 Conv reads the input straight into the square the generator's grids can cover
(a 2x2 kernel with only its first tap set, dilated so its reach crops the canvas): code = 1 on background,
2 on seeds, 0 elsewhere. Cast to uint8 it is the passable mask (Min with it keeps 0/1 reach inside the
background and the seeds); reach starts at the seeds and grows a fixed number of steps, each one uint8
neighbourhood op (MaxPool 3x3 for 8-way, a QLinearConv with a plus-shaped kernel for 4-way: it counts the
reached neighbours) then Min with the mask. The reach is padded back to the canvas and one Where paints
the seed colour into `input`.

Einsum variant (`seed_flood:einsum`, 4-connected): the flood is a chain of half-steps inside Einsums, never
held between them: each half-step multiplies the reach by a band matrix (stay, or move one cell along the row;
then along the column) and by the passable plane, so one row move and one column move cover every 4-connected
step. An Einsum holds as many half-steps as it has free letters (46 to 48); its [s,s] float output feeds the
next. The first reads the seeds off `input` through a [s,30] crop. Values are path weights, never negative,
so a cell is reached exactly when its value is positive; the band is scaled by 1/sqrt(3), so after n half-steps
every positive value lies in [3^(-n/2), 3^(n/2)], inside float32's normal range for n up to about 150.

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

    def candidates(self, examples):
        plan = self.fit(examples)
        if plan is None:
            return
        yield self.name, self.build(plan)
        if plan[2] == 4 and 2 * plan[3] <= 150:        # path weights stay inside float32's normal range
            yield f"{self.name}:einsum", self.build_einsum(plan)

    def build_einsum(self, plan):
        """4-connected flood as chains of half-steps inside Einsums (see the module docstring)."""
        bg, seed, conn, steps, side = plan
        g = Graph()
        w = np.zeros((1, 10), np.float32)
        w[0, bg] = w[0, seed] = 1
        passable = corner_plane(g, w, (side, side), "passable")                          # [1,1,s,s] 0/1
        seeds = np.zeros(10, np.float32)
        seeds[seed] = 1
        crop = np.eye(side, 30, dtype=np.float32)
        band = np.eye(side) + np.eye(side, k=1) + np.eye(side, k=-1)
        move = g.floats(band / np.sqrt(3), name="move")        # one cell along a row or column, or stay
        letters = [chr(c) for c in range(ord("a"), ord("z") + 1) if c not in (ord("y"), ord("z"))] + \
            [chr(c) for c in range(ord("A"), ord("Z") + 1)]
        half_steps = 2 * steps                                  # a row move then a column move per step
        done, reach = 0, None
        while done < half_steps:
            row, col = letters[0], letters[1]
            if reach is None:      # the first chain reads the seeds off `input` itself: colour, crop rows and columns
                channel, r30, c30 = letters[2:5]
                terms = [f"z{channel}{r30}{c30}", channel, f"{row}{r30}", f"{col}{c30}"]
                operands = [g.input, g.floats(seeds, name="seed_only"), g.floats(crop, name="crop"),
                            g.floats(crop, name="crop")]
                free = letters[5:]
            else:
                terms, operands, free = [f"zy{row}{col}"], [reach], letters[2:]
            n = min(len(free), half_steps - done)
            for k in range(n):
                new = free[k]
                if (done + k) % 2 == 0:
                    terms += [f"{new}{col}", f"zy{row}{new}"]
                    col = new
                else:
                    terms += [f"{new}{row}", f"zy{new}{col}"]
                    row = new
                operands += [move, passable]
            reach = g.Einsum(*operands, equation=",".join(terms) + f"->zy{row}{col}", name="reach")
            done += n
        reached = g.Greater(reach, g.floats(0.0, name="zero_f"), name="reached_s")
        if side < 30:
            reached = g.Pad(g.Cast(reached, to=2, name="reached_u8"),
                            g.ints([0, 0, 0, 0, 0, 0, 30 - side, 30 - side]), name="reach30")
            reached = g.Cast(reached, to=9, name="reached")
        paint = np.zeros((1, 10, 1, 1), np.float32)
        paint[0, seed] = 1
        return g.model(g.Where(reached, g.const(paint, name="seed_colour"), g.input))

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
