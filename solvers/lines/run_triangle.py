"""Run triangle: one horizontal run starting at the left edge grows a triangle on its anti-diagonal.

A cell is painted iff row + col < R + n (R the run's row, n its length): above the run in one fitted
colour, below it in another, the run itself kept. The graph needs only the run's row (ArgMax of
per-row counts) and length: on the h x w corner the grids fit (`corner_extent`), one comparison of per-column
keys (off the grid: never painted) with per-row thresholds (off the grid: always), one Where between the rows'
and the columns' one-byte codes (off the grid: 0), and one padding QLinearConv (`decode_code`) into `output`.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver, corner_extent
from .._common_grids import same_shape
from ..local._code_decode import decode_code


def triangle(grid: np.ndarray, seed: int, above: int, below: int) -> np.ndarray | None:
    ys, xs = np.nonzero(grid)
    if len(ys) == 0 or len(set(ys.tolist())) != 1 or (grid[grid > 0] != seed).any():
        return None
    r0, n = int(ys[0]), len(xs)
    if xs.min() != 0 or xs.max() != n - 1:
        return None
    if above == below and r0 > 0:
        return None          # the graph codes the two sides apart: one colour cannot take both codes
    r = np.arange(grid.shape[0])[:, None]
    c = np.arange(grid.shape[1])[None, :]
    paint = r + c < r0 + n
    return np.where(paint, np.where(r < r0, above, np.where(r > r0, below, seed)), 0)


class RunTriangle(Solver, name="run_triangle", tasks=("task256",), refuses="task055", aliases=("c5_run_triangle",)):
    """A single left-edge run grows a staircase triangle: cells with row+col < run end painted, one colour above the
    run, another below."""

    def plans(self, examples):
        if not same_shape(examples):
            return
        i0, o0 = examples[0]
        seeds = set(i0[i0 > 0].tolist())
        if len(seeds) != 1:
            return
        seed = seeds.pop()
        above = int(o0[0, 0]) if np.nonzero(i0)[0][0] > 0 else None
        colours = {c for i, o in examples for c in np.unique(o).tolist()} - {0, seed}
        h, w = corner_extent(examples)
        for a in ([above] if above else sorted(colours)):
            for b in sorted(colours - {a}) if len(colours) > 1 else sorted(colours):
                yield seed, a, b, h, w

    def rule(self, plan, grid):
        seed, above, below, h, w = plan
        if grid.shape[0] > h or grid.shape[1] > w:
            return None
        return triangle(grid, seed, above, below)

    def build(self, plan):
        seed, above, below, h, w = plan
        g = Graph()
        seed_rows = g.Einsum(g.input, g.floats(np.eye(10)[seed]), equation="bkrc,k->br", name="seed_per_row")
        run_row = g.Cast(g.ArgMax(seed_rows, axis=1, keepdims=1), to=1, name="run_row")     # [1,1]
        reach = g.Add(g.ReduceSum(seed_rows, axes=[1], keepdims=1), run_row, name="reach")  # R + n
        rows = g.floats(np.arange(h).reshape(1, 1, h, 1))
        cols = g.floats(np.arange(w).reshape(1, 1, 1, w))
        side = g.Cast(g.Add(g.Sign(g.Sub(rows, run_row, name="row_offset")), g.floats(3.0)), to=2,
                      name="side")                                                          # [1,1,h,1] 2/3/4
        zero2, ends, spatial = g.ints([0, 0], name="zero2"), g.ints([h, w], name="corner"), g.ints([2, 3], name="hw")
        in_rows = g.Greater(g.Slice(g.ReduceSum(g.input, axes=[1, 3], keepdims=1), zero2, ends, spatial,
                                    name="row_cells"), g.floats(0.5), name="in_rows")          # [1,1,h,1]
        in_cols = g.Greater(g.Slice(g.ReduceSum(g.input, axes=[1, 2], keepdims=1), zero2, ends, spatial,
                                    name="col_cells"), g.floats(0.5), name="in_cols")          # [1,1,1,w]
        # painted = col < reach - row, made true on every row past the grid and false on every column past it,
        # so one Where picks the row's side code (off the grid below: none) or the column's (0, off the grid: none)
        # and one Equal decodes it
        threshold = g.Where(in_rows, g.Sub(reach, rows, name="row_reach"), g.floats(2000.0), name="threshold")
        col_key = g.Where(in_cols, cols, g.floats(1000.0), name="col_key")
        painted = g.Less(col_key, threshold, name="painted")                                  # [1,1,h,w]
        # codes: background 1, above 2, the run 3, below 4, off the grid 0 (no channel); the other channels
        # take codes no cell holds
        none = g.const(np.uint8(0))
        row_code = g.Where(in_rows, side, none, name="row_code")
        col_code = g.Where(in_cols, g.const(np.uint8(1)), none, name="col_code")
        codes = list(range(5, 15))
        codes[0], codes[above], codes[seed], codes[below] = 1, 2, 3, 4
        return g.model(decode_code(g, g.Where(painted, row_code, col_code, name="cell_code"), (h, w), codes=codes))
