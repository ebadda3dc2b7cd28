"""Growth rules on the colour-code map (colour inside the grid, -1 outside), decoded by one Equal.

- c3_staircase: a one-row grid starting with a run of n coloured cells grows into W/2 rows, row r
  holding n + r coloured cells.
- c3_selfkron: a fixed k^2 x k^2 grid holds one k x k pattern in one of its blocks; the output places the
  pattern in every block where the pattern itself has a coloured cell (a fractal)."""
from __future__ import annotations

import numpy as np

from .. import Solver
from .._common_graph import last_index
from .._common_grids import N, reproduces
from .._common_graph import colour_code


def staircase(grid):
    h, w = grid.shape
    if h != 1 or w % 2:
        return None
    n = int((grid[0] != 0).sum())
    if n == 0 or (grid[0, :n] == 0).any() or len(set(grid[0, :n].tolist())) != 1:
        return None
    out = np.zeros((w // 2, w), int)
    for r in range(w // 2):
        out[r, :n + r] = grid[0, 0]
    return out


class Staircase(Solver):
    name = "c3_staircase"
    description = "a one-row run of n cells grows into a staircase of W/2 rows, row r holding n + r cells"

    def fit(self, examples):
        outs = [staircase(i) for i, _ in examples]
        if all(x is not None and x.shape == o.shape and np.array_equal(x, o) for x, (_, o) in zip(outs, examples)):
            return True
        return None

    def build(self, plan):
        from neurogolf.graph import Graph
        from onnx import TensorProto
        g = Graph()
        colours, code = colour_code(g)
        zero = g.const(np.zeros(1, np.float32), name="zero")
        colour = g.ReduceMax(code, keepdims=0, name="colour")
        n = g.ReduceSum(g.Cast(g.Greater(code, zero, name="coloured"), to=TensorProto.INT64, name="coloured_i"),
                        keepdims=0, name="run")
        width = g.Add(last_index(g, 3), g.ints([1], name="one_i"), name="width")
        k = g.const(np.arange(N, dtype=np.int64), name="arange")
        rows = g.Unsqueeze(k, axes=[1], name="row_index")                                      # [30,1]
        inside = g.And(g.Less(g.Add(rows, rows, name="twice_row"), width, name="rows_in"), g.Less(k, width,
                       name="cols_in"), name="inside")
        step = g.Less(k, g.Add(rows, n, name="row_run"), name="step")
        code = g.Where(inside, g.Where(step, colour, zero, name="stair"), g.const(np.array([-1], np.float32),
                       name="outside"), name="code")
        return g.model(g.Equal(code, colours))


def self_kron(grid, k):
    if grid.shape != (k * k, k * k):
        return None
    cells = np.argwhere(grid != 0)
    if not len(cells):
        return None
    bi, bj = cells.min(0) // k
    p = grid[k * bi:k * bi + k, k * bj:k * bj + k]
    if (np.argwhere(grid != 0) // k != [bi, bj]).any():
        return None
    return np.kron((p != 0).astype(int), np.ones((k, k), int)) * np.tile(p, (k, k))


class SelfKron(Solver):
    name = "c3_selfkron"
    description = ("a k x k pattern in one block of a k^2 grid is copied into every block where the pattern "
                   "itself is coloured (fractal)")

    def fit(self, examples):
        for k in (2, 3, 4, 5):
            if reproduces(lambda i: self_kron(i, k), examples):
                return k
        return None

    def build(self, k):
        from neurogolf.graph import Graph
        from onnx import TensorProto
        g = Graph()
        colours, code = colour_code(g)
        zero = g.const(np.zeros(1, np.float32), name="zero")
        coloured = g.Cast(g.Greater(code, zero, name="coloured"), to=TensorProto.FLOAT, name="coloured_f")
        ar = np.arange(N)
        tiled, scaled = code, code
        for axis, label in ((2, "row"), (3, "col")):
            prof = g.ReduceMax(coloured, axes=[0, 1, 5 - axis], keepdims=0, name=f"{label}_profile")
            start = g.Mul(g.Div(g.ArgMax(prof, axis=0, keepdims=1, name=f"{label}_first"), g.ints([k], name="k"),
                                name=f"{label}_block"), g.ints([k], name="k"), name=f"{label}_start")
            cyc = g.Min(g.Add(g.const((ar % k).astype(np.int64), name="mod_k"), start, name=f"{label}_cycle"),
                        g.ints([N - 1], name="last"), name=f"{label}_cycle_safe")
            big = g.Min(g.Add(g.const(np.minimum(ar // k, k - 1).astype(np.int64), name="div_k"), start,
                              name=f"{label}_scale"), g.ints([N - 1], name="last"), name=f"{label}_scale_safe")
            tiled = g.Gather(tiled, cyc, axis=axis, name=f"tiled_{label}s")
            scaled = g.Gather(scaled, big, axis=axis, name=f"scaled_{label}s")
        area = np.zeros((1, 1, N, N), bool)
        area[0, 0, :k * k, :k * k] = True
        code = g.Where(g.Greater(scaled, zero, name="block_on"), tiled, zero, name="fractal")
        code = g.Where(g.const(area, name="canvas"), code, g.const(np.array([-1], np.float32), name="outside"),
                       name="code")
        return g.model(g.Equal(code, colours))
