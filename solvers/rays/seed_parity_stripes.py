"""One seed: every row from the top down to the seed's row gets a fixed colour on the columns of the seed's
parity, the rest of the grid is cleared, and the seed drops one row.

The graph reads the seed's row, column and colour from profiles and writes the stripes into the
colour-code map that one Equal decodes.
"""
from __future__ import annotations

import numpy as np

from .. import Solver
from .._common_grids import same_shape
from ._graphs import arange, code_map


def seed_stripes(grid, colour):
    cells = np.argwhere(grid != 0)
    if len(cells) != 1:
        return None
    (r, c), (h, w) = cells[0], grid.shape
    out = np.zeros_like(grid)
    out[:r + 1, (np.arange(w) - c) % 2 == 0] = colour
    if r + 1 < h:
        out[r + 1, c] = grid[r, c]
    return out


class SeedParityStripes(Solver, name="seed_parity_stripes", tasks=("task199",), refuses="task237",
                        aliases=("c3_seedstripes",)):
    """One seed: the rows from the top to the seed's row get one colour on every other column (the seed's parity); the
    seed drops one row."""

    def plans(self, examples):
        if same_shape(examples):
            yield from range(1, 10)

    def rule(self, colour, grid):
        return seed_stripes(grid, colour)

    def build(self, colour):
        g, colours, value, inside = code_map()
        outside = g.Min(value, g.const(np.zeros(1, np.float32), name="zero"), name="cleared")   # 0 in, -1 out
        k = arange(g)
        row = g.ArgMax(g.ReduceMax(value, axes=[0, 1, 3], keepdims=0, name="row_profile"), axis=0, keepdims=1,
                       name="seed_row")
        col = g.ArgMax(g.ReduceMax(value, axes=[0, 1, 2], keepdims=0, name="col_profile"), axis=0, keepdims=1,
                       name="seed_col")
        seed_value = g.ReduceMax(value, keepdims=0, name="seed_value")
        above = g.Unsqueeze(g.Not(g.Greater(k, row, name="below_seed"), name="up_to_seed"), axes=[1],
                            name="up_to_seed_col")                                          # [30, 1]
        parity = g.Equal(g.Mod(g.Sub(k, col, name="from_seed"), g.ints([2], name="two")), g.ints([0], name="zero_i"),
                         name="seed_parity")                                                # [30]
        stripes = g.And(above, parity, name="stripes")
        drop_row = g.Unsqueeze(g.Equal(k, g.Add(row, g.ints([1], name="one_i"), name="next_row"), name="drop_row"),
                               axes=[1], name="drop_row_col")
        dropped = g.And(drop_row, g.Equal(k, col, name="seed_column"), name="dropped_seed")
        code = g.Where(stripes, g.const(np.array([colour], np.float32), name="stripe_colour"), outside,
                       name="stripe_code")
        code = g.Where(dropped, seed_value, code, name="seed_code")
        code = g.Where(inside, code, outside, name="code")
        return g.model(g.Equal(code, colours))
