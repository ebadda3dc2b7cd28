"""Lattice pair bridges: a grid of 2x2 cells separated by one-pixel grid lines; two cells of the same colour in one
lattice row (or column) fill every empty cell between them with their colour.

Graph: a [10, 30] sampling matrix reads one pixel per cell inside the Einsums. For each colour, cells with a
same-colour cell on both sides are counted by one Einsum per direction, (#left) x (#right) as a product of two
contractions of the same sample with triangular matrices, weighted by the colour index: the bridge colour per
cell. A 0/1 expansion matrix spreads it over each cell's 2x2 pixels (an Einsum and a Gemm, whose addend is the
input's colour-index plane, black = 1): colour + 1, and Equal against 1..10 writes the one-hot `output`.
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
        before = np.triu(np.ones((n, n), np.float32), 1)      # [j, l] = 1 where j < l
        after = before.T.copy()                               # [m, l] = 1 where m > l
        b, a = g.const(before, name="before"), g.const(after, name="after")
        kvec = np.arange(10, dtype=np.float32)
        kvec[0] = 0
        k = g.const(kvec, name="colour")
        # the cells are sampled inside the Einsums (input x sample rows x sample columns), not stored
        across = g.Einsum(g.input, sa, sa, b, g.input, sa, sa, a, k,
                          equation="zkrs,ir,js,jl,zktu,it,mu,ml,k->zil", name="across")
        down = g.Einsum(g.input, sa, sa, b, g.input, sa, sa, a, k,
                        equation="zkrs,jr,is,jl,zktu,mt,iu,ml,k->zli", name="down")
        bridge = g.Add(across, down, name="bridge")                                    # [1,10,10]
        spread = np.zeros((n, 30), np.float32)
        for i in range(n):
            spread[i, i * CELL:i * CELL + CELL - 1] = 1
        e = g.const(spread, name="spread")
        given = g.Einsum(g.input, g.const(np.arange(1, 11, dtype=np.float32), name="index1"),
                         equation="zkrc,k->rc", name="given")                          # colour + 1, 0 outside
        # spread^T (bridge spread) + given in one Gemm: no [30,30] painted plane of its own
        rows_painted = g.Einsum(bridge, e, equation="zil,lc->ic", name="rows_painted")  # [10,30]
        answer = g.Gemm(e, rows_painted, given, transA=1, name="answer")                # [30,30]
        return g.model(g.Equal(answer, g.const(np.arange(1, 11, dtype=np.float32).reshape(1, 10, 1, 1),
                                               name="codes")))
