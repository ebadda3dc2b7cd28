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
        2..K-2: all parts but one agree). With v = +1 for colours, -1 for 0, the parts fold onto one h x w map
        of t = sum_parts v = 2 s - K, and G = (t + K - 1) t (t - K + 1) > 0 iff s is 1 or K. Each fold sees
        K cells of channel sum 1, so t +- (K - 1) is the fold of v +- (K - 1) / K: one Einsum reads the input
        for all three factors (no intermediates) and writes n_c v_c G (n_c the colour counts, 0 present) onto
        the canvas through the row fold again, cut to the top-left h x w cells by a [30] row mask."""
        KR, KC, gap, h, w = p["KR"], p["KC"], p["g"], p["h"], p["w"]
        K = KR * KC
        sr, sc = selectors(KR, KC, gap, h, w)
        g = Graph()
        fold_r = g.const(sr.sum(0).T, name="fold_rows")                                     # [30, h]
        fold_c = fold_r if (KR, h) == (KC, w) else g.const(sc.sum(0).T, name="fold_cols")
        row = g.const((np.arange(N) < h).astype(np.float32), name="top_rows")              # canvas row < h
        col = row if h == w else g.const((np.arange(N) < w).astype(np.float32), name="left_cols")
        v = np.where(np.arange(C) == 0, -1, 1).astype(np.float32)
        sign = g.const(v, name="colour_sign")
        up = g.const(v + np.float32((K - 1) / K), name="sign_up")
        down = g.const(v - np.float32((K - 1) / K), name="sign_down")
        x = g.input
        return g.model(g.Einsum(x, sign, fold_r, fold_c, x, up, fold_r, fold_c, x, down, fold_r, fold_c,
                                x, sign, fold_r, row, fold_c, col,
                                equation="bars,a,ri,sj,bdtu,d,ti,uj,bekl,e,ki,lj,bcxy,c,hi,h,wj,w->bchw"))

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
