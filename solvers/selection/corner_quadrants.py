"""Corner quadrants: the grid's inside (a border of width b removed) is the output; its coloured cells
take the colour found in the grid corner of their quadrant.

Graph: one Conv reads the inner cells already shifted to the origin, two Gathers read the four corner
colours, row/column half tests pick a corner per cell, and one Equal decodes the colour code.

Corner variant (`crop<S>x<O>`): S the largest input side and O the largest output side of the fitted examples
(train and arc-gen; the generator draws inputs of at most 10 and outputs of at most 6 a side): a 2x2 Conv
dilated to 30-S reads the colour values of the S x S corner for the corner Gathers, a Slice of the black
channel reads the O x O inside, every map is O x O, and the one-hot answer is padded by the last op."""
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
                      aliases=("c3_cornerquads",), fit_splits=("train", "arc-gen")):
    """Output = the grid without its border; each coloured cell takes the colour of the grid corner in its quadrant."""

    def plans(self, examples):
        for b in (1, 2, 3):
            if all(o.shape == (i.shape[0] - 2 * b, i.shape[1] - 2 * b) for i, o in examples):
                yield b

    def rule(self, b, grid):
        return corner_quads(grid, b)

    def candidates(self, examples):
        b = self.fit(examples)
        if b is None:
            return
        yield self.name, self.build(b)
        side = max(max(i.shape) for i, _ in examples)
        out = max(max(o.shape) for _, o in examples)
        if side < N:
            yield f"{self.name}:crop{side}x{out}", self.build(b, (side, out))

    def build(self, b, sides=None):
        g = Graph()
        colours = g.const(np.arange(10, dtype=np.float32).reshape(1, 10, 1, 1), name="colours")
        if sides is None:
            value = g.Conv(g.input, colours, name="colour_value")
            n = N
        else:       # a 2x2 kernel dilated to 30-S reads only its (0, 0) tap on the S x S corner
            side, n = sides
            kernel = np.zeros((1, 10, 2, 2), np.float32)
            kernel[0, :, 0, 0] = np.arange(10)
            value = g.Conv(g.input, g.const(kernel, name="colour_w"), dilations=[N - side, N - side],
                           name="colour_value")
        k = g.const(np.arange(n, dtype=np.int64), name="arange")
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
        if sides is None:
            tap = np.zeros((1, 10, b + 1, b + 1), np.float32)
            tap[0, 1:, b, b] = 1
            coloured = g.Conv(g.input, g.const(tap, name="inner_w"), pads=[0, 0, b, b], name="inner_coloured")
            is_coloured = g.Greater(coloured, g.const(np.array([0.5], np.float32), name="half"), name="coloured")
        else:       # inside cells (all in the grid) are coloured where the black channel is off
            black = g.Slice(g.input, g.ints([0, b, b]), g.ints([1, b + n, b + n]), g.ints([1, 2, 3]),
                            name="inner_black")
            is_coloured = g.Less(black, g.const(np.array([0.5], np.float32), name="half"), name="coloured")
        code = g.Where(is_coloured, colour, g.const(np.zeros(1, np.float32), name="zero"), name="inner_code")
        inside = g.And(g.Unsqueeze(valid[2], axes=[1], name="inner_rows"), valid[3], name="inner")
        code = g.Where(inside, code, g.const(np.array([-1], np.float32), name="outside"), name="code")
        answer = g.Equal(code, colours, name="answer")
        if sides is not None:
            answer = g.Pad(answer, g.ints([0, 0, 0, 0, 0, 0, N - n, N - n]), name="to_canvas")
        return g.model(answer)
