"""Box pull: two full rows and two full columns (lines of four colours) frame a box; scattered dots share
one line's colour. The output is the box (lines included) with every dot pulled to its line: the cells
between each dot and the line of its colour take that colour.

Pulled toward the top or bottom line, a column fills from its first to its last dot (the line itself
being one end, already of that colour); toward the left or right line, a row does. So the fill needs only
per-line first / last dot positions, and no direction-specific cumulative scan.

Graph (on the H x W corner the grids fit, `corner_extent`): line rows / columns are those with no background
cell (counts per line, [1,30]); their first and last (ArgMax) give the source line of each output line, and two
Gathers crop the uint8 colour code (colour+1, 0 on a padded empty line past the box; read off the corner) into
output coordinates, H x W. The dot colour is the most common colour
strictly inside the box (an Einsum of line masks, [1,10]); it is vertical when it matches the top or bottom
line's code. Dots are where the code less it is 0; ArgMax first / last along each axis bound the fill (two uint8
sums of row and column terms and one LessOrEqual), a Where paints it, and, padded to the canvas, one Equal with
the ten codes writes `output`.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver, corner_extent
from .._common_graph import corner_plane


def box_pull(grid):
    rows = np.nonzero((grid != 0).all(1))[0]
    cols = np.nonzero((grid != 0).all(0))[0]
    if len(rows) != 2 or len(cols) != 2 or rows[1] - rows[0] < 2 or cols[1] - cols[0] < 2:
        return None
    box = grid[rows[0]:rows[1] + 1, cols[0]:cols[1] + 1].copy()
    inner = box[1:-1, 1:-1]
    dots = set(inner[inner != 0].tolist())
    if not dots:
        return box
    if len(dots) != 1:
        return None
    x = dots.pop()
    top, bottom, left, right = box[0, 1], box[-1, 1], box[1, 0], box[1, -1]
    if len({top, bottom, left, right}) != 4 or x not in (top, bottom, left, right):
        return None
    hit = box == x
    axis = 0 if x in (top, bottom) else 1
    first = np.argmax(hit, axis)
    last = hit.shape[axis] - 1 - np.argmax(np.flip(hit, axis), axis)
    index = np.indices(hit.shape)[axis]
    lo, hi = (first[None, :], last[None, :]) if axis == 0 else (first[:, None], last[:, None])
    has = hit.any(axis)
    has = has[None, :] if axis == 0 else has[:, None]
    return np.where(has & (index >= lo) & (index <= hi), x, box)


class BoxPull(Solver, name="box_pull", tasks=("task138",), refuses="task029", aliases=("c7_box_pull",)):
    """Two full rows and two full columns of four colours frame a box; output = the box with each dot pulled (a line of
    its colour) to the frame line of its colour."""

    def plans(self, examples):
        """The corner (H, W) the grids fit."""
        if not all(i.shape == o.shape for i, o in examples):
            yield corner_extent(examples)

    def rule(self, plan, grid):
        if grid.shape[0] > plan[0] or grid.shape[1] > plan[1]:
            return None
        return box_pull(grid)

    def build(self, plan):
        h, w = plan
        g = Graph()
        half = g.const(np.float32(0.5), name="half")
        line = g.const(np.arange(30, dtype=np.float32).reshape(1, 30), name="line")
        background = np.zeros(10, np.float32)
        background[0] = 1
        bg = g.const(background, name="background")

        def frame(axes, equation, tag, size):
            """The [size] int32 source line of each output line (-1: past the box, the padded empty line), the
            [1,30] mask of lines strictly between the first and last full line, and last - first ([1,1])."""
            cells = g.ReduceSum(g.input, axes=axes, keepdims=0, name=f"{tag}_cells")                    # [1,30]
            blank = g.Einsum(g.input, bg, equation=equation, name=f"{tag}_blank")
            full = g.And(g.Greater(cells, half, name=f"{tag}_in_grid"), g.Less(blank, half, name=f"{tag}_no_bg"),
                         name=f"{tag}_full_b")
            full = g.Cast(full, to=1, name=f"{tag}_full")
            first = g.Cast(g.ArgMax(full, axis=1, keepdims=1, name=f"{tag}_first_i"), to=1, name=f"{tag}_first")
            last = g.Cast(g.ArgMax(full, axis=1, keepdims=1, select_last_index=1, name=f"{tag}_last_i"), to=1,
                          name=f"{tag}_last")
            inside = g.Cast(g.And(g.Greater(line, first, name=f"{tag}_after"), g.Less(line, last, name=f"{tag}_before"),
                                  name=f"{tag}_inside_b"), to=1, name=f"{tag}_inside")                  # [1,30]
            slots = g.const(np.arange(size, dtype=np.float32), name=f"{tag}_slots")
            src = g.Add(g.Squeeze(first, axes=[0], name=f"{tag}_first1"), slots, name=f"{tag}_src")      # [size]
            index = g.Where(g.Greater(src, g.Squeeze(last, axes=[0], name=f"{tag}_last1"), name=f"{tag}_beyond"),
                            g.const(np.float32(-1), name="minus_one"), src, name=f"{tag}_index_f")
            return g.Cast(index, to=6, name=f"{tag}_index"), inside, g.Sub(last, first, name=f"{tag}_end")

        rows, row_inside, row_end = frame([1, 3], "bchw,c->bh", "row", h)
        cols, col_inside, col_end = frame([1, 2], "bchw,c->bw", "col", w)
        # the code on one line past the corner each way (off every grid the rule takes: code 0), which index -1
        # reads; on the full canvas a padded line instead
        wide = (h + 1, w + 1) if max(h, w) < 30 else (h, w)
        code = g.Cast(corner_plane(g, np.arange(1, 11), wide, "code_f", weight_name="colour_code"), to=2,
                      name="code_u8")                                                                 # [1,1,h+1,w+1]
        if wide == (h, w):
            code = g.Pad(code, g.ints([0, 0, 0, 0, 0, 0, 1, 1], name="pad_end"), name="code_padded")  # 0: no cell
        code = g.Gather(g.Gather(code, rows, axis=2, name="box_rows"), cols, axis=3, name="box_code")  # [1,1,h,w]

        fg = background.copy()
        fg[:] = 1
        fg[0] = 0
        inner = g.Einsum(g.input, row_inside, col_inside, equation="bchw,bh,bw->bc", name="inner_counts")  # [1,10]
        inner = g.Mul(inner, g.const(fg.reshape(1, 10), name="foreground"), name="inner_fg_counts")
        most = g.ReduceMax(inner, axes=[1], keepdims=1, name="most_dots")                            # [1,1]
        dot_colour = g.Cast(g.ArgMax(inner, axis=1, keepdims=1, name="dot_colour_i"), to=1, name="dot_colour")
        dot_code = g.Cast(g.Where(g.Greater(most, half, name="has_dots"),
                                  g.Add(dot_colour, g.const(np.float32(1), name="one"), name="dot_code_some"),
                                  g.const(np.float32(255), name="no_code"), name="dot_code_f"), to=2,
                          name="dot_code")                                                            # [1,1] uint8
        top = g.Reshape(g.Slice(code, g.ints([0, 1]), g.ints([1, 2]), g.ints([2, 3]), name="top_code_c"),
                        g.ints([1, 1], name="pair"), name="top_code")                                 # [1,1]
        bottom_row = g.Gather(code, g.Cast(g.Squeeze(row_end, axes=[0, 1], name="row_end_s"), to=7,
                                           name="bottom_index"), axis=2, name="bottom_row")          # [1,1,30]
        bottom = g.Reshape(g.Slice(bottom_row, g.ints([1]), g.ints([2]), g.ints([2]), name="bottom_code_c"),
                           g.ints([1, 1], name="pair"), name="bottom_code")                           # [1,1]
        vertical = g.Or(g.Equal(dot_code, top, name="pull_up"), g.Equal(dot_code, bottom, name="pull_down"),
                        name="vertical")                                                             # [1,1]

        # 0 exactly on the dots (uint8 code less the dot code, wrapping: no dots, code 255, leaves 1..11)
        miss = g.Sub(code, g.Unsqueeze(dot_code, axes=[2, 3], name="dot_code4"), name="dot_miss")   # [1,1,h,w]

        def ends(axis, tag):
            """(first dot, last - first) per line along `axis` (2: each column's, 3: each row's), uint8; a line
            without a dot gets first 40 and span 0 (below, index - 40 wraps to 216 and up: no fill)."""
            has = g.Equal(g.ReduceMin(miss, axes=[axis], keepdims=1, name=f"{tag}_least"), g.const(np.uint8(0),
                          name="no_span"), name=f"{tag}_has")
            first = g.Cast(g.ArgMin(miss, axis=axis, keepdims=1, name=f"{tag}_first_i"), to=2, name=f"{tag}_first")
            last = g.Cast(g.ArgMin(miss, axis=axis, keepdims=1, select_last_index=1, name=f"{tag}_last_i"), to=2,
                          name=f"{tag}_last")
            lo = g.Where(has, first, g.const(np.uint8(40), name="no_first"), name=f"{tag}_lo")
            span = g.Where(has, g.Sub(last, first, name=f"{tag}_span_all"), g.const(np.uint8(0), name="no_span"),
                           name=f"{tag}_span")
            return lo, span

        # a cell fills where (its index along the pull) - (its line's first dot) <= its line's span: in uint8 the
        # difference wraps past 255 before the first dot, so one LessOrEqual bounds both ends. Both sides are a
        # row term plus a column term (the pull's axis picks which holds the index, which the line's values),
        # so the fill is two sums and one comparison of [h,w] planes
        col_lo, col_span = ends(2, "col")                                                     # [1,1,1,w]
        row_lo, row_span = ends(3, "row")                                                     # [1,1,h,1]
        zero_u8 = g.const(np.uint8(0), name="no_span")
        row_cells = g.const(np.arange(h, dtype=np.uint8).reshape(1, 1, h, 1), name="row_cells")
        col_cells = g.const(np.arange(w, dtype=np.uint8).reshape(1, 1, 1, w), name="col_cells")
        from_first = g.Add(g.Where(vertical, row_cells, g.Sub(zero_u8, row_lo, name="row_lo_neg"), name="row_term"),
                           g.Where(vertical, g.Sub(zero_u8, col_lo, name="col_lo_neg"), col_cells, name="col_term"),
                           name="from_first")                                                  # [1,1,h,w]
        span = g.Add(g.Where(vertical, zero_u8, row_span, name="row_span_term"),
                     g.Where(vertical, col_span, zero_u8, name="col_span_term"), name="span")
        filled = g.LessOrEqual(from_first, span, name="filled")
        painted = g.Where(filled, g.Unsqueeze(dot_code, axes=[2, 3], name="dot_code4b"), code,
                          name="painted")                                                            # [1,1,h,w]
        if (h, w) != (30, 30):
            painted = g.Pad(painted, g.ints([0, 0, 0, 0, 0, 0, 30 - h, 30 - w], name="to_canvas"), name="painted30")
        return g.model(g.Equal(painted, g.const(np.arange(1, 11, dtype=np.uint8).reshape(1, 10, 1, 1), name="codes")))
