"""Count shifts: every column's content moves up (or down) by as many cells as the column holds
non-background cells (or every row's, sideways), e.g. objects standing on the floor rise by their own
height.

Graph: per-line counts (one Einsum), Equal against each count level gives a one-hot, and one Einsum of
the input, the one-hot and a shift matrix per level writes `output`.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver

C, N = 10, 30


def _shifted(grid, sign, cyclic=False):
    """Each column moved by sign * (its non-background count) rows (sign -1: up), wrapping round the
    grid's height when cyclic."""
    h, w = grid.shape
    src = np.arange(h)[:, None] - sign * (grid != 0).sum(0)[None, :]
    if cyclic:
        src %= h
    ok = (src >= 0) & (src < h)
    return np.where(ok, grid[np.clip(src, 0, h - 1), np.arange(w)[None, :]], 0)


class CountShift(Solver):
    name = "c1_count_shift"
    description = ("every column's content moves up/down by its own count of non-background cells (or every "
                   "row's sideways), e.g. objects rise by their own height")
    fit_splits = ("train", "arc-gen")

    def fit(self, examples):
        if any(i.shape != o.shape for i, o in examples) or all(np.array_equal(i, o) for i, o in examples):
            return None
        for axis in (0, 1):
            ex = examples if axis == 0 else [(i.T, o.T) for i, o in examples[:1]]
            if axis == 1 and any(np.array_equal(_shifted(ex[0][0], sign), ex[0][1]) for sign in (-1, 1)):
                ex = [(i.T, o.T) for i, o in examples]
            heights = {i.shape[0] for i, _ in ex}
            for sign in (-1, 1):
                if not np.array_equal(_shifted(*ex[0][:1], sign), ex[0][1]):
                    continue
                if all(np.array_equal(_shifted(i, sign), o) for i, o in ex):
                    top = max(int((i != 0).sum(0).max()) for i, _ in ex)
                    # one height, and wrapping round it changes nothing: a plain permutation per level
                    cyclic = len(heights) == 1 and all(np.array_equal(_shifted(i, sign, True), o) for i, o in ex)
                    return {"axis": axis, "sign": sign, "levels": top + 1,
                            "cyclic": heights.pop() if cyclic else 0}
        return None

    def build(self, plan):
        sign, levels = plan["sign"], plan["levels"]
        if plan.get("cyclic"):
            return self._build_cyclic(plan)
        # out[c] = sum_t shift_t * colour_t: t=0 moves every non-background colour by its line's level and
        # takes it off the background; t=1 is the grid itself on the background channel (an in-grid cell
        # nothing lands on reads background)
        shift = np.zeros((2, levels, N, N), np.float32)     # [term, count, out index, in index]
        for k in range(levels):
            shift[1, k] = np.eye(N)
            for r in range(N):
                i = r - sign * k
                if 0 <= i < N:
                    shift[0, k, r, i] = 1
        colour = np.zeros((2, C, C), np.float32)            # [term, in colour, out colour]
        colour[0] = np.eye(C)
        colour[0, :, 0] -= 1
        colour[1, :, 0] = 1
        nonbg = np.ones(C, np.float32)
        nonbg[0] = 0
        g = Graph()
        eq_cnt, eq_out = (("bcij,c->bj", "bdij,bjk,tkri,tdc->bcrj") if plan["axis"] == 0 else
                          ("bcij,c->bi", "bdij,bik,tkrj,tdc->bcir"))
        counts = g.Einsum(g.input, g.const(nonbg, name="non_background"), equation=eq_cnt, name="line_counts")
        counts = g.Unsqueeze(counts, axes=[2], name="line_counts_col")                       # [1,30,1]
        onehot = g.Cast(g.Equal(counts, g.floats(np.arange(levels, dtype=np.float32).reshape(1, 1, -1),
                                                 name="levels"), name="is_level"), to=1, name="level_onehot")
        return g.model(g.Einsum(g.input, onehot, g.const(shift, name="shift_by_level"),
                                g.const(colour, name="term_colours"), equation=eq_out))

    @staticmethod
    def _build_cyclic(plan):
        """Fixed height h: each level is a permutation of the grid's lines, so background moves too."""
        sign, levels, h = plan["sign"], plan["levels"], plan["cyclic"]
        shift = np.zeros((levels, N, N), np.float32)        # [count, out index, in index]
        for k in range(levels):
            for r in range(h):
                shift[k, r, (r - sign * k) % h] = 1
        nonbg = np.ones(C, np.float32)
        nonbg[0] = 0
        g = Graph()
        eq_cnt, eq_out = (("bcij,c->bj", "bcij,bjk,kri->bcrj") if plan["axis"] == 0 else
                          ("bcij,c->bi", "bcij,bik,krj->bcir"))
        counts = g.Einsum(g.input, g.const(nonbg, name="non_background"), equation=eq_cnt, name="line_counts")
        counts = g.Unsqueeze(counts, axes=[2], name="line_counts_col")                       # [1,30,1]
        onehot = g.Cast(g.Equal(counts, g.floats(np.arange(levels, dtype=np.float32).reshape(1, 1, -1),
                                                 name="levels"), name="is_level"), to=1, name="level_onehot")
        return g.model(g.Einsum(g.input, onehot, g.const(shift, name="shift_by_level"), equation=eq_out))
