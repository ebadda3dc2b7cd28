"""One seed: every row from the top down to the seed's row gets a fixed colour on the columns of the seed's
parity, the rest of the grid is cleared, and the seed drops one row.

Graph (any grid size): one Einsum writes the output as three terms, each a colour vector times a row factor
times a column factor, times the input summed over colours (1 inside the grid, 0 outside): background
everywhere; the stripe colour minus background on rows up to the seed's and columns of its parity; the seed's
colour minus background at the cell below it. The factors are Convs of the seed's row and column indicators
(the non-background profiles) with fixed kernels.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import same_shape


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
        g = Graph()
        f = lambda v, name: g.const(np.asarray(v, np.float32), name=name)
        n = 30
        not_bg = np.ones((1, 10), np.float32)
        not_bg[0, 0] = 0
        seed_row = g.Einsum(g.input, f(not_bg, "not_bg"), equation="bkij,zk->bzi", name="seed_row")   # [1,1,30]
        seed_col = g.Einsum(g.input, f(not_bg, "not_bg"), equation="bkij,zk->bzj", name="seed_col")
        wr = np.zeros((3, 1, n + 1), np.float32)   # out[i] = sum_t w[t] row[i + t - 1]: t = r - i + 1
        wr[1, 0, 1:] = 1                           # i <= r
        wr[2, 0, 0] = 1                            # i = r + 1
        rows = g.Conv(seed_row, f(wr, "row_kernel"), f([1, 0, 0], "bias"), pads=[1, n - 1], name="row_factors")
        # out[j] = sum_t w[t] col[j + 2t - 28] (dilation 2: only the even offsets c - j are taps): t = (c - j + 28) / 2
        wc = np.zeros((3, 1, n - 1), np.float32)
        wc[1, 0, :] = 1                            # j - c even
        wc[2, 0, (n - 2) // 2] = 1                 # j = c
        cols = g.Conv(seed_col, f(wc, "col_kernel"), f([1, 0, 0], "bias"), dilations=[2], pads=[n - 2, n - 2],
                      name="col_factors")
        pick = np.zeros((3, 10), np.float32)
        pick[2] = not_bg[0]
        base = np.zeros((3, 10), np.float32)
        base[:, 0] = [1, -1, -1]
        base[1, colour] += 1
        seed_colour = g.Einsum(g.input, f(pick, "pick_seed"), equation="bkij,mk->mk", name="seed_colour")
        colours = g.Add(seed_colour, f(base, "term_colours"), name="colours")                  # [3,10]
        return g.model(g.Einsum(g.input, colours, rows, cols, equation="bkij,mK,bmi,bmj->bKij"))
