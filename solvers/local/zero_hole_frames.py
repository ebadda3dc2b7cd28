"""Zero-hole frames: one rare colour draws a rectangular ring around an h x w all-black hole; the same ring is
drawn around every other h x w all-black window of the grid (the noise around it is never black over a whole
window elsewhere).

Graph: the ring's colour is the non-black colour with the fewest cells (a per-channel ReduceSum, ReduceMin);
its row and column profiles (two Einsums) give the ring's outer size h + 2 and w + 2 as their maxima. From these
scalars the graph builds its own kernels: an h x w box (a uint8 QLinearConv with that dynamic weight and the
dynamic bias 1 - h w counts the black cells per window of the black plane, which one cropping ConvTranspose
reads from the S x S square the grids fit less its rim (no hole touches it); the saturating uint8 output is 1 exactly at the holes' top-left
corners) and the (h+2) x (w+2) ring (a uint8 QLinearConv
spreads each mark to its ring). One Where paints the ring colour into `input`.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_graph import corner_plane
from .._common_grids import same_shape

MAX_HOLE = 5        # the generator draws holes of 2..5 rows and columns
MARKS = 26          # grids are at most 26 a side (so that a 5 x 5 window fits past every hole corner)


def ring_of(grid: np.ndarray):
    """(colour, h, w) of the single rare colour drawn as a ring around an h x w black hole, or None."""
    colours, counts = np.unique(grid, return_counts=True)
    kept = [(int(n), int(c)) for c, n in zip(colours, counts) if c != 0]
    kept.sort()
    if not kept or (len(kept) > 1 and kept[0][0] == kept[1][0]):
        return None
    colour = kept[0][1]
    rows, cols = np.nonzero(grid == colour)
    r0, r1, c0, c1 = rows.min(), rows.max(), cols.min(), cols.max()
    h, w = r1 - r0 - 1, c1 - c0 - 1
    if not (1 <= h <= MAX_HOLE and 1 <= w <= MAX_HOLE):
        return None
    box = np.zeros(grid.shape, bool)
    box[r0:r1 + 1, c0:c1 + 1] = True
    box[r0 + 1:r1, c0 + 1:c1] = False
    if not ((grid == colour) == box).all() or (grid[r0 + 1:r1, c0 + 1:c1] != 0).any():
        return None
    return colour, int(h), int(w)


def framed(grid: np.ndarray, side: int = MARKS):
    found = ring_of(grid)
    if found is None or max(grid.shape) > side:
        return None
    colour, h, w = found
    gh, gw = grid.shape
    out = grid.copy()
    black = grid == 0
    for r in range(gh - h + 1):
        for c in range(gw - w + 1):
            if black[r:r + h, c:c + w].all():
                if r == 0 or c == 0 or r + h == gh or c + w == gw:
                    return None             # its ring would leave the grid
                out[r - 1, c - 1:c + w + 1] = out[r + h, c - 1:c + w + 1] = colour
                out[r - 1:r + h + 1, c - 1] = out[r - 1:r + h + 1, c + w] = colour
    return out


class ZeroHoleFrames(Solver, name="zero_hole_frames", tasks=("task208",), refuses="task162"):
    """A rare colour frames one h x w all-black hole with a one-cell ring; every other h x w all-black window
    of the grid gets the same ring in that colour (hole size read from the ring in the input)."""

    def plans(self, examples):
        """The side S of the square the graph reads: the largest grid side when many examples reach it (the
        generator's bound), else MARKS."""
        if same_shape(examples) and all(ring_of(i) is not None for i, _ in examples):
            sides = [max(i.shape) for i, _ in examples]
            top = max(sides)
            yield top if top <= MARKS and sides.count(top) >= max(3, len(examples) // 20) else MARKS

    def rule(self, plan, grid):
        return framed(grid, plan)

    def build(self, plan):
        square = plan
        g = Graph()
        one, zero = g.const(np.float32(1), name="one"), g.const(np.uint8(0), name="zp")
        counts = g.ReduceSum(g.input, axes=[2, 3], keepdims=1, name="counts")              # [1,10,1,1]
        absent = np.zeros((1, 10, 1, 1), np.float32)
        absent[0, 0] = 1000                                                                # never black
        present = g.Greater(counts, g.const(np.float32(0.5), name="half"), name="present")
        ranked = g.Add(g.Where(present, counts, g.const(np.float32(1000), name="none")),
                       g.const(absent, name="no_black"), name="ranked")
        rare = g.Equal(ranked, g.ReduceMin(ranked, keepdims=1, name="fewest"), name="rare")
        ring_colour = g.Cast(rare, to=1, name="ring_colour")                               # [1,10,1,1]
        pick = g.Reshape(ring_colour, g.ints([1, 10]), name="pick")
        col_profile = g.Einsum(g.input, pick, equation="nchw,nc->nw", name="col_profile")
        row_profile = g.Einsum(g.input, pick, equation="nchw,nc->nh", name="row_profile")
        tall = g.ReduceMax(col_profile, keepdims=0, name="tall")                          # h + 2
        wide = g.ReduceMax(row_profile, keepdims=0, name="wide")                          # w + 2
        # hole box: k < h  <=>  h + 2 > k + 2
        steps = np.arange(MAX_HOLE, dtype=np.float32) + 2.5
        box_r = g.Cast(g.Greater(tall, g.const(steps.reshape(1, 1, -1, 1), name="box_r_at"), name="box_r_b"),
                       to=1, name="box_r")
        box_c = g.Cast(g.Greater(wide, g.const(steps.reshape(1, 1, 1, -1), name="box_c_at"), name="box_c_b"),
                       to=1, name="box_c")
        box = g.Cast(g.Mul(box_r, box_c, name="box2"), to=2, name="box")                   # uint8 [1,1,5,5]
        two = g.const(np.float32(2), name="two")
        area = g.Mul(g.Sub(tall, two, name="hole_h"), g.Sub(wide, two, name="hole_w"), name="area_f")  # h * w
        # bias 1 - h w: a window's black count less h w, plus 1, is 1 on a hole and at most 0 elsewhere, where the
        # uint8 output saturates: the marks come straight out of the window count
        bias = g.Reshape(g.Cast(g.Sub(g.const(np.float32(1), name="one_cell"), area, name="bias_f"), to=6,
                                name="bias_i32"), g.ints([1], name="bias_shape"), name="hole_bias")   # int32 [1]
        # the grid's rim never holds a hole cell (the rule refuses a hole whose ring would leave the grid): the black
        # plane covers rows and columns 1 .. S - 2 only
        black = g.Cast(corner_plane(g, np.eye(10)[0], (square - 1, square - 1), "black_f", origin=(1, 1)), to=2,
                       name="black")                                                       # [1,1,S-2,S-2]
        marks = g.QLinearConv(black, one, zero, box, one, zero, one, zero, bias,
                              pads=[0, 0, MAX_HOLE - 1, MAX_HOLE - 1], name="marks")      # uint8 [1,1,S,S] 0/1
        # ring kernel (flipped, a 7 x 7 Conv padded 5 before): offset d = 5 - k runs over -1..h
        k = np.arange(MAX_HOLE + 2, dtype=np.float32)
        inner_at = np.where(k <= MAX_HOLE, 7.5 - k, 99).astype(np.float32)

        def side(size, at, shape, tag):
            return g.Greater(size, g.const(at.reshape(shape), name=tag + "_at"), name=tag)

        rows, cols = (1, 1, -1, 1), (1, 1, 1, -1)
        outer = g.And(side(tall, 6.5 - k, rows, "outer_r"), side(wide, 6.5 - k, cols, "outer_c"), name="outer")
        inner = g.And(side(tall, inner_at, rows, "inner_r"), side(wide, inner_at, cols, "inner_c"), name="inner")
        ring = g.Cast(g.Xor(outer, inner, name="ring_b"), to=2, name="ring")              # [1,1,7,7] uint8
        pad_end = 30 - (square - 2) + (MAX_HOLE + 1) - (MAX_HOLE + 1)     # marks start at grid row / column 1
        spread = g.QLinearConv(marks, one, zero, ring, one, zero, one, zero,
                               pads=[MAX_HOLE + 1, MAX_HOLE + 1, pad_end, pad_end], name="spread")  # [1,1,30,30]
        paint = g.Cast(spread, to=9, name="paint")
        return g.model(g.Where(paint, ring_colour, g.input))
