"""Pattern swap: every occurrence of one 3x3 colour pattern P is replaced by another pattern Q (the
occurrences do not overlap); everything else stays.

A Conv scores each window against P (9 = exact match) and Relu(score - 8) marks match centres; a second
Conv spreads each centre into Q - P written as channel deltas, added to the input.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import same_shape


def swap(grid, p, q):
    if min(grid.shape) < 3:
        return grid.copy()
    hits = (np.lib.stride_tricks.sliding_window_view(grid, (3, 3)) == p).all(axis=(2, 3))
    out = grid.copy()
    used = np.zeros_like(grid, bool)
    for r, c in zip(*np.nonzero(hits)):
        if used[r:r + 3, c:c + 3].any():
            return None
        used[r:r + 3, c:c + 3] = True
        out[r:r + 3, c:c + 3] = q
    return out


class PatternSwap(Solver, name="pattern_swap", tasks=("task095", "task160", "task282", "task317"), refuses="task132",
                  aliases=("c4_patchswap",)):
    """Same-shape grids where every occurrence of one 3x3 pattern is replaced by another 3x3 pattern."""

    def plans(self, examples):
        """(P, Q) from the 3x3 windows of the first example around its first changed cell."""
        if not same_shape(examples):
            return
        i0, o0 = examples[0]
        diff = np.argwhere(i0 != o0)
        if diff.size == 0:
            return
        r0, c0 = diff[0]
        h, w = i0.shape
        for r in range(max(r0 - 2, 0), min(r0, h - 3) + 1):
            for c in range(max(c0 - 2, 0), min(c0, w - 3) + 1):
                yield i0[r:r + 3, c:c + 3].copy(), o0[r:r + 3, c:c + 3].copy()

    def rule(self, plan, grid):
        return swap(grid, *plan)

    def build(self, plan):
        p, q = plan
        match = np.zeros((1, 10, 3, 3), np.float32)
        delta = np.zeros((10, 1, 3, 3), np.float32)
        for u in range(3):
            for v in range(3):
                match[0, p[u, v], u, v] = 1
                # conv reads the centre at offset (1-u, 1-v) from the written cell: flip the stamp
                delta[q[u, v], 0, 2 - u, 2 - v] += 1
                delta[p[u, v], 0, 2 - u, 2 - v] -= 1
        g = Graph()
        score = g.Conv(g.input, g.const(match, name="pattern"), g.const(np.float32([-8]), name="bias"),
                       pads=[1, 1, 1, 1], name="match_score")
        centre = g.Relu(score, name="match_centre")
        change = g.Conv(centre, g.const(delta, name="stamp_delta"), pads=[1, 1, 1, 1], name="change")
        return g.model(g.Add(g.input, change))
