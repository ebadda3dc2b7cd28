"""A cell that sees the block colour straight along its row (or column) on one side and another colour on
the other side takes that colour: every marker in line with the block draws a line of its colour up to
the block.

"Sees" is the nearest coloured cell along the ray, read in the graph in uint8 from ranked keys and a
one-sided MaxPool (`_keyed_rays`) on the grid's fixed-shape corner; where one side is the block the other
side's colour is kept, and the maximum of those and of the input's colour (all as colour + 1 codes, 0 for no
cell) is decoded by one QLinearConv straight into `output` (`local/_code_decode`).
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import fixed_shape, nearest_along
from ..local._code_decode import decode_code
from ._keyed_rays import corner_code, nearest_straight
from ._grids import edits_in_place

RAYS = {"left": (0, -1), "right": (0, 1), "up": (-1, 0), "down": (1, 0)}
OPPOSITE = (("left", "right"), ("right", "left"), ("up", "down"), ("down", "up"))


def block_lines(grid, block):
    near = {k: nearest_along(grid, *d) for k, d in RAYS.items()}
    fills = [np.where(near[a] == block, near[b], 0) for a, b in OPPOSITE]
    return np.maximum.reduce(fills + [grid])


class LinesToBlock(Solver, name="lines_to_block", tasks=("task333", "task356"), refuses="task085",
                   aliases=("c6_block_lines",)):
    """Markers in line with a block draw a straight line of their colour up to the block."""

    def plans(self, examples):
        shape = fixed_shape(examples)
        if shape is not None and edits_in_place(examples):
            for block in range(1, 10):
                if all((i == block).any() for i, _ in examples):
                    yield shape, block

    def rule(self, plan, grid):
        shape, block = plan
        return block_lines(grid, block) if grid.shape == shape else None

    def build(self, plan):
        (h, w), block = plan
        g = Graph()
        # colour + 1 codes from the start (0: no coloured cell along a ray), so the result is the decoder's code
        colour, coloured = corner_code(g, (h, w), first=1)
        near = nearest_straight(g, colour, coloured, (h, w), RAYS)
        code, zero = g.const(np.uint8(block + 1)), g.const(np.uint8(0))
        fills = [g.Where(g.Equal(near[a], code, name=f"block_{a}"), near[b], zero, name=f"fill_from_{b}")
                 for a, b in OPPOSITE]
        result = g.Max(*fills, colour, name="result")
        return g.model(decode_code(g, result, (h, w)))
