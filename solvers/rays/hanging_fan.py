"""A vertical line hanging from the top row grows into an upward fan: row r spans the line's column
+- (bottom - r), in the line's colour on columns of the line's parity and a second, fixed colour between.

The graph reads the line's colour, column and bottom from profiles and writes the fan into the
colour-code map that one Equal decodes.

Cheaper variant (`hanging_fan:crop S`) on the examples' largest side S (fitted on train and arc-gen; task348's
generator draws grids of at most 10 x 10): the same graph on the S x S corner, its one-hot answer padded to
the canvas by the last op. Exact for every grid within it; the build keeps it only if it passes the fresh
examples too.
"""
from __future__ import annotations

import numpy as np

from .. import Solver
from .._common_grids import N
from ._graphs import arange, code_map, decode_corner
from ._grids import edits_in_place


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
        g, colours, value, inside = code_map(side)
        k = arange(g, side)
        line = g.ReduceMax(value, keepdims=0, name="line_colour")
        col = g.ArgMax(g.ReduceMax(value, axes=[0, 1, 2], keepdims=0, name="col_profile"), axis=0, keepdims=1,
                       name="line_col")
        bottom = g.ArgMax(g.ReduceMax(value, axes=[0, 1, 3], keepdims=0, name="row_profile"), axis=0, keepdims=1,
                          select_last_index=1, name="line_bottom")
        offset = g.Sub(k, col, name="col_offset")
        height = g.Unsqueeze(g.Sub(bottom, k, name="height"), axes=[1], name="height_col")       # [30,1]
        in_fan = g.And(g.Not(g.Greater(g.Abs(offset, name="distance"), height, name="outside_fan"), name="fan"),
                       inside, name="fan_in")
        even = g.Equal(g.Mod(offset, g.ints([2], name="two")), g.ints([0], name="zero_i"), name="even")
        shade = g.Where(even, line, g.const(np.array([float(other)], np.float32), name="other"), name="shade")
        return g.model(decode_corner(g, g.Where(in_fan, shade, value, name="code"), colours, side))
