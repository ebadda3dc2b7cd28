"""Four sides fill: a background cell is painted one colour when coloured cells lie beyond it in
all four diagonal quadrants (strictly up-left, up-right, down-left, down-right: the inside of a box
given by its corners) or, in the 'ortho' variant, in all four directions along its row and column.

Graph: exclusive CumSums (forward and reverse) count the markers in each quadrant or half-line, a Min
keeps the weakest side, and one Where paints the cells enclosed on every side.

Cheaper variant where every example's grid has one shape H x W (it is exact for grids of that shape only;
the build keeps it only if it passes every example and the fresh ones): the background channel's H x W
corner, its marks as uint8 padded by one empty cell on each side, one MaxPool per side whose kernel
reaches across the grid (padded before or after: "a mark strictly before / after me"), a Slice of each
aligning it to the grid, their Min, and a bool fill padded to the canvas for the final Where."""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import N
from ._changes import painted_colour

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
        bg = g.Slice(g.input, g.ints([0, 0, 0]), g.ints([1, h, w]), g.ints([1, 2, 3]), name="background")
        marks = g.Cast(g.Less(bg, g.floats([0.5], name="half"), name="is_mark"), to=2, name="marks")
        padded = g.Pad(marks, g.ints([0, 0, 1, 1, 0, 0, 1, 1], name="border"), name="marks_bordered")
        # padded index = grid index + 1; along a pooled axis "before" covers [t-k+1, t] (t = r) and
        # "after" [t, t+k-1] (t = r+2); an axis not pooled reads t = r+1
        k = (h, w)
        sides = []
        for rev_r, rev_c in SIDES:
            if kind == "diag":
                dirs = ((0, rev_r), (1, rev_c))
            else:      # half-lines: along the row (axis 1) for rev_c False, the column (axis 0) for True
                dirs = ((0, rev_r),) if rev_c else ((1, rev_r),)
            kernel, pads, starts = [1, 1], [0, 0, 0, 0], [1, 1]
            for axis, after in dirs:
                kernel[axis] = k[axis]
                pads[axis + 2 if after else axis] = k[axis] - 1
                starts[axis] = 2 if after else 0
            pooled = g.MaxPool(padded, kernel_shape=kernel, pads=pads, name="side_marks")
            sides.append(g.Slice(pooled, g.ints(starts, name="side_start"),
                                 g.ints([starts[0] + h, starts[1] + w], name="side_end"),
                                 g.ints([2, 3], name="hw_axes"), name="side"))
        weakest = g.Min(*sides, name="weakest_side")
        fill = g.Greater(weakest, marks, name="fill")
        canvas = g.Pad(fill, g.ints([0, 0, 0, 0, 0, 0, N - h, N - w], name="to_canvas"), name="fill_canvas")
        paint = np.zeros((1, 10, 1, 1), np.float32)
        paint[0, colour] = 1
        return g.model(g.Where(canvas, g.const(paint, name="paint"), g.input))

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
