"""Seed crosses: every coloured seed draws its whole row and column in its colour; where a row line crosses
a column line the cell takes a fixed colour (or the row's / the column's colour). Seeds stay.

Graph: a colour-value map (1x1 Conv), its row and column maxima (ReduceMax, a few hundred bytes), a
chain of Where over [1,1,30,30] codes, decoded to one-hot by one Equal writing the output."""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_graph import colour_code
from .._common_grids import same_shape


def crosses(grid: np.ndarray, mode) -> np.ndarray:
    """mode: who shows where lines cross: "row", "col" or a colour."""
    rowv = grid.max(axis=1)[:, None] * np.ones_like(grid)
    colv = grid.max(axis=0)[None, :] * np.ones_like(grid)
    cross = {"row": rowv, "col": colv}.get(mode)
    if cross is None:
        cross = np.full_like(grid, mode)
    out = np.where(colv > 0, colv, 0)
    out = np.where(rowv > 0, rowv, out)
    out = np.where((rowv > 0) & (colv > 0), cross, out)
    return np.where(grid > 0, grid, out)


class SeedCrosses(Solver, name="seed_crosses", tasks=("task047",), refuses="task273", aliases=("c3_crosses",)):
    """Every coloured seed extends to a full row and column line of its colour; crossings of lines take a fixed colour
    (or the row's or column's); seeds stay."""

    def plans(self, examples):
        if same_shape(examples) and not all(np.array_equal(i, o) for i, o in examples):
            yield from ("row", "col", *range(10))

    def rule(self, mode, grid):
        return crosses(grid, mode)

    def build(self, mode):
        g = Graph()
        colours, base = colour_code(g)                     # colour inside, -1 outside
        zero = g.const(np.zeros(1, np.float32), name="zero")
        rowv = g.ReduceMax(base, axes=[3], keepdims=1, name="row_colour")
        colv = g.ReduceMax(base, axes=[2], keepdims=1, name="col_colour")
        on_row = g.Greater(rowv, zero, name="on_row")
        on_col = g.Greater(colv, zero, name="on_col")
        code = g.Where(on_col, colv, base, name="col_code")
        code = g.Where(on_row, rowv, code, name="row_code")
        cross = {"row": rowv, "col": colv}.get(mode) or g.const(np.array([mode], np.float32), name="cross_colour")
        code = g.Where(g.And(on_row, on_col, name="crossing"), cross, code, name="cross_code")
        code = g.Where(g.Equal(base, zero, name="background"), code, base, name="code")   # seeds, outside stay
        return g.model(g.Equal(code, colours))
