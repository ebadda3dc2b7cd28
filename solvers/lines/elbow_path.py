"""Elbow path: from the one cell of colour A a path runs along A's column to B's row, then along that row
to the one cell of colour B; its cells (both ends excluded) are painted one colour.

Graph: per axis one Einsum of the input gives two lines (a positive count of grid cells, A minus B) and
one CumSum of them (a positive running count, the gap: +-1 on [min, max) of A's and B's lines). One Einsum
of the input, these four [1,2,30] tensors (passed twice where a square is needed: no Abs, no Concat) and
small term tables writes `output`: a cell keeps its colour, and a black cell turns to paint where
P = gap_r^2 colA - (rowA - rowB) (gap_c^2 + colA) > 0 (each term times positive line weights),
colA = (d^2 + d) / 2 for d = colA - colB. P > 0 on every path cell (the corner gets colA from the second
term) and <= 0 on every other black cell (A's row only loses, and B's row gains only between the columns);
A's and B's own cells keep their colour whatever P is. Exact wherever the rule applies.
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

        # per line (row i, column j) the Einsum reads (count of grid cells, A - B): rows sum every cell of the
        # row (the width, > 0 inside the grid), columns only row 0's cell (1 inside the grid)
        pick = np.ones((10, 2), np.float32)
        pick[:, 1] = 0
        pick[a, 1], pick[b, 1] = 1, -1
        pick = g.const(pick, name="grid_and_a_minus_b")
        first_only = np.ones((2, 30), np.float32)
        first_only[0, 1:] = 0
        axis = g.const(np.array(2, np.int32), name="axis")
        row_lines = g.Einsum(g.input, pick, equation="bcij,ck->bki", name="row_lines")            # [1,2,30]
        col_lines = g.Einsum(g.input, pick, g.const(first_only, name="first_row_only"), equation="bcij,ck,ki->bkj",
                             name="col_lines")                                                 # [1,2,30]
        # CumSum: (a positive running count, the gap: +-1 on [min, max) of A's and B's lines)
        row_sums, col_sums = (g.CumSum(t, axis, name=f"{t}_cumsum") for t in (row_lines, col_lines))
        # P = gap_r^2 colA - (rowA - rowB) (gap_c^2 + colA), colA = (d^2 + d) / 2 for d = colA - colB, each term
        # times positive line weights (width w, running counts R_i = w min(i+1, H), C_j = min(j+1, W)): P > 0 on
        # every path cell, <= 0 on every other black cell, term by term (A's and B's own cells keep their colour
        # whatever P is: only black turns to paint). The input term, at most 1e-6 w R_i^2 C_j^2 (below), stays
        # under P on the path for any grid up to 30 x 30: the vertical leg's P is w C_j^2 (ratio 1e-6 R_i^2 <= 0.81),
        # the horizontal leg's at least R_i^2 (ratio 1e-6 w C_j^2 <= 0.03)
        row_terms = np.zeros((2, 2, 2, 3), np.float32)           # [row line, row sum, row sum, term]
        col_terms = np.zeros((2, 2, 2, 2, 3), np.float32)        # [col line, col line, col sum, col sum, term]
        row_terms[0, 0, 0, 0] = col_terms[0, 0, 0, 0, 0] = 1     # the input as it is
        row_terms[0, 1, 1, 1] = 1                                 # gap_r^2 ...
        col_terms[1, 1, 0, 0, 1] = col_terms[1, 0, 0, 0, 1] = 0.5  # ... colA
        row_terms[1, 0, 0, 2] = -1                                # -(rowA - rowB) ...
        col_terms[0, 0, 1, 1, 2] = 1                              # ... (gap_c^2 ...
        col_terms[1, 1, 0, 0, 2] = col_terms[1, 0, 0, 0, 2] = 0.5  # ... + colA)
        # output colour d's score, term q: the input term keeps each cell's colour c as the quadratic form
        # 1/2 - (d - c)^2 (1/2 on c, <= -1/2 elsewhere; q = 0..2 over (1, c, c^2) x (1, d, d^2)), the path terms
        # turn black into paint (q = 3: [c = 0] x ([d = paint] - [d = 0])): [4,10] tables, not a [2,10,10] one.
        # The input term is scaled by 1e-8 (its worst channel, -80.5 on paint 9, stays below 0.81 of P on the path)
        d = np.arange(10, dtype=np.float32)
        by_colour = np.stack([np.ones(10, np.float32), d, -d ** 2, (d == 0).astype(np.float32)])      # [q, c]
        to_output = np.stack([0.5 - d ** 2, 2 * d, np.ones(10, np.float32),
                              (d == paint).astype(np.float32) - (d == 0)])                             # [q, d]
        kind = np.zeros((3, 4), np.float32)
        kind[0, :3], kind[1:, 3] = 1e-8, 1    # the input as it is, scaled down; the path terms
        return g.model(g.Einsum(g.input, g.const(kind, name="term_kind"), g.const(by_colour, name="colour_terms"),
                                g.const(to_output, name="output_terms"),
                                g.const(row_terms, name="row_terms"), g.const(col_terms, name="col_terms"),
                                row_lines, row_sums, row_sums, col_lines, col_lines, col_sums, col_sums,
                                equation="bcij,tq,qc,qd,kmpt,luvwt,bki,bmi,bpi,blj,buj,bvj,bwj->bdij"))
