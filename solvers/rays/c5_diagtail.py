"""Diagonal tails: a tip cell (coloured, no orthogonal neighbour) touching the shape diagonally shoots a
diagonal ray away from it to the grid edge, in the grid's one colour.

Graph: a 1x1 Conv marks coloured cells; a 3x3 Conv with bias and Relu scores each of the four
directions' tips exactly 1; one 59x59 Conv draws every ray at once; a Where paints the ray cells
inside the grid with the grid's colour, copying the input elsewhere.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import same_shape

DIRS = [(-1, -1), (-1, 1), (1, -1), (1, 1)]


def tails(grid: np.ndarray) -> np.ndarray | None:
    colours = set(grid[grid > 0].tolist())
    if len(colours) != 1:
        return None
    colour = colours.pop()
    m = np.pad(grid > 0, 1)
    h, w = grid.shape
    out = grid.copy()
    for r in range(h):
        for c in range(w):
            R, C = r + 1, c + 1
            if not m[R, C] or m[R - 1, C] or m[R + 1, C] or m[R, C - 1] or m[R, C + 1]:
                continue
            for dr, dc in DIRS:
                if m[R - dr, C - dc]:
                    y, x = r + dr, c + dc
                    while 0 <= y < h and 0 <= x < w:
                        if grid[y, x] == 0:
                            out[y, x] = colour
                        y, x = y + dr, x + dc
    return out


class DiagonalTails(Solver):
    name = "c5_diagonal_tails"
    description = "single-colour shape: diagonal tip cells extend as diagonal rays away from the shape to the edge"

    def fit(self, examples):
        if not same_shape(examples) or all(np.array_equal(i, o) for i, o in examples):
            return None
        for i, o in examples:
            p = tails(i)
            if p is None or not np.array_equal(p, o):
                return None
        return True

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
        ray_w = np.zeros((1, 4, 59, 59), dtype=np.float32)
        for k, (dr, dc) in enumerate(DIRS):
            for s in range(1, 30):
                ray_w[0, k, 29 - s * dr, 29 - s * dc] = 1
        rays = g.Conv(tips, g.const(ray_w), pads=[29, 29, 29, 29], name="rays")             # [1,1,30,30]
        # a ray cell is painted only where the input is black (inside the grid, not yet coloured)
        black = g.Conv(g.input, g.const((100 * np.eye(10)[0]).astype(np.float32).reshape(1, 10, 1, 1)),
                       name="black_x100")
        paint = g.Greater(g.Add(rays, black, name="ray_on_black"), g.floats(100.5), name="paint")
        colour = g.Mul(g.ReduceMax(g.input, axes=[2, 3], keepdims=1), g.floats(not_black.reshape(1, 10, 1, 1)),
                       name="colour")
        return g.model(g.Where(paint, colour, g.input))
