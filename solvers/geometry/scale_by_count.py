"""Up-scaling by a factor read from the grid itself: its number of distinct non-zero colours, or of
non-zero cells."""
from __future__ import annotations

import numpy as np

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
        """Count in the graph, then one Resize (nearest, tf_crop_and_resize) of the grid's corner and one more
        row and column (zero: beyond the grid) straight into the output. Its run-time region of interest makes
        output line x read line (x + 0.5) / k of the corner (floor: never within 0.05 of a line boundary, so
        float rounding cannot move it); lines past the extra one fall outside the corner and read zero."""
        (H, W), factor = plan
        g = Graph()
        reduce = g.ReduceMax if factor == "colours" else g.ReduceSum
        per_colour = reduce(g.input, axes=[2, 3], keepdims=0, name="per_colour")           # [1,10]
        nonzero = g.const(np.array([0] + [1] * 9, np.float32), name="non_zero_colours")
        k = g.MatMul(per_colour, nonzero, name="factor")                                     # [1]
        x = g.Slice(g.input, g.ints([0, 0], name="starts"), g.ints([H + 1, W + 1], name="ends"),
                    g.ints([2, 3], name="axes"), name="grid")                               # [1,10,H+1,W+1]
        # roi (start, end) per axis, in units of the corner's last line index n: line x reads
        # start * n + x * (end - start) * n / 29 = (x + 0.5) / k
        fixed = np.array([0, 0, 0, 0, 1, 1, 0, 0], np.float32)
        per_k = np.array([0, 0, 0.5 / H, 0.5 / W, 0, 0, (N - 0.5) / H, (N - 0.5) / W], np.float32)
        roi = g.Add(g.const(fixed, name="roi_fixed"),
                    g.Div(g.const(per_k, name="roi_per_k"), k, name="roi_scaled"), name="roi")
        return g.model(g.Resize(x, roi, "", g.ints([1, 10, N, N], name="sizes"), mode="nearest",
                                coordinate_transformation_mode="tf_crop_and_resize", nearest_mode="floor",
                                extrapolation_value=0.0))
