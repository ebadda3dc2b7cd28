"""Lattice cross stamp: a square grid of equal cells split by one-colour lines (period p = cell side + 1, one of
`PERIODS`); one cell of the centre colour C has its four side-neighbour cells painted c1 (and maybe its four
diagonal-neighbour cells c2); every other C cell gets the same cross (clipped at the border).

Why this works pixel by pixel: a cell pixel's neighbour cells hold the same intra-cell position p pixels away,
so "the cell above is C" is "the pixel p rows up is C". The example cross is found as the one non-line pixel whose
four p-neighbours are all coloured, in the grid and of another colour (line crossings see their own colour;
other C cells see background, as the generator keeps the crosses' 3 x 3 boxes apart); c1 and c2 are read at
its side and diagonal p-neighbours. p is the one candidate whose row p - 1 is one non-zero colour (a line).

Graph (on the lattice, not the pixels: exact where every cell is one colour, as the generator draws a bitmap
blown up between lines): the grid's side from its used rows; the period is the one candidate whose row p - 1
is a single non-zero colour across the side (an Einsum of the input with those rows, Equal to the side),
which also gives the line colour. Per candidate p, a 1x1 Conv strided p reads each cell's first pixel as a
colour + 1 code (0 off the grid); the period's bitmap (at most 10 x 10) is gathered from the three. On it,
slices of the zero-padded colour plane give the four side neighbour cells: the centre is the coloured cell
whose four neighbours are coloured and of other colours; C, c1, c2 by ReduceMax of Where; two uint8
QLinearConvs (3x3 plus and corner taps) mark the C cells' side and diagonal neighbours; Where paints them.
The bitmap, padded with a line entry and an off-grid entry, is blown back to 30 x 30 by two Gathers with
the period's pixel -> cell table (lines -> the line entry, pixels past the side -> off), and Equal against
1..10 writes the one-hot `output`.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import same_shape

OUT = 15
N = 30
L = 10                       # the largest bitmap side (generator: 5..10 cells a side)
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
        """The lattice graph (see the module doc): exact where every lattice cell is one colour, as the
        generator draws them (a bitmap blown up p - 1 times between lines)."""
        s = plan
        g = Graph()
        u8 = 2
        zero8 = g.const(np.uint8(0), name="zero8")
        one8 = g.const(np.uint8(1), name="one8")
        # the grid's side (square) and, per candidate period, whether row p - 1 is one non-zero colour across it
        side = g.ReduceSum(g.ReduceMax(g.input, axes=[1, 3], keepdims=1, name="rows_used"), keepdims=0,
                           name="side")                                                      # scalar float
        pick = np.zeros((len(PERIODS), N), np.float32)
        for k, q in enumerate(PERIODS):
            pick[k, q - 1] = 1
        counts = g.Einsum(g.input, g.const(pick, name="period_rows"), equation="bchw,kh->bck",
                          name="row_counts")                                                 # [1,10,K]
        not_black = g.const((np.arange(10) > 0).reshape(1, 10, 1), name="not_black")
        full = g.And(g.Equal(counts, side, name="row_full"), not_black, name="line_colour_b")  # [1,10,K]
        flag = g.ReduceMax(g.Cast(full, to=u8, name="line_colour_u8"), axes=[1], keepdims=0, name="flag")  # [1,K]
        which = g.ArgMax(flag, axis=1, keepdims=0, name="period_index")                     # [1] 0..K-1
        # the line colour + 1, from the period's row
        colour_codes = g.const(np.arange(1, 11, dtype=np.uint8).reshape(1, 10, 1), name="colour_codes")
        line = g.ReduceMax(g.Where(g.And(full, g.Cast(g.Reshape(flag, g.ints([1, 1, len(PERIODS)]), name="flag3"),
                                                       to=9, name="flag_b"), name="line_b"),
                                   colour_codes, zero8, name="line_codes"), keepdims=0, name="line")   # scalar
        # the bitmap (colour + 1, 0 off the grid): each cell's first pixel, by a Conv strided p per candidate,
        # each padded to L x L; the period's one gathered
        taps = g.const(np.arange(1, 11, dtype=np.float32).reshape(1, 10, 1, 1), name="code_taps")
        planes = []
        for q in PERIODS:
            m = (N - 1) // q + 1
            b = g.Cast(g.Conv(g.input, taps, strides=[q, q], name=f"bitmap{q}_f"), to=u8, name=f"bitmap{q}")
            if m < L:
                b = g.Pad(b, g.ints([0, 0, 0, 0, 0, 0, L - m, L - m]), name=f"bitmap{q}_pad")
            planes.append(b)
        bits = g.Gather(g.Concat(*planes, axis=0, name="bitmaps"), which, axis=0, name="bitmap")   # [1,1,L,L]
        colour = g.Where(g.Greater(bits, one8, name="coloured"), bits, zero8, name="colour")   # 0: bg / off
        padded = g.Pad(colour, g.ints([0, 0, 1, 1, 0, 0, 1, 1]), name="colour_pad")           # [1,1,L+2,L+2]

        def at(dr, dc):
            return g.Slice(padded, g.ints([1 + dr, 1 + dc]), g.ints([1 + dr + L, 1 + dc + L]), g.ints([2, 3]),
                           name="nb")

        # a centre: coloured, each side neighbour cell coloured and of another colour (uint8 differences wrap:
        # 0 only where equal)
        sides = [t for d in SIDE for t in (at(*d), g.Sub(at(*d), colour, name="nb_diff"))]
        centre = g.Greater(g.Min(colour, *sides, name="weakest"), zero8, name="centre")
        c = g.ReduceMax(g.Where(centre, colour, zero8, name="cx"), keepdims=1, name="c")
        c1 = g.ReduceMax(g.Where(centre, at(1, 0), zero8, name="c1x"), keepdims=1, name="c1")
        c2 = g.Max(g.ReduceMax(g.Where(centre, at(1, 1), zero8, name="c2x"), keepdims=1, name="c2_raw"), one8,
                   name="c2")                                                                # background: code 1
        cm = g.Cast(g.Equal(colour, c, name="is_c"), to=u8, name="cm")
        unit = g.const(np.float32(1), name="unit_scale")

        def neighbours(moves, tag):
            k = np.zeros((1, 1, 3, 3), np.uint8)
            for dr, dc in moves:
                k[0, 0, 1 + dr, 1 + dc] = 1
            return g.QLinearConv(cm, unit, zero8, g.const(k, name=f"{tag}_taps"), unit, zero8, unit, zero8,
                                 pads=[1] * 4, name=tag)

        side_n, diag_n = neighbours(SIDE, "side_cells"), neighbours(DIAG, "diag_cells")
        y = g.Where(g.Greater(diag_n, zero8, name="is_diag"), c2, bits, name="y_diag")
        y = g.Where(g.Greater(side_n, zero8, name="is_side"), c1, y, name="y_side")
        y = g.Where(g.Greater(bits, zero8, name="in_grid"), y, bits, name="keep_out")          # [1,1,L,L]
        # blown back up: index L is a line (the line colour), L + 1 off the grid (0)
        y = g.Pad(g.Pad(y, g.ints([0, 0, 0, 0, 0, 0, 1, 1]), line, name="with_line"),
                  g.ints([0, 0, 0, 0, 0, 0, 1, 1]), name="with_off")                          # [1,1,L+2,L+2]
        table = np.zeros((len(PERIODS), N), np.int32)
        for k, q in enumerate(PERIODS):
            r = np.arange(N)
            table[k] = np.where(r % q == q - 1, L, r // q)
        src = g.Gather(g.const(table, name="cell_of"), which, axis=0, name="cell_index")       # [1,30]
        src = g.Where(g.Less(g.floats(np.arange(N, dtype=np.float32).reshape(1, N), name="pixels"), side,
                             name="in_side"), src, g.const(np.int32(L + 1), name="off_index"), name="cells")
        src = g.Reshape(src, g.ints([N]), name="cells_1d")
        y = g.Gather(g.Gather(y, src, axis=2, name="rows_up"), src, axis=3, name="code30")  # [1,1,30,30]
        return g.model(g.Equal(y, g.const(np.arange(1, 11, dtype=np.uint8).reshape(1, 10, 1, 1), name="table")))
