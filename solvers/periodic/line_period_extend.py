"""A fixed-size input whose rows (columns) repeat with some period is continued to a longer fixed size,
repeating that period (colours possibly remapped).

The period differs per grid, so the graph finds it: one Einsum counts, per p, the cells where lines r and
r + p differ over every r (line products against a fixed [p, r, r+p] mask), zero only where period p fits,
and an ArgMin keeps the first p that fits; the grid
lines are read from the input through a fixed [n,30] identity (no grid window), and one Einsum writes
`output` through the period's line map (j -> j mod p, one Mod and one OneHot) and a [30,length] placement.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import N, fixed_shape
from .._common_index_maps import colour_matrix, fit_colormap


def period(lines: np.ndarray) -> int:
    """The smallest p with line r + p equal to line r wherever both exist."""
    n = len(lines)
    return next(p for p in range(1, n + 1) if all(np.array_equal(lines[r], lines[r + p]) for r in range(n - p)))


def extend(grid, axis, length):
    g = grid if axis == 0 else grid.T
    p = period(g)
    out = g[np.arange(length) % p]
    return out if axis == 0 else out.T


class LinePeriodExtend(Solver, name="line_period_extend", tasks=("task003",), refuses="task114",
                       aliases=("c2_period_extend",)):
    """Output = the input's repeating rows (or columns) continued to a longer fixed size, with the period found per
    grid (colours maybe remapped)."""

    def plans(self, examples):
        shape = fixed_shape(examples)
        oshapes = {o.shape for _, o in examples}
        if shape is None or len(oshapes) != 1:
            return
        (h, w), (oh, ow) = shape, oshapes.pop()
        if not ((oh > h and ow == w) or (oh == h and ow > w)):
            return
        axis, length = (0, oh) if oh > h else (1, ow)
        cmap = fit_colormap([(extend(i, axis, length), o) for i, o in examples])
        if cmap is not None:
            yield shape, axis, length, cmap

    def rule(self, plan, grid):
        """The graph reads the fixed input shape only."""
        shape, axis, length, cmap = plan
        return np.asarray(cmap)[extend(grid, axis, length)] if grid.shape == shape else None

    def build(self, plan):
        (h, w), axis, length, cmap = plan
        n = h if axis == 0 else w
        g = Graph()
        pick = g.const(np.eye(n, N, dtype=np.float32), name="grid_lines")             # [n,30]: line i of the grid
        # period p fits when every line r matches line r + p. Each line is `cells` one-hot cells, so per pair
        # (|r|^2 + |r+p|^2) / 2 - <r, r+p> = cells - shared cells >= 0, zero only for equal lines: one Einsum of
        # the line products against a fixed [p, x, z] mask sums it over the pairs (the diagonal counts each
        # line's pairs, halved and doubled back: integer weights), zero only where p fits (always at p = n)
        mismatch = np.zeros((n, n, n), np.float32)
        for p in range(1, n + 1):
            for r in range(n - p):
                mismatch[p - 1, r, r] += 1
                mismatch[p - 1, r + p, r + p] += 1
                mismatch[p - 1, r, r + p] -= 2
        eq = "bchw,bcyw,xh,zy,pxz->p" if axis == 0 else "bchw,bchy,xw,zy,pxz->p"
        unmatched = g.Einsum(g.input, g.input, pick, pick, g.const(mismatch, name="period_pairs"), equation=eq,
                             name="unmatched_cells")                                      # [n], 2 x cells off
        # output line j reads grid line j mod p, p the first that fits (ArgMin keeps the first of equal minima)
        first = g.ArgMin(unmatched, axis=0, keepdims=1, name="period_index")                        # [1] p - 1
        p = g.Add(g.Cast(first, to=1, name="period_index_f"), g.floats([1.0], name="one"), name="period")
        wrapped = g.Mod(g.const(np.arange(length, dtype=np.float32), name="out_lines"), p, fmod=1,
                        name="wrapped")                                                            # [length]
        src = g.OneHot(wrapped, g.const(np.float32(n), name="grid_line_count"), g.floats([0.0, 1.0], name="off_on"),
                       name="line_map")                                                            # [length,n]
        place = g.const(np.eye(N, length, dtype=np.float32), name="output_lines")     # [30,length]
        eq = "bchw,xh,jx,Jj,ck->bkJw" if axis == 0 else "bchw,xw,jx,Jj,ck->bkhJ"
        return g.model(g.Einsum(g.input, pick, src, place, g.const(colour_matrix(cmap), name="colours"),
                                equation=eq, name="extended"))
