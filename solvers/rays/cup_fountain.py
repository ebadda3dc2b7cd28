"""Cup fountain: one hollow box of one colour has a gap in one of its sides; its inside is filled with a new
colour, a straight beam as wide as the gap runs from the gap out to the grid's edge, and from each end of
the gap a diagonal ray runs outward (away from the box and away from the gap) to the edge.

Graph (on the side x side square the generator's grids fit, read by one dilated Conv as a colour code, one byte; in
float16 after it): the box's bounding box is the outer product of its row and column profiles; a Conv finds
the bounding box's four sides (cell in, neighbour out: per side a row test times a column test), on the
background cells inside the bounding box they are the gap, per side (one Einsum); one Conv over the gaps draws the beams and the diagonal rays (the end test and
the rays composed into one kernel, see `build`); inside the grid, with the bounding box's background cells
(the inside and the gap), it is the painted mask, which picks the paint colour's code over the grid's own;
one QLinearConv decodes it.
"""
from __future__ import annotations

import numpy as np
from onnx import TensorProto

from neurogolf.graph import Graph

from .. import Solver
from .._common_graph import corner_plane
from .._common_grids import same_shape
from ..local._code_decode import decode_code

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
    if r1 - r0 < 2 or c1 - c0 < 2:
        return None                 # no inside: not a box (the generator's are at least 3 x 5)
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
        # one code plane (colour + 1, 0 outside the grid) read three ways by Equal/Greater; the planes after it
        # hold small whole numbers (0/1 cells, sums of at most a ray's length of them), exact in float16, and are
        # built so from the start: the ray Convs' bounds read from the weights alone are too wide for the float16
        # pass to prove
        # (read as one byte: its tests and row / column maxima are one-byte tensors too)
        code = g.Cast(corner_plane(g, np.arange(1, 11), (side, side), "code"), to=2, name="code_u8")
        background = g.Equal(code, g.const(np.uint8(1), name="one"), name="background")
        grid_in = g.Greater(code, g.const(np.uint8(0), name="none"), name="grid_in")
        # the bounding box: rows and columns whose largest code is a box colour's (above 1)
        above_one = g.const(np.uint8(1), name="above_one")
        rows = g.Greater(g.ReduceMax(code, axes=[3], keepdims=1, name="row_top_code"), above_one, name="rows")
        cols = g.Greater(g.ReduceMax(code, axes=[2], keepdims=1, name="col_top_code"), above_one, name="cols")
        in_bbox = g.And(rows, cols, name="in_bbox")
        # side i of the bounding box is an outer product: a row test times a column test (one of the two is the
        # profile itself, the other the profile less its neighbour outward), each from one small Conv
        row_k, col_k = np.zeros((4, 1, 3, 1), np.float16), np.zeros((4, 1, 1, 3), np.float16)
        # the four diagonal directions a gap end's ray can take (each shared by two sides' ends)
        diagonals = sorted({(dr + sign * lr, dc + sign * lc) for (dr, dc), (lr, lc) in SIDES for sign in (-1, 1)})
        ek = np.zeros((4, 4, 3, 3))
        n = 2 * side - 1
        rk = np.zeros((1, 8, n, n))
        c = side - 1
        for i, ((dr, dc), (lr, lc)) in enumerate(SIDES):
            row_k[i, 0, 1, 0], row_k[i, 0, 1 + dr, 0] = 1, -1 if dr else 1
            col_k[i, 0, 0, 1], col_k[i, 0, 0, 1 + dc] = 1, -1 if dc else 1
            for sign in (-1, 1):            # the first end (no gap cell before it), then the second
                d = diagonals.index((dr + sign * lr, dc + sign * lc))
                ek[d, i, 1, 1], ek[d, i, 1 + sign * lr, 1 + sign * lc] = 1, -1
            for k in range(side):
                rk[0, i, c - k * dr, c - k * dc] = 3                                   # beam, gap included
        for d, (vr, vc) in enumerate(diagonals):
            for k in range(1, side):
                rk[0, 4 + d, c - k * vr, c - k * vc] = 1                              # ray from an end
        # one kernel over the gaps draws it all. The end test (gap cell less its lateral neighbour) is +1 at a
        # gap's end and -1 just past its other end, and, left unrectified, is linear: its Conv and the rays' Conv
        # compose into one kernel. The -1 rays run parallel to the +1 rays and never cross one; a beam cell
        # meets at most one per direction, so beams weighted 3 stay >= 1 and every unpainted cell is <= 0
        lit_w = np.zeros((1, 4, n + 2, n + 2))
        lit_w[0, :, 1:-1, 1:-1] = rk[0, :4]
        for d in range(4):
            for i in range(4):
                for ur in range(3):
                    for uc in range(3):
                        lit_w[0, i, ur:ur + n, uc:uc + n] += ek[d, i, ur, uc] * rk[0, 4 + d]
        # a side's test (cell in, neighbour out) is 0 or 1 on every bounding-box cell, so the gaps are it on the
        # background cells inside the bounding box (outside, where it is -1 or 0, they are 0): no Relu
        f16 = TensorProto.FLOAT16
        row_test = g.Conv(g.Cast(rows, to=f16, name="rows_f16"), g.const(row_k, name="side_row_w"), pads=[1, 0, 1, 0],
                          name="side_rows")                                                          # [1,4,S,1]
        col_test = g.Conv(g.Cast(cols, to=f16, name="cols_f16"), g.const(col_k, name="side_col_w"), pads=[0, 1, 0, 1],
                          name="side_cols")                                                          # [1,4,1,S]
        open_cells = g.And(background, in_bbox, name="open_cells")
        # on the bounding box's background cells the two tests are 0/1 (the profile is 1 there): their product
        gaps = g.Einsum(g.Cast(open_cells, to=f16, name="open_f16"), row_test, col_test,
                        equation="bxrc,bkry,bkzc->bkrc", name="gaps")
        # the box has an inside (the rule refuses a box less than 3 lines on a side), so a gap lies at most
        # side - 3 lines from the square's edge it faces: a beam or ray cell is at most c - 2 lines from its gap
        # outward and c - 1 laterally (the end test's neighbour): the composed kernel's entries further out never
        # meet a gap inside the square and its two outer rings are dropped (n - 2 square, pads c - 1)
        lit_w = lit_w[:, :, 2:-2, 2:-2]
        lit = g.Conv(gaps, g.const(lit_w.astype(np.float16), name="lit_w"), kernel_shape=[n - 2, n - 2],
                     pads=[c - 1] * 4, name="lit")
        # the box's inside and its gap are the background cells of its bounding box; the gap is in the beams too
        lit = g.Greater(lit, g.const(np.float16(0.5), name="half"), name="lit_b")
        paint = g.Or(g.And(lit, grid_in, name="lit_in_grid"), open_cells, name="paint_b")
        # the answer's code: the paint colour's where painted, the grid's own elsewhere, decoded by one QLinearConv
        answer = g.Where(paint, g.const(np.uint8(colour + 1), name="paint_code"), code,
                         name="answer_code")
        return g.model(decode_code(g, answer, (side, side)))
