"""Bars of one colour (one per column or row): the longest and the shortest are recoloured by a fixed
table, the others get a third fixed colour (background deletes them).

The graph counts each line's bar cells (Einsum, over the lines of the largest grid many examples reach, read
through an [n,30] identity), compares them with the longest and the shortest present
count (absent lines pushed up by 100 before the ReduceMin), and one Einsum routes each bar cell through its
line's class to the class colour.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import C, window_lines
from ._bars import bar_colour, per_line


def classes(grid, colour, axis):
    """Per line: 0 longest, 1 shortest, 2 other, -1 no bar; None without bars or with one length only (the graph
    does not break a longest/shortest tie)."""
    counts = (grid == colour).sum(axis)
    present = counts > 0
    if not present.any():
        return None
    hi, lo = counts[present].max(), counts[present].min()
    if hi == lo:
        return None
    return np.where(~present, -1, np.where(counts == hi, 0, np.where(counts == lo, 1, 2)))


class BarExtremes(Solver, name="bar_extremes", tasks=("task254",), refuses="task041", aliases=("c2_bar_extremes",),
                  fit_splits=("train", "arc-gen")):
    """Bars of one colour (one per column or row): the longest and the shortest recoloured by a fixed table, the other
    bars by a third fixed colour (or deleted)."""

    def plans(self, examples):
        """(bar colour, axis, colour of the longest, shortest, other bars), read off the first bar of each class."""
        a = bar_colour(examples)
        if a is None:
            return
        for axis in (0, 1):
            table = {}
            for i, o in examples:
                cls = classes(i, a, axis)
                for line, k in enumerate([] if cls is None else cls):
                    dst = (o[:, line] if axis == 0 else o[line, :])[(i[:, line] if axis == 0 else i[line, :]) == a]
                    if k >= 0:
                        table.setdefault(int(k), int(dst[0]))
            if 0 in table and 1 in table and table[0] != table[1]:
                yield a, axis, [table.get(k, a) for k in range(3)], window_lines(examples, 1 - axis)

    def rule(self, plan, grid):
        a, axis, table, n = plan
        if grid.shape[1 - axis] > n:
            return None                 # the graph reads only the window's lines
        cls = classes(grid, a, axis)
        return None if cls is None else per_line(grid, a, axis, np.asarray(table)[cls])

    def build(self, plan):
        a, axis, table, n = plan
        g = Graph()
        line = "w" if axis == 0 else "h"
        # the lines of the window (the largest grid many examples reach) through an [n,30] identity
        window, read = ([g.const(np.eye(n, 30, dtype=np.float32), name=f"lines_{n}")], f",l{line}") if n < 30 \
            else ([], "")
        at = "l" if n < 30 else line
        counts = g.Einsum(g.input, g.const(np.eye(C, dtype=np.float32)[a], name="bar_colour"), *window,
                          equation=f"bchw,c{read}->{at}b", name="bar_length")               # [n,1]
        longest = g.ReduceMax(counts, axes=[0], keepdims=1, name="longest")
        # absent lines pushed up to 100 so that the ReduceMin sees only bars
        present_len = g.Where(g.Equal(counts, g.const(np.float32(0)), name="absent"), g.const(np.float32(100)),
                              counts, name="present_len")
        shortest = g.ReduceMin(present_len, axes=[0], keepdims=1, name="shortest")
        is_long = g.Equal(counts, longest, name="is_long")
        is_short = g.Equal(counts, shortest, name="is_short")      # never long: the rule declines one length
        # [30,3]: long, short and an always-on third class, cast once from bools
        cls = g.Cast(g.Concat(is_long, is_short, g.const(np.ones((n, 1), bool), name="on"), axis=1,
                              name="class_b"), to=1, name="classes_on")                   # [n,3]
        # the third class (other bars, and all background cells) is always on; it is cancelled by a -1
        # where one of the first two classes applies
        paint = np.zeros((2, 3, C), np.float32)     # [route, class, colour]
        paint[0, 2, 0] = 1
        for k in range(3):
            paint[1, k, table[k]] += 1
        for k in range(2):
            paint[1, k, table[2]] -= 1
        route = np.zeros((C, 2), np.float32)          # background cells take route 0, bar cells route 1
        route[0, 0] = 1
        route[a, 1] = 1
        return g.model(g.Einsum(g.input, g.const(route, name="route"), *window, cls, g.const(paint, name="paint"),
                                equation=f"bkhw,kx{read},{at}r,xrc->bchw"))
