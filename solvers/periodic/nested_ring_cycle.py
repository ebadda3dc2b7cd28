"""The input is nested L-rings (ring m = cells with max(row, col) = m) whose colours are read
along the top row; the output, r times larger, continues the ring colours periodically (period = the
number of coloured rings).

The top row's colour codes gathered at m mod P (no colour beyond the output), decoded by one Equal, give a
[10,30] bool ring sequence; one Gather with a constant max(i, j) index writes the output.
"""
from __future__ import annotations

import numpy as np
from onnx import TensorProto

from neurogolf.graph import Graph

from .. import Solver
from .._common_graph import extent
from .._common_grids import N, ratios, same_shape


def rings(grid, scale):
    """Ring m of the scaled square takes top-row colour m mod (the number of coloured rings)."""
    top = grid[0]
    p = int((top != 0).sum())
    if p == 0 or (top[:p] == 0).any():
        return None
    n = grid.shape[1] * scale
    m = np.maximum.outer(np.arange(n), np.arange(n))
    return top[m % p]


class NestedRingCycle(Solver, name="nested_ring_cycle", tasks=("task123",), refuses="task301",
                      aliases=("c4_ringcycle", "c3_layers")):
    """Nested L-rings (colours along the top row) continue periodically over an r times larger square output."""

    def plans(self, examples):
        k = ratios(examples, up=True) or ((1, 1) if same_shape(examples) else None)
        if k is not None and k[0] == k[1] and all(i.shape[0] == i.shape[1] for i, _ in examples):
            yield k[0]

    def rule(self, scale, grid):
        """The graph reads the top row only; the output side is the grid's width times the scale."""
        return rings(grid, scale) if grid.shape[1] * scale <= N else None

    def build(self, scale):
        g = Graph()
        ar = np.arange(30)
        first = np.zeros((1, 30), np.float32)
        first[0, 0] = 1
        first = g.const(first, name="first_row")
        # the top row as colour codes + 1 (0 past the grid: no colour)
        top = g.Einsum(g.input, first, g.const(np.arange(1, 11, dtype=np.float32), name="codes"),
                       equation="zcij,xi,c->zxj", name="top_code")                                   # [1,1,30]
        coloured = g.Einsum(g.input, first, g.const(np.float32(np.arange(10) > 0), name="ink"), equation="zcij,xi,c->z",
                            name="rings")
        period = g.Cast(coloured, to=TensorProto.INT32, name="period")
        size = g.Mul(extent(g, 3), g.const(np.int32([scale]), name="scale"), name="out_size")
        src = g.Where(g.Less(g.const(ar.astype(np.int32), name="ar"), size, name="inside"),
                      g.Mod(g.const(ar.astype(np.int32), name="ar"), period, name="wrapped"),
                      g.const(np.int32([29]), name="blank"), name="ring_source")
        seq = g.Gather(top, src, axis=2, name="ring_codes")                                       # [1,1,30]
        seq = g.Equal(seq, g.const(np.arange(1, 11, dtype=np.float32).reshape(1, 10, 1), name="colour_codes"),
                      name="ring_colours")                                                        # [1,10,30] bool
        ring = np.maximum.outer(ar, ar).astype(np.int32)
        return g.model(g.Gather(seq, g.const(ring, name="ring_index"), axis=2))
