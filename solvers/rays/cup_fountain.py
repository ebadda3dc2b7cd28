"""Cup fountain: one hollow box of one colour has a gap in one of its sides; its inside is filled with a new
colour, a straight beam as wide as the gap runs from the gap out to the grid's edge, and from each end of
the gap a diagonal ray runs outward (away from the box and away from the gap) to the edge.

Graph (on the side x side square the generator's grids fit, read by one dilated Conv): the box's bounding
box is the outer product of its row and column profiles; a Conv finds the bounding box's four sides
(cell in, neighbour out: Relu), times background they are the gap, per side; a Conv finds the gap's two
ends, one plane per diagonal direction its ray takes; one Conv with one 19x19 kernel per channel draws the
beams (from the gap cells) and the diagonal rays (from the ends); with the inside (bounding box less its
sides) and inside the grid it is the painted mask, padded back to the canvas for one Where into `input`.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_graph import corner_plane
from .._common_grids import same_shape

# outward direction of a side, and its lateral axis (from the first end to the second)
SIDES = [((-1, 0), (0, 1)), ((1, 0), (0, 1)), ((0, -1), (1, 0)), ((0, 1), (1, 0))]


def _paint(grid):
    """The painted mask, or None where the grid is not one gapped box on background 0."""
    colours = set(np.unique(grid).tolist()) - {0}
    if len(colours) != 1:
        return None
    box = grid != 0
    rows, cols = np.nonzero(box)
    r0, r1, c0, c1 = rows.min(), rows.max(), cols.min(), cols.max()
    h, w = grid.shape
    inside = np.zeros_like(box)
    inside[r0 + 1:r1, c0 + 1:c1] = True
    if box[inside].any():
        return None
    border = np.zeros_like(box)
    border[r0:r1 + 1, c0:c1 + 1] = True
    border &= ~inside
    paint = inside.copy()
    gaps = 0
    for (dr, dc), (lr, lc) in SIDES:
        side = np.zeros_like(box)
        if dr:
            side[r0 if dr < 0 else r1, c0:c1 + 1] = True
        else:
            side[r0:r1 + 1, c0 if dc < 0 else c1] = True
        gap = side & ~box
        if not gap.any():
            continue
        gaps += 1
        cells = list(zip(*np.nonzero(gap)))
        ends = [min(cells), max(cells)]
        rays = [(cells, (dr, dc), 0), ([ends[0]], (dr - lr, dc - lc), 1), ([ends[1]], (dr + lr, dc + lc), 1)]
        for starts, (vr, vc), first in rays:
            for r, c in starts:
                k = first
                while 0 <= r + k * vr < h and 0 <= c + k * vc < w:
                    paint[r + k * vr, c + k * vc] = True
                    k += 1
    if gaps != 1:
        return None
    return paint


class CupFountain(Solver, name="cup_fountain", tasks=("task268",), refuses="task165", fit_splits=("train", "arc-gen")):
    """One hollow box with a gap in one side: its inside, a beam from the gap straight out to the edge and a
    diagonal ray outward from each end of the gap are painted in a new colour."""

    def plans(self, examples):
        """(paint colour, side): the one colour the changes bring; the largest grid side."""
        if not same_shape(examples):
            return
        news = {int(v) for i, o in examples for v in o[i != o]}
        if len(news) == 1:
            yield news.pop(), max(max(i.shape) for i, _ in examples)

    def rule(self, plan, grid):
        colour, side = plan
        if max(grid.shape) > side:
            return None
        paint = _paint(grid)
        return None if paint is None else np.where(paint, colour, grid)

    def build(self, plan):
        colour, side = plan
        g = Graph()
        w = np.zeros((2, 10), np.float32)
        w[0, 0] = 1          # background
        w[1, 1:] = 1         # box
        planes = corner_plane(g, w, (side, side), "planes")
        zero = g.Slice(planes, g.ints([0]), g.ints([1]), g.ints([1]), name="zero")
        box = g.Slice(planes, g.ints([1]), g.ints([2]), g.ints([1]), name="box")
        grid_in = g.ReduceSum(planes, axes=[1], keepdims=1, name="grid_in")
        bbox = g.Mul(g.ReduceMax(box, axes=[3], keepdims=1, name="rows"), g.ReduceMax(box, axes=[2], keepdims=1,
                                                                                    name="cols"), name="bbox")
        sk = np.zeros((4, 1, 3, 3), np.float32)
        # the four diagonal directions a gap end's ray can take (each shared by two sides' ends; one side
        # only has a gap, so one Conv sums both sides' end tests per direction before the Relu)
        diagonals = sorted({(dr + sign * lr, dc + sign * lc) for (dr, dc), (lr, lc) in SIDES for sign in (-1, 1)})
        ek = np.zeros((4, 4, 3, 3), np.float32)
        n = 2 * side - 1
        rk = np.zeros((1, 8, n, n), np.float32)
        c = side - 1
        for i, ((dr, dc), (lr, lc)) in enumerate(SIDES):
            sk[i, 0, 1, 1], sk[i, 0, 1 + dr, 1 + dc] = 1, -1
            for sign in (-1, 1):            # the first end (no gap cell before it), then the second
                d = diagonals.index((dr + sign * lr, dc + sign * lc))
                ek[d, i, 1, 1], ek[d, i, 1 + sign * lr, 1 + sign * lc] = 1, -1
            for k in range(side):
                rk[0, i, c - k * dr, c - k * dc] = 1                                   # beam, gap included
        for d, (vr, vc) in enumerate(diagonals):
            for k in range(1, side):
                rk[0, 4 + d, c - k * vr, c - k * vc] = 1                              # ray from an end
        sides = g.Relu(g.Conv(bbox, g.const(sk, name="side_w"), kernel_shape=[3, 3], pads=[1] * 4, name="side_d"),
                       name="sides")
        gaps = g.Mul(sides, zero, name="gaps")
        ends = g.Relu(g.Conv(gaps, g.const(ek, name="end_w"), kernel_shape=[3, 3], pads=[1] * 4, name="end_d"),
                      name="ends")                                                       # [1,4,S,S] per direction
        feats = g.Concat(gaps, ends, axis=1, name="feats")
        rays = g.Conv(feats, g.const(rk, name="ray_w"), kernel_shape=[n, n], pads=[c] * 4, name="rays")
        edge = g.ReduceMax(sides, axes=[1], keepdims=1, name="edge")
        inside = g.Relu(g.Sub(bbox, edge, name="inside_d"), name="inside")
        paint = g.Mul(g.Add(rays, inside, name="lit"), grid_in, name="paint")
        mask = g.Cast(g.Greater(paint, g.const(np.float32(0.5), name="half"), name="paint_b"), to=2, name="paint_u8")
        if side < 30:
            mask = g.Pad(mask, g.ints([0, 0, 0, 0, 0, 0, 30 - side, 30 - side]), name="paint30")
        cond = g.Cast(mask, to=9, name="cond")
        tint = np.zeros((1, 10, 1, 1), np.float32)
        tint[0, colour] = 1
        return g.model(g.Where(cond, g.const(tint, name="paint_colour"), g.input))
