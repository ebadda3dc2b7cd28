"""Step toward: the single cell of one colour moves one king step toward (or away from) the single cell
of another.

The graph reads both cells' row and column (index-weighted sums of their channels), takes Sign of
the differences, and one-hot row/column vectors of the old and the new cell; one Einsum of the input,
those vectors and a small table writes `output`: x + old (background - x) + new (mover - x) per cell.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import same_shape


def step(grid, mover, target, away=False):
    a, b = np.argwhere(grid == mover), np.argwhere(grid == target)
    if len(a) != 1 or len(b) != 1:
        return None
    d = np.sign(b[0] - a[0]) * (-1 if away else 1)
    r, c = a[0] + d
    if not (0 <= r < grid.shape[0] and 0 <= c < grid.shape[1]):
        return None
    out = grid.copy()
    out[tuple(a[0])] = 0
    out[r, c] = mover
    return out


def lands_on_background(grid, mover, target, away=False) -> bool:
    """Does the moving cell step onto a background cell?"""
    a, b = np.argwhere(grid == mover), np.argwhere(grid == target)
    if len(a) != 1 or len(b) != 1:
        return False
    r, c = a[0] + np.sign(b[0] - a[0]) * (-1 if away else 1)
    return bool(0 <= r < grid.shape[0] and 0 <= c < grid.shape[1] and grid[r, c] == 0)


def build_scatter(plan):
    """The move as a sparse edit of `input`: the two cells' rows and columns (index-weighted sums of their
    channels, one [4] vector), Sign of the differences, and one ScatterND writing four values into `output` (old
    cell: the mover's channel off, background on; new cell, background before: the mover's on, background off).
    The old and new cells are [1,2] (row, col) rows read off the [4] vector by [1,2,4] tables, stacked by one
    Concat into the four edits' cells (no Reshape, no Gather)."""
    mover, target, away = plan
    g = Graph()
    sel = np.zeros((2, 10), np.float32)
    sel[0, mover] = 1
    sel[1, target] = 1
    pick, index = g.const(sel, name="pick"), g.const(np.arange(30, dtype=np.float32), name="index")
    rows = g.Einsum(g.input, pick, index, equation="bchw,kc,h->k", name="rows")                  # [2]: mover, target
    cols = g.Einsum(g.input, pick, index, equation="bchw,kc,w->k", name="cols")
    at = g.Concat(rows, cols, axis=0, name="rows_cols")            # [4]: mover row, target row, mover col, target col
    toward = np.float32([[[-1, 1, 0, 0], [0, 0, -1, 1]]]) * (-1 if away else 1)
    step = g.Sign(g.Einsum(at, g.const(toward, name="toward"), equation="k,yxk->yx", name="gap"), name="step")
    first = np.float32([[[1, 0, 0, 0], [0, 0, 1, 0]]])
    old = g.Einsum(at, g.const(first, name="first"), equation="k,yxk->yx", name="old")                # [1,2]
    new = g.Add(old, step, name="new")                                                        # [1,2]: row, col
    where = g.Cast(g.Concat(old, old, new, new, axis=0, name="edit_cells"), to=7, name="edit_at")  # [4,2] int64
    channel = np.array([[0, mover], [0, 0], [0, mover], [0, 0]], np.int64)
    indices = g.Concat(g.const(channel, name="edit_channel"), where, axis=1, name="edits")       # [4,4]
    return g.model(g.ScatterND(g.input, indices, g.const(np.float32([0, 1, 1, 0]), name="edit_values")))


class StepToward(Solver, name="step_toward", tasks=("task353",), refuses="task352", aliases=("c2_step_toward",)):
    """Same-shape grids where the single cell of one colour moves one step (diagonal steps allowed) toward, or away
    from, the single cell of another colour."""

    def plans(self, examples):
        if not same_shape(examples) or any(np.array_equal(i, o) for i, o in examples):
            return
        i0, o0 = examples[0]
        moved = set(i0[i0 != o0].tolist()) | set(o0[i0 != o0].tolist())
        for mover in moved - {0}:
            for target in range(1, 10):
                if target != mover:
                    yield mover, target, False
                    yield mover, target, True

    def rule(self, plan, grid):
        return step(grid, *plan)

    def candidates(self, examples):
        """The Einsum graph, then, when the moved cell lands on background in every example, the sparse edit."""
        plan = self.fit(examples)
        if plan is None:
            return
        yield self.name, self.build(plan)
        if all(lands_on_background(i, *plan) for i, _ in examples):
            yield f"{self.name}:scatter", build_scatter(plan)

    def build(self, plan):
        mover, target, away = plan
        g = Graph()
        sel = np.zeros((2, 10), np.float32)
        sel[0, mover] = 1
        sel[1, target] = 1
        rows = g.Einsum(g.input, g.const(sel, name="pick"), g.const(np.arange(30, dtype=np.float32), name="index"),
                        equation="bchw,kc,h->k", name="rows")                                  # [2]
        cols = g.Einsum(g.input, g.const(sel, name="pick"), g.const(np.arange(30, dtype=np.float32), name="index"),
                        equation="bchw,kc,w->k", name="cols")
        direction = np.float32([[-1, 1]]) * (-1 if away else 1)

        def moved(pos, tag):
            d = g.Sign(g.ReduceSum(g.Mul(pos, g.const(direction.reshape(2), name="toward"), name=f"{tag}_gap_terms"),
                                   keepdims=0, name=f"{tag}_gap"), name=f"{tag}_step")
            old = g.Slice(pos, g.ints([0]), g.ints([1]), g.ints([0]), name=f"{tag}_old")
            return old, g.Add(old, d, name=f"{tag}_new")

        r_old, r_new = moved(rows, "row")
        c_old, c_new = moved(cols, "col")
        ones = g.const(np.ones((1, 30), np.float32), name="ones")
        index = g.const(np.arange(30, dtype=np.float32).reshape(1, 30), name="index_row")
        factors = []
        for tag, old, new in (("row", r_old, r_new), ("col", c_old, c_new)):
            at = g.Unsqueeze(g.Concat(old, new, axis=0, name=f"{tag}_old_new"), axes=[1], name=f"{tag}_at")  # [2,1]
            hit = g.Cast(g.Equal(index, at, name=f"{tag}_hit_b"), to=1, name=f"{tag}_hit")               # [2,30]
            factors.append(g.Concat(ones, hit, axis=0, name=f"{tag}_factors"))                            # [3,30]
        # per cell: x + old (background - x) + new (mover - x), the colour as a one-hot over c
        table = np.zeros((3, 10, 10), np.float32)
        table[0] = np.eye(10)
        table[1] = -np.eye(10)
        table[1, :, 0] += 1
        table[2] = -np.eye(10)
        table[2, :, mover] += 1
        return g.model(g.Einsum(g.input, g.const(table, name="step_table"), *factors,
                                equation="bcij,scd,si,sj->bdij"))
