"""Odd part: the input is a KR x KC array of equal parts (optionally split by 1-wide separator lines), all
alike but one; the output is the part that differs from the others.

Graph: one Einsum reads every part's colour values through row/column selection matrices; each part's
summed squared distance to the others is a weighted sum (K C_k^2 - 2 C_k S per cell), the largest wins,
and its colours are rendered from a uint8 map.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from ._parts import fixed_layouts, odd_one, parts_of, render_colour_map, selectors


class OddPart(Solver, name="odd_part", tasks=("task207",), refuses="task257"):
    """Input split into equal parts (by separator lines or halves), all alike but one; the output is the part that
    differs from the others."""

    def plans(self, examples):
        for KR, KC, g, _, (h, w) in fixed_layouts(examples):
            if KR * KC >= 3:
                yield dict(KR=KR, KC=KC, g=g, h=h, w=w)

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
