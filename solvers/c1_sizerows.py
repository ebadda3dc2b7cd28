"""Size-indexed row maps: the output's rows are copies of input rows, chosen by a map that depends on the
input's height (e.g. a pattern bounced up and down to 4h - 3 rows); columns stay as they are. The same
for columns by width, through the transpose.

Graph: the height is read from the grid (ReduceMax over a row, ReduceSum), Equal against each fitted
height gives a one-hot, and one Einsum of the input, the one-hot and the per-height row-selection
matrices writes `output`.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from . import Solver

N = 30


def _row_map(pairs):
    """Per-output-row source row shared by every pair (inp, out) of one height, else None."""
    h, oh = pairs[0][0].shape[0], pairs[0][1].shape[0]
    src = []
    for r in range(oh):
        ok = [s for s in range(h) if all(np.array_equal(o[r], i[s]) for i, o in pairs)]
        if not ok:
            return None
        src.append(ok)
    return src


class SizeRows(Solver):
    name = "c1_size_rows"
    description = ("output rows (or columns) are input rows picked by a map that depends on the input's "
                   "height (width), e.g. a pattern bounced to a height computed from the input's")
    fit_splits = ("train", "arc-gen")

    def fit(self, examples):
        for axis in (0, 1):
            ex = examples if axis == 0 else [(i.T, o.T) for i, o in examples]
            plan = self._fit_rows(ex)
            if plan is not None:
                plan["axis"] = axis
                return plan
        return None

    @staticmethod
    def _fit_rows(examples):
        if any(i.shape[1] != o.shape[1] for i, o in examples):
            return None
        by_h: dict = {}
        for i, o in examples:
            by_h.setdefault(i.shape[0], []).append((i, o))
        if len(by_h) < 2 or len(by_h) > 12:
            return None
        for pairs in by_h.values():      # fail fast: one pair of each height
            if _row_map(pairs[:1]) is None:
                return None
        maps = {}
        for h, pairs in by_h.items():
            if len({o.shape[0] for _, o in pairs}) != 1:
                return None
            src = _row_map(pairs)
            if src is None or any(len(s) > 1 for s in src) and len(pairs) < 2:
                return None
            maps[h] = [s[0] for s in src]
        if all(m == list(range(h)) for h, m in maps.items()):
            return None
        return {"maps": {str(h): m for h, m in sorted(maps.items())}}

    def build(self, plan):
        heights = sorted(int(h) for h in plan["maps"])
        sel = np.zeros((len(heights), N, N), np.float32)        # [height, out row, in row]
        for k, h in enumerate(heights):
            for r, s in enumerate(plan["maps"][str(h)]):
                sel[k, r, s] = 1
        g = Graph()
        rows, cols = (2, 3) if plan["axis"] == 0 else (3, 2)
        inside = g.ReduceMax(g.input, axes=[1, cols], keepdims=0, name="in_grid_line")        # [1,30]
        size = g.ReduceSum(inside, axes=[1], keepdims=1, name="size")                          # [1,1]
        which = g.Cast(g.Equal(size, g.floats(np.array(heights, np.float32).reshape(1, -1), name="sizes"),
                               name="is_size"), to=1, name="size_onehot")                      # [1,H]
        eq = "bcij,bh,hri->bcrj" if plan["axis"] == 0 else "bcji,bh,hri->bcjr"
        return g.model(g.Einsum(g.input, which, g.const(sel, name="row_select"), equation=eq))
