"""Guarded row gap fill: in every row, the run of cells between two consecutive wall-colour cells is filled with
the fill colour, unless some cell of that run has a wall cell directly above or below it (the run would touch
another box); runs reaching the grid's edge stay as they are.

task381's generator (ef135b50) draws exactly this: red boxes, maroon bridges between red cells of one row,
left black where a bridge cell would touch red above or below.

Graph: one dilated Conv reads the input straight into the square the fit examples cover (S x S) as the wall
plane (uint8); passable is 1 - wall (outside the grid too). "Bad" starts at the passable cells with a wall
above or below, and at the passable cells of the first and last column (a run that reaches the edge), and
spreads along rows through passable cells: S - 2 steps of a uint8 1x3 MaxPool and Min with passable reach
every cell of a run from its nearest seed (a run bounded by walls is at most S - 2 long; one open at one end
is reached from the edge column in at most S - 2 steps; cells outside a smaller grid lie on runs open to the
last column). Painted = passable and not bad, padded to the canvas; one Where writes `output`.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_graph import corner_plane
from .._common_grids import same_shape


def gap_fill(grid: np.ndarray, wall: int, fill: int) -> np.ndarray:
    out = grid.copy()
    h, w = grid.shape
    is_wall = grid == wall
    for r in range(h):
        cols = np.nonzero(is_wall[r])[0]
        for a, b in zip(cols[:-1], cols[1:]):
            if b == a + 1:
                continue
            gap = slice(a + 1, b)
            above = is_wall[r - 1, gap].any() if r > 0 else False
            below = is_wall[r + 1, gap].any() if r + 1 < h else False
            if not (above or below):
                out[r, gap] = fill
    return out


class GuardedRowGapFill(Solver, name="guarded_row_gap_fill", tasks=("task381",), refuses="task162",
                        fit_splits=("train", "arc-gen")):
    """Same-shape grids where, in each row, the cells between two consecutive cells of the wall colour are filled
    with one colour unless a cell of that gap has a wall cell directly above or below it."""

    def plans(self, examples):
        """(wall colour, fill colour, side): every change is to one fill colour; each other colour of the
        inputs is tried as the wall."""
        if not same_shape(examples):
            return
        changed = [i != o for i, o in examples]
        if not any(c.any() for c in changed):
            return
        news = {int(v) for (_, o), c in zip(examples, changed) for v in o[c]}
        if len(news) != 1:
            return
        fill = news.pop()
        side = max(max(i.shape) for i, _ in examples)
        if side < 3:
            return
        colours = sorted({int(v) for i, _ in examples for v in np.unique(i)} - {fill})
        for wall in colours:
            yield wall, fill, side

    def rule(self, plan, grid):
        wall, fill, side = plan
        if max(grid.shape) > side:
            return None
        return gap_fill(grid, wall, fill)

    def build(self, plan):
        wall, fill, side = plan
        g = Graph()
        walls = g.Cast(corner_plane(g, np.eye(10)[wall], (side, side), "walls_f"), to=2, name="walls")
        passable = g.Sub(g.const(np.uint8(1), name="one"), walls, name="passable")        # not wall, outside too
        vertical = g.MaxPool(walls, kernel_shape=[3, 1], pads=[1, 0, 1, 0], name="wall_above_below")
        edge = np.zeros((1, 1, 1, side), np.uint8)
        edge[..., 0] = edge[..., -1] = 1
        bad = g.Min(g.Max(vertical, g.const(edge, name="edge_cols"), name="seed_any"), passable, name="bad0")
        for _ in range(side - 2):
            bad = g.Min(g.MaxPool(bad, kernel_shape=[1, 3], pads=[0, 1, 0, 1], name="bad_spread"), passable,
                        name="bad")
        paint = g.Cast(g.Less(bad, passable, name="paint_b"), to=2, name="paint")
        if side < 30:
            paint = g.Pad(paint, g.ints([0, 0, 0, 0, 0, 0, 30 - side, 30 - side]), name="paint30")
        cond = g.Cast(paint, to=9, name="painted")
        onehot = np.zeros((1, 10, 1, 1), np.float32)
        onehot[0, fill] = 1
        return g.model(g.Where(cond, g.const(onehot, name="fill_colour"), g.input))
