"""Up-scaling by a factor read from the grid itself: its number of distinct non-zero colours, or of
non-zero cells."""
from __future__ import annotations

import numpy as np
from onnx import TensorProto

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import N, fixed_shape

FACTORS = {
    "colours": lambda g: len(set(g.ravel().tolist()) - {0}),      # distinct non-zero colours
    "cells": lambda g: int((g != 0).sum()),                       # non-zero cells
}


class ScaleByCount(Solver, name="scale_by_count", tasks=("task269", "task289"), refuses="task223",
                   aliases=("dynscale",)):
    """Output = the input scaled up by a factor that depends on the input: the number of distinct non-zero colours, or
    of non-zero cells."""

    def plans(self, examples):
        shape = fixed_shape(examples)
        if shape is not None:
            for factor in FACTORS:
                yield shape, factor

    def rule(self, plan, grid):
        """The graph reads the corner of the one input size it was fitted on."""
        shape, factor = plan
        k = FACTORS[factor](grid)
        if grid.shape != tuple(shape) or k < 1 or k * max(grid.shape) > N:
            return None
        return np.kron(grid, np.ones((k, k), grid.dtype))

    def build(self, plan):
        """Count in the graph, then one Einsum over the grid's corner with 0/1 matrices
        R[r, i] = (i == r // k) built by Div and Equal."""
        (H, W), factor = plan
        g = Graph()
        reduce = g.ReduceMax if factor == "colours" else g.ReduceSum
        per_colour = reduce(g.input, axes=[2, 3], keepdims=0, name="per_colour")           # [1,10]
        nonzero = g.const(np.array([0] + [1] * 9, np.float32), name="non_zero_colours")
        k = g.Cast(g.MatMul(per_colour, nonzero, name="factor_f"), to=TensorProto.INT32, name="factor")  # [1]
        source = g.Div(g.const(np.arange(N, dtype=np.int32).reshape(N, 1), name="arange_col"), k,
                       name="source")                                                      # [30,1]
        x = g.Slice(g.input, g.ints([0, 0], name="starts"), g.ints([H, W], name="ends"), g.ints([2, 3], name="axes"),
                    name="grid")

        def select(n):
            hit = g.Equal(source, g.const(np.arange(n, dtype=np.int32), name=f"arange{n}"), name=f"hit{n}")
            return g.Cast(hit, to=TensorProto.FLOAT, name=f"select{n}")

        rows = select(H)
        cols = rows if W == H else select(W)
        return g.model(g.Einsum(x, rows, cols, equation="bcij,ri,sj->bcrs"))
