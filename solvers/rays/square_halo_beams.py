"""Square halo beams: solid squares of one colour (side 2R, R <= 5, possibly cut off at the top or bottom
edge, never at the sides) on background 0 each get a halo of another colour R cells wide around them, and
a beam of a third colour as wide as the square runs from it down to the bottom edge; square over halo over
beam.

A square is cut only vertically, so its width (the length of its horizontal runs) gives R; R is sized from
the generator (radius 1..factor-1, factor <= 6). Graph, uint8 on the square-colour plane: one QLinearConv
with one 1x2R window per R marks the cells that start a full run of length >= 2R (count - 2R + 1,
saturating at 0); one QLinearConv with a (2R+1)x4R box per R dilates each to the halo of a radius-R square
(a larger square also fires every smaller R, whose halo lies inside its own, so the union is exact); a
30-tall column QLinearConv counts square cells at or above a cell (the beam). The square plane is 1 on the
square, 255 elsewhere (a 1x1 Conv, QuantizeLinear); the halo and beam convolutions saturate (output scale 1/100):
halo 255 / else 2, beam 0 / else 3, so their Max is halo 255, beam 2, background 3 with no capping Min; one Min
with the square plane and the grid's rows and columns (0 outside) and one Equal against the palette write the
output.
"""
from __future__ import annotations

import numpy as np
from onnx import TensorProto

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import same_shape

MAX_R = 5          # the generator draws radius 1..factor-1 with factor <= 6


def _radii(mask):
    """Per cell of `mask`, the half length of its horizontal run; None where a run has odd length or R > MAX_R."""
    h, w = mask.shape
    rad = np.zeros((h, w), int)
    for r in range(h):
        c = 0
        while c < w:
            if not mask[r, c]:
                c += 1
                continue
            e = c
            while e < w and mask[r, e]:
                e += 1
            n = e - c
            if n % 2 or n // 2 > MAX_R:
                return None
            rad[r, c:e] = n // 2
            c = e
    return rad


def paint(grid, square, halo, beam):
    if not set(np.unique(grid).tolist()) <= {0, square}:
        return None
    mask = grid == square
    rad = _radii(mask)
    if rad is None:
        return None
    h, w = grid.shape
    halo_m = np.zeros((h, w), bool)
    for r, c in zip(*np.nonzero(mask)):
        k = rad[r, c]
        halo_m[max(0, r - k):r + k + 1, max(0, c - k):c + k + 1] = True
    beam_m = np.maximum.accumulate(mask, axis=0)
    out = np.zeros_like(grid)
    out[beam_m] = beam
    out[halo_m] = halo
    out[mask] = square
    return out


class SquareHaloBeams(Solver, name="square_halo_beams", tasks=("task349",), refuses="task095"):
    """Same-shape grids where solid squares of one colour (side 2R, possibly cut off at the top or bottom edge)
    on background 0 each get a halo R cells wide of a second colour, and a beam of a third colour as wide as
    the square runs from it down to the bottom edge; square over halo over beam."""

    def plans(self, examples):
        if not same_shape(examples):
            return
        ins = {int(v) for x, _ in examples for v in np.unique(x)} - {0}
        outs = {int(v) for _, y in examples for v in np.unique(y)} - {0} - ins
        if len(ins) != 1 or len(outs) != 2:
            return
        square = ins.pop()
        for halo in sorted(outs):
            yield square, halo, (outs - {halo}).pop()

    def rule(self, plan, grid):
        return paint(grid, *plan)

    def build(self, plan):
        square, halo, beam = plan
        g = Graph()
        # the square as a one-byte plane: 1 on it, 255 elsewhere (a 1x1 Conv of the input, bias 255); the
        # convolutions read it less its zero point 255 at scale 1/254, i.e. -1 on the square
        w0 = np.zeros((1, 10, 1, 1), np.float32)
        w0[0, square] = -254
        plane = g.Conv(g.input, g.const(w0, name="square_w"), g.const(np.float32([255]), name="square_b"),
                       name="square_code")
        one, zero = g.floats(1.0, name="scale"), g.const(np.uint8(0), name="zero")
        sq = g.QuantizeLinear(plane, one, zero, name="sq8")                             # uint8 1 / 255
        unit, off = g.floats(1.0 / 254, name="k"), g.const(np.uint8(255), name="off")
        zero_i8, fine = g.const(np.int8(0), name="zero_i8"), g.floats(0.01, name="fine")

        def qconv(x, w, bias, pads, name, y_scale=one, y_zero=zero):
            """uint8 Conv: sum x w + bias, saturated; on sq (x -1 on the square) with int8 weights, the bias in
            its units (1/254)."""
            on_sq = x == sq
            return g.QLinearConv(x, unit if on_sq else one, off if on_sq else zero, g.const(w, name=name + "_w"),
                                 one, zero_i8 if on_sq else zero, y_scale, y_zero,
                                 g.const(np.int32(bias) * (254 if on_sq else 1), name=name + "_b"), pads=pads,
                                 name=name)

        # run starts: channel R-1 is count(square cells in [j, j+2R)) - 2R + 1, saturating at 0: 1 = full window
        w1 = np.zeros((MAX_R, 1, 1, 2 * MAX_R), np.int8)
        for r in range(1, MAX_R + 1):
            w1[r - 1, 0, 0, :2 * r] = -1
        starts = qconv(sq, w1, [-(2 * r - 1) for r in range(1, MAX_R + 1)], [0, 0, 0, 2 * MAX_R - 1], "starts")
        # halo of a run start s (radius R): rows i-R..i+R, columns s-R..s+3R-1; offset d = s - j in [-3R+1, R];
        # at output scale 1/100 any hit saturates: 255 on the halo, its zero point 2 elsewhere
        kw, left = 4 * MAX_R, 3 * MAX_R - 1
        w2 = np.zeros((1, MAX_R, 2 * MAX_R + 1, kw), np.uint8)
        for r in range(1, MAX_R + 1):
            w2[0, r - 1, MAX_R - r:MAX_R + r + 1, left - 3 * r + 1:left + r + 1] = 3
        halo_code = qconv(starts, w2, [0], [MAX_R, left, MAX_R, kw - 1 - left], "halo", fine,
                          g.const(np.uint8(2), name="two"))                             # 255 halo, else 2
        # beam: 3 - 100 (square cells at or above), saturating: 0 on the beam, 3 elsewhere
        w3 = np.ones((1, 1, 30, 1), np.int8)
        beam_code = qconv(sq, w3, [0], [29, 0, 0, 0], "beam", fine, g.const(np.uint8(3), name="three"))
        # inside the grid: its rows and columns (255), so code is 0 outside
        k = g.floats(1.0 / 255, name="k255")
        rows = g.QuantizeLinear(g.ReduceMax(g.input, axes=[1, 3], keepdims=1, name="row_any"), k, zero,
                                name="rows8")
        cols = g.QuantizeLinear(g.ReduceMax(g.input, axes=[1, 2], keepdims=1, name="col_any"), k, zero,
                                name="cols8")
        # halo 255 over beam 2 over background 3; the square's 1 and the outside's 0 win the Min
        code = g.Min(g.Max(halo_code, beam_code, name="top"), sq, rows, cols, name="code")
        pal = np.full((1, 10, 1, 1), 200, np.uint8)
        pal[0, 0], pal[0, beam], pal[0, halo], pal[0, square] = 3, 2, 255, 1
        return g.model(g.Equal(code, g.const(pal, name="palette")))
