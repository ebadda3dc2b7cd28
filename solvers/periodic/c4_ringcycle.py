"""Ring cycle: the input is nested L-rings (ring m = cells with max(row, col) = m) whose colours are read
along the top row; the output, r times larger, continues the ring colours periodically (period = the
number of coloured rings).

The top row's colours gathered at m mod P (zero beyond the output) give a [10,30] ring sequence; one
Gather with a constant max(i, j) index writes the output.
"""
from __future__ import annotations

import numpy as np
from onnx import TensorProto

from neurogolf.graph import Graph

from .. import Solver
from .._common_graph import extent


def rings(grid, scale):
    top = grid[0]
    p = int((top != 0).sum())
    if p == 0 or (top[:p] == 0).any():
        return None
    n = grid.shape[1] * scale
    m = np.maximum.outer(np.arange(n), np.arange(n))
    return top[m % p]


class RingCycle(Solver):
    name = "c4_ringcycle"
    description = ("nested L-rings (colours along the top row) continue periodically over an r times larger "
                   "square output")

    def fit(self, examples):
        ratios = {(o.shape[0] / i.shape[0], o.shape[1] / i.shape[1]) for i, o in examples}
        if len(ratios) != 1:
            return None
        ry, rx = ratios.pop()
        if ry != rx or ry != int(ry) or ry < 1:
            return None
        scale = int(ry)
        for i, o in examples:
            if i.shape[0] != i.shape[1]:
                return None
            p = rings(i, scale)
            if p is None or not np.array_equal(p, o):
                return None
        return scale

    def build(self, scale):
        g = Graph()
        ar = np.arange(30)
        first = np.zeros(30, np.float32)
        first[0] = 1
        top = g.Einsum(g.input, g.const(first, name="first_row"), equation="zcij,i->zcj", name="top_row")
        coloured = g.Einsum(top, g.const(np.float32(np.arange(10) > 0), name="ink"), equation="zcj,c->z",
                            name="rings")
        period = g.Cast(coloured, to=TensorProto.INT32, name="period")
        size = g.Mul(extent(g, 3), g.const(np.int32([scale]), name="scale"), name="out_size")
        src = g.Where(g.Less(g.const(ar.astype(np.int32), name="ar"), size, name="inside"),
                      g.Mod(g.const(ar.astype(np.int32), name="ar"), period, name="wrapped"),
                      g.const(np.int32([29]), name="blank"), name="ring_source")
        seq = g.Gather(top, src, axis=2, name="ring_colours")                               # [1,10,30]
        ring = np.maximum.outer(ar, ar).astype(np.int32)
        return g.model(g.Gather(seq, g.const(ring, name="ring_index"), axis=2))
