"""Object count diagonal: the output is an N x N square with the objects' colour on its diagonal, N = how many
separate objects (8-connected) of that colour the grid holds.

Objects are counted without components: every object cell starts with its own id (its raster index,
one byte), and a few rounds of 3x3 MaxPool masked to the object cells spread each object's largest id
over it; the cells that still hold their own id, one per object, are counted. The rounds needed are
measured on the examples (a small margin is added).

Graph on the input window (Slice of the colour's channel, one byte after a Cast): Where/MaxPool rounds,
Equal with the ids, MatMulInteger with ones and a ReduceSum give N; Less(line, N) marks the square's lines, and one Einsum of
quadratic forms in the line index ((i - j)^2 for the background, 1 - (i - j)^2 for the colour) writes `output`.
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
        cells_f = g.Slice(g.input, g.ints([c, 0, 0]), g.ints([c + 1, s, s]), g.ints([1, 2, 3]), name="cells_f")
        cells = g.Cast(cells_f, to=9, name="cells")                                                  # [1,1,s,s]
        ids = g.const(np.arange(s * s, dtype=np.uint8).reshape(1, 1, s, s), name="cell_ids")
        zero = g.const(np.uint8(0), name="zero")
        spread = g.Where(cells, ids, zero, name="ids0")
        for k in range(plan["rounds"]):
            grown = g.MaxPool(spread, kernel_shape=[3, 3], pads=[1, 1, 1, 1], name=f"grown{k}")
            spread = g.Where(cells, grown, zero, name=f"ids{k + 1}")
        # a cell keeping its own id is an object's head, or the empty corner cell (id 0, spread 0): the
        # count of own ids plus the corner's cell value is N + 1
        own = g.Cast(g.Equal(spread, ids, name="own_id"), to=2, name="own_u8")
        per_row = g.MatMulInteger(own, g.const(np.ones((s, 1), np.uint8), name="ones"), name="own_per_row")  # int32
        corner = g.Slice(cells_f, g.ints([0, 0]), g.ints([1, 1]), g.ints([2, 3]), name="corner")      # [1,1,1,1]
        count1 = g.Add(g.Cast(g.ReduceSum(per_row, keepdims=0, name="own_i"), to=1, name="own_f"),
                       g.Reshape(corner, g.ints([1]), name="corner_1"), name="count1")                  # N + 1
        # the square rendered by one Einsum straight into `output`: with r_i = [i < N] and the line powers
        # phi(i) = (1, i, i^2), channel 0 holds r_i r_j (i - j)^2 (> 0 off the diagonal), the colour
        # r_i r_j (1 - (i - j)^2) (> 0 on it), every other channel 0; all small exact integers
        line = np.arange(30, dtype=np.float32)
        inside = g.Cast(g.Less(g.const(line + 1, name="line1"), count1, name="line_in_b"), to=1, name="line_in")  # [30]
        phi = g.const(np.stack([np.ones(30), line, line * line]).astype(np.float32), name="line_powers")  # [3,30]
        w = np.zeros((1, 10, 3, 3), np.float32)
        w[0, 0] = [[0, 0, 1], [0, -2, 0], [1, 0, 0]]      # i^2 - 2ij + j^2
        w[0, c] = -w[0, 0]
        w[0, c, 0, 0] = 1.0                                 # 1 - (i - j)^2
        return g.model(g.Einsum(inside, inside, phi, phi, g.const(w, name="square_form"),
                                equation="i,j,mi,nj,bcmn->bcij"))
