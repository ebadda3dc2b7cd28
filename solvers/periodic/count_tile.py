"""A fixed h x w input is tiled on a square canvas as many copies wide as it has background cells; as
many copies as it has coloured cells are laid in reading order, the rest stays empty.

Graph: colour counts give the copy count and canvas side, a double Gather with index k mod h tiles the
colour-value map, and one Equal decodes it.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import N, fixed_shape


def count_tile(grid):
    h, w = grid.shape
    z, n = int((grid == 0).sum()), int((grid != 0).sum())
    if z == 0 or h * z > N or w * z > N:
        return None
    out = np.zeros((h * z, w * z), int)
    for b in range(n):
        r, c = divmod(b, z)
        if r >= z:
            return None
        out[r * h:(r + 1) * h, c * w:(c + 1) * w] = grid
    return out


class CountTile(Solver, name="count_tile", tasks=("task221",), refuses="task327", aliases=("c3_counttile",)):
    """Input tiled on a canvas as many copies wide as it has background cells, one copy per coloured cell, in reading
    order."""

    def plans(self, examples):
        shape = fixed_shape(examples)
        if shape is not None:
            yield shape

    def rule(self, shape, grid):
        """The graph tiles the fixed input shape only."""
        return count_tile(grid) if grid.shape == shape else None

    def build(self, shape):
        h, w = shape
        g = Graph()
        colours = g.const(np.arange(10, dtype=np.float32).reshape(1, 10, 1, 1), name="colours")
        value = g.Conv(g.input, colours, name="colour_value")
        counts = g.ReduceSum(g.input, axes=[0, 2, 3], keepdims=0, name="colour_counts")           # [10]
        empty = g.Slice(counts, g.ints([0], name="zero_i"), g.ints([1], name="one_i"), name="empty")   # [1]
        filled = g.Sub(g.ReduceSum(counts, keepdims=1, name="cells"), empty, name="filled")
        tiled = value
        for axis, size in ((2, h), (3, w)):
            tiled = g.Gather(tiled, g.const((np.arange(N) % size).astype(np.int64), name=f"mod_{size}"),
                             axis=axis, name="tiled")
        rows = g.const((np.arange(N) // h).astype(np.float32).reshape(N, 1), name="block_row")
        cols = g.const((np.arange(N) // w).astype(np.float32), name="block_col")
        copy = g.Add(g.Mul(rows, empty, name="row_offset"), cols, name="copy_index")               # [30,30]
        in_canvas = g.And(g.Less(rows, empty, name="rows_in"), g.Less(cols, empty, name="cols_in"), name="canvas")
        code = g.Where(g.Less(copy, filled, name="copied"), tiled, g.const(np.zeros(1, np.float32), name="zero"),
                       name="copy_code")
        code = g.Where(in_canvas, code, g.const(np.array([-1], np.float32), name="outside"), name="code")
        return g.model(g.Equal(code, colours))
