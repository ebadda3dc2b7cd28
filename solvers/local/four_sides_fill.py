"""Four sides fill: a background cell is painted one colour when coloured cells lie beyond it in
all four diagonal quadrants (strictly up-left, up-right, down-left, down-right: the inside of a box
given by its corners) or, in the 'ortho' variant, in all four directions along its row and column.

Graph: exclusive CumSums (forward and reverse) count the markers in each quadrant or half-line, a Min
keeps the weakest side, and one Where paints the cells enclosed on every side.

Cheaper variant where every example's grid has one shape H x W (it is exact for grids of that shape only;
the build keeps it only if it passes every example and the fresh ones): the H x W corner's colour + 1 code
in one byte; one-axis uint8 QLinearConvs whose kernel reaches across the grid but leaves the cell itself
out count the marks strictly before / after a cell (the zero point 1 makes the background count 0; a
quadrant is a row pass then a column pass, the row passes shared; the last pass of a side saturates any count
to 255); their Min with a 1x1 QLinearConv's paint plane (the paint code on background, 0 on colours) is the
paint code on enclosed background cells and 0 elsewhere, its Max with the code the painted code, decoded
by one QLinearConv straight into `output` (`_code_decode`)."""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_graph import corner_plane
from ._changes import painted_colour
from ._code_decode import decode_code

SIDES = ((False, False), (False, True), (True, False), (True, True))


def enclosed(grid: np.ndarray, kind: str) -> np.ndarray:
    m = (grid != 0).astype(int)
    ok = np.ones(m.shape, bool)
    for rev_r, rev_c in SIDES:
        if kind == "diag":
            a = m[::-1] if rev_r else m
            a = a[:, ::-1] if rev_c else a
            c = a.cumsum(0).cumsum(1)
            s = np.zeros_like(c)
            s[1:, 1:] = c[:-1, :-1]
            s = s[::-1] if rev_r else s
            s = s[:, ::-1] if rev_c else s
        else:
            axis, rev = (0 if rev_c else 1), rev_r
            a = np.flip(m, axis) if rev else m
            c = a.cumsum(axis) - a
            s = np.flip(c, axis) if rev else c
        ok &= s > 0
    return ok & (m == 0)


class FourSidesFill(Solver, name="four_sides_fill", tasks=("task273", "task341"), refuses="task193",
                    aliases=("c3_quadfill",)):
    """Background cells with coloured markers beyond them on all four sides (diagonal quadrants, or left/right/up/down)
    are painted one colour: fills boxes given by corner marks."""

    def plans(self, examples):
        colour = painted_colour(examples)
        if colour is not None:
            yield from (("diag", colour), ("ortho", colour))

    def rule(self, plan, grid):
        kind, colour = plan
        return np.where(enclosed(grid, kind), colour, grid)

    def candidates(self, examples):
        plan = self.fit(examples)
        if plan is None:
            return
        yield self.name, self.build(plan)
        shapes = {i.shape for i, _ in examples}
        if len(shapes) == 1:
            h, w = shapes.pop()
            if h >= 2 and w >= 2:
                yield f"{self.name}:crop{h}x{w}", self.build_cropped(plan, h, w)

    def build_cropped(self, plan, h, w):
        """The rule on a grid of exactly h x w cells (the outside of a smaller grid would count as marks)."""
        kind, colour = plan
        g = Graph()
        code = g.Cast(corner_plane(g, np.arange(1, 11), (h, w), "code_f"), to=2, name="code")   # colour + 1
        unit, zero = g.const(np.float32(1), name="unit_scale"), g.const(np.uint8(0), name="zero_u8")
        one = g.const(np.uint8(1), name="background_code")
        passes = {}
        full = g.const(np.float32(1 / 255), name="saturating_scale")     # any count >= 1 reads 255

        def strictly(x, axis, after, zero_point, scale=unit):
            """uint8, > 0 where some cell strictly before / after along `axis` is positive (less zero_point)."""
            key = (x, axis, after, scale)
            if key not in passes:
                n = (h, w)[axis]
                kernel = np.ones(n, np.uint8)
                kernel[0 if after else -1] = 0                        # the cell itself is left out
                shape, pads = [1, 1, 1, 1], [0, 0, 0, 0]
                shape[2 + axis] = n
                pads[axis + 2 if after else axis] = n - 1
                passes[key] = g.QLinearConv(x, unit, zero_point, g.const(kernel.reshape(shape), name="reach"), unit,
                                            zero, scale, zero, pads=pads, name="beyond")
            return passes[key]

        sides = []
        for rev_r, rev_c in SIDES:      # each side 255 where it holds a mark, else 0
            if kind == "diag":      # a mark strictly beyond along the row, then strictly beyond that along the column
                sides.append(strictly(strictly(code, 1, rev_c, one), 0, rev_r, zero, full))
            else:                   # half-lines: along the row for rev_c False, the column for True
                sides.append(strictly(code, 0 if rev_c else 1, rev_r, one, full))
        # the paint code on background, 0 on colours: p (2 - code) by a saturating 1x1 QLinearConv
        p = colour + 1
        two = g.const(np.uint8(2), name="two_u8")
        paint_on_bg = g.QLinearConv(code, unit, two, g.const(np.full((1, 1, 1, 1), -p, np.int8), name="paint_weight"),
                                    unit, g.const(np.int8(0), name="weight_zero"), unit, zero, name="paint_on_bg")
        # the paint code where every side holds a mark and the cell is background, else 0; Max keeps the rest
        enclosed_code = g.Min(*sides, paint_on_bg, name="enclosed_code")
        painted = g.Max(code, enclosed_code, name="painted")
        return g.model(decode_code(g, painted, (h, w)))

    def build(self, plan):
        kind, colour = plan
        g = Graph()
        nonbg = np.ones((1, 10, 1, 1), np.float32)
        nonbg[0, 0] = 0
        marks = g.Conv(g.input, g.const(nonbg, name="nonbg_w"), name="marks")
        axis2, axis3 = g.const(np.array(2, np.int32), name="axis2"), g.const(np.array(3, np.int32), name="axis3")
        sides = []
        for rev_r, rev_c in SIDES:
            if kind == "diag":
                s = g.CumSum(marks, axis2, exclusive=1, reverse=int(rev_r), name="above" if not rev_r else "below")
                s = g.CumSum(s, axis3, exclusive=1, reverse=int(rev_c), name="quadrant")
            else:
                s = g.CumSum(marks, axis2 if rev_c else axis3, exclusive=1, reverse=int(rev_r), name="half_line")
            sides.append(s)
        weakest = g.Min(*sides, name="weakest_side")
        half = g.const(np.array([0.5], np.float32), name="half")
        fill = g.And(g.Greater(weakest, half, name="surrounded"), g.Less(marks, half, name="empty"), name="fill")
        paint = np.zeros((1, 10, 1, 1), np.float32)
        paint[0, colour] = 1
        return g.model(g.Where(fill, g.const(paint, name="paint"), g.input))
