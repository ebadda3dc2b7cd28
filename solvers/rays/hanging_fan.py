"""A vertical line hanging from the top row grows into an upward fan: row r spans the line's column
+- (bottom - r), in the line's colour on columns of the line's parity and a second, fixed colour between.

The graph reads the line's colour, column and bottom from profiles and builds the answer's uint8 colour
code from row and column vectors (the fan, its parity shading, the grid's extent); one Equal decodes it.

Cheaper variant (`hanging_fan:crop S`) on the examples' largest side S (fitted on train and arc-gen; task348's
generator draws grids of at most 10 x 10): the same graph on the S x S corner, its one-hot answer padded to
the canvas by the last op. Exact for every grid within it; the build keeps it only if it passes the fresh
examples too.
"""
from __future__ import annotations

import numpy as np
from onnx import TensorProto

from neurogolf.graph import Graph

from .. import Solver
from .._common_graph import extent, last_index
from .._common_grids import N
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
        if edits_in_place(examples):
            yield from range(10)

    def rule(self, other, grid):
        return fan(grid, other)

    def candidates(self, examples):
        return self.with_corner_variant(examples, self.build, square=True)

    def build(self, other, side=N):
        """Everything from profiles and S-long vectors: only the fan mask, the base (black inside the grid)
        and their Where are S x S planes, and the uint8 code (colour + 1, 0 off the grid) is padded and
        decoded by one Equal."""
        g = Graph()
        f = lambda v, name: g.const(np.asarray(v, np.float32), name=name)
        ink = np.r_[0.0, np.ones(9)]
        line = g.MatMul(g.ReduceMax(g.input, axes=[2, 3], keepdims=0, name="present"), f(np.arange(10), "values"),
                        name="line_colour")                                                     # [1]
        col = g.ArgMax(g.Einsum(g.input, f(ink, "ink"), equation="bcij,c->j", name="col_profile"), axis=0,
                       keepdims=1, name="line_col")
        bottom = g.ArgMax(g.Einsum(g.input, f(ink, "ink"), equation="bcij,c->i", name="row_profile"), axis=0,
                          keepdims=1, select_last_index=1, name="line_bottom")
        col = g.Cast(col, to=TensorProto.FLOAT, name="line_col_f")
        bottom = g.Cast(bottom, to=TensorProto.FLOAT, name="line_bottom_f")
        cols = f(np.arange(side).reshape(1, 1, 1, side), "cols")
        rows = f(np.arange(side).reshape(1, 1, side, 1), "rows")
        offset = g.Sub(cols, col, name="col_offset")                                            # [1,1,1,S]
        # columns past the grid's width are pushed out of every fan row
        past = g.Mul(g.Cast(g.Greater(cols, last_index(g, 3, TensorProto.FLOAT), name="past_width_b"),
                            to=TensorProto.FLOAT, name="past_width"), f(100, "far"), name="past_far")
        distance = g.Add(g.Abs(offset, name="distance"), past, name="reach_needed")
        in_fan = g.LessOrEqual(distance, g.Sub(bottom, rows, name="height"), name="fan")        # [1,1,S,S]
        even = g.Equal(g.Mod(offset, f(2, "two"), fmod=1, name="parity"), f(0, "zero"), name="even")
        codes = g.Add(line, f(1, "one"), name="line_code_f")
        shade = g.Cast(g.Where(even, codes, f(other + 1, "other_code"), name="shade_f"), to=TensorProto.UINT8,
                       name="shade")                                                            # [1,1,1,S]
        inside = [g.Cast(g.Less(v, extent(g, axis), name=f"{label}_inside_b"), to=TensorProto.UINT8,
                         name=f"{label}_inside") for v, axis, label in
                  ((g.const(np.arange(side, dtype=np.int32).reshape(1, 1, side, 1), name="rows_i"), 2, "row"),
                   (g.const(np.arange(side, dtype=np.int32).reshape(1, 1, 1, side), name="cols_i"), 3, "col"))]
        base = g.Min(inside[0], inside[1], name="base")                                         # 1 black, 0 off
        code = g.Where(in_fan, shade, base, name="code")
        return g.model(decode_code(g, code, (side, side)))
