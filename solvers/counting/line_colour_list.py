"""Line colour list: the grid holds full lines of colours (all horizontal or all vertical, maybe hidden in part
by a block of one occluding colour); the output is an n x n square listing their colours in order,
one per row (horizontal lines) or per column (vertical ones).

Graph: a 1x1 Conv gives each cell its line code (0 for black and the occluder); ReduceMax per row and
per column gives each line's code; CumSum ranks the lines; Equal of ranks with output indices selects
them through an Einsum; horizontal adjacency of equal codes decides the orientation; one Equal writes
the output.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver


def line_list(grid: np.ndarray, occluder: int) -> np.ndarray | None:
    code = np.where((grid > 0) & (grid != occluder), grid, 0)
    horizontal = ((code[:, 1:] == code[:, :-1]) & (code[:, 1:] > 0)).any()
    lines = code.max(axis=1) if horizontal else code.max(axis=0)
    lines = lines[lines > 0]
    n = len(lines)
    if n == 0:
        return None
    return np.repeat(lines[:, None], n, axis=1) if horizontal else np.repeat(lines[None, :], n, axis=0)


class LineColourList(Solver, name="line_colour_list", tasks=("task213",), refuses="task070",
                     aliases=("c5_line_list",)):
    """Full lines' colours (horizontal or vertical, partly occluded) listed in order as an n x n square."""

    def plans(self, examples):
        i0 = examples[0][0]
        yield from sorted(set(i0[i0 > 0].tolist()))

    def rule(self, plan, grid):
        return line_list(grid, plan)

    def build(self, occluder):
        g = Graph()
        w = np.arange(1, 11, dtype=np.float32)
        w[0] = w[occluder] = 0
        code = g.Conv(g.input, g.floats(w.reshape(1, 10, 1, 1)), name="line_code")      # [1,1,30,30]
        same = g.Equal(g.Slice(code, g.ints([1]), g.ints([30]), g.ints([3]), name="code_right"),
                       g.Slice(code, g.ints([0]), g.ints([29]), g.ints([3]), name="code_left"))
        joined = g.And(same, g.Greater(g.Slice(code, g.ints([1]), g.ints([30]), g.ints([3])), g.floats(0.5)))
        horizontal = g.Cast(g.ReduceMax(g.Cast(joined, to=1), keepdims=0), to=9, name="horizontal")
        out_idx = g.floats(np.arange(1, 31, dtype=np.float32).reshape(30, 1))
        lists, counts = [], []
        for tag, axis in (("row", 3), ("col", 2)):
            per_line = g.Reshape(g.ReduceMax(code, axes=[axis], keepdims=1), g.ints([30]), name=f"{tag}_code")
            is_line = g.Cast(g.Greater(per_line, g.floats(0.5)), to=1, name=f"{tag}_is_line")
            rank = g.CumSum(is_line, g.const(np.int64(0)), name=f"{tag}_rank")
            pick = g.Cast(g.And(g.Equal(out_idx, rank), g.Greater(is_line, g.floats(0.5))), to=1,
                          name=f"{tag}_pick")                                               # [30 out, 30 in]
            lists.append(g.Einsum(pick, per_line, equation="ir,r->i", name=f"{tag}_listed"))  # [30]
            counts.append(g.ReduceSum(is_line, keepdims=0, name=f"{tag}_lines"))
        idx = np.arange(30, dtype=np.float32)
        as_rows = g.Mul(g.Reshape(lists[0], g.ints([30, 1])),
                        g.Cast(g.Less(g.floats(idx.reshape(1, 30)), counts[0]), to=1), name="as_rows")
        as_cols = g.Mul(g.Reshape(lists[1], g.ints([1, 30])),
                        g.Cast(g.Less(g.floats(idx.reshape(30, 1)), counts[1]), to=1), name="as_cols")
        square = g.Where(horizontal, as_rows, as_cols, name="square_code")                  # [30,30]
        return g.model(g.Equal(square, g.floats(np.arange(10).reshape(1, 10, 1, 1) + 1.0)))
