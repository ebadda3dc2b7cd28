"""Every seed draws its row to the right edge, then the right edge column down to the row above the next
seed (the last seed down to the bottom): a staircase of L-shaped paths.

The graph builds the colour-code map from a CumSum along rows (right of a seed), a row-segment MatMul
(the edge column's colour) and the grid's last column, decoded by one Equal.
"""
from __future__ import annotations

import numpy as np
from onnx import TensorProto

from .._common_graph import last_index
from ._graphs import arange, code_map
from ._parameter_free import ParameterFree


def seed_paths(grid):
    out, (h, w) = grid.copy(), grid.shape
    seeds = sorted((r, c, grid[r, c]) for r, c in np.argwhere(grid != 0))
    if len({r for r, _, _ in seeds}) != len(seeds):
        return None             # one seed a row
    for k, (r, c, v) in enumerate(seeds):
        out[r, c:] = v
        out[r:seeds[k + 1][0] if k + 1 < len(seeds) else h, w - 1] = v
    return out


class SeedEdgePaths(ParameterFree, name="seed_edge_paths", tasks=("task237",), refuses="task199",
                    aliases=("c3_seedpaths",)):
    """Each seed draws its row to the right edge, then the right edge column down to the next seed's row (the last one
    to the bottom)."""

    draw = staticmethod(seed_paths)

    def build(self, plan):
        g, colours, value, inside = code_map()
        zero = g.const(np.zeros(1, np.float32), name="zero")
        axis3 = g.const(np.array(3, np.int32), name="axis3")
        seed = g.Cast(g.Greater(value, zero, name="seed"), to=TensorProto.FLOAT, name="seed_f")
        right_of_seed = g.Greater(g.CumSum(seed, axis3, name="seeds_left"), zero, name="right_of_seed")
        rowv = g.ReduceMax(value, axes=[0, 1, 3], keepdims=0, name="row_colour")             # [30]
        seed_row = g.Greater(rowv, zero, name="seed_row")
        segment = g.CumSum(g.Cast(seed_row, to=TensorProto.INT32, name="seed_row_i"),
                           g.const(np.array(0, np.int32), name="axis0"), name="segment")   # [30]
        same = g.And(g.Equal(g.Unsqueeze(segment, axes=[1], name="segment_col"), segment, name="same_segment"),
                     seed_row, name="segment_seed")                                        # [30 r, 30 r']
        down = g.MatMul(g.Cast(same, to=TensorProto.FLOAT, name="segment_seed_f"), rowv, name="down_colour")
        last_col = g.Equal(arange(g), last_index(g, 3), name="last_col")
        down_col = g.Unsqueeze(down, axes=[1], name="down_col")                             # [30, 1]
        on_path_down = g.And(g.Greater(down_col, zero, name="has_down"), last_col, name="on_path_down")
        code = g.Where(on_path_down, down_col, value, name="column_code")
        code = g.Where(right_of_seed, g.Unsqueeze(rowv, axes=[1], name="row_colour_col"), code, name="row_code")
        code = g.Where(inside, g.Max(code, value, name="with_seeds"), value, name="code")
        return g.model(g.Equal(code, colours))
