"""Part overlay: the input is a KR x KC array of equal parts (optionally split by 1-wide separator lines);
the output stacks the parts, each cell taking the colour of the first non-background part in a fixed
priority order.

Graph: one Einsum reads every part straight from the input through row/column selection matrices as a
key (colour + 10 x priority on coloured cells), the largest key wins, its colour (key mod 10) is a
uint8 map rendered as the one-hot output.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from ._parts import fixed_layouts, parts_of, render_colour_map, selectors, split_parts


def _stack(ps, order):
    res = np.zeros_like(ps[0])
    for k in reversed(order):
        res = np.where(ps[k] != 0, ps[k], res)
    return res


class PartOverlay(Solver, name="part_overlay", tasks=("task180", "task257", "task321", "task372"), refuses="task006",
                  aliases=("overlay",)):
    """Input split into equal parts (by separator lines or halves); the output stacks the parts, each cell taking the
    colour of the first non-background part in a fixed priority order."""

    def plans(self, examples):
        for KR, KC, g, (H, W), (h, w) in fixed_layouts(examples):
            K = KR * KC
            if K > 9:
                continue
            parts = [split_parts(i, KR, KC, g, h, w) for i, _ in examples]
            order = self._priority(parts, examples, K)
            used = sum(any((ps[k] != 0).any() for ps in parts) for k in range(K))
            if order is not None and used == K and \
                    not all(np.array_equal(ps[order[0]], o) for ps, (_, o) in zip(parts, examples)):
                yield dict(KR=KR, KC=KC, g=g, H=H, W=W, h=h, w=w, order=order)

    @staticmethod
    def _priority(parts, examples, K):
        """Greedy priority: the next part is the one whose non-background cells always show in the output
        among the cells no earlier part covers; None when no part fits next."""
        order, left = [], list(range(K))
        while left:
            pick = None
            for k in left:
                ok = True
                for ps, (_, o) in zip(parts, examples):
                    free = np.ones(o.shape, bool)
                    for j in order:
                        free &= ps[j] == 0
                    cells = free & (ps[k] != 0)
                    if not np.array_equal(o[cells], ps[k][cells]):
                        ok = False
                        break
                if ok:
                    pick = k
                    break
            if pick is None:
                return None
            order.append(pick)
            left.remove(pick)
        return order

    def rule(self, plan, grid):
        parts = parts_of(grid, plan)
        return None if parts is None else _stack(parts, plan["order"])

    def build(self, p):
        g = Graph()
        KR, KC, gap, h, w, order = p["KR"], p["KC"], p["g"], p["h"], p["w"], p["order"]
        K = KR * KC
        # key of part k at a cell: colour + 10 * (K - rank) when non-background; the max key wins.
        # One Einsum reads every part straight from the input through row/column selection matrices.
        colours = np.arange(10, dtype=np.float32)
        wc = np.zeros((KR, KC, 10), np.float32)
        for rank, k in enumerate(order):
            wc[k // KC, k % KC] = colours + (colours > 0) * 10.0 * (K - rank)
        sr, sc = selectors(KR, KC, gap, h, w)
        keys = g.Einsum(g.input, g.const(wc), g.const(sr), g.const(sc), equation="bcrs,pqc,pir,qjs->pqij",
                        name="part_keys")
        best = g.ReduceMax(keys, axes=[0, 1], keepdims=0, name="top_key")
        top = g.Cast(best, to=2, name="top_key_u8")
        colour = g.Mod(top, g.const(np.uint8(10)), name="colour")
        y = render_colour_map(g, colour, h, w)
        return g.model(y)
