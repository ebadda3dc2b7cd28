"""Open lines: inside a framed grid, every row (column) whose cells between its two end cells are all
background is painted one colour (the clear corridors through the frame).

Graph: coloured-cell map, row and column sums minus their two end cells (Gather of the first and last
line), a Where over background cells, and one Equal on the colour-code map."""
from __future__ import annotations

import numpy as np
from onnx import TensorProto

from .. import Solver
from .._common_graph import last_index
from .._common_grids import reproduces
from .._common_graph import colour_code


def open_lines(grid, paint):
    if min(grid.shape) < 3:
        return None
    rows = (grid[:, 1:-1] != 0).sum(1) == 0
    cols = (grid[1:-1, :] != 0).sum(0) == 0
    return np.where((grid == 0) & (rows[:, None] | cols[None, :]), paint, grid)


class OpenLines(Solver):
    name = "c3_openlines"
    description = "rows and columns that are empty between their end cells are painted one colour"

    def fit(self, examples):
        if any(i.shape != o.shape for i, o in examples) or all(np.array_equal(i, o) for i, o in examples):
            return None
        painted = {int(v) for i, o in examples for v in o[i != o]}
        if len(painted) != 1:
            return None
        paint = painted.pop()
        return paint if reproduces(lambda i: open_lines(i, paint), examples) else None

    def build(self, paint):
        from neurogolf.graph import Graph
        g = Graph()
        colours, code = colour_code(g)
        zero = g.const(np.zeros(1, np.float32), name="zero")
        half = g.const(np.array([0.5], np.float32), name="half")
        filled = g.Cast(g.Greater(code, zero, name="coloured"), to=TensorProto.FLOAT, name="coloured_f")
        opens = []
        for axis, label in ((3, "row"), (2, "col")):          # a row sums over columns (axis 3)
            ends = g.Concat(g.ints([0], name="first"), last_index(g, axis), axis=0, name=f"{label}_ends")
            total = g.ReduceSum(filled, axes=[axis], keepdims=1, name=f"{label}_total")
            edge = g.ReduceSum(g.Gather(filled, ends, axis=axis, name=f"{label}_end_cells"), axes=[axis],
                               keepdims=1, name=f"{label}_edges")
            opens.append(g.Less(g.Sub(total, edge, name=f"{label}_inner"), half, name=f"open_{label}"))
        paint_here = g.And(g.Or(opens[0], opens[1], name="open"), g.Equal(code, zero, name="empty"), name="paint")
        return g.model(g.Equal(g.Where(paint_here, g.const(np.array([float(paint)], np.float32), name="paint_v"),
                                       code, name="code"), colours))
