"""Block rays: each colour forms one square block, and the block of colour c shoots a diagonal ray from
its corner in a fixed direction (per colour) to the grid edge.

The block's centre (moments) fixes the ray's line j = mj + s (i - mi); per colour a [30] row -> column
target (-1 where the ray is not) is compared with the column index, giving the ray cells; one Where
writes them (uint8 output) over the input.
"""
from __future__ import annotations

import numpy as np
from onnx import TensorProto

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import same_shape


def square_block(grid, c):
    rr, cc = np.nonzero(grid == c)
    if rr.size == 0:
        return None
    k = rr.max() - rr.min() + 1
    if cc.max() - cc.min() + 1 != k or rr.size != k * k:
        return False
    return rr.min(), cc.min(), k


def shoot(grid, dirs):
    out = grid.copy()
    h, w = grid.shape
    for c, (dr, dc) in dirs.items():
        blk = square_block(grid, c)
        if blk is None:
            continue
        if blk is False:
            return None
        r, q, k = blk
        i, j = (r + k - 1 if dr > 0 else r) + dr, (q + k - 1 if dc > 0 else q) + dc
        while 0 <= i < h and 0 <= j < w:
            if grid[i, j] != 0:
                return None
            out[i, j] = c
            i, j = i + dr, j + dc
    return out


class BlockRays(Solver):
    name = "c4_blockrays"
    description = ("each colour is one square block shooting a diagonal ray from its corner to the edge, "
                   "the diagonal direction fixed per colour")

    def fit(self, examples):
        if not same_shape(examples):
            return None
        dirs = {}
        for i, o in examples:
            for c in range(1, 10):
                new = np.argwhere((o == c) & (i != c))
                blk = square_block(i, c)
                if new.size == 0 or not blk:
                    continue
                r, q, k = blk
                d = (int(np.sign(new[0, 0] - r - (k - 1) / 2)), int(np.sign(new[0, 1] - q - (k - 1) / 2)))
                if 0 in d or dirs.get(c, d) != d:
                    return None
                dirs[c] = d
        if not dirs:
            return None
        for i, o in examples:
            p = shoot(i, dirs)
            if p is None or not np.array_equal(p, o):
                return None
        return tuple(sorted(dirs.items()))

    def build(self, plan):
        dirs = dict(plan)
        dr = np.zeros(10, np.float32)
        s = np.zeros(10, np.float32)
        for c, (a, b) in dirs.items():
            dr[c], s[c] = a, a * b
        ar = np.arange(30, dtype=np.float32)
        g = Graph()
        f = lambda v, name: g.const(np.asarray(v, np.float32), name=name)
        cnt = g.Einsum(g.input, equation="bcij->bc", name="cells")
        safe = g.Max(cnt, f(1, "one"), name="cells_or_one")
        mi = g.Div(g.Einsum(g.input, f(ar, "ar"), equation="bcij,i->bc", name="row_sum"), safe, name="centre_row")
        mj = g.Div(g.Einsum(g.input, f(ar, "ar"), equation="bcij,j->bc", name="col_sum"), safe, name="centre_col")
        base = g.Sub(mj, g.Mul(mi, f(s, "slope"), name="slope_rows"), name="line_base")
        target = g.Add(g.Unsqueeze(base, axes=[2], name="base_c"), f(s[:, None] * ar[None, :], "slope_ar"),
                       name="ray_col")                                                    # [1,10,30]
        ahead = g.Mul(g.Sub(f(ar, "ar"), g.Unsqueeze(mi, axes=[2], name="mi_c"), name="row_off"),
                      f(dr[:, None], "dir_rows"), name="ahead")
        half = g.Unsqueeze(g.Mul(g.Sqrt(cnt, name="side"), f(0.5, "half"), name="half_side"), axes=[2],
                           name="half_c")
        rowin = g.ReduceMax(g.input, axes=[1, 3], keepdims=1, name="row_in_grid")        # [1,1,30,1]
        rowin = g.Cast(g.Squeeze(rowin, axes=[3], name="row_in"), to=TensorProto.BOOL, name="row_on")
        width = g.ReduceSum(g.ReduceMax(g.input, axes=[1, 2], keepdims=0, name="col_in"), keepdims=0,
                            name="width")
        within = g.And(g.Less(target, width, name="left_of_edge"),
                       g.GreaterOrEqual(target, f(0, "zero"), name="right_of_start"), name="in_cols")
        valid = g.And(g.And(g.Greater(ahead, half, name="beyond"), rowin, name="in_rows"), within, name="valid")
        tgt = g.Where(valid, target, f(-1, "nowhere"), name="ray_target")
        hit = g.Equal(g.Unsqueeze(tgt, axes=[3], name="ray_target4"), f(ar, "ar"), name="ray")
        ray = g.Cast(hit, to=TensorProto.UINT8, name="ray_u8")
        anyhit = g.Cast(g.ReduceMax(ray, axes=[1], keepdims=1, name="any_u8"), to=TensorProto.BOOL, name="any_ray")
        return g.model(g.Where(anyhit, ray, g.Cast(g.input, to=TensorProto.UINT8, name="input_u8")))
