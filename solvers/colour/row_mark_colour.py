"""Every row holds one mark (one fixed colour m) and the whole row becomes the colour its mark's column
names (e.g. a mark in column 0 paints the row 2, column 1 paints 4, column 2 paints 3).

Graph: one Einsum reading the input twice, no intermediate. The (at most three) row colours are unit vectors
at angles 2 pi k / 3; column s carries its colour's vector (a [30, 2] table), so the mark reads the row's
vector, and channel c scores its dot product with c's vector: 1 on the row's colour, -0.5 on the other row
colours, 0 on the rest. A cell's inside indicator (its one-hot summed) spreads the score over the grid's
cells only."""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import C, N, same_shape


def _marks(grid, mark):
    """The mark's column in every row, or None unless every row holds exactly one cell, of colour `mark`."""
    cols = []
    for row in grid:
        lit = np.flatnonzero(row)
        if len(lit) != 1 or row[lit[0]] != mark:
            return None
        cols.append(int(lit[0]))
    return cols


class RowMarkColour(Solver, name="row_mark_colour", tasks=("task262",), refuses="task322"):
    """Every row holds one mark; the whole row becomes the colour fixed for the mark's column."""

    def plans(self, examples):
        if not same_shape(examples):
            return
        marks = {int(v) for i, _ in examples for v in np.unique(i) if v}
        if len(marks) != 1:
            return
        mark = marks.pop()
        table: dict[int, int] = {}
        for i, o in examples:
            cols = _marks(i, mark)
            if cols is None:
                return
            for r, j in enumerate(cols):
                if len(set(o[r].tolist())) != 1 or table.setdefault(j, int(o[r, 0])) != o[r, 0]:
                    return
        if len(set(table.values())) > 3 or 0 in table.values():
            return
        yield {"mark": mark, "colours": [[j, c] for j, c in sorted(table.items())]}

    def rule(self, plan, grid):
        table = dict(map(tuple, plan["colours"]))
        cols = _marks(grid, plan["mark"])
        if cols is None or any(j not in table for j in cols):
            return None
        return np.array([[table[j]] * grid.shape[1] for j in cols])

    def build(self, plan):
        colours = sorted({c for _, c in plan["colours"]})
        angle = {c: 2 * np.pi * k / 3 for k, c in enumerate(colours)}
        column_vec = np.zeros((N, 2), np.float32)               # [column, 2-d vector of its row colour]
        for j, c in plan["colours"]:
            column_vec[j] = np.cos(angle[c]), np.sin(angle[c])
        colour_vec = np.zeros((C, 2), np.float32)               # [output channel, 2-d vector]
        for c in colours:
            colour_vec[c] = np.cos(angle[c]), np.sin(angle[c])
        mark = np.eye(1, C, plan["mark"], dtype=np.float32)[0]
        g = Graph()
        return g.model(g.Einsum(g.input, g.input, g.const(mark, name="mark"), g.const(column_vec, name="column_vectors"),
                                g.const(colour_vec, name="colour_vectors"), equation="bdhw,behs,e,sk,ck->bchw"))
