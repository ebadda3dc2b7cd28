"""Nested layers: a square grid of nested L-shaped layers (cell colour = seq[max(row, col)], the sequence
read off the diagonal, possibly padded with empty lines) is continued on a canvas twice as large, the
sequence repeating.

Graph: the diagonal of the colour-code map (one Einsum with the identity), its length n (count of
coloured entries), a constant max(row, col) index mod n, one Gather, and one Equal."""
from __future__ import annotations

import numpy as np

from .. import Solver
from .._common_grids import N
from .._common_graph import colour_code


def layers(grid):
    h, w = grid.shape
    if h != w or 2 * h > N:
        return None
    diag = np.diag(grid)
    n = int((diag > 0).sum())
    if n == 0 or (diag[:n] == 0).any():
        return None
    R, C = np.indices((2 * h, 2 * w))
    return diag[np.maximum(R, C) % n]


class Layers(Solver):
    name = "c3_layers"
    description = ("nested L-shaped colour layers (colour by max(row, col)) continued on a canvas twice as "
                   "large, the layer sequence repeating")

    def fit(self, examples):
        outs = [layers(i) for i, _ in examples]
        if all(x is not None and x.shape == o.shape and np.array_equal(x, o) for x, (_, o) in zip(outs, examples)):
            return True
        return None

    def build(self, plan):
        from neurogolf.graph import Graph
        from onnx import TensorProto
        g = Graph()
        colours, code = colour_code(g)
        diag = g.Einsum(code, g.const(np.eye(N, dtype=np.float32), name="identity"), equation="bxij,ij->i",
                        name="diagonal")                                                          # [30]
        coloured = g.Greater(diag, g.const(np.zeros(1, np.float32), name="zero"), name="coloured")
        n = g.ReduceSum(g.Cast(coloured, to=TensorProto.INT64, name="coloured_i"), keepdims=1, name="layer_count")
        side = g.ReduceSum(g.Cast(g.Greater(diag, g.const(np.array([-0.5], np.float32), name="minus_half"),
                                            name="in_grid"), to=TensorProto.INT64, name="in_grid_i"),
                           keepdims=1, name="side")
        depth = g.const(np.maximum.outer(np.arange(N), np.arange(N)).astype(np.int64), name="depth")
        values = g.Gather(diag, g.Mod(depth, n, name="layer"), axis=0, name="layer_colour")        # [30,30]
        area = g.Less(depth, g.Mul(side, g.ints([2], name="two"), name="canvas"), name="in_canvas")
        code = g.Where(area, values, g.const(np.array([-1], np.float32), name="outside"), name="code")
        return g.model(g.Equal(code, colours))
