"""Pinwheel core: a pinwheel is drawn around a solid core (a filled 3x3 block centred on a cell, or, when no
such block exists, a filled 2x2 block centred on a grid corner) with some of its arms left out in some
quarters; the output is the union of the input's four quarter turns about the core's centre.

The core is the part of the pinwheel the generator always draws in all four quarters, so its centre is
the centre of the turn; everything else may be missing from any quarter. Each orbit of a quarter turn
carries one colour, so the union is the largest colour code over the four turns.

Graph, on the S x S square the examples share (read off the canvas by dilated 2x2 Convs): the colour
code plane (uint8) and the occupied plane; two uint8 QLinearConvs count occupied cells in every 3x3 and 2x2 window;
ArgMax over the row and column profiles of the counts finds the fullest windows; twice the centre (Y, X)
is chosen by whether some 3x3 count reaches 9; the three turns are Gathers of the code plane (and its
transpose), bordered by one zero cell that out-of-grid sources are clipped onto, with indices computed
from (Y, X); Max of the four planes is decoded by `decode_code` (colour + 1: one QLinearConv whose padding
reaches the canvas).
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import same_shape
from ..local._code_decode import decode_code


def core_centre(grid: np.ndarray):
    """Twice the (row, col) of the core's centre, or None when the core is not unique."""
    occ = grid > 0
    h, w = grid.shape
    full3 = [(r, c) for r in range(1, h - 1) for c in range(1, w - 1) if occ[r - 1:r + 2, c - 1:c + 2].all()]
    if full3:
        if len(full3) != 1:
            return None
        r, c = full3[0]
        return 2 * r, 2 * c
    full2 = [(r, c) for r in range(h - 1) for c in range(w - 1) if occ[r:r + 2, c:c + 2].all()]
    if len(full2) != 1:
        return None
    r, c = full2[0]
    return 2 * r + 1, 2 * c + 1


def turns(grid: np.ndarray, y2: int, x2: int) -> np.ndarray:
    """The largest colour over the grid and its three quarter turns about the half-cell point (y2/2, x2/2)."""
    h, w = grid.shape
    s, d = (y2 + x2) // 2, (x2 - y2) // 2
    out = grid.copy()
    for r in range(h):
        for c in range(w):
            for rr, cc in ((s - c, r + d), (y2 - r, x2 - c), (c - d, s - r)):
                if 0 <= rr < h and 0 <= cc < w:
                    out[r, c] = max(out[r, c], grid[rr, cc])
    return out


class PinwheelCore(Solver, name="pinwheel_core", tasks=("task361",), refuses="task001"):
    """Square grids holding one pinwheel with a solid core (filled 3x3 block, else filled 2x2 block) whose arms are
    drawn in only some quarters: the output completes it as the union of its four quarter turns about the core."""

    def plans(self, examples):
        """The side S: every grid is S x S, background 0, and the output grows from the input."""
        if not same_shape(examples):
            return
        sides = {i.shape for i, _ in examples}
        if len(sides) != 1:
            return
        h, w = sides.pop()
        if h != w:
            return
        yield h

    def rule(self, side, grid):
        if grid.shape != (side, side):
            return None
        centre = core_centre(grid)
        if centre is None:
            return None
        return turns(grid, *centre)

    def build(self, side):
        s = side
        g = Graph()
        def read(weights, tag):                      # a 1x1 reading of the canvas, cropped to S x S
            w = np.zeros((1, 10, 2, 2), np.float32)
            w[0, :, 0, 0] = weights
            if s < 30:
                return g.Conv(g.input, g.const(w, name=f"{tag}_w"), kernel_shape=[2, 2], dilations=[30 - s] * 2,
                              name=tag)
            return g.Conv(g.input, g.const(w[:, :, :1, :1], name=f"{tag}_w"), kernel_shape=[1, 1], name=tag)

        code = g.Cast(read(np.arange(10), "code_f"), to=2, name="code")                  # uint8 [1,1,S,S]
        occupied = g.Min(code, g.const(np.uint8(1), name="u1"), name="occupied")          # uint8 0/1
        q = [g.const(np.float32(1), name="scale"), g.const(np.uint8(0), name="zero")]
        count3 = g.QLinearConv(occupied, *q, g.const(np.ones((1, 1, 3, 3), np.uint8), name="w3"), *q, *q,
                               pads=[1, 1, 1, 1], name="count3")                          # 9 at a full 3x3's centre
        count2 = g.QLinearConv(occupied, *q, g.const(np.ones((1, 1, 2, 2), np.uint8), name="w2"), *q, *q,
                               name="count2")                                             # 4 at a full 2x2's corner
        two, one = g.ints([2], name="two"), g.ints([1], name="one")

        def locate(count, tag):                      # twice the (row, col) of the window with the largest count
            row = g.ArgMax(g.ReduceMax(count, axes=[3], keepdims=0, name=f"{tag}_rows"), axis=2, keepdims=0,
                           name=f"{tag}_r")                                                 # int64 [1,1]
            col = g.ArgMax(g.ReduceMax(count, axes=[2], keepdims=0, name=f"{tag}_cols"), axis=2, keepdims=0,
                           name=f"{tag}_c")
            return g.Mul(row, two, name=f"{tag}_y"), g.Mul(col, two, name=f"{tag}_x")

        y3, x3 = locate(count3, "f3")
        y2, x2 = locate(count2, "f2")
        has3 = g.Greater(g.ReduceMax(count3, axes=[1, 2, 3], keepdims=0, name="max3"),
                         g.const(np.array([8], np.uint8), name="eight"), name="has3")                          # bool [1]
        y = g.Reshape(g.Where(has3, y3, g.Add(y2, one, name="y2c")), g.ints([1], name="shape1"), name="y")
        x = g.Reshape(g.Where(has3, x3, g.Add(x2, one, name="x2c")), g.ints([1], name="shape1"), name="x")
        sum_ = g.Div(g.Add(y, x, name="yx"), two, name="s")
        dif = g.Div(g.Sub(x, y, name="xy"), two, name="d")
        ar = g.ints(np.arange(s), name="ar")
        ar1 = g.ints(np.arange(s) + 1, name="ar1")
        lo, hi = g.ints(0, name="lo"), g.ints(s + 1, name="hi")
        # one zero cell around the plane: a source outside the grid is clipped onto it
        padded = g.Pad(code, g.ints([0, 0, 1, 1, 0, 0, 1, 1], name="pads"), name="padded")  # uint8 [1,1,S+2,S+2]
        trans = g.Transpose(padded, perm=[0, 1, 3, 2], name="trans")
        clip = lambda t, n: g.Clip(t, lo, hi, name=n)
        minus = lambda a, b, n: clip(g.Add(g.Sub(a, b, name=n + "_"), one, name=n + "_1"), n)  # a - b, shifted

        def gather2(plane, rows, cols, tag):
            return g.Gather(g.Gather(plane, rows, axis=2, name=f"{tag}_rows"), cols, axis=3, name=tag)

        t1 = gather2(trans, clip(g.Add(ar1, dif, name="r1_"), "r1"), minus(sum_, ar, "c1"), "turn1")  # in[s-c][r+d]
        t2 = gather2(padded, minus(y, ar, "r2"), minus(x, ar, "c2"), "turn2")                          # in[Y-r][X-c]
        t3 = gather2(trans, minus(sum_, ar, "r3"), clip(g.Sub(ar1, dif, name="c3_"), "c3"), "turn3")  # in[c-d][s-r]
        union = g.Max(code, t1, t2, t3, name="union")
        if s < 30:      # colour 0..9 (255 none): one padding QLinearConv where the window is small
            return g.model(decode_code(g, union, (s, s), plus_one=True))
        return g.model(g.Equal(union, g.const(np.arange(10, dtype=np.uint8).reshape(1, 10, 1, 1), name="colours")))
