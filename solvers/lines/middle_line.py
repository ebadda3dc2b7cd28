"""Middle line: only the middle column (or row) of an odd-sized grid keeps its colours; every other
cell turns background.

One Einsum writes the output: the input's channels through the identity on the middle line and summed
into black on every other line ([2,30] line weights: middle, other); cells outside the grid have no
channel set, so they stay empty without any mask.
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
        idx = g.const(np.arange(30, dtype=np.int32), name="arange")
        is_middle = g.Equal(idx, mid, name="is_middle")                                    # bool [30]
        sides = g.Cast(g.Equal(is_middle, g.const(np.array([[True], [False]]), name="middle_then_not"),
                               name="sides_b"), to=TensorProto.FLOAT, name="sides")        # [2,30]: middle, other
        route = np.zeros((2, 10, 10), np.float32)       # middle line: every channel kept; other lines: black
        route[0] = np.eye(10)
        route[1, :, 0] = 1
        line = "c" if axis == 3 else "r"
        return g.model(g.Einsum(g.input, sides, g.const(route, name="route"), equation=f"bkrc,a{line},akj->bjrc"))
