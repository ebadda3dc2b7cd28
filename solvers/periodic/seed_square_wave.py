"""One seed on the bottom row starts a square wave to the right: every other column from the
seed's is filled with its colour, joined alternately along the top and bottom rows by a fixed colour.

Graph (any grid size): one Einsum writes the output as a sum of four terms, each a colour vector times a
row factor times a column factor, times the input summed over colours (1 inside the grid, 0 outside):
background everywhere; seed colour minus background on the wave's columns; the joint colour minus background
on row 0 of the columns d = 1 mod 4 and on the last row of those with d = 3 mod 4 (d: columns right of the
seed). The column factors are one Conv of the seed's column indicator with a fixed [4,1,30] kernel; the row
factors one Conv of the row profile (w in grid rows) whose differences mark the first and last rows (w times
the joint's weight still leaves the background's one cell <= 0).

Corner variant (`seed_square_wave:crop S`, S the examples' largest side, fitted on train and arc-gen; the
generator draws only 10 x 10 grids): the answer's uint8 code (colour + 1, 0 off the grid) on the S x S corner
from S-long vectors, decoded by `decode_code`'s QLinearConv straight into `output`. The seed's column and
colour (and row, the grid's last) are sums over its one cell; each column's offset d from the seed picks, by a
Gather from two fixed tables (negative d wraps to their "before the seed" half), whether it is a wave column
and which joint row it has (top for d = 1 mod 4, bottom for 3 mod 4). Three S x S ops: the row-inside x
column-colour product, the joint mask (row key = column key) and their Where. Exact for grids of at least two
rows (a one-row grid's top and bottom joints share its row, which the row key cannot show).

Full variant (`seed_square_wave:full S`, where every example is S x S, S the generator's bound: it draws only
10 x 10 grids): the row keys are constants and one Where of the columns' (code, code^2) pairs against the joint
test writes the decoder's pair plane directly."""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver, corner_extent
from onnx import TensorProto

from .._common_graph import colour_code, extent, last_index
from .._common_grids import N, same_shape
from ..local._code_decode import decode_code, decode_code_pair


def meander(grid, joint):
    """The wave from the one coloured cell, which must lie on the bottom row."""
    cells = np.argwhere(grid != 0)
    if len(cells) != 1 or cells[0][0] != grid.shape[0] - 1:
        return None
    (h, w), (_, c) = grid.shape, cells[0]
    out = np.zeros_like(grid)
    for cc in range(c, w):
        d = cc - c
        if d % 2 == 0:
            out[:, cc] = grid[cells[0][0], c]
        else:
            out[0 if d % 4 == 1 else h - 1, cc] = joint
    return out


class SeedSquareWave(Solver, name="seed_square_wave", tasks=("task200",), refuses="task199", aliases=("c3_meander",)):
    """A seed on the bottom row starts a square wave to the right: columns of its colour every other column, joined
    alternately at the top and bottom by a fixed colour."""

    def plans(self, examples):
        if same_shape(examples):
            yield from range(10)

    def rule(self, joint, grid):
        return meander(grid, joint)

    def candidates(self, examples):
        yield from self.with_corner_variant(examples, self.build_corner, square=True)
        plan = self.fit(examples)
        side = max(corner_extent(examples))
        if plan is not None and side < N and {i.shape for i, _ in examples} == {(side, side)}:
            yield f"{self.name}:full{side}", self.build_full(plan, side)

    def build_full(self, joint, side):
        """`build_corner` where every grid is side x side (the generator draws only 10 x 10 ones): the seed's row
        is the last, every row and column is inside, so the row keys are constants and each row repeats the
        column codes: one S x S joint test and one Where of the (code, code^2) pairs the decoder reads."""
        g = Graph()
        f = lambda v, name: g.const(np.asarray(v, np.float32), name=name)
        not_bg = np.r_[0.0, np.ones(9)]
        seed_col = g.Cast(g.Einsum(g.input, f(not_bg, "not_bg"), f(np.arange(N), "index"), equation="bcij,c,j->b",
                                   name="seed_col_f"), to=TensorProto.INT32, name="seed_col")            # [1]
        seed_code = g.Cast(g.Add(g.Einsum(g.input, f(np.arange(10), "values"), equation="bcij,c->b",
                                          name="seed_colour"), f(1, "one"), name="seed_code_f"),
                           to=TensorProto.UINT8, name="seed_code")
        cols, wave, col_key = _column_wave(g, side, seed_col, "col_key")
        u8 = lambda v, name: g.const(np.uint8(v), name=name)
        col_code = g.Where(wave, seed_code, u8(1, "background_code"), name="col_code")     # [1,1,1,S]
        row_key = np.full((1, 1, side, 1), 7, np.uint8)
        row_key[0, 0, 0], row_key[0, 0, side - 1] = 1, 2
        # the decoder's (code, code^2) pair straight from the columns' pairs and the joint's
        col_pair = g.Concat(col_code, g.Mul(col_code, col_code, name="col_code_square"), axis=1, name="col_pair")
        joint_pair = g.const(np.array([joint + 1, (joint + 1) ** 2], np.uint8).reshape(1, 2, 1, 1), name="joint_pair")
        pair = g.Where(g.Equal(g.const(row_key, name="row_keys"), col_key, name="joint"), joint_pair, col_pair,
                       name="code_pair")                                                     # [1,2,S,S]
        return g.model(decode_code_pair(g, pair, (side, side)))

    def build_corner(self, joint, side):
        g = Graph()
        f = lambda v, name: g.const(np.asarray(v, np.float32), name=name)
        not_bg = np.r_[0.0, np.ones(9)]
        seed_col = g.Cast(g.Einsum(g.input, f(not_bg, "not_bg"), f(np.arange(N), "index"), equation="bcij,c,j->b",
                                   name="seed_col_f"), to=TensorProto.INT32, name="seed_col")            # [1]
        seed_row = g.Cast(g.Einsum(g.input, f(not_bg, "not_bg"), f(np.arange(N), "index"), equation="bcij,c,i->b",
                                   name="seed_row_f"), to=TensorProto.INT32, name="seed_row")            # h - 1
        seed_code = g.Cast(g.Add(g.Einsum(g.input, f(np.arange(10), "values"), equation="bcij,c->b",
                                          name="seed_colour"), f(1, "one"), name="seed_code_f"),
                           to=TensorProto.UINT8, name="seed_code")
        cols, wave, col_key = _column_wave(g, side, seed_col, "col_key_raw")
        rows = g.const(np.arange(side, dtype=np.int32).reshape(1, 1, side, 1), name="rows_i")
        col_in = g.Less(cols, extent(g, 3), name="col_inside")
        u8 = lambda v, name: g.const(np.uint8(v), name=name)
        col_key = g.Where(col_in, col_key, u8(9, "no_joint"), name="col_key")
        col_code = g.Where(col_in, g.Where(wave, seed_code, u8(1, "background_code"), name="wave_code"),
                           u8(0, "no_code"), name="col_code")                               # [1,1,1,S]
        row_code = g.Cast(g.LessOrEqual(rows, seed_row, name="row_inside"), to=TensorProto.UINT8, name="row_code")
        row_key = np.full((1, 1, side, 1), 7, np.uint8)
        row_key[0, 0, 0] = 1
        row_key = g.Where(g.Equal(rows, seed_row, name="last_row"), u8(2, "bottom_key"), g.const(row_key, name="row_keys"),
                          name="row_key")                                                    # [1,1,S,1]
        base = g.Mul(row_code, col_code, name="base")                                        # [1,1,S,S]
        code = g.Where(g.Equal(row_key, col_key, name="joint"), u8(joint + 1, "joint_code"), base, name="code")
        return g.model(decode_code(g, code, (side, side)))

    def build(self, joint):
        g = Graph()
        f = lambda v, name: g.const(np.asarray(v, np.float32), name=name)
        not_bg = np.ones((1, 10), np.float32)
        not_bg[0, 0] = 0
        rows = g.Einsum(g.input, f([1.0], "one"), equation="bkij,z->bzi", name="row_profile")   # [1,1,30]: w or 0
        wr = np.zeros((4, 1, 3), np.float32)
        wr[2, 0] = [-1, 1, 0]                     # row 0: profile[i] - profile[i-1]
        wr[3, 0] = [0, 1, -1]                     # last row: profile[i] - profile[i+1]
        r = g.Conv(rows, f(wr, "row_kernel"), f([1, 1, 0, 0], "row_bias"), pads=[1, 1], name="row_factors")
        seed = g.Einsum(g.input, f(not_bg, "not_bg"), equation="bkij,zk->bzj", name="seed_col")  # [1,1,30]
        wc = np.zeros((4, 1, N), np.float32)      # out[j] = sum_t w[t] seed[j + t - 29]: d = j - seed = 29 - t
        for d in range(N):
            wc[1, 0, N - 1 - d] = d % 2 == 0
            wc[2, 0, N - 1 - d] = d % 4 == 1
            wc[3, 0, N - 1 - d] = d % 4 == 3
        c = g.Conv(seed, f(wc, "col_kernel"), f([1, 0, 0, 0], "col_bias"), pads=[N - 1, 0], name="col_factors")
        pick = np.zeros((4, 10), np.float32)
        pick[1] = not_bg[0]
        base = np.zeros((4, 10), np.float32)
        base[:, 0] = [1, -1, -1, -1]
        base[2:, joint] += 1
        seed_colour = g.Einsum(g.input, f(pick, "pick_seed"), equation="bkij,mk->mk", name="seed_colour")
        colours = g.Add(seed_colour, f(base, "term_colours"), name="colours")                  # [4,10]
        return g.model(g.Einsum(g.input, colours, r, c, equation="bkij,mK,bmi,bmj->bKij"))


def _column_wave(g, side, seed_col, key_name):
    """(column index, wave, joint key), [1,1,1,S] each: from the seed's column on, every other column is the wave's
    (bool), and its top (1) and bottom (2) joints alternate every fourth column (9: no joint); read from two
    tables by the offset from the seed (negative offsets index the tables' second half)."""
    cols = g.const(np.arange(side, dtype=np.int32).reshape(1, 1, 1, side), name="cols_i")
    d = g.Sub(cols, seed_col, name="offset")                                              # d in (-S, S)
    offsets = np.r_[np.arange(side), np.arange(-side, 0)]                                  # table index -> d
    wave = g.Gather(g.const((offsets >= 0) & (offsets % 2 == 0), name="wave_table"), d, name="wave")
    key = np.full(2 * side, 9, np.uint8)
    key[(offsets >= 0) & (offsets % 4 == 1)] = 1
    key[(offsets >= 0) & (offsets % 4 == 3)] = 2
    return cols, wave, g.Gather(g.const(key, name="key_table"), d, name=key_name)
