"""Unocclude mirror: a left-right symmetric shape is partly hidden under a solid rectangle of another
colour; the rectangle is removed and the shape completed by its mirror image.

Colour roles come from the per-colour cell counts against their bounding-box areas (the rectangle
is the solid one). The mirror axis s (cell c mirrors to s - c) is the one whose mirror sends no visible
shape cell onto an empty cell and most onto shape cells: one ConvTranspose scores every s (a convolution
of the columns, not a correlation: no flip), the cropped shape with its rows as input channels the kernel
over the shape less 100 x the empty cells, both cropped by one Einsum each. A Gather of the shape as bools
with the index vector s - c (an out-of-grid zero column for dropped ones) mirrors it; a Where writes the
uint8 code map, padded with 255, which meets each channel's code in the last op.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import fixed_shape, same_shape

PENALTY = 100.0


def _roles(grid, box_width=None):
    """(shape colour, box colour): the box is the solid colour (of `box_width` columns, when given)."""
    colours = [c for c in range(1, 10) if (grid == c).any()]
    if len(colours) != 2:
        return None
    box = []
    for c in colours:
        r, k = np.nonzero(grid == c)
        box.append(len(r) == (np.ptp(r) + 1) * (np.ptp(k) + 1) and box_width in (None, np.ptp(k) + 1))
    if box[0] == box[1]:
        return None
    return colours[box.index(False)], colours[box.index(True)]


def unocclude(grid, box_width=None):
    roles = _roles(grid, box_width)
    if roles is None:
        return None
    shape_colour, _ = roles
    w = grid.shape[1]
    shape, empty = (grid == shape_colour).astype(int), (grid == 0).astype(int)
    best = None
    for s in range(2 * w - 1):
        cols = [c for c in range(w) if 0 <= s - c < w]
        score = sum((shape[:, c] * shape[:, s - c]).sum() - PENALTY * (shape[:, c] * empty[:, s - c]).sum()
                    for c in cols)
        if best is None or score > best[0]:
            best = (score, s)
    s = best[1]
    out = shape.copy()
    for c in range(w):
        if 0 <= s - c < w:
            out[:, c] |= shape[:, s - c]
    return np.where(out > 0, shape_colour, 0)


def unocclude_graph(h, w, box_width=None):
    """The graph of `unocclude` on h x w grids (the box solid and, when given, `box_width` wide)."""
    n = max(h, w) + 1                                      # one zero row/column past the grid
    g = Graph()
    count = g.ReduceSum(g.input, axes=[2, 3], keepdims=1, name="cells")                 # [1,10,1,1]
    height = g.ReduceSum(g.ReduceMax(g.input, axes=[3], keepdims=1, name="rows_used"), axes=[2], keepdims=1,
                         name="height")
    width = g.ReduceSum(g.ReduceMax(g.input, axes=[2], keepdims=1, name="cols_used"), axes=[3], keepdims=1,
                        name="width")
    solid = g.Equal(g.Mul(height, width, name="box_area"), count, name="solid")
    if box_width is not None:
        solid = g.And(solid, g.Equal(width, g.floats([float(box_width)]), name="box_wide"), name="is_box")
    colour_mask = g.floats(np.r_[0, np.ones(9)].astype(np.float32).reshape(1, 10, 1, 1))
    present = g.Mul(g.Sign(count, name="present"), colour_mask, name="present_colour")
    pick = g.Where(solid, g.floats([0.0]), present, name="shape_select")               # [1,10,1,1]
    window = g.floats(np.eye(n, 30, dtype=np.float32))                                  # [n,30]
    # the shape less PENALTY x the empty cells with rows as channels [1,n,1,n], and the shape with rows as
    # input channels of a ConvTranspose kernel [n,1,1,n]: the ConvTranspose sums over the rows and convolves the
    # columns, out[s] = sum_c scored[:, c] x shape[:, s - c], the score of every axis s at once
    empty_sel = np.zeros((1, 10, 1, 1), np.float32)
    empty_sel[0, 0] = -PENALTY
    scored = g.Einsum(g.input, g.Add(pick, g.floats(empty_sel), name="score_select"), window, window,
                      equation="ncij,nckl,ri,sj->nrks", name="scored")                          # [1,n,1,n]
    shape = g.Einsum(g.input, pick, window, window, equation="ncij,nckl,ri,sj->rkls", name="shape")  # [n,1,1,n]
    score = g.ConvTranspose(scored, shape, name="axis_score")                               # [1,1,1,2n-1]
    s = g.ArgMax(score, axis=3, keepdims=0, name="best_s")                                  # first best axis
    s = g.Reshape(s, g.ints([1]), name="axis")
    idx = np.arange(n, dtype=np.int64)
    src = g.Sub(s, g.const(idx), name="mirror_src")
    valid = g.And(g.And(g.Greater(src, g.const(np.int64(-1)), name="src_ge0"),
                        g.Less(src, g.const(np.int64(w)), name="src_ltw"), name="src_inside"),
                  g.const(idx < w), name="target_inside")
    src = g.Where(valid, src, g.const(np.int64(n - 1)), name="mirror_index")
    shape_b = g.Reshape(g.Cast(shape, to=9, name="shape_rows_b"), g.ints([1, 1, n, n]), name="shape_b")
    whole = g.Or(shape_b, g.Gather(shape_b, src, axis=3, name="mirrored"), name="whole")
    colour = g.Cast(g.ReduceSum(g.Mul(pick, g.floats(np.arange(10, dtype=np.float32).reshape(1, 10, 1, 1)),
                                      name="colour_pick"), keepdims=0, name="shape_colour"), to=2, name="colour")
    outside = np.zeros((1, 1, n, n), np.uint8)
    outside[..., h:, :] = 255
    outside[..., :, w:] = 255
    code = g.Where(whole, colour, g.const(outside, name="outside"), name="code")
    canvas = g.Pad(code, g.ints([0, 0, 0, 0, 0, 0, 30 - n, 30 - n]), g.const(np.uint8(255)), name="code_canvas")
    return g.model(g.Equal(canvas, g.const(np.arange(10, dtype=np.uint8).reshape(1, 10, 1, 1))))


class UnoccludeMirror(Solver, name="unocclude_mirror", tasks=("task071",), refuses="task062",
                      aliases=("c6_unocclude",)):
    """A solid rectangle hiding part of a left-right symmetric shape is removed and the shape mirrored whole."""

    def plans(self, examples):
        shape = fixed_shape(examples)
        if shape is not None and max(shape) < 30 and same_shape(examples):
            yield shape

    def rule(self, shape, grid):
        return unocclude(grid) if grid.shape == shape else None

    def build(self, plan):
        return unocclude_graph(*plan)
