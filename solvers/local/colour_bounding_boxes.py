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

    def candidates(self, examples):
        plan = self.fit(examples)
        if plan is not None:
            yield self.name, self.build(plan)
            yield f"{self.name}:counts", self.counts_model()

    def counts_model(self):
        """No intermediate: one Einsum writes output from four views of `input`. Per colour k, the cells of k
        in rows <= i, in rows >= i, in columns <= j and in columns >= j are four counts, linear in the input
        (a triangular table); their product is positive exactly inside k's bounding box (an integer >= 1
        there). Channel 0 takes the same product of the counts of all cells, scaled by 2^-40 (so below 1 on
        any canvas: each count is at most 900 < 2^10), positive exactly on the grid, minus every colour's
        product: positive on the grid outside every box, negative in a box."""
        g = Graph()
        pick = np.eye(10, dtype=np.float32)
        pick[0, :] = 2.0 ** -10                              # slot 0: every cell, scaled
        mix = np.eye(10, dtype=np.float32)
        mix[1:, 0] = -1
        x, tri, A = g.input, g.const(np.triu(np.ones((30, 30), np.float32)), name="upto"), g.const(pick, name="pick")
        eq = "bapq,ka,pi,kd,bdrs,ir,ke,beuv,vj,kf,bfwy,jy,kc->bcij"    # this order runs in ~12 ms, not ~100
        return g.model(g.Einsum(x, A, tri, A, x, tri, A, x, tri, A, x, tri, g.const(mix, name="mix"), equation=eq))

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
