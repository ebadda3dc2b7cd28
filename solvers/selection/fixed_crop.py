"""Fixed crop: the output is a fixed-size window of the input at a fixed offset from one of its corners, or
a part fixed relative to its size (its first half or third, its leading square, the first of two copies).
Each is an index map (one Slice, Pad, Gather or Einsum), or a mask computed from the grid's extent."""
from __future__ import annotations

import numpy as np
from onnx import TensorProto

from neurogolf.graph import Graph

from .. import Solver
from .._common_graph import arange, extent, variable_axis_model
from .._common_grids import N
from .._common_index_maps import TransformFamily

EXACT_SIGNATURE_ROWS = 6     # the first-copy graph's column signatures (sum of 10 * 11^row) are exact in float32
SQUARE_HALF = EXACT_SIGNATURE_ROWS // 2     # columns the first-copy graph compares: a square's half up to that


class FixedCrop(TransformFamily, Solver, name="fixed_crop", tasks=("task067", "task135", "task188", "task326"),
                refuses="task016", aliases=("crop", "c3_halfcrop")):
    """Output = a fixed-size sub-rectangle of the input at a fixed offset from a corner, or its first half/third
    (whatever its size)."""

    def transforms(self, examples):
        yield from self._heads(examples)
        outs = {o.shape for _, o in examples}
        if len(outs) != 1:
            return
        h, w = outs.pop()
        if any(i.shape[0] < h or i.shape[1] < w for i, _ in examples) or all(i.shape == (h, w) for i, _ in examples):
            return
        inp, out = examples[0]
        H, W = inp.shape
        for anchor_r in ("top", "bottom"):
            for anchor_c in ("left", "right"):
                for r in range(H - h + 1):
                    for c in range(W - w + 1):
                        if (inp[r:r + h, c:c + w] != out).any():
                            continue
                        dr = r if anchor_r == "top" else H - h - r
                        dc = c if anchor_c == "left" else W - w - c
                        yield f"{anchor_r}{dr}-{anchor_c}{dc}", _crop(anchor_r, anchor_c, dr, dc, h, w)

    def _heads(self, examples):
        """The first 1/k of the rows or columns, whatever the size."""
        for axis in (0, 1):
            ks = {i.shape[axis] // o.shape[axis] if o.shape[axis] and i.shape[axis] % o.shape[axis] == 0 else 0
                  for i, o in examples}
            other = all(i.shape[1 - axis] == o.shape[1 - axis] for i, o in examples)
            if len(ks) == 1 and other and (k := ks.pop()) > 1:
                if axis == 0:
                    yield f"head_rows/{k}", lambda g, k=k: g[:g.shape[0] // k] if g.shape[0] % k == 0 else None
                else:
                    yield f"head_cols/{k}", lambda g, k=k: g[:, :g.shape[1] // k] if g.shape[1] % k == 0 else None

    def fits(self, examples):
        yield from super().fits(examples)
        if all(o.shape == (min(i.shape),) * 2 and np.array_equal(i[:o.shape[0], :o.shape[1]], o)
               for i, o in examples) and any(i.shape[0] != i.shape[1] for i, _ in examples):
            yield "square", None
        if all(np.array_equal(first_copy(i), o) for i, o in examples) and \
                len({first_copy(i).shape[0] == i.shape[0] for i, _ in examples}) == 2:
            yield "first-copy", None

    def rule(self, plan, grid):
        if plan[0] == "square":
            side = min(grid.shape)
            return grid[:side, :side]
        if plan[0] == "first-copy":
            if grid.shape[0] == grid.shape[1] > EXACT_SIGNATURE_ROWS and not _equal_halves(grid):
                return None     # the float column signatures may no longer tell the halves apart
            return first_copy(grid)
        return super().rule(plan, grid)

    def plan_candidates(self, plan):
        if plan[0] == "square":
            yield f"{self.name}:square", square_model()
        elif plan[0] == "first-copy":
            yield f"{self.name}:first-copy", first_copy_model()
        else:
            yield from super().plan_candidates(plan)

    def variable(self, label):
        if not label.startswith("head_"):
            return None
        axis = 2 if label.startswith("head_rows") else 3
        return f"{self.name}:{label}:variable", variable_axis_model("head", axis, int(label.split("/")[1]))


def square_model():
    """The grid's leading square (side min(height, width)), whatever its size: a cell is kept where its
    mirror image across the diagonal lies in the grid too, i.e. where some channel is set at (j, i).
    One Einsum of the input with itself: no initializer, no intermediate."""
    g = Graph()
    return g.model(g.Einsum(g.input, g.input, equation="bcij,bdji->bcij"))


def first_copy(grid):
    """The first of two equal halves: side by side when the grid is wider than tall (or square with equal
    left and right halves), else stacked."""
    H, W = grid.shape
    return grid[:, :W // 2] if W > H or (W == H and _equal_halves(grid)) else grid[:H // 2]


def _equal_halves(grid):
    w = grid.shape[1] // 2
    return np.array_equal(grid[:, :w], grid[:, w:2 * w])


def first_copy_model():
    """`first_copy` for grids of any size. Only a square grid needs its halves compared, and `rule` claims
    squares past EXACT_SIGNATURE_ROWS only with equal halves, so the first SQUARE_HALF columns decide: their
    signatures (sum over rows of (colour+1) * 11^row) against those W/2 columns on. The side sets how many
    rows and columns are kept (all of one axis, half of the other); one Einsum applies both masks."""
    g = Graph()
    k = arange(g)
    two = g.const(np.array([2], np.int32), name="two")
    height, width = extent(g, 2), extent(g, 3)
    half_h, half_w = g.Div(height, two, name="half_height"), g.Div(width, two, name="half_width")
    sig = g.Einsum(g.input, g.const(np.arange(1, 11, dtype=np.float32), name="colour_weight"),
                   g.const(11.0 ** np.arange(N, dtype=np.float32), name="row_weight"),
                   equation="bcij,c,i->bj", name="column_signature")                           # [1,30]
    head = g.const(np.arange(SQUARE_HALF, dtype=np.int32), name="head_index")
    left = g.Gather(sig, head, axis=1, name="left_signature")
    right = g.Gather(sig, g.Add(head, half_w, name="right_index"), axis=1, name="right_signature")
    agree = g.Cast(g.Or(g.Equal(left, right, name="same_column"), g.GreaterOrEqual(head, half_w, name="past_half"),
                        name="agree"), to=TensorProto.UINT8, name="agree_u8")
    halves_equal = g.Equal(g.ReduceMin(agree, axes=[1], keepdims=0, name="all_agree"),
                           g.const(np.array([1], np.uint8), name="yes"), name="halves_equal")
    side = g.Or(g.Greater(width, height, name="wide"),
                g.And(g.Equal(width, height, name="square"), halves_equal, name="square_side"), name="side")
    whole = g.const(np.array([N], np.int32), name="whole")
    kept_rows = g.Where(side, whole, half_h, name="kept_row_count")
    kept_cols = g.Where(side, half_w, whole, name="kept_col_count")
    keep_rows = g.Cast(g.Less(k, kept_rows, name="row_kept"), to=TensorProto.FLOAT, name="keep_rows")
    keep_cols = g.Cast(g.Less(k, kept_cols, name="col_kept"), to=TensorProto.FLOAT, name="keep_cols")
    return g.model(g.Einsum(g.input, keep_rows, keep_cols, equation="bcij,i,j->bcij"))


def _crop(anchor_r, anchor_c, dr, dc, h, w):
    def f(g):
        r = dr if anchor_r == "top" else g.shape[0] - h - dr
        c = dc if anchor_c == "left" else g.shape[1] - w - dc
        if r < 0 or c < 0 or r + h > g.shape[0] or c + w > g.shape[1]:
            return None
        return g[r:r + h, c:c + w]
    return f
