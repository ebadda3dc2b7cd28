"""Symmetric shape pick: of the shapes in the grid (one colour each), the output is the one that is
left-right symmetric, cropped to its box (other colours inside the box dropped).

A colour is symmetric when, for some s (then first + last column of the colour), every cell (r, j) has its mirror (r, s - j) of the
colour. Graph on the fixed input window (read through [30, H] / [30, W] crops inside the Einsums): one
Einsum counts, per colour and every axis s, the cell pairs mirrored about s ([j + k == s] written as a sum of
roots of unity, which factors over j and k; a [1,10,2W-1] result): the colour whose best axis mirrors all its
cells is the pick. Its first / last row and column give H x H / W x W OneHot shift
matrices, and one Einsum (with a two-term colour map keeping the pick and turning every other colour into
background, and the crops placing the box on the canvas) writes it into `output`.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import fixed_shape, same_shape


def mirror_pick(grid):
    found = []
    for c in range(1, 10):
        m = grid == c
        if not m.any():
            continue
        rows, cols = np.nonzero(m)
        box = m[rows.min():rows.max() + 1, cols.min():cols.max() + 1]
        if np.array_equal(box, box[:, ::-1]):
            found.append(np.where(box, c, 0))
    return found[0] if len(found) == 1 else None


class SymmetricShapePick(Solver, name="symmetric_shape_pick", tasks=("task174",), refuses="task134",
                         aliases=("c7_mirror_pick",)):
    """Output = the one left-right symmetric single-colour shape of the grid, cropped to its box."""

    def plans(self, examples):
        shape = fixed_shape(examples)
        if shape is not None and not same_shape(examples):
            yield {"shape": shape}

    def rule(self, plan, grid):
        return mirror_pick(grid) if grid.shape == plan["shape"] else None

    def build(self, plan):
        g = Graph()
        hh, ww = plan["shape"]
        x = g.input
        # the window is read inside the Einsums through [30, H] / [30, W] crops, never stored
        crop_h = g.const(np.eye(30, hh, dtype=np.float32), name="crop_rows")
        crop_w = g.const(np.eye(30, ww, dtype=np.float32), name="crop_cols")
        one = g.const(np.float32(1), name="one")
        # [j + k == m] (j, k < W, m < M = 2W - 1) as a sum of roots of unity, which factors over j and k:
        # (1/M) sum_p cos(theta_p (j + k - m)), theta_p = 2 pi p / M, the conjugate frequencies p and M - p
        # folded (weight 2) so p < W; cos(a + b - c) = Re(e^ia e^ib e^-ic), the complex products through the
        # [re/im]^3 table `real_part`: [W,2,W] + [W,2,M] + 8 values instead of a [W,W,M] one-hot table. The sum
        # is exact up to float rounding (far below the half cell the comparison below leaves)
        m = 2 * ww - 1
        theta = 2 * np.pi * np.arange(ww)[:, None] / m
        col_waves = np.stack([np.cos(theta * np.arange(ww)), np.sin(theta * np.arange(ww))], 1)     # [p,re/im,j]
        weight = np.where(np.arange(ww) > 0, 2.0, 1.0)[:, None, None] / m
        axis_waves = weight * np.stack([np.cos(theta * np.arange(m)), -np.sin(theta * np.arange(m))], 1)  # [p,re/im,m]
        real_part = np.zeros((2, 2, 2), np.float32)
        real_part[0, 0, 0] = 1
        real_part[0, 1, 1] = real_part[1, 0, 1] = real_part[1, 1, 0] = -1
        # pairs mirrored about every axis m / 2 (a cell has at most one mirror per axis, so never more than the
        # cells); the colour is symmetric when some axis mirrors all its cells: no axis to find first
        waves = g.const(col_waves.astype(np.float32), name="column_waves")
        per_axis = g.Einsum(x, crop_w, waves, x, crop_w, waves, g.const(real_part, name="real_part"),
                            g.const(axis_waves.astype(np.float32), name="axis_waves"),
                            equation="bcrs,sj,paj,bcrt,tk,pek,aed,pdm->bcm", name="mirrored_per_axis")  # [1,10,M]
        mirrored = g.ReduceMax(per_axis, axes=[2], keepdims=0, name="mirrored")                     # [1,10]
        count = g.ReduceSum(x, axes=[2, 3], keepdims=0, name="count")                                # [1,10]
        not_bg = np.ones((1, 10), np.float32)
        not_bg[0, 0] = 0
        # mirrored pairs never outnumber the cells: all mirrored is mirrored > count - 1/2
        all_mirrored = g.Greater(g.Add(mirrored, g.const(np.float32(0.5), name="half"), name="mirrored_up"), count,
                                 name="all_mirrored")
        symmetric = g.And(all_mirrored,
                          g.Greater(g.Mul(count, g.const(not_bg, name="not_background"), name="fg_count"),
                                    g.const(np.float32(0), name="zero"), name="shown"), name="symmetric")
        pick = g.Cast(symmetric, to=1, name="pick")                                                 # [1,10]

        lines = {n: g.const(np.arange(n, dtype=np.float32).reshape(1, n), name=f"out_line{n}") for n in {hh, ww}}
        hundred = g.const(np.float32(100), name="hundred")

        def shift(equation, crop, size, tag):
            has = g.Cast(g.Greater(g.Einsum(x, crop, pick, equation=equation, name=f"{tag}_count"),
                                   g.const(np.float32(0), name="zero"), name=f"{tag}_has_b"), to=2, name=f"{tag}_has")
            first = g.Cast(g.ArgMax(has, axis=1, keepdims=1, name=f"{tag}_first_i"), to=1, name=f"{tag}_first")
            last = g.Cast(g.ArgMax(has, axis=1, keepdims=1, select_last_index=1, name=f"{tag}_last_i"), to=1,
                          name=f"{tag}_last")
            src = g.Add(first, lines[size], name=f"{tag}_src")                                       # [1,size]
            index = g.Where(g.Greater(src, last, name=f"{tag}_beyond"), hundred, src, name=f"{tag}_index")
            return g.OneHot(index, g.const(np.float32(size), name=f"depth{size}"),
                            g.const(np.asarray([0, 1], np.float32), name="off_on"), name=f"{tag}_shift")

        rows = shift("bcrw,rh,bc->bh", crop_h, hh, "row")                                            # [1,H,H]
        cols = shift("bchs,sw,bc->bw", crop_w, ww, "col")
        # colour map sum_t which[t, c] turn[t, v, c]: the pick keeps its colour, every other colour turns background
        which = g.Concat(pick, g.Sub(one, pick, name="dropped"), axis=0, name="kept_dropped")        # [2,10]
        turn = np.stack([np.eye(10), np.eye(10)[[0] * 10].T]).astype(np.float32)                    # [t, v, c]
        # the crop's rows / columns (below H / W) are placed on the canvas by the same [30, H] / [30, W] crops
        return g.model(g.Einsum(x, crop_h, crop_w, which, g.const(turn, name="turn"), rows, cols, crop_h, crop_w,
                                equation="bcrs,rh,sw,tc,tvc,bih,bjw,yi,zj->bvyz"))
