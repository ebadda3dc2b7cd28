"""Guarded row gap fill: in every row, the run of cells between two consecutive wall-colour cells is filled with
the fill colour, unless some cell of that run has a wall cell directly above or below it (the run would touch
another box); runs reaching the grid's edge stay as they are.

task381's generator (ef135b50) draws exactly this: red boxes, maroon bridges between red cells of one row,
left black where a bridge cell would touch red above or below.

Graph: one dilated Conv reads the input straight into the square the fit examples cover (S x S) as a uint8
code (colour + 1, the wall 15, 0 off the grid); walls = code // 15. Seeds are the cells with a wall above or
below and the cells of the first and last column (a run that reaches the edge; cells outside a smaller grid
lie on runs open to the last column). Each wall or seed cell gets a marker 4 rank + [seed] whose rank grows
toward the cell scanned from (column + 1 for the left scan, S - column for the right): one 1 x S MaxPool per
side gives the nearest marker at or beside each cell, and (left + right) mod 4 counts the seeds among the
two. A cell is painted when that count equals its wall plane (0: no seed, not a wall; a wall reads 0 against
1); the code, the fill's there, is decoded straight into `output` by one padding QLinearConv (no 30 x 30
mask).
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_graph import corner_plane
from .._common_grids import same_shape
from ..local._code_decode import decode_code

WALL_CODE = 15              # the wall's code in the uint8 code plane: Div by it marks the walls


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
        """Each cell's nearest marker to its left and to its right (walls 0, seeds 1 mod 4), by two MaxPools."""
        wall, fill, side = plan
        g = Graph()
        codes = np.arange(1, 11)
        codes[wall] = WALL_CODE                                                  # the only code >= 15
        code = g.Cast(corner_plane(g, codes, (side, side), "code_f"), to=2, name="code")   # 0 off the grid
        walls = g.Div(code, g.const(np.uint8(WALL_CODE), name="wall_code"), name="walls")   # 1 on a wall
        vertical = g.MaxPool(walls, kernel_shape=[3, 1], pads=[1, 0, 1, 0], name="wall_above_below")
        edge = np.zeros((1, 1, 1, side), np.uint8)
        edge[..., 0] = edge[..., -1] = 1
        marked = g.Max(vertical, g.const(edge, name="edge_cols"), name="marked")    # walls, seeds (and more)
        col = np.arange(side)
        nearest = []
        for label, rank, pads in (("left", col + 1, [0, side - 1, 0, 0]),
                                  ("right", side - col, [0, 0, 0, side - 1])):
            # 4 rank + [seed]: the larger rank is the nearer marker on this side; its remainder tells its kind
            marker = g.Sub(g.Mul(marked, g.const((4 * rank + 1).astype(np.uint8).reshape(1, 1, 1, side),
                                                 name=f"{label}_rank"), name=f"{label}_marks"),
                           walls, name=f"{label}_marker")
            nearest.append(g.MaxPool(marker, kernel_shape=[1, side], pads=pads, name=f"nearest_{label}"))
        # (left + right) mod 4 counts the seeds among the two nearest markers (<= 2 * 121 < 256 at side 30);
        # a wall cell reads 0 there too, and compares with its wall plane's 1
        seeds_seen = g.Mod(g.Add(*nearest, name="nearest_both"), g.const(np.uint8(4), name="four"),
                           name="seeds_seen")
        paint = g.Equal(seeds_seen, walls, name="paint")
        painted = g.Where(paint, g.const(np.uint8(codes[fill]), name="fill_code"), code, name="painted")
        return g.model(decode_code(g, painted, (side, side), codes=codes))
