"""Elbow path: from the one cell of colour A a path runs along A's column to B's row, then along that row
to the one cell of colour B; its cells (both ends excluded) are painted one colour.

Graph: A minus B's row profile and its CumSum give |gap| = 1 between A's and B's rows; V = |row gap| -
(rowA - rowB) is > 0 exactly on A's column leg (A's row excluded, B's included: 2 on B's row when it lies
above) and -1 at most on A's own row; H = |col gap| + (colA - colB) likewise on B's row leg. One Einsum
of the input, these row and column factors and small tables writes `output`: per cell
x (1 - P) + P paint with P = V[i] colA[j] + rowB[i] H[j], which is > 0 exactly on the path (where paint
wins) and >= -1 elsewhere (-1 only on A's or B's own cell, which then keeps its colour at twice the
weight). Exact wherever the rule applies.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import same_shape


def elbow(grid, a, b, paint):
    """The path from the one A cell to the one B cell; None unless there is one of each, on two rows
    (on A's row the graph's horizontal leg would start on A itself)."""
    if (grid == a).sum() != 1 or (grid == b).sum() != 1:
        return None
    ra, ca = np.argwhere(grid == a)[0]
    rb, cb = np.argwhere(grid == b)[0]
    if ra == rb:
        return None
    out = grid.copy()
    down = 1 if rb > ra else -1
    out[list(range(ra + down, rb + down, down)), ca] = paint        # A's column, B's row included
    across = 1 if cb > ca else -1
    out[rb, list(range(ca, cb, across))] = paint                     # B's row, B itself excluded
    return out


class ElbowPath(Solver, name="elbow_path", tasks=("task246", "task335"), refuses="task232",
                aliases=("c4_elbow", "c3_elbow")):
    """Same-shape grids with one cell of colour A and one of colour B: an L-shaped path runs from A along its column to
    B's row and then along the row to B, painted one colour."""

    def plans(self, examples):
        if not same_shape(examples):
            return
        i0, o0 = examples[0]
        diff = set(o0[i0 != o0].tolist())
        if len(diff) != 1:
            return
        paint = diff.pop()
        single = [c for c in range(1, 10) if all((i == c).sum() == 1 for i, _ in examples)]
        yield from ((a, b, paint) for a in single for b in single if a != b)

    def rule(self, plan, grid):
        return elbow(grid, *plan)

    def build(self, plan):
        a, b, paint = plan
        g = Graph()

        def pick(*colours):
            w = np.zeros((10, 1), np.float32)
            for c, sign in colours:
                w[c, 0] = sign
            return g.const(w, name="pick")

        a_minus_b = pick((a, 1), (b, -1))
        ones = g.const(np.ones((1, 1, 30), np.float32), name="ones")
        axis = g.const(np.array(2, np.int32), name="axis")
        factors = []
        for label, eq, end in (("row", "bcij,ck->bki", b), ("col", "bcij,ck->bkj", a)):
            diff = g.Einsum(g.input, a_minus_b, equation=eq, name=f"{label}_a_minus_b")          # [1,1,30]
            gap = g.Abs(g.CumSum(diff, axis, name=f"{label}_gap"), name=f"{label}_between")
            line = g.Einsum(g.input, pick((end, 1)), equation=eq, name=f"{label}_line")
            factors.append(g.Concat(ones, gap, diff, line, axis=1, name=f"{label}_factors"))     # [1,4,30]
        # path P = V[i] colA[j] + rowB[i] H[j], V = |row gap| - (rowA - rowB), H = |col gap| + (colA - colB)
        q = np.zeros((4, 4, 2), np.float32)
        q[0, 0, 0] = 1                       # the input as it is
        q[1, 3, 1], q[2, 3, 1] = 1, -1       # |row gap| colA, -(rowA - rowB) colA
        q[3, 1, 1], q[3, 2, 1] = 1, 1        # rowB |col gap|, rowB (colA - colB)
        n = np.zeros((2, 10, 10), np.float32)
        n[0] = np.eye(10)
        n[1] = -np.eye(10)
        n[1, :, paint] += 1                  # on the path: paint in, the cell's colour out
        return g.model(g.Einsum(g.input, g.const(n, name="keep_or_paint"), g.const(q, name="path_terms"),
                                *factors, equation="bcij,scd,kls,bki,blj->bdij"))
