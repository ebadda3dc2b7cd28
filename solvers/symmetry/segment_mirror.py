"""Segment mirror: a shape with a segment of an axis colour along one side is completed by its mirror
image across that side (the segment is overwritten); the background takes a new colour.

The side is read from first/last ArgMax indices of the shape's and the segment's row and column
profiles; the mirrored index of every output column (or row) is an int32 vector, dropped ones pointing
at a padded zero column, and two Gathers (the other axis the identity) fetch the mirror image. The
shape colour comes from per-colour counts. The shape plane (2 on the shape) is one dilated corner Conv
(`corner_plane`), cast to uint8 for the Gathers; the union with its mirror is decoded by one QLinearConv whose
zero point 1 makes shape and background +1 / -1 and the padding 0, its int8 weights +1 for the shape's colour
and -1 for the background's.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_graph import corner_plane
from .._common_grids import fixed_shape, same_shape


def axis_mirror(grid, axis_colour, background):
    seg = grid == axis_colour
    shape = (grid > 0) & ~seg
    colours = set(np.unique(grid[shape]).tolist())
    if len(colours) != 1 or not seg.any():
        return None
    colour = colours.pop()
    rs, cs = np.nonzero(seg)
    rx, cx = np.nonzero(shape)
    if cx.max() < cs.min():
        flip, src = False, 2 * cs.min() - 1
    elif cx.min() > cs.max():
        flip, src = False, 2 * cs.max() + 1
    elif rx.max() < rs.min():
        flip, src = True, 2 * rs.min() - 1
    elif rx.min() > rs.max():
        flip, src = True, 2 * rs.max() + 1
    else:
        return None
    x = shape.T if flip else shape
    out = x.copy()
    for t in range(x.shape[1]):
        if 0 <= src - t < x.shape[1]:
            out[:, t] |= x[:, src - t]
    out = out.T if flip else out
    return np.where(out, colour, background)


class SegmentMirror(Solver, name="segment_mirror", tasks=("task062",), refuses="task284",
                    aliases=("c6_axis_mirror",)):
    """A shape is mirrored across the axis-coloured segment along one of its sides; background recoloured."""

    def plans(self, examples):
        """(shape, axis colour, background): the axis is an input colour no output keeps, the new
        background the most common colour of the cells that were empty."""
        shape = fixed_shape(examples)
        if shape is None or not same_shape(examples):
            return
        vacated = np.concatenate([o[i == 0] for i, o in examples])
        if vacated.size == 0:
            return
        background = int(np.bincount(vacated, minlength=10).argmax())
        common = set.intersection(*(set(np.unique(i).tolist()) for i, _ in examples)) - {0}
        for axis_colour in common:
            if not any((o == axis_colour).any() for _, o in examples):
                yield shape, axis_colour, background

    def rule(self, plan, grid):
        shape, axis_colour, background = plan
        return axis_mirror(grid, axis_colour, background) if grid.shape == shape else None

    def build(self, plan):
        (h, w), axis_colour, background = plan
        g = Graph()
        channel = lambda k, name: g.Slice(g.input, g.ints([k, 0, 0]), g.ints([k + 1, h, w]), g.ints([1, 2, 3]),
                                          name=name)
        seg = channel(axis_colour, "segment")
        is_shape = np.ones(10, np.float32)
        is_shape[[0, axis_colour]] = 0
        shape = corner_plane(g, 2 * is_shape, (h, w), "shape")                        # [1,1,h,w] 0/2
        shape8 = g.Cast(shape, to=2, name="shape_u8")
        padded = g.Pad(shape8, g.ints([0, 0, 0, 0, 0, 0, 1, 1]), name="shape_padded")  # zero row and column

        def ends(m, axis, name):
            prof = g.ReduceMax(m, axes=[5 - axis], keepdims=1, name=f"{name}_profile")
            first = g.ArgMax(prof, axis=axis, keepdims=0, name=f"{name}_first")
            last = g.ArgMax(prof, axis=axis, keepdims=0, select_last_index=1, name=f"{name}_last")
            return (g.Cast(g.Reshape(first, g.ints([1]), name=f"{name}_lo_i"), to=6, name=f"{name}_lo"),
                    g.Cast(g.Reshape(last, g.ints([1]), name=f"{name}_hi_i"), to=6, name=f"{name}_hi"))

        def source(axis, n, name):
            """Mirrored index per target along axis, n where it falls off; and whether this axis mirrors."""
            s_lo, s_hi = ends(seg, axis, f"seg_{name}")
            x_lo, x_hi = ends(shape, axis, f"shape_{name}")
            before = g.Less(x_hi, s_lo, name=f"shape_before_{name}")
            after = g.Greater(x_lo, s_hi, name=f"shape_after_{name}")
            one = g.const(np.int32(1))
            total = g.Where(before, g.Sub(g.Add(s_lo, s_lo, name=f"{name}_2lo"), one, name=f"{name}_lo_axis"),
                            g.Add(g.Add(s_hi, s_hi, name=f"{name}_2hi"), one, name=f"{name}_hi_axis"),
                            name=f"{name}_axis2")
            idx = g.const(np.arange(n, dtype=np.int32))
            src = g.Sub(total, idx, name=f"{name}_src")
            inside = g.And(g.Greater(src, g.const(np.int32(-1)), name=f"{name}_ge0"),
                           g.Less(src, g.const(np.int32(n)), name=f"{name}_ltn"), name=f"{name}_inside")
            kept = g.Where(inside, src, g.const(np.int32(n)), name=f"{name}_mirrored")
            return kept, idx, g.Or(before, after, name=f"mirror_{name}")

        col_src, col_idx, across_cols = source(3, w, "col")
        row_src, row_idx, _ = source(2, h, "row")
        rows = g.Where(across_cols, row_idx, row_src, name="row_source")
        cols = g.Where(across_cols, col_src, col_idx, name="col_source")
        mirrored = g.Gather(g.Gather(padded, rows, axis=2, name="rows_mirrored"), cols, axis=3, name="mirrored")
        whole = g.Max(shape8, mirrored, name="whole")                                  # [1,1,h,w] 2 / 0
        cnt = g.ReduceSum(g.input, axes=[2, 3], keepdims=0, name="cells_per_colour")
        n = g.Einsum(cnt, g.floats(is_shape), equation="nc,c->", name="shape_cells")
        colour = g.Div(g.Einsum(cnt, g.floats(is_shape * np.arange(10)), equation="nc,c->", name="colour_sum"), n,
                       name="shape_colour")
        # int8 weights: +1 for the shape's colour, -1 for the background; zero point 1 makes the shape's 2 and
        # the background's 0 +1 / -1, and the padding (read as 1) 0
        is_colour = g.Cast(g.Equal(g.floats(np.arange(10).reshape(10, 1, 1, 1), name="channel_ids"), colour,
                                   name="is_colour_b"), to=3, name="is_colour")
        weights = g.Sub(is_colour, g.const(np.eye(1, 10, background, dtype=np.int8).reshape(10, 1, 1, 1),
                                           name="background_one"), name="colour_weights")
        unit = g.const(np.float32(1), name="unit_scale")
        return g.model(g.QLinearConv(whole, unit, g.const(np.uint8(1), name="code_zero"), weights, unit,
                                     g.const(np.int8(0), name="weight_zero"), unit,
                                     g.const(np.uint8(0), name="zero_point"), pads=[0, 0, 30 - h, 30 - w]))
