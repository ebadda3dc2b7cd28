"""Diagonal-triple rings: three cells of one colour on a diagonal, evenly spaced, are the centre and the first
ring of a set of concentric square outlines; the output draws every outline at a Chebyshev distance from the
middle cell that is a multiple of the spacing, over the whole grid (the centre cell stays).

Graph: `first_last_lines` reads the foreground's first and last rows r0, r2 (and columns c0, c2) off two
weighted sums each (weights 0 on the background channel; one cell a line), two Einsums the in-grid rows and
columns: in doubled coordinates the centre is r0 + r2 and the spacing r2 - r0. Per axis, uint8 [30] vectors
only: the doubled distance d, its rest d mod spacing, and a key 3 (d - rest) + (3 on an outline line, 4
between; OFF_GRID off the grid). Their outer Max (the one [30,30] tensor) is the key of the farther axis's ring
(a tie: "between" wins), odd exactly on the outlines, 0 mod 3 exactly off them; one uint8 Mod by per-channel
moduli (2 the ring colour, 3 the background, 1 the rest) writes `output`.
"""
from __future__ import annotations

import numpy as np
from onnx import TensorProto

from neurogolf.graph import Graph

from .. import Solver
from .._common_graph import first_last_lines
from .._common_grids import N, same_shape

OFF_GRID = 180    # a ring key above any grid's (<= 178), a multiple of 2 and 3: no channel


def triple(grid: np.ndarray, bg: int):
    """(row, col, spacing) of three evenly spaced cells of one colour on a diagonal, or None."""
    rows, cols = np.nonzero(grid != bg)
    if len(rows) != 3 or len(set(grid[rows, cols].tolist())) != 1:
        return None
    order = np.argsort(rows)
    rows, cols = rows[order], cols[order]
    s = rows[1] - rows[0]
    if s <= 0 or rows[2] - rows[1] != s or abs(cols[1] - cols[0]) != s or cols[2] - cols[1] != cols[1] - cols[0]:
        return None
    return int(rows[1]), int(cols[1]), int(s)


def rings(shape, row: int, col: int, s: int) -> np.ndarray:
    h = np.arange(shape[0])[:, None]
    w = np.arange(shape[1])[None, :]
    return np.maximum(abs(h - row), abs(w - col)) % s == 0


class DiagonalTripleRings(Solver, name="diagonal_triple_rings", tasks=("task137",), refuses="task392"):
    """Three evenly spaced cells of one colour on a diagonal mark a centre (the middle one) and a spacing; the
    output draws concentric square outlines around the centre at every multiple of the spacing, over the grid."""

    def plans(self, examples):
        """(background, square): the inputs' commonest colour (the same in all); square where every input is
        (the generator's grids are), so one in-grid vector serves both axes."""
        if not same_shape(examples):
            return
        bgs = {int(np.bincount(i.ravel(), minlength=10).argmax()) for i, _ in examples}
        if len(bgs) == 1:
            yield bgs.pop(), all(i.shape[0] == i.shape[1] for i, _ in examples)

    def rule(self, plan, grid):
        bg, square = plan
        if square and grid.shape[0] != grid.shape[1]:
            return None
        found = triple(grid, bg)
        if found is None:
            return None
        row, col, s = found
        colour = int(grid[row, col])
        return np.where(rings(grid.shape, row, col, s), colour, grid)

    def build(self, plan):
        bg, square = plan
        g = Graph()
        fg_w = np.ones(10, np.float32)
        fg_w[bg] = 0
        all_w = g.const(np.ones(10, np.float32), name="all_w")
        u8 = TensorProto.UINT8
        twice = g.const(np.arange(0, 2 * N, 2, dtype=np.uint8), name="twice")
        off_grid = g.const(np.uint8(OFF_GRID), name="off_grid")
        one, three = g.const(np.uint8(1), name="one_u8"), g.const(np.uint8(3), name="three_u8")
        # the three cells' first and last rows (one a line): two weighted sums, no profile; the doubled spacing
        r0, r2 = first_last_lines(g, fg_w, "i", 1, N, "row_fg")                                # [1] float
        spacing = g.Cast(g.Sub(r2, r0, name="spacing2"), to=u8, name="spacing8")               # uint8 [1]

        def keys(axis, tag, first=None, last=None):
            """uint8 [30] ring keys along one axis (6 q s + 3 on an outline line, + 4 between; OFF_GRID off it)."""
            if square and axis == 3:
                inside = row_inside        # the rows' in-grid vector serves the columns
            else:
                eq = "bchw,c->bh" if axis == 2 else "bchw,c->bw"
                inside = g.Reshape(g.Greater(g.Einsum(g.input, all_w, equation=eq, name=f"{tag}_all"),
                                             g.const(np.float32(0.5), name="half"), name=f"{tag}_in"),
                                   g.ints([N]), name=f"{tag}_in30")
            if first is None:
                first, last = first_last_lines(g, fg_w, "j", 1, N, f"{tag}_fg")
            centre = g.Cast(g.Add(first, last, name=f"{tag}_centre2"), to=u8, name=f"{tag}_centre")
            # |2 h - centre|: the smaller of the two uint8 differences (the negative one wraps past 198)
            d = g.Min(g.Sub(twice, centre, name=f"{tag}_up"), g.Sub(centre, twice, name=f"{tag}_down"),
                      name=f"{tag}_d2")
            rest = g.Mod(d, spacing, name=f"{tag}_rest")                                       # 2 (|d| mod s)
            multiple = g.Sub(d, rest, name=f"{tag}_multiple")                                  # 2 q s
            low = g.Add(g.Min(rest, one, name=f"{tag}_between"), three, name=f"{tag}_low")     # 3 on, 4 between
            key = g.Add(g.Mul(multiple, three, name=f"{tag}_6qs"), low, name=f"{tag}_key")
            key = g.Where(inside, key, off_grid, name=f"{tag}_keym")
            return g.Reshape(key, g.ints([N, 1] if axis == 2 else [1, N]), name=f"{tag}_kv"), inside

        # Max: the farther axis's ring index wins; on a tie a 4 (between outlines) beats a 3
        row_key, row_inside = keys(2, "row", r0, r2)
        ring_key = g.Max(row_key, keys(3, "col")[0], name="ring_key")               # uint8 [30,30]
        # each channel's modulus: 2 for the ring colour (present, not the background; odd keys are on the
        # outlines), 3 for the background (keys 6 q s + 4 between them), 1 elsewhere (always 0)
        extra = np.ones((1, 10, 1, 1), np.float32)
        extra[0, bg] = 2
        moduli = g.Cast(g.Add(g.Mul(g.ReduceMax(g.input, axes=[2, 3], name="present"), g.const(extra, name="extra"),
                                    name="colour_extra"), g.const(np.float32(1), name="one"), name="moduli_f"),
                        to=u8, name="moduli")
        return g.model(g.Mod(ring_key, moduli))
