"""Crossing swap: bars span the whole grid (rows and columns without background); where a full row
crosses a full column the other bar's colour shows (the grid's other non-background colour), so the bar
that was underneath comes on top.

Graph: background counts per row and per column (Einsums) -> "full" flags, the colours present
(ReduceMax), and one Einsum writes `output`: identity everywhere, plus at crossings (row flag x column
flag, sharing one index so only both-flag products survive) the own colour swapped for the other.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from ._guards import edits_in_place

C = 10


def _swap(grid):
    full_r = (grid != 0).all(1)
    full_c = (grid != 0).all(0)
    cross = full_r[:, None] & full_c[None, :]
    colours = set(np.unique(grid).tolist()) - {0}
    if len(colours) != 2 or not cross.any():
        return None
    a, b = colours
    out = grid.copy()
    out[cross & (grid == a)] = b
    out[cross & (grid == b)] = a
    return out


class CrossingSwap(Solver, name="crossing_swap", tasks=("task293",), refuses="task024", aliases=("c1_crossing_swap",),
                   fit_splits=("train", "arc-gen")):
    """Two bars of different colours cross the whole grid; at the crossing the other bar's colour shows (the bar
    underneath comes on top)."""

    def plans(self, examples):
        if edits_in_place(examples):
            yield "other"

    def rule(self, plan, grid):
        return _swap(grid)

    def candidates(self, examples):
        plan = self.fit(examples)
        if plan is not None:
            yield self.name, self.build(plan)
            yield f"{self.name}:edges", self.build_edges(plan)
            yield f"{self.name}:signed", self.build_signed(plan)

    def build_signed(self, plan):
        """One Einsum of signs, 48 parameters. full(line) = sum of its cells' weights (-1 background, 1/32 a
        bar colour) is > 0 exactly on a line without background (lines are at most 30 long). A bar cell
        lies on one full line, so full(row) full(col) is > 0 on a crossing and < 0 off it; a background
        cell lies on two lines with background: > 0. Colours 1..9 sit on a circle at angles a_c and
        M[c, k] = alpha - cos(a_c - a_k) (alpha between cos 40 degrees and 1) is < 0 for k = c and > 0 for
        two different bar colours; M[0, 0] = 1 and 0 for a bar colour against the background. Then
        out[k] = (count of k in the grid) full(row) full(col) M[cell, k] is positive in the cell's own
        colour off the crossings, in the other bar's colour on them, and only in 0 on the background.
        M = U^T diag(D) U with U's rows (1 on bar colours, cos a_c, sin a_c, 1 on the background); the line
        weights are U^T s."""
        angle = 2 * np.pi * np.arange(C) / (C - 1)
        bar = np.r_[0.0, np.ones(C - 1)]
        basis = np.stack([bar, bar * np.cos(angle), bar * np.sin(angle), 1 - bar]).astype(np.float32)
        g = Graph()
        u = g.const(basis, name="colour_basis")
        line = g.const(np.array([1 / 32, 0, 0, -1], np.float32), name="line_weight")
        mix = g.const(np.array([0.9, -1, -1, 1], np.float32), name="basis_sign")
        return g.model(g.Einsum(g.input, g.input, u, line, g.input, u, line, g.input, u, mix, u,
                                equation="bkmn,bdil,pd,p,beyj,qe,q,bcij,tc,t,tk->bkij"))

    def build_edges(self, plan):
        """Variant for bars that never lie on row 0 or column 0 (the build checks it on fresh grids): row i
        holds the row bar where its column-0 cell is not background (A(i)), column j the column bar where
        its row-0 cell is not (B(j)). Each cell weighs A + B - 32 A B (1 on a bar off the crossing, -30 on
        the crossing), so the per-colour score Q = sum of the weights of its cells is, on grids at most 30
        wide, nA (W - 31 nB) <= -1 for a row bar on top (a column bar likewise), positive for the colour under
        it (only off the crossing) and 0 for the rest. One Einsum then writes out = x + A B Q: the crossing
        shows the colour it hides."""
        bar = np.ones(C, np.float32)
        bar[0] = 0                                      # "is a bar colour"
        ones = np.ones(C, np.float32)
        first = np.zeros(30, np.float32)
        first[0] = 1
        g = Graph()
        sel = g.const(first, name="first")
        lines = g.const(np.stack([ones, bar]), name="in_grid_or_bar")          # [term, colour]
        score_cols = g.const(np.stack([bar, 1 - 32 * bar]), name="score_cols")
        score = g.Einsum(g.input, sel, lines, g.input, sel, score_cols, g.input,
                         equation="bciz,z,tc,bdyj,y,td,bkij->bk", name="score")                # [1,10]
        score = g.Pad(score, g.ints([1, 0, 0, 0], name="keep_row"), g.floats(1.0, name="one"),
                      name="keep_or_score")                                                      # [2,10]
        copy = np.stack([np.eye(C, dtype=np.float32), np.ones((C, C), np.float32)])         # [term, x, out]
        # the row and column factors first, the cell last: ONNX Runtime contracts left to right
        return g.model(g.Einsum(g.input, sel, lines, g.input, sel, lines, score, g.const(copy, name="copy_or_cell"),
                                g.input, equation="bciz,z,tc,bdyj,y,td,tk,tfk,bfij->bkij"))

    def build(self, plan):
        w = np.zeros((2, C, C + 1, C), np.float32)     # [term, own colour, present colour (+on), out colour]
        w[0, np.arange(C), C, np.arange(C)] = 1            # everywhere: keep
        w[1, np.arange(C), C, np.arange(C)] = -1           # at crossings: drop the own colour ...
        for d in range(1, C):
            for e in range(1, C):
                if e != d:
                    w[1, d, e, e] = 1                      # ... and show the other present colour
        bg = np.zeros(C, np.float32)
        bg[0] = 1
        g = Graph()
        on = g.floats(1.0, name="on")
        pads = g.ints([0, 0, 0, 1], name="add_on")
        flags = []
        for line, eq in (("row", "bcij,c->bi"), ("col", "bcij,c->bj")):
            count = g.Einsum(g.input, g.const(bg, name="background"), equation=eq, name=f"{line}_gaps")   # [1,30]
            full = g.Cast(g.Equal(count, g.floats([0.0], name="zero"), name=f"{line}_is_full"), to=1,
                          name=f"{line}_full")
            full = g.Unsqueeze(full, axes=[2], name=f"{line}_full_col")                           # [1,30,1]
            flags.append(g.Pad(full, g.ints([0, 0, 1, 0, 0, 0], name="add_always"), on,
                               name=f"{line}_terms"))                                            # [1,30,2]
        present = g.ReduceMax(g.input, axes=[2, 3], keepdims=0, name="present")                 # [1,10]
        present = g.Pad(present, pads, on, name="present_on")                                    # [1,11]
        y = g.Einsum(g.input, flags[0], flags[1], present, g.const(w, name="swap_table"),
                     equation="bdij,bit,bjt,be,tdec->bcij")
        return g.model(y)
