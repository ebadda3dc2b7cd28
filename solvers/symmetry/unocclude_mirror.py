"""Unocclude mirror: a left-right symmetric shape is partly hidden under a solid rectangle of another
colour; the rectangle is removed and the shape completed by its mirror image.

Colour roles come from the per-colour cell counts against their bounding-box areas (the rectangle
is the solid one). The mirror axis s (cell c mirrors to s - c) is the one whose mirror sends no visible
shape cell onto an empty cell and most onto shape cells: both counts for every s are one Conv each,
the shape itself serving as the kernel over the column-flipped empty and shape maps. A Gather with the
index vector s - c (an out-of-grid zero column for dropped ones) mirrors the shape; the code map,
padded with 255, meets each channel's code in the last op.
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
    crop = lambda sel, name: g.Einsum(g.input, sel, window, window, equation="ncij,nckl,ri,sj->nkrs", name=name)
    shape = crop(pick, "shape")                                                        # [1,1,n,n]
    empty = crop(g.floats(np.eye(10, dtype=np.float32)[0].reshape(1, 10, 1, 1)), "empty")
    flip = lambda x, name: g.Slice(x, g.ints([n - 1]), g.ints([-n - 1]), g.ints([3]), g.ints([-1]), name=name)
    pads = [0, n - 1, 0, n - 1]
    clash = g.Conv(flip(empty, "empty_flipped"), shape, pads=pads, name="clashes")      # [1,1,1,2n-1]
    agree = g.Conv(flip(shape, "shape_flipped"), shape, pads=pads, name="agreements")
    score = g.Sub(agree, g.Mul(clash, g.floats([PENALTY]), name="clash_cost"), name="axis_score")
    best = g.ArgMax(score, axis=3, keepdims=0, select_last_index=1, name="best_x")     # s = 2n-2 - x
    s = g.Sub(g.const(np.array([2 * n - 2], np.int64)), g.Reshape(best, g.ints([1]), name="best_x1"), name="axis2")
    idx = np.arange(n, dtype=np.int64)
    src = g.Sub(s, g.const(idx), name="mirror_src")
    valid = g.And(g.And(g.Greater(src, g.const(np.int64(-1)), name="src_ge0"),
                        g.Less(src, g.const(np.int64(w)), name="src_ltw"), name="src_inside"),
                  g.const(idx < w), name="target_inside")
    src = g.Where(valid, src, g.const(np.int64(n - 1)), name="mirror_index")
    whole = g.Max(shape, g.Gather(shape, src, axis=3, name="mirrored"), name="whole")
    colour = g.ReduceSum(g.Mul(pick, g.floats(np.arange(10, dtype=np.float32).reshape(1, 10, 1, 1)),
                               name="colour_pick"), keepdims=0, name="shape_colour")
    outside = np.zeros((1, 1, n, n), np.float32)
    outside[..., h:, :] = 255
    outside[..., :, w:] = 255
    code = g.Cast(g.Add(g.Mul(whole, colour, name="shape_code"), g.floats(outside), name="code_f"), to=2,
                  name="code")
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
