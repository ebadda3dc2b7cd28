"""Copy block pattern: a grid of equal blocks (fixed block size, separator lines of width 1, any number of
blocks) where one block holds a pattern; the output repeats that pattern in every block.

One Einsum folds the canvas by the period (every block summed onto every block), masks it to the grid
by the input's line counts and writes the output: nothing is stored but one [m,30] residue map per prime
power m of the period and a [10] colour weight.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver


def period_of(grid):
    """Block period (block side + 1) from the first full separator line, else None."""
    for g in (grid, grid.T):
        for r in range(g.shape[0]):
            if len(set(g[r].tolist())) == 1 and g[r, 0] != 0:
                return r + 1
    return None


def copy_block(grid, p):
    """Every block takes the pattern of the one block holding any colour; the lines take the colour they
    hold (None if they hold several, as the graph would light them all)."""
    h, w = grid.shape
    if (h + 1) % p or (w + 1) % p:
        return None
    nr, nc = (h + 1) // p, (w + 1) // p
    full = [(i, j) for i in range(nr) for j in range(nc)
            if (grid[i * p:i * p + p - 1, j * p:j * p + p - 1] != 0).any()]
    on_line = (np.arange(h) % p == p - 1)[:, None] | (np.arange(w) % p == p - 1)[None, :]
    line_colours = np.unique(grid[on_line])
    if len(full) != 1 or len(line_colours) > 1:
        return None
    i0, j0 = full[0]
    pat = grid[i0 * p:i0 * p + p - 1, j0 * p:j0 * p + p - 1]
    out = grid.copy()
    out[on_line] = line_colours
    for i in range(nr):
        for j in range(nc):
            out[i * p:i * p + p - 1, j * p:j * p + p - 1] = pat
    return out


class CopyBlockPattern(Solver, name="copy_block_pattern", tasks=("task306",), refuses="task033",
                       aliases=("c2_copy_block",)):
    """A grid of equal blocks split by lines (any number of blocks) with one block holding a pattern: the output
    repeats the pattern in every block."""

    def plans(self, examples):
        if any(i.shape != o.shape for i, o in examples) or all(np.array_equal(i, o) for i, o in examples):
            return
        periods = {period_of(i) for i, _ in examples}
        if len(periods) == 1 and None not in periods:
            yield periods.pop()

    def rule(self, plan, grid):
        return copy_block(grid, plan)

    def build(self, p):
        """One Einsum from `input` to `output`, nothing stored: out[c,T,U] = F[c,T,U] G[c,T,U] times the grid
        masks of row T (its cell count in the input) and column U (its cell count): positive counts keep the
        sign, so no mask vector is stored. F is the input folded by the period (cells R = T, S = U mod p
        summed): only one block holds colours, so each block gathers the pattern, and a line cell only line
        cells (the line colour). G = side[c] (folded background - BIG folded colours), BIG above any block
        count, side +1 for the background and -1 for the colours: the background is kept only where the
        pattern has no colour, a colour wherever it folds in. Two [10] vectors instead of a [10,10] mix."""
        g = Graph()
        weight = np.full(10, -1000.0, np.float32)         # > (30 // p + 1) ** 2 blocks
        weight[0] = 1
        # R = T (mod p) is R = T modulo each prime power of p (Chinese remainders): one [m, 30] residue table
        # per prime power m, smaller than one [p, 30] table where p has two or more
        tables = [g.const(np.eye(m, dtype=np.float32)[np.arange(30) % m].T, name=f"residue{m}")
                  for m in prime_powers(p)]
        letters = iter("defghklmnoqrstuvwxyz")
        fold = []                                   # (operands, terms) of the two folds, T and U the canvas
        for ink in "RS", "VW":
            ops, terms = [], []
            for line, canvas in zip(ink, "TU"):
                for table in tables:
                    r = next(letters)
                    ops += [table, table]
                    terms += [r + line, r + canvas]
            fold.append((ops, terms))
        w = g.const(weight, name="weight")
        operands = [g.input, *fold[0][0], g.input, w, *fold[1][0], w, g.input, g.input]
        terms = ["bcRS", *fold[0][1], "bpVW", "p", *fold[1][1], "c", "bjTX", "biYU"]
        return g.model(g.Einsum(*operands, equation=",".join(terms) + "->bcTU"))


def prime_powers(n):
    """The prime powers whose product is n (12 -> [4, 3])."""
    out, f = [], 2
    while n > 1:
        m = 1
        while n % f == 0:
            n, m = n // f, m * f
        if m > 1:
            out.append(m)
        f += 1
    return out
