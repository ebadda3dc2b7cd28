"""Lattice pair bridges: a grid of 2x2 cells separated by one-pixel grid lines; two cells of the same colour in one
lattice row (or column) fill every empty cell between them with their colour.

Graph: a [10, 30] sampling matrix reads one pixel per cell inside the Einsums. For each colour, cells with a
same-colour cell on both sides are counted by one Einsum per direction, (#left) x (#right) as a product of two
contractions of the same sample with triangular matrices, weighted by the colour index: the bridge colour per
cell, added to the cell's code (colour + 1; a bridged cell is black, 1). With the code's square and the grid-line
code before each cell (and its square, 0 beyond the grid) these make a [1,4,10,10] cell map, and one stride-3
ConvTranspose spreads it over the pixels and decodes it into `output` (1 - 2 (k - c - 1)^2 per channel c): no
pixel-sized plane at all.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import same_shape

CELL = 3       # 2x2 cells + one line pixel
CELLS = 10     # at most 10 cells a side (29 pixels)


def _cells(grid: np.ndarray):
    """The cell colours (one sample per cell), or None when the grid is not such a lattice."""
    h, w = grid.shape
    if h != w or (h + 1) % CELL or h > CELL * CELLS - 1:
        return None
    lines = grid[CELL - 1::CELL]
    cols = grid[:, CELL - 1::CELL]
    if len(set(lines.ravel().tolist()) | set(cols.ravel().tolist())) != 1:
        return None
    cells = grid[0::CELL, 0::CELL]
    for dr in range(CELL - 1):
        for dc in range(CELL - 1):
            if not np.array_equal(grid[dr::CELL, dc::CELL][:len(cells), :len(cells)], cells):
                return None
    return cells


def _bridges(cells: np.ndarray):
    """Bridge colour per cell (0 = none), or None where the products of counts are not 0/1 or overlap."""
    out = np.zeros_like(cells)
    for colour in range(1, 10):
        there = (cells == colour).astype(int)
        if not there.any():
            continue
        left = np.cumsum(there, axis=1) - there
        right = there.sum(axis=1, keepdims=True) - np.cumsum(there, axis=1)
        up = np.cumsum(there, axis=0) - there
        down = there.sum(axis=0, keepdims=True) - np.cumsum(there, axis=0)
        count = left * right + up * down
        if count.max() > 1 or (out[count > 0] > 0).any() or (cells[count > 0] > 0).any():
            return None
        out[count > 0] = colour
    return out


class LatticePairBridges(Solver, name="lattice_pair_bridges", tasks=("task009",), refuses="task001"):
    """Same-shape square grids of 2x2 cells between one-colour grid lines: the empty cells lying between two cells of
    the same colour in one lattice row or column take that colour; everything else is kept."""

    def plans(self, examples):
        if same_shape(examples):
            yield "lattice"       # no parameters (a plan of None reads as no fit)

    def rule(self, plan, grid):
        cells = _cells(grid)
        if cells is None:
            return None
        bridges = _bridges(cells)
        if bridges is None:
            return None
        out = grid.copy()
        for r, c in zip(*np.nonzero(bridges)):
            out[r * CELL:r * CELL + CELL - 1, c * CELL:c * CELL + CELL - 1] = bridges[r, c]
        return out

    def build(self, plan):
        g = Graph()
        n = CELLS
        sample = np.zeros((n, 30), np.float32)                # [i, r] = 1 where r = 3 i: one pixel per cell
        sample[np.arange(n), np.arange(n) * CELL] = 1
        sa = g.const(sample, name="sample")
        # [i, r] = 1 on the grid line before cell i (after it for cell 0): the line colour inside the grid, 0 beyond
        line_sample = np.zeros((n, 30), np.float32)
        line_sample[np.arange(1, n), np.arange(1, n) * CELL - 1] = 1
        line_sample[0, CELL - 1] = 1
        ls = g.const(line_sample, name="line_sample")
        before = np.triu(np.ones((n, n), np.float32), 1)      # [j, l] = 1 where j < l
        after = before.T.copy()                               # [m, l] = 1 where m > l
        b, a = g.const(before, name="before"), g.const(after, name="after")
        kvec = np.arange(10, dtype=np.float32)
        kvec[0] = 0
        k = g.const(kvec.reshape(10, 1), name="colour")
        code = np.arange(1, 11, dtype=np.float32).reshape(10, 1)
        index1, index1_sq = g.const(code, name="index1"), g.const(code * code, name="index1_sq")
        # the cells are sampled inside the Einsums (input x sample rows x sample columns), not stored; a bridged
        # cell is black (code 1), so its code becomes 1 + the bridge colour
        across = g.Einsum(g.input, sa, sa, b, g.input, sa, sa, a, k,
                          equation="zkrs,ir,js,jl,zktu,it,mu,ml,kq->zqil", name="across")
        down = g.Einsum(g.input, sa, sa, b, g.input, sa, sa, a, k,
                        equation="zkrs,jr,is,jl,zktu,mt,iu,ml,kq->zqli", name="down")
        given = g.Einsum(g.input, index1, sa, sa, equation="zkrs,kq,ir,js->zqij", name="given")   # [1,1,10,10]
        cell_code = g.Sum(given, across, down, name="cell_code")           # colour + 1, 0 outside the grid
        line_code = g.Einsum(g.input, index1, ls, ls, equation="zkrs,kq,ir,js->zqij", name="line_code")
        line_sq = g.Einsum(g.input, index1_sq, ls, ls, equation="zkrs,kq,ir,js->zqij", name="line_code_sq")
        pairs = g.Concat(cell_code, g.Mul(cell_code, cell_code, name="cell_code_sq"), line_code, line_sq,
                         axis=1, name="code_pairs")                                               # [1,4,10,10]
        # one stride-3 ConvTranspose writes `output`: tap (a, b) lands on pixel (3i + a - 1, 3j + b - 1), the
        # cell's 2x2 pixels reading its (code, code^2) and the grid lines before it (line, line^2); channel c is
        # 4 (c+1) k - 2 k^2 + 1 - 2 (c+1)^2 = 1 - 2 (k - c - 1)^2, positive only where k = c + 1 (k = 0: none)
        kc = np.arange(1, 11, dtype=np.float32)
        taps = np.zeros((4, 10, CELL, CELL), np.float32)
        taps[0, :, 1:, 1:] = 4 * kc.reshape(10, 1, 1)
        taps[1, :, 1:, 1:] = -2
        line_taps = np.ones((CELL, CELL), bool)
        line_taps[1:, 1:] = False
        taps[2][:, line_taps] = 4 * kc.reshape(10, 1)
        taps[3][:, line_taps] = -2
        return g.model(g.ConvTranspose(pairs, g.const(taps, name="code_taps"), g.const(1 - 2 * kc * kc, name="bias"),
                                       strides=[CELL, CELL], pads=[1, 1, 0, 0], output_padding=[1, 1]))
