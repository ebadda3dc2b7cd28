"""Colour bounding boxes: every colour fills the bounding box of its own cells (boxes do not overlap).

Per colour k, row and column spans R_k, C_k (0/1: between its first and last row/column) come from
two triangular Einsums over the row/column profiles; one Einsum writes out[c] = sum_k M[k,c] R_k C_k,
where M copies box c to channel c and gives channel 0 the background's box (the grid) minus all boxes.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import same_shape


def boxes(grid):
    """Every colour's bounding box filled; None where boxes overlap or where the background's own box
    (channel 0 in the graph) does not span the grid, i.e. a border line holds no background."""
    if not ((grid[[0, -1]] == 0).any(axis=1).all() and (grid[:, [0, -1]] == 0).any(axis=0).all()):
        return None
    out = np.zeros_like(grid)
    for c in range(1, 10):
        rr, cc = np.nonzero(grid == c)
        if rr.size:
            box = out[rr.min():rr.max() + 1, cc.min():cc.max() + 1]
            if box.any():
                return None
            box[:] = c
    return out


class ColourBoundingBoxes(Solver, name="colour_bounding_boxes", tasks=("task132",), refuses="task329",
                          aliases=("c4_colourbox", "c3_colourbox")):
    """Same-shape grids where each colour fills the bounding box of its own cells (boxes disjoint)."""

    def plans(self, examples):
        if same_shape(examples):
            yield True

    def rule(self, plan, grid):
        return boxes(grid)

    def build(self, plan):
        g = Graph()
        tri = g.const(np.triu(np.ones((30, 30), np.float32)), name="upto")
        one = g.const(np.float32(1), name="one")
        spans = []
        for axis, other, t in ((2, 3, "i"), (3, 2, "j")):
            prof = g.ReduceMax(g.input, axes=[other], keepdims=0, name=f"profile_{t}")
            fwd = g.Einsum(prof, tri, equation=f"bc{t},{t}l->bcl", name=f"seen_before_{t}")
            bwd = g.Einsum(prof, tri, equation=f"bc{t},l{t}->bcl", name=f"seen_after_{t}")
            spans.append(g.Min(fwd, bwd, one, name=f"span_{t}"))
        mix = np.eye(10, dtype=np.float32)
        mix[1:, 0] = -1
        return g.model(g.Einsum(spans[0], g.const(mix, name="mix"), spans[1], equation="bki,kc,bkj->bcij"))
