"""The colours of the first L cells of the main diagonal (all distinct) cycle: every cell of the colour at
diagonal cell k becomes the colour at diagonal cell (k + s) mod L (concentric rings shift their colours
one ring inward or outward).

Graph: one Einsum of the input with itself, no intermediate. Diagonal cell k carries the unit vector at angle
2 pi k / L (a [30, 2] table, zero past L); a colour d sums the vectors of the diagonal cells it fills, U_d,
and a cell of colour d lights channel c by U_d . R U_c, R the turn by -2 pi s / L: 1 where c is the colour
at k + s, cos(2 pi m / L) <= -0.5 for the other diagonal colours (L <= 3) and 0 for absent ones."""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import C, N, same_shape

LENGTHS = (3, 2)        # L <= 3 keeps the off-target scores at <= -0.5


def _cycled(grid, length, shift):
    """The grid with every colour of the first `length` diagonal cells moved `shift` cells on; None unless
    they are distinct and cover every colour of the grid."""
    if grid.shape[0] < length or grid.shape[1] < length:
        return None
    diag = [int(grid[k, k]) for k in range(length)]
    if len(set(diag)) < length or set(np.unique(grid).tolist()) - set(diag):
        return None
    table = np.arange(C)
    for k, d in enumerate(diag):
        table[d] = diag[(k + shift) % length]
    return table[grid]


class DiagonalCycle(Solver, name="diagonal_cycle", tasks=("task298",), refuses="task229"):
    """The colours of the first L main-diagonal cells cycle (k -> k + s mod L); e.g. concentric rings shift
    their colours one ring inward."""

    def plans(self, examples):
        if not same_shape(examples):
            return
        for length in LENGTHS:
            for shift in range(1, length):
                if all((o2 := _cycled(i, length, shift)) is not None and np.array_equal(o2, o)
                       for i, o in examples):
                    yield {"length": length, "shift": shift}

    def rule(self, plan, grid):
        return _cycled(grid, plan["length"], plan["shift"])

    def build(self, plan):
        length, shift = plan["length"], plan["shift"]
        angles = 2 * np.pi * np.arange(length) / length
        diagonal = np.zeros((N, 2), np.float32)                     # [diagonal cell, 2-d vector]
        diagonal[:length] = np.stack([np.cos(angles), np.sin(angles)], 1)
        a = -2 * np.pi * shift / length
        turn = np.array([[np.cos(a), -np.sin(a)], [np.sin(a), np.cos(a)]], np.float32)     # R u_j = u_(j - s)
        g = Graph()
        vec = g.const(diagonal, name="diagonal_vectors")
        return g.model(g.Einsum(g.input, g.input, vec, g.const(turn, name="turn"), g.input, vec,
                                equation="bdij,bdxx,xk,km,bcyy,ym->bcij"))
