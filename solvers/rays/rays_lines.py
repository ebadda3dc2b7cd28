"""Each mark draws full lines of its own colour through itself (diagonals, row and column, or both) across
the grid.

A colour-index plane convolved with a line-shaped kernel sums the colours of the marks whose lines
cross each cell, so the rule holds only where no two marks' lines meet, and only on grids no larger
than the kernel reaches across (its size is fitted on three quarters of the examples and must cover the
rest).

Corner variant (`crop<n>`): the same sum on the grid's n x n top-left corner, n the kernel's reach (fitted on
train and arc-gen; the generator draws square grids of side 5 to 21): a 2x2 Conv dilated to 30-n reads the
colour there (-1 outside the grid), a QuantizeLinear clips it to one byte (0 outside), one uint8 QLinearConv
with the line kernel sums the marks' colours along the lines (at most 9 where no lines meet), cells outside
the grid take 255, and the code is padded to the canvas and decoded by the last op.

One-mark variant (`one_mark`, the X of diagonals on a background-0 grid; task141's generator draws one mark):
the mark's row r and column c are two Einsums of the input with 0..29, each row's |i - r| and each column's
|j - c| (in one byte; a stand-in above 29 off the grid, whose height / width is the cell count of the mark's column /
row) meet in one Equal, the [1,1,30,30] mask of the X, and one Where
writes the mark's colour there into `input`. No plane of colour codes and no line kernel.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_perceptron import holdout
from ._grids import edits_in_place
from ._window import decode, qconv

LINES = {"x": ((1, 1), (1, -1)), "plus": ((0, 1), (1, 0)), "star": ((1, 1), (1, -1), (0, 1), (1, 0))}
MAX_MARKS = 8


def line_kernel(lines, n: int) -> np.ndarray:
    """[2n-1, 2n-1] 0/1 kernel: full lines through the centre along the given directions."""
    k = np.zeros((2 * n - 1, 2 * n - 1), np.float32)
    c = n - 1
    for dy, dx in lines:
        for t in range(-c, c + 1):
            k[c + t * dy, c + t * dx] = 1
    return k


def draw_lines(grid, lines, bg):
    """None where the lines of two marks meet (the graph would add their colours)."""
    rows, cols = np.indices(grid.shape)
    out = np.full(grid.shape, bg)
    hits = np.zeros(grid.shape, int)
    for r, c in zip(*np.nonzero(grid != bg)):
        on = np.zeros(grid.shape, bool)
        for dy, dx in lines:
            on |= (rows - r) * dx == (cols - c) * dy
        out[on] = grid[r, c]
        hits += on
    return None if (hits > 1).any() else out


class RaysLines(Solver, name="rays_lines", tasks=("task141",), refuses="task171", aliases=("c3_seedcross",),
                fit_splits=("train", "arc-gen")):
    """Same-shape grids where each coloured mark extends full lines of its colour through itself (diagonal X,
    row+column cross, or both) to the grid border."""

    def plans(self, examples):
        bg = 0
        if not edits_in_place(examples) or any((i != bg).sum() > MAX_MARKS for i, _ in examples):
            return
        fit_part, _ = holdout(examples)     # the kernel reaches the largest side of 3/4 of them
        n = max(max(i.shape) for i, _ in fit_part)
        for name in LINES:
            yield name, bg, n

    def rule(self, plan, grid):
        name, bg, n = plan
        return draw_lines(grid, LINES[name], bg) if max(grid.shape) <= n else None

    def candidates(self, examples):
        plan = self.fit(examples)
        if plan is None:
            return
        yield self.name, self.build(plan)
        if plan[2] < 30 and plan[1] == 0:
            yield f"{self.name}:crop{plan[2]}", self.build_corner(plan)
        if plan[0] == "x" and plan[1] == 0 and all((i != 0).sum() == 1 for i, _ in examples):
            yield f"{self.name}:one_mark", self.build_one_mark(plan)

    def build_one_mark(self, plan):
        """The X of the grid's one mark: cells with |i - r| = |j - c| inside the grid. The grid's height (width) is
        the cell count of the mark's column (row), an Einsum of the input with itself; the offsets are small
        integers, exact in one byte."""
        g = Graph()
        ink = g.const(np.float32(np.arange(10) != 0).reshape(10, 1, 1), name="ink")                    # [10,1,1]
        index = g.const(np.arange(30, dtype=np.float32).reshape(1, 1, 30, 1), name="index")
        offsets = []
        for axis, mark_eq, extent_eq, shape, off_grid in (
                (2, "bcij,cxy,xyiz->b", "bcij,bdkj,dxy->b", (1, 1, 30, 1), 255),
                (3, "bcij,cxy,xyjz->b", "bcij,bdik,dxy->b", (1, 1, 1, 30), 254)):
            spot = g.Einsum(g.input, ink, index, equation=mark_eq, name=f"mark_at{axis}")                # [1]
            extent = g.Einsum(g.input, g.input, ink, equation=extent_eq, name=f"extent{axis}")          # [1]
            index8 = g.const(np.arange(30, dtype=np.int8).reshape(shape), name=f"index{axis}_i8")
            inside = g.Less(index8, g.Cast(extent, to=3, name=f"extent{axis}_i8"), name=f"inside{axis}")
            offset = g.Abs(g.Sub(index8, g.Cast(spot, to=3, name=f"mark_at{axis}_i8"), name=f"signed_offset{axis}"),
                           name=f"offset{axis}")
            offset = g.Cast(offset, to=2, name=f"offset{axis}_u8")          # ORT's Where has no int8 kernel
            offsets.append(g.Where(inside, offset, g.const(np.uint8(off_grid), name=f"off_grid{axis}"),
                                   name=f"offset_in_grid{axis}"))
        on_x = g.Equal(*offsets, name="on_x")                                                   # [1,1,30,30]
        colour = g.Einsum(g.input, ink, equation="bcij,cxy->bcxy", name="mark_colour")          # [1,10,1,1]
        return g.model(g.Where(on_x, colour, g.input))

    def build_corner(self, plan):
        name, bg, n = plan
        g = Graph()
        kernel = np.zeros((1, 10, 2, 2), np.float32)
        kernel[0, :, 0, 0] = np.arange(10) + 1      # (0, 0) tap of a 2x2 Conv dilated to 30-n: the corner
        code = g.Conv(g.input, g.const(kernel, name="colour_plus_one"), g.const(np.array([-1], np.float32),
                      name="minus_one"), dilations=[30 - n, 30 - n], name="colour_code")   # -1 outside
        colour = g.QuantizeLinear(code, g.const(np.float32(1), name="unit_scale"),
                                  g.const(np.uint8(0), name="zero_u8"), name="colour_u8")    # 0 outside
        value = qconv(g, colour, line_kernel(LINES[name], n).astype(np.uint8)[None, None],
                      pads=[n - 1] * 4, name="lines")
        outside = g.Less(code, g.const(np.float32(-0.5), name="minus_half"), name="outside")
        value = g.Where(outside, g.const(np.uint8(255), name="no_colour"), value, name="cell_code")
        return g.model(decode(g, value, n, n))

    def build(self, plan):
        name, bg, n = plan
        g = Graph()
        w = np.zeros((2, 10, 1, 1), np.float32)
        w[0, :, 0, 0] = np.arange(10) - bg          # colour offset from the background
        w[1, :, 0, 0] = 1                           # inside the grid
        planes = g.Conv(g.input, g.const(w, name="index_inside_w"), kernel_shape=[1, 1], name="planes")
        k = np.zeros((1, 2, 2 * n - 1, 2 * n - 1), np.float32)
        k[0, 0] = line_kernel(LINES[name], n)
        k[0, 1, n - 1, n - 1] = 1 + bg              # background colour index + 1 everywhere inside
        value = g.Conv(planes, g.const(k, name="lines"), kernel_shape=[2 * n - 1, 2 * n - 1],
                       pads=[n - 1] * 4, name="value")
        inside = g.Slice(planes, g.ints([1]), g.ints([2]), g.ints([1]), name="inside")
        masked = g.Mul(value, inside, name="value_inside")
        return g.model(g.Equal(masked, g.const(np.arange(1, 11, dtype=np.float32).reshape(1, 10, 1, 1),
                                               name="colours")))
