"""Seed lines on the colour-code map (colour inside the grid, -1 outside), decoded by one Equal.

- c3_seedcross: one seed draws both diagonals through itself, edge to edge; everything else background.
- c3_rowdash: in every row holding one seed, the cells from the seed to the right edge alternate
  between the seed's colour and a fixed colour."""
from __future__ import annotations

import numpy as np
from onnx import TensorProto

from .. import Solver
from .._common_grids import N, reproduces
from .._common_graph import colour_code


def seed_cross(grid):
    cells = np.argwhere(grid != 0)
    if len(cells) != 1:
        return None
    (r, c), (h, w) = cells[0], grid.shape
    R, C = np.indices((h, w))
    return np.where((R - C == r - c) | (R + C == r + c), grid[r, c], 0)


class SeedCross(Solver):
    name = "c3_seedcross"
    description = "one seed draws both diagonals through itself across the whole grid"

    def fit(self, examples):
        if any(i.shape != o.shape for i, o in examples):
            return None
        return True if reproduces(seed_cross, examples) else None

    def build(self, plan):
        from neurogolf.graph import Graph
        g = Graph()
        colours, code = colour_code(g)
        seed = g.ReduceMax(code, keepdims=0, name="seed_colour")
        at = g.Cast(g.Greater(code, g.const(np.zeros(1, np.float32), name="zero"), name="seed_cell"),
                    to=TensorProto.FLOAT, name="seed_f")
        r = g.ArgMax(g.ReduceMax(at, axes=[0, 1, 3], keepdims=0, name="seed_rows"), axis=0, keepdims=1, name="seed_row")
        c = g.ArgMax(g.ReduceMax(at, axes=[0, 1, 2], keepdims=0, name="seed_cols"), axis=0, keepdims=1, name="seed_col")
        k = g.const(np.arange(N, dtype=np.int64), name="arange")
        rows = g.Unsqueeze(k, axes=[1], name="row_index")
        on = g.Or(g.Equal(g.Sub(rows, k, name="diag"), g.Sub(r, c, name="seed_diag"), name="on_diag"),
                  g.Equal(g.Add(rows, k, name="anti"), g.Add(r, c, name="seed_anti"), name="on_anti"), name="on_cross")
        on = g.And(on, g.Greater(code, g.const(np.array([-0.5], np.float32), name="minus_half"), name="inside"),
                   name="cross")
        cleared = g.Min(code, g.const(np.zeros(1, np.float32), name="zero"), name="cleared")
        return g.model(g.Equal(g.Where(on, seed, cleared, name="code"), colours))


def row_dash(grid, alt):
    out, (h, w) = grid.copy(), grid.shape
    for r in range(h):
        cs = np.flatnonzero(grid[r])
        if len(cs) > 1:
            return None
        if len(cs):
            c = cs[0]
            for cc in range(c, w):
                out[r, cc] = grid[r, c] if (cc - c) % 2 == 0 else alt
    return out


class RowDash(Solver):
    name = "c3_rowdash"
    description = ("each seed continues to the right edge of its row, alternating its colour with a fixed "
                   "colour")

    def fit(self, examples):
        if any(i.shape != o.shape for i, o in examples) or all(np.array_equal(i, o) for i, o in examples):
            return None
        for alt in range(10):
            if reproduces(lambda i: row_dash(i, alt), examples):
                return alt
        return None

    def build(self, alt):
        from neurogolf.graph import Graph
        g = Graph()
        colours, code = colour_code(g)
        zero = g.const(np.zeros(1, np.float32), name="zero")
        rowv = g.ReduceMax(code, axes=[3], keepdims=1, name="row_colour")                       # [1,1,30,1]
        seeds = g.Cast(g.Greater(code, zero, name="seed"), to=TensorProto.FLOAT, name="seed_f")
        col = g.ArgMax(seeds, axis=3, keepdims=1, name="seed_col")                               # [1,1,30,1]
        d = g.Sub(g.const(np.arange(N, dtype=np.int64), name="arange"), col, name="from_seed")  # [1,1,30,30]
        right = g.And(g.Not(g.Less(d, g.ints([0], name="zero_i"), name="left"), name="right"),
                      g.Greater(rowv, zero, name="seeded_row"), name="dash_span")
        right = g.And(right, g.Greater(code, g.const(np.array([-0.5], np.float32), name="minus_half"),
                                       name="inside"), name="dash")
        even = g.Equal(g.Mod(d, g.ints([2], name="two")), g.ints([0], name="zero_i"), name="even")
        shade = g.Where(even, rowv, g.const(np.array([float(alt)], np.float32), name="alt"), name="shade")
        return g.model(g.Equal(g.Where(right, shade, code, name="code"), colours))
