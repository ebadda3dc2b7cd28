"""Dots to matching line: full-height (or full-width) lines of distinct colours cross the grid; every loose dot
moves to touch the line of its own colour, on the side it was on (same row for column lines), and dots of
a colour with no line vanish.

Graph (per-colour row and column factors; both orientations in one graph, the one without lines adds
nothing): an Einsum of the input with a channel-mixing table counts each colour per column (channel 0
counts every cell), Equal to the height gives each colour's line profile (channel 0: the grid's columns);
the same for rows. Per orientation one Einsum of the input, the profile and a [3,30,30] table gives, per
colour and row, the cells on its line and its dots before and after it; a 3-tap float16 Conv gives the
line at j, j + 1 and j - 1. Row factors are the column-line counts plus the row-line shifts and column
factors the reverse (a colour has lines in one orientation only, so the cross terms vanish). One float16
Einsum writes `output`: per term a [10,10] table keeps each colour and lowers channel 0 by 1024 under
every painted cell; channel 0's own term (rows in the grid plus their background) x (columns ...) is
positive exactly inside the grid and at most 31 x 31.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import same_shape


def _full_lines(grid):
    """{column: colour} of the columns holding one non-background colour top to bottom."""
    return {j: int(grid[0, j]) for j in range(grid.shape[1]) if grid[0, j] and (grid[:, j] == grid[0, j]).all()}


def _render(grid):
    """The answer for column lines, or None where the grid has no column line or lines of one colour twice."""
    lines = _full_lines(grid)
    if not lines or len(set(lines.values())) != len(lines):
        return None
    out = np.zeros_like(grid)
    where = {colour: j for j, colour in lines.items()}
    for j, colour in lines.items():
        out[:, j] = colour
    for r, c in zip(*np.nonzero(grid)):
        if c in lines:
            continue
        L = where.get(int(grid[r, c]))
        if L is None:
            continue
        if abs(c - L) == 1:
            return None
        out[r, L - 1 if c < L else L + 1] = grid[r, c]
    return out


class DotsToMatchingLine(Solver, name="dots_to_matching_line", tasks=("task025",), refuses="task165"):
    """Full-height or full-width lines of distinct colours: each loose dot moves next to the line of its own colour
    on its side (same row / column), dots of colours without a line vanish."""

    def plans(self, examples):
        if same_shape(examples):
            yield ()

    def rule(self, plan, grid):
        vertical, horizontal = _full_lines(grid), _full_lines(grid.T)
        if bool(vertical) == bool(horizontal):
            return None
        if vertical:
            return _render(grid)
        out = _render(grid.T)
        return None if out is None else out.T

    def build(self, plan):
        g = Graph()
        n = 30
        k = np.arange(n)
        rows_in = g.ReduceMax(g.input, axes=[1, 3], keepdims=1, name="rows_in")        # [1,1,30,1]
        cols_in = g.ReduceMax(g.input, axes=[1, 2], keepdims=1, name="cols_in")        # [1,1,1,30]
        height = g.ReduceSum(rows_in, axes=[2], keepdims=1, name="height")
        width = g.ReduceSum(cols_in, axes=[3], keepdims=1, name="width")
        total = np.eye(10, dtype=np.float32)
        total[0] = 1                          # channel 0 counts every cell: its "line" is every line of the grid
        total_c = g.const(total.reshape(10, 1, 1, 10), name="total")
        side = np.zeros((3, n, n), np.float32)        # [s, L, j]: the line's own cells, dots before it, after it
        side[0, k, k] = 1
        side[1] = k[None, :] < k[:, None]
        side[2] = k[None, :] > k[:, None]
        side_c = g.const(side, name="side")
        beside = np.zeros((3, 1, 1, 3), np.float32)   # the line at j, at j + 1, at j - 1
        beside[0, 0, 0, 1] = beside[1, 0, 0, 2] = beside[2, 0, 0, 0] = 1
        beside_c = g.const(beside.astype(np.float16), name="beside")
        near, far = [], []
        for size, count_eq, far_eq in ((height, "bcrj,dxyc->dxyj", "bcrj,cxyL,sLj->csxr"),
                                       (width, "bcrj,dxyc->dxyr", "bcrj,cxyL,sLr->csxj")):
            count = g.Einsum(g.input, total_c, equation=count_eq, name="count")             # [c,1,1,30]
            full = g.Equal(count, size, name="full")
            line = g.Cast(full, to=1, name="line")
            near.append(g.Conv(g.Cast(full, to=10, name="line16"), beside_c, kernel_shape=[1, 3], pads=[0, 1, 0, 1],
                               name="near"))
            far.append(g.Cast(g.Einsum(g.input, line, side_c, equation=far_eq, name="far"), to=10, name="far16"))
        rows = g.Add(far[0], near[1], name="rows")      # [c,3,1,r]: one orientation's terms are all zero
        cols = g.Add(near[0], far[1], name="cols")      # [c,3,1,j]
        fix = np.zeros((1, 3, 10, 10), np.float32)
        fix[0, :, k[1:10], k[1:10]] = 1
        fix[0, :, 0, 1:] = -1024              # a painted colour lowers channel 0 under it
        fix[0, 0, 0, 0] = 1                   # channel 0, term 0: (in-grid rows + background cells) x (columns + ...)
        return g.model(g.Einsum(g.const(fix.astype(np.float16), name="fix"), rows, cols, equation="bsdc,csxr,csxj->bdrj"))
