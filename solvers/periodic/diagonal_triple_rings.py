"""Diagonal-triple rings: three cells of one colour on a diagonal, evenly spaced, are the centre and the first
ring of a set of concentric square outlines; the output draws every outline at a Chebyshev distance from the
middle cell that is a multiple of the spacing, over the whole grid (the centre cell stays).

Graph: `first_last_lines` reads the foreground's first and last rows r0, r2 (and columns c0, c2) off two
weighted sums each (weights 0 on the background channel; one cell a line), two Einsums the in-grid rows and
columns: in doubled coordinates the centre is r0 + r2 and the spacing r2 - r0. The
doubled distances |2h - (r0 + r2)| (251 outside the grid: a prime larger than any spacing; int32, then
uint8 vectors); their outer Max is the doubled Chebyshev distance, uint8 Mod by the doubled spacing, Equal 0
marks the outlines, and one Where writes the ring colour (ReduceMax of the canvas, background masked)
into `input`.
"""
from __future__ import annotations

import numpy as np
from onnx import TensorProto

from neurogolf.graph import Graph

from .. import Solver
from .._common_graph import first_last_lines
from .._common_grids import N, same_shape

OUTSIDE = 251     # a doubled distance no spacing divides, beyond any grid


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
        """The background: the inputs' commonest colour (the same in all)."""
        if not same_shape(examples):
            return
        bgs = {int(np.bincount(i.ravel(), minlength=10).argmax()) for i, _ in examples}
        if len(bgs) == 1:
            yield bgs.pop()

    def rule(self, plan, grid):
        bg = plan
        found = triple(grid, bg)
        if found is None:
            return None
        row, col, s = found
        if 2 * max(grid.shape) >= OUTSIDE:
            return None
        colour = int(grid[row, col])
        return np.where(rings(grid.shape, row, col, s), colour, grid)

    def build(self, plan):
        bg = plan
        g = Graph()
        fg_w = np.ones(10, np.float32)
        fg_w[bg] = 0
        all_w = g.const(np.ones(10, np.float32), name="all_w")
        i32 = TensorProto.INT32
        twice = g.const(np.arange(0, 60, 2, dtype=np.int32), name="twice")
        outside = g.const(np.int32(OUTSIDE), name="outside")

        def distances(axis, tag):
            eq = "bchw,c->bh" if axis == 2 else "bchw,c->bw"
            inside = g.Greater(g.Einsum(g.input, all_w, equation=eq, name=f"{tag}_all"),
                               g.const(np.float32(0.5), name="half"), name=f"{tag}_in")
            # the three cells' first and last line (one a line): two weighted sums, no profile
            first, last = first_last_lines(g, fg_w, "i" if axis == 2 else "j", 1, N, f"{tag}_fg")   # [1] float
            centre = g.Cast(g.Add(first, last, name=f"{tag}_centre2"), to=i32, name=f"{tag}_centre")
            d = g.Abs(g.Sub(twice, centre, name=f"{tag}_off"), name=f"{tag}_d2")       # int32 [30]
            d = g.Where(g.Reshape(inside, g.ints([30]), name=f"{tag}_in30"), d, outside, name=f"{tag}_dm")
            shape = [30, 1] if axis == 2 else [1, 30]
            d = g.Reshape(g.Cast(d, to=TensorProto.UINT8, name=f"{tag}_d8"), g.ints(shape), name=f"{tag}_dv")
            return d, first, last

        dh, r0, r2 = distances(2, "row")
        dw, _, _ = distances(3, "col")
        spacing = g.Cast(g.Sub(r2, r0, name="spacing2"), to=TensorProto.UINT8, name="spacing8")   # uint8 [1]
        cheb = g.Max(dh, dw, name="cheb2")                                                # uint8 [30,30]
        ring = g.Equal(g.Mod(cheb, spacing, name="phase"), g.const(np.uint8(0), name="zero8"), name="ring")
        keep = np.ones((1, 10, 1, 1), np.float32)
        keep[0, bg] = 0
        colour = g.Mul(g.ReduceMax(g.input, axes=[2, 3], name="present"), g.const(keep, name="keep"),
                       name="colour")
        return g.model(g.Where(ring, colour, g.input))
