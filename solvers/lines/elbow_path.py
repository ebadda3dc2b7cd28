"""Elbow path: from the one cell of colour A a path runs along A's column to B's row, then along that row
to the one cell of colour B; its cells (both ends excluded) are painted one colour.

Row/column profiles of A and B, their cumulative sums (one triangular Einsum) give each line's span as
a signed vector (> 0 inside); one Einsum crosses the two spans with the two lines into a [30,30] score.
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
        sel = np.zeros((10, 2), np.float32)
        sel[a, 0] = sel[b, 1] = 1
        sel = g.const(sel, name="pick_ab")
        tri = g.const(np.triu(np.ones((30, 30), np.float32)), name="upto")
        rows = g.Einsum(g.input, sel, equation="bcij,ck->bki", name="ab_rows")
        cols = g.Einsum(g.input, sel, equation="bcij,ck->bkj", name="ab_cols")
        crow = g.Einsum(rows, tri, equation="bki,il->bkl", name="ab_rows_cum")
        ccol = g.Einsum(cols, tri, equation="bkj,jl->bkl", name="ab_cols_cum")
        amb = g.const(np.float32([1, -1]), name="a_minus_b")
        bma = g.const(np.float32([-1, 1]), name="b_minus_a")
        # column A between A's row (excluded) and B's row (included)
        vspan = g.Add(g.Abs(g.Einsum(crow, amb, equation="bki,k->bi", name="rows_gap"), name="rows_between"),
                      g.Einsum(rows, bma, equation="bki,k->bi", name="rows_b_not_a"), name="vertical_span")
        # row B between A's column (included) and B's column (excluded)
        hspan = g.Add(g.Abs(g.Einsum(ccol, amb, equation="bkj,k->bj", name="cols_gap"), name="cols_between"),
                      g.Einsum(cols, amb, equation="bkj,k->bj", name="cols_a_not_b"), name="horizontal_span")
        # score[i,j] = relu(vspan[i]) * colA[j] + rowB[i] * relu(hspan[j])
        row_terms = g.Concat(g.Unsqueeze(g.Relu(vspan, name="v_on"), axes=[1], name="v_term"),
                             g.Slice(rows, g.ints([1]), g.ints([2]), g.ints([1]), name="row_b"),
                             axis=1, name="row_terms")
        col_terms = g.Concat(g.Slice(cols, g.ints([0]), g.ints([1]), g.ints([1]), name="col_a"),
                             g.Unsqueeze(g.Relu(hspan, name="h_on"), axes=[1], name="h_term"),
                             axis=1, name="col_terms")
        score = g.Einsum(row_terms, col_terms, equation="bki,bkj->bij", name="path_score")
        on = g.Greater(score, g.const(np.float32(0), name="zero"), name="on_path")
        ink = np.zeros((1, 10, 1, 1), np.float32)
        ink[0, paint] = 1
        return g.model(g.Where(on, g.const(ink, name="ink"), g.input))
