"""Box pull: two full rows and two full columns (lines of four colours) frame a box; scattered dots share
one line's colour. The output is the box (lines included) with every dot pulled to its line: the cells
between each dot and the line of its colour take that colour.

Pulled toward the top or bottom line, a column fills from its first to its last dot (the line itself
being one end, already of that colour); toward the left or right line, a row does. So the fill needs only
per-line first / last dot positions, and no direction-specific cumulative scan.

Graph: line rows / columns are those with no background cell (counts per line, [1,30]); their first and
last (ArgMax) give the source line of each output line, and two Gathers crop the uint8 colour code (colour+1,
0 on a padded empty line past the box) into output coordinates. The dot colour is the most common colour
strictly inside the box (an Einsum of line masks, [1,10]); it is vertical when it matches the top or bottom
line's code. Dots are where the code equals it; ArgMax first / last along each axis bound the fill (one uint8
Sub and LessOrEqual per axis), a Where paints it, and one Equal with the ten codes writes `output`.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver, corner_extent
from .._common_graph import corner_plane
from .._common_grids import output_bound


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

    def candidates(self, examples):
        """The canvas graph, then (where the generator's grids fit a smaller square) the one that reads only
        that square and builds the box on a box x box plane: box the outputs' bound where the generator hits
        it often (`output_bound`), else the square's side (a box lies inside its grid)."""
        plan = self.fit(examples)
        if plan is None:
            return
        yield self.name, self.build(plan)
        side = max(corner_extent(examples))
        if side < 30:
            bound = output_bound(examples)
            box = min(side, max(bound)) if bound is not None else side
            yield f"{self.name}:crop{side}box{box}", self.build(plan, side, box)

    def build(self, plan, side=30, box=30):
        g = Graph()
        half = g.const(np.float32(0.5), name="half")
        line = g.const(np.arange(30, dtype=np.float32).reshape(1, 30), name="line")
        slots = g.const(np.arange(box, dtype=np.float32), name="slots")
        background = np.zeros(10, np.float32)
        background[0] = 1
        bg = g.const(background, name="background")

        def frame(axes, equation, tag):
            """The [30] int32 source line of each output line (-1: past the box, the padded empty line), the
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
            src = g.Add(g.Squeeze(first, axes=[0], name=f"{tag}_first1"), slots, name=f"{tag}_src")      # [30]
            index = g.Where(g.Greater(src, g.Squeeze(last, axes=[0], name=f"{tag}_last1"), name=f"{tag}_beyond"),
                            g.const(np.float32(-1), name="minus_one"), src, name=f"{tag}_index_f")
            return g.Cast(index, to=6, name=f"{tag}_index"), inside, g.Sub(last, first, name=f"{tag}_end")  # [box]

        rows, row_inside, row_end = frame([1, 3], "bchw,c->bh", "row")
        cols, col_inside, col_end = frame([1, 2], "bchw,c->bw", "col")
        code = g.Cast(corner_plane(g, np.arange(1, 11), (side, side), "code_f", weight_name="colour_code"), to=2,
                      name="code_u8")                                                                 # [1,1,side,side]
        code = g.Pad(code, g.ints([0, 0, 0, 0, 0, 0, 1, 1], name="pad_end"), name="code_padded")     # 0: no cell
        code = g.Gather(g.Gather(code, rows, axis=2, name="box_rows"), cols, axis=3, name="box_code")  # [1,1,box,box]

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

        dots = g.Cast(g.Equal(code, g.Unsqueeze(dot_code, axes=[2, 3], name="dot_code4"), name="dots_b"), to=2,
                      name="dots")                                                        # [1,1,30,30] uint8

        def fill(axis, tag, active):
            """[1,1,30,30] bool: the cells from the first to the last dot along `axis` (2: within each column,
            3: within each row); none where a line has no dot or the pull is the other way. In uint8,
            index - first wraps past 255 below the first dot, so one LessOrEqual against last - first bounds
            both ends; a line without a fill gets first 40 and span 0 (index - 40 wraps to 216 and up)."""
            has = g.And(g.Cast(g.ReduceMax(dots, axes=[axis], keepdims=1, name=f"{tag}_any"), to=9,
                               name=f"{tag}_has"), active, name=f"{tag}_on")
            first = g.Cast(g.ArgMax(dots, axis=axis, keepdims=1, name=f"{tag}_first_i"), to=2, name=f"{tag}_first")
            last = g.Cast(g.ArgMax(dots, axis=axis, keepdims=1, select_last_index=1, name=f"{tag}_last_i"), to=2,
                          name=f"{tag}_last")
            lo = g.Where(has, first, g.const(np.uint8(40), name="no_first"), name=f"{tag}_lo")
            span = g.Where(has, g.Sub(last, first, name=f"{tag}_span_all"), g.const(np.uint8(0), name="no_span"),
                           name=f"{tag}_span")
            shape = [1, 1, box, 1] if axis == 2 else [1, 1, 1, box]
            index = g.const(np.arange(box, dtype=np.uint8).reshape(shape), name=f"{tag}_cells")
            return g.LessOrEqual(g.Sub(index, lo, name=f"{tag}_from_first"), span, name=f"{tag}_fill")

        filled = g.Or(fill(2, "col", vertical), fill(3, "row", g.Not(vertical, name="horizontal")), name="filled")
        painted = g.Where(filled, g.Unsqueeze(dot_code, axes=[2, 3], name="dot_code4b"), code,
                          name="painted")                                                            # [1,1,box,box]
        if box < 30:
            painted = g.Pad(painted, g.ints([0, 0, 0, 0, 0, 0, 30 - box, 30 - box], name="to_canvas"), name="painted30")
        return g.model(g.Equal(painted, g.const(np.arange(1, 11, dtype=np.uint8).reshape(1, 10, 1, 1), name="codes")))
