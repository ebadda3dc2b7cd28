"""Box pull: two full rows and two full columns (lines of four colours) frame a box; scattered dots share
one line's colour. The output is the box (lines included) with every dot pulled to its line: the cells
between each dot and the line of its colour take that colour.

Pulled toward the top or bottom line, a column fills from its first to its last dot (the line itself
being one end, already of that colour); toward the left or right line, a row does. So the fill needs only
per-line first / last dot positions, and no direction-specific cumulative scan.

Graph: line rows / columns are those with no background cell (counts per line, [1,30]); their first and
last (ArgMax) give OneHot shift matrices, and one Einsum writes the box's colour code (colour+1) in output
coordinates. The dot colour is the most common colour strictly inside the box (an Einsum of line masks,
[1,10]); it is vertical when it matches the top or bottom line's code. Dots are where the code equals it;
ArgMax first / last along each axis bound the fill, Less / Greater against line indices mark what stays,
a Where paints the rest, and one Equal with the ten codes writes `output`.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver


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
        if not all(i.shape == o.shape for i, o in examples):
            yield "pull"

    def rule(self, plan, grid):
        return box_pull(grid)

    def build(self, plan):
        g = Graph()
        half = g.const(np.float32(0.5), name="half")
        hundred = g.const(np.float32(100), name="hundred")
        line = g.const(np.arange(30, dtype=np.float32).reshape(1, 30), name="line")
        background = np.zeros(10, np.float32)
        background[0] = 1
        bg = g.const(background, name="background")

        def frame(axes, equation, tag):
            """First and last full line ([1,1] float) and the [1,30] mask of lines strictly between."""
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
            src = g.Add(first, line, name=f"{tag}_src")
            index = g.Where(g.Greater(src, last, name=f"{tag}_beyond"), hundred, src, name=f"{tag}_index")
            shift = g.OneHot(index, g.const(np.float32(30), name="depth"),
                             g.const(np.asarray([0, 1], np.float32), name="off_on"), name=f"{tag}_shift")
            return shift, inside, g.Sub(last, first, name=f"{tag}_end")                               # end: size-1

        rows, row_inside, row_end = frame([1, 3], "bchw,c->bh", "row")
        cols, col_inside, col_end = frame([1, 2], "bchw,c->bw", "col")
        code = g.Einsum(g.input, g.const(np.arange(1, 11, dtype=np.float32), name="colour_code"), rows, cols,
                        equation="bchw,c,bih,bjw->bij", name="box_code")                             # [1,30,30]

        fg = background.copy()
        fg[:] = 1
        fg[0] = 0
        inner = g.Einsum(g.input, row_inside, col_inside, equation="bchw,bh,bw->bc", name="inner_counts")  # [1,10]
        inner = g.Mul(inner, g.const(fg.reshape(1, 10), name="foreground"), name="inner_fg_counts")
        most = g.ReduceMax(inner, axes=[1], keepdims=1, name="most_dots")                            # [1,1]
        dot_colour = g.Cast(g.ArgMax(inner, axis=1, keepdims=1, name="dot_colour_i"), to=1, name="dot_colour")
        dot_code = g.Where(g.Greater(most, half, name="has_dots"),
                           g.Add(dot_colour, g.const(np.float32(1), name="one"), name="dot_code_some"),
                           g.const(np.float32(-1), name="no_code"), name="dot_code")                # [1,1]
        top = g.Squeeze(g.Slice(code, g.ints([0, 1]), g.ints([1, 2]), g.ints([1, 2]), name="top_code_c"),
                        axes=[2], name="top_code")                                                   # [1,1]
        bottom_row = g.Gather(code, g.Cast(g.Squeeze(row_end, axes=[0, 1], name="row_end_s"), to=7,
                                           name="bottom_index"), axis=1, name="bottom_row")          # [1,30]
        bottom = g.Slice(bottom_row, g.ints([1]), g.ints([2]), g.ints([1]), name="bottom_code")      # [1,1]
        vertical = g.Or(g.Equal(dot_code, top, name="pull_up"), g.Equal(dot_code, bottom, name="pull_down"),
                        name="vertical")                                                             # [1,1]

        dots = g.Cast(g.Equal(code, dot_code, name="dots_b"), to=1, name="dots")                     # [1,30,30]

        def bounds(axis, tag, active):
            """[1,30] first / last dot along `axis`; 100 / -1 (nothing) where no dot or not this direction."""
            has = g.And(g.Greater(g.ReduceMax(dots, axes=[axis], keepdims=0, name=f"{tag}_any"), half,
                                  name=f"{tag}_has"), active, name=f"{tag}_on")
            first = g.Cast(g.ArgMax(dots, axis=axis, keepdims=0, name=f"{tag}_lo_i"), to=1, name=f"{tag}_lo_f")
            last = g.Cast(g.ArgMax(dots, axis=axis, keepdims=0, select_last_index=1, name=f"{tag}_hi_i"), to=1,
                          name=f"{tag}_hi_f")
            return (g.Where(has, first, hundred, name=f"{tag}_lo"),
                    g.Where(has, last, g.const(np.float32(-1), name="minus_one"), name=f"{tag}_hi"))

        col_lo, col_hi = bounds(1, "col", vertical)                                                  # per column
        row_lo, row_hi = bounds(2, "row", g.Not(vertical, name="horizontal"))                        # per row
        r_index = g.const(np.arange(30, dtype=np.float32).reshape(1, 30, 1), name="r_index")
        c_index = line
        off_col = g.Or(g.Less(r_index, g.Unsqueeze(col_lo, axes=[1], name="col_lo3"), name="above_fill"),
                       g.Greater(r_index, g.Unsqueeze(col_hi, axes=[1], name="col_hi3"), name="below_fill"),
                       name="off_column_fill")                                                       # [1,30,30]
        off_row = g.Or(g.Less(c_index, g.Unsqueeze(row_lo, axes=[2], name="row_lo3"), name="left_of_fill"),
                       g.Greater(c_index, g.Unsqueeze(row_hi, axes=[2], name="row_hi3"), name="right_of_fill"),
                       name="off_row_fill")
        keep = g.And(off_col, off_row, name="keep")
        painted = g.Where(keep, g.Cast(code, to=2, name="code_u8"), g.Cast(dot_code, to=2, name="dot_code_u8"),
                          name="painted")                                                            # [1,30,30]
        return g.model(g.Equal(painted, g.const(np.arange(1, 11, dtype=np.uint8).reshape(1, 10, 1, 1), name="codes")))
