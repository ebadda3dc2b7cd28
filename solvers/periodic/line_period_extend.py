"""A fixed-size input whose rows (columns) repeat with some period is continued to a longer fixed size,
repeating that period (colours possibly remapped).

The period differs per grid, so the graph finds it: a Gram Einsum compares every pair of lines, a fixed
mask sums each diagonal to "period p fits", and an exclusive CumSum keeps the first p that fits; the grid
lines are read from the input through a fixed [n,30] identity (no grid window), and one Einsum writes
`output` through the period's line map (j -> j mod p, one Mod and one Equal) and a [30,length] placement.
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
        eq = "bchw,bcyw,xh,zy->xz" if axis == 0 else "bchw,bchy,xw,zy->xz"
        gram = g.Einsum(g.input, g.input, pick, pick, equation=eq, name="line_gram")  # [n,n] shared cells
        same = g.Cast(g.Equal(gram, g.const(np.float32(w if axis == 0 else h), name="line_cells"),
                              name="same_b"), to=1, name="same_lines")
        diag = np.zeros((n, n, n), np.float32)        # diag[p-1, r, r+p]
        for p in range(1, n + 1):
            for r in range(n - p):
                diag[p - 1, r, r + p] = 1
        fits = g.Equal(g.Einsum(same, g.const(diag, name="period_pairs"), equation="rx,prx->p", name="pairs_equal"),
                       g.const(np.float32([n - p for p in range(1, n + 1)]), name="pairs_needed"), name="fits_b")
        fits = g.Cast(fits, to=1, name="fits")
        earlier = g.CumSum(fits, g.const(np.int64(0), name="axis0"), exclusive=1, name="fits_before")
        first = g.Mul(fits, g.Cast(g.Equal(earlier, g.const(np.float32(0)), name="none_before_b"), to=1,
                                   name="none_before"), name="period_onehot")        # [n]
        # output line j reads grid line j mod p: p from the one-hot, then one Mod and one Equal
        p = g.Einsum(first, g.const(np.arange(1, n + 1, dtype=np.float32), name="periods"), equation="p,p->",
                     name="period")
        wrapped = g.Mod(g.const(np.arange(length, dtype=np.float32).reshape(length, 1), name="out_lines"), p, fmod=1,
                        name="wrapped")                                                            # [length,1]
        src = g.Cast(g.Equal(wrapped, g.const(np.arange(n, dtype=np.float32).reshape(1, n), name="in_lines"),
                             name="line_map_b"), to=1, name="line_map")                         # [length,n]
        place = g.const(np.eye(N, length, dtype=np.float32), name="output_lines")     # [30,length]
        eq = "bchw,xh,jx,Jj,ck->bkJw" if axis == 0 else "bchw,xw,jx,Jj,ck->bkhJ"
        return g.model(g.Einsum(g.input, pick, src, place, g.const(colour_matrix(cmap), name="colours"),
                                equation=eq, name="extended"))
