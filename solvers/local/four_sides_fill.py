"""Four sides fill: a background cell is painted one colour when coloured cells lie beyond it in
all four diagonal quadrants (strictly up-left, up-right, down-left, down-right: the inside of a box
given by its corners) or, in the 'ortho' variant, in all four directions along its row and column, or, in the
'rows' variant (tried first: two fewer passes), when a row above it and a row below it each hold marks both
left and right of its column (a box's top and bottom edges or corner pairs).

Graph: exclusive CumSums (forward and reverse) count the markers in each quadrant or half-line, a Min
keeps the weakest side, and one Where paints the cells enclosed on every side.

Cheaper variant where every example's grid has one shape H x W (it is exact for grids of that shape only; the build
keeps it only if it passes every example and the fresh ones): the H x W corner's colour code in one byte
(background 10, the paint colour 9, the rest 1..8); one-axis uint8 QLinearConvs whose kernel reaches across the
grid but leaves the cell itself out sum the marks strictly before / after a cell (the zero point 10 makes the
background count 0; a quadrant is a row pass then a column pass, the row passes shared; the last pass of a side
reads 255 where the side holds no mark and 0 where it does); their Max with 9 caps the code, 9 on enclosed cells,
and Min(code, cap) is the painted code, decoded by one QLinearConv straight into `output` (`_code_decode`).
Where every input holds one mark colour (task273's generator draws yellow corners only), the pair (code, Max of the
open sides) is decoded instead: no cap, painted code or square."""
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
    if kind == "rows":      # a row above and a row below each with marks both left and right of the column
        left, right = np.cumsum(m, 1) - m > 0, np.cumsum(m[:, ::-1], 1)[:, ::-1] - m > 0
        both = (left & right).astype(int)
        above, below = np.cumsum(both, 0) - both > 0, np.cumsum(both[::-1], 0)[::-1] - both > 0
        return above & below & (m == 0)
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
            yield from (("rows", colour), ("diag", colour), ("ortho", colour))

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
                marks = {int(v) for i, _ in examples for v in np.unique(i)} - {0}
                if len(marks) == 1 and plan[1] not in marks:
                    yield f"{self.name}:crop{h}x{w}_one_mark", self.build_cropped(plan, h, w, marks.pop())

    @staticmethod
    def _one_mark_decode(g, code, open_side, background, codes, paint, mark, h, w):
        """`output` from the pair (code, open): open is 255 where some side lacks a mark, else 0. With one mark
        colour a cell is one of three things, each a line over the pair: the mark (its code, below the
        background's 10), the background left open (code 10 and open 255) or painted (code 10 and open 0)."""
        weights = np.zeros((10, 2, 1, 1), np.int8)
        bias = np.full(10, -1, np.int32)                       # colours that never occur: never written
        weights[mark, :, 0, 0], bias[mark] = (-2, 0), 2 * codes[mark] + 1       # code = codes[mark]
        weights[0, :, 0, 0], bias[0] = (1, 1), -264                          # code 10 and open 255
        weights[paint, :, 0, 0], bias[paint] = (1, -1), -9                   # code 10 and open 0
        # the padding reads the input zero point (10, 10): code 10 but open neither 0 nor 255, on no line
        bias = bias + 10 * weights.sum(axis=(1, 2, 3)).astype(np.int32)
        pair = g.Concat(code, open_side, axis=1, name="code_open")
        unit, zero = g.const(np.float32(1), name="unit_scale"), g.const(np.uint8(0), name="zero_u8")
        return g.QLinearConv(pair, unit, background, g.const(weights, name="state_lines"), unit,
                             g.const(np.int8(0), name="weight_zero"), unit, zero, g.const(bias, name="state_bias"),
                             pads=[0, 0, 30 - h, 30 - w], name="decoded")

    def build_cropped(self, plan, h, w, mark=None):
        """The rule on a grid of exactly h x w cells (the outside of a smaller grid would count as marks).

        Codes rank the colours: background the highest (10), the paint colour next (9), the others 1..8, so one
        Min(code, cap) paints: the cap is 255 where some side lacks a mark and 9 where none does, and lowers only
        an enclosed background cell (a mark's code is already <= 9); no separate background test is needed."""
        kind, colour = plan
        others = [c for c in range(1, 10) if c != colour]
        codes = np.zeros(10, np.int64)
        codes[0], codes[colour] = 10, 9
        codes[others] = np.arange(1, 9)
        g = Graph()
        code = g.Cast(corner_plane(g, codes, (h, w), "code_f"), to=2, name="code")
        unit, zero = g.const(np.float32(1), name="unit_scale"), g.const(np.uint8(0), name="zero_u8")
        background = g.const(np.uint8(10), name="background_code")
        weight_zero = g.const(np.int8(0), name="weight_zero")
        full, none_yet = g.const(np.float32(1 / 255), name="saturating_scale"), g.const(np.uint8(255), name="no_mark")
        passes = {}

        def strictly(x, axis, after, zero_point, sign, last):
            """uint8 over the cells strictly before / after along `axis`: the sum of sign * (x - zero_point), or,
            for the last pass of a side, 255 where that sum is 0 and 0 where it is positive."""
            key = (x, axis, after, last)
            if key not in passes:
                n = (h, w)[axis]
                kernel = np.full(n, sign, np.int8)
                kernel[0 if after else -1] = 0                        # the cell itself is left out
                shape, pads = [1, 1, 1, 1], [0, 0, 0, 0]
                shape[2 + axis] = n
                pads[axis + 2 if after else axis] = n - 1
                if last:        # 255 - 255 * sum, saturating: the sign is flipped so a mark pulls it to 0
                    kernel = -kernel
                passes[key] = g.QLinearConv(x, unit, zero_point, g.const(kernel.reshape(shape), name="reach"), unit,
                                            weight_zero, full if last else unit, none_yet if last else zero,
                                            pads=pads, name="beyond")
            return passes[key]

        open_sides = []
        if kind == "rows":      # marks strictly left and right (Min of the row passes), then rows above / below
            both = g.Min(strictly(code, 1, False, background, -1, False), strictly(code, 1, True, background, -1,
                                                                                     False), name="both_sides")
            open_sides = [strictly(both, 0, after, zero, 1, True) for after in (False, True)]
        for rev_r, rev_c in SIDES if kind != "rows" else ():      # each 255 where its side holds no mark, else 0
            if kind == "diag":      # marks strictly beyond along the row (10 - code > 0), then along the column
                row = strictly(code, 1, rev_c, background, -1, False)
                open_sides.append(strictly(row, 0, rev_r, zero, 1, True))
            else:                   # half-lines: along the row for rev_c False, the column for True
                open_sides.append(strictly(code, 0 if rev_c else 1, rev_r, background, -1, True))
        if mark is not None:    # inputs of one mark colour: no painted code, the pair (code, open) decodes
            open_side = g.Max(*open_sides, name="open_side")
            return g.model(self._one_mark_decode(g, code, open_side, background, codes, colour, mark, h, w))
        cap = g.Max(*open_sides, g.const(np.uint8(9), name="paint_code"), name="paint_cap")
        painted = g.Min(code, cap, name="painted")
        return g.model(decode_code(g, painted, (h, w), codes=codes))

    def build(self, plan):
        kind, colour = plan
        g = Graph()
        nonbg = np.ones((1, 10, 1, 1), np.float32)
        nonbg[0, 0] = 0
        marks = g.Conv(g.input, g.const(nonbg, name="nonbg_w"), name="marks")
        axis2, axis3 = g.const(np.array(2, np.int32), name="axis2"), g.const(np.array(3, np.int32), name="axis3")
        sides = []
        if kind == "rows":
            both = g.Min(*(g.CumSum(marks, axis3, exclusive=1, reverse=r, name="row_side") for r in (0, 1)),
                         name="both_sides")
            sides = [g.CumSum(both, axis2, exclusive=1, reverse=r, name="row_beyond") for r in (0, 1)]
        for rev_r, rev_c in SIDES if kind != "rows" else ():
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
