"""Every coloured seed cell shoots a ray to the grid edge in one fixed direction, alternating a fixed colour
(odd steps) with the seed's own colour (even steps).

One Einsum is the graph: out[d] = sum_t sum_c M_t[c,d] (x_c along the axis * A_t) masked to the grid,
with A_t the step matrices (same cell, even steps, odd steps) and M_t what each term writes (the seed's
colour, the fixed colour, minus the background it covers).
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import same_shape

DIRS = {"right": (3, 1), "left": (3, -1), "down": (2, 1), "up": (2, -1)}


def rays(grid, direction, fill):
    axis, sign = DIRS[direction]
    g = grid if axis == 3 else grid.T
    out = g.copy()
    for r, c in zip(*np.nonzero(g)):
        for k in range(1, g.shape[1]):
            j = c + sign * k
            if not 0 <= j < g.shape[1]:
                break
            if out[r, j] != 0 or g[r, j] != 0:
                return None                 # rays that cross or hit ink: the Einsum would add them
            out[r, j] = fill if k % 2 else g[r, c]
    return out if axis == 3 else out.T


class AlternatingRays(Solver, name="alternating_rays", tasks=("task232",), refuses="task246",
                      aliases=("c4_alternate", "c3_rowdash")):
    """Same-shape grids where each coloured cell extends a ray to the grid edge in one direction, alternating a fixed
    colour with its own colour."""

    def plans(self, examples):
        if not same_shape(examples):
            return
        i0, o0 = examples[0]
        for fill in sorted(set(o0[(i0 == 0) & (o0 != 0)].tolist())):
            for d in DIRS:
                yield d, fill

    def rule(self, plan, grid):
        return rays(grid, *plan)

    def build(self, plan):
        direction, fill = plan
        axis, sign = DIRS[direction]
        k, j = np.meshgrid(np.arange(30), np.arange(30), indexing="ij")
        step = (j - k) * sign
        steps = np.stack([step == 0, (step > 0) & (step % 2 == 0), (step > 0) & (step % 2 == 1)]).astype(np.float32)
        mix = np.zeros((3, 10, 10), np.float32)
        mix[0] = np.eye(10)
        for c in range(1, 10):
            mix[1, c, c] += 1
            mix[2, c, fill] += 1
            mix[1:, c, 0] -= 1
        g = Graph()
        if axis == 3:
            inside = g.ReduceMax(g.input, axes=[1, 2], keepdims=0, name="column_in_grid")
            eq = "bcik,tkj,tcd,bj->bdij"
        else:
            inside = g.ReduceMax(g.input, axes=[1, 3], keepdims=0, name="row_in_grid")
            eq = "bckj,tki,tcd,bi->bdij"
        return g.model(g.Einsum(g.input, g.const(steps, name="steps"), g.const(mix, name="mix"), inside,
                                equation=eq))
