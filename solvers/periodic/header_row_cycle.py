"""Below a header of h rows, row i of the grid is filled with the colour the top row holds at
column (i - h) mod W: the top row's colours cycle down the grid.

The top row's colour codes (one Einsum, [1,30]) are gathered at (i - h) mod W (always a cell of the top
row inside the grid); that cycled code, its square and two fixed row masks make a [4,30] row table, and one
Einsum of the input with it writes `output` as a per-channel score 1 - 2 (code - d - 1)^2: no [10,30] one-hot
column and no [30,30] mask.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_graph import extent
from .._common_grids import same_shape


def cycle(grid, h):
    """Row r >= h takes the top row's colour at column (r - h) mod width."""
    out = grid.copy()
    w = grid.shape[1]
    for r in range(h, grid.shape[0]):
        out[r] = grid[0, (r - h) % w]
    return out


class HeaderRowCycle(Solver, name="header_row_cycle", tasks=("task297",), refuses="task232",
                     aliases=("c4_rowcycle", "c3_rowcycle")):
    """Rows below a header are filled, one colour each, with the top row's colours in turn (cycling)."""

    def plans(self, examples):
        if same_shape(examples) and any((i != o).any() for i, o in examples):
            yield from (1, 2, 3)

    def rule(self, h, grid):
        return cycle(grid, h) if grid.shape[0] > h else None

    def build(self, h):
        """out[d, r, c] = sum_m Q[m, r] sum_n U[m, n, colour(r, c)] V[n, d] over the grid's cells (one Einsum of
        the input): with V[n, d] = (4 (d+1), -2, 1 - 2 (d+1)^2) a code k scores 1 - 2 (k - d - 1)^2, > 0
        exactly at d = k - 1. Header rows (Q row 3) score the cell's own colour code (U: k, k^2, 1 of it);
        rows below score the cycled code dn (Q rows dn, dn^2, 1), the same for every cell of the row (U: 1)."""
        g = Graph()
        width = extent(g, 3)
        rows = np.arange(30)
        idx = g.Mod(g.const((rows - h + 30 * 30).astype(np.int32), name="shifted_rows"), width,
                    name="source_column")                                    # [30] (r - h) mod W
        first = np.zeros(30, np.float32)
        first[0] = 1
        top = g.Einsum(g.input, g.const(first, name="first_row"), g.const(np.arange(1, 11, dtype=np.float32),
                       name="colour_code"), equation="bcij,i,c->bj", name="top_codes")         # [1,30] colour + 1
        below = (rows >= h).astype(np.float32)
        down = g.Mul(g.Gather(top, idx, axis=1, name="cycled_codes"), g.const(below.reshape(1, 30),
                     name="below_header"), name="down_codes")                                # [1,30], 0 on the header
        rows_q = g.Concat(down, g.Mul(down, down, name="down_square"),
                          g.const(np.stack([below, 1 - below]), name="below_and_header"), axis=0,
                          name="row_terms")                                                  # [4,30]
        k = np.arange(1, 11, dtype=np.float32)
        u = np.zeros((4, 3, 10), np.float32)
        u[0, 0], u[1, 1], u[2, 2] = 1, 1, 1                   # below: the row's code terms, whatever the cell
        u[3] = np.stack([k, k * k, np.ones(10)])              # header: the cell's own code terms
        v = np.stack([4 * k, -2 * np.ones(10), 1 - 2 * k * k]).astype(np.float32)          # [3,10]
        return g.model(g.Einsum(g.input, rows_q, g.const(u, name="code_terms"), g.const(v, name="decode"),
                                equation="bcrx,mr,mnc,nd->bdrx"))
