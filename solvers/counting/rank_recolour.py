"""Rank recolour: in a same-shape grid the cells of the most (or least) frequent colour, or all the other
non-background cells, turn one fixed colour.

Graph: a rank key over the colour counts picks the colour; a 1x1 Conv whose weights are built at run time
from that pick (identity, with the picked columns redirected to the target) recolours every cell at once.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .._common_graph import counts_node
from .._common_grids import C, colour_counts
from ._summary import Readings, rank_colour, rank_key


def _selected(grid, picked, skip_bg, others):
    """The cells that change: the picked colour's, or every other (non-background if skipped) cell."""
    return (grid != picked) & ((grid != 0) | (not skip_bg)) if others else grid == picked


class RankRecolour(Readings, name="rank_recolour", tasks=("task229",), refuses="task016"):
    """Same-shape grid where the cells of the most (or least) frequent colour, or all the other non-background cells,
    turn one fixed colour."""

    def plans(self, examples):
        if any(i.shape != o.shape for i, o in examples) or all((i == o).all() for i, o in examples):
            return
        for mode in ("most", "least"):
            for skip_bg in (True, False):
                picked = [rank_colour(colour_counts(i), mode, skip_bg) for i, _ in examples]
                if None in picked:
                    continue
                for others in (False, True):
                    sel = [_selected(i, p, skip_bg, others) for p, (i, _) in zip(picked, examples)]
                    targets = {int(v) for s, (_, o) in zip(sel, examples) for v in o[s]}
                    if len(targets) == 1:
                        yield mode, skip_bg, others, targets.pop()

    def rule(self, plan, grid):
        mode, skip_bg, others, target = plan
        picked = rank_colour(colour_counts(grid), mode, skip_bg)
        return None if picked is None else np.where(_selected(grid, picked, skip_bg, others), target, grid)

    def label(self, plan):
        return f"{plan[0]}{'_nobg' if plan[1] else ''}{'_others' if plan[2] else ''}"

    def build(self, plan):
        mode, skip_bg, others, target = plan
        g = Graph()
        counts = counts_node(g)
        key = rank_key(g, counts, counts, mode, skip_bg)
        best = g.Cast(g.Equal(key, g.ReduceMax(key, axes=[1], keepdims=1, name="best"), name="is_best"),
                      to=1, name="is_best_f")                                   # [1,10,1,1] one-hot
        if others:
            # 1 on every colour allowed to change, less the picked one
            allowed = np.ones((1, C, 1, 1), np.float32)
            allowed[0, 0] = 0 if skip_bg else 1
            best = g.Sub(g.const(allowed, name="allowed"), best, name="others")
        # a 1x1 Conv with weights built at run time recolours every cell at once: column k of the
        # weight is e_k for a kept colour and e_target for a selected one: W = I + (E_t - I) * sel
        eye = np.eye(C, dtype=np.float32).reshape(C, C, 1, 1)
        to_target = np.zeros((C, C, 1, 1), np.float32)
        to_target[target] = 1
        w = g.Add(g.const(eye, name="identity"), g.Mul(g.const(to_target - eye, name="redirect"), best,
                                                       name="redirect_selected"), name="recolour_w")
        return g.model(g.Conv(g.input, w))

