"""Copy block pattern: a grid of equal blocks (fixed block size, separator lines of width 1, any number of
blocks) where one block holds a pattern; the output repeats that pattern in every block.

Everything is read per period (block + line): fixed 0/1 maps fold the canvas into [block row, line in
period] pairs, one Einsum counts each block's coloured cells, another pulls out the pattern of the
block that has any, the separator colour is written on the period's line, and one Einsum with the
run-time-clipped period maps writes the output.
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
        g = Graph()
        n = -(-30 // p)                                   # periods covering the canvas
        fold = np.zeros((n, p, 30), np.float32)           # [block, line in period, canvas line]
        for r in range(30):
            fold[r // p, r % p, r] = 1
        inner = fold.copy()
        inner[:, p - 1, :] = 0
        fg = np.ones(10, np.float32)
        fg[0] = 0
        f_in = g.const(inner.sum(1), name="block_lines")                                      # [n,30]
        counts = g.Einsum(g.input, g.const(fg, name="fg"), f_in, f_in, equation="bcRS,c,iR,jS->ij",
                          name="block_cells")
        pick = g.Cast(g.Greater(counts, g.const(np.float32(0.5)), name="has_pattern"), to=1, name="pick")
        f = g.const(fold, name="fold")
        pattern = g.Einsum(g.input, f, f, pick, equation="bcRS,irR,jsS,ij->bcrs", name="pattern")  # [1,10,p,p]
        lines = np.zeros((30, 30), np.float32)
        lines[p - 1::p, :] = 1
        lines[:, p - 1::p] = 1
        sep_count = g.Einsum(g.input, g.const(lines, name="line_cells"), equation="bcRS,RS->bc", name="sep_count")
        sep = g.Unsqueeze(g.Cast(g.Greater(sep_count, g.const(np.float32(0.5)), name="sep_b"), to=1,
                                 name="sep_colour"), axes=[2, 3], name="sep_colour4")              # [1,10,1,1]
        on_line = np.zeros((p, p), bool)
        on_line[p - 1, :] = True
        on_line[:, p - 1] = True
        pattern = g.Where(g.const(on_line, name="period_line"), sep, pattern, name="pattern_lines")
        index = g.const(np.arange(30, dtype=np.float32), name="index")
        spread = np.zeros((p, 30), np.float32)            # line in period -> canvas line
        for r in range(30):
            spread[r % p, r] = 1
        spread = g.const(spread, name="spread")
        h = g.ReduceSum(g.ReduceMax(g.input, axes=[0, 1, 3], keepdims=0, name="row_any"), keepdims=0, name="height")
        w = g.ReduceSum(g.ReduceMax(g.input, axes=[0, 1, 2], keepdims=0, name="col_any"), keepdims=0, name="width")
        rows = g.Mul(spread, g.Cast(g.Less(index, h, name="row_in_b"), to=1, name="row_in"), name="row_spread")
        cols = g.Mul(spread, g.Cast(g.Less(index, w, name="col_in_b"), to=1, name="col_in"), name="col_spread")
        return g.model(g.Einsum(pattern, rows, cols, equation="bcrs,rR,sS->bcRS"))
