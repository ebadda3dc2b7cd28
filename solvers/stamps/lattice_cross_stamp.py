"""Lattice cross stamp: a square grid of equal cells split by one-colour lines (period p = cell side + 1, one of
`PERIODS`); one cell of the centre colour C has its four side-neighbour cells painted c1 (and maybe its four
diagonal-neighbour cells c2); every other C cell gets the same cross (clipped at the border).

Why this works pixel by pixel: a cell pixel's neighbour cells hold the same intra-cell position p pixels away,
so "the cell above is C" is "the pixel p rows up is C". The example cross is found as the one non-line pixel whose
four p-neighbours are all coloured, in the grid and of another colour (line crossings see their own colour;
other C cells see background, as the generator keeps the crosses' 3 x 3 boxes apart); c1 and c2 are read at
its side and diagonal p-neighbours. p is the one candidate whose row p - 1 is one non-zero colour (a line).

Graph: a dilated 1x1 Conv reads the input into the 29 x 29 square the generator's grids fit as a uint8 code plane
(colour, 15 off the grid). Rows 2..4 are tested for one non-zero colour (ReduceMax == ReduceMin); the flags dotted
with (3, 4, 5) give p, and Gathers at index vectors arange + 5 +- p read the p-neighbours of the zero-padded
colour plane (0 on background and off the grid). The cross centre gives C, c1, c2 by ReduceMax of Where; a uint8
QLinearConv of the C mask, its kernel's taps p away gathered by p, counts the side (and the diagonal)
C neighbours; Where paints them, and Equal against 0..9 on the canvas-padded code writes the one-hot `output`.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_graph import corner_plane
from .._common_grids import same_shape

OUT = 15
PERIODS = (3, 4, 5)          # generator: spacing 6 - (size - 1) // 2 for size 5..10 -> cells 2..4 wide
SIDE_MAX = 29                # generator: n p - 1 for (n, p) in (5, 5) (6, 5) (7, 4) (9, 3) (10, 3); n = 8 gives 31 > 30
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
            yield SIDE_MAX

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
        m = max(PERIODS)
        g = Graph()
        code = corner_plane(g, np.arange(10) - OUT, (s, s), "code", bias=[OUT])    # OUT outside the grid
        x = g.Cast(code, to=2, name="code8")                                         # [1,1,S,S] uint8
        zero8 = g.const(np.uint8(0), name="zero8")
        ten = g.const(np.uint8(10), name="ten")
        # the period: the one candidate whose row p - 1 is a single non-zero colour
        rows = g.Slice(x, g.ints([min(PERIODS) - 1]), g.ints([m]), g.ints([2]), name="rows")      # [1,1,3,S]
        rmax = g.ReduceMax(g.Where(g.Less(rows, ten, name="row_in"), rows, zero8, name="row_g"), axes=[3],
                           keepdims=1, name="rmax")
        rmin = g.ReduceMin(rows, axes=[3], keepdims=1, name="rmin")
        flag = g.And(g.Equal(rmax, rmin, name="uni"), g.Greater(rmin, zero8, name="row_nz"), name="flag")
        p = g.ReduceSum(g.Mul(g.Cast(flag, to=7, name="flag64"),
                              g.const(np.array(PERIODS, np.int64).reshape(1, 1, len(PERIODS), 1), name="periods"),
                              name="pf"), keepdims=0, name="p")                                # scalar int64
        ramp = g.ints(np.arange(s) + m, name="ramp")
        ingrid = g.Less(x, ten, name="ingrid")
        colour = g.Where(ingrid, x, zero8, name="colour")                            # 0 on background and off grid
        pads = g.ints([0, 0, m, m, 0, 0, m, m], name="pads")
        padded = g.Pad(colour, pads, zero8, name="colour_pad")
        rows_at, cells_at = {}, {}

        def index(d):
            return g.Add(ramp, g.Mul(g.ints([d], name="d"), p, name="off"), name="index") if d else ramp

        def at(dr, dc):
            """The colour p rows / columns away, by two Gathers (the row Gather shared per dr)."""
            if dr not in rows_at:
                rows_at[dr] = g.Gather(padded, index(dr), axis=2, name="nb_rows")
            if (dr, dc) not in cells_at:
                cells_at[dr, dc] = g.Gather(rows_at[dr], index(dc), axis=3, name="nb")
            return cells_at[dr, dc]

        # a centre: coloured, and each side neighbour coloured (in the grid) and of another colour: the Min of the
        # cell's colour, the neighbours' colours and their differences from the cell's code (uint8, 0 only where
        # equal) is positive
        sides = [t for d in SIDE for t in (at(*d), g.Sub(at(*d), x, name="nb_diff"))]
        centre = g.Greater(g.Min(colour, *sides, name="weakest"), zero8, name="centre")
        c = g.ReduceMax(g.Where(centre, x, zero8, name="cx"), keepdims=1, name="c")
        c1 = g.ReduceMax(g.Where(centre, at(1, 0), zero8, name="c1x"), keepdims=1, name="c1")
        c2 = g.ReduceMax(g.Where(centre, at(1, 1), zero8, name="c2x"), keepdims=1, name="c2")
        cm = g.Cast(g.Equal(x, c, name="is_c"), to=2, name="cm")
        # the C cells' side and diagonal p-neighbours: a uint8 QLinearConv whose 11 x 11 kernel (taps p away
        # from the centre) is gathered by p
        which = g.Sub(p, g.const(np.int64(min(PERIODS)), name="first_period"), name="period_index")
        unit = g.const(np.float32(1), name="unit_scale")
        reach = 2 * m + 1

        def neighbours(moves, tag):
            taps = np.zeros((len(PERIODS), 1, 1, reach, reach), np.uint8)
            for k, q in enumerate(PERIODS):
                for dr, dc in moves:
                    taps[k, 0, 0, m + dr * q, m + dc * q] = 1
            kernel = g.Gather(g.const(taps, name=f"{tag}_taps"), which, axis=0, name=f"{tag}_kernel")
            return g.QLinearConv(cm, unit, zero8, kernel, unit, zero8, unit, zero8, pads=[m] * 4, name=tag)

        side, diag = neighbours(SIDE, "side"), neighbours(DIAG, "diag")
        y = g.Where(g.Greater(diag, zero8, name="is_diag"), c2, x, name="y_diag")
        y = g.Where(g.Greater(side, zero8, name="is_side"), c1, y, name="y_side")
        y = g.Where(ingrid, y, x, name="keep_out")
        if s < 30:
            y = g.Pad(y, g.ints([0, 0, 0, 0, 0, 0, 30 - s, 30 - s]), g.const(np.uint8(OUT), name="out_code"),
                      name="code30")
        return g.model(g.Equal(y, g.const(np.arange(10, dtype=np.uint8).reshape(1, 10, 1, 1), name="table")))
