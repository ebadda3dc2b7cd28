"""In a one-colour shape, a tip cell (coloured, no orthogonal neighbour) touching the shape diagonally
shoots a diagonal ray away from it over black cells to the grid edge, in the shape's colour.

Graph: a 1x1 Conv marks coloured cells; a 3x3 Conv with bias and Relu scores each of the four
directions' tips exactly 1; one 59x59 Conv draws every ray at once; a Where paints the ray cells
inside the grid with the grid's colour, copying the input elsewhere.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from ._graphs import diagonal_rays, on_black
from ._grids import DIAGONALS as DIRS, paint_ray
from ._parameter_free import ParameterFree


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
                    aliases=("c5_diagonal_tails",)):
    """Single-colour shape: diagonal tip cells extend as diagonal rays away from the shape to the edge."""

    draw = staticmethod(tails)

    def build(self, plan):
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
