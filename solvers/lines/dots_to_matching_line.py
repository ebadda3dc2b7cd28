"""Dots to matching line: full-height (or full-width) lines of distinct colours cross the grid; every loose dot
moves to touch the line of its own colour, on the side it was on (same row for column lines), and dots of
a colour with no line vanish.

Graph (per orientation, both in one graph; the other one finds no line and adds nothing): the lines are
the channels whose column count equals the grid's height (Relu(count + 1 - height), background left out);
one Einsum of the input with two triangular tables and the line table counts, per row and line column,
the dots of that line's colour left and right of it; one last Einsum writes `output`: those counts one
column beside their line, the lines over the rows and the background, with channel 0 lowered under every
painted cell. The row-line terms enter it with rows and columns swapped (their tables on the left, their
counts on the right), so both orientations share that one Einsum.
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
        tri = np.stack([k[:, None] < k[None, :], k[:, None] > k[None, :]]).astype(np.float32)       # [s, k, L]
        beside = np.zeros((4, n, n), np.float32)                                                       # [s, L, j]
        beside[0, k[1:], k[1:] - 1] = 1      # a dot left of line L lands at L - 1
        beside[1, k[:-1], k[:-1] + 1] = 1    # right of it, at L + 1
        beside[2, k, k] = 1                  # the line itself
        beside[3, k, k] = 1                  # background
        fix = np.eye(10, dtype=np.float32)
        fix[0, 1:] = -1                      # a painted colour lowers channel 0 under it
        chans = np.ones((1, 10, 1, 1), np.float32)
        chans[0, 0] = 0
        e0 = np.zeros((1, 10, 1, 1), np.float32)
        e0[0, 0] = 1
        tri_c, beside_c, fix_c, chans_c = (g.const(tri, name="tri"), g.const(beside[None], name="beside"),
                                           g.const(fix, name="fix"), g.const(chans, name="chans"))
        rows_in = g.ReduceMax(g.input, axes=[1, 3], keepdims=1, name="rows_in")        # [1,1,30,1]
        cols_in = g.ReduceMax(g.input, axes=[1, 2], keepdims=1, name="cols_in")        # [1,1,1,30]
        height = g.ReduceSum(rows_in, axes=[2], keepdims=1, name="height")
        width = g.ReduceSum(cols_in, axes=[3], keepdims=1, name="width")
        one = g.const(np.float32(1), name="one")
        lefts, rights, weights = [], [], []
        for axis, size in ((2, height), (3, width)):
            count = g.ReduceSum(g.input, axes=[axis], keepdims=1, name="count")
            line = g.Mul(g.Relu(g.Sub(g.Add(count, one, name="count1"), size, name="excess"), name="full"),
                         chans_c, name="line")                                          # [1,10,1,30] / [1,10,30,1]
            flat = g.Reshape(line, g.ints([1, 10, n]), name="line_flat")
            fixed = g.Einsum(flat, fix_c, equation="bcL,dc->bdL", name="paint")
            if axis == 2:     # column lines: terms [dots, dots, line, background] x (rows r, line L) -> column j
                side = g.Einsum(g.input, tri_c, flat, equation="bcrk,skL,bcL->bsrL", name="side_v")
                lefts += [side, g.Expand(rows_in, g.ints([1, 2, n, n]), name="rows_wide")]
                rights.append(beside_c)
                bgline = g.Mul(g.Reshape(cols_in, g.ints([1, 1, n]), name="cols_flat"),
                               g.const(e0.reshape(1, 10, 1), name="e0"), name="bg_v")
                weights += [fixed, fixed, fixed, bgline]
            else:             # row lines, the same three terms with rows and columns swapped: (line L) x (column j)
                side = g.Einsum(g.input, tri_c, flat, equation="bckj,skL,bcL->bsLj", name="side_h")
                lefts.append(g.const(beside[:3].transpose(0, 2, 1)[None], name="beside_t"))
                rights += [side, g.Expand(cols_in, g.ints([1, 1, n, n]), name="cols_wide")]
                weights += [fixed, fixed, fixed]
        left = g.Concat(*lefts, axis=1, name="left")                                    # [1,7,r,L]
        right = g.Concat(*rights, axis=1, name="right")                                 # [1,7,L,j]
        weight = g.Concat(*weights, axis=0, name="weight")                               # [7,10,L]
        return g.model(g.Einsum(left, weight, right, equation="bsrL,scL,bsLj->bcrj"))
