"""Solid window opening: coloured cells survive only where they belong to a fully coloured kh x kw window
(a morphological opening): noise pixels and thin spurs vanish, solid blocks stay.

Graph: one Conv counts coloured cells per window, a threshold marks the full windows, a second Conv
spreads them back over their cells, and one Where writes background over the coloured cells left out."""
from __future__ import annotations

import numpy as np
from onnx import TensorProto

from neurogolf.graph import Graph

from .. import Solver
from ._changes import erases_only

WINDOWS = ((2, 2), (3, 3), (1, 2), (2, 1), (1, 3), (3, 1))


def opening(grid: np.ndarray, kh: int, kw: int) -> np.ndarray:
    h, w = grid.shape
    coloured = grid != 0
    covered = np.zeros_like(coloured)
    for r in range(h - kh + 1):
        for c in range(w - kw + 1):
            if coloured[r:r + kh, c:c + kw].all():
                covered[r:r + kh, c:c + kw] = True
    return np.where(covered, grid, 0)


class SolidWindowOpening(Solver, name="solid_window_opening", tasks=("task193",), refuses="task002",
                         aliases=("c3_opening",)):
    """Output = the input with every coloured cell that is not part of a fully coloured 2x2 (or 3x3, or line) window
    erased: removes noise, keeps solid blocks."""

    def plans(self, examples):
        if erases_only(examples):
            yield from WINDOWS

    def rule(self, window, grid):
        return opening(grid, *window)

    def build(self, plan):
        kh, kw = plan
        g = Graph()
        window = np.zeros((1, 10, kh, kw), np.float32)
        window[0, 1:] = 1
        count = g.Conv(g.input, g.const(window, name="window_w"), pads=[0, 0, kh - 1, kw - 1], name="window_count")
        full = g.Cast(g.Greater(count, g.const(np.array([kh * kw - 0.5], np.float32), name="full_at"),
                                name="full"), to=TensorProto.FLOAT, name="full_f")
        spread = g.Conv(full, g.const(np.ones((1, 1, kh, kw), np.float32), name="spread_w"),
                        pads=[kh - 1, kw - 1, 0, 0], name="cover")
        coloured = g.Conv(g.input, g.const(window[:, :, :1, :1], name="nonbg_w"), name="coloured")
        drop = g.Greater(g.Sub(coloured, spread, name="uncovered"),
                         g.const(np.array([0.5], np.float32), name="half"), name="drop")
        background = np.zeros((1, 10, 1, 1), np.float32)
        background[0, 0] = 1
        return g.model(g.Where(drop, g.const(background, name="background"), g.input))
