"""Marks become full lines: every colour is either a row colour (each of its cells paints its whole row)
or a column colour (paints its whole column); where a row line crosses a column line a fitted table says
who shows (the row colour, the column colour, or a third colour).

Graph: one Einsum of the input with itself writes `output` with no intermediate: per cell it sums, over
pairs (row factor, column factor), the row's count of a colour set times the column's count of another,
weighted by a vote table. The row factors are "any colour" (the grid's width on a grid row, 0 off it) and
each row colour; the column factors "any colour" and each column colour. Four levels of votes, each
outweighing everything below it (counts are 1..30): background in the grid, a row line, a column line,
a crossing's fitted colour; the winner scores > 0 and every other colour < 0, and off the grid all score 0.
"""
from __future__ import annotations

import itertools

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import C, same_shape


def lines(grid, kinds, cross, default):
    """The line picture of `grid`, or None where a row (column) holds two row (column) colours."""
    h, w = grid.shape
    rows = np.zeros(h, np.int64)
    cols = np.zeros(w, np.int64)
    for x, kind in kinds.items():
        r, c = np.nonzero(grid == x)
        tgt, idx = (rows, r) if kind == "row" else (cols, c)
        for k in set(idx.tolist()):
            if tgt[k] not in (0, x):
                return None
            tgt[k] = x
    out = np.zeros((h, w), np.int64)
    out[rows > 0, :] = rows[rows > 0, None]
    out[:, cols > 0] = cols[None, cols > 0]
    for i in np.nonzero(rows)[0]:
        for j in np.nonzero(cols)[0]:
            key = (int(rows[i]), int(cols[j]))
            out[i, j] = cross.get(key, {"row": key[0], "col": key[1]}.get(default, default))
    return out


def _crossings(examples, kinds):
    """The crossing table read off the outputs, or None where one crossing shows two colours."""
    cross = {}
    for i, o in examples:
        rows = {int(r): int(x) for x, k in kinds.items() if k == "row" for r in np.nonzero((i == x).any(1))[0]}
        cols = {int(c): int(x) for x, k in kinds.items() if k == "col" for c in np.nonzero((i == x).any(0))[0]}
        for r, x in rows.items():
            for c, y in cols.items():
                if cross.setdefault((x, y), int(o[r, c])) != o[r, c]:
                    return None
    return cross or None


def _default(cross):
    """Who shows at crossings the examples never saw: the row colour, the column colour or one colour."""
    vals = set(cross.values())
    if all(v == x for (x, _), v in cross.items()):
        return "row"
    if all(v == y for (_, y), v in cross.items()):
        return "col"
    return vals.pop() if len(vals) == 1 else None


class RowColumnLines(Solver, name="row_column_lines", tasks=("task024", "task299"), refuses="task312",
                     aliases=("c1_lines",), fit_splits=("train", "arc-gen")):
    """Each colour's marks become full rows or full columns of that colour; where a row line crosses a column line a
    fixed table decides the colour (row's, column's or a third)."""

    def plans(self, examples):
        if not same_shape(examples):
            return
        for i0, o0 in examples[:3]:   # quick necessary check: every mark lies on a full output row or column
            full = (o0 != 0).all(1)[:, None] | (o0 != 0).all(0)[None, :]
            if not full[i0 != 0].all() or not (i0 != 0).any():
                return
        colours = np.nonzero(np.bincount(np.concatenate([i.ravel() for i, _ in examples]), minlength=C))[0]
        colours = [int(c) for c in colours if c != 0]
        if not colours or len(colours) > 5:
            return
        for choice in itertools.product(("row", "col"), repeat=len(colours)):
            if len(set(choice)) == 1:
                continue
            kinds = dict(zip(colours, choice))
            cross = _crossings(examples, kinds)
            default = None if cross is None else _default(cross)
            if default is not None:
                yield {"kinds": {str(k): v for k, v in kinds.items()},
                       "cross": [[x, y, v] for (x, y), v in cross.items()], "default": default}

    def rule(self, plan, grid):
        kinds = {int(k): v for k, v in plan["kinds"].items()}
        return lines(grid, kinds, {(x, y): v for x, y, v in plan["cross"]}, plan["default"])

    def build(self, plan):
        kinds = {int(k): v for k, v in plan["kinds"].items()}
        cross = {(x, y): v for x, y, v in plan["cross"]}
        default = plan["default"]
        row_cols = [x for x, k in kinds.items() if k == "row"]
        col_cols = [y for y, k in kinds.items() if k == "col"]
        # row factors: slot 0 = every colour (A, the grid's width on a grid row), slot 1+a = row colour a;
        # column factors likewise (B, the height on a grid column; colour counts of the column colours)
        u = np.zeros((C, 1 + len(row_cols)), np.float32)
        u[:, 0] = 1
        v = np.zeros((C, 1 + len(col_cols)), np.float32)
        v[:, 0] = 1
        for a, x in enumerate(row_cols):
            u[x, 1 + a] = 1
        for b, y in enumerate(col_cols):
            v[y, 1 + b] = 1

        def vote(winner, weight):
            t = -np.full(C, weight, np.float32)
            t[winner] = weight
            return t

        # counts are 1..30 where present, so each level outweighs everything below it: K1 > 900 (A B),
        # K2 > 2 * 900 * K1 + 900 (one row and one column term at most: a grid line has one colour)
        k1, k2 = 1e3, 2e6
        p = np.zeros((1 + len(row_cols), 1 + len(col_cols), C), np.float32)
        p[0, 0] = vote(0, 1)                                              # A B: in the grid, background
        for a, x in enumerate(row_cols):
            p[1 + a, 0] = vote(x, k1)                                     # R_x B: row x, whole row
        for b, y in enumerate(col_cols):
            p[0, 1 + b] = vote(y, k1)                                     # A C_y: column y
        for a, x in enumerate(row_cols):
            for b, y in enumerate(col_cols):
                p[1 + a, 1 + b] = vote(cross.get((x, y), {"row": x, "col": y}.get(default, default)), k2)
        g = Graph()
        return g.model(g.Einsum(g.const(u, name="row_factors"), g.const(v, name="col_factors"),
                                g.const(p, name="line_votes"), g.input, g.input,
                                equation="cs,xt,std,bcik,bxlj->bdij"))
