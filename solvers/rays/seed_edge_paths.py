"""Every seed draws its row to the right edge, then the right edge column down to the row above the next
seed (the last seed down to the bottom): a staircase of L-shaped paths.

The graph builds the colour-code map from a CumSum along rows (right of a seed), a row-segment MatMul
(the edge column's colour) and the grid's last column, decoded by one Equal.

Window variant, for examples whose grids all fit an H x W window (task237's generator draws 3..9 rows and
columns; the window is the largest shape over every split, 9 x 9): one Einsum reads the colour codes (+1, so
0 marks cells outside the grid) through [H,30] / [W,30] identities, another counts seeds left of each cell
(times the column's cell count, so 0 outside the grid); per-row seed colours and their segments give the
edge column's colour by an [H,H] one-byte MatMulInteger; the last column is a difference of column counts;
two one-byte Wheres on the window's codes, decoded by one QLinearConv straight into `output`.
"""
from __future__ import annotations

import numpy as np
from onnx import TensorProto

from neurogolf.graph import Graph

from .._common_graph import last_index
from .._common_grids import N
from ..local._code_decode import decode_code
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
        g = Graph()
        eye_h = g.const(np.eye(H, N, dtype=np.float32), name=f"window{H}")
        eye_w = eye_h if W == H else g.const(np.eye(W, N, dtype=np.float32), name=f"window{W}")
        f32, i32, u8 = TensorProto.FLOAT, TensorProto.INT32, TensorProto.UINT8
        zero = g.const(np.zeros(1, np.float32), name="zero")
        one = g.const(np.ones(1, np.float32), name="one")
        # colour + 1 inside the grid, 0 outside
        code = g.Einsum(g.input, g.const(np.arange(1, 11, dtype=np.float32).reshape(1, 10), name="codes_1"),
                        eye_h, eye_w, equation="bchw,xc,ih,jw->bxij", name="code1")                  # [1,1,H,W]
        col_cells = g.Einsum(g.input, eye_w, equation="bchw,jw->bj", name="col_cells")             # [1,W]: h or 0
        upto = np.triu(np.ones((W, W), np.float32))                                                 # [k, c]: k <= c
        right = g.Einsum(g.input, g.const(np.r_[0, np.ones(9)].astype(np.float32).reshape(1, 10), name="seed_w"),
                         eye_h, eye_w, g.const(upto, name="upto"), col_cells, equation="bchw,xc,ih,kw,kj,bj->bxij",
                         name="seeds_left")                                                         # [1,1,H,W]
        values = g.const(np.arange(10, dtype=np.float32), name="colour_values")
        row_colour = g.Einsum(g.input, values, eye_h, equation="bchw,c,ih->bi", name="row_colour")   # [1,H]
        row_colour_col = g.Einsum(g.input, values, eye_h, equation="bchw,c,ih->ib", name="row_colour_col")
        seed_row = g.Greater(row_colour, zero, name="seed_row")
        segment = g.CumSum(g.Cast(seed_row, to=i32, name="seed_row_i"), g.const(np.array(1, np.int32), name="axis1"),
                           name="segment")                                                          # [1,H]
        same = g.And(g.Equal(g.Transpose(segment, perm=[1, 0], name="segment_col"), segment, name="same_segment"),
                     seed_row, name="segment_seed")                                                 # [H r, H r']
        down = g.Cast(g.MatMulInteger(g.Cast(same, to=u8, name="segment_seed_u8"),
                                      g.Cast(row_colour_col, to=u8, name="row_colour_u8"), name="down_colour_i"),
                      to=f32, name="down_colour")                                                   # [H,1]
        row_cells = g.Einsum(g.input, eye_h, equation="bchw,ih->ib", name="row_cells")             # [H,1]: w or 0
        has_down = g.Greater(g.Mul(down, row_cells, name="down_inside"), zero, name="has_down")
        diff = np.eye(W, dtype=np.float32) - np.eye(W, k=-1, dtype=np.float32)                     # count c - count c+1
        last_col = g.Greater(g.Einsum(col_cells, g.const(diff, name="count_step"), equation="bk,kj->bj",
                                      name="col_step"), zero, name="last_col")                     # [1,W]
        code = g.Cast(code, to=u8, name="code_u8")
        code = g.Where(g.And(has_down, last_col, name="on_path_down"),
                       g.Cast(g.Add(down, one, name="down_code_f"), to=u8, name="down_code"), code, name="column_code")
        code = g.Where(g.Greater(right, zero, name="right_of_seed"),
                       g.Cast(g.Add(row_colour_col, one, name="row_code1_f"), to=u8, name="row_code1"), code,
                       name="row_code")
        return g.model(decode_code(g, code, (H, W)))

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
