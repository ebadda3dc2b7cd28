"""Boxes.

- c3_colourbox: every colour's cells span a bounding box; the output fills each box with its colour
  (boxes do not overlap). Per-colour row/column spans (ArgMax over profiles) give [10,30] masks whose
  outer products, plus background inside the grid, are the one-hot output.
- c3_richestblock: among the solid k x k blocks of coloured cells, the output is the one holding the
  most cells of one colour. Two Convs score every window, ArgMax picks the best, and one Einsum with
  computed selection matrices crops it."""
from __future__ import annotations

import numpy as np
from onnx import TensorProto

from .. import Solver
from .._common_grids import N, reproduces


def colour_boxes(grid):
    out = np.zeros_like(grid)
    for c in sorted(set(grid.ravel().tolist()) - {0}):
        cells = np.argwhere(grid == c)
        (r0, c0), (r1, c1) = cells.min(0), cells.max(0)
        if (out[r0:r1 + 1, c0:c1 + 1] != 0).any():
            return None
        out[r0:r1 + 1, c0:c1 + 1] = c
    return out


class ColourBox(Solver):
    name = "c3_colourbox"
    description = "each colour's bounding box is filled with that colour (background elsewhere)"

    def fit(self, examples):
        if any(i.shape != o.shape for i, o in examples) or all(np.array_equal(i, o) for i, o in examples):
            return None
        return True if reproduces(colour_boxes, examples) else None

    def build(self, plan):
        from neurogolf.graph import Graph
        g = Graph()
        k = g.const(np.arange(N, dtype=np.int64), name="arange")
        nonbg = (np.arange(10) > 0).reshape(10, 1)
        spans = []
        for axis, label in ((2, "row"), (3, "col")):
            prof = g.ReduceMax(g.input, axes=[0, 5 - axis], keepdims=0, name=f"{label}_profile")   # [10,30]
            lo = g.ArgMax(prof, axis=1, keepdims=1, name=f"{label}_lo")                           # [10,1]
            hi = g.ArgMax(prof, axis=1, keepdims=1, select_last_index=1, name=f"{label}_hi")
            span = g.And(g.Not(g.Less(k, lo, name=f"{label}_before"), name=f"{label}_from"),
                         g.Not(g.Greater(k, hi, name=f"{label}_after"), name=f"{label}_to"), name=f"{label}_span")
            present = g.Greater(g.ReduceMax(prof, axes=[1], keepdims=1, name=f"{label}_present"),
                                g.const(np.zeros(1, np.float32), name="zero"), name=f"{label}_has")
            spans.append(g.And(g.And(span, present, name=f"{label}_box"), g.const(nonbg, name="nonbg"),
                               name=f"{label}_colour_box"))                                     # [10,30]
        boxes = g.And(g.Unsqueeze(spans[0], axes=[0, 3], name="row_boxes"),
                      g.Unsqueeze(spans[1], axes=[0, 2], name="col_boxes"), name="boxes")         # [1,10,30,30]
        covered = g.Einsum(g.Cast(spans[0], to=TensorProto.FLOAT, name="row_f"),
                           g.Cast(spans[1], to=TensorProto.FLOAT, name="col_f"), equation="kr,kc->rc",
                           name="covered")                                                       # [30,30]
        ingrid = g.ReduceMax(g.input, axes=[1], keepdims=1, name="in_grid")                      # [1,1,30,30]
        half = g.const(np.array([0.5], np.float32), name="half")
        bg = g.And(g.Greater(ingrid, half, name="inside"), g.Less(covered, half, name="uncovered"), name="bg")
        first = np.zeros((1, 10, 1, 1), bool)
        first[0, 0] = True
        return g.model(g.Or(boxes, g.And(bg, g.const(first, name="channel0"), name="bg_plane")))


def richest_block(grid, k, colour):
    h, w = grid.shape
    best = None
    for r in range(h - k + 1):
        for c in range(w - k + 1):
            b = grid[r:r + k, c:c + k]
            if (b != 0).all():
                n = int((b == colour).sum())
                if best is None or n > best[0]:
                    best = (n, b)
    return None if best is None else best[1]


class RichestBlock(Solver):
    name = "c3_richestblock"
    description = "output = the solid k x k block of coloured cells holding the most cells of one colour"

    def fit(self, examples):
        shapes = {o.shape for _, o in examples}
        if len(shapes) != 1:
            return None
        k = shapes.pop()
        if k[0] != k[1] or k[0] < 2:
            return None
        k = k[0]
        if any((o == 0).any() or o.shape[0] > min(i.shape) for i, o in examples):
            return None                                   # the answer is a solid block inside the grid
        for colour in sorted(set.intersection(*(set(o.ravel().tolist()) for _, o in examples))):
            if reproduces(lambda i: richest_block(i, k, colour), examples):
                return k, colour
        return None

    def build(self, plan):
        from neurogolf.graph import Graph
        kk, colour = plan
        g = Graph()
        win = np.zeros((1, 10, kk, kk), np.float32)
        win[0, 1:] = 1
        full = g.Conv(g.input, g.const(win, name="solid_w"), name="solid")                         # [1,1,M,M]
        win = np.zeros((1, 10, kk, kk), np.float32)
        win[0, colour] = 1
        count = g.Conv(g.input, g.const(win, name="count_w"), name="colour_count")
        score = g.Where(g.Greater(full, g.const(np.array([kk * kk - 0.5], np.float32), name="all_full"),
                                  name="is_block"), count, g.const(np.array([-1], np.float32), name="none"),
                        name="score")
        M = N - kk + 1
        best = g.ArgMax(g.Reshape(score, g.ints([M * M], name="flat"), name="score_flat"), axis=0, keepdims=1,
                        name="best")
        r = g.Div(best, g.ints([M], name="width"), name="best_row")
        c = g.Mod(best, g.ints([M], name="width"), name="best_col")
        k = g.const(np.arange(N, dtype=np.int64), name="arange")
        slots = g.Unsqueeze(k, axes=[1], name="slots")
        keep = g.Less(slots, g.ints([kk], name="size"), name="in_block")
        sel = []
        for start, label in ((r, "row"), (c, "col")):
            pick = g.And(g.Equal(g.Add(slots, start, name=f"{label}_source"), k, name=f"{label}_pick"), keep,
                         name=f"{label}_select")
            sel.append(g.Cast(pick, to=TensorProto.FLOAT, name=f"{label}_select_f"))
        return g.model(g.Einsum(sel[0], g.input, sel[1], equation="ir,bcrs,js->bcij"))
