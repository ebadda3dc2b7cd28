"""Object count diagonal: the output is an N x N square with the objects' colour on its diagonal, N = how many
separate objects (8-connected) of that colour the grid holds.

Objects are counted without components: every object cell starts with its own id (its raster index,
one byte), and a few rounds of 3x3 MaxPool masked to the object cells spread each object's largest id
over it; the cells that still hold their own id, one per object, are counted. The rounds needed are
measured on the examples (a small margin is added).

Graph on the input window (Slice of the colour's channel, one byte after a Cast): Where/MaxPool rounds,
Equal with the ids, MatMulInteger with ones and a ReduceSum give N; Less(line, N) per axis, a Where of a constant diagonal pattern
([1,10,cap,cap], cap a little above the largest N shown) and a Pad write `output`.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import spread_ids

MARGIN_ROUNDS = 2
MARGIN_COUNT = 2


def spread_rounds(mask):
    """(rounds until the largest ids stop spreading, object count) for a boolean mask, 8-connected."""
    n, ids, v = spread_ids(mask)
    return n, int(((v == ids) & mask).sum())


class ObjectCountDiagonal(Solver, name="object_count_diagonal", tasks=("task325",), refuses="task174",
                          aliases=("c7_count_diagonal",), fit_splits=("train", "test", "arc-gen")):
    """Output = N x N square with the objects' colour on its diagonal, N = number of separate objects (8-connected) in
    the grid."""

    def plans(self, examples):
        colours = set()
        rounds, top = 0, 0
        for i, _ in examples:
            present = set(np.unique(i).tolist()) - {0}
            if len(present) != 1:
                return
            colours |= present
            n, count = spread_rounds(i == min(present))
            rounds, top = max(rounds, n), max(top, count)
        side = max(max(i.shape) for i, _ in examples)
        if len(colours) == 1 and side * side <= 256:
            yield {"colour": colours.pop(), "side": side, "rounds": rounds + MARGIN_ROUNDS,
                   "cap": min(30, top + MARGIN_COUNT)}

    def rule(self, plan, grid):
        """The square, where the graph's window, rounds and cap cover the grid and its objects."""
        c = plan["colour"]
        if max(grid.shape) > plan["side"]:
            return None
        n, count = spread_rounds(grid == c)
        if n > plan["rounds"] or count > plan["cap"] or count == 0:
            return None
        return np.where(np.eye(count, dtype=bool), c, 0)

    def build(self, plan):
        g = Graph()
        c, s, cap = plan["colour"], plan["side"], plan["cap"]
        cells = g.Slice(g.input, g.ints([c, 0, 0]), g.ints([c + 1, s, s]), g.ints([1, 2, 3]), name="cells_f")
        cells = g.Cast(cells, to=9, name="cells")                                                   # [1,1,s,s]
        ids = g.const(np.arange(s * s, dtype=np.uint8).reshape(1, 1, s, s), name="cell_ids")
        zero = g.const(np.uint8(0), name="zero")
        spread = g.Where(cells, ids, zero, name="ids0")
        for k in range(plan["rounds"]):
            grown = g.MaxPool(spread, kernel_shape=[3, 3], pads=[1, 1, 1, 1], name=f"grown{k}")
            spread = g.Where(cells, grown, zero, name=f"ids{k + 1}")
        heads = g.And(g.Equal(spread, ids, name="own_id"), cells, name="heads")
        per_row = g.MatMulInteger(g.Cast(heads, to=2, name="heads_u8"),
                                  g.const(np.ones((s, 1), np.uint8), name="ones"), name="heads_per_row")  # int32
        count = g.Cast(g.ReduceSum(per_row, keepdims=0, name="count_i"), to=1, name="count")          # []
        line = np.arange(cap, dtype=np.float32)
        rows = g.Less(g.const(line.reshape(cap, 1), name="row_line"), count, name="row_in")
        cols = g.Less(g.const(line.reshape(1, cap), name="col_line"), count, name="col_in")
        square = g.And(rows, cols, name="square")                                                   # [cap,cap]
        pattern = np.zeros((1, 10, cap, cap), bool)
        pattern[0, c] = np.eye(cap, dtype=bool)
        pattern[0, 0] = ~np.eye(cap, dtype=bool)
        small = g.Where(square, g.const(pattern.astype(np.uint8), name="diagonal"), zero, name="small")
        pads = g.const(np.asarray([0, 0, 0, 0, 0, 0, 30 - cap, 30 - cap], np.int64), name="pads")
        return g.model(g.Pad(small, pads))
