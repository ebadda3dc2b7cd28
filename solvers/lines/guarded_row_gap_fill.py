"""Guarded row gap fill: in every row, the run of cells between two consecutive wall-colour cells is filled with
the fill colour, unless some cell of that run has a wall cell directly above or below it (the run would touch
another box); runs reaching the grid's edge stay as they are.

task381's generator (ef135b50) draws exactly this: red boxes, maroon bridges between red cells of one row,
left black where a bridge cell would touch red above or below.

Graph: one dilated Conv reads the input straight into the square the fit examples cover (S x S) as a uint8
colour code (colour + 1, 0 off the grid); walls = code == wall + 1. Seeds are the cells with a wall above or
below and the cells of the first and last column (a run that reaches the edge; cells outside a smaller grid
lie on runs open to the last column). Each wall or seed cell gets a marker 2 rank + [seed] whose rank grows
toward the cell scanned from (column + 1 for the left scan, S - column for the right): one 1 x S MaxPool per
side gives the nearest marker at or beside each cell, its parity says whether it is a seed. A cell is painted
when neither nearest marker is a seed and it is not a wall; the code, fill + 1 there, is decoded straight
into `output` by one padding QLinearConv (no 30 x 30 mask).
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_graph import corner_plane
from .._common_grids import same_shape
from ..local._code_decode import decode_code


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
        """Each cell's nearest marker to its left and to its right (walls even, seeds odd), by two MaxPools."""
        wall, fill, side = plan
        g = Graph()
        code = g.Cast(corner_plane(g, np.arange(1, 11), (side, side), "code_f"), to=2,
                      name="code")                                              # colour + 1, 0 off the grid
        walls = g.Cast(g.Equal(code, g.const(np.uint8(wall + 1), name="wall_code"), name="wall_cells"), to=2,
                       name="walls")
        vertical = g.MaxPool(walls, kernel_shape=[3, 1], pads=[1, 0, 1, 0], name="wall_above_below")
        edge = np.zeros((1, 1, 1, side), np.uint8)
        edge[..., 0] = edge[..., -1] = 1
        marked = g.Max(vertical, g.const(edge, name="edge_cols"), name="marked")    # walls, seeds (and more)
        col = np.arange(side)
        nearest = []
        for label, rank, pads in (("left", 2 * col + 3, [0, side - 1, 0, 0]),
                                  ("right", 2 * (side - col) + 1, [0, 0, 0, side - 1])):
            # 2 rank - 1 + [seed]: the larger rank is the nearer marker on this side; its parity tells its kind
            marker = g.Sub(g.Mul(marked, g.const(rank.astype(np.uint8).reshape(1, 1, 1, side), name=f"{label}_rank"),
                                 name=f"{label}_marks"), walls, name=f"{label}_marker")
            last = g.MaxPool(marker, kernel_shape=[1, side], pads=pads, name=f"nearest_{label}")
            nearest.append(g.Mod(last, g.const(np.uint8(2), name="two"), name=f"seed_{label}"))
        blocked = g.Max(*nearest, walls, name="blocked")
        paint = g.Less(blocked, g.const(np.uint8(1), name="one"), name="paint")
        painted = g.Where(paint, g.const(np.uint8(fill + 1), name="fill_code"), code, name="painted")
        return g.model(decode_code(g, painted, (side, side)))
