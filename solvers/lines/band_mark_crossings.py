"""Band mark crossings: the grid is a stack of uniform colour bands (rows of one colour each, or columns of one
colour each); a cell of the mark colour inside a band draws a line of the mark colour straight across that
band.

Graph: rows whose band colour (the non-mark colour present) is shared form one band, so one Einsum reading the
input three times gives hline[r, c] = sum_k rowcount[k, r] rowcount[k, s] mark[s, c] over non-mark k and all s
(rowcount: cells of colour k in the row): > 0 exactly where column c holds a mark in row r's band. The column
version is the same with column counts. The orientation is the rule's: bands along rows exactly when the top
row holds one non-mark colour; a scalar flag weights the two Einsums, each is thresholded to bool before the
Or (a float sum would store a third float map), and one Where paints the mark colour into `input`.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import same_shape


def _row_lines(grid: np.ndarray, mark: int):
    """The answer for bands along rows, or None when some row has not exactly one non-mark colour."""
    colours = []
    for row in grid:
        rest = set(int(v) for v in row) - {mark}
        if len(rest) != 1:
            return None
        colours.append(rest.pop())
    colours = np.array(colours)
    out = grid.copy()
    marks = grid == mark
    for colour in set(colours.tolist()):
        rows = colours == colour
        cols = marks[rows].any(axis=0)
        out[np.ix_(rows, cols)] = mark
    return out


class BandMarkCrossings(Solver, name="band_mark_crossings", tasks=("task202",), refuses="task001"):
    """Same-shape grids made of uniform colour bands (all along rows or all along columns); every cell of the mark
    colour extends to a line of that colour across its band (perpendicular to the bands), the rest is kept."""

    def plans(self, examples):
        """The mark colour: the one colour every changed cell turns into."""
        if not same_shape(examples):
            return
        news = {int(v) for i, o in examples for v in o[i != o]}
        if len(news) == 1:
            yield news.pop()

    def rule(self, plan, grid):
        mark = plan
        if max(grid.shape) > 30:
            return None
        rest0 = set(int(v) for v in grid[0]) - {mark}
        if len(rest0) == 1:
            return _row_lines(grid, mark)
        out = _row_lines(grid.T, mark)
        return None if out is None else out.T

    def build(self, plan):
        mark = plan
        g = Graph()
        keep = np.ones(10, np.float32)
        keep[mark] = 0
        pick = np.zeros(10, np.float32)
        pick[mark] = 1
        keep_c, pick_c = g.const(keep, name="keep"), g.const(pick, name="pick")
        # bands along rows exactly when the top row holds one non-mark colour (as the rule reads it)
        top = np.zeros(30, np.float32)
        top[0] = 1
        top_counts = g.Einsum(g.input, g.const(top, name="top_row"), keep_c, equation="bkij,i,k->bk",
                              name="top_row_counts")                                   # [1,10]
        top_colours = g.ReduceSum(g.Cast(g.Greater(top_counts, g.const(np.float32(0.5), name="half")), to=1,
                                         name="top_present"), axes=[1], keepdims=0, name="top_colours")   # [1]
        horiz = g.Cast(g.Equal(top_colours, g.const(np.float32([1]), name="one")), to=1, name="horiz")
        vert = g.Sub(g.const(np.float32([1]), name="one"), horiz, name="vert")
        # cell counts instead of presence: every term is >= 0, so a line is where the sum is > 0
        hline = g.Einsum(g.input, keep_c, g.input, g.input, pick_c, horiz, equation="bkrj,k,bksl,bmsc,m,z->zrc",
                         name="hline")
        vline = g.Einsum(g.input, keep_c, g.input, g.input, pick_c, vert, equation="bkic,k,bkjd,bmrd,m,z->zrc",
                         name="vline")
        half = g.const(np.float32(0.5), name="half")
        lines = g.Or(g.Greater(hline, half, name="hlines"), g.Greater(vline, half, name="vlines"), name="lines")
        paint = pick.reshape(1, 10, 1, 1)
        return g.model(g.Where(lines, g.const(paint, name="paint"), g.input))
