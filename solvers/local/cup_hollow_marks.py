"""Cup hollow marks: every column that holds a cup's hollow (a background cell whose upper, left and right
neighbours share one colour) gets a mark of a fixed colour on the grid's bottom row.

Graph: one Conv scores, per colour, the three walls around each cell minus a penalty for a coloured
centre; ReduceMax over colours and over rows gives the marked columns, and one Where paints the
bottom row.

`cup_hollow_marks:any_colour:single_cell` is exact where the columns holding exactly one coloured cell are the
hollows' columns, as in task126's generator: each cup is three cells over two (columns c..c+2, counts 2, 1, 2),
cups share no column and nothing else is drawn. One Einsum counts each column's coloured cells, another reads
the height (the cells of column 0) into the bottom row's ScatterND indices, and the ScatterND adds the marks to
`input` (no [30,30] mask)."""
from __future__ import annotations

import numpy as np
from onnx import TensorProto

from neurogolf.graph import Graph

from .. import Solver
from .._common_graph import last_index
from .._common_grids import N, reproduces
from ._changes import painted_colour


def cup_marks(grid, colour, same=True):
    h, w = grid.shape
    out = grid.copy()
    for c in range(1, w - 1):
        for r in range(1, h):
            a, u = grid[r, c - 1], grid[r - 1, c]
            b = grid[r, c + 1]
            if grid[r, c] == 0 and a and b and u and (not same or a == b == u):
                out[h - 1, c] = colour
                break
    return out


class CupHollowMarks(Solver, name="cup_hollow_marks", tasks=("task126",), refuses="task288", aliases=("c3_cupmark",),
                     fit_splits=("train", "test", "arc-gen")):
    """Each column holding the hollow of a cup shape (background cell walled above, left and right by one colour) is
    marked on the bottom row."""

    def plans(self, examples):
        """(mark colour, walls of one colour?)."""
        colour = painted_colour(examples)
        if colour is not None:
            yield colour, True

    def rule(self, plan, grid):
        return cup_marks(grid, *plan)

    def candidates(self, examples):
        """The walls' colours may also be ignored (a cheaper graph) when that explains the examples too."""
        plan = self.fit(examples)
        if plan is None:
            return
        any_colour = (plan[0], False)
        if reproduces(lambda grid: self.rule(any_colour, grid), examples):
            yield self.name + ":any_colour", self.build(any_colour)
            extent = (max(i.shape[0] for i, _ in examples), max(i.shape[1] for i, _ in examples))
            if max(extent) < N:
                yield self.name + ":any_colour:extent", self.build_extent(any_colour, extent)
                packed = self.build_packed(any_colour, extent)
                if packed is not None:
                    yield self.name + ":any_colour:packed", packed
            yield self.name + ":any_colour:single_cell", self.build_single_cell(any_colour)
        yield self.name, self.build(plan)

    def build_extent(self, plan, extent):
        """Walls of any colour, for grids of at most H x W (the task's generator draws at most 10 rows and
        20 columns; the build tries the extent of the examples of every split): a 2x2 Conv dilated by
        (30-H, 30-W), only its first tap nonzero, reads the non-background map of the H x W corner, a uint8 3x3
        QLinearConv scores the walls there, and the marked columns are padded to the canvas."""
        colour, same = plan
        assert not same
        H, W = extent
        g = Graph()
        taps = np.zeros((1, 10, 2, 2), np.float32)
        taps[0, 1:, 0, 0] = 1
        filled = g.Conv(g.input, g.const(taps, name="filled_w"), dilations=[N - H, N - W], name="filled")
        filled = g.Cast(filled, to=2, name="filled_u8")
        # the wall score (above + left + right - 3 x centre) by one uint8 QLinearConv: weights stored + 3 with
        # zero point 3, the score saturated at 0 (only a score of 3 matters)
        weight = np.full((1, 1, 3, 3), 3, np.uint8)
        weight[0, 0, 0, 1] = weight[0, 0, 1, 0] = weight[0, 0, 1, 2] = 4
        weight[0, 0, 1, 1] = 0
        one, zero = g.const(np.float32(1), name="unit_scale"), g.const(np.uint8(0), name="zero_point")
        walls = g.QLinearConv(filled, one, zero, g.const(weight, name="wall_w"), one,
                              g.const(np.uint8(3), name="wall_zero_point"), one, zero, pads=[1, 1, 1, 1],
                              name="walls")                                                     # uint8 [1,1,H,W]
        hollow = g.ReduceMax(walls, axes=[1, 2], keepdims=1, name="column_hollow")               # [1,1,1,W]
        marked = g.Greater(hollow, g.const(np.uint8(2), name="two"), name="marked_col")
        marked = g.Pad(marked, g.ints([0, 0, 0, 0, 0, 0, 0, N - W], name="to_30"), name="marked30")
        bottom = g.Unsqueeze(g.Equal(g.const(np.arange(N, dtype=np.int64), name="arange"), last_index(g, 2),
                                     name="bottom"), axes=[1], name="bottom_row")                 # [30,1]
        paint = np.zeros((1, 10, 1, 1), np.float32)
        paint[0, colour] = 1
        return g.model(g.Where(g.And(marked, bottom, name="mark"), g.const(paint, name="paint"), g.input))

    def build_single_cell(self, plan):
        """Columns holding exactly one coloured cell are marked (module docstring), with no map of the grid and no
        [30,30] mask: one ScatterND (reduction add) adds the marked columns (1 or 0) to the mark colour's bottom
        row and takes them from the background's; the two rows' indices (0, channel, height - 1) come from one
        Einsum of the height (the cells of column 0)."""
        colour, same = plan
        assert not same and colour != 0
        g = Graph()
        fg = np.float32(np.arange(10) > 0)
        cells = g.Einsum(g.input, g.const(fg, name="is_fg"), equation="bchw,c->w", name="column_cells")   # [30]
        signs = np.array([[1], [-1]], np.float32)                # mark colour gains, background loses
        row_delta = g.Where(g.Equal(cells, g.const(np.float32(1), name="one_cell"), name="marked_col"),
                            g.const(signs, name="signs"), g.const(np.float32(0), name="unmarked"),
                            name="row_delta")                                                             # [2,30]
        first_col = np.zeros(N, np.float32)
        first_col[0] = 1
        row_axis = np.array([[0, 0, 1], [0, 0, 1]], np.float32)
        height = g.Einsum(g.input, g.const(first_col, name="first_column"), g.const(row_axis, name="row_axis"),
                          equation="bchw,w,jk->jk", name="height_at_row")       # [2,3]: the height in each row slot
        at = g.Cast(g.Add(height, g.const(np.array([[0, colour, -1], [0, 0, -1]], np.float32), name="bottom_rows"),
                          name="bottom_index_f"), to=TensorProto.INT64, name="bottom_index")
        return g.model(g.ScatterND(g.input, at, row_delta, reduction="add"))

    def build_packed(self, plan, extent):
        """build_extent with two columns in one byte: a 2x3 Conv dilated (30-H, D) reads filled[r, c] +
        8 x filled[r, c + D] (its third column tap, 2D further on, weighs 0), so the filled map is H x Wo
        with Wo = 30 - 2D instead of H x W; one int8 QLinearConv (output zero point 36) gives the packed
        wall score T(c) + 8 T(c + D), T = above + left + right - 4 x centre + 4 in 0..7, 7 only at a hollow,
        unpadded (row 0 and the first and last columns have no hollow: a neighbour lies off the grid), so it
        scores columns 1..Wo-2 (low part) and D+1..D+Wo-2 (high part): columns 1..D are read from the low
        part (the maximum down the column, mod 8, is 7) and D+1..W-1 from the high part (maximum >= 56);
        column 0 is never marked.
        None where no D gives Wo < W with Wo >= D + 2 and D + Wo >= W."""
        colour, same = plan
        assert not same
        H, W = extent
        fits = [d for d in range(1, 15) if 30 - 2 * d >= max(d + 2, W - d)]
        if not fits or 30 - 2 * max(fits) >= W:
            return None
        D = max(fits)
        Wo = 30 - 2 * D
        g = Graph()
        taps = np.zeros((1, 10, 2, 3), np.float32)
        taps[0, 1:, 0, 0] = 1
        taps[0, 1:, 0, 1] = 8
        filled = g.Conv(g.input, g.const(taps, name="filled_w"), dilations=[N - H, D], name="filled")
        filled = g.Cast(filled, to=2, name="filled_u8")                                      # [1,1,H,Wo]
        weight = np.zeros((1, 1, 2, 3), np.int8)                  # above, then left / centre / right
        weight[0, 0, 0, 1] = weight[0, 0, 1, 0] = weight[0, 0, 1, 2] = 1
        weight[0, 0, 1, 1] = -4
        one, zero = g.const(np.float32(1), name="unit_scale"), g.const(np.uint8(0), name="zero_point")
        walls = g.QLinearConv(filled, one, zero, g.const(weight, name="wall_w"), one,
                              g.const(np.int8(0), name="wall_zero_point"), one,
                              g.const(np.uint8(36), name="score_zero_point"),
                              name="walls")           # unpadded: (i, j) scores centre (i+1, j+1), uint8 [H-1,Wo-2]
        low = g.ReduceMax(g.Mod(walls, g.const(np.uint8(8), name="eight"), name="low_score"), axes=[1, 2],
                          keepdims=1, name="low_best")
        high = g.ReduceMax(walls, axes=[1, 2], keepdims=1, name="high_best")                  # [1,1,1,Wo-2]
        low = g.Slice(g.Equal(low, g.const(np.uint8(7), name="seven"), name="low_marked"),
                      g.ints([0], name="low_start"), g.ints([D], name="low_end"), g.ints([3], name="axis3"),
                      name="low_cols")                                                            # columns 1..D
        high = g.Slice(g.Greater(high, g.const(np.uint8(55), name="fifty_five"), name="high_marked"),
                       g.ints([0], name="high_start"), g.ints([W - D - 1], name="high_end"),
                       g.ints([3], name="axis3b"), name="high_cols")                          # columns D+1..W-1
        marked = g.Concat(low, high, axis=3, name="marked_col")                                 # [1,1,1,W-1]
        marked = g.Pad(marked, g.ints([0, 0, 0, 1, 0, 0, 0, N - W], name="to_30"), name="marked30")  # column 0: no
        bottom = g.Equal(g.const(np.arange(N, dtype=np.int64).reshape(N, 1), name="arange"), last_index(g, 2),
                         name="bottom_row")                                                       # [30,1]
        paint = np.zeros((1, 10, 1, 1), np.float32)
        paint[0, colour] = 1
        return g.model(g.Where(g.And(marked, bottom, name="mark"), g.const(paint, name="paint"), g.input))

    def build(self, plan):
        colour, same = plan
        g = Graph()
        if same:
            weight = np.zeros((10, 10, 3, 3), np.float32)
            for c in range(1, 10):
                weight[c, c, 0, 1] = weight[c, c, 1, 0] = weight[c, c, 1, 2] = 1
                weight[c, 1:, 1, 1] = -3
        else:
            weight = np.zeros((1, 10, 3, 3), np.float32)
            weight[0, 1:, 0, 1] = weight[0, 1:, 1, 0] = weight[0, 1:, 1, 2] = 1
            weight[0, 1:, 1, 1] = -3
        walls = g.Conv(g.input, g.const(weight, name="wall_w"), pads=[1, 1, 1, 1], name="walls")
        hollow = g.ReduceMax(walls, axes=[1, 2], keepdims=1, name="column_hollow")           # [1,1,1,30]
        marked = g.Greater(hollow, g.const(np.array([2.5], np.float32), name="three"), name="marked_col")
        bottom = g.Unsqueeze(g.Equal(g.const(np.arange(N, dtype=np.int64), name="arange"), last_index(g, 2),
                                     name="bottom"), axes=[1], name="bottom_row")                 # [30,1]
        paint = np.zeros((1, 10, 1, 1), np.float32)
        paint[0, colour] = 1
        return g.model(g.Where(g.And(marked, bottom, name="mark"), g.const(paint, name="paint"), g.input))
