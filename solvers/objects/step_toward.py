"""Step toward: the single cell of one colour moves one king step toward (or away from) the single cell
of another.

The graph reads both cells' row and column (index-weighted sums of their channels), takes Sign of
the differences, marks the old and the new cell, and two Wheres on the colour-code plane clear the
old cell and paint the new one; one Equal decodes the plane.
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

    def build(self, plan):
        mover, target, away = plan
        g = Graph()
        idx_r = g.const(np.arange(30, dtype=np.float32).reshape(30, 1), name="row_index")
        idx_c = g.const(np.arange(30, dtype=np.float32).reshape(1, 30), name="col_index")
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
        old = g.And(g.Equal(idx_r, r_old, name="old_row"), g.Equal(idx_c, c_old, name="old_col"), name="old_cell")
        new = g.And(g.Equal(idx_r, r_new, name="new_row"), g.Equal(idx_c, c_new, name="new_col"), name="new_cell")
        # colour-code plane (colour + 1, 0 outside the grid): clear, paint, decode with one Equal
        codes = np.arange(1, 11, dtype=np.float32).reshape(1, 10, 1, 1)
        code = g.Conv(g.input, g.const(codes, name="code_w"), name="code")
        code = g.Where(old, g.const(np.float32(1), name="bg_code"), code, name="cleared")
        code = g.Where(new, g.const(np.float32(mover + 1), name="ink_code"), code, name="moved")
        return g.model(g.Equal(code, g.const(codes.reshape(1, 10, 1, 1), name="channel_code")))
