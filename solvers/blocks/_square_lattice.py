"""The n x n layout of n x n blocks split by one-cell lines (side n(n+1)-1) that the key-block families
read: one block is picked by a key colour, and the separator colour is read from the first line cell."""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .._common_grids import N, fixed_shape, same_shape

SIDES = range(2, 6)


def block_sides(examples):
    """The block side b of a fixed square same-shape layout (one candidate at most), as a list."""
    shape = fixed_shape(examples)
    if shape is None or shape[0] != shape[1] or not same_shape(examples):
        return []
    return [b for b in SIDES if b * (b + 1) - 1 == shape[0]]


def blocks(grid, b):
    return [[grid[i * (b + 1):i * (b + 1) + b, j * (b + 1):j * (b + 1) + b] for j in range(b)] for i in range(b)]


def picked(grid, b, key, without=False):
    """The one block holding (or, `without`, lacking) the key colour, else None (also off the layout)."""
    if grid.shape != (b * (b + 1) - 1,) * 2:
        return None
    found = [p for row in blocks(grid, b) for p in row if (p == key).any() != without]
    return found[0] if len(found) == 1 else None


def place(grid, b, contents):
    """A grid of the layout whose lines take the separator colour (read at the first line's first cell)
    and whose block (i, j) is contents[i][j]."""
    out = np.full(grid.shape, grid[b, 0])
    for i in range(b):
        for j in range(b):
            out[i * (b + 1):i * (b + 1) + b, j * (b + 1):j * (b + 1) + b] = contents[i][j]
    return out


def fold(b):
    """[block, line in block, canvas line] 0/1: reads the blocks straight off the canvas."""
    f = np.zeros((b, b, N), np.float32)
    for i in range(b):
        for r in range(b):
            f[i, r, i * (b + 1) + r] = 1
    return f


def read_blocks(b, key):
    """(graph, blocks [1,10,I,r,J,s], key onehot const, has_key [I,J] bool) of the layout."""
    g = Graph()
    cells = g.Einsum(g.input, g.const(fold(b), name="fold"), g.const(fold(b), name="fold"),
                     equation="bcRS,irR,jsS->bcirjs", name="blocks")                       # b c I r J s
    onehot = np.zeros(10, np.float32)
    onehot[key] = 1
    key_c = g.const(onehot, name="key")
    counts = g.Einsum(cells, key_c, equation="bcirjs,c->ij", name="key_count")
    return g, cells, key_c, g.Greater(counts, g.const(np.float32(0.5)), name="has_key")
