"""One seed: every row from the top down to the seed's row gets a fixed colour on the columns of the seed's
parity, the rest of the grid is cleared, and the seed drops one row.

Graph: one Einsum writes the output as a [3,2] table of colour vectors (three roles, background, stripes and the
seed's colour, each colour one-hot over them) times three row factors (1, rows up to the seed's, the row below it)
and two column factors (1, a code 0 off the seed's parity, 1 on it, 2 on the seed's column), times the input
summed over colours (1 inside the grid, 0 outside): only the signs matter, background off the stripes and the
dropped cell, the stripe colour on them, the seed's colour below the seed. A per-colour weight (the input's colour
shares, plus 1 for the stripes' colour) keeps only the colours that may appear (background, stripes, the seed's
colour), so no colour vector is computed. The factors are Convs of the seed's row and column indicators (the
non-background profiles) with fixed kernels that reach as far as the generator's grid.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver, corner_extent
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
            side = max(corner_extent(examples))
            yield from ((colour, side) for colour in range(1, 10))

    def rule(self, plan, grid):
        """The graph reaches `side` cells from the seed (the generator's bound on the grid)."""
        colour, side = plan
        return seed_stripes(grid, colour) if max(grid.shape) <= side else None

    def build(self, plan):
        colour, side = plan
        g = Graph()
        f = lambda v, name: g.const(np.asarray(v, np.float32), name=name)
        # each colour's role, one-hot: background, stripes, the seed's colour (any other colour)
        colour_roles = np.zeros((3, 10), np.float32)
        colour_roles[2, 1:] = 1
        colour_roles[:, colour] = 0
        colour_roles[0, 0] = colour_roles[1, colour] = 1
        roles = f(colour_roles, "colour_roles")
        # the non-background roles sum to 1 on every colour but the background's
        not_bg = f(np.array([[0], [1], [1]]), "not_bg_roles")
        seed_row = g.Einsum(g.input, roles, not_bg, equation="bkij,rk,rz->bzi", name="seed_row")   # [1,1,30]
        seed_col = g.Einsum(g.input, roles, not_bg, equation="bkij,rk,rz->bzj", name="seed_col")
        # the seed is less than `side` cells from any cell of the grid, so the kernels reach that far only
        wr = np.zeros((3, 1, side), np.float32)    # out[i] = sum_t w[t] row[i + t - 1]: t = r - i + 1
        wr[1, 0, 1:] = 1                           # i <= r
        wr[2, 0, 0] = 1                            # i = r + 1
        rows = g.Conv(seed_row, f(wr, "row_kernel"), f([1, 0, 0], "bias"), pads=[1, side - 2], name="row_factors")
        # one column factor besides 1: 0 off the seed's parity, 1 on it, 2 on the seed's column
        # out[j] = sum_t w[t] col[j + 2t - reach] (dilation 2: only the even offsets c - j are taps)
        wc = np.zeros((2, 1, side), np.float32)
        wc[1, 0, :] = 1
        reach = 2 * ((side - 1) // 2)
        wc[1, 0, reach // 2] = 2
        cols = g.Conv(seed_col, f(wc, "col_kernel"), f([1, 0], "bias_2"), dilations=[2],
                      pads=[reach, 2 * (side - 1) - reach], name="col_factors")
        # per colour, a positive weight where the colour can be written, read inside the last Einsum: the
        # background's and the seed colour's share of the canvas, the stripes' 1 (their colour is not in the
        # input); 0 for every other colour
        colour_shares = g.GlobalAveragePool(g.input, name="colour_shares")                    # [1,10,1,1]
        stripe_colour = np.zeros((10, 1, 1), np.float32)
        stripe_colour[colour] = 1
        colour_weights = g.Add(colour_shares, f(stripe_colour, "stripe_colour"), name="colour_weights")
        # role r's sign at rows (1, above, drop) x columns (1, parity code 0 / 1 / 2), r = background (1 - above x
        # code - 3/4 drop x code: > 0 off the stripes and the dropped cell), stripes (above x code), the seed's colour
        # (drop x (code - 1)); the one-hot roles store the [3,2,10] table as its three distinct columns
        role_terms = np.zeros((3, 2, 3), np.float32)
        role_terms[0, 0, 0], role_terms[1, 1, 0], role_terms[2, 1, 0] = 1, -1, -0.75
        role_terms[1, 1, 1] = 1
        role_terms[2, 0, 2], role_terms[2, 1, 2] = -1, 1
        return g.model(g.Einsum(g.input, colour_weights, f(role_terms, "role_terms"), roles, rows, cols,
                                equation="bkij,bKuv,mnr,rK,bmi,bnj->bKij"))
