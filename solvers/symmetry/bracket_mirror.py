"""Bracket mirror: two facing brackets; every marker cell is mirrored across the bracket line nearer to
it (inside moves out, outside moves in), the brackets stay.

The bracket lines are the rows (or columns, whichever holds more bracket cells) with the most bracket
cells: ArgMax picks the first and, with select_last_index, the last. Output row r then reads input row
2a-r (or 2b-r on the far half), kept only when source and target lie on the same side of the middle;
the reflection is two Gathers of the marker channel with int64 index vectors (the fixed axis gets the
identity), the zero row and column just past the grid serving every dropped index.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import fixed_shape, same_shape


def bracket_mirror(grid, wall_colour, marker):
    wall, mark = grid == wall_colour, grid == marker
    rows, cols = wall.sum(1), wall.sum(0)
    if not wall.any() or rows.max() == cols.max():
        return None
    flip = cols.max() > rows.max()
    if flip:
        wall, mark = wall.T, mark.T
        rows = cols
    a, b = int(np.argmax(rows)), len(rows) - 1 - int(np.argmax(rows[::-1]))
    out = np.zeros_like(mark)
    n = len(rows)
    for r in range(n):
        s = 2 * a - r if 2 * r < a + b else 2 * b - r
        if 0 <= s < n and (2 * s < a + b) == (2 * r < a + b):
            out[r] = mark[s]
    if (out & wall).any():          # the graph adds the two codes there
        return None
    res = np.where(wall, wall_colour, np.where(out, marker, 0))
    return res.T if flip else res


class BracketMirror(Solver, name="bracket_mirror", tasks=("task154", "task390"), refuses="task042",
                    aliases=("c6_bracket_mirror",)):
    """Marker cells mirror across the nearer of two facing bracket lines."""

    def plans(self, examples):
        """(shape, bracket colour, marker colour) for either role of the inputs' two colours."""
        shape = fixed_shape(examples)
        if shape is None or max(shape) >= 30 or not same_shape(examples):
            return
        ins = set().union(*(set(np.unique(i).tolist()) for i, _ in examples)) - {0}
        if len(ins) != 2 or all(np.array_equal(i, o) for i, o in examples):
            return
        for wall in ins:
            yield shape, wall, (ins - {wall}).pop()

    def rule(self, plan, grid):
        shape, wall, marker = plan
        return bracket_mirror(grid, wall, marker) if grid.shape == shape else None

    def build(self, plan):
        (h, w), wall_colour, marker = plan
        g = Graph()
        channel = lambda k, extra, name: g.Slice(g.input, g.ints([k, 0, 0]), g.ints([k + 1, h + extra, w + extra]),
                                                 g.ints([1, 2, 3]), name=name)
        wall = channel(wall_colour, 0, "wall")
        mark = channel(marker, 1, "marker_and_zeros")          # one more row and column, all zero: the drop slot
        per_row = g.ReduceSum(wall, axes=[3], keepdims=1, name="wall_per_row")        # [1,1,h,1]
        per_col = g.ReduceSum(wall, axes=[2], keepdims=1, name="wall_per_col")        # [1,1,1,w]
        by_rows = g.Greater(g.ReduceMax(per_row, keepdims=0, name="row_peak"),
                            g.ReduceMax(per_col, keepdims=0, name="col_peak"), name="brackets_by_rows")

        def source(counts, axis, n, name):
            """Reflected source index along `axis` for each target (n = a zero slot when dropped)."""
            first = g.ArgMax(counts, axis=axis, keepdims=0, name=f"{name}_first")
            last = g.ArgMax(counts, axis=axis, keepdims=0, select_last_index=1, name=f"{name}_last")
            first, last = g.Reshape(first, g.ints([1]), name=f"{name}_a"), g.Reshape(last, g.ints([1]), name=f"{name}_b")
            idx = g.const(np.arange(n, dtype=np.int64))
            twice = g.const(np.arange(n, dtype=np.int64) * 2)
            span = g.Add(first, last, name=f"{name}_span")                        # a+b
            near_first = g.Less(twice, span, name=f"{name}_near_first")
            axis_at = g.Where(near_first, first, last, name=f"{name}_axis")
            src = g.Sub(g.Add(axis_at, axis_at, name=f"{name}_2axis"), idx, name=f"{name}_src")
            same_side = g.Equal(g.Less(g.Add(src, src, name=f"{name}_2src"), span, name=f"{name}_src_first"),
                                near_first, name=f"{name}_same_side")
            inside = g.And(g.Greater(src, g.const(np.int64(-1)), name=f"{name}_ge0"),
                           g.Less(src, g.const(np.int64(n)), name=f"{name}_ltn"), name=f"{name}_inside")
            kept = g.Where(g.And(inside, same_side, name=f"{name}_kept"), src, g.const(np.int64(n)),
                           name=f"{name}_reflected")
            return kept, idx

        row_src, row_idx = source(per_row, 2, h, "row")
        col_src, col_idx = source(per_col, 3, w, "col")
        rows = g.Where(by_rows, row_src, row_idx, name="row_source")
        cols = g.Where(by_rows, col_idx, col_src, name="col_source")
        moved = g.Gather(g.Gather(mark, rows, axis=2, name="rows_moved"), cols, axis=3, name="moved")
        code = g.Add(g.Mul(wall, g.floats([float(wall_colour)]), name="wall_code"),
                     g.Mul(moved, g.floats([float(marker)]), name="marker_code"), name="code_f")
        canvas = g.Pad(g.Cast(code, to=2, name="code"), g.ints([0, 0, 0, 0, 0, 0, 30 - h, 30 - w]),
                       g.const(np.uint8(255)), name="code_canvas")
        codes = g.const(np.arange(10, dtype=np.uint8).reshape(1, 10, 1, 1))
        return g.model(g.Equal(canvas, codes))
