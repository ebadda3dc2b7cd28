"""Projection fill: each cell is recoloured by a table on its colour, whether its row holds colour a and
whether its column holds colour b.

Extents come from projections instead of connected components (which need unbounded propagation): whether
a row or column holds a colour is one small Einsum, and "inside the bounding box of everything" or "in an
empty row" follow from a cell's two projections.

The table holds for the palette the examples' inputs use (the rule answers no grid with another colour);
the palette variant (`:palette`) keeps sign weights for those colours only, read through a one-hot of them.
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
                yield a, b, table, sorted(set(ins.tolist()))

    @staticmethod
    def _table(keys, outs):
        """{key: colour} when every key (0..39) maps to one colour, else None."""
        seen = np.bincount(keys * C + outs, minlength=4 * C * C).reshape(4 * C, C) > 0
        if (seen.sum(axis=1) > 1).any():
            return None
        return {int(k): int(np.argmax(seen[k])) for k in np.nonzero(seen.any(axis=1))[0]}

    def rule(self, plan, grid):
        """The table on grids of the fitted palette (the colours the examples' inputs use) only."""
        a, b, table, palette = plan
        if not np.isin(grid, palette).all():
            return None
        rows, cols = _line_bits(grid, a)[0], _line_bits(grid, b)[1]
        keys = grid * 4 + rows * 2 + cols
        lookup = np.array([table.get(k, k // 4) for k in range(4 * C)])
        return lookup[keys]

    def candidates(self, examples):
        for plan in itertools.islice(self.plans(examples), 3):
            label = f"{self.name}:{'any' if plan[0] is None else plan[0]}/{'any' if plan[1] is None else plan[1]}"
            yield label, self.build(plan)
            if len(plan[3]) < C:
                yield f"{label}:palette", self.build(plan, palette=True)

    def build(self, plan, palette=False):
        """One Einsum of the input with itself writes the output, no intermediate. With R the cells of colour a
        in a cell's row, C those of colour b in its column and w, h the grid's width and height (row and column
        sums of the one-hot input), output channel c of input colour k is
            F = 900 al R C + 30 be R h + 30 ga w C + de w h = w h (al U V + be U + ga V + de),
        U = 30 R / w and V = 30 C / h, each 0 (the bit is off) or in [1, 30] (on). `_SIGNS` gives for every
        pattern of the four (row bit, column bit) cases integer (al, be, ga, de) whose sign on those ranges is
        the pattern, with a margin of 1 (the four corners of each range bound a bilinear form), so channel c
        is > 0 exactly where the table sends (k, row bit, column bit) to c. Outside the grid the input is 0.

        palette: the weights only for the m colours of the fitted palette (the rule answers no other grid),
        [2,2,10,m], read through a [m,10] one-hot of those colours: 50m weights instead of 400."""
        a, b, table, colours = plan
        ins = colours if palette else range(C)
        weights = np.zeros((2, 2, C, len(ins)), np.float32)    # [row term (R, w), column term (C, h), out, in]
        for j, k in enumerate(ins):
            for c in range(C):
                pattern = tuple(table.get(k * 4 + r * 2 + s, k) == c for r in (0, 1) for s in (0, 1))
                al, be, ga, de = _signs(pattern)
                weights[:, :, c, j] = [[900 * al, 30 * be], [30 * ga, de]]
        g = Graph()
        rows = g.const(np.stack([_colour_weights(a), np.ones(C, np.float32)]), name="row_colours")
        cols = g.const(np.stack([_colour_weights(b), np.ones(C, np.float32)]), name="col_colours")
        if not palette:
            return g.model(g.Einsum(g.input, g.input, g.input, rows, cols, g.const(weights, name="term_weights"),
                                    equation="bkyx,bpyX,bqYx,sp,tq,stck->bcyx"))
        pick = g.const(np.eye(C, dtype=np.float32)[list(ins)], name="palette")                  # [m,10]
        return g.model(g.Einsum(g.input, pick, g.input, g.input, rows, cols, g.const(weights, name="term_weights"),
                                equation="bkyx,jk,bpyX,bqYx,sp,tq,stcj->bcyx"))


def _colour_weights(colour):
    """The one-hot channels counted for colour `colour` (None: every colour but the background)."""
    w = np.zeros(C, np.float32)
    if colour is None:
        w[1:] = 1
    else:
        w[colour] = 1
    return w


def _signs(pattern):
    """(al, be, ga, de): al U V + be U + ga V + de, for U and V each 0 or in [1, 30], is >= 1 where
    pattern[2 r + s] holds (r: U > 0, s: V > 0) and <= -1 elsewhere."""
    p00, p01, p10, p11 = pattern
    if p00:
        return tuple(-v for v in _signs(tuple(not q for q in pattern)))
    # p00 is False from here: the constant term is -1
    if (p01, p10, p11) == (False, False, False):
        return (0, 0, 0, -1)                 # never
    if (p01, p10, p11) == (False, False, True):
        return (2, 0, 0, -1)                 # U V >= 1 when both are on
    if (p01, p10, p11) == (False, True, False):
        return (0, 2, -61, -1)               # U on, V off: 2U - 1 - 61 V
    if (p01, p10, p11) == (True, False, False):
        return (0, -61, 2, -1)               # V on, U off
    if (p01, p10, p11) == (False, True, True):
        return (0, 2, 0, -1)                 # U on
    if (p01, p10, p11) == (True, False, True):
        return (0, 0, 2, -1)                 # V on
    if (p01, p10, p11) == (True, True, False):
        return (-4, 2, 2, -1)                # exactly one: 4 U V >= 2 U + 2 V when both are >= 1
    return (0, 2, 2, -1)                     # either
