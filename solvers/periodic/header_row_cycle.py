"""Below a header of h rows, row i of the grid is filled with the colour the top row holds at
column (i - h) mod W: the top row's colours cycle down the grid.

The top row's colour numbers (one Einsum, [30]) are gathered at (i - h) mod W (a [30,1] index, always a
cell of the top row inside the grid), a OneHot makes the [10,30,1] float column the Where broadcasts, and
one Where writes it over the rows below the header, inside the grid.
"""
from __future__ import annotations

import numpy as np
from onnx import TensorProto

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
        g = Graph()
        width = extent(g, 3)
        rows = np.arange(30, dtype=np.int32)
        idx = g.Mod(g.const((rows - h + 30 * 30).reshape(30, 1), name="shifted_rows"), width,
                    name="source_column")                                   # [30,1]: Gather gives [1,10,30,1]
        first = np.zeros(30, np.float32)
        first[0] = 1
        # the top row as colour numbers [30]; gathered per row, OneHot writes the float one-hot [10,30,1] itself
        top = g.Einsum(g.input, g.const(first, name="first_row"), g.const(np.arange(10, dtype=np.float32),
                       name="colour_no"), equation="bcij,i,c->j", name="top_row")
        down = g.OneHot(g.Gather(top, idx, axis=0, name="cycled_colours"), g.floats(10.0, name="colours"),
                        g.floats([0.0, 1.0], name="off_on"), axis=0, name="cycled_rows")
        below = (rows >= h).astype(np.float32).reshape(1, 1, 30, 1)
        rowin = g.Mul(g.ReduceMax(g.input, axes=[1, 3], keepdims=1, name="row_in_grid"),
                      g.const(below, name="below_header"), name="row_filled")
        colin = g.ReduceMax(g.input, axes=[1, 2], keepdims=1, name="column_in_grid")
        cond = g.And(g.Cast(rowin, to=TensorProto.BOOL, name="row_on"),
                     g.Cast(colin, to=TensorProto.BOOL, name="col_on"), name="filled")
        return g.model(g.Where(cond, down, g.input))
