"""Inside the bounding box of one colour's cells, cells of a second colour take a third colour; everything
else is kept.

Graph: per-row and per-column presence of the box colour, CumSum forwards and backwards (both > 0
means between its first and last line) gives the box as two 30-vectors; one Where writes the output.
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
        inside = []
        for tag, spec, shape in (("row", "bkrc,k->br", (30, 1)), ("col", "bkrc,k->bc", (1, 30))):
            has = g.Einsum(g.input, g.floats(np.eye(10)[box]), equation=spec, name=f"box_per_{tag}")  # [1,30]
            after = g.CumSum(has, g.const(np.int64(1)), name=f"box_{tag}_before")
            before = g.CumSum(has, g.const(np.int64(1)), reverse=1, name=f"box_{tag}_after")
            between = g.Greater(g.Mul(after, before), g.floats(0.5), name=f"in_box_{tag}s")
            inside.append(g.Reshape(between, g.ints([1, 1, *shape]), name=f"in_box_{tag}s_4d"))
        src_cells = g.Greater(g.Gather(g.input, g.const(np.int64(src)), axis=1), g.floats(0.5), name="src_cells")
        paint = g.And(g.And(inside[0], inside[1], name="in_box"), g.Unsqueeze(src_cells, axes=[1]), name="paint")
        return g.model(g.Where(paint, g.floats(np.eye(10)[dst].reshape(1, 10, 1, 1)), g.input))
