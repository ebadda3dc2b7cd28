"""Sparse cell erase: a coloured cell with fewer than t coloured 8-neighbours (or 4-neighbours) is erased.

One Conv is the whole graph: colour channel c scores 9*x_c + n - 9 - (t-1) (positive iff the cell keeps
colour c), channel 0 scores 18*x_0 + 9*nz - n + t - 9 (background stays, erased cells become background),
where n counts coloured neighbours and nz is the centre's own ink; outside the grid every score is < 0.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from ._changes import erases_only

KERNELS = {
    "square": np.array([[1, 1, 1], [1, 0, 1], [1, 1, 1]], np.float32),
    "cross": np.array([[0, 1, 0], [1, 0, 1], [0, 1, 0]], np.float32),
}


def neighbours(grid, kernel):
    ink = np.pad(grid != 0, 1).astype(np.int64)
    h, w = grid.shape
    return sum(ink[dr:dr + h, dc:dc + w] * int(kernel[dr, dc]) for dr in range(3) for dc in range(3))


def erase_sparse(grid, kname, t):
    return np.where((grid != 0) & (neighbours(grid, KERNELS[kname]) < t), 0, grid)


class SparseCellErase(Solver, name="sparse_cell_erase", tasks=("task097", "task193"), refuses="task132",
                      aliases=("c4_sparse",)):
    """Same-shape grids where every coloured cell with fewer than t coloured neighbours (8- or 4-neighbourhood) is
    erased to background; all other cells stay."""

    def plans(self, examples):
        """Per neighbourhood, t = the fewest coloured neighbours a kept cell has."""
        if not erases_only(examples):
            return
        for kname, kernel in KERNELS.items():
            kept = np.concatenate([neighbours(i, kernel)[(i != 0) & (o != 0)] for i, o in examples])
            if kept.size and kept.min() >= 1:
                yield kname, int(kept.min())

    def rule(self, plan, grid):
        return erase_sparse(grid, *plan)

    def build(self, plan):
        kname, t = plan
        k = KERNELS[kname]
        w = np.zeros((10, 10, 3, 3), np.float32)
        w[1:, 1:] = k                       # every colour counts its coloured neighbours
        w[0, 1:] = -k
        for c in range(1, 10):
            w[c, c, 1, 1] = 9
        w[0, 0, 1, 1] = 18
        w[0, 1:, 1, 1] = 9
        bias = np.full(10, -9 - (t - 1), np.float32)
        bias[0] = t - 9
        g = Graph()
        return g.model(g.Conv(g.input, g.const(w, name="sparse_kernel"), g.const(bias, name="bias"),
                              pads=[1, 1, 1, 1]))
