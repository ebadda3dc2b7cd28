"""Marker halo: background cells next to a cell of one colour (8- or 4-neighbourhood, or within 2) get a
fixed paint colour; everything else stays.

One Conv from the input writes the output: each channel's score is > 0 exactly where the rule puts that
colour (see `MarkerHalo.build`).
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
        """One Conv from `input` writes `output` (K = kernel cells, k = marker cells in a cell's kernel):
        black channel X0 - k, paint channel K*X0 + k + (K+1)*Xpaint - K, every other channel itself; the
        ">0" decoding is exactly the halo rule. When black, marker and paint all lie in channels 0-4 (or
        5-9), the Conv runs in two groups of five channels, halving the weights."""
        marker, paint, kname = plan
        kernel = KERNELS[kname].astype(np.float32)
        n = kernel.shape[0]
        big = float(kernel.sum())
        c = n // 2
        w = np.zeros((10, 10, n, n), np.float32)
        bias = np.zeros(10, np.float32)
        for o in range(10):
            w[o, o, c, c] = 1
        w[0, marker] -= kernel
        w[paint, paint, c, c] = big + 1
        w[paint, 0, c, c] = big
        w[paint, marker] += kernel
        bias[paint] = -big
        groups = 2 if max(marker, paint) < 5 else 1
        if groups == 2:
            w = np.concatenate([w[:5, :5], w[5:, 5:]])                       # [10,5,n,n]
        g = Graph()
        return g.model(g.Conv(g.input, g.const(w, name="halo_kernel"), g.const(bias, name="bias"),
                              pads=[c] * 4, group=groups, name="halo"))
