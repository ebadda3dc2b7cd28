"""Object count diagonal: the output is an N x N square with the objects' colour on its diagonal, N = how many
separate objects (8-connected) of that colour the grid holds.

Objects are counted without components, by the Euler number of the colour's cells (8-connected objects,
4-connected holes), summed from local patterns: cells - 8-adjacent pairs + triples inside a 2x2 block -
full 2x2 blocks. It counts objects minus holes; a hole of a small sprite is one background cell whose four
neighbours are all the colour, so those cells are added back. The rule refuses any grid where this local
count differs from the true object count (a bigger hole, say).

Graph: each pattern count is one Einsum reading the free `input` (the colour picked by a one-hot channel
vector, neighbours by a 30 x 30 shift matrix) down to a scalar (`object_counts`); a Sum gives N;
Less(line, N) marks the square's lines, and one Einsum of quadratic forms in the line index ((i - j)^2 for the background,
1 - (i - j)^2 for the colour) writes `output`.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_graph import local_object_count, object_counts
from .._common_grids import spread_ids


def object_count(mask) -> int:
    _, ids, v = spread_ids(mask)
    return int(((v == ids) & mask).sum())


class ObjectCountDiagonal(Solver, name="object_count_diagonal", tasks=("task325",), refuses="task174",
                          aliases=("c7_count_diagonal",), fit_splits=("train", "test", "arc-gen")):
    """Output = N x N square with the objects' colour on its diagonal, N = number of separate objects (8-connected) in
    the grid."""

    def plans(self, examples):
        colours = set()
        for i, _ in examples:
            present = set(np.unique(i).tolist()) - {0}
            if len(present) != 1:
                return
            colours |= present
        if len(colours) == 1:
            yield {"colour": colours.pop()}

    def rule(self, plan, grid):
        """The square, where the local pattern count is the object count."""
        mask = grid == plan["colour"]
        count = object_count(mask)
        if count == 0 or count > 30 or local_object_count(mask, ~mask) != count:
            return None
        return np.where(np.eye(count, dtype=bool), plan["colour"], 0)

    def build(self, plan):
        g = Graph()
        c = plan["colour"]
        pick = np.zeros(10, np.float32)
        pick[c] = 1
        n_objects = object_counts(g, pick, 1 - pick, per_channel=False)               # scalar N
        # the square rendered by one Einsum straight into `output`: with r_i = [i < N] and the line powers
        # phi(i) = (1, i, i^2), channel 0 holds r_i r_j (i - j)^2 (> 0 off the diagonal), the colour
        # r_i r_j (1 - (i - j)^2) (> 0 on it), every other channel 0; all small exact integers
        line = np.arange(30, dtype=np.float32)
        inside = g.Cast(g.Less(g.const(line, name="line"), n_objects, name="line_in_b"), to=1, name="line_in")
        phi = g.const(np.stack([np.ones(30), line, line * line]).astype(np.float32), name="line_powers")  # [3,30]
        w = np.zeros((1, 10, 3, 3), np.float32)
        w[0, 0] = [[0, 0, 1], [0, -2, 0], [1, 0, 0]]      # i^2 - 2ij + j^2
        w[0, c] = -w[0, 0]
        w[0, c, 0, 0] = 1.0                                 # 1 - (i - j)^2
        return g.model(g.Einsum(inside, inside, phi, phi, g.const(w, name="square_form"),
                                equation="i,j,mi,nj,bcmn->bcij"))
