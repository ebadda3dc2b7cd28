"""Lattice pair bridges: a grid of 2x2 cells separated by one-pixel grid lines; two cells of the same colour in one
lattice row (or column) fill every empty cell between them with their colour.

Graph: a strided Slice samples one pixel per cell ([1,10,n,n]). For each colour, cells with a same-colour cell
on both sides are counted by one Einsum per direction, (#left) x (#right) as a product of two contractions of the
same sample with triangular matrices, weighted by the colour index: the bridge colour per cell. One Einsum with a
0/1 expansion matrix spreads it over each cell's 2x2 pixels; added to the input's colour-index plane (black = 1)
it gives colour + 1, and Equal against 1..10 writes the one-hot `output`.
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
        cells = g.Slice(g.input, g.ints([0, 0]), g.ints([30, 30]), g.ints([2, 3]), g.ints([CELL, CELL]),
                        name="cells")                                                   # [1,10,10,10]
        before = np.triu(np.ones((n, n), np.float32), 1)      # [j, l] = 1 where j < l
        after = before.T.copy()                               # [m, l] = 1 where m > l
        b, a = g.const(before, name="before"), g.const(after, name="after")
        kvec = np.arange(10, dtype=np.float32)
        kvec[0] = 0
        k = g.const(kvec, name="colour")
        across = g.Einsum(cells, b, cells, a, k, equation="zkij,jl,zkim,ml,k->zil", name="across")
        down = g.Einsum(cells, b, cells, a, k, equation="zkji,jl,zkmi,ml,k->zli", name="down")
        bridge = g.Add(across, down, name="bridge")                                    # [1,10,10]
        spread = np.zeros((n, 30), np.float32)
        for i in range(n):
            spread[i, i * CELL:i * CELL + CELL - 1] = 1
        e = g.const(spread, name="spread")
        given = g.Einsum(g.input, g.const(np.arange(1, 11, dtype=np.float32), name="index1"),
                         equation="zkrc,k->zrc", name="given")                          # colour + 1, 0 outside
        answer = g.Einsum(bridge, e, e, equation="zil,ir,lc->zrc", name="painted")
        answer = g.Add(given, answer, name="answer")
        return g.model(g.Equal(answer, g.const(np.arange(1, 11, dtype=np.float32).reshape(1, 10, 1, 1),
                                               name="codes")))
