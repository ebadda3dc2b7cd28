"""Run staircase: a one-row grid whose colour run starts at column 0 grows by one cell per output row.

Output has W//2 rows; row r colours the first n+r cells (n = the run's length), the rest black.
Everything reduces to comparisons of small index vectors with two counts (n and W) taken from the
input's per-channel sums; the uint8 code (2 run colour, 0 black, 1 off the grid) is decoded by one QLinearConv
whose zero point 1 reads it as +1 / -1 / 0 (the padding too), its int8 weights +1 for the run's colour and -1
for black. The cheaper variant (`run_staircase:crop<H>x<W>`) builds the code on the largest output of the fit
examples (train and arc-gen: the generator's) and the QLinearConv's padding reaches the canvas.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from ..local._code_decode import decode_signed


def staircase(grid: np.ndarray) -> np.ndarray | None:
    if grid.shape[0] != 1 or grid.shape[1] < 2:
        return None
    row = grid[0]
    colours = set(row[row > 0].tolist())
    n = int((row > 0).sum())
    if len(colours) != 1 or not (row[:n] > 0).all():
        return None
    w = row.size
    r = np.arange(w // 2)[:, None]
    c = np.arange(w)[None, :]
    return np.where(c < n + r, colours.pop(), 0)


class RunStaircase(Solver, name="run_staircase", tasks=("task295",), refuses="task179",
                   aliases=("c5_staircase", "c3_staircase"), fit_splits=("train", "arc-gen")):
    """One-row colour run from the left grows by one cell per row into a W/2-row staircase."""

    def plans(self, examples):
        yield True

    def rule(self, plan, grid):
        return staircase(grid)

    def candidates(self, examples):
        plan = self.fit(examples)
        if plan is None:
            return
        yield self.name, self.build(plan)
        h, w = (max(o.shape[a] for _, o in examples) for a in (0, 1))
        if h < 30 or w < 30:
            yield f"{self.name}:crop{h}x{w}", self.build(plan, (h, w))

    def build(self, plan, shape=(30, 30)):
        """shape: the code planes cover that top-left corner only (the largest output of the fit examples,
        train and arc-gen: the generator's); the decoding QLinearConv's padding reaches the canvas."""
        h, w = shape
        g = Graph()
        per_channel = g.ReduceSum(g.input, axes=[2, 3], keepdims=1, name="cells_per_colour")  # [1,10,1,1]
        width = g.ReduceSum(per_channel, axes=[1], keepdims=1, name="width")
        not_black = g.floats(np.r_[0, np.ones(9)].reshape(1, 10, 1, 1))
        run = g.ReduceSum(g.Mul(per_channel, not_black, name="run_cells"), axes=[1], keepdims=1, name="run")
        col = g.floats(np.arange(w).reshape(1, 1, 1, w))
        row = g.floats(np.arange(h).reshape(1, 1, h, 1))
        in_height = g.Less(g.floats(2 * np.arange(h).reshape(1, 1, h, 1) + 1), width, name="in_height")
        in_width = g.Less(col, width, name="in_width")
        # row r is coloured up to run + r, within the width; rows past the height colour nothing
        reach = g.Where(in_height, g.Min(g.Add(run, row, name="reach"), width, name="reach_in_width"),
                        g.floats([0.0], name="zero"), name="row_reach")                          # [1,1,30,1]
        coloured = g.Less(col, reach, name="coloured")                                             # inside only
        # codes 2 (the run's colour), 0 (black) and 1 (off the grid): zero point 1 reads them as +1, -1 and 0,
        # as it reads the padding
        far = g.const(np.uint8(1), name="outside_code")
        near = g.const(np.uint8(0), name="black_code")
        outside = g.Max(g.Where(in_height, near, far, name="row_outside"), g.Where(in_width, near, far,
                                                                                   name="col_outside"),
                        name="outside_code_map")                                  # 0 on the grid, 1 off it
        code = g.Where(coloured, g.const(np.uint8(2), name="colour_code"), outside, name="cell_code")
        # int8 weights: +1 for the colour present besides black, -1 for black
        present = g.ReduceMax(g.input, axes=[2, 3], keepdims=1, name="present")
        sign = g.Sub(g.Mul(present, not_black, name="run_colour"), g.floats(np.eye(1, 10).reshape(1, 10, 1, 1)),
                     name="colour_sign")
        return g.model(decode_signed(g, code, sign, (h, w)))
