"""The pattern at the left of the grid repeats with its smallest column period p across the whole width
(out[r, c] = in[r, c mod p]).

Graph: a random-weighted Einsum hashes each column, and a Gather of the hashes through a table of
(c mod p) indices checks every candidate p at once; ArgMax keeps the smallest consistent one.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import same_shape

PERIODS = np.arange(1, 30)


def smallest_period(grid: np.ndarray) -> int | None:
    """The smallest p with column c equal to column c mod p up to the last coloured column."""
    cols = np.nonzero((grid > 0).any(0))[0]
    if len(cols) == 0:
        return None
    extent = cols.max() + 1
    for p in PERIODS:
        c = np.arange(extent)
        if (grid[:, c] == grid[:, c % p]).all():
            return int(p)
    return None


def extend(grid: np.ndarray) -> np.ndarray | None:
    p = smallest_period(grid)
    if p is None:
        return None
    return grid[:, np.arange(grid.shape[1]) % p]


class ColumnPeriodRepeat(Solver, name="column_period_repeat", tasks=("task343",), refuses="task206",
                         aliases=("c5_period_extend",)):
    """The pattern at the left repeats with its smallest column period across the full width."""

    def plans(self, examples):
        if same_shape(examples) and not all(np.array_equal(i, o) for i, o in examples):
            yield True

    def rule(self, plan, grid):
        return extend(grid)

    def build(self, plan):
        g = Graph()
        rng = np.random.default_rng(7)
        weights = rng.uniform(0.5, 1.5, size=(10, 30)).astype(np.float32)
        weights[0] = 0                                          # black contributes nothing
        col_hash = g.Einsum(g.input, g.const(weights), equation="bkrc,kr->bc", name="column_hash")  # [1,30]
        col = np.arange(30)
        table = (col[None, :] % PERIODS[:, None]).astype(np.int64)                      # [29,30]
        folded = g.Gather(col_hash, g.const(table), axis=1, name="hash_folded")          # [1,29,30]
        used = g.Greater(g.Einsum(g.input, g.floats(np.r_[0, np.ones(9)]), equation="bkrc,k->bc"),
                         g.floats(0.5), name="used_columns")                              # [1,30]
        extent = g.ReduceMax(g.Mul(g.Cast(used, to=1), g.floats(col + 1.0)), keepdims=1, name="extent")  # [1,1]
        beyond = g.Unsqueeze(g.Less(g.floats(col.reshape(1, 30) + 0.5), extent), axes=[1], name="in_extent")
        clash = g.And(g.Not(g.Equal(folded, g.Unsqueeze(col_hash, axes=[1]))), beyond, name="clash")
        fits = g.Not(g.Cast(g.ReduceMax(g.Cast(clash, to=1), axes=[2], keepdims=0), to=9), name="period_fits")
        period = g.ArgMax(g.Cast(fits, to=1), axis=1, keepdims=0, name="period_index")    # [1]
        index = g.Gather(g.const(table), period, axis=0, name="period_row")               # [1,30]
        width = g.ReduceSum(g.input, axes=[0, 1, 2], keepdims=0, name="width_cells")       # [30]
        index = g.Where(g.Greater(width, g.floats(0.5)), g.Squeeze(index, axes=[0]), g.const(np.int64(29)),
                        name="source_column")
        return g.model(g.Gather(g.input, index, axis=3))
