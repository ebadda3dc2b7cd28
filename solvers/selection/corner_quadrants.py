"""Corner quadrants: the grid's inside (a border of width b removed) is the output; its coloured cells
take the colour found in the grid corner of their quadrant.

Graph: one Conv reads the inner cells already shifted to the origin, two Gathers read the four corner
colours, row/column half tests pick a corner per cell, and one Equal decodes the colour code."""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_graph import last_index
from .._common_grids import N


def corner_quads(grid, b):
    H, W = grid.shape
    if H <= 2 * b or W <= 2 * b:
        return None
    inner = grid[b:H - b, b:W - b]
    h, w = inner.shape
    out = np.zeros_like(inner)
    for r, c in np.argwhere(inner != 0):
        out[r, c] = grid[0 if 2 * r < h else H - 1, 0 if 2 * c < w else W - 1]
    return out


class CornerQuadrants(Solver, name="corner_quadrants", tasks=("task183",), refuses="task189",
                      aliases=("c3_cornerquads",)):
    """Output = the grid without its border; each coloured cell takes the colour of the grid corner in its quadrant."""

    def plans(self, examples):
        for b in (1, 2, 3):
            if all(o.shape == (i.shape[0] - 2 * b, i.shape[1] - 2 * b) for i, o in examples):
                yield b

    def rule(self, b, grid):
        return corner_quads(grid, b)

    def build(self, b):
        g = Graph()
        colours = g.const(np.arange(10, dtype=np.float32).reshape(1, 10, 1, 1), name="colours")
        value = g.Conv(g.input, colours, name="colour_value")
        k = g.const(np.arange(N, dtype=np.int64), name="arange")
        ends, halves, valid = {}, {}, {}
        for axis, label in ((2, "row"), (3, "col")):
            last = last_index(g, axis)
            ends[axis] = g.Concat(g.ints([0], name="zero_i"), last, axis=0, name=f"{label}_ends")     # [2]
            inner = g.Sub(last, g.ints([2 * b - 1], name="border2m1"), name=f"inner_{label}s")     # H - 2b
            twice = g.Add(k, k, name="twice_k")
            halves[axis] = g.Less(twice, inner, name=f"first_half_{label}")                       # [30]
            valid[axis] = g.Less(k, inner, name=f"inner_{label}")
        corners = g.Gather(g.Gather(value, ends[2], axis=2, name="edge_rows"), ends[3], axis=3, name="corners")
        corners = g.Reshape(corners, g.ints([2, 2], name="two_by_two"), name="corner_grid")
        top, bottom = (g.Slice(corners, g.ints([s]), g.ints([s + 1]), g.ints([0]), name=n)
                       for s, n in ((0, "top_corners"), (1, "bottom_corners")))                    # [1,2]
        rowpair = g.Where(g.Unsqueeze(halves[2], axes=[1], name="top_rows"), top, bottom, name="row_corners")
        left, right = (g.Slice(rowpair, g.ints([s]), g.ints([s + 1]), g.ints([1]), name=n)
                       for s, n in ((0, "left_corner"), (1, "right_corner")))                     # [30,1]
        colour = g.Where(halves[3], left, right, name="quadrant_colour")                           # [30,30]
        tap = np.zeros((1, 10, b + 1, b + 1), np.float32)
        tap[0, 1:, b, b] = 1
        coloured = g.Conv(g.input, g.const(tap, name="inner_w"), pads=[0, 0, b, b], name="inner_coloured")
        code = g.Where(g.Greater(coloured, g.const(np.array([0.5], np.float32), name="half"), name="coloured"),
                       colour, g.const(np.zeros(1, np.float32), name="zero"), name="inner_code")
        inside = g.And(g.Unsqueeze(valid[2], axes=[1], name="inner_rows"), valid[3], name="inner")
        code = g.Where(inside, code, g.const(np.array([-1], np.float32), name="outside"), name="code")
        return g.model(g.Equal(code, colours))
