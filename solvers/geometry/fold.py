"""The input folded in half across its middle (a separator line or not): the far half, mirrored across
the fold line, is overlaid on the near one, one half's colours winning where both are coloured.

Shapes are fixed, so both halves are grid-sized Slices (the far one with step -1), one Where picks per
cell and a Pad places the result on the canvas.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import N, fixed_out_shape, fixed_shape


def fold(grid, axis, near_wins):
    """The near half (columns for axis 1, rows for axis 0) overlaid with the mirrored far half."""
    g = grid if axis == 1 else grid.T
    k = g.shape[1] // 2
    if k == 0:
        return None
    near, far = g[:, :k], g[:, g.shape[1] - k:][:, ::-1]
    top, under = (near, far) if near_wins else (far, near)
    out = np.where(top != 0, top, under)
    return out if axis == 1 else out.T


class Fold(Solver, name="fold", tasks=("task360",), refuses="task041", aliases=("c2_fold",)):
    """Output = the input folded in half across its middle (separator line or not): the far half mirrored onto the near
    one, one of them winning where both are coloured."""

    def plans(self, examples):
        shape = fixed_shape(examples)
        if shape is None or fixed_out_shape(examples) is None:
            return
        for axis in (1, 0):
            for near_wins in (True, False):
                yield shape, axis, near_wins

    def rule(self, plan, grid):
        """The graph slices the one input shape it was fitted on."""
        shape, axis, near_wins = plan
        return fold(grid, axis, near_wins) if grid.shape == tuple(shape) else None

    def build(self, plan):
        (h, w), axis, near_wins = plan
        g = Graph()
        n = w if axis == 1 else h
        k = n // 2
        ax = 3 if axis == 1 else 2
        other_ax, other_n = (2, h) if axis == 1 else (3, w)
        near = g.Slice(g.input, g.ints([0, 0]), g.ints([k, other_n]), g.ints([ax, other_ax]), name="near")
        far = g.Slice(g.input, g.ints([n - 1, 0]), g.ints([n - 1 - k, other_n]), g.ints([ax, other_ax]),
                      g.ints([-1, 1]), name="far_mirrored")
        top, under = (near, far) if near_wins else (far, near)
        top_bg = g.Slice(top, g.ints([0]), g.ints([1]), g.ints([1]), name="top_bg")
        show_under = g.Greater(top_bg, g.const(np.float32(0.5)), name="top_empty")
        out = g.Where(show_under, under, top, name="folded")
        oh, ow = (h, k) if axis == 1 else (k, w)
        return g.model(g.Pad(out, g.ints([0, 0, 0, 0, 0, 0, N - oh, N - ow])))
