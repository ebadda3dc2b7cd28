"""Block zoom: a fixed n x n layout of b x b blocks (separator lines of width 1); one block, picked as
the only one without (or with) a key colour, is blown up over the layout: block (i, j) of the output
is filled with that block's cell (i, j); separators stay.

One Einsum with fixed fold maps reads the blocks off the canvas as [I, r, J, s]; per-block key counts
are one Einsum, the pick weights another gives the chosen block, the separator colour is padded in as
an extra row and column, and one Einsum with fixed 0/1 expansion matrices writes the output.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import fixed_shape


def _fold(b, n):
    """[block, line in block, canvas line] 0/1: reads the blocks straight off the canvas."""
    f = np.zeros((n, b, 30), np.float32)
    for i in range(n):
        for r in range(b):
            f[i, r, i * (b + 1) + r] = 1
    return f


def split(grid, b, n):
    return [[grid[i * (b + 1):i * (b + 1) + b, j * (b + 1):j * (b + 1) + b] for j in range(n)] for i in range(n)]


def zoom(grid, b, n, key, without):
    blocks = split(grid, b, n)
    picks = [(i, j) for i in range(n) for j in range(n) if ((blocks[i][j] == key).any() != without)]
    if len(picks) != 1 or b != n:
        return None
    p = blocks[picks[0][0]][picks[0][1]]
    out = grid.copy()
    for i in range(n):
        for j in range(n):
            out[i * (b + 1):i * (b + 1) + b, j * (b + 1):j * (b + 1) + b] = p[i, j]
    return out


class BlockZoom(Solver):
    name = "c2_block_zoom"
    description = ("an n x n layout of n x n blocks split by lines: the one block without (or with) a key colour "
                   "is blown up, output block (i, j) filled with its cell (i, j); separators stay")

    def fit(self, examples):
        shape = fixed_shape(examples)
        if shape is None or shape[0] != shape[1] or any(i.shape != o.shape for i, o in examples):
            return None
        side = shape[0]
        for b in range(2, 6):
            if b * (b + 1) - 1 != side:
                continue
            i0 = examples[0][0]
            if len(set(i0[b].tolist())) != 1 or len(set(i0[:, b].tolist())) != 1:
                return None
            for key in range(10):
                for without in (True, False):
                    if all((p := zoom(i, b, b, key, without)) is not None and np.array_equal(p, o)
                           for i, o in examples):
                        return b, key, without
        return None

    def build(self, plan):
        b, key, without = plan
        n, period = b, b + 1
        side = n * period - 1
        g = Graph()
        cells = g.Einsum(g.input, g.const(_fold(b, n), name="fold"), g.const(_fold(b, n), name="fold"),
                         equation="bcRS,irR,jsS->bcirjs", name="blocks")                       # b c I r J s
        onehot = np.zeros(10, np.float32)
        onehot[key] = 1
        counts = g.Einsum(cells, g.const(onehot, name="key"), equation="bcirjs,c->ij", name="key_count")
        has = g.Greater(counts, g.const(np.float32(0.5)), name="has_key")
        pick = g.Cast(g.Not(has, name="lacks_key") if without else has, to=1, name="pick")
        chosen = g.Einsum(cells, pick, equation="bcirjs,ij->bcrs", name="chosen")               # [1,10,b,b]
        sep = g.Slice(g.input, g.ints([b, 0]), g.ints([b + 1, 1]), g.ints([2, 3]), name="separator_colour")
        grown = g.Pad(chosen, g.ints([0, 0, 0, 0, 0, 0, 1, 1]), name="chosen_grown")           # [1,10,b+1,b+1]
        line = np.zeros((1, 1, b + 1, b + 1), np.float32)
        line[0, 0, b, :] = 1
        line[0, 0, :, b] = 1
        pattern = g.Add(grown, g.Mul(sep, g.const(line, name="line_mask"), name="lines"), name="pattern")
        expand = np.zeros((b + 1, 30), np.float32)        # pattern line -> canvas lines
        for r in range(side):
            expand[r // period if r % period != b else b, r] = 1
        e = g.const(expand, name="expand")
        return g.model(g.Einsum(pattern, e, e, equation="bcij,ir,js->bcrs"))


def move_to_key(grid, b, n, key):
    """The one block holding the key colour, moved to the slot named by the key's place inside it."""
    blocks = split(grid, b, n)
    picks = [(i, j) for i in range(n) for j in range(n) if (blocks[i][j] == key).any()]
    if len(picks) != 1 or b != n:
        return None
    p = blocks[picks[0][0]][picks[0][1]]
    spots = np.argwhere(p == key)
    if len(spots) != 1:
        return None
    out = grid.copy()
    for i in range(n):
        for j in range(n):
            out[i * (b + 1):i * (b + 1) + b, j * (b + 1):j * (b + 1) + b] = 0
    i, j = spots[0]
    out[i * (b + 1):i * (b + 1) + b, j * (b + 1):j * (b + 1) + b] = p
    return out


class BlockToKey(Solver):
    name = "c2_block_to_key"
    description = ("an n x n layout of n x n blocks split by lines: the one block holding a key colour moves to "
                   "the block slot given by the key's place inside it; all other blocks are cleared")

    def fit(self, examples):
        shape = fixed_shape(examples)
        if shape is None or shape[0] != shape[1] or any(i.shape != o.shape for i, o in examples):
            return None
        for b in range(2, 6):
            if b * (b + 1) - 1 != shape[0]:
                continue
            for key in range(1, 10):
                if all((p := move_to_key(i, b, b, key)) is not None and np.array_equal(p, o) for i, o in examples):
                    return b, key
        return None

    def build(self, plan):
        b, key = plan
        n, period = b, b + 1
        side = n * period - 1
        g = Graph()
        cells = g.Einsum(g.input, g.const(_fold(b, n), name="fold"), g.const(_fold(b, n), name="fold"),
                         equation="bcRS,irR,jsS->bcirjs", name="blocks")                       # b c I r J s
        onehot = np.zeros(10, np.float32)
        onehot[key] = 1
        counts = g.Einsum(cells, g.const(onehot, name="key"), equation="bcirjs,c->ij", name="key_count")
        pick = g.Cast(g.Greater(counts, g.const(np.float32(0.5)), name="has_key"), to=1, name="pick")
        chosen = g.Einsum(cells, pick, equation="bcirjs,ij->bcrs", name="chosen")               # [1,10,b,b]
        slot = g.Einsum(chosen, g.const(onehot, name="key"), equation="bcrs,c->rs", name="key_place")  # [I,J]
        e0 = np.zeros((1, 10, 1, 1), np.float32)
        e0[0, 0] = 1
        # content[c,I,J,r,s]: the chosen block in its slot, background in the other slots
        empty = g.Sub(g.const(np.float32(1)), slot, name="other_slots")
        content = g.Add(g.Einsum(slot, chosen, equation="ij,bcrs->bcirjs", name="moved"),
                        g.Einsum(empty, g.const(e0, name="bg"), equation="ij,bcrs->bcirjs", name="cleared"),
                        name="content")                                                        # [1,10,I,r,J,s]
        grown = g.Pad(content, g.ints([0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 1]), name="content_periods")
        sep = g.Reshape(g.Slice(g.input, g.ints([b, 0]), g.ints([b + 1, 1]), g.ints([2, 3]), name="sep_cell"),
                        g.ints([1, 10, 1, 1, 1, 1]), name="separator_colour")
        line = np.zeros((1, 1, 1, b + 1, 1, b + 1), np.float32)
        line[0, 0, 0, b, 0, :] = 1
        line[0, 0, 0, :, 0, b] = 1
        pattern = g.Add(grown, g.Mul(sep, g.const(line, name="line_mask"), name="lines"), name="pattern")
        expand = np.zeros((n, b + 1, 30), np.float32)     # (slot, line in period) -> canvas line
        for r in range(side):
            expand[r // period, r % period, r] = 1
        e = g.const(expand, name="expand")
        return g.model(g.Einsum(pattern, e, e, equation="bcirjs,irR,jsS->bcRS"))
