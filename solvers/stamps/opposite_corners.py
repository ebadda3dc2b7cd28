"""Opposite corners: a single 2 x 2 block of four colours throws each cell's colour as a 2 x 2 square
onto the diagonally opposite side of the block (top-left cell -> square below-right, ...), clipped
by the grid; the block stays.

The block's corner comes from the centroid of its coloured cells; each cell's colour is one Einsum
with one-hot row / column vectors; the four squares are one Einsum of (colour - background) with
row and column bands, added to the grid (cropped to its fixed size, which clips the squares).
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import fixed_shape, same_shape

ROLES = ((0, 0, 2, 2), (0, 1, 2, -2), (1, 0, -2, 2), (1, 1, -2, -2))   # cell (dr, dc) -> square origin (rows, cols)


def throw(grid):
    cells = np.argwhere(grid != 0)
    if len(cells) != 4:
        return None
    r0, c0 = cells.min(0)
    if not (cells.max(0) - cells.min(0) == 1).all():
        return None
    out = grid.copy()
    h, w = grid.shape
    for dr, dc, sr, sc in ROLES:
        colour = grid[r0 + dr, c0 + dc]
        rs = r0 + (sr if sr > 0 else sr)
        cs = c0 + (sc if sc > 0 else sc)
        for r in range(rs, rs + 2):
            for c in range(cs, cs + 2):
                if 0 <= r < h and 0 <= c < w:
                    out[r, c] = colour
    return out


class OppositeCorners(Solver, name="opposite_corners", tasks=("task225",), refuses="task353",
                      aliases=("c2_opposite_corners",)):
    """A single 2x2 block of four colours: each cell's colour is thrown as a 2x2 square to the diagonally opposite side
    of the block (clipped by the grid)."""

    def plans(self, examples):
        """Fixed-size grids only: the graph clips the squares to the cropped grid."""
        shape = fixed_shape(examples)
        if shape is not None and same_shape(examples):
            yield shape

    def rule(self, shape, grid):
        return throw(grid) if grid.shape == shape else None

    def build(self, shape):
        h, w = shape
        g = Graph()
        grid = g.Slice(g.input, g.ints([0, 0]), g.ints([h, w]), g.ints([2, 3]), name="grid")
        fg = np.ones(10, np.float32)
        fg[0] = 0
        rows_i = g.const(np.arange(h, dtype=np.float32), name="row_index")
        cols_i = g.const(np.arange(w, dtype=np.float32), name="col_index")
        quarter = g.const(np.float32(0.25))
        half = g.const(np.float32(0.5))
        r0 = g.Sub(g.Mul(g.Einsum(grid, g.const(fg, name="fg"), rows_i, equation="bchw,c,h->b", name="row_sum"),
                         quarter, name="row_mid"), half, name="block_row")
        c0 = g.Sub(g.Mul(g.Einsum(grid, g.const(fg, name="fg"), cols_i, equation="bchw,c,w->b", name="col_sum"),
                         quarter, name="col_mid"), half, name="block_col")
        # per role k: the source line (r0 + dr) and the square's first line (r0 + sr)
        d_src_r = g.const(np.float32([[dr] for dr, _, _, _ in ROLES]), name="src_dr")           # [4,1]
        d_src_c = g.const(np.float32([[dc] for _, dc, _, _ in ROLES]), name="src_dc")
        d_sq_r = g.const(np.float32([[sr] for _, _, sr, _ in ROLES]), name="square_dr")
        d_sq_c = g.const(np.float32([[sc] for _, _, _, sc in ROLES]), name="square_dc")
        src_r = g.Cast(g.Equal(rows_i, g.Add(r0, d_src_r, name="src_row"), name="src_row_b"), to=1, name="src_rows")
        src_c = g.Cast(g.Equal(cols_i, g.Add(c0, d_src_c, name="src_col"), name="src_col_b"), to=1, name="src_cols")
        colours = g.Einsum(grid, src_r, src_c, equation="bchw,kh,kw->kc", name="cell_colours")      # [4,10]
        e0 = np.zeros(10, np.float32)
        e0[0] = 1
        change = g.Sub(colours, g.const(e0, name="bg"), name="colour_change")

        def band(index, start, tag):
            first = g.Sub(index, start, name=f"{tag}_offset")                                       # [4,n]
            return g.Cast(g.And(g.Greater(first, g.const(np.float32(-0.5)), name=f"{tag}_from"),
                                g.Less(first, g.const(np.float32(1.5)), name=f"{tag}_to"), name=f"{tag}_b"),
                          to=1, name=tag)

        rows_b = band(rows_i, g.Add(r0, d_sq_r, name="square_row"), "row_band")
        cols_b = band(cols_i, g.Add(c0, d_sq_c, name="square_col"), "col_band")
        delta = g.Einsum(change, rows_b, cols_b, equation="kc,kh,kw->chw", name="squares")
        out = g.Add(grid, g.Unsqueeze(delta, axes=[0], name="squares4"), name="thrown")
        return g.model(g.Pad(out, g.ints([0, 0, 0, 0, 0, 0, 30 - h, 30 - w])))
