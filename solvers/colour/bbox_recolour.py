"""Inside the bounding box of one colour's cells, cells of a second colour take a third colour; everything
else is kept.

Graph: per-row and per-column counts of the box colour; ArgMax of their uint8 0/1 profile gives the box's
first and last line, so the box is two 0/1 30-vectors; one Where per axis broadcasts a [2,1] column into its
[2,30] float factor (a row of ones, the box line). One Einsum writes the output: the input through the
identity, plus the input's source channel inside the box moved from the source channel to the target one.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import same_shape


def bbox_recolour(grid, box, src, dst):
    ys, xs = np.nonzero(grid == box)
    if len(ys) == 0:
        return None
    out = grid.copy()
    sub = out[ys.min():ys.max() + 1, xs.min():xs.max() + 1]
    sub[sub == src] = dst
    return out


class BBoxRecolour(Solver, name="bbox_recolour", tasks=("task070", "task166"), refuses="task190",
                   aliases=("c5_bbox_recolour",)):
    """Cells of one colour inside the bounding box of another colour's cells are recoloured."""

    def plans(self, examples):
        """(box colour, source, target): the one change the first example makes, each other colour the box."""
        if not same_shape(examples):
            return
        i0, o0 = examples[0]
        diff = i0 != o0
        pairs = set(zip(i0[diff].tolist(), o0[diff].tolist()))
        if len(pairs) == 1:
            (src, dst), = pairs
            for box in sorted(set(i0.ravel().tolist()) - {src}):
                yield box, src, dst

    def rule(self, plan, grid):
        return bbox_recolour(grid, *plan)

    def build(self, plan):
        box, src, dst = plan
        g = Graph()
        in_box_factor = g.floats([[1.0], [1.0]], name="in_box_factor")      # [2,1]: the kept term, the moved term
        off_box_factor = g.floats([[1.0], [0.0]], name="off_box_factor")
        lines = g.const(np.arange(30, dtype=np.int64).reshape(1, 30), name="lines")
        factors = []
        for tag, spec in (("row", "bkrc,k->br"), ("col", "bkrc,k->bc")):
            count = g.Einsum(g.input, g.floats(np.eye(10)[box]), equation=spec, name=f"box_per_{tag}")  # [1,30]
            has = g.Cast(g.Greater(count, g.floats(0.5), name=f"has_box_{tag}_b"), to=2, name=f"has_box_{tag}")
            first = g.ArgMax(has, axis=1, name=f"first_{tag}")                                        # [1,1]
            last = g.ArgMax(has, axis=1, select_last_index=1, name=f"last_{tag}")
            inside = g.And(g.GreaterOrEqual(lines, first, name=f"from_first_{tag}"),
                           g.LessOrEqual(lines, last, name=f"to_last_{tag}"), name=f"in_box_{tag}s")
            factors.append(g.Where(inside, in_box_factor, off_box_factor, name=f"{tag}_factors"))  # [2,30]: 1, inside
        move = np.zeros((2, 10, 10), np.float32)
        move[0] = np.eye(10)
        move[1, src, src], move[1, src, dst] = -1, 1
        return g.model(g.Einsum(g.input, factors[0], factors[1], g.floats(move), equation="bkrc,ar,ac,akj->bjrc"))
