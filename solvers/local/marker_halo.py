"""Marker halo: background cells next to a cell of one colour (8- or 4-neighbourhood, or within 2) get a
fixed paint colour; everything else stays.

One Conv over the input scores each cell: +1 per marker cell in its neighbourhood, +100 when the cell
itself is background, -100 bias, so "score > 0" is exactly the halo; one Where writes the output.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from ._changes import paints_background_only, painted_colour

KERNELS = {
    "square": np.ones((3, 3), bool),
    "cross": np.array([[0, 1, 0], [1, 1, 1], [0, 1, 0]], bool),
    "diag": np.array([[1, 0, 1], [0, 1, 0], [1, 0, 1]], bool),
    "square5": np.ones((5, 5), bool),
}


def near(mask, kernel):
    k = kernel.shape[0] // 2
    h, w = mask.shape
    p = np.pad(mask, k)
    out = np.zeros_like(mask)
    for dr, dc in zip(*np.nonzero(kernel)):
        out |= p[dr:dr + h, dc:dc + w]
    return out


def halo(grid, marker, paint, kname):
    return np.where(near(grid == marker, KERNELS[kname]) & (grid == 0), paint, grid)


class MarkerHalo(Solver, name="marker_halo", tasks=("task095", "task352"), refuses="task139", aliases=("c2_halo",)):
    """Same-shape grids where background cells touching a cell of one marker colour (8- or 4-neighbours, diagonals, or
    within two cells) are painted one fixed colour."""

    def plans(self, examples):
        paint = painted_colour(examples)
        if paint is None or not paints_background_only(examples):
            return
        yield from ((marker, paint, kname) for marker in range(1, 10) if marker != paint for kname in KERNELS)

    def rule(self, plan, grid):
        return halo(grid, *plan)

    def build(self, plan):
        marker, paint, kname = plan
        kernel = KERNELS[kname]
        n = kernel.shape[0]
        w = np.zeros((1, 10, n, n), np.float32)
        w[0, marker] = kernel
        w[0, 0, n // 2, n // 2] = 100         # only background cells (not outside the grid) can score
        g = Graph()
        score = g.Conv(g.input, g.const(w, name="halo_kernel"), g.const(np.float32([-100]), name="bias"),
                       pads=[n // 2] * 4, name="halo_score")
        here = g.Greater(score, g.const(np.float32(0.5)), name="halo")
        ink = np.zeros((1, 10, 1, 1), np.float32)
        ink[0, paint] = 1
        return g.model(g.Where(here, g.const(ink, name="ink"), g.input))
