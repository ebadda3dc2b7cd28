"""Count staircase: each colour's cell count n becomes a right-aligned bar of length n on row H-1-(W-n): bars
stack by length into a staircase whose full-width bar sits on the bottom row.

Per colour a row indicator (i == H-1-W+n) and a column indicator (W-n <= j < W) from the colour counts
and the grid's extent, as bools over all ten channels at once (channel 0 takes n = W and rows from 0: the
whole grid); one Einsum crosses them (background = grid - bars).

Window variant (`crop<h>x<w>`), for grids within the generator's corner: row r holds the bar of count
r + W + 1 - H, whose colour a ScatterElements table of colour + 1 by count gives, from column H - 1 - r on;
the rows' (code, code^2) pairs and the columns' background code meet in one Where, the pair one QLinearConv
decodes into `output` (no per-cell code, square or inside mask is stored).
"""
from __future__ import annotations

import numpy as np
from onnx import TensorProto

from neurogolf.graph import Graph

from .. import Solver
from .._common_graph import extent
from ..local._code_decode import decode_code_pair


def staircase(grid):
    h, w = grid.shape
    out = np.zeros_like(grid)
    for c in range(1, 10):
        n = int((grid == c).sum())
        if n == 0:
            continue
        r = h - 1 - w + n
        if r < 0 or n > w or out[r].any():
            return None
        out[r, w - n:] = c
    return out


class CountStaircase(Solver, name="count_staircase", tasks=("task301",), refuses="task197",
                     aliases=("c4_staircase",), fit_splits=("train", "arc-gen")):
    """Each colour's cell count becomes a right-aligned bar; bars stack by length into a staircase ending in a
    full-width bottom row."""

    def plans(self, examples):
        if all(i.shape == o.shape for i, o in examples) and any((i != o).any() for i, o in examples):
            yield True

    def rule(self, plan, grid):
        return staircase(grid)

    def candidates(self, examples):
        """The plan's graph, then, where every grid fits a smaller top-left corner, the window variant."""
        yield from self.with_corner_variant(examples, lambda plan, h, w: self.build_window(h, w))

    def build_window(self, h, w):
        """On the h x w corner, one byte a cell. Row i's code (colour + 1 of the bar of count
        t = i + W + 1 - H, from a ScatterElements table by count; 1 where no colour has that count; 0 below the
        grid) and its square, a [1,2,h,1] pair, fill the cells from column H - 1 - i on; every other cell takes
        its column's code (1 inside the grid, 0 beyond it). One comparison of a column value (j, or -1 beyond
        the grid) with the row's start decides, so the (k, k^2) pair the decoder reads is one Where.

        The table has h + w slots, so every t (2 - h .. h + w - 1) is a valid Gather index without a Clip: t <= 0
        (rows above the bars) wraps to slots w + 2 .. h + w - 1, which stay 1; absent colours go to slot w + 1,
        which only rows below the grid (t > W, their code zeroed) read."""
        g = Graph()
        i32, u8 = TensorProto.INT32, TensorProto.UINT8
        height, width = extent(g, 2), extent(g, 3)                                      # [1] int32
        cells = g.Einsum(g.input, equation="bchw->bc", name="cells_by_channel")          # [1,10]
        counts = g.Cast(g.Slice(cells, g.ints([1], name="first_colour"), g.ints([10], name="channels"),
                                g.ints([1], name="channel_axis"), name="colour_cells_f"), to=i32,
                        name="colour_cells")                                              # [1,9]
        spare = w + 1
        slots = g.Where(g.Greater(counts, g.const(np.int32(0), name="zero_i32"), name="present"), counts,
                        g.const(np.int32(spare), name="spare_slot"), name="count_slot")
        code_by_count = g.ScatterElements(g.const(np.ones((1, h + w), np.uint8), name="background_codes"),
                                          slots, g.const(np.arange(2, 11, dtype=np.uint8).reshape(1, 9),
                                                         name="bar_codes"), axis=1, name="code_by_count")
        rows_1 = g.const(np.arange(1, h + 1, dtype=np.int32).reshape(1, h, 1), name="rows_plus_1")
        count_at = g.Add(rows_1, g.Sub(width, height, name="w_less_h"), name="bar_count")   # [1,h,1]
        row_code = g.Gather(code_by_count, count_at, axis=1, name="row_code")         # [1,1,h,1]
        start = g.Sub(height, rows_1, name="bar_start")                                 # H - 1 - i, [1,h,1]
        in_grid = g.GreaterOrEqual(start, g.const(np.int32(0), name="zero_i32"), name="row_in")
        row_code = g.Where(in_grid, row_code, g.const(np.uint8(0), name="zero_u8"), name="row_code_in")
        row_pair = g.Concat(row_code, g.Mul(row_code, row_code, name="row_code_square"), axis=1,
                            name="row_pair")                                          # [1,2,h,1]
        cols = g.const(np.arange(w, dtype=np.int32), name="cols")
        col_in = g.Less(cols, width, name="col_in")                                      # [w]
        col_value = g.Where(col_in, cols, g.const(np.int32(-1), name="beyond"), name="col_value")
        on_bar = g.GreaterOrEqual(col_value, start, name="on_bar")                       # [1,h,w]
        pair = g.Where(on_bar, row_pair, g.Cast(col_in, to=u8, name="col_code"), name="code_pair")
        return g.model(decode_code_pair(g, pair, (h, w)))

    def build(self, plan):
        g = Graph()
        f = lambda v, name: g.const(np.asarray(v, np.float32), name=name)
        ar = np.arange(30, dtype=np.float32)
        rowin = g.ReduceMax(g.input, axes=[1, 3], keepdims=0, name="row_in_grid")            # [1,30]
        colin = g.ReduceMax(g.input, axes=[1, 2], keepdims=0, name="col_in_grid")
        h = g.ReduceSum(rowin, axes=[1], keepdims=1, name="height")
        w = g.ReduceSum(colin, axes=[1], keepdims=1, name="width")
        ch0 = np.zeros((1, 10), bool)
        ch0[0, 0] = True
        # channel 0 stands for the whole grid: its "count" is the width, so its bar is every row up to H-1
        # and every column from 0
        n = g.Where(g.const(ch0, name="ch0"), w,
                    g.Einsum(g.input, equation="zcij->zc", name="colour_cells"), name="bar_length")  # [1,10]
        row = g.Add(g.Sub(g.Sub(h, f(1, "one"), name="last_row"), w, name="base_row"), n, name="bar_row")
        low = g.Mul(row, f(~ch0, "not_ch0"), name="bar_top")
        ar3 = f(ar.reshape(1, 1, 30), "ar")
        at_row = g.And(g.GreaterOrEqual(ar3, g.Unsqueeze(low, axes=[2], name="bar_top3"), name="below_top"),
                       g.LessOrEqual(ar3, g.Unsqueeze(row, axes=[2], name="bar_row3"), name="above_row"),
                       name="row_b")                                                     # [1,10,30]
        start = g.Unsqueeze(g.Sub(w, n, name="bar_start"), axes=[2], name="bar_start3")
        at_col = g.And(g.GreaterOrEqual(ar3, start, name="col_from"),
                       g.Cast(g.Unsqueeze(colin, axes=[1], name="colin3"), to=TensorProto.BOOL, name="colin_b"),
                       name="col_b")
        rows = g.Cast(at_row, to=TensorProto.FLOAT, name="rows")
        cols = g.Cast(at_col, to=TensorProto.FLOAT, name="cols")
        mix = np.eye(10, dtype=np.float32)
        mix[1:, 0] = -1
        return g.model(g.Einsum(rows, f(mix, "mix"), cols, equation="zki,kd,zkj->zdij"))
