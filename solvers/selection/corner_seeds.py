"""Corner seeds: a solid block of one colour sits among single seeds, one in each diagonal quadrant
around it; each seed moves onto the block's nearest corner cell, everything else is cleared.

Graph: ArgMax over the block colour's row/column profile gives the block's bounds, one Einsum sums
the seed values per quadrant ([2,2]), a second Einsum places them on the corners, and one Equal
decodes the colour code into the output."""
from __future__ import annotations

import numpy as np
from onnx import TensorProto

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import N, same_shape


def corner_seeds(grid, block):
    cells = np.argwhere(grid == block)
    if not len(cells):
        return None
    (r0, c0), (r1, c1) = cells.min(0), cells.max(0)
    out = np.zeros_like(grid)
    for r, c in np.argwhere((grid != 0) & (grid != block)):
        rr = r0 if r < r0 else r1 if r > r1 else None
        cc = c0 if c < c0 else c1 if c > c1 else None
        if rr is None or cc is None or out[rr, cc]:
            return None
        out[rr, cc] = grid[r, c]
    return out


class CornerSeeds(Solver, name="corner_seeds", tasks=("task342",), refuses="task059", aliases=("c3_cornerseeds",)):
    """Seeds in the four diagonal quadrants around a solid block move onto the block's nearest corners; block and
    everything else cleared."""

    def plans(self, examples):
        if same_shape(examples):
            yield from range(1, 10)

    def rule(self, block, grid):
        return corner_seeds(grid, block)

    def build(self, block):
        g = Graph()
        colours = g.const(np.arange(10, dtype=np.float32).reshape(1, 10, 1, 1), name="colours")
        value = g.Conv(g.input, colours, name="colour_value")
        pick = np.zeros((1, 10, 1, 1), np.float32)
        pick[0, block] = 1
        is_block = g.Conv(g.input, g.const(pick, name="block_w"), name="block_cells")
        seeds = g.Sub(value, g.Mul(is_block, g.const(np.array([float(block)], np.float32), name="block_value"),
                                   name="block_values"), name="seed_values")
        k = g.const(np.arange(N, dtype=np.int64), name="arange")
        sides, corners = [], []
        for axis, label in ((2, "row"), (3, "col")):
            profile = g.ReduceMax(is_block, axes=[0, 1, 5 - axis], keepdims=0, name=f"block_{label}s")   # [30]
            lo = g.ArgMax(profile, axis=0, keepdims=1, name=f"block_{label}_first")
            hi = g.ArgMax(profile, axis=0, keepdims=1, select_last_index=1, name=f"block_{label}_last")
            before = g.Unsqueeze(g.Less(k, lo, name=f"before_{label}"), axes=[0], name=f"before_{label}2")
            after = g.Unsqueeze(g.Greater(k, hi, name=f"after_{label}"), axes=[0], name=f"after_{label}2")
            sides.append(g.Cast(g.Concat(before, after, axis=0, name=f"{label}_sides"), to=TensorProto.FLOAT,
                                name=f"{label}_sides_f"))                                         # [2,30]
            target = g.Unsqueeze(g.Concat(lo, hi, axis=0, name=f"{label}_corners"), axes=[1],
                                 name=f"{label}_corners_col")                                     # [2,1]
            corners.append(g.Cast(g.Equal(target, k, name=f"{label}_corner_at"), to=TensorProto.FLOAT,
                                  name=f"{label}_corner_f"))                                      # [2,30]
        quadrant = g.Einsum(seeds, sides[0], sides[1], equation="bxhw,ph,qw->pq", name="quadrant_colour")
        placed = g.Einsum(quadrant, corners[0], corners[1], equation="pq,pr,qs->rs", name="placed")
        ingrid = g.ReduceMax(g.input, axes=[1], keepdims=1, name="in_grid")
        code = g.Add(placed, g.Sub(ingrid, g.const(np.ones(1, np.float32), name="one"), name="background_code"),
                     name="code")
        return g.model(g.Equal(code, colours))
