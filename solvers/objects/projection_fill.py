"""Projection fill: each cell is recoloured by a table on its colour, whether its row holds colour a and
whether its column holds colour b.

Extents come from projections instead of connected components (which need unbounded propagation): whether
a row or column holds a colour is one small Einsum, and "inside the bounding box of everything" or "in an
empty row" follow from a cell's two projections.
"""
from __future__ import annotations

import itertools

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import C, N
from ._guards import edits_in_place


def _line_bits(grid, colour):
    """Per cell: does its row hold the colour, does its column (colour None: any non-background)."""
    m = grid != 0 if colour is None else grid == colour
    return (np.broadcast_to(m.any(axis=1)[:, None], m.shape).astype(np.int64),
            np.broadcast_to(m.any(axis=0)[None, :], m.shape).astype(np.int64))


class ProjectionFill(Solver, name="projection_fill", tasks=("task166", "task299", "task303"), refuses="task276",
                     fit_splits=("train", "test", "arc-gen")):
    """Recolour each cell by a table on its colour, whether its row holds colour a and whether its column holds colour
    b (fill the bounding box of everything, fill empty rows and columns, draw lines through the rows of a and the
    columns of b, ...)."""

    def plans(self, examples):
        if not edits_in_place(examples):
            return
        ins = np.concatenate([i.ravel() for i, _ in examples])
        outs = np.concatenate([o.ravel() for _, o in examples])
        if self._table(ins * 4, outs) is not None:
            return                                                      # a plain colour map
        colours = (None, *range(1, C))
        few = sum(i.size for i, _ in examples[:3])          # a quick check on the first examples first
        few_bits = {k: [_line_bits(i, k) for i, _ in examples[:3]] for k in colours}
        few_rows = {k: np.concatenate([r.ravel() for r, _ in v]) for k, v in few_bits.items()}
        few_cols = {k: np.concatenate([c.ravel() for _, c in v]) for k, v in few_bits.items()}
        full = {}
        for a, b in itertools.product(colours, repeat=2):
            if self._table(ins[:few] * 4 + few_rows[a] * 2 + few_cols[b], outs[:few]) is None:
                continue
            for k in (a, b):
                if k not in full:
                    full[k] = [_line_bits(i, k) for i, _ in examples]
            rows = np.concatenate([r.ravel() for r, _ in full[a]])
            cols = np.concatenate([c.ravel() for _, c in full[b]])
            table = self._table(ins * 4 + rows * 2 + cols, outs)
            if table is not None:
                yield a, b, table

    @staticmethod
    def _table(keys, outs):
        """{key: colour} when every key (0..39) maps to one colour, else None."""
        seen = np.bincount(keys * C + outs, minlength=4 * C * C).reshape(4 * C, C) > 0
        if (seen.sum(axis=1) > 1).any():
            return None
        return {int(k): int(np.argmax(seen[k])) for k in np.nonzero(seen.any(axis=1))[0]}

    def rule(self, plan, grid):
        a, b, table = plan
        rows, cols = _line_bits(grid, a)[0], _line_bits(grid, b)[1]
        keys = grid * 4 + rows * 2 + cols
        lookup = np.array([table.get(k, k // 4) for k in range(4 * C)])
        return lookup[keys]

    def candidates(self, examples):
        for plan in itertools.islice(self.plans(examples), 3):
            yield f"{self.name}:{'any' if plan[0] is None else plan[0]}/{'any' if plan[1] is None else plan[1]}", \
                self.build(plan)

    def build(self, plan):
        """The table as one Einsum writing the output. For each (row bit r, column bit c) the table
        is a colour map W_rc (unseen keys keep their colour), and
        W_rc = W00 + r (W10 - W00) + c (W01 - W00) + r c (W11 - W10 - W01 + W00),
        so out[y,x] = sum_s A[s,y] B[s,x] V[s] input[y,x] with A, B built from (1, r) and (1, c)."""
        a, b, table = plan
        maps = np.zeros((2, 2, C, C), np.float32)
        for r, c in itertools.product((0, 1), repeat=2):
            for k in range(C):
                maps[r, c, table.get(k * 4 + r * 2 + c, k), k] = 1
        terms = [(maps[0, 0], "one", "one"), (maps[1, 0] - maps[0, 0], "row", "one"),
                 (maps[0, 1] - maps[0, 0], "one", "col"),
                 (maps[1, 1] - maps[1, 0] - maps[0, 1] + maps[0, 0], "row", "col")]
        terms = [t for k, t in enumerate(terms) if k == 0 or np.abs(t[0]).sum() > 0]
        g = Graph()
        bits = {"one": g.const(np.ones((1, N), np.float32), name="ones")}
        for label, colour, eq in (("row", a, "bkyx,k->by"), ("col", b, "bkyx,k->bx")):
            if not any(label in t[1:] for t in terms):
                continue
            w = np.zeros(C, np.float32)
            w[1:] = colour is None
            if colour is not None:
                w[colour] = 1
            # cells of the colour in each row (column): one Einsum, a [1,30] result
            held = g.Einsum(g.input, g.const(w, name=f"{label}_colour"), equation=eq, name=f"{label}_hits")
            bits[label] = g.Cast(g.Greater(held, g.floats(0.5, name="half"), name=f"{label}_holds"), to=1,
                                 name=f"{label}_bit")
        if len(terms) == 4:     # every (row, column) pair: (1, r) and (1, c) once each, a [2,2,10,10] table
            rows = g.Concat(bits["one"], bits["row"], axis=0, name="row_terms")              # [2,30]
            cols = g.Concat(bits["one"], bits["col"], axis=0, name="col_terms")              # [2,30]
            weights = np.stack([t for t, _, _ in terms]).astype(np.float32).reshape(2, 2, C, C)
            weights = weights.transpose(1, 0, 2, 3)     # terms run (1,1), (r,1), (1,c), (r,c): [r, c]
            return g.model(g.Einsum(g.input, rows, cols, g.const(weights, name="term_weights"),
                                    equation="bkyx,ry,sx,rsck->bcyx"))
        rows = g.Concat(*[bits[r] for _, r, _ in terms], axis=0, name="row_terms")           # [S,30]
        cols = g.Concat(*[bits[c] for _, _, c in terms], axis=0, name="col_terms")           # [S,30]
        weights = np.stack([t for t, _, _ in terms]).astype(np.float32)
        return g.model(g.Einsum(g.input, rows, cols, g.const(weights, name="term_weights"),
                                equation="bkyx,sy,sx,sck->bcyx"))
