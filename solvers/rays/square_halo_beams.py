"""Square halo beams: solid squares of one colour (side 2R, R <= 5, possibly cut off at the top or bottom
edge, never at the sides) on background 0 each get a halo of another colour R cells wide around them, and
a beam of a third colour as wide as the square runs from it down to the bottom edge; square over halo over
beam.

A square is cut only vertically, so its width (the length of its horizontal runs) gives R. Graph: one Conv
with one 1x2R window per R finds the cells that start a full run of length >= 2R (count - 2R + 1, Relu:
exactly 0/1); one Conv with a (2R+1)x4R box per R dilates each to the halo of a radius-R square (a larger
square also fires the smaller R, whose halo is inside its own, so the union is exact); a 30-tall column
Conv counts square cells at or above a cell (the beam). The answer's colour code is the Max of the three
paints plus one, minus 100 outside the grid, and one Equal against the palette writes the output.
"""
from __future__ import annotations

import numpy as np

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
        # runs: channel R-1 is count(square cells in [j, j+2R)) - 2R + 1, > 0 only when the window is full
        w1 = np.zeros((MAX_R, 10, 1, 2 * MAX_R), np.float32)
        for r in range(1, MAX_R + 1):
            w1[r - 1, square, 0, :2 * r] = 1
        b1 = np.float32([-(2 * r - 1) for r in range(1, MAX_R + 1)])
        runs = g.Conv(g.input, g.const(w1, name="run_w"), g.const(b1, name="run_b"),
                      pads=[0, 0, 0, 2 * MAX_R - 1], name="runs")
        starts = g.Relu(runs, name="starts")
        # halo of a run start s (radius R): rows i-R..i+R, columns s-R..s+3R-1; offset d = s - j in [-3R+1, R]
        kw = 4 * MAX_R
        left = 3 * MAX_R - 1
        w2 = np.zeros((1, MAX_R, 2 * MAX_R + 1, kw), np.float32)
        for r in range(1, MAX_R + 1):
            for d in range(-3 * r + 1, r + 1):
                w2[0, r - 1, MAX_R - r:MAX_R + r + 1, d + left] = 3
        hs = g.Conv(starts, g.const(w2, name="halo_w"), g.const(np.float32([0]), name="zero_b"),
                    pads=[MAX_R, left, MAX_R, kw - 1 - left], name="halo_score")
        h3 = g.Min(hs, g.const(np.float32(3), name="three"), name="halo3")
        # beam: square cells at or above, capped at 1
        w3 = np.zeros((1, 10, 30, 1), np.float32)
        w3[0, square, :, 0] = 1
        bs = g.Conv(g.input, g.const(w3, name="beam_w"), g.const(np.float32([0]), name="zero_b"),
                    pads=[29, 0, 0, 0], name="beam_score")
        b1_ = g.Min(bs, g.const(np.float32(1), name="one"), name="beam1")
        # 9 * square, and 100 * inside - 99
        w4 = np.zeros((2, 10, 1, 1), np.float32)
        w4[0, square] = 9
        w4[1, :] = 100
        sq = g.Conv(g.input, g.const(w4, name="pix_w"), g.const(np.float32([0, -99]), name="pix_b"), name="pix")
        sq9, inside = g.Split(sq, axis=1, split=[1, 1], outputs=2, name="pix_split")
        top = g.Max(h3, b1_, sq9, name="top")
        code = g.Add(top, inside, name="code")
        pal = np.zeros((1, 10, 1, 1), np.float32)
        pal[0, :, 0, 0] = -50
        pal[0, 0] = 1
        pal[0, beam] = 2
        pal[0, halo] = 4
        pal[0, square] = 10
        return g.model(g.Equal(code, g.const(pal, name="palette")))
