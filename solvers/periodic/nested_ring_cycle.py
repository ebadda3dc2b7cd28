"""The input is nested L-rings (ring m = cells with max(row, col) = m) whose colours are read
along the top row; the output, r times larger, continues the ring colours periodically (period = the
number of coloured rings).

The top row's colour codes gathered at m mod P (no colour beyond the output), decoded by one Equal, give a
[10,30] bool ring sequence; one Gather with a constant max(i, j) index writes the output.

Crop variant (`nested_ring_cycle:crop<S>`), exact where the output is at most S x S (S: solvers.corner_extent,
the generator's bound on its grids, outputs included; task123's draws 10 x 10 outputs): the one-byte ring codes
gathered into an S x S code plane, decoded into `output` by one QLinearConv (`decode_code`).
"""
from __future__ import annotations

import numpy as np
from onnx import TensorProto

from neurogolf.graph import Graph

from .. import Solver
from .._common_graph import extent
from .._common_grids import N, ratios, same_shape
from ..local._code_decode import decode_code


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

    def candidates(self, examples):
        """The canvas graph, then, when the generator bounds every grid (outputs included) at S < 30 a side
        (solvers.corner_extent), the S x S graph."""
        yield from self.with_corner_variant(examples, lambda scale, side: self.build(scale, side), square=True)

    def build(self, scale, side: int = N):
        """side < 30: the output is at most side x side; the ring sequence is side long, cast to one byte, a
        [side, side] max(i, j) index Gathers the code plane and one QLinearConv decodes it into `output`
        (`decode_code`, its padding reaching the canvas)."""
        g = Graph()
        ar = np.arange(side)
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
                      g.const(np.int32([29]), name="blank"), name="ring_source")        # 29: past every grid
        seq = g.Gather(top, src, axis=2, name="ring_codes")                                       # [1,1,30]
        ring = np.maximum.outer(ar, ar).astype(np.int32)
        if side < N:
            code = g.Gather(g.Cast(seq, to=2, name="ring_codes_u8"), g.const(ring, name="ring_index"), axis=2,
                            name="cell_code")                                                  # [1,1,side,side]
            return g.model(decode_code(g, code, (side, side)))
        seq = g.Equal(seq, g.const(np.arange(1, 11, dtype=np.float32).reshape(1, 10, 1), name="colour_codes"),
                      name="ring_colours")                                                        # [1,10,30] bool
        return g.model(g.Gather(seq, g.const(ring, name="ring_index"), axis=2))
