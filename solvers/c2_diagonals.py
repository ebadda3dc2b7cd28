"""Diagonals: the 45-degree lines starting in some of the grid's corners are painted one colour.

A line from a corner is r - c = const or r + c = const, where the constant is 0, h - w, w - 1 or
h - 1; the grid's height and width are read from the input (the largest column / row count), so one
graph serves every size. Equal against fixed r-c / r+c tables, Or, And "inside", one Where.
"""
from __future__ import annotations

from itertools import combinations

import numpy as np

from neurogolf.graph import Graph

from . import Solver
from ._local_util import same_shape

CORNERS = ("tl", "tr", "bl", "br")


def diag_mask(h, w, corners):
    r, c = np.indices((h, w))
    lines = {"tl": r - c == 0, "br": r - c == h - w, "tr": r + c == w - 1, "bl": r + c == h - 1}
    m = np.zeros((h, w), bool)
    for k in corners:
        m |= lines[k]
    return m


class Diagonals(Solver):
    name = "c2_diagonals"
    description = ("same-shape grids where the diagonal lines from some of the grid's corners (main and/or "
                   "anti-diagonal) are painted one fixed colour, whatever the grid's size")

    def fit(self, examples):
        if not same_shape(examples):
            return None
        changed = np.concatenate([o[i != o] for i, o in examples])
        if changed.size == 0 or len(set(changed.tolist())) != 1:
            return None
        colour = int(changed[0])
        for n in range(1, 5):
            for corners in combinations(CORNERS, n):
                if all(np.array_equal(np.where(diag_mask(*i.shape, corners), colour, i), o) for i, o in examples):
                    return colour, corners
        return None

    def build(self, plan):
        colour, corners = plan
        g = Graph()
        r, c = np.indices((30, 30)).astype(np.float32)
        col_counts = g.ReduceSum(g.input, axes=[1, 2], keepdims=0, name="col_counts")       # [1,30]
        row_counts = g.ReduceSum(g.input, axes=[1, 3], keepdims=0, name="row_counts")       # [1,30]
        h = g.ReduceMax(col_counts, axes=[1], keepdims=0, name="height")                     # [1]
        w = g.ReduceMax(row_counts, axes=[1], keepdims=0, name="width")
        one = g.const(np.float32(1))
        value = {"tl": None, "br": g.Sub(h, w, name="h_minus_w"),
                 "tr": g.Sub(w, one, name="w_last"), "bl": g.Sub(h, one, name="h_last")}
        lines = []
        for k in corners:
            if k == "tl":
                lines.append(g.const(np.eye(30, dtype=bool), name="main_diagonal"))
                continue
            table = g.const(r - c if k == "br" else r + c, name="r_minus_c" if k == "br" else "r_plus_c")
            lines.append(g.Equal(table, value[k], name=f"line_{k}"))
        mask = lines[0]
        for extra in lines[1:]:
            mask = g.Or(mask, extra, name="lines")
        inside = g.And(g.Less(g.const(np.arange(30, dtype=np.float32).reshape(30, 1), name="row_index"), h,
                              name="row_inside"),
                       g.Less(g.const(np.arange(30, dtype=np.float32).reshape(1, 30), name="col_index"), w,
                              name="col_inside"), name="inside")
        paint = g.And(mask, inside, name="paint_here")
        ink = np.zeros((1, 10, 1, 1), np.float32)
        ink[0, colour] = 1
        return g.model(g.Where(paint, g.const(ink, name="ink"), g.input))
