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
        (a triangular table); their product P_k is positive exactly inside k's bounding box (an integer >= 1
        there). Colour 0's box is the grid (the rule holds only where every border line has background).
        Channel c takes sum_k w_k (1/2 - (k - c)^2) P_k, a rank-3 [10,3] x [3,10] table: w_k = 1, and w_0 =
        2^-40 keeps colour 0's term below 1/2 on any canvas (each count is at most 900 < 2^10). In k's box
        only c = k is positive (P_k / 2 outweighs it, every other c is at most -P_k / 2 + 2^-41 P_0); outside
        every box only c = 0."""
        g = Graph()
        k = np.arange(10, dtype=np.float32)
        weight = np.ones(10, np.float32)
        weight[0] = 2.0 ** -40
        from_colour = weight[:, None] * np.stack([0.5 - k * k, 2 * k, -np.ones(10, np.float32)], axis=1)
        to_channel = np.stack([np.ones(10, np.float32), k, k * k])      # (1/2 - k^2) + 2kc - c^2
        x, tri = g.input, g.const(np.triu(np.ones((30, 30), np.float32)), name="upto")
        eq = "bkpq,pi,bkrs,ir,bkuv,vj,bkwy,jy,kt,tc->bcij"
        return g.model(g.Einsum(x, tri, x, tri, x, tri, x, tri, g.const(from_colour, name="from_colour"),
                                g.const(to_channel, name="to_channel"), equation=eq))

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
