"""The pattern at the left of the grid repeats with its smallest column period p across the whole width
(out[r, c] = in[r, c mod p]).

Graph: a random-weighted Einsum hashes each column, and a Gather of the hashes through a table of
(c mod p) indices checks every candidate p at once; ArgMax keeps the smallest consistent one.

The plan is the fitted bound (height, width, period, one_width): the grids' corner (`corner_extent`: the
generator's bound where the build knows it), the largest smallest period shown when many examples reach it
(else N - 1), and whether every example is exactly `width` wide; the rule refuses grids beyond it.

Window variant (`column_period_repeat:w<width>`), exact only where the coloured columns end within the first
`width`: only periods 1..width over those columns are checked (the smallest period is at most the extent), the
column pairs' hash equality is one bool [width,width] matrix read at (c mod p, c) by one Gather, the coloured
columns' end comes from one weighted sum (`first_last_lines`), and an int32 index row Gathers the input.

Generated variant (`column_period_repeat:gen`, the cheapest, where one_width: ARC-GEN task_d8c310e9 draws one
width), exact for grids within the plan's bound: see `build_generated`.
"""
from __future__ import annotations

import numpy as np
from onnx import TensorProto

from neurogolf.graph import Graph

from .. import Solver, corner_extent
from .._common_graph import first_last_lines
from .._common_grids import N, often_largest, same_shape

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
                         aliases=("c5_period_extend",), fit_splits=("train", "arc-gen")):
    """The pattern at the left repeats with its smallest column period across the full width."""

    def plans(self, examples):
        """(height, width, period, one_width): the grids' corner, the largest period many examples show, and
        whether every example is `width` wide."""
        if same_shape(examples) and not all(np.array_equal(i, o) for i, o in examples):
            height, width = corner_extent(examples)
            periods = [smallest_period(i) for i, _ in examples]
            period = often_largest(periods) if None not in periods else None
            yield height, width, period or N - 1, all(i.shape[1] == width for i, _ in examples)

    def rule(self, plan, grid):
        height, width, period, one_width = plan
        p = smallest_period(grid)
        if grid.shape[0] > height or grid.shape[1] > width or p is None or p > period:
            return None
        if one_width and grid.shape[1] != width:
            return None
        return extend(grid)

    def candidates(self, examples):
        plan = self.fit(examples)
        if plan is None:
            return
        height, width, period, one_width = plan
        yield self.name, self.build(plan)
        if width < N:
            yield f"{self.name}:w{width}", self.build_window(plan)
            exact = 10.0 ** height <= 2 ** 24          # the column hashes (colour * 10^row) are float32-exact
            if exact and period < width and one_width:
                yield f"{self.name}:gen", self.build_generated(plan)

    def build_generated(self, plan):
        """Exact for grids `height` x `width` (the plan's, one_width), smallest period at most its `period`.
        Each of the window's columns gets an exact hash (sum of colour * 10^row) from one Conv
        cropped by negative end pads; column pairs' equality is one bool [P,width] matrix, read at
        (c mod p, c) by one GatherElements; a blank column (hash 0: past the coloured ones) passes every
        period. ArgMax keeps the smallest period p; source column c mod p inside the window (blank column 29
        beyond) Gathers the input."""
        g = Graph()
        height, n, most = plan[:3]
        periods = np.arange(1, most + 1)
        weights = (np.arange(10)[:, None] * 10.0 ** np.arange(height)[None, :]).astype(np.float32)
        digits = g.const(weights.reshape(1, 10, height, 1), name="colour_digits")
        head = g.Conv(g.input, digits, pads=[0, 0, height - N, n - N], name="column_hash")  # [1,1,1,n]
        # c mod p < P: only the first P columns are ever compared against
        first = g.Conv(g.input, digits, pads=[0, 0, height - N, most - N], name="first_hash")
        same = g.Equal(g.Reshape(first, g.ints([most, 1], name="as_column"), name="first_col"), head,
                       name="same")                                                             # [1,1,P,n]
        col = np.arange(n)
        check = (col[None, :] % periods[:, None]).reshape(1, 1, most, n).astype(np.int64)
        folded = g.GatherElements(same, g.const(check, name="fold_check"), axis=2,
                                  name="same_folded")                                           # [1,1,P(p),n(c)]
        blank = g.Cast(g.Equal(head, g.const(np.float32(0), name="zero"), name="blank"), to=TensorProto.UINT8,
                       name="blank_u8")                                                         # [1,1,1,n]
        ok = g.Where(folded, g.const(np.uint8(1), name="one_u8"), blank, name="column_ok")      # [1,1,P,n]
        fits = g.ReduceMin(ok, axes=[0, 1, 3], keepdims=0, name="period_fits")                 # [P]
        period = g.ArgMax(fits, axis=0, keepdims=0, name="period_index")                        # scalar
        period = g.Add(g.Cast(period, to=TensorProto.INT32, name="period_index_i32"),
                       g.const(np.int32(1), name="one_i32"), name="period")
        wrapped = g.Mod(g.const(np.arange(N, dtype=np.int32), name="columns_i32"), period, name="wrapped")  # [30]
        index = g.Where(g.const(np.arange(N) < n, name="in_window"), wrapped, g.const(np.int32(N - 1),
                        name="blank_column"), name="source_column")                              # [30]
        return g.model(g.Gather(g.input, index, axis=3))

    def build_window(self, plan):
        g = Graph()
        n = plan[1]
        rng = np.random.default_rng(7)         # a rank-one hash: random colour weights x random row weights
        colour_w = rng.uniform(0.5, 1.5, size=10).astype(np.float32)
        colour_w[0] = 0                                         # black contributes nothing
        row_w = rng.uniform(0.5, 1.5, size=30).astype(np.float32)
        col_hash = g.Einsum(g.input, g.const(colour_w, name="colour_w"), g.const(row_w, name="row_w"),
                            equation="bkrc,k,r->bc", name="column_hash")                  # [1,30]
        col = np.arange(30)
        periods = np.arange(1, n + 1)
        # same[i, j]: columns i and j hash alike; period p fits column c when same[c mod p, c], read from the
        # flattened [n,n] bool matrix by one Gather (no folded copy of the float hashes)
        head = g.Slice(col_hash, g.ints([0]), g.ints([n]), g.ints([1]), name="hash_head")          # [1,n]
        same = g.Equal(g.Reshape(head, g.ints([n, 1], name="as_column"), name="hash_col"), head, name="same")  # [n,n]
        check = ((col[None, :n] % periods[:, None]) * n + col[None, :n]).astype(np.int32)        # [n,n]
        folded = g.Gather(g.Reshape(same, g.ints([n * n], name="flat"), name="same_flat"),
                          g.const(check, name="fold_check"), axis=0, name="same_folded")         # [n(p),n(c)]
        # the last coloured column (within the window; a column holds at most 30 cells): one weighted sum
        last = first_last_lines(g, np.r_[0, np.ones(9)], "j", N, n, "coloured_cols", first=False)[0]     # [1]
        beyond = g.Less(last, g.floats(col[:n].reshape(1, n) - 0.5), name="beyond_extent")        # [1,n]
        ok = g.Or(folded, beyond, name="column_ok")
        fits = g.ReduceMin(g.Cast(ok, to=2, name="column_ok_u8"), axes=[1], keepdims=0, name="period_fits")
        period = g.ArgMax(fits, axis=0, keepdims=0, name="period_index")                 # scalar
        period = g.Add(g.Cast(period, to=6, name="period_i32"), g.const(np.int32(1), name="one_i32"),
                       name="period")
        index = g.Mod(g.const(col.astype(np.int32), name="columns_i32"), period, name="period_row")   # [30]
        width = g.ReduceSum(g.input, axes=[0, 1, 2], keepdims=0, name="width_cells")       # [30]
        index = g.Where(g.Greater(width, g.floats(0.5)), index, g.const(np.int32(29)), name="source_column")
        return g.model(g.Gather(g.input, index, axis=3))

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
