"""Lattice cross stamp: a square grid of equal cells split by one-colour lines (period p = cell side + 1, one of
`PERIODS`); one cell of the centre colour C has its four side-neighbour cells painted c1 (and maybe its four
diagonal-neighbour cells c2); every other C cell gets the same cross (clipped at the border).

Why this works pixel by pixel: a cell pixel's neighbour cells hold the same intra-cell position p pixels away,
so "the cell above is C" is "the pixel p rows up is C". The example cross is found as the one non-line pixel whose
four p-neighbours are all coloured, in the grid and of another colour (line crossings see their own colour;
other C cells see background, as the generator keeps the crosses' 3 x 3 boxes apart); c1 and c2 are read at
its side and diagonal p-neighbours. p is the one candidate whose row p - 1 is one non-zero colour (a line).

Graph: a 1x1 Conv reads the input as a uint8 code plane (colour, 15 off the grid). Per candidate p: Slices of
the zero-padded plane give the p-neighbours; the cross centre -> C, c1, c2 by ReduceMax of Where; the C mask's
shifted copies mark the side and diagonal cells; Where paints them. The row-(p-1) uniformity flags pick one of
the three answers by Where; Equal against 0..9 writes the one-hot `output`.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import same_shape

OUT = 15
PERIODS = (3, 4, 5)          # generator: spacing 6 - (size - 1) // 2 for size 5..10 -> cells 2..4 wide
SIDE = ((-1, 0), (1, 0), (0, -1), (0, 1))
DIAG = ((-1, -1), (-1, 1), (1, -1), (1, 1))


def _period(grid):
    found = [p for p in PERIODS if p - 1 < grid.shape[0] and grid[p - 1, 0] != 0 and (grid[p - 1] == grid[p - 1, 0]).all()]
    return found[0] if len(found) == 1 else None


def _shift(plane, p, dr, dc, fill=0):
    """out[y, x] = plane[y + dr p, x + dc p] (fill off the plane)."""
    h, w = plane.shape
    pad = np.pad(plane, p, constant_values=fill)
    return pad[p + dr * p:p + dr * p + h, p + dc * p:p + dc * p + w]


class LatticeCrossStamp(Solver, name="lattice_cross_stamp", tasks=("task080",), refuses="task002"):
    """A grid of cells split by lines: the one centre-coloured cell shown with a cross of coloured neighbour cells
    (sides, maybe diagonals) is the template; every other cell of the centre colour gets the same cross."""

    def plans(self, examples):
        if same_shape(examples) and any((i != o).any() for i, o in examples) \
                and all(i.shape[0] == i.shape[1] for i, _ in examples):
            yield 30

    def rule(self, plan, grid):
        if grid.shape[0] != grid.shape[1] or grid.shape[0] > plan:
            return None
        p = _period(grid)
        if p is None:
            return None
        x = grid.astype(np.int64)
        centre = x != 0
        for d in SIDE:
            nb = _shift(x, p, *d)
            centre &= (nb != 0) & (nb != x)
        if centre.sum() == 0:
            return None
        cs = {int(v) for v in x[centre]}
        c1s = {int(v) for v in _shift(x, p, 1, 0)[centre]}
        c2s = {int(v) for v in _shift(x, p, 1, 1)[centre]}
        if len(cs) != 1 or len(c1s) != 1 or len(c2s) != 1:
            return None
        c, c1, c2 = cs.pop(), c1s.pop(), c2s.pop()
        cm = (x == c).astype(np.int64)
        side = np.zeros_like(cm, dtype=bool)
        diag = np.zeros_like(cm, dtype=bool)
        for d in SIDE:
            side |= _shift(cm, p, *d) > 0
        for d in DIAG:
            diag |= _shift(cm, p, *d) > 0
        return np.where(side, c1, np.where(diag, c2, x)).astype(grid.dtype)

    def build(self, plan):
        s = plan
        g = Graph()
        w = np.zeros((1, 10, 1, 1), np.float32)
        w[0, :, 0, 0] = np.arange(10) - OUT
        code = g.Conv(g.input, g.const(w, name="code_w"), g.const(np.float32([OUT]), name="code_b"),
                      kernel_shape=[1, 1], name="code")
        x = g.Cast(code, to=2, name="code8")
        if s < 30:
            x = g.Slice(x, g.ints([0, 0]), g.ints([s, s]), g.ints([2, 3]), name="crop")
        zero8 = g.const(np.uint8(0), name="zero8")
        ten = g.const(np.uint8(10), name="ten")
        axes = g.ints([2, 3], name="axes")
        ingrid = g.Less(x, ten, name="ingrid")
        answers, flags = [], []
        for p in PERIODS:
            def at(plane, dr, dc, pad):
                return g.Slice(pad, g.ints([p + dr * p, p + dc * p], name="st"),
                               g.ints([p + dr * p + s, p + dc * p + s], name="en"), axes, name=f"nb{p}")

            xp = g.Pad(x, g.ints([0, 0, p, p, 0, 0, p, p], name=f"pads{p}"), zero8, name=f"xpad{p}")
            centre = g.Greater(x, zero8, name=f"nz{p}")
            for d in SIDE:
                nb = at(x, *d, xp)
                ok = g.And(g.And(g.Greater(nb, zero8, name="nb_nz"), g.Less(nb, ten, name="nb_in"), name="nb_ok"),
                           g.Not(g.Equal(nb, x, name="nb_eq"), name="nb_ne"), name="nb_good")
                centre = g.And(centre, ok, name=f"centre{p}")
            c = g.ReduceMax(g.Where(centre, x, zero8, name="cx"), keepdims=1, name=f"c{p}")
            c1 = g.ReduceMax(g.Where(centre, at(x, 1, 0, xp), zero8, name="c1x"), keepdims=1, name=f"c1_{p}")
            c2 = g.ReduceMax(g.Where(centre, at(x, 1, 1, xp), zero8, name="c2x"), keepdims=1, name=f"c2_{p}")
            cm = g.Cast(g.Equal(x, c, name="is_c"), to=2, name=f"cm{p}")
            cmp_ = g.Pad(cm, g.ints([0, 0, p, p, 0, 0, p, p], name=f"pads{p}"), zero8, name=f"cmpad{p}")
            side = g.Max(*[at(cm, *d, cmp_) for d in SIDE], name=f"side{p}")
            diag = g.Max(*[at(cm, *d, cmp_) for d in DIAG], name=f"diag{p}")
            y = g.Where(g.Greater(diag, zero8, name="is_diag"), c2, x, name=f"y_diag{p}")
            y = g.Where(g.Greater(side, zero8, name="is_side"), c1, y, name=f"y_side{p}")
            answers.append(y)
            row = g.Slice(x, g.ints([p - 1]), g.ints([p]), g.ints([2]), name=f"row{p}")
            rmax = g.ReduceMax(g.Where(g.Less(row, ten, name="row_in"), row, zero8, name="row_g"), keepdims=1,
                               name=f"rmax{p}")
            rmin = g.ReduceMin(row, keepdims=1, name=f"rmin{p}")
            flags.append(g.And(g.Equal(rmax, rmin, name="uni"), g.Greater(rmin, zero8, name="row_nz"),
                               name=f"flag{p}"))
        y = answers[-1]
        for ans, flag in zip(answers[-2::-1], flags[-2::-1]):
            y = g.Where(flag, ans, y, name="pick")
        y = g.Where(ingrid, y, x, name="keep_out")
        if s < 30:
            y = g.Pad(y, g.ints([0, 0, 0, 0, 0, 0, 30 - s, 30 - s]), g.const(np.uint8(OUT), name="out_code"),
                      name="code30")
        return g.model(g.Equal(y, g.const(np.arange(10, dtype=np.uint8).reshape(1, 10, 1, 1), name="table")))
