"""Middle line: only the middle column (or row) of an odd-sized grid keeps its colours; every other
cell turns background.

Where(column is the middle one or lies beyond the grid or the row does, input, black): one 900-byte bool
keep mask is cheaper than a [1,10,30,1] float background profile.
"""
from __future__ import annotations

import numpy as np
from onnx import TensorProto

from neurogolf.graph import Graph

from .. import Solver
from .._common_graph import last_index
from .._common_grids import same_shape


def midline(grid, axis):
    """axis 3: the middle column, 2: the middle row; None on an even side (it has no middle)."""
    out = np.zeros_like(grid)
    n = grid.shape[axis - 2]
    if n % 2 == 0:
        return None
    if axis == 3:
        out[:, n // 2] = grid[:, n // 2]
    else:
        out[n // 2] = grid[n // 2]
    return out


class MiddleLine(Solver, name="middle_line", tasks=("task329",), refuses="task097",
                 aliases=("c4_midline", "c3_centreline")):
    """Same-shape odd-sized grids where only the middle column (or middle row) keeps its colours."""

    def plans(self, examples):
        if same_shape(examples):
            yield from (3, 2)

    def rule(self, axis, grid):
        return midline(grid, axis)

    def build(self, axis):
        g = Graph()
        last = last_index(g, axis, TensorProto.INT32)
        mid = g.Div(last, g.const(np.array([2], np.int32), name="two"), name="middle")
        idx = g.const(np.arange(30, dtype=np.int32).reshape((30,) if axis == 3 else (30, 1)), name="arange")
        keep_line = g.Or(g.Equal(idx, mid, name="is_middle"), g.Greater(idx, last, name="beyond"), name="keep_line")
        span = g.ReduceSum(g.input, axes=[1, axis], keepdims=1, name="line_span")        # the other axis's lines
        outside = g.Less(span, g.const(np.float32(0.5), name="half"), name="outside")
        keep = g.Or(keep_line, outside, name="keep")                                      # bool [1,1,30,30]
        black = np.zeros((1, 10, 1, 1), np.float32)
        black[0, 0] = 1
        return g.model(g.Where(keep, g.input, g.const(black, name="black")))
