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
            model = _two_term_model(plan)
            if model is not None:
                yield f"{label}:two-term", model
            model = _shared_colour_model(plan)
            if model is not None:
                yield f"{label}:shared", model

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


def _two_term_model(plan):
    """A palette of at most two colours where one colour k turns from d to n exactly where a product of the
    cell's line bits holds (row and column, row only or column only) and the other keeps one colour: two
    rank-one terms of one Einsum, F[c] = sum_t A[t,c] B[t,k] P[t,p] Q[t,q] over the input's cells, its row
    and its column. Term 0 (P = Q = ones, w h in [1, 900]) sends each colour to its default channel, with
    signs when the two defaults differ; term 1 adds 900 (e_n - e_d) for colour k times the product of line
    counts (0 off, >= 1 on), which beats term 0 exactly where the bits hold. 80 weights or fewer, against
    the palette table's 50 m + 40. None for any other table."""
    a, b, table, palette = plan
    if len(palette) > 2:
        return None
    cases = {k: [table.get(k * 4 + r * 2 + s, k) for r in (0, 1) for s in (0, 1)] for k in palette}
    switching = [k for k, outs in cases.items() if len(set(outs)) > 1]
    if len(switching) != 1:
        return None
    k = switching[0]
    outs = cases[k]
    d, n = outs[0], next(c for c in outs if c != outs[0])
    on = tuple(c == n for c in outs)
    if set(outs) != {d, n} or on not in ((False, False, False, True), (False, False, True, True),
                                         (False, True, False, True)):
        return None
    ones = np.ones(C, np.float32)
    row_term = ones if on[1] else _colour_weights(a)       # on with the column bit alone: no row count
    col_term = ones if on[2] else _colour_weights(b)
    (other,) = [j for j in palette if j != k] or [None]
    eye = np.eye(C, dtype=np.float32)
    d_other = None if other is None else cases[other][0]
    if d_other is None or d_other == d:
        out0, in0 = eye[d], eye[k] + (0 if other is None else eye[other])
    else:
        out0, in0 = eye[d] - eye[d_other], eye[k] - eye[other]
    g = Graph()
    outs_w = g.const(np.stack([out0, 900 * (eye[n] - eye[d])]), name="term_channels")
    ins_w = g.const(np.stack([in0, eye[k]]), name="term_colours")
    rows = g.const(np.stack([ones, row_term]), name="row_colours")
    cols = g.const(np.stack([ones, col_term]), name="col_colours")
    return g.model(g.Einsum(g.input, g.input, g.input, outs_w, ins_w, rows, cols,
                            equation="bkyx,bpyX,bqYx,tc,tk,tp,tq->bcyx"))


def _shared_colour_model(plan):
    """The box fill of a two-colour palette: background k turns n where its row and its column both hold the
    other colour o (which keeps its colour), else stays k. One [2,10] colour table X serves the cell's colour,
    its row's and column's counts and the output channel, X[0] = e_o, X[1] = e_k - e_n, with a [2,2] mix Z:
        F[c] = sum_s X[s,cell] X[s,c] P_s,  P_0 = R C,  P_1 = r c - 900 R C,
    R, C the o cells in the row and column (X[0] counts), r, c the k cells (X[1] counts; the input holds no n).
    An o cell lights o alone (R, C >= 1); a k cell scores P_1 on k and -P_1 on n: r c >= 1 outside the box
    (R C = 0), at most 29 * 29 - 900 < 0 inside. 24 weights. None for any other table."""
    a, b, table, palette = plan
    if len(palette) != 2:
        return None
    for k, o in (palette, palette[::-1]):
        if not all(key in (o, None if k == 0 else o) for key in (a, b)):
            continue
        outs = [table.get(k * 4 + r * 2 + s, k) for r in (0, 1) for s in (0, 1)]
        keeps = [table.get(o * 4 + r * 2 + s, o) for r in (0, 1) for s in (0, 1)]
        n = outs[3]
        if outs[:3] != [k, k, k] or n in (k, o) or set(keeps) != {o}:
            continue
        eye = np.eye(C, dtype=np.float32)
        g = Graph()
        colours = g.const(np.stack([eye[o], eye[k] - eye[n]]), name="colour_terms")
        mix = g.const(np.array([[1, 0], [-900, 1]], np.float32), name="term_mix")
        return g.model(g.Einsum(g.input, colours, colours, g.input, colours, g.input, colours, mix,
                                equation="bkyx,sk,sc,bpyX,tp,bqYx,tq,st->bcyx"))
    return None


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
