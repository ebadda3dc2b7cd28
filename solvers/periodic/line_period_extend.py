"""A fixed-size input whose rows (columns) repeat with some period is continued to a longer fixed size,
repeating that period (colours possibly remapped).

The period differs per grid, so the graph finds it: one Einsum counts, per p, the cells where lines r and
r + p differ over every r (line products against a fixed [p, r, r+p] mask), zero only where period p fits,
and an ArgMin keeps the first p that fits; the grid
lines are read from the input through a fixed [n,30] identity (no grid window), and one Einsum writes
`output` through the period's line map (j -> j mod p, one Mod and one OneHot) and a [30,length] placement.

When the inputs hold only two colours, a one-byte variant codes each cell of the grid as -1 / +1 (uint8 0 / 2
around zero point 1): a ConvInteger of that code with itself sums the agreeing minus the disagreeing cells
for every line shift, all agree exactly where the period fits, and the wrapped lines are gathered from the
code itself; a last 1x1 ConvInteger turns the sign into the two colours and pads to 30x30 (no float map,
no identity embeddings).
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


def two_colours(examples, cmap):
    """(a, b): the only two colours the inputs hold, when they map to different colours, else None."""
    seen = sorted(set().union(*(set(np.unique(i).tolist()) for i, _ in examples)))
    if len(seen) != 2 or cmap[seen[0]] == cmap[seen[1]]:
        return None
    return tuple(seen)


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

    def candidates(self, examples):
        plan = self.fit(examples)
        if plan is None:
            return
        yield self.name, self.build(plan)
        pair = two_colours(examples, plan[3])
        if pair is not None:
            yield self.name + ":two_colour", self.build_two_colour(plan, pair)

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

    def build_two_colour(self, plan, pair):
        """Every cell of the grid a sign (colour b: +1, colour a: -1), as uint8 2 / 0 read around zero point 1."""
        (h, w), axis, length, cmap = plan
        a, b = pair
        n, side = (h, w) if axis == 0 else (w, h)
        g = Graph()
        cells = g.Slice(g.input, g.ints([0, b, 0, 0]), g.ints([1, b + 1, h, w]), name="colour_b_cells")  # [1,1,h,w]
        code = g.QuantizeLinear(cells, g.floats(0.5), name="sign_code")                         # uint8 0 / 2
        one = g.const(np.uint8(1), name="one_u8")
        # shift t: sum over the overlapping cells of sign x sign = side x (n - t) exactly when lines r and r + t
        # agree for every r (t = 0 is never taken; t = n always fits)
        shifts = [0, 0, n, 0] if axis == 0 else [0, 0, 0, n]
        agree = g.ConvInteger(code, code, one, one, pads=shifts, name="agreeing_minus_disagreeing")  # [n+1] int32
        full = np.array([-1] + [side * (n - t) for t in range(1, n + 1)], np.int32)
        full = full.reshape((1, 1, n + 1, 1) if axis == 0 else (1, 1, 1, n + 1))
        fits = g.Cast(g.Equal(agree, g.const(full, name="all_agree"), name="fits_b"), to=2, name="fits")
        p = g.ArgMax(fits, axis=2 + axis, keepdims=0, name="period")                      # first t that fits
        p = g.Reshape(g.Cast(p, to=6, name="period_i32"), g.ints([1]), name="period_1")
        src = g.Mod(g.const(np.arange(length, dtype=np.int32), name="out_lines"), p, name="source_lines")
        lines = g.Gather(code, src, axis=2 + axis, name="extended_code")
        weights = np.ones((10, 1, 1, 1), np.uint8)                   # (code - 1) x (weight - 1): the sign, or minus
        weights[cmap[b]], weights[cmap[a]] = 2, 0
        oh, ow = (length, w) if axis == 0 else (h, length)
        return g.model(g.ConvInteger(lines, g.const(weights, name="colour_signs"), one, one,
                                     pads=[0, 0, N - oh, N - ow], name="extended"))
