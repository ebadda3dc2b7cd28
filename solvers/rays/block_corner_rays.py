"""Each colour forms one square block, and the block of colour c shoots a diagonal ray from its corner in a
fixed direction (per colour) over the background to the grid edge.

The block's centre (moments) fixes the ray's line j = mj + s (i - mi); per colour a [30] row -> column
target (-1 where the ray is not) is compared with the column index, giving the ray cells; one Where
writes them (uint8 output) over the input.

Window variant, for examples that all share one grid shape h x w (task136's generator draws 10 x 10 grids
only; fitted on every split, with the one block side k the examples show, 2 by the generator): a uint8
colour-code map of the window (a cropping ConvTranspose; the first and last planned colours hold codes 1
and 10, so a saturating 1x1 QLinearConv finds each one's plane); per planned colour one diagonal QLinearConv counts
the colour's cells behind each cell along the ray's direction: only cells on the ray see k (the block's whole
diagonal), so weights s and a bias -s (k - 1) draw the ray (s, the colour's code less black's, on it, saturating to 0 elsewhere) with no corner
plane; an Add (or Sub) writes it into the code map (the rule's ray cells are black);
`decode_code` writes `output` (one QLinearConv).

Signed variant (two ray colours on black, as task136's generator draws): no planes, adds, code square or pair;
the code is signed (+1 / -1 about zero point 128), each ray QLinearConv reads it directly and the two 0/255
ray planes are decoded by one QLinearConv (see `_build_signed`).
"""
from __future__ import annotations

import numpy as np
from onnx import TensorProto

from neurogolf.graph import Graph

from .. import Solver
from .._common_graph import corner_plane
from .._common_grids import C, N, reproduces, same_shape
from ._grids import ray_cells
from ..local._code_decode import decode_code
from ._window import qconv


def _colour_ray(g: Graph, plane: str, h: int, w: int, dr: int, dc: int, step: int, side: int, name: str) -> str:
    """`diagonal_ray` over the colour's plane with the kernel's ones replaced by `step` and a bias
    -step (side - 1): a cell with the block's whole diagonal (side cells) behind it, i.e. a ray cell, reads
    step; every other cell sees fewer and saturates to 0."""
    n = max(h, w) - 1
    k = np.zeros((1, 1, n + 1, n + 1), np.uint8)
    for s_ in range(1, n + 1):
        k[0, 0, n - s_ if dr > 0 else s_, n - s_ if dc > 0 else s_] = step
    top, left = (n if dr > 0 else 0), (n if dc > 0 else 0)
    return qconv(g, plane, k, bias=[-step * (side - 1)], pads=[top, left, n - top, n - left], name=name)


def square_block(grid, c):
    """(top, left, side) of the colour's cells when they fill one square, False when they do not, None
    when the colour is absent."""
    rr, cc = np.nonzero(grid == c)
    if rr.size == 0:
        return None
    k = rr.max() - rr.min() + 1
    if cc.max() - cc.min() + 1 != k or rr.size != k * k:
        return False
    return rr.min(), cc.min(), k


def shoot(grid, dirs):
    """None where a planned colour is missing (its moments would aim a ray from the origin), is no square,
    or its ray meets ink or another ray (the graph would set two channels there)."""
    out = grid.copy()
    for c, (dr, dc) in dirs.items():
        blk = square_block(grid, c)
        if not blk:
            return None
        r, q, k = blk
        rows, cols = ray_cells(grid.shape, r + k - 1 if dr > 0 else r, q + k - 1 if dc > 0 else q, dr, dc)
        if out[rows, cols].any():
            return None
        out[rows, cols] = c
    return out


def ray_directions(examples):
    """colour -> the diagonal its new cells lie in from its block's centre, the same in every example."""
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
    return dirs or None


def behind_clear(grid, dirs):
    """True when no cell of another planned colour lies on a block's ray line behind its ray corner (the
    signed graph's sums for the ray's cells would count it against the block)."""
    h, w = grid.shape
    for c, (dr, dc) in dirs.items():
        r, q, k = square_block(grid, c)
        y, x = (r + k - 1 if dr > 0 else r), (q + k - 1 if dc > 0 else q)
        while 0 <= y < h and 0 <= x < w:
            if grid[y, x] != c and grid[y, x] in dirs:
                return False
            y, x = y - dr, x - dc
    return True


class BlockCornerRays(Solver, name="block_corner_rays", tasks=("task136",), refuses="task013",
                      aliases=("c4_blockrays", "c3_blockrays"), fit_splits=("train", "test", "arc-gen")):
    """Each colour is one square block shooting a diagonal ray from its corner to the edge, the diagonal direction
    fixed per colour."""

    def plans(self, examples):
        """The window plan ("window", dirs, (h, w), side) when every grid has one shape (at most 28 a side)
        and every block one side, then the canvas plan (dirs)."""
        if same_shape(examples) and (dirs := ray_directions(examples)):
            dirs = tuple(sorted(dirs.items()))
            shapes = {i.shape for i, _ in examples}
            sides = {blk[2] for i, _ in examples for c, _ in dirs if (blk := square_block(i, c))}
            if len(shapes) == 1 and max(shapes.copy().pop()) <= 28 and len(sides) == 1:
                shape, side = shapes.pop(), sides.pop()
                shown = {int(v) for i, _ in examples for v in np.unique(i)}
                if len(dirs) == 2 and shown <= {0} | {c for c, _ in dirs}:
                    yield ("signed", dirs, shape, side)
                yield ("window", dirs, shape, side)
            yield dirs

    def rule(self, plan, grid):
        if plan and plan[0] in ("window", "signed"):
            kind, dirs, shape, side = plan
            if grid.shape != shape or any(blk and blk[2] != side for c, _ in dirs
                                          if (blk := square_block(grid, c))):
                return None
            out = shoot(grid, dict(dirs))
            if kind == "signed" and out is not None and (set(np.unique(grid).tolist()) - {0, *dict(dirs)}
                                                         or not behind_clear(grid, dict(dirs))):
                return None
            return out
        return shoot(grid, dict(plan))

    def candidates(self, examples):
        for plan in self.plans(examples):
            if reproduces(lambda grid: self.rule(plan, grid), examples):
                yield self.name + (f":{plan[0]}" if plan[0] in ("window", "signed") else ""), self.build(plan)

    def _build_window(self, dirs, shape, side):
        h, w = shape
        g = Graph()
        # the window's colour codes (decode_code's `codes`, 1..10) by one cropping ConvTranspose; the first
        # planned colour gets code 1 and the last code 10, so their planes are one saturating 1x1 QLinearConv
        # each (2 - code, code - 9), not an Equal and a Where
        ray_colours = [c for c, _ in dirs]
        ends = [ray_colours[0], ray_colours[-1]] if len(ray_colours) > 1 else []
        rest = [c for c in range(10) if c not in ends]
        codes = np.zeros(10, np.int64)
        codes[rest] = np.arange(len(rest)) + (2 if ends else 1)
        if ends:
            codes[ends] = 1, 10
        code = g.Cast(corner_plane(g, codes, (h, w), "code_f"), to=2, name="code")   # uint8 [1,1,h,w]
        one, zero = g.const(np.uint8(1), name="one_u8"), g.const(np.uint8(0), name="zero_u8")
        new = code
        for c, (dr, dc) in dirs:
            if ends and c == ends[0]:
                plane = qconv(g, code, np.full((1, 1, 1, 1), -1, np.int8), bias=[2], name=f"plane_{c}")
            elif ends and c == ends[1]:
                plane = qconv(g, code, np.ones((1, 1, 1, 1), np.uint8), bias=[-9], name=f"plane_{c}")
            else:
                plane = g.Where(g.Equal(code, g.const(np.uint8(codes[c]), name=f"code{c}"), name=f"is_{c}"), one,
                                zero, name=f"plane_{c}")
            # |code c - black's code| on the ray, 0 elsewhere; the rule leaves ray cells black, so adding (or
            # subtracting) it writes the colour's code there
            step = int(codes[c] - codes[0])
            ray = _colour_ray(g, plane, h, w, dr, dc, abs(step), side, name=f"ray_{c}")
            new = (g.Add if step > 0 else g.Sub)(new, ray, name=f"code_{c}")
        return g.model(decode_code(g, new, (h, w), codes=codes))

    def _build_signed(self, dirs, shape, side):
        """Two ray colours a, b on a black grid: the window's code is 128 + (1 for a, -1 for b, 0 for black)
        (one cropping ConvTranspose, cast to uint8), read about zero point 128. Per colour one QLinearConv sums
        the signed cells behind each cell along its ray direction (weights +-1, the cell itself +-(side + n),
        more than all n behind it), so a cell of the colour or on its ray reaches side while every other cell
        stays below it (the rule checks that no other ray colour lies on a ray's line behind its block); its
        weight scale 255 saturates the answer to 0 / 255.
        The two ray planes, read about zero point 1 (in the grid: -1 or 254; padding: 0), are three corners
        (black, a, b) with the padding inside them, so one 1x1 QLinearConv draws each colour's channel:
        -x_a - x_b - 1 for black, x_a - 1 and x_b - 1 for the colours. No code square or pair, no planes."""
        h, w = shape
        (a, _), (b, _) = dirs
        g = Graph()
        values = np.full(C, 128.0)
        values[a], values[b] = 129, 127
        code = g.Cast(corner_plane(g, values, (h, w), "code_f"), to=TensorProto.UINT8, name="code")  # [1,1,h,w]
        unit, zero_u8 = g.const(np.float32(1), name="unit_scale"), g.const(np.uint8(0), name="zero_u8")
        n = max(h, w) - 1
        rays = []
        for c, (dr, dc) in dirs:
            sign = 1 if c == a else -1
            k = np.zeros((1, 1, n + 1, n + 1), np.int8)
            top, left = (n if dr > 0 else 0), (n if dc > 0 else 0)
            for s_ in range(1, n + 1):                       # the cell s steps behind (r - s dr, c - s dc)
                k[0, 0, n - s_ if dr > 0 else s_, n - s_ if dc > 0 else s_] = sign
            k[0, 0, top, left] = sign * (side + n)           # the cell itself outweighs all n behind it
            rays.append(g.QLinearConv(code, unit, g.const(np.uint8(128), name="code_zero"),
                                      g.const(k, name=f"ray_{c}_w"), g.const(np.float32(255), name="saturate"),
                                      g.const(np.int8(0), name="zero_i8"), unit, zero_u8,
                                      g.const(np.int32([-(side - 1)]), name="ray_bias"),
                                      pads=[top, left, n - top, n - left], name=f"ray_{c}"))    # 0 / 255
        pair = g.Concat(*rays, axis=1, name="ray_pair")                                       # [1,2,h,w]
        weights = np.zeros((C, 2, 1, 1), np.int8)
        bias = np.full(C, -1, np.int32)
        weights[0, :, 0, 0] = -1
        weights[a, 0, 0, 0] = weights[b, 1, 0, 0] = 1
        return g.model(g.QLinearConv(pair, unit, g.const(np.uint8(1), name="one_u8"),
                                     g.const(weights, name="colour_lines"), unit, g.const(np.int8(0), name="zero_i8"),
                                     unit, zero_u8, g.const(bias, name="colour_bias"), pads=[0, 0, N - h, N - w],
                                     name="decoded"))

    def build(self, plan):
        if plan[0] == "signed":
            return self._build_signed(*plan[1:])
        if plan[0] == "window":
            return self._build_window(*plan[1:])
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
