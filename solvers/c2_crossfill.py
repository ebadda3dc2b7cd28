"""Cross fill: a background cell with a coloured cell within a cells on its row AND within a cells on its
column is painted one fixed colour (fills the bounding boxes of small separated shapes).

An AND of two ORs is no single threshold, so two Convs (a 1 x (2a+1) and a (2a+1) x 1 window over the
coloured channels, the first also docking 100 from non-background cells) are combined by Min; one
Where paints the cells scoring > 0.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from . import Solver
from ._local_util import same_shape


def cross_fill(grid, a, paint):
    h, w = grid.shape
    m = np.pad(grid != 0, a)
    col = np.zeros(grid.shape, bool)
    row = np.zeros(grid.shape, bool)
    for k in range(-a, a + 1):
        col |= m[a + k:a + k + h, a:a + w]
        row |= m[a:a + h, a + k:a + k + w]
    return np.where((grid == 0) & col & row, paint, grid)


class CrossFill(Solver):
    name = "c2_cross_fill"
    description = ("same-shape grids where background cells with a coloured cell near them on their row and "
                   "also on their column (within a few cells) are painted one colour (boxes of small shapes)")

    def fit(self, examples):
        if not same_shape(examples):
            return None
        diff = [i != o for i, o in examples]
        painted = np.concatenate([o[d] for (_, o), d in zip(examples, diff)])
        if painted.size == 0 or len(set(painted.tolist())) != 1:
            return None
        paint = int(painted[0])
        for a in (1, 2, 3):
            if all(np.array_equal(cross_fill(i, a, paint), o) for i, o in examples):
                return a, paint
        return None

    def build(self, plan):
        a, paint = plan
        n = 2 * a + 1
        w = np.zeros((2, 10, n, n), np.float32)
        w[0, 1:, a, :] = 1           # coloured cells on the row
        w[0, :, a, a] = 0
        w[0, 0, a, a] = 100          # only background cells may score
        w[1, 1:, :, a] = 1           # coloured cells on the column
        g = Graph()
        score = g.Conv(g.input, g.const(w, name="cross_kernel"), g.const(np.float32([-100, 0]), name="bias"),
                       pads=[a] * 4, name="row_col_hits")                                   # [1,2,30,30]
        both = g.ReduceMin(score, axes=[1], keepdims=1, name="both_hit")
        here = g.Greater(both, g.const(np.float32(0.5)), name="paint_here")
        ink = np.zeros((1, 10, 1, 1), np.float32)
        ink[0, paint] = 1
        return g.model(g.Where(here, g.const(ink, name="ink"), g.input))
