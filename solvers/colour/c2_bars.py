"""Bar extremes: bars of one colour (one per column or row); the longest and the shortest are recoloured
by a fixed table, the others get a third fixed colour (background deletes them).

The graph counts each line's bar cells (Einsum), compares them with the longest and the shortest
present count (absent lines pushed up by 100 before the ReduceMin), and one Einsum routes each bar
cell through its line's class to the class colour.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import same_shape


def classes(grid, colour, axis):
    """Per line: 0 longest, 1 shortest (longest wins a tie), 2 other, -1 no bar."""
    counts = (grid == colour).sum(axis)
    present = counts > 0
    if not present.any():
        return None
    hi, lo = counts[present].max(), counts[present].min()
    return np.where(~present, -1, np.where(counts == hi, 0, np.where(counts == lo, 1, 2)))


class BarExtremes(Solver):
    name = "c2_bar_extremes"
    description = ("bars of one colour (one per column or row): the longest and the shortest recoloured by a "
                   "fixed table, the other bars by a third fixed colour (or deleted)")

    def fit(self, examples):
        if not same_shape(examples):
            return None
        colours = {int(c) for i, _ in examples for c in np.unique(i)} - {0}
        if len(colours) != 1:
            return None
        a = colours.pop()
        for axis in (0, 1):
            table = {}
            ok = True
            for i, o in examples:
                cls = classes(i, a, axis)
                if cls is None or not np.array_equal(o[i == 0], i[i == 0]):
                    ok = False
                    break
                for line, k in enumerate(cls):
                    if k < 0:
                        continue
                    src = i[:, line] if axis == 0 else i[line, :]
                    dst = o[:, line] if axis == 0 else o[line, :]
                    vals = set(dst[src == a].tolist())
                    if len(vals) != 1 or table.setdefault(int(k), vals.pop()) != dst[src == a][0]:
                        ok = False
                        break
                if not ok:
                    break
            if ok and 0 in table and 1 in table and table[0] != table[1]:
                return a, axis, [table.get(k, a) for k in range(3)]
        return None

    def build(self, plan):
        a, axis, table = plan
        g = Graph()
        line = "w" if axis == 0 else "h"
        onehot_a = np.zeros(10, np.float32)
        onehot_a[a] = 1
        counts = g.Einsum(g.input, g.const(onehot_a, name="bar_colour"), equation=f"bchw,c->{line}b",
                          name="bar_length")                                                   # [30,1]
        longest = g.ReduceMax(counts, axes=[0], keepdims=1, name="longest")
        absent = g.Mul(g.Cast(g.Equal(counts, g.const(np.float32(0)), name="absent_b"), to=1, name="absent"),
                       g.const(np.float32(100)), name="absent_far")
        shortest = g.ReduceMin(g.Add(counts, absent, name="present_len"), axes=[0], keepdims=1, name="shortest")
        is_long = g.Equal(counts, longest, name="is_long")
        is_short = g.And(g.Equal(counts, shortest, name="is_short_b"), g.Not(is_long, name="not_long"),
                         name="is_short")
        cls = g.Cast(g.Concat(is_long, is_short, axis=1, name="class_b"), to=1, name="class")     # [30,2]
        # the third class column (other bars, and all background cells) is always on; it is
        # cancelled by a -1 where one of the first two classes applies
        cls = g.Pad(cls, g.ints([0, 0, 0, 1]), g.const(np.float32(1)), name="class3")            # [30,3]
        paint = np.zeros((2, 3, 10), np.float32)     # [route, class, colour]
        paint[0, 2, 0] = 1
        for k in range(3):
            paint[1, k, table[k]] += 1
        for k in range(2):
            paint[1, k, table[2]] -= 1
        route = np.zeros((10, 2), np.float32)
        route[0, 0] = 1
        route[a, 1] = 1
        y = g.Einsum(g.input, g.const(route, name="route"), cls, g.const(paint, name="paint"),
                     equation=f"bkhw,kx,{line}r,xrc->bchw")
        return g.model(y)
