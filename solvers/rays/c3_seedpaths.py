"""Seed paths and seed stripes: single coloured seeds that grow into lines computed from their position.

- c3_seedpaths: every seed draws its row to the right border, then the right border column downwards
  until the row above the next seed (the last seed runs to the bottom): a staircase of L-shaped paths.
- c3_seedstripes: one seed; every row from the top down to the seed's row gets colour X on the columns
  of the seed's parity, and the seed itself drops one row.

Both graphs build a [1,1,30,30] colour-code map (the grid's cells 0..9, outside -1) from a colour-value
Conv and a few vector ops, decoded by one Equal writing the output."""
from __future__ import annotations

import numpy as np
from onnx import TensorProto

from .. import Solver
from .._common_graph import last_index
from .._common_grids import N, reproduces


def seed_paths(grid):
    out, (h, w) = grid.copy(), grid.shape
    seeds = sorted((r, c, grid[r, c]) for r, c in np.argwhere(grid != 0))
    if len({r for r, _, _ in seeds}) != len(seeds):
        return None
    for k, (r, c, v) in enumerate(seeds):
        out[r, c:] = v
        out[r:seeds[k + 1][0] if k + 1 < len(seeds) else h, w - 1] = v
    return out


def seed_stripes(grid, colour):
    cells = np.argwhere(grid != 0)
    if len(cells) != 1:
        return None
    (r, c), (h, w) = cells[0], grid.shape
    out = np.zeros_like(grid)
    out[:r + 1, (np.arange(w) - c) % 2 == 0] = colour
    if r + 1 < h:
        out[r + 1, c] = grid[r, c]
    return out


def _code_graph():
    """g, colours, base (colour inside, -1 outside), inside (bool)."""
    from neurogolf.graph import Graph
    from .._common_graph import colour_code
    g = Graph()
    colours, base = colour_code(g)
    inside = g.Greater(base, g.const(np.array([-0.5], np.float32), name="minus_half"), name="inside")
    return g, colours, base, inside


class SeedPaths(Solver):
    name = "c3_seedpaths"
    description = ("each seed draws its row to the right edge, then the right edge column down to the next "
                   "seed's row (the last one to the bottom)")

    def fit(self, examples):
        if any(i.shape != o.shape for i, o in examples) or all(np.array_equal(i, o) for i, o in examples):
            return None
        return True if reproduces(seed_paths, examples) else None

    def build(self, plan):
        g, colours, value, inside = _code_graph()
        zero = g.const(np.zeros(1, np.float32), name="zero")
        axis3 = g.const(np.array(3, np.int32), name="axis3")
        seed = g.Cast(g.Greater(value, zero, name="seed"), to=TensorProto.FLOAT, name="seed_f")
        right_of_seed = g.Greater(g.CumSum(seed, axis3, name="seeds_left"), zero, name="right_of_seed")
        rowv = g.ReduceMax(value, axes=[0, 1, 3], keepdims=0, name="row_colour")             # [30]
        seed_row = g.Greater(rowv, zero, name="seed_row")
        segment = g.CumSum(g.Cast(seed_row, to=TensorProto.INT32, name="seed_row_i"),
                           g.const(np.array(0, np.int32), name="axis0"), name="segment")   # [30]
        same = g.And(g.Equal(g.Unsqueeze(segment, axes=[1], name="segment_col"), segment, name="same_segment"),
                     seed_row, name="segment_seed")                                        # [30 r, 30 r']
        down = g.MatMul(g.Cast(same, to=TensorProto.FLOAT, name="segment_seed_f"), rowv, name="down_colour")
        last_col = g.Equal(g.const(np.arange(N, dtype=np.int64), name="arange"), last_index(g, 3), name="last_col")
        down_col = g.Unsqueeze(down, axes=[1], name="down_col")                             # [30, 1]
        on_path_down = g.And(g.Greater(down_col, zero, name="has_down"), last_col, name="on_path_down")
        code = g.Where(on_path_down, down_col, value, name="column_code")
        code = g.Where(right_of_seed, g.Unsqueeze(rowv, axes=[1], name="row_colour_col"), code, name="row_code")
        code = g.Where(inside, g.Max(code, value, name="with_seeds"), value, name="code")
        return g.model(g.Equal(code, colours))


class SeedStripes(Solver):
    name = "c3_seedstripes"
    description = ("one seed: the rows from the top to the seed's row get one colour on every other column "
                   "(the seed's parity); the seed drops one row")

    def fit(self, examples):
        if any(i.shape != o.shape for i, o in examples):
            return None
        for colour in range(1, 10):
            if reproduces(lambda i: seed_stripes(i, colour), examples):
                return colour
        return None

    def build(self, colour):
        g, colours, value, inside = _code_graph()
        outside = g.Min(value, g.const(np.zeros(1, np.float32), name="zero"), name="cleared")   # 0 in, -1 out
        k = g.const(np.arange(N, dtype=np.int64), name="arange")
        row = g.ArgMax(g.ReduceMax(value, axes=[0, 1, 3], keepdims=0, name="row_profile"), axis=0, keepdims=1,
                       name="seed_row")
        col = g.ArgMax(g.ReduceMax(value, axes=[0, 1, 2], keepdims=0, name="col_profile"), axis=0, keepdims=1,
                       name="seed_col")
        seed_value = g.ReduceMax(value, keepdims=0, name="seed_value")
        above = g.Unsqueeze(g.Not(g.Greater(k, row, name="below_seed"), name="up_to_seed"), axes=[1],
                            name="up_to_seed_col")                                          # [30, 1]
        parity = g.Equal(g.Mod(g.Sub(k, col, name="from_seed"), g.ints([2], name="two")), g.ints([0], name="zero_i"),
                         name="seed_parity")                                                # [30]
        stripes = g.And(above, parity, name="stripes")
        drop_row = g.Unsqueeze(g.Equal(k, g.Add(row, g.ints([1], name="one_i"), name="next_row"), name="drop_row"),
                               axes=[1], name="drop_row_col")
        dropped = g.And(drop_row, g.Equal(k, col, name="seed_column"), name="dropped_seed")
        code = g.Where(stripes, g.const(np.array([colour], np.float32), name="stripe_colour"), outside,
                       name="stripe_code")
        code = g.Where(dropped, seed_value, code, name="seed_code")
        code = g.Where(inside, code, outside, name="code")
        return g.model(g.Equal(code, colours))
