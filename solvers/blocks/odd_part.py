"""Odd part: the input is a KR x KC array of equal parts (optionally split by 1-wide separator lines), all
alike but one; the output is the part that differs from the others.

Graph: one Einsum reads every part's colour values through row/column selection matrices; each part's
summed squared distance to the others is a weighted sum (K C_k^2 - 2 C_k S per cell), the largest wins,
and its colours are rendered from a uint8 map. Inputs of 0 and one colour: a cell vote instead (see
`build_two_colours`), no distances.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import C, N
from ._parts import fixed_layouts, odd_one, parts_of, render_colour_map, selectors


class OddPart(Solver, name="odd_part", tasks=("task207",), refuses="task257"):
    """Input split into equal parts (by separator lines or halves), all alike but one; the output is the part that
    differs from the others."""

    def plans(self, examples):
        for KR, KC, g, _, (h, w) in fixed_layouts(examples):
            if KR * KC >= 3:
                yield dict(KR=KR, KC=KC, g=g, h=h, w=w)

    def candidates(self, examples):
        """The general graph, then, where every input holds 0 and one other colour, the cell-vote graph."""
        plan = self.fit(examples)
        if plan is None:
            return
        yield self.name, self.build(plan)
        if all(len(set(np.unique(i).tolist()) - {0}) == 1 and (i == 0).any() for i, _ in examples):
            yield f"{self.name}:two_colours", self.build_two_colours(plan)

    @staticmethod
    def build_two_colours(p):
        """Inputs of 0 and one colour k: the odd part's cell is the minority value among the K parts at that
        cell, or their common value, so it is k exactly where s, the parts holding k there, is 1 or K (never
        2..K-2: all parts but one agree). Folding the K parts with a colour weight (a for 0, b for k, a < 0 < b)
        gives a (K - s) + b s, increasing in s, zero at s = K r / (r + 1) for r = -a / b. Weights x = (-1/K, 1),
        x y and x y y with y = (K, 1) give r = 1/K, 1, K: zeros in (0, 1), (1, K-1), (K-1, K), so their product
        G > 0 iff s is 1 or K. One Einsum reads the input for the three folds (no intermediates) and writes
        n_c x_c G (n_c the colour counts, 0 present; x_c < 0 for 0 only) onto the canvas through the row fold
        again, cut to the top-left h x w cells by a [30] row mask."""
        KR, KC, gap, h, w = p["KR"], p["KC"], p["g"], p["h"], p["w"]
        K = KR * KC
        sr, sc = selectors(KR, KC, gap, h, w)
        g = Graph()
        fold_r = g.const(sr.sum(0).T, name="fold_rows")                                     # [30, h]
        fold_c = fold_r if (KR, h) == (KC, w) else g.const(sc.sum(0).T, name="fold_cols")
        row = g.const((np.arange(N) < h).astype(np.float32), name="top_rows")              # canvas row < h
        col = row if h == w else g.const((np.arange(N) < w).astype(np.float32), name="left_cols")
        is_zero = np.arange(C) == 0
        x_w = g.const(np.where(is_zero, -1 / K, 1).astype(np.float32), name="colour_sign")
        y_w = g.const(np.where(is_zero, K, 1).astype(np.float32), name="colour_ratio")
        x = g.input
        return g.model(g.Einsum(x, x_w, fold_r, fold_c, x, x_w, y_w, fold_r, fold_c,
                                x, x_w, y_w, y_w, fold_r, fold_c, x, x_w, fold_r, row, fold_c, col,
                                equation="bars,a,ri,sj,bdtu,d,d,ti,uj,bekl,e,e,e,ki,lj,bcxy,c,hi,h,wj,w->bchw"))

    def rule(self, plan, grid):
        parts = parts_of(grid, plan)
        if parts is None:
            return None
        # the squared colour distance to the other parts, as the graph sums it
        d = [sum(((p.astype(float) - q) ** 2).sum() for q in parts) for p in parts]
        return odd_one(parts, d)

    def build(self, p):
        g = Graph()
        KR, KC, gap, h, w = p["KR"], p["KC"], p["g"], p["h"], p["w"]
        K = KR * KC
        sr, sc = selectors(KR, KC, gap, h, w)
        sr, sc = g.const(sr), g.const(sc)
        colours = g.const(np.arange(10, dtype=np.float32), name="colour_values")
        parts = g.Einsum(g.input, colours, sr, sc, equation="bcrs,c,pir,qjs->pqij", name="part_colours")
        # sum_k' (C_k - C_k')^2 = sum_cells (K C_k^2 - 2 C_k S) + const, S = sum of the parts
        total = g.ReduceSum(parts, axes=[0, 1], keepdims=0, name="colour_sum")
        weight = g.Sub(g.Mul(parts, g.const(np.float32(K)), name="k_times"),
                       g.Mul(total, g.const(np.float32(2)), name="twice_sum"), name="cell_weight")
        dist = g.Einsum(parts, weight, equation="pqij,pqij->pq", name="distance")
        odd = g.Equal(dist, g.ReduceMax(dist, keepdims=1, name="max_distance"), name="is_odd")
        odd = g.Cast(odd, to=1, name="odd_f")
        colour = g.Einsum(parts, odd, equation="pqij,pq->ij", name="odd_colours")
        colour = g.Cast(colour, to=2, name="odd_u8")
        return g.model(render_colour_map(g, colour, h, w))
