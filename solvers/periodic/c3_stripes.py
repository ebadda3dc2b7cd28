"""Stripes on the colour-code map (colour inside the grid, -1 outside), decoded by one Equal.

- c3_rowcycle: below a header (the colour row, then one separator row) every row takes one colour of the
  header row, cycling through it in order.
- c3_seedstripes2: two seeds start full lines across the grid's shorter side; the lines repeat along the
  longer side at the seeds' spacing, alternating the two seeds' colours, from the first seed on."""
from __future__ import annotations

import numpy as np
from onnx import TensorProto

from .. import Solver
from .._common_graph import last_index
from .._common_grids import N, reproduces
from .._common_graph import colour_code


def row_cycle(grid, skip):
    h, w = grid.shape
    if h <= skip:
        return None
    out = grid.copy()
    for r in range(skip, h):
        out[r, :] = grid[0, (r - skip) % w]
    return out


class RowCycle(Solver):
    name = "c3_rowcycle"
    description = "rows below a header are filled with the header row's colours, one per row, cycling"

    def fit(self, examples):
        if any(i.shape != o.shape for i, o in examples) or all(np.array_equal(i, o) for i, o in examples):
            return None
        for skip in (1, 2):
            if reproduces(lambda i: row_cycle(i, skip), examples):
                return skip
        return None

    def build(self, skip):
        from neurogolf.graph import Graph
        g = Graph()
        colours, code = colour_code(g)
        header = g.Gather(code, g.ints([0], name="row0"), axis=2, name="header")               # [1,1,1,30]
        width = g.Add(last_index(g, 3), g.ints([1], name="one_i"), name="width")
        k = g.const(np.arange(N, dtype=np.int64), name="arange")
        pick = g.Mod(g.Sub(k, g.ints([skip], name="skip"), name="after_header"), width, name="header_col")
        body = g.Reshape(g.Gather(header, pick, axis=3, name="row_colours"), g.ints([1, 1, N, 1], name="as_col"),
                         name="row_colour")                                                      # [1,1,30,1]
        fill = g.And(g.Unsqueeze(g.Not(g.Less(k, g.ints([skip], name="skip")), name="body_rows"), axes=[1],
                                 name="body_rows_col"),
                     g.Greater(code, g.const(np.array([-0.5], np.float32), name="minus_half"), name="inside"),
                     name="body")
        return g.model(g.Equal(g.Where(fill, body, code, name="code"), colours))


def seed_stripes(grid):
    h, w = grid.shape
    cells = np.argwhere(grid != 0)
    if len(cells) != 2:
        return None
    ax = 1 if w > h else 0
    (p1, a), (p2, b) = sorted((int(c[ax]), int(grid[c[0], c[1]])) for c in cells)
    d = p2 - p1
    if d == 0:
        return None
    out = np.zeros_like(grid)
    for x in range(p1, grid.shape[ax], d):
        v = a if ((x - p1) // d) % 2 == 0 else b
        if ax:
            out[:, x] = v
        else:
            out[x, :] = v
    return out


class SeedStripes2(Solver):
    name = "c3_seedstripes2"
    description = ("two seeds start lines across the shorter side, repeated along the longer side at their "
                   "spacing, alternating their colours")

    def fit(self, examples):
        if any(i.shape != o.shape for i, o in examples):
            return None
        return True if reproduces(seed_stripes, examples) else None

    def build(self, plan):
        from neurogolf.graph import Graph
        g = Graph()
        colours, code = colour_code(g)
        zero = g.const(np.zeros(1, np.float32), name="zero")
        k = g.const(np.arange(N, dtype=np.int64), name="arange")
        last_r, last_c = last_index(g, 2), last_index(g, 3)
        wide = g.Greater(last_c, last_r, name="wide")
        lines = {}
        for axis, label in ((2, "row"), (3, "col")):
            prof = g.ReduceMax(code, axes=[0, 1, 5 - axis], keepdims=0, name=f"{label}_colours")      # [30]
            seen = g.Cast(g.Greater(prof, zero, name=f"{label}_seeded"), to=TensorProto.FLOAT, name=f"{label}_f")
            p1 = g.ArgMax(seen, axis=0, keepdims=1, name=f"{label}_first")
            p2 = g.ArgMax(seen, axis=0, keepdims=1, select_last_index=1, name=f"{label}_second")
            a = g.Gather(prof, p1, axis=0, name=f"{label}_colour_a")
            b = g.Gather(prof, p2, axis=0, name=f"{label}_colour_b")
            d = g.Max(g.Sub(p2, p1, name=f"{label}_gap"), g.ints([1], name="one_i"), name=f"{label}_step")
            x = g.Sub(k, p1, name=f"{label}_offset")
            on = g.And(g.Not(g.Less(x, g.ints([0], name="zero_i")), name=f"{label}_after"),
                       g.Equal(g.Mod(x, d, name=f"{label}_phase"), g.ints([0], name="zero_i"), name=f"{label}_on"),
                       name=f"{label}_line")
            odd = g.Equal(g.Mod(g.Div(x, d, name=f"{label}_index"), g.ints([2], name="two")), g.ints([1], name="one_i"),
                          name=f"{label}_odd")
            value = g.Where(on, g.Where(odd, b, a, name=f"{label}_pick"), g.const(np.zeros(1, np.float32),
                            name="zero"), name=f"{label}_value")                                  # [30]
            lines[axis] = value
        by_col = g.Unsqueeze(lines[3], axes=[0], name="by_col")                                    # [1,30]
        by_row = g.Unsqueeze(lines[2], axes=[1], name="by_row")                                    # [30,1]
        stripe = g.Where(wide, by_col, by_row, name="stripes")                                     # [30,30]
        inside = g.Greater(code, g.const(np.array([-0.5], np.float32), name="minus_half"), name="inside")
        return g.model(g.Equal(g.Where(inside, stripe, code, name="code"), colours))
