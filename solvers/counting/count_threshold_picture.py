"""Count threshold picture: a number n is read from the grid as a small signed sum of line counts (how many rows or
columns hold colour c, how many cells hold c) plus a constant, and a fixed-size output lights each cell
when n exceeds that cell's threshold (e.g. "one 8 per empty row left in the cup", filled in snake order).

Graph: per used colour its cells per row (or column) by one Einsum, Sign for the lines holding it, and one
Einsum give n; Greater against
the [oh,ow] thresholds gives the lit cells; Concat adds an always-on slot and one Einsum with the two
colours and placement matrices writes `output`.
"""
from __future__ import annotations

import itertools

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import C, N, fixed_out_shape


def _features(grid):
    """{(kind, colour): value} for kind rows (rows holding c), cols, cells."""
    f = {}
    for c in range(1, C):
        m = grid == c
        f[("rows", c)] = int(m.any(1).sum())
        f[("cols", c)] = int(m.any(0).sum())
        f[("cells", c)] = int(m.sum())
    return f


class CountThresholdPicture(Solver, name="count_threshold_picture", tasks=("task274", "task399"), refuses="task024",
                            aliases=("c1_count_picture",), fit_splits=("train", "arc-gen")):
    """Fixed-size output whose cells light up by thresholds on a number read from the grid: a signed sum of how many
    rows/columns/cells hold some colours."""

    def plans(self, examples):
        shape = fixed_out_shape(examples)
        if shape is None or shape[0] * shape[1] > 30 or any(i.shape == o.shape for i, o in examples[:3]):
            return
        if next(self._search(examples[:10], shape), None) is not None:      # fail fast on a few examples
            yield from self._search(examples, shape)

    def _search(self, examples, shape):
        colours = set(np.unique(np.stack([o for _, o in examples])).tolist())
        if len(colours) != 2:
            return
        off, on = sorted(colours, key=lambda c: (c != 0, c))
        lit = np.stack([(o == on) for _, o in examples]).reshape(len(examples), -1)
        feats = [_features(i) for i, _ in examples]
        keys = sorted({k for f in feats for k, v in f.items() if v})
        if len(keys) > 18:
            return
        table = np.array([[f.get(k, 0) for k in keys] for f in feats])       # [examples, features]
        for size in (1, 2):
            for idx in itertools.combinations(range(len(keys)), size):
                for signs in itertools.product((1, -1), repeat=size):
                    thr = self._thresholds(table[:, idx] @ np.array(signs), lit)
                    if thr is not None:
                        yield {"terms": [[keys[k][0], keys[k][1], s] for k, s in zip(idx, signs)],
                               "thresholds": thr.reshape(shape).tolist(), "on": int(on), "off": int(off)}

    def rule(self, plan, grid):
        f = _features(grid)
        n = sum(s * f[(kind, c)] for kind, c, s in plan["terms"])
        return np.where(n > np.array(plan["thresholds"]), plan["on"], plan["off"])

    @staticmethod
    def _thresholds(n, lit):
        """Per cell t with lit <=> n > t (t halfway between the classes), else None."""
        thr = []
        for cell in lit.T:
            hi = n[cell].min() if cell.any() else None
            lo = n[~cell].max() if (~cell).any() else None
            if hi is not None and lo is not None and hi <= lo:
                return None
            if hi is None:
                t = lo + 0.5
            elif lo is None:
                t = hi - 0.5
            else:
                t = (hi + lo) / 2
            thr.append(t)
        if not (lit.any(0) & ~lit.all(0)).any():      # no cell depends on the number
            return None
        return np.array(thr, np.float32)

    def build(self, plan):
        thr = np.array(plan["thresholds"], np.float32)
        oh, ow = thr.shape
        g = Graph()
        weights = {"rows": np.zeros(C, np.float32), "cols": np.zeros(C, np.float32), "cells": np.zeros(C, np.float32)}
        for kind, c, s in plan["terms"]:
            weights[kind][c] += s
        parts = []
        for kind, axis in (("rows", "i"), ("cols", "j")):
            used = np.nonzero(weights[kind])[0]
            if used.size:      # per used colour, its cells per line; Sign says which lines hold it
                pick = np.zeros((C, used.size), np.float32)
                pick[used, np.arange(used.size)] = 1
                per_line = g.Einsum(g.input, g.const(pick, name=f"{kind}_colours"), equation=f"bcij,ck->bk{axis}",
                                    name=f"{kind}_cells")                                        # [1,K,30]
                held = g.Sign(per_line, name=f"{kind}_holds")
                parts.append(g.Einsum(held, g.const(weights[kind][used], name=f"{kind}_weights"),
                                      equation=f"bk{axis}->b".replace("->", ",k->"), name=f"{kind}_part"))
        if weights["cells"].any():
            parts.append(g.Einsum(g.input, g.const(weights["cells"], name="cell_weights"), equation="bcij,c->b",
                                  name="cell_part"))
        n = parts[0]
        for p in parts[1:]:
            n = g.Add(n, p, name="number")                                                        # [1]
        lit = g.Cast(g.Greater(n, g.const(thr.reshape(1, 1, oh, ow), name="thresholds"), name="is_lit"), to=1,
                     name="lit")                                                                  # [1,1,oh,ow]
        slots = g.Concat(lit, g.const(np.ones((1, 1, oh, ow), np.float32), name="always"), axis=1,
                         name="slots")                                                            # [1,2,oh,ow]
        paint = np.zeros((2, C), np.float32)
        paint[0, plan["on"]] = 1
        paint[0, plan["off"]] = -1
        paint[1, plan["off"]] = 1
        place_r = np.eye(N, oh, dtype=np.float32)
        place_c = np.eye(N, ow, dtype=np.float32)
        y = g.Einsum(slots, g.const(paint, name="paint"), g.const(place_r, name="place_rows"),
                     g.const(place_c, name="place_cols"), equation="bsyz,sc,iy,jz->bcij")
        return g.model(y)
