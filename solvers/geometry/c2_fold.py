"""Fold: the input's two halves (maybe split by a separator line) folded onto each other.

The far half is mirrored across the fold line and overlaid on the near one, one half's colours
winning where both are coloured. Shapes are fixed, so both halves are grid-sized Slices (the far one
with step -1), one Where picks per cell and a Pad places the result on the canvas.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import fixed_shape


def halves(grid: np.ndarray, axis: int):
    """(near, far mirrored) for a grid folded across its middle along `axis`; None if it cannot fold."""
    g = grid if axis == 1 else grid.T
    w = g.shape[1]
    k = w // 2
    near, far = g[:, :k], g[:, w - k:][:, ::-1]
    if axis == 0:
        near, far = near.T, far.T
    return near, far


def fold(grid, axis, near_wins):
    near, far = halves(grid, axis)
    top, under = (near, far) if near_wins else (far, near)
    return np.where(top != 0, top, under)


class Fold(Solver):
    name = "c2_fold"
    description = ("output = the input folded in half across its middle (separator line or not): the far "
                   "half mirrored onto the near one, one of them winning where both are coloured")

    def fit(self, examples):
        shape = fixed_shape(examples)
        if shape is None or len({o.shape for _, o in examples}) != 1:
            return None
        for axis in (1, 0):
            for near_wins in (True, False):
                if all(fold(i, axis, near_wins).shape == o.shape and np.array_equal(fold(i, axis, near_wins), o)
                       for i, o in examples):
                    return shape, axis, near_wins
        return None

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
        return g.model(g.Pad(out, g.ints([0, 0, 0, 0, 0, 0, 30 - oh, 30 - ow])))
