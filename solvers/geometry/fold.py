"""The input folded in half across its middle (a separator line or not): the far half, mirrored across
the fold line, is overlaid on the near one, one half's colours winning where both are coloured.

Shapes are fixed, so one Einsum of the input with itself, a rank-k mirror map and two small colour tables
writes `output` directly (see `Fold.build`).
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import N, fixed_out_shape, fixed_shape


def fold(grid, axis, near_wins):
    """The near half (columns for axis 1, rows for axis 0) overlaid with the mirrored far half; near_wins None:
    the halves must agree where both are coloured (None otherwise: that graph would light both colours)."""
    g = grid if axis == 1 else grid.T
    k = g.shape[1] // 2
    if k == 0:
        return None
    near, far = g[:, :k], g[:, g.shape[1] - k:][:, ::-1]
    if near_wins is None:
        if ((near != 0) & (far != 0) & (near != far)).any():
            return None
        near_wins = True
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
            for near_wins in (None, True, False):
                yield shape, axis, near_wins

    def rule(self, plan, grid):
        """The graph slices the one input shape it was fitted on."""
        shape, axis, near_wins = plan
        return fold(grid, axis, near_wins) if grid.shape == tuple(shape) else None

    def build(self, plan):
        """One Einsum writes `output` from the input used twice (near cell, mirrored far cell): the far cell is
        read through a rank-k [30,k] x [k,30] mirror map, and two [2,10,10] tables give, per output colour o,
        top[o] * u[o] * sum(under) + top[0] * under[o] * v[o] (u = -1, v = 2 on black, 1 elsewhere): the top
        colour where it is not black, else the under colour. Exact on every grid of the fitted shape."""
        (h, w), axis, near_wins = plan
        if near_wins is None:
            return self.build_union(plan)
        g = Graph()
        n = w if axis == 1 else h
        k = n // 2
        near_map = np.eye(N, k, dtype=np.float32)                         # [30,k]: output line t < k
        far_map = np.zeros((k, N), np.float32)                            # [k,30]: line t reads line n-1-t
        far_map[np.arange(k), n - 1 - np.arange(k)] = 1
        u = np.ones(10, np.float32)
        u[0] = -1
        v = np.ones(10, np.float32)
        v[0] = 2
        top_t = np.stack([np.diag(u), np.tile(np.eye(10, dtype=np.float32)[0], (10, 1))])      # [2,o,x]
        under_t = np.stack([np.ones((10, 10), np.float32), np.diag(v)])                        # [2,o,x]
        near_t, far_t = (top_t, under_t) if near_wins else (under_t, top_t)
        far_labels = "bkhv" if axis == 1 else "bkvw"
        line = "w" if axis == 1 else "h"
        return g.model(g.Einsum(g.input, g.input, g.const(near_map, name="near_lines"),
                                g.const(far_map, name="far_lines"), g.const(near_t, name="near_table"),
                                g.const(far_t, name="far_table"),
                                equation=f"bahw,{far_labels},{line}t,tv,soa,sok->bohw", name="folded"))

    def build_union(self, plan):
        """Halves that agree where both are coloured: one Einsum reads `input` once through a rank-k map
        (line t < k takes lines t and n-1-t), so each colour channel holds near + far (> 0 where either has the
        colour), and one [10,10] table takes 0.75 of the cell count off the black channel (> 0 only where both
        halves are black). Exact on every grid of the fitted shape."""
        (h, w), axis, _ = plan
        g = Graph()
        n = w if axis == 1 else h
        k = n // 2
        near_map = np.eye(N, k, dtype=np.float32)                         # [30,k]: output line t < k
        both_map = np.zeros((k, N), np.float32)                           # [k,30]: lines t and n-1-t
        both_map[np.arange(k), np.arange(k)] = 1
        both_map[np.arange(k), n - 1 - np.arange(k)] = 1
        table = np.eye(10, dtype=np.float32)                              # [input colour, output colour]
        table[:, 0] -= 0.75
        read = "bahv" if axis == 1 else "bavw"
        line = "w" if axis == 1 else "h"
        return g.model(g.Einsum(g.input, g.const(near_map, name="near_lines"), g.const(both_map, name="both_lines"),
                                g.const(table, name="black_offset"), equation=f"{read},{line}t,tv,ao->bohw",
                                name="folded"))
