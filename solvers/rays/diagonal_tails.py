"""In a one-colour shape, a tip cell (coloured, no orthogonal neighbour) touching the shape diagonally
shoots a diagonal ray away from it over black cells to the grid edge, in the shape's colour.

Graph: a 1x1 Conv marks coloured cells; a 3x3 Conv with bias and Relu scores each of the four
directions' tips exactly 1; one 59x59 Conv draws every ray at once; a Where paints the ray cells
inside the grid with the grid's colour, copying the input elsewhere.

Window variant, for examples that all share one grid shape h x w (task190's generator draws 10 x 10 grids
only; fitted on every split): a uint8 map of the window, 2 on coloured cells; per direction a 3x3 uint8
QLinearConv scores the tips (saturating at 0) and a diagonal QLinearConv draws their rays; one Max of the
map and the rays is the answer's map, decoded by one QLinearConv with the colour counts' signs.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from ._graphs import diagonal_rays, on_black
from ._grids import DIAGONALS as DIRS, paint_ray
from ._parameter_free import ParameterFree
from .._common_graph import corner_plane
from ._window import diagonal_ray, qconv
from ..local._code_decode import decode_one_colour


def tails(grid: np.ndarray) -> np.ndarray | None:
    colours = set(grid[grid > 0].tolist())
    if len(colours) != 1:
        return None
    colour = colours.pop()
    m = np.pad(grid > 0, 1)
    out = grid.copy()
    for r, c in np.argwhere(grid > 0):
        R, C = r + 1, c + 1
        if m[R - 1, C] or m[R + 1, C] or m[R, C - 1] or m[R, C + 1]:
            continue
        for dr, dc in DIRS:
            if m[R - dr, C - dc]:
                paint_ray(out, grid, r, c, dr, dc, colour)
    return out


class DiagonalTails(ParameterFree, name="diagonal_tails", tasks=("task190",), refuses="task256",
                    aliases=("c5_diagonal_tails",), fit_splits=("train", "test", "arc-gen")):
    """Single-colour shape: diagonal tip cells extend as diagonal rays away from the shape to the edge."""

    draw = staticmethod(tails)

    def plans(self, examples):
        """The window (h, w) when every example shares one grid shape (at most 28 a side), then the canvas."""
        if next(super().plans(examples), None) is None:
            return
        shapes = {i.shape for i, _ in examples}
        if len(shapes) == 1 and max(shapes.copy().pop()) <= 28:
            yield shapes.pop()
        yield True

    def rule(self, plan, grid):
        if plan is not True and grid.shape != plan:
            return None
        return tails(grid)

    def candidates(self, examples):
        for plan in self.plans(examples):
            if all(self.rule(plan, i) is not None and np.array_equal(self.rule(plan, i), o) for i, o in examples):
                yield self.name + ("" if plan is True else ":window"), self.build(plan)

    def _build_window(self, h, w):
        """The plane holds 2 on coloured cells and 0 on black ones (one dilated Conv tap, cast to uint8), so
        the tips score 2, their rays carry 2, and one Max of the plane and the four rays is the answer's
        plane, decoded by one QLinearConv with the input's colour counts as signed weights (the one colour
        shown, black below)."""
        g = Graph()
        code = g.Cast(corner_plane(g, 2 * (np.arange(10) > 0), (h, w), "code_f"), to=2, name="code")  # 0 / 2
        planes = [code]
        for k, (dr, dc) in enumerate(DIRS):
            # tip toward (dr, dc): coloured, its cell at (-dr, -dc) coloured, no orthogonal neighbour coloured
            tip_w = np.zeros((1, 1, 3, 3), np.int8)
            tip_w[0, 0, 1, 1] = tip_w[0, 0, 1 - dr, 1 - dc] = 1
            tip_w[0, 0, 0, 1] = tip_w[0, 0, 2, 1] = tip_w[0, 0, 1, 0] = tip_w[0, 0, 1, 2] = -4
            tip = qconv(g, code, tip_w, bias=[-2], pads=[1, 1, 1, 1], name=f"tip{k}")        # 2 at a tip
            planes.append(diagonal_ray(g, tip, h, w, dr, dc, name=f"ray{k}", with_seed=True))
        return g.model(decode_one_colour(g, g.Max(*planes, name="answer"), (h, w)))

    def build(self, plan):
        if plan is not True:
            return self._build_window(*plan)
        g = Graph()
        not_black = np.r_[0, np.ones(9)].astype(np.float32)
        coloured = g.Conv(g.input, g.const(not_black.reshape(1, 10, 1, 1)), name="coloured")   # [1,1,30,30]
        tip_w = np.zeros((4, 1, 3, 3), dtype=np.float32)
        for k, (dr, dc) in enumerate(DIRS):
            tip_w[k, 0, 1, 1] = 10
            tip_w[k, 0, 0, 1] = tip_w[k, 0, 2, 1] = tip_w[k, 0, 1, 0] = tip_w[k, 0, 1, 2] = -10
            tip_w[k, 0, 1 - dr, 1 - dc] = 1
        tips = g.Relu(g.Conv(coloured, g.const(tip_w), g.floats(np.full(4, -10.0)), pads=[1, 1, 1, 1],
                             name="tip_score"), name="tips")                                 # [1,4,30,30]
        colour = g.Mul(g.ReduceMax(g.input, axes=[2, 3], keepdims=1), g.floats(not_black.reshape(1, 10, 1, 1)),
                       name="colour")
        return g.model(g.Where(on_black(g, diagonal_rays(g, tips, DIRS)), colour, g.input))
