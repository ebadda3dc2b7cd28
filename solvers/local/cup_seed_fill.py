"""Cup seed fill: cups drawn in one wall colour, each holding a seed of some colour, are filled with that
colour: the inside (background with wall to its left, right and below), the gap in the rim, and the
row just above the cup.

Graph: exclusive CumSums find wall on three sides, a one-row Conv looks at the cell below, and the
seed's colour spreads over the region by a few uint8 MaxPool steps capped by the region (Min);
a colour-code map decoded by one Equal writes the output.

Cheaper variant for the generator's cups (five wide, seed in the middle column, two to three rows below the
row above the cup): one 5x5 Conv writes `output`. A background cell takes colour k when a k seed sits one
row above to two rows below it within two columns, or three rows below it with wall in the three cells
under it (the tallest cups); the background channel is the complement of the same vote, the wall and seeds
keep their colour. The build keeps it only if it passes every example.

Its one-byte form, on the generator's corner: the same vote read off one uint8 code plane whose codes order
wall < background < seeds, so a window's largest code (two uint8 MaxPools) names the seed; a QLinearConv
counts the wall under each cell, and `decode_code` writes `output` from the chosen codes."""
from __future__ import annotations

import numpy as np
from onnx import TensorProto

from neurogolf.graph import Graph

from .. import Solver, corner_extent
from .._common_graph import colour_code, corner_plane
from .._common_grids import N, shared_colours
from ._changes import paints_background_only
from ._code_decode import decode_code

STEPS = 8


def cup_fill(grid, wall):
    h, w = grid.shape
    walls, bg = grid == wall, grid == 0
    seed = (grid != 0) & ~walls
    if not seed.any() or not walls.any():
        return None
    left = np.cumsum(walls, 1) - walls > 0
    right = (np.cumsum(walls[:, ::-1], 1) - walls[:, ::-1])[:, ::-1] > 0
    below = (np.cumsum(walls[::-1], 0) - walls[::-1])[::-1] > 0
    inside = bg & left & right & below
    under = np.zeros_like(walls)
    under[:-1] = walls[1:] | inside[1:]
    region = inside | (bg & under)
    value, allowed = np.where(seed, grid, 0), region | seed
    for _ in range(STEPS):
        p = np.pad(value, 1)
        grown = value.copy()
        for dr in range(3):
            for dc in range(3):
                grown = np.maximum(grown, p[dr:dr + h, dc:dc + w])
        value = np.where(allowed, grown, 0)
    return np.where(region & (value > 0), value, grid)


class CupSeedFill(Solver, name="cup_seed_fill", tasks=("task099",), refuses="task122", aliases=("c3_cupfill",)):
    """Cups of one wall colour with a seed inside are filled with the seed's colour: inside, the gap in the rim and the
    row above the cup."""

    def plans(self, examples):
        if paints_background_only(examples):
            painted = {int(v) for i, o in examples for v in o[i != o]}
            yield from sorted(shared_colours(examples) - {0} - painted)

    def rule(self, wall, grid):
        return cup_fill(grid, wall)

    def candidates(self, examples):
        wall = self.fit(examples)
        if wall is not None:
            yield self.name, self.build(wall)
            yield self.name + "/seed_window", self._build_seed_window(wall)
            h, w = corner_extent(examples)
            if h < N or w < N:
                yield self.name + f"/seed_window_u8:{h}x{w}", self._build_seed_window_u8(wall, h, w)

    def _build_seed_window_u8(self, wall, h, w):
        """The seed window's vote on the h x w corner in one-byte codes: wall 1, background 2, a seed colour k + 3
        (outside the grid 0), so the largest code in a window that holds a background cell is a seed's when it
        holds one and 2 otherwise. A background cell takes the largest code of the window one row above to two
        rows below it (two columns either side); every other cell keeps its code; `decode_code` reads the codes.

        The tallest cups' top row lies three rows above the seed, out of that window, and so does the row above a
        shorter cup (which stays background): only the tallest cups have their rim (wall either side of the gap)
        two rows above the seed. One QLinearConv lifts such a seed's code into the cell above it, the window's
        reach for the whole top row: with zero point 2 (background 0, wall -1, seed k + 1) it sums the cell
        below plus 12 per rim wall two rows higher, less 24, so it is the seed's code under a rim and at most 2
        (no higher than background) anywhere else."""
        codes = np.arange(10) + 3
        codes[0], codes[wall] = 2, 1
        g = Graph()
        code = g.Cast(corner_plane(g, codes, (h, w), "code"), to=TensorProto.UINT8, name="code_u8")
        lift_w = np.zeros((1, 1, 3, 3), np.int8)
        lift_w[0, 0, 0, 0] = lift_w[0, 0, 0, 2] = -12    # rim walls at the cell's upper corners (code - 2 = -1)
        lift_w[0, 0, 2, 1] = 1                           # the seed under the cell
        unit = g.const(np.float32(1), name="unit_scale")
        background_code = g.const(np.uint8(2), name="background_code")
        lifted = g.QLinearConv(code, unit, background_code, g.const(lift_w, name="lift_w"), unit,
                               g.const(np.int8(0), name="weight_zero"), unit, background_code,
                               g.const(np.array([-24], np.int32), name="rim_bias"), pads=[1, 1, 1, 1],
                               name="rim_seed_lifted")
        held = g.Max(code, lifted, name="held_code")
        near = g.MaxPool(held, kernel_shape=[4, 5], pads=[1, 2, 2, 2], name="window_top")
        background = g.Equal(code, background_code, name="background")
        answer = g.Where(background, near, code, name="answer_code")
        return g.model(decode_code(g, answer, (h, w), codes=codes))

    def _build_seed_window(self, wall):
        """Kernel rows are offsets -1..3 from the cell, columns -2..2 (pads 1 above, 3 below, 2 each side)."""
        near = np.zeros((5, 5), np.float32)        # a seed one row above to two rows below
        near[0:4, :] = 1
        far = np.zeros((5, 5), np.float32)         # a seed three rows below
        far[4, :] = 1
        centre = np.zeros((5, 5), np.float32)
        centre[1, 2] = 1
        under = np.zeros((5, 5), np.float32)       # the three cells under the cell
        under[2, 1:4] = 1
        w = np.zeros((10, 10, 5, 5), np.float32)
        b = np.zeros(10, np.float32)
        seeds = [k for k in range(1, 10) if k != wall]
        w[wall, wall], b[wall] = centre, -0.5
        for k in seeds:
            w[k, k] = 8 * centre + 4 * near + 2 * far
            w[k, 0] = 8 * centre
            w[k, wall] = under
            b[k] = -11.5
            w[0, k] = -8 * near - 2 * far
        w[0, 0] = 8 * centre
        w[0, wall] = -under
        b[0] = -4.5
        g = Graph()
        return g.model(g.Conv(g.input, g.const(w, name="window_w"), g.const(b, name="window_b"),
                              kernel_shape=[5, 5], pads=[1, 2, 3, 2]))

    def build(self, wall):
        g = Graph()
        colours, base = colour_code(g)
        pick = np.zeros((1, 10, 1, 1), np.float32)
        pick[0, wall] = 1
        walls = g.Conv(g.input, g.const(pick, name="wall_w"), name="walls")
        half = g.const(np.array([0.5], np.float32), name="half")
        bg = g.Equal(base, g.const(np.zeros(1, np.float32), name="zero"), name="is_bg")
        sides = [bg]
        for axis, rev, label in ((3, 0, "left"), (3, 1, "right"), (2, 1, "below")):
            seen = g.CumSum(walls, g.const(np.array(axis, np.int32), name=f"axis{axis}"), exclusive=1, reverse=rev,
                            name=f"wall_{label}")
            sides.append(g.Greater(seen, half, name=f"has_wall_{label}"))
        inside = g.And(g.And(sides[0], sides[1], name="bg_left"), g.And(sides[2], sides[3], name="right_below"),
                       name="inside")
        support = g.Add(walls, g.Cast(inside, to=TensorProto.FLOAT, name="inside_f"), name="support")
        under = g.Conv(support, g.const(np.array([0, 0, 1], np.float32).reshape(1, 1, 3, 1), name="look_down"),
                       pads=[1, 0, 1, 0], name="under")
        region = g.Or(inside, g.And(bg, g.Greater(under, half, name="on_support"), name="above"), name="region")
        seedw = np.arange(10, dtype=np.float32)
        seedw[wall] = 0
        seeds = g.Conv(g.input, g.const(seedw.reshape(1, 10, 1, 1), name="seed_w"), name="seeds")
        allowed = g.Or(region, g.Greater(seeds, half, name="is_seed"), name="allowed")
        cap = g.Where(allowed, g.const(np.array([255], np.uint8), name="open"), g.const(np.array([0], np.uint8),
                      name="closed"), name="cap")
        spread = g.Cast(seeds, to=TensorProto.UINT8, name="spread")
        for _ in range(STEPS):
            spread = g.Min(g.MaxPool(spread, kernel_shape=[3, 3], pads=[1, 1, 1, 1], name="grown"), cap,
                           name="spread")
        spread = g.Cast(spread, to=TensorProto.FLOAT, name="spread_f")
        fill = g.And(region, g.Greater(spread, half, name="reached"), name="fill")
        return g.model(g.Equal(g.Where(fill, spread, base, name="code"), colours))
