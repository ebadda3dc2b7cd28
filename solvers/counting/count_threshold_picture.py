"""Count threshold picture: a number n is read from the grid as a small signed sum of line counts (how many rows or
columns hold colour c, how many cells hold c) plus a constant, and a fixed-size output lights each cell
when n exceeds that cell's threshold (e.g. "one 8 per empty row left in the cup", filled in snake order).

Graph: per used colour its cells per row (or column) by one Einsum, Sign for the lines holding it, and one
Einsum give n; Greater against
the [oh,ow] thresholds gives the lit cells; Concat adds an always-on slot and one Einsum with the two
colours and placement matrices writes `output`.

The "extremes" form reads n as the largest plus the smallest per-line difference of two colours' cell counts
(a cup: the tallest wall column minus no water, plus the water column's 1 minus its depth, is the empty height
plus 2). Its graph needs no per-line Sign: one Einsum gives the per-line differences, ReduceMax and ReduceMin
the two extremes, Add and Sub against the thresholds the signed margin per output cell, and one 1x1 Conv whose
end pads reach the 30x30 canvas writes the two colours into `output`.
"""
from __future__ import annotations

import itertools

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import C, N, fixed_out_shape, reproduces

_AXES = {"rows": 1, "cols": 0}      # the kind's per-line counts sum the grid over this axis


def _line_differences(grid, kind, a, b):
    """Per line of the 30x30 canvas (rows or columns), cells of colour a minus cells of colour b; lines beyond
    the grid count 0, as they do in the graph."""
    canvas = np.full((N, N), -1)
    canvas[:grid.shape[0], :grid.shape[1]] = grid
    return (canvas == a).sum(_AXES[kind]) - (canvas == b).sum(_AXES[kind])


def _extremes(grid, kind, a, b):
    d = _line_differences(grid, kind, a, b)
    return int(d.max() + d.min())


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
        for search in (self._search, self._search_extremes):
            if next(search(examples[:10], shape), None) is not None:      # fail fast on a few examples
                yield from search(examples, shape)

    def candidates(self, examples):
        """The first plan of each form (the line-count sum, the extremes): the build keeps the cheaper graph."""
        shape = fixed_out_shape(examples)
        if shape is None or shape[0] * shape[1] > 30 or any(i.shape == o.shape for i, o in examples[:3]):
            return
        for search in (self._search, self._search_extremes):
            if next(search(examples[:10], shape), None) is None:      # fail fast on a few examples
                continue
            for plan in search(examples, shape):
                if reproduces(lambda grid: self.rule(plan, grid), examples):
                    yield self.name + (":extremes" if "extremes" in plan else ""), self.build(plan)
                    break

    def _targets(self, examples):
        """(off, on, lit): the outputs' two colours (black first, if shown) and, per example, which output cells
        are lit (flattened); None unless the outputs show exactly two colours."""
        colours = set(np.unique(np.stack([o for _, o in examples])).tolist())
        if len(colours) != 2:
            return None
        off, on = sorted(colours, key=lambda c: (c != 0, c))
        return off, on, np.stack([(o == on) for _, o in examples]).reshape(len(examples), -1)

    def _search_extremes(self, examples, shape):
        """n = max + min over lines of (cells of a - cells of b), for a, b among the input colours."""
        targets = self._targets(examples)
        if targets is None:
            return
        off, on, lit = targets
        colours = sorted(set(np.unique(np.concatenate([i.ravel() for i, _ in examples])).tolist()) - {0})
        for kind in ("cols", "rows"):
            for a, b in itertools.permutations(colours, 2):
                n = np.array([_extremes(i, kind, a, b) for i, _ in examples])
                thr = self._thresholds(n, lit)
                if thr is not None:
                    yield {"extremes": [kind, int(a), int(b)], "thresholds": thr.reshape(shape).tolist(),
                           "on": int(on), "off": int(off)}

    def _search(self, examples, shape):
        targets = self._targets(examples)
        if targets is None:
            return
        off, on, lit = targets
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
        if "extremes" in plan:
            n = _extremes(grid, *plan["extremes"])
        else:
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
        if "extremes" in plan:
            return self._build_extremes(plan)
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

    @staticmethod
    def _build_extremes(plan):
        """n = max + min of the per-line colour differences; n - threshold per output cell is the lit cells'
        signed margin (n is an integer: each threshold t moved to floor(t) + 1/2 lights the same cells and
        keeps the margin off 0); a 1x1 Conv paints it (+ on, - off) and its end pads place it in the top-left
        corner of the canvas."""
        kind, a, b = plan["extremes"]
        thr = np.floor(np.array(plan["thresholds"], np.float32)) + 0.5
        oh, ow = thr.shape
        g = Graph()
        weights = np.zeros(C, np.float32)
        weights[a], weights[b] = 1, -1
        line = {"rows": "i", "cols": "j"}[kind]
        per_line = g.Einsum(g.input, g.const(weights, name="difference"), equation=f"bcij,c->b{line}",
                            name="line_differences")                                             # [1,30]
        n = g.Add(g.ReduceMax(per_line, axes=[1], keepdims=1, name="largest"),
                  g.ReduceMin(per_line, axes=[1], keepdims=1, name="smallest"), name="number")      # [1,1]
        margin = g.Sub(n, g.const(thr.reshape(1, 1, oh, ow), name="thresholds"), name="margin")      # [1,1,oh,ow]
        paint = np.zeros((C, 1, 1, 1), np.float32)
        paint[plan["on"]] += 1
        paint[plan["off"]] -= 1
        y = g.Conv(margin, g.const(paint, name="paint"), kernel_shape=[1, 1], pads=[0, 0, N - oh, N - ow])
        return g.model(y)
