"""One seed on the bottom row starts a square wave to the right: every other column from the
seed's is filled with its colour, joined alternately along the top and bottom rows by a fixed colour.

Graph: the seed's column and colour from ReduceMax/ArgMax, the grid's height from the occupied-row
profile, [30]-vector parity tests broadcast into a colour-code map, decoded by one Equal."""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_graph import colour_code, last_index
from .._common_grids import N, same_shape


def meander(grid, joint):
    """The wave from the one coloured cell, which must lie on the bottom row."""
    cells = np.argwhere(grid != 0)
    if len(cells) != 1 or cells[0][0] != grid.shape[0] - 1:
        return None
    (h, w), (_, c) = grid.shape, cells[0]
    out = np.zeros_like(grid)
    for cc in range(c, w):
        d = cc - c
        if d % 2 == 0:
            out[:, cc] = grid[cells[0][0], c]
        else:
            out[0 if d % 4 == 1 else h - 1, cc] = joint
    return out


class SeedSquareWave(Solver, name="seed_square_wave", tasks=("task200",), refuses="task199", aliases=("c3_meander",)):
    """A seed on the bottom row starts a square wave to the right: columns of its colour every other column, joined
    alternately at the top and bottom by a fixed colour."""

    def plans(self, examples):
        if same_shape(examples):
            yield from range(10)

    def rule(self, joint, grid):
        return meander(grid, joint)

    def build(self, joint):
        g = Graph()
        colours, value = colour_code(g)             # colour inside, -1 outside (the seed lies on the wave)
        outside = value
        inside = g.Greater(value, g.const(np.array([-0.5], np.float32), name="minus_half"), name="inside")
        k = g.const(np.arange(N, dtype=np.int64), name="arange")
        seed = g.ReduceMax(value, keepdims=0, name="seed_colour")
        col = g.ArgMax(g.ReduceMax(value, axes=[0, 1, 2], keepdims=0, name="col_profile"), axis=0, keepdims=1,
                       name="seed_col")
        d = g.Sub(k, col, name="from_seed")
        phase = g.Mod(d, g.ints([4], name="four"), name="phase")
        right = g.Not(g.Less(d, g.ints([0], name="zero_i"), name="left_of_seed"), name="right_of_seed")
        column = g.And(right, g.Equal(g.Mod(phase, g.ints([2], name="two")), g.ints([0], name="zero_i"),
                                      name="even"), name="wave_column")                        # [30]
        rows = g.Unsqueeze(k, axes=[1], name="row_index")                                       # [30,1]
        top = g.And(g.Equal(rows, g.ints([0], name="zero_i"), name="top_row"),
                    g.And(right, g.Equal(phase, g.ints([1], name="one_i"), name="phase1"), name="top_joint_col"),
                    name="top_joint")
        bottom = g.And(g.Equal(rows, last_index(g, 2), name="bottom_row"),
                       g.And(right, g.Equal(phase, g.ints([3], name="three"), name="phase3"), name="bottom_joint_col"),
                       name="bottom_joint")
        code = g.Where(g.Or(top, bottom, name="joint"), g.const(np.array([float(joint)], np.float32), name="joint_colour"),
                       outside, name="joint_code")
        code = g.Where(g.And(column, inside, name="column_in"), seed, code, name="column_code")
        code = g.Where(inside, code, outside, name="code")
        return g.model(g.Equal(code, colours))
