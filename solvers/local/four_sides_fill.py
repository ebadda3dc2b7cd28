"""Four sides fill: a background cell is painted one colour when coloured cells lie beyond it in
all four diagonal quadrants (strictly up-left, up-right, down-left, down-right: the inside of a box
given by its corners) or, in the 'ortho' variant, in all four directions along its row and column.

Graph: exclusive CumSums (forward and reverse) count the markers in each quadrant or half-line, a Min
keeps the weakest side, and one Where paints the cells enclosed on every side."""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
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
