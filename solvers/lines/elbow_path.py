"""Elbow path: from the one cell of colour A a path runs along A's column to B's row, then along that row
to the one cell of colour B; its cells (both ends excluded) are painted one colour.

Graph: per axis the A-minus-B line profile (one Einsum of the input) and its CumSum, the gap (+-1 on
[min, max) of the two lines); per axis one Concat of (ones, gap, A - B). One Einsum of the input, these factors (each passed twice, so the
gaps enter squared: no Abs) and small term tables writes `output`: a cell keeps its colour, and a black
cell turns to paint where P = gap_r^2 colA - (rowA - rowB) (gap_c^2 + colA) > 0, colA = (d^2 + d) / 2
for d = colA - colB. P >= 1 on every path cell
(the corner gets colA from the second term) and <= 0 on every other black cell (A's row only loses, and
B's row gains only between the columns); A's and B's own cells keep their colour whatever P is.
Exact wherever the rule applies.
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

        pick = np.zeros((10, 1), np.float32)
        pick[a, 0], pick[b, 0] = 1, -1
        a_minus_b = g.const(pick, name="a_minus_b")
        ones = g.const(np.ones((1, 1, 30), np.float32), name="ones")
        axis = g.const(np.array(2, np.int32), name="axis")
        factors = []
        for label, eq in (("row", "bcij,ck->bki"), ("col", "bcij,ck->bkj")):
            diff = g.Einsum(g.input, a_minus_b, equation=eq, name=f"{label}_a_minus_b")          # [1,1,30]
            gap = g.CumSum(diff, axis, name=f"{label}_gap")                                    # +-1 between
            factors.append(g.Concat(ones, gap, diff, axis=1, name=f"{label}_factors"))         # [1,3,30]
        # P = gap_r^2 colA - (rowA - rowB) (gap_c^2 + colA), colA = (d^2 + d) / 2 for d = colA - colB: the
        # gaps squared are 1 on [min, max) of the two lines; P >= 1 on every path cell, <= 0 on every other
        # black cell (A's and B's own cells keep their colour whatever P is, since only black turns to paint)
        row_terms, col_terms = np.zeros((3, 3, 3), np.float32), np.zeros((3, 3, 3), np.float32)
        row_terms[0, 0, 0] = col_terms[0, 0, 0] = 1              # the input as it is
        row_terms[1, 1, 1] = 1                                    # gap_r^2 ...
        col_terms[2, 2, 1] = col_terms[2, 0, 1] = 0.5             # ... colA
        row_terms[2, 0, 2] = -1                                   # -(rowA - rowB) ...
        col_terms[1, 1, 2], col_terms[2, 2, 2], col_terms[2, 0, 2] = 1, 0.5, 0.5   # ... (gap_c^2 + colA)
        kind = np.zeros((3, 2), np.float32)
        kind[0, 0] = kind[1:, 1] = 1          # the input as it is; the path terms
        n = np.zeros((2, 10, 10), np.float32)
        n[0] = np.eye(10)
        n[1, 0, 0], n[1, 0, paint] = -1, 1   # on the path a black cell turns to paint
        rows, cols = factors
        return g.model(g.Einsum(g.input, g.const(n, name="keep_or_paint"), g.const(kind, name="term_kind"),
                                g.const(row_terms, name="row_terms"), g.const(col_terms, name="col_terms"),
                                rows, rows, cols, cols, equation="bcij,scd,ts,kmt,lnt,bki,bmi,blj,bnj->bdij"))
