"""Diagonal rays climb up-left from the left end and up-right from the right end of the object's top row,
in the object's rarest colour, to the grid's edge.

The graph finds the top row and its ends from profiles (ArgMax), the rarest colour from the colour counts
(ArgMin), and writes the rays into the colour-code map that one Equal decodes.

Cheaper variant (`apex_rays:crop S`) on the examples' largest side S (fitted on train and arc-gen; task288's
generator draws square grids of side neck + 2 shoulder, at most 9): the same graph on the S x S corner, its
one-hot answer padded to the canvas by the last op. Exact for every grid within it; the build keeps it only
if it passes the fresh examples too.
"""
from __future__ import annotations

from collections import Counter

import numpy as np
from onnx import TensorProto

from .._common_grids import N
from ._graphs import arange, code_map, decode_corner
from ._parameter_free import ParameterFree


def apex_rays(grid):
    cells = np.argwhere(grid != 0)
    if not len(cells):
        return None
    out, (_, w) = grid.copy(), grid.shape
    top = cells[:, 0].min()
    cols = np.flatnonzero(grid[top] != 0)
    cnt = Counter(grid[grid != 0].tolist())
    if len(cnt) < 2 or sorted(cnt.values())[0] == sorted(cnt.values())[1]:
        return None             # no single rarest colour
    colour = min(cnt, key=cnt.get)
    for d in range(1, top + 1):
        if cols.min() - d >= 0:
            out[top - d, cols.min() - d] = colour
        if cols.max() + d < w:
            out[top - d, cols.max() + d] = colour
    return out


class ApexRays(ParameterFree, name="apex_rays", tasks=("task288",), refuses="task348", aliases=("c3_apexrays",),
               fit_splits=("train", "arc-gen")):
    """Diagonal rays climb outward from both ends of the object's top row, in the object's rarest colour."""

    draw = staticmethod(apex_rays)

    def candidates(self, examples):
        return self.with_corner_variant(examples, self.build, square=True)

    def build(self, plan, side=None):
        side = side or N
        g, colours, value, inside = code_map(side)
        k = arange(g, side)
        zero = g.const(np.zeros(1, np.float32), name="zero")
        rows = g.ReduceMax(value, axes=[0, 1, 3], keepdims=0, name="row_profile")
        occupied = g.Cast(g.Greater(rows, zero, name="occupied"), to=TensorProto.FLOAT, name="occupied_f")
        top = g.ArgMax(occupied, axis=0, keepdims=1, name="top_row")                                  # [1]
        top_cells = g.Greater(g.Gather(value, top, axis=2, name="top_values"), zero, name="top_cells")
        top_cells = g.Cast(g.Reshape(top_cells, g.ints([side], name="flat"), name="top_flat"), to=TensorProto.FLOAT,
                           name="top_flat_f")
        left = g.ArgMax(top_cells, axis=0, keepdims=1, name="top_left")
        right = g.ArgMax(top_cells, axis=0, keepdims=1, select_last_index=1, name="top_right")
        counts = g.ReduceSum(g.input, axes=[0, 2, 3], keepdims=0, name="colour_counts")         # [10]
        usable = np.zeros(10, np.float32)
        usable[0] = 1e6
        present = g.Greater(counts, zero, name="present")
        rank = g.Where(present, g.Add(counts, g.const(usable, name="no_background")), g.const(np.full(1, 1e6,
                       np.float32), name="absent"), name="rarity")
        colour = g.Cast(g.ArgMin(rank, axis=0, keepdims=1, name="rarest"), to=TensorProto.FLOAT, name="ray_colour")
        rows_k = g.Unsqueeze(k, axes=[1], name="row_index")                                    # [30,1]
        up_left = g.Equal(g.Add(k, g.Sub(top, left, name="left_shift"), name="left_diag"), rows_k, name="up_left")
        up_right = g.Equal(g.Sub(g.Add(right, top, name="right_sum"), k, name="right_diag"), rows_k,
                           name="up_right")
        above = g.Less(rows_k, top, name="above_top")
        ray = g.And(g.And(g.Or(up_left, up_right, name="on_diag"), above, name="ray"), inside, name="ray_in")
        return g.model(decode_corner(g, g.Where(ray, colour, value, name="code"), colours, side))
