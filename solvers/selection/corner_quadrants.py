"""Corner quadrants: the grid's inside (a border of width b removed) is the output; its coloured cells
take the colour found in the grid corner of their quadrant.

Graph: one Conv reads the inner cells already shifted to the origin, two Gathers read the four corner
colours, row/column half tests pick a corner per cell, and one Equal decodes the colour code.

Corner variant (`crop<S>x<O>`): S the largest input side and O the largest output side of the fitted examples
(train and arc-gen; the generator draws inputs of at most 10 and outputs of at most 6 a side): a 2x2 Conv
dilated to 30-S reads the colour values of the S x S corner for the corner Gathers, a Slice of the black
channel reads the O x O inside, every map is O x O, and the one-hot answer is padded by the last op.

Einsum variant (`einsum<O>`): one Einsum writes `output` from the input read twice (the inside cells, and the
corners' colours over fixed corner regions) and per-axis quadrant halves; see `build_einsum`."""
from __future__ import annotations

import numpy as np

from onnx import TensorProto

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
        if out + b < N:
            border = {int(i[b - 1, b - 1]) for i, _ in examples}
            inside = {int(v) for i, _ in examples for v in np.unique(i[b:i.shape[0] - b, b:i.shape[1] - b])} - {0}
            corners = {int(i[r, c]) for i, _ in examples for r in (0, -1) for c in (0, -1)}
            regions = [(slice(None, b + 1), slice(None, b + 1)), (slice(None, b + 1), slice(b + 1, None)),
                       (slice(b + 1, None), slice(None, b + 1)), (slice(b + 1, None), slice(b + 1, None))]
            black_everywhere = all((i[r, c] == 0).any() for i, _ in examples for r, c in regions)
            if len(border) == 1 and not (border | inside) & corners and 0 not in border | corners \
                    and black_everywhere:
                yield f"{self.name}:einsum{out}", self.build_einsum(b, out, sorted(border | inside))

    def build_einsum(self, b, n, skip):
        """One Einsum writes `output`, reading `input` twice, for insides of at most n a side (the examples'
        largest output, fit on train and arc-gen; the generator draws at most 6). An inside cell (R,S) =
        (k+b, l+b) is written at (k,l) through [30,n] shift and [n,30] embedding maps; its quadrant is
        Half[u,k] = [2k < h] / [2k >= h] (h = H - 2b the inside's side, the same on both axes: exact on square
        grids, as the generator draws them), and `valid` [k < h] bounds it. A coloured cell (any colour but 0)
        takes term 0: the input read over the quadrant's corner region on the colours that are neither 0, the
        border's nor the inside's (the corner's colour, the only such cell there); a black cell term 1, the
        region's black cells on channel 0 (at least one: the count is > 0). The corner regions are fixed: rows
        (columns) up to b and from b + 1 on, which hold one corner each (the examples' grids are at least
        2b + 2 a side). Border and inside colours are those of the examples' inputs at (b-1, b-1) and the
        coloured inside cells (skip); offered when no example's corner has one of them or black and every
        corner region of every example has a black cell."""
        g = Graph()
        side = g.Cast(g.Add(last_index(g, 2, TensorProto.FLOAT), g.floats([1], name="one"), name="side_f"),
                      to=1, name="side")                                                          # [1]
        inside_side = g.Sub(side, g.floats([2 * b], name="border2"), name="inside_side")
        twice = np.stack([2 * np.arange(n), -2 * np.arange(n)]).astype(np.float32)                    # [2,n]
        limit = g.Add(g.Mul(inside_side, g.floats([[1], [-1]], name="half_sign"), name="signed_side"),
                      g.floats([[0], [1]], name="half_shift"), name="half_limit")                   # [2,1]
        half = g.Cast(g.Less(g.const(twice, name="twice_line"), limit, name="half_b"), to=1, name="half")  # [2,n]
        region = np.zeros((2, N), np.float32)               # [u, row]: the corner regions
        region[0, :b + 1] = 1
        region[1, b + 1:] = 1
        shift = np.zeros((N, n), np.float32)
        shift[np.arange(n) + b, np.arange(n)] = 1
        src = np.zeros((10, 2), np.float32)                 # [x, term]: 0 -> term 1, other colours -> term 0
        src[0, 1] = 1
        src[1:, 0] = 1
        read = np.zeros((2, 10), np.float32)                # [term, colour read over the corner region]
        read[0] = 1
        read[0, [0, *skip]] = 0
        read[1, 0] = 1
        S, E = g.const(shift, name="shift"), g.const(np.eye(n, N, dtype=np.float32), name="embed")
        corner_region = g.const(region, name="corner_region")
        valid = g.Cast(g.Less(g.floats(np.arange(n), name="inside_index"), inside_side, name="valid_b"),
                       to=1, name="valid")                                                        # [n]
        # the corner colours first (small partial products), then the inside cells
        return g.model(g.Einsum(g.input, corner_region, corner_region, g.const(read, name="read_colours"), g.input,
                                g.const(src, name="source_term"), S, S, half, half, valid, valid, E, E,
                                equation="bcPQ,uP,vQ,tc,bxRS,xt,Rk,Sl,uk,vl,k,l,ki,lj->bcij"))

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
