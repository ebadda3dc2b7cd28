"""Every seed draws its row to the right edge, then the right edge column down to the row above the next
seed (the last seed down to the bottom): a staircase of L-shaped paths.

The graph builds the colour-code map from a CumSum along rows (right of a seed), a row-segment MatMul
(the edge column's colour) and the grid's last column, decoded by one Equal.

Window variant, for examples whose grids all fit an H x W window (task237's generator draws 3..9 rows and
columns; the window is the largest shape over every split, 9 x 9): a dilated Conv reads the colour codes (+1,
so 0 marks cells outside the grid), and everything else stays one byte: row vectors give each row's code
(the latest seed's, over keys 16 r + colour mod 16) and where it starts (the seed, or the grid's last
column), one comparison with the columns picks per cell the row's (code, code^2) or the background's, and
one QLinearConv decodes that pair plane straight into `output`.
"""
from __future__ import annotations

import numpy as np
from onnx import TensorProto

from neurogolf.graph import Graph

from .._common_graph import corner_plane, last_index
from ..local._code_decode import decode_code_pair
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
    fit_splits = ("train", "test", "arc-gen")

    def plans(self, examples):
        """The window (H, W) every grid fits (at most 28 a side), then the canvas."""
        if next(super().plans(examples), None) is None:
            return
        window = tuple(max(i.shape[a] for i, _ in examples) for a in (0, 1))
        if max(window) <= 28:
            yield window
        yield True

    def rule(self, plan, grid):
        if plan is not True and (grid.shape[0] > plan[0] or grid.shape[1] > plan[1]):
            return None
        return seed_paths(grid)

    def candidates(self, examples):
        for plan in self.plans(examples):
            if all(self.rule(plan, i) is not None and np.array_equal(self.rule(plan, i), o) for i, o in examples):
                yield self.name + ("" if plan is True else ":window"), self.build(plan)

    def _build_window(self, H, W):
        """All in one byte on the H x W window's colour + 1 code (0 off the grid), from row and column vectors:
        the edge column's code is the latest seed row's, a prefix MaxPool of row keys 16 r + code taken mod 16
        (1 above the first seed, 0 off the grid); a row shows that code from its start on, the last column of
        its largest code (ArgMax, last index): the seed's column on a seed row, the grid's last column on the
        others (all background), 0 off the grid. One Less of the starts and the columns' w + 1 (0 off the
        grid) picks, by one Where, the row's (code, code^2) or the column presence (background 1, 0 off the
        grid): that pair plane is decoded straight into `output`."""
        g = Graph()
        u8 = TensorProto.UINT8
        code = g.Cast(corner_plane(g, np.arange(1, 11), (H, W), "code_f"), to=u8, name="code")   # [1,1,H,W]
        zero, one = g.const(np.uint8(0), name="zero_u8"), g.const(np.uint8(1), name="one_u8")
        row_code = g.ReduceMax(code, axes=[3], keepdims=1, name="row_code")                    # [1,1,H,1]
        steps = g.const((16 * np.arange(H)).astype(np.uint8).reshape(1, 1, H, 1), name="row_keys")
        key = g.Where(g.Greater(row_code, one, name="seed_row"), g.Add(row_code, steps, name="keyed"), zero,
                      name="row_key")
        latest = g.MaxPool(key, kernel_shape=[H, 1], pads=[H - 1, 0, 0, 0], name="latest_seed")
        row_in = g.Min(row_code, one, name="row_in")
        down = g.Mul(g.Mod(latest, g.const(np.uint8(16), name="key_step"), name="down_code"), row_in,
                     name="down_in_grid")
        edge = g.Max(down, row_in, name="edge_code")                                              # [1,1,H,1]
        last_max = g.Cast(g.ArgMax(code, axis=3, keepdims=1, select_last_index=1, name="last_max_i64"), to=u8,
                          name="last_max")
        start = g.Mul(last_max, row_in, name="row_start")                                       # [1,1,H,1]
        in_col = g.Min(g.ReduceMax(code, axes=[2], keepdims=1, name="col_code"), one, name="col_in")  # [1,1,1,W]
        marks = g.Mul(in_col, g.const(np.arange(1, W + 1, dtype=np.uint8).reshape(1, 1, 1, W),
                                      name="column_plus_one"), name="column_mark")            # [1,1,1,W]
        shown = g.Less(start, marks, name="path_shown")                                        # [1,1,H,W]
        pair = g.Concat(edge, g.Mul(edge, edge, name="edge_square"), axis=1, name="edge_pair")  # [1,2,H,1]
        return g.model(decode_code_pair(g, g.Where(shown, pair, in_col, name="code_pair"), (H, W)))

    def build(self, plan):
        if plan is not True:
            return self._build_window(*plan)
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
