"""Rays and fans grown from a single object, as colour-code maps decoded by one Equal.

- c3_apexrays: diagonal rays climb up-left from the left end and up-right from the right end of the
  object's top row, in the object's rarest colour.
- c3_fan: a vertical line hanging from the top grows into an upward fan (row r spans the line's column
  +- (bottom - r)), the line's colour on columns of its parity and a second colour between."""
from __future__ import annotations

from collections import Counter

import numpy as np
from onnx import TensorProto

from .. import Solver
from .._common_grids import N, reproduces


def apex_rays(grid):
    cells = np.argwhere(grid != 0)
    if not len(cells):
        return None
    out, (_, w) = grid.copy(), grid.shape
    top = cells[:, 0].min()
    cols = np.flatnonzero(grid[top] != 0)
    cnt = Counter(grid[grid != 0].tolist())
    if len(cnt) < 2 or sorted(cnt.values())[0] == sorted(cnt.values())[1]:
        return None
    colour = min(cnt, key=cnt.get)
    for d in range(1, top + 1):
        if cols.min() - d >= 0:
            out[top - d, cols.min() - d] = colour
        if cols.max() + d < w:
            out[top - d, cols.max() + d] = colour
    return out


def fan(grid, other):
    cells = np.argwhere(grid != 0)
    if not len(cells) or len(set(cells[:, 1].tolist())) != 1 or cells[:, 0].min() != 0:
        return None
    out, (_, w) = grid.copy(), grid.shape
    c, b, line = cells[0, 1], cells[:, 0].max(), grid[cells[0, 0], cells[0, 1]]
    for r in range(b + 1):
        for cc in range(w):
            if abs(cc - c) <= b - r:
                out[r, cc] = line if (cc - c) % 2 == 0 else other
    return out


def _start():
    from neurogolf.graph import Graph
    from .._common_graph import colour_code
    g = Graph()
    colours, base = colour_code(g)                   # also serves as the value map (bg 0, outside -1)
    inside = g.Greater(base, g.const(np.array([-0.5], np.float32), name="minus_half"), name="inside")
    k = g.const(np.arange(N, dtype=np.int64), name="arange")
    return g, colours, base, base, inside, k


class ApexRays(Solver):
    name = "c3_apexrays"
    description = ("diagonal rays climb outward from both ends of the object's top row, in the object's "
                   "rarest colour")

    def fit(self, examples):
        if any(i.shape != o.shape for i, o in examples) or all(np.array_equal(i, o) for i, o in examples):
            return None
        return True if reproduces(apex_rays, examples) else None

    def build(self, plan):
        g, colours, value, base, inside, k = _start()
        zero = g.const(np.zeros(1, np.float32), name="zero")
        rows = g.ReduceMax(value, axes=[0, 1, 3], keepdims=0, name="row_profile")
        occupied = g.Cast(g.Greater(rows, zero, name="occupied"), to=TensorProto.FLOAT, name="occupied_f")
        top = g.ArgMax(occupied, axis=0, keepdims=1, name="top_row")                                  # [1]
        top_cells = g.Greater(g.Gather(value, top, axis=2, name="top_values"), zero, name="top_cells")
        top_cells = g.Cast(g.Reshape(top_cells, g.ints([N], name="flat"), name="top_flat"), to=TensorProto.FLOAT,
                           name="top_flat_f")
        left = g.ArgMax(top_cells, axis=0, keepdims=1, name="top_left")
        right = g.ArgMax(top_cells, axis=0, keepdims=1, select_last_index=1, name="top_right")
        counts = g.ReduceSum(g.input, axes=[0, 2, 3], keepdims=0, name="colour_counts")         # [10]
        usable = np.zeros(10, np.float32)
        usable[0] = 1e6
        present = g.Greater(counts, zero, name="present")
        rank = g.Where(present, g.Add(counts, g.const(usable, name="no_background")), g.const(np.full(1, 1e6,
                       np.float32), name="absent"), name="rarity")
        colour = g.Cast(g.ArgMin(rank, axis=0, keepdims=1, name="rarest"), to=TensorProto.FLOAT, name="ray_colour")
        rows_k = g.Unsqueeze(k, axes=[1], name="row_index")                                    # [30,1]
        up_left = g.Equal(g.Add(k, g.Sub(top, left, name="left_shift"), name="left_diag"), rows_k, name="up_left")
        up_right = g.Equal(g.Sub(g.Add(right, top, name="right_sum"), k, name="right_diag"), rows_k,
                           name="up_right")
        above = g.Less(rows_k, top, name="above_top")
        ray = g.And(g.And(g.Or(up_left, up_right, name="on_diag"), above, name="ray"), inside, name="ray_in")
        return g.model(g.Equal(g.Where(ray, colour, base, name="code"), colours))


class Fan(Solver):
    name = "c3_fan"
    description = ("a vertical line hanging from the top grows into an upward fan, alternating the line's "
                   "colour and a second colour by column")

    def fit(self, examples):
        if any(i.shape != o.shape for i, o in examples) or all(np.array_equal(i, o) for i, o in examples):
            return None
        for other in range(10):
            if reproduces(lambda i: fan(i, other), examples):
                return other
        return None

    def build(self, other):
        g, colours, value, base, inside, k = _start()
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
        return g.model(g.Equal(g.Where(in_fan, shade, base, name="code"), colours))
