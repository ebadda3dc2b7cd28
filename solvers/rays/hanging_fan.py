"""A vertical line hanging from the top row grows into an upward fan: row r spans the line's column
+- (bottom - r), in the line's colour on columns of the line's parity and a second, fixed colour between.

The graph reads the line's colour and column from sums over its cells, its bottom from two weighted sums (`first_last_lines`), and
builds the answer's uint8 colour code from row and column vectors (the fan, its parity shading, the grid's
extent); one QLinearConv (`decode_code`) decodes it.

Cheaper variant (`hanging_fan:crop S`) on the examples' largest side S (fitted on train and arc-gen; task348's
generator draws grids of at most 10 x 10): the same graph on the S x S corner, its one-hot answer padded to
the canvas by the decoder. Exact for every grid within it; the build keeps it only if it passes the fresh
examples too.
"""
from __future__ import annotations

import numpy as np
from onnx import TensorProto

from neurogolf.graph import Graph

from .. import Solver
from .._common_graph import extent, first_last_lines
from .._common_grids import C, N
from ._grids import edits_in_place
from ..local._code_decode import decode_code


def fan(grid, other):
    cells = np.argwhere(grid != 0)
    if not len(cells) or len(set(cells[:, 1].tolist())) != 1 or cells[:, 0].min() != 0 \
            or len(set(grid[grid != 0].tolist())) != 1:
        return None             # one line of one colour from the top row: what the graph reads
    out, (_, w) = grid.copy(), grid.shape
    c, b, line = cells[0, 1], cells[:, 0].max(), grid[cells[0, 0], cells[0, 1]]
    for r in range(b + 1):
        for cc in range(w):
            if abs(cc - c) <= b - r:
                out[r, cc] = line if (cc - c) % 2 == 0 else other
    return out


class HangingFan(Solver, name="hanging_fan", tasks=("task348",), refuses="task288", aliases=("c3_fan",),
                 fit_splits=("train", "arc-gen")):
    """A vertical line hanging from the top grows into an upward fan, alternating the line's colour and a second colour
    by column."""

    def plans(self, examples):
        """(line, other): the line's colour when every example shows the same one (a fixed colour: the
        cheaper graph), else None (read from the grid), and the fan's second colour."""
        if edits_in_place(examples):
            lines = {int(v) for i, _ in examples for v in np.unique(i) if v}
            line = lines.pop() if len(lines) == 1 else None
            for other in range(10):
                yield line, other

    def rule(self, plan, grid):
        line, other = plan
        if line is not None and (set(np.unique(grid).tolist()) - {0, line}
                                 or not np.array_equal(np.nonzero(grid.any(1))[0], np.arange((grid != 0).sum()))):
            return None         # the fixed-colour graph reads the line's bottom from its length
        return fan(grid, other)

    def candidates(self, examples):
        return self.with_corner_variant(examples, self.build, square=True)

    def build(self, plan, side=N):
        line, other = plan
        if line is not None and 0 not in (line, other) and line != other:
            return self.build_fixed(line, other, side)
        return self.build_read(other, side)

    def build_fixed(self, line, other, side=N):
        """The line's colour fixed: every answer cell is one of four points of a uint8 pair (keeps, fan):
        outside the grid (0, 0), background (1, 0), the fan's second colour (0, 1), the line's colour (1, 1),
        the corners of a square, so each colour's channel is a line over the pair that is positive at its own
        corner only, and one Where (the fan mask picking a column pair or a row pair) writes the pair that
        one 1x1 QLinearConv decodes straight into `output`: no code, code square or line-colour reads."""
        g = Graph()
        f = lambda v, name: g.const(np.asarray(v, np.float32), name=name)
        u8 = lambda v, name: g.const(np.asarray(v, np.uint8).reshape(1, 2, 1, 1), name=name)
        # everything in doubled units, 2 L (L the line's length) and 2 col + 1, so the column's weights are
        # `extent`'s 2 k + 1 (one shared initializer)
        ink2 = np.r_[0.0, np.full(9, 2.0)]
        count2 = g.Einsum(g.input, f(ink2, "ink2"), equation="bcij,c->b", name="line_cells2")        # [1] 2 L
        col2 = g.Div(g.Einsum(g.input, f(ink2, "ink2"), f(2 * np.arange(N) + 1, "height_weight"),
                              equation="bcij,c,j->b", name="col_sum2"), count2, name="line_col2")  # 2 col + 1
        parity = g.Equal(g.Mod(col2, f(4, "four"), fmod=1, name="col_parity"),
                         f(((2 * np.arange(side) + 1) % 4).reshape(1, 1, 1, side), "col_parities"),
                         name="even")                                                                # [1,1,1,S]
        col = g.Cast(col2, to=TensorProto.FLOAT16, name="line_col_f")
        # the line runs unbroken from the top row (the rule checks it), so its length L is its bottom + 1:
        # row r lies 2 (L - (r + 1)) doubled rows below the fan's apex
        bottom = g.Cast(count2, to=TensorProto.FLOAT16, name="line_length_f")
        cols = g.const((2 * np.arange(side) + 1).astype(np.float16).reshape(1, 1, 1, side), name="cols2")
        rows = g.const((2 * np.arange(1, side + 1)).astype(np.float16).reshape(1, 1, side, 1), name="rows2")
        # the grid's doubled height and width (sums of 2 k + 1 over its cells, over half its cell count), so
        # the doubled row and column lines above tell the grid's rows (2 (r + 1) <= 2 H) and columns
        # (2 c + 1 < 2 W) with no index vectors of their own
        half_cells = g.Einsum(g.input, f(np.full(C, 0.5), "halves"), equation="bcij,c->b", name="half_cells")
        size2 = [g.Cast(g.Div(g.Einsum(g.input, f(2 * np.arange(N) + 1, "height_weight"), equation=eq,
                                       name=f"{nm}_sum"), half_cells, name=f"{nm}2_f"),
                        to=TensorProto.FLOAT16, name=f"{nm}2") for eq, nm in (("bcij,i->b", "height"),
                                                                             ("bcij,j->b", "width"))]
        row_in = g.LessOrEqual(rows, size2[0], name="row_inside_b")                                 # [1,1,S,1]
        col_in = g.Less(cols, size2[1], name="col_inside_b")                                        # [1,1,1,S]
        # as in `build_read`: columns past the grid's width are in the fan on every row with the pair (0, 0);
        # rows past the grid's height lie below the bottom and read (0, 0), every other row (1, 0)
        distance = g.Where(col_in, g.Abs(g.Sub(cols, col, name="col_offset"), name="distance"),
                           g.const(np.float16(-N), name="always"), name="reach_needed")             # [1,1,1,S]
        in_fan = g.LessOrEqual(distance, g.Sub(bottom, rows, name="height"), name="fan")        # [1,1,S,S]
        zero = u8([0, 0], "no_pair")
        fan_pairs = g.Where(col_in, g.Where(parity, u8([1, 1], "line_pair"), u8([0, 1], "other_pair"),
                                            name="shade_pairs"), zero, name="fan_pairs")         # [1,2,1,S]
        row_pairs = g.Where(row_in, u8([1, 0], "background_pair"), zero, name="row_pairs")     # [1,2,S,1]
        pair = g.Where(in_fan, fan_pairs, row_pairs, name="keep_fan_pair")                       # [1,2,S,S]
        # channel lines 2 (+-keeps +-fan) - t: +1 at the channel's corner, <= -1 at the other three
        weights = np.zeros((C, 2, 1, 1), np.int8)
        bias = np.full(C, -1, np.int32)
        weights[0, :, 0, 0], bias[0] = (2, -2), -1
        weights[line, :, 0, 0], bias[line] = (2, 2), -3
        weights[other, :, 0, 0], bias[other] = (-2, 2), -1
        unit, zero_u8 = g.const(np.float32(1), name="unit_scale"), g.const(np.uint8(0), name="zero_point")
        return g.model(g.QLinearConv(pair, unit, zero_u8, g.const(weights, name="colour_lines"), unit,
                                     g.const(np.int8(0), name="weight_zero"), unit, zero_u8,
                                     g.const(bias, name="colour_bias"), pads=[0, 0, N - side, N - side],
                                     name="decoded"))

    def build_read(self, other, side=N):
        """Everything from sums over the line's cells, one row profile and S-long vectors: only the fan mask and
        the code's Where are S x S planes, and the uint8 code (colour + 1, 0 off the grid) is decoded by
        `decode_code`'s QLinearConv straight into `output`."""
        g = Graph()
        f = lambda v, name: g.const(np.asarray(v, np.float32), name=name)
        ink = np.r_[0.0, np.ones(9)]
        # the line is one column of one colour: its colour and column are sums over its cells / their count
        count = g.Einsum(g.input, f(ink, "ink"), equation="bcij,c->b", name="line_cells")           # [1]
        line = g.Div(g.Einsum(g.input, f(np.arange(10), "values"), equation="bcij,c->b", name="colour_sum"), count,
                     name="line_colour")
        col = g.Div(g.Einsum(g.input, f(ink, "ink"), f(np.arange(N), "index"), equation="bcij,c,j->b",
                             name="col_sum"), count, name="line_col")
        # the line's last row: a row holds one of its cells at most (`first_last_lines`), else the row profile
        ends = first_last_lines(g, ink, "i", 1, side, "line_rows", first=False)
        bottom = ends[0] if ends is not None else g.ArgMax(
            g.Einsum(g.input, f(ink, "ink"), equation="bcij,c->i", name="row_profile"), axis=0, keepdims=1,
            select_last_index=1, name="line_bottom")
        # the S-long vectors in float16 (exact small integers), the codes in one byte
        parity = g.Equal(g.Mod(col, f(2, "two"), fmod=1, name="col_parity"),
                         f((np.arange(side) % 2).reshape(1, 1, 1, side), "col_parities"), name="even")  # [1,1,1,S]
        col = g.Cast(col, to=TensorProto.FLOAT16, name="line_col_f")
        bottom = g.Cast(bottom, to=TensorProto.FLOAT16, name="line_bottom_f")
        cols = g.const(np.arange(side, dtype=np.float16).reshape(1, 1, 1, side), name="cols")
        rows = g.const(np.arange(side, dtype=np.float16).reshape(1, 1, side, 1), name="rows")
        codes = g.Cast(g.Add(line, f(1, "one"), name="line_code_f"), to=TensorProto.UINT8, name="line_code")
        shade = g.Where(parity, codes, g.const(np.uint8(other + 1), name="other_code"), name="shade")  # [1,1,1,S]
        row_in = g.Less(g.const(np.arange(side, dtype=np.int32).reshape(1, 1, side, 1), name="rows_i"), extent(g, 2),
                        name="row_inside_b")
        col_in = g.Less(g.const(np.arange(side, dtype=np.int32).reshape(1, 1, 1, side), name="cols_i"), extent(g, 3),
                        name="col_inside_b")
        # columns past the grid's width count as in the fan on every row, with code 0 there; a row past the
        # grid's height is below the bottom (out of the fan) and reads its row code 0, every other cell 1
        distance = g.Where(col_in, g.Abs(g.Sub(cols, col, name="col_offset"), name="distance"),
                           g.const(np.float16(-N), name="always"), name="reach_needed")             # [1,1,1,S]
        in_fan = g.LessOrEqual(distance, g.Sub(bottom, rows, name="height"), name="fan")        # [1,1,S,S]
        shade = g.Where(col_in, shade, g.const(np.uint8(0), name="no_code"), name="shade_inside")
        code = g.Where(in_fan, shade, g.Cast(row_in, to=TensorProto.UINT8, name="row_code"), name="code")
        return g.model(decode_code(g, code, (side, side)))
