"""One seed on the bottom row starts a square wave to the right: every other column from the
seed's is filled with its colour, joined alternately along the top and bottom rows by a fixed colour.

Graph (any grid size): one Einsum writes the output as a sum of four terms, each a colour vector times a
row factor times a column factor, times the input summed over colours (1 inside the grid, 0 outside):
background everywhere; seed colour minus background on the wave's columns; the joint colour minus background
on row 0 of the columns d = 1 mod 4 and on the last row of those with d = 3 mod 4 (d: columns right of the
seed). The column factors are one Conv of the seed's column indicator with a fixed [4,1,30] kernel; the row
factors one Conv of the row profile (w in grid rows) whose differences mark the first and last rows (w times
the joint's weight still leaves the background's one cell <= 0)."""
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
        f = lambda v, name: g.const(np.asarray(v, np.float32), name=name)
        not_bg = np.ones((1, 10), np.float32)
        not_bg[0, 0] = 0
        rows = g.Einsum(g.input, f([1.0], "one"), equation="bkij,z->bzi", name="row_profile")   # [1,1,30]: w or 0
        wr = np.zeros((4, 1, 3), np.float32)
        wr[2, 0] = [-1, 1, 0]                     # row 0: profile[i] - profile[i-1]
        wr[3, 0] = [0, 1, -1]                     # last row: profile[i] - profile[i+1]
        r = g.Conv(rows, f(wr, "row_kernel"), f([1, 1, 0, 0], "row_bias"), pads=[1, 1], name="row_factors")
        seed = g.Einsum(g.input, f(not_bg, "not_bg"), equation="bkij,zk->bzj", name="seed_col")  # [1,1,30]
        wc = np.zeros((4, 1, N), np.float32)      # out[j] = sum_t w[t] seed[j + t - 29]: d = j - seed = 29 - t
        for d in range(N):
            wc[1, 0, N - 1 - d] = d % 2 == 0
            wc[2, 0, N - 1 - d] = d % 4 == 1
            wc[3, 0, N - 1 - d] = d % 4 == 3
        c = g.Conv(seed, f(wc, "col_kernel"), f([1, 0, 0, 0], "col_bias"), pads=[N - 1, 0], name="col_factors")
        pick = np.zeros((4, 10), np.float32)
        pick[1] = not_bg[0]
        base = np.zeros((4, 10), np.float32)
        base[:, 0] = [1, -1, -1, -1]
        base[2:, joint] += 1
        seed_colour = g.Einsum(g.input, f(pick, "pick_seed"), equation="bkij,mk->mk", name="seed_colour")
        colours = g.Add(seed_colour, f(base, "term_colours"), name="colours")                  # [4,10]
        return g.model(g.Einsum(g.input, colours, r, c, equation="bkij,mK,bmi,bmj->bKij"))
