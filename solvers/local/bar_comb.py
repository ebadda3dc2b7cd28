"""Bar comb: inside every bar, the cells with their own colour both above and below are punched out at
every other column, counted from the row's first such cell.

"Same colour above, here and below" is one linear Conv on the one-hot input: weights 3^c above and
below and -2*3^c here sum to zero only when the three colours agree (balanced ternary has no other
way to make 2*3^b from two powers of 3), and a bias keeps background and the outside of the grid
off zero. The row's first interior cell is an ArgMax, its parity against the column's picks the
holes, and one Where writes black there over the input.

Rows variant (`:rows`, tried first): only rows 0..H-2 are scored, H the generator's tallest grid (`corner_extent`;
task085's draws heights randint(8, 16)): the
Conv kernel has 33-H rows (three read, the rest zero) so its output is [1,1,H-1,30], and the hole mask is
padded back to 30 rows. The row start is the ArgMin of the score itself: exact where, as the generator draws
them, a row holding interior cells holds only its bar (score 0) and background with background above and
below (score BIAS), so the first minimum is the first interior cell.

Bars variant (`:bars`, cheapest where the examples are drawn as task085's generator draws them): per-row
tokens and start signs, and one Einsum writes the output (see `build_bars`); the build keeps it only where it
passes every example.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver, corner_extent
from .._common_grids import same_shape

BIAS = 1e5


def interior(grid):
    up = np.pad(grid, ((1, 0), (0, 0)), constant_values=-1)[:-1]
    down = np.pad(grid, ((0, 1), (0, 0)), constant_values=-1)[1:]
    return (grid > 0) & (up == grid) & (down == grid)


def comb(grid, phase):
    inside = interior(grid)
    out = grid.copy()
    for r in range(grid.shape[0]):
        cols = np.flatnonzero(inside[r])
        if cols.size:
            holes = cols[(cols - cols[0]) % 2 == phase]
            out[r, holes] = 0
    return out


class BarComb(Solver, name="bar_comb", tasks=("task085",), refuses="task037", aliases=("c6_comb",),
              fit_splits=("train", "arc-gen")):
    """Bars keep their outline; interior cells are punched out at every other column from the bar's start."""

    def plans(self, examples):
        """The phase: 1 punches the second, fourth... interior cell of a row, 0 the first, third..."""
        if same_shape(examples) and not all(np.array_equal(i, o) for i, o in examples):
            yield from (1, 0)

    def rule(self, phase, grid):
        return comb(grid, phase)

    def candidates(self, examples):
        plan = self.fit(examples)
        if plan is None:
            return
        height = corner_extent(examples)[0]          # the generator's tallest grid
        yield self.name + ":bars", self.build_bars(plan)
        if 3 <= height <= 30:
            yield self.name + ":rows", self.build_rows(plan, height)
        yield self.name, self.build(plan)

    def build_bars(self, phase):
        """One Einsum writes the output from the input and a per-row [1, m] table, m = a middle row's holes, for grids
        drawn as task085's generator draws them: bars three rows tall, of odd width below 32 and distinct colours, one
        bar per row. Each row's token t = sum of w + 32 k w over its cells (w cells of colour k) names its bar, so a
        row is a bar's middle where t[r-1] - 2 t[r] + t[r+1] = 0 (a 1-D Conv; the top or bottom row meets another
        token or 0). An odd run's alternating sum a = sum (-1)^c is (-1)^start, so the cells at offsets of the
        hole phase are those where (1 -+ a (-1)^c) / 2 = 1; with m = a on middle rows (0 elsewhere) that is
        (m^2 -+ m (-1)^c) / 2, a product of the table [1, m] with itself. The colour table A = [identity, M] keeps
        every cell, and M moves a coloured hole cell to black."""
        g = Graph()
        k = np.arange(10, dtype=np.float32)
        coloured = (k > 0).astype(np.float32)
        token = g.Einsum(g.input, g.floats(coloured * (1 + 32 * k), name="row_token_w"), g.floats([1.0], name="unit"),
                         equation="bkrc,k,e->ber", name="row_token")                            # [1,1,30]
        columns = g.floats(np.stack([np.ones(30), (-1.0) ** np.arange(30)]), name="column_lines")   # [1; (-1)^c]
        alt = g.Einsum(g.input, g.floats(coloured, name="coloured"), columns, g.floats([0.0, 1.0], name="signs"),
                       equation="bkrc,k,gc,g->br", name="row_start_sign")                      # [1,30] (-1)^start
        curve = g.Conv(token, g.floats(np.array([1.0, -2.0, 1.0]).reshape(1, 1, 3), name="second_difference"),
                       pads=[1, 1], name="token_curve")                                         # [1,1,30]
        middle = g.Equal(curve, g.floats([0.0], name="flat"), name="middle_row")   # empty rows too: they hold no colour
        start_sign = g.Where(middle, alt, g.floats([0.0], name="none"), name="middle_start_sign")     # [1,1,30] m
        table = g.Pad(start_sign, g.ints([0, 1, 0, 0, 0, 0], name="one_first"), g.floats(np.float32(1.0), name="one"),
                      name="row_table")                                                          # [1,2,30] [1, m]
        moves = np.zeros((2, 10, 10), np.float32)                 # [term, out colour, in colour]
        moves[0] = np.eye(10)
        moves[1, 0, 1:] = 1                                       # a coloured hole turns black...
        moves[1, np.arange(1, 10), np.arange(1, 10)] = -1         # ...and leaves its colour
        sign = -1.0 if phase == 1 else 1.0
        weights = np.zeros((2, 2, 2), np.float32)                 # [term, table factor, column line]
        weights[0, 0, 0] = 1                                      # identity x 1 x 1
        weights[1, 1, 0] = 0.5                                    # M x m x m / 2
        weights[1, 0, 1] = sign * 0.5                             # M x m x 1 x -+(-1)^c / 2
        return g.model(g.Einsum(g.input, g.const(moves, name="hole_moves"), table, table,
                                g.const(weights, name="hole_weights"), columns,
                                equation="bzrc,ekz,ber,bfr,efg,gc->bkrc"))

    def build_rows(self, phase, height):
        """Rows 0..height-2 only (a Conv kernel of 33-height rows, three of them read), the hole mask padded."""
        g = Graph()
        rows = height - 1
        k = 32 - rows
        w = np.zeros((1, 10, k, 1), np.float32)
        powers = 3.0 ** np.arange(10)
        w[0, 1:, 0, 0] = powers[1:]
        w[0, 1:, 2, 0] = powers[1:]
        w[0, 1:, 1, 0] = -2 * powers[1:] - BIAS
        mismatch = g.Conv(g.input, g.floats(w), g.floats([BIAS]), pads=[1, 0, 0, 0], name="colour_mismatch")
        inside = g.Equal(mismatch, g.floats([0.0]), name="interior")
        start = g.ArgMin(mismatch, axis=3, keepdims=1, name="row_start")
        start_parity = g.Mod(g.Cast(start, to=2, name="row_start_u8"), g.const(np.uint8(2)), name="start_parity")
        col_parity = g.const(((np.arange(30) + phase) % 2).reshape(1, 1, 1, 30).astype(np.uint8))
        hole = g.And(inside, g.Equal(start_parity, col_parity, name="hole_column"), name="hole")
        hole = g.Pad(hole, g.ints([0, 0, 0, 0, 0, 0, 30 - rows, 0]), name="hole30")
        black = g.floats(np.eye(10)[0].reshape(1, 10, 1, 1))
        return g.model(g.Where(hole, black, g.input))

    def build(self, plan):
        phase = plan
        g = Graph()
        w = np.zeros((1, 10, 3, 1), np.float32)
        powers = 3.0 ** np.arange(10)
        w[0, 1:, 0, 0] = powers[1:]
        w[0, 1:, 2, 0] = powers[1:]
        w[0, 1:, 1, 0] = -2 * powers[1:] - BIAS
        mismatch = g.Conv(g.input, g.floats(w), g.floats([BIAS]), pads=[1, 0, 1, 0], name="colour_mismatch")
        inside = g.Equal(mismatch, g.floats([0.0]), name="interior")
        start = g.ArgMax(g.Cast(inside, to=2, name="interior_u8"), axis=3, keepdims=1, name="row_start")
        start_parity = g.Mod(start, g.const(np.int64(2)), name="start_parity")
        col_parity = g.const(((np.arange(30) + phase) % 2).reshape(1, 1, 1, 30).astype(np.int64))
        hole = g.And(inside, g.Equal(start_parity, col_parity, name="hole_column"), name="hole")
        black = g.floats(np.eye(10)[0].reshape(1, 10, 1, 1))
        return g.model(g.Where(hole, black, g.input))
