"""Clear corridors: every row or column that is all black between its two border cells is painted, on its
black cells, in one fitted colour (straight corridors through a walled grid).

Graph: a 1x1 Conv marks non-black cells; row and column sums minus the two border cells (the far one
read by a Gather at the grid's last index) flag clear lines; a Where paints black cells on them.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import same_shape


def clear_lines(grid: np.ndarray, paint: int) -> np.ndarray | None:
    if min(grid.shape) < 3:
        return None
    cols = (grid[1:-1] == 0).all(0)
    rows = (grid[:, 1:-1] == 0).all(1)
    return np.where((grid == 0) & (cols[None, :] | rows[:, None]), paint, grid)


class ClearCorridors(Solver, name="clear_corridors", tasks=("task063", "task303"), refuses="task190",
                     aliases=("c5_clear_lines", "c3_openlines"), fit_splits=("train", "test", "arc-gen")):
    """Rows/columns black between their two border cells are painted in one colour."""

    def plans(self, examples):
        if not same_shape(examples) or all(np.array_equal(i, o) for i, o in examples):
            return
        i0, o0 = examples[0]
        new = set(o0[i0 != o0].tolist())
        if len(new) == 1:
            yield new.pop()

    def rule(self, paint, grid):
        return clear_lines(grid, paint)

    def candidates(self, examples):
        plan = self.fit(examples)
        if plan is None:
            return
        yield self.name, self.build(plan)
        extent = max(max(i.shape) for i, _ in examples)
        if extent < 30:
            yield f"{self.name}:extent", self.build(plan, extent)

    def build(self, paint, extent=None):
        """`extent` E: grids are at most E x E (the task's generator draws sides 10 to 14; the build tries
        the extent of the examples of every split): the non-black and black maps are read from the E x E
        corner by 2x2 Convs dilated by 30-E (only their first tap nonzero), and the paint mask is padded."""
        g = Graph()
        idx = np.arange(30, dtype=np.float32)
        E = extent or 30

        def plane(weights, name):
            if extent is None:
                return g.Conv(g.input, g.floats(weights.reshape(1, 10, 1, 1)), name=name)
            taps = np.zeros((1, 10, 2, 2), np.float32)
            taps[0, :, 0, 0] = weights
            return g.Conv(g.input, g.floats(taps), dilations=[30 - E, 30 - E], name=name)

        filled = plane(np.r_[0, np.ones(9)], "non_black")
        clear = []
        for tag, axis, reduce_axes in (("col", 2, [1, 3]), ("row", 3, [1, 2])):
            # the grid's last index along `axis`
            used = g.Cast(g.Greater(g.ReduceSum(g.input, axes=reduce_axes, keepdims=0), g.floats(0.5)), to=1)
            last = g.Cast(g.ReduceMax(g.Mul(used, g.floats(idx)), axes=[1], keepdims=0), to=7, name=f"last_{tag}_i")
            total = g.ReduceSum(filled, axes=[axis], keepdims=1, name=f"filled_per_{tag}")
            first_cell = g.Gather(filled, g.const(np.array([0], dtype=np.int64)), axis=axis, name=f"{tag}_first_cell")
            last_cell = g.Gather(filled, last, axis=axis, name=f"{tag}_last_cell")
            inner = g.Sub(g.Sub(total, first_cell), last_cell, name=f"{tag}_inner_filled")
            clear.append(g.Less(inner, g.floats(0.5), name=f"clear_{tag}"))
        black = g.Greater(plane(np.eye(10)[0], "black_f"), g.floats(0.5), name="black")
        paint_at = g.And(black, g.Or(clear[0], clear[1]), name="paint")
        if extent is not None:
            paint_at = g.Pad(paint_at, g.ints([0, 0, 0, 0, 0, 0, 30 - E, 30 - E]), name="paint30")
        return g.model(g.Where(paint_at, g.floats(np.eye(10)[paint].reshape(1, 10, 1, 1)), g.input))
