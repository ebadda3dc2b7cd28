"""Every coloured seed cell shoots a ray to the grid edge in one fixed direction, alternating a fixed colour
(odd steps) with the seed's own colour (even steps).

One Einsum is the graph: out[d] = sum_k [k behind j] sum_v p_v(k) p_v(j) sum_c M_v[c,d] x_c(k), masked to the
grid, with p = (1, (-1)^index): same-parity steps (the seed's colour) and odd steps (the fixed colour) are
(1 +- s_k s_j) / 2, so one [30,30] reach and a [2,30] parity table replace three [30,30] step maps. Channel 0
counts the cells behind (positive on background) less N per ray covering the cell.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import N, same_shape

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
        reach = ((j - k) * sign >= 0).astype(np.float32)           # [k,j]: cell k lies at or behind j
        parity = np.stack([np.ones(30), (-1.0) ** np.arange(30)]).astype(np.float32)
        # same parity of k and j: (1 + s_k s_j) / 2, different: (1 - s_k s_j) / 2, s = (-1)^index
        same, diff = np.zeros((10, 10), np.float32), np.zeros((10, 10), np.float32)
        same[:, 0] = diff[:, 0] = 1                  # channel 0 counts the cells behind: positive on background
        for c in range(1, 10):
            same[c, c] += 1                          # even steps (and the seed itself): the seed's colour
            diff[c, fill] += 1                       # odd steps: the fixed colour
            same[c, 0] -= N                          # a ray covers the cell: more than the count can offset
            diff[c, 0] -= N
        mix = np.stack([same + diff, same - diff]) / 2
        g = Graph()
        if axis == 3:
            inside = g.ReduceMax(g.input, axes=[1, 2], keepdims=0, name="column_in_grid")
            eq = "bcik,kj,vk,vj,vcd,bj->bdij"
        else:
            inside = g.ReduceMax(g.input, axes=[1, 3], keepdims=0, name="row_in_grid")
            eq = "bckj,ki,vk,vi,vcd,bi->bdij"
        par = g.const(parity, name="parity")
        return g.model(g.Einsum(g.input, g.const(reach, name="reach"), par, par, g.const(mix, name="mix"),
                                inside, equation=eq))
