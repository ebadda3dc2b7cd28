"""Copy block pattern: a grid of equal blocks (fixed block size, separator lines of width 1, any number of
blocks) where one block holds a pattern; the output repeats that pattern in every block.

One Einsum folds the canvas by the period (every block summed onto every block), masks it to the grid
by the input's first row and column and writes the output: nothing is stored but a [p,30] residue map.
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
        """One Einsum from `input` to `output`, nothing stored: out[c,T,U] = sum over cells (R,S) with R = T and
        S = U (mod p) of input[k,R,S] M[k,c], times the grid masks of row T (its cell count in the input) and
        column U (its cell count): positive counts keep the sign, so no mask vector is stored. Folding the
        canvas by the period sums every block onto every block: only one block holds colours, so each block gets the pattern, and a line cell only gathers line cells (the line colour).
        The background channel is the folded background less BIG times the folded colours (BIG above any
        block count), so it is positive only where the pattern has no colour."""
        g = Graph()
        residue = np.zeros((p, 30), np.float32)           # [line in period, canvas line]
        residue[np.arange(30) % p, np.arange(30)] = 1
        mix = np.eye(10, dtype=np.float32)
        mix[1:, 0] = -1000.0                              # > (30 // p + 1) ** 2 blocks
        q = g.const(residue, name="residue")
        return g.model(g.Einsum(g.input, g.const(mix, name="mix"), q, q, q, q, g.input, g.input,
                                equation="bkRS,kc,rR,rT,sS,sU,bjTV,biWU->bcTU"))
