"""Ringed colour: the answer is the colour of the cell whose eight neighbours all hold one other colour
(the centre of a ring); the output is a fixed-size grid filled with it.

Graph: on the colour-code map, ring sums of values and of squared values (two Convs) test that the 8
neighbours share one colour (zero variance) other than the centre's; the colour present there (one
Einsum) And the fixed output shape writes the output.

Cheaper variant on the inputs' largest extent H x W (fitted on train and arc-gen, so the extent is the
generator's: task346's grids are at most 12 x 12; exact for every grid within it, and the build keeps it
only if it passes the fresh examples too): a uint8 colour code of the H x W corner from one dilated Conv
(8 x the colour, 0 for black and off the grid); on the (H-2) x (W-2) cells that have eight neighbours (no
padding), the ring's maximum from two dilated MaxPools (rows r-1 and r+1 three wide, columns c-1 and c+1
three high; floored at 8 by the same Max) and its colours' sum from one uint8 QLinearConv (output scale 8):
the ring is one colour, not black, exactly when that sum equals the floored maximum (a black ring sums to
0 < 8). The centre's code where the ring is coloured and differs from it (the largest, should several
qualify, where the rule has no answer) is decoded against 0..9, expanded to the output shape and padded to
the canvas by the last op.

Two-colour variant (task346's generator draws two colours; `build_signs`): one Conv of the input with a
run-time signed ring kernel and the Conv's extremes give the answer with no code plane."""
from __future__ import annotations

import numpy as np
from onnx import TensorProto

from neurogolf.graph import Graph

from .. import Solver
from .._common_graph import colour_code, corner_plane
from .._common_grids import N, fixed_out_shape


def ringed_colours(grid):
    h, w = grid.shape
    found = set()
    for r in range(1, h - 1):
        for c in range(1, w - 1):
            nb = np.delete(grid[r - 1:r + 2, c - 1:c + 2].ravel(), 4)
            if grid[r, c] and nb[0] and nb[0] != grid[r, c] and np.all(nb == nb[0]):
                found.add(int(grid[r, c]))
    return found


class RingedColour(Solver, name="ringed_colour", tasks=("task346",), refuses="task048", aliases=("c3_ringed",),
                   fit_splits=("train", "arc-gen")):
    """Output = a fixed-size grid filled with the colour of the cell that is completely ringed (all 8 neighbours) by
    one other colour."""

    def plans(self, examples):
        shape = fixed_out_shape(examples)
        if shape is not None:
            yield shape

    def rule(self, shape, grid):
        found = ringed_colours(grid)
        return np.full(shape, found.pop()) if len(found) == 1 else None

    def candidates(self, examples):
        shape = self.fit(examples)
        if shape is None:
            return
        yield self.name, self.build(shape)
        h, w = (max(i.shape[a] for i, _ in examples) for a in (0, 1))
        if h < N or w < N:
            yield f"{self.name}:crop{h}x{w}", self.build_cropped(shape, h, w)
            if all(len(set(np.unique(i).tolist()) - {0}) == 2 for i, _ in examples):
                yield f"{self.name}:signs{h}x{w}", self.build_signs(shape, h, w)

    def build_signs(self, shape, h, w):
        """Grids of two colours besides black (task346's generator draws two), at most h x w cells: each colour
        reads as s = twice its index less the two colours' indices (-d and +d, black 0). One Conv of the input with the
        run-time kernel s x (ring -1, centre +8), cropped to the (h-2) x (w-2) cells with eight neighbours,
        gives F = 8 s(centre) - sum of s over the ring, in [-16 d, 16 d]: -16 d only at a centre of the
        smaller colour ringed by the larger, +16 d the other way round (seven ring cells give at most 15 d).
        So min F + max F has the sign of the answer's s, and the answer is s x (min F + max F) on the colours
        present, written at the output shape by the last op."""
        g = Graph()
        nonblack = np.ones(10, np.float32)
        nonblack[0] = 0
        nb = g.const(nonblack, name="nonblack")
        present = g.ReduceMax(g.input, axes=[2, 3], keepdims=0, name="present")               # [1,10]
        index_sum = g.Einsum(present, g.const((np.arange(10, dtype=np.float32) * nonblack)[:, None], name="indices"),
                             equation="bc,cx->bx", name="index_sum")                             # [1,1]: A + B
        offset = g.Sub(g.const(2 * np.arange(10, dtype=np.float32)[None], name="twice_index"), index_sum,
                       name="offset")                                                        # [1,10]: 2c - A - B
        ring = -np.ones((3, 3), np.float32)
        ring[1, 1] = 8
        kernel = g.Einsum(offset, nb, g.const(ring, name="ring"), equation="bc,c,ij->bcij", name="kernel")
        f = g.Conv(g.input, kernel, pads=[0, 0, h - N, w - N], name="ring_contrast")          # [1,1,h-2,w-2]
        total = g.Add(g.ReduceMax(f, keepdims=1, name="top"), g.ReduceMin(f, keepdims=1, name="bottom"),
                      name="extremes")                                                      # [1,1,1,1]
        answer = g.Einsum(present, offset, nb, total, equation="bc,bc,c,bkxy->bcxy", name="answer")  # [1,10,1,1]
        oh, ow = shape
        if (oh, ow) != (1, 1):
            answer = g.Expand(answer, g.ints([1, 10, oh, ow], name="out_shape"), name="answer_area")
        return g.model(g.Pad(answer, g.ints([0, 0, 0, 0, 0, 0, N - oh, N - ow], name="to_canvas")))

    def build_cropped(self, shape, h, w):
        """The rule on grids of at most h x w cells (see the module docstring)."""
        g = Graph()
        u8 = lambda v, name: g.const(np.uint8(v), name=name)
        code = g.Cast(corner_plane(g, 8 * np.arange(10), (h, w), "colour_code"), to=TensorProto.UINT8,
                      name="code")                                             # [1,1,h,w]: 8 x colour, 0 black or off
        # every map below covers the (h-2) x (w-2) cells that have all eight neighbours (no padding)
        above_below = g.MaxPool(code, kernel_shape=[2, 3], dilations=[2, 1], name="above_below_max")  # rows r+-1
        beside = g.MaxPool(code, kernel_shape=[3, 2], dilations=[1, 2], name="beside_max")        # columns c+-1
        ring_max = g.Max(above_below, beside, u8(8, "eight"), name="ring_max")  # 8 x max(ring colour, 1)
        ring = np.ones((1, 1, 3, 3), np.uint8)
        ring[0, 0, 1, 1] = 0
        one, zero = g.const(np.float32(1), name="scale"), u8(0, "zero")
        ring_sum = g.QLinearConv(code, one, zero, g.const(ring, name="ring"), one, zero,
                                 g.const(np.float32(8), name="eighth"), zero,
                                 name="ring_sum")                              # the ring's colours summed, <= 72
        centre = g.Slice(code, g.ints([1, 1], name="inner_start"), g.ints([h - 1, w - 1], name="inner_end"),
                         g.ints([2, 3], name="inner_axes"), name="centre")
        # eight colours no larger than their maximum sum to 8 x maximum exactly when all equal it; a black ring
        # sums to 0, below its floor of 8
        full = g.Equal(ring_sum, ring_max, name="full_ring")
        ringed = g.Where(full, centre, zero, name="ringed_code")
        centre = g.Where(g.Equal(centre, ring_max, name="same_as_ring"), zero, ringed, name="centre_code")
        found = g.ReduceMax(centre, axes=[2, 3], keepdims=1,
                            name="found")                                      # a black centre reads 0: no answer
        answer = g.Equal(found, g.const(8 * np.arange(10, dtype=np.uint8).reshape(1, 10, 1, 1), name="colours"),
                         name="answer")                                        # [1,10,1,1]
        oh, ow = shape
        if (oh, ow) != (1, 1):
            answer = g.Expand(answer, g.ints([1, 10, oh, ow], name="out_shape"), name="answer_area")
        return g.model(g.Pad(answer, g.ints([0, 0, 0, 0, 0, 0, N - oh, N - ow], name="to_canvas")))

    def build(self, shape):
        """Ring cells all one colour <=> the ring's values have zero variance: 8 * sum(v^2) == sum(v)^2."""
        g = Graph()
        _, value = colour_code(g)                                     # colour inside, -1 outside
        ring = np.ones((1, 1, 3, 3), np.float32)
        ring[0, 0, 1, 1] = 0
        ring = g.const(ring, name="ring")
        total = g.Conv(value, ring, pads=[1, 1, 1, 1], name="ring_sum")
        squares = g.Conv(g.Mul(value, value, name="value_sq"), ring, pads=[1, 1, 1, 1], name="ring_sq_sum")
        spread = g.Sub(g.Mul(squares, g.const(np.array([8], np.float32), name="eight")),
                       g.Mul(total, total, name="sum_sq"), name="ring_spread")
        zero = g.const(np.zeros(1, np.float32), name="zero")
        half = g.const(np.array([0.5], np.float32), name="half")
        centre = g.And(g.And(g.Equal(spread, zero, name="one_colour_ring"),
                             g.Greater(total, half, name="coloured_ring"), name="full_ring"),
                       g.And(g.Greater(value, half, name="coloured_centre"),
                             g.Not(g.Equal(g.Mul(value, g.const(np.array([8], np.float32), name="eight")), total,
                                           name="same_as_ring"), name="other_colour"), name="centre_ok"),
                       name="centre")
        found = g.Einsum(g.input, g.Cast(centre, to=TensorProto.FLOAT, name="centre_f"),
                         equation="bchw,bxhw->bc", name="centre_colours")                        # [1,10]
        nonbg = np.ones((1, 10), np.float32)
        nonbg[0, 0] = 0
        colour = g.Greater(g.Mul(found, g.const(nonbg, name="nonbg")), half, name="answer")
        area = np.zeros((1, 1, N, N), bool)
        area[0, 0, :shape[0], :shape[1]] = True
        return g.model(g.And(g.Unsqueeze(colour, axes=[2, 3], name="answer4"), g.const(area, name="out_shape")))
