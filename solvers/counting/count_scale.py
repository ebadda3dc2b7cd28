"""Count scale: the input grid scaled up by a factor read from the input: its number of colours, or its
count of cells (or objects) of one colour.

Graph: the factor k as a scalar; output line y reads input line floor(y / k), as Equal maps of the
fixed input window (or the canvas), and one Einsum writes `output`.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .._common_graph import counts_node, feature_node
from .._common_grids import C, N
from ._summary import Readings, feature, in_shape


class CountScale(Readings, name="count_scale", tasks=("task269", "task289"), refuses="task107"):
    """The input grid scaled up by a factor read from the input: its number of colours, or its count of cells of one
    colour."""

    def plans(self, examples):
        if len({o.shape for _, o in examples}) == 1 and len(examples) > 1:
            return                                   # a fixed factor: the geometry families' job
        for name in ("ncolours", *[f"count{c}" for c in range(C)], "objects"):
            yield name, in_shape(examples)

    def rule(self, plan, grid):
        name, corner = plan
        if corner is not None and (grid.shape[0] > corner[0] or grid.shape[1] > corner[1]):
            return None                              # the graph reads the fixed input corner only
        k = feature(grid, name)
        if k < 1 or k * max(grid.shape) > N:
            return None
        return np.kron(grid, np.ones((k, k), np.int64))

    def label(self, plan):
        return plan[0]

    def build(self, plan):
        name, corner = plan
        g = Graph()
        counts = counts_node(g)
        k = feature_node(g, counts if name.startswith(("count", "ncolours")) else None, name, corner)
        factor = g.ReduceSum(k, axes=[0, 1, 2, 3], keepdims=0, name="factor")          # a scalar
        src_row = g.Floor(g.Div(g.const(np.arange(N, dtype=np.float32).reshape(N, 1), name="rows"), factor,
                                name="row_over_factor"), name="source_row")             # [30,1]
        # output row y reads input row y // k, column x reads column x // k; with one small input
        # shape only its corner is read, so the maps are [30,h] and [30,w]
        h, w = corner if corner is not None else (N, N)
        src = g.input
        if corner is not None:
            src = g.Slice(g.input, g.ints([0, 0], name="zero2"), g.ints([h, w], name="grid_end"),
                          g.ints([2, 3], name="hw_axes"), name="grid")
        picks = {}
        for size in {h, w}:
            picks[size] = g.Cast(g.Equal(src_row, g.const(np.arange(size, dtype=np.float32).reshape(1, size),
                                                          name="src_index"), name="reads"), to=1, name="reads_f")
        return g.model(g.Einsum(picks[h], src, picks[w], equation="yi,bcij,xj->bcyx"))
