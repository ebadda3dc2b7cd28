"""Band mark crossings: the grid is a stack of uniform colour bands (rows of one colour each, or columns of one
colour each); a cell of the mark colour inside a band draws a line of the mark colour straight across that
band.

Graph: for bands along rows, each row's band is its non-mark colour: one Einsum counts each colour's cells per
row (colours in slots, the mark colour in slot 0 so that a row off the grid, all zero, takes it), ArgMax gives
the row's slot; a second Einsum gives per slot the columns holding a mark in a row of that colour (> 0), and
one Gather of that [10,30] bool table by the rows' slots is the [30,30] line plane, with no [30,30] float sum.
Bands along columns are the same, transposed (the table laid out [row, slot], gathered along slots). The
orientation is the rule's: bands along rows exactly when the top row holds one non-mark colour; a scalar flag
weights the two tables (the other one is all false), an Or joins the planes, and one Where paints the mark
colour into `input`.

Products variant (`:products`, tried first): no plane at all; the lines are products of input sums inside the
one Einsum that writes `output` (see `build_products`).
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

    def candidates(self, examples):
        plan = self.fit(examples)
        if plan is not None:
            yield self.name + ":products", self.build_products(plan)
            yield self.name, self.build(plan)

    def build_products(self, plan):
        """One Einsum writes the output as products of input sums, with no plane stored. A cell keeps its colour
        with weight c = 10 (H W)^2 (mode 0, every slot) and turns to the mark colour where L > 0 (weight 1e5 L
        outweighs c): along rows L = sum_b cnt[b,y] H Mk[b,x], cnt[b,y] the band colour b's cells in row y and
        Mk[b,x] = sum_r mark[r,x] cnt[b,r] (> 0 where band b holds a mark in column x); along columns the
        transpose. Each factor is one sum over a pair of input copies, sum in[a,y,c] in[e,s,c] S[o,q,a] S'[o,q,e]
        (per mode o and band slot q), each selection S a per-mode pick of three shared slot routes (a kept
        colour per slot, the mark colour, every colour), and the mode weights (1, horiz, vert) switch on the
        orientation's L only. Counts are exact integers, so L is 0 off the lines; for W, H >= 10 across the bands
        (the generator's widths are 10..20, its heights at most 30), 1e5 (W-2)^2 H > 10 (H W)^2."""
        mark = plan
        g = Graph()
        keep = np.ones(10, np.float32)
        keep[mark] = 0
        half = g.const(np.float32(0.5), name="half")
        top = np.zeros(30, np.float32)
        top[0] = 1
        top_counts = g.Einsum(g.input, g.const(top, name="top_row"), g.const(keep, name="keep"),
                              equation="bkij,i,k->bk", name="top_row_counts")                   # [1,10]
        top_colours = g.ReduceSum(g.Cast(g.Greater(top_counts, half), to=1, name="top_present"), axes=[1],
                                  keepdims=0, name="top_colours")                                 # [1]
        horiz = g.Cast(g.Equal(top_colours, g.const(np.float32([1]), name="one")), to=1, name="horiz")
        vert = g.Sub(g.const(np.float32([1]), name="one"), horiz, name="vert")
        modes = g.Concat(g.const(np.float32([1]), name="one"), horiz, vert, axis=0, name="mode_weights")  # [3]
        eye, ones = np.diag(keep), np.ones((10, 10), np.float32)
        marks = np.zeros((10, 10), np.float32)
        marks[:, mark] = 1                                   # [slot, colour]: the mark colour in every slot
        # per mode (keep, along rows, along columns): P[q,y] = sum in[a,y,c] in[e,s,c] Sa[q,a] Sb[q,e],
        # Q[q,x] = sum in[f,t,x] in[h,t,u] Sc[q,f] Sd[q,h]
        routes = np.stack([eye, marks, ones])               # [route, slot, colour]
        pick = {"a": (2, 0, 1), "b": (2, 2, 0), "c": (2, 1, 0), "d": (2, 0, 2)}   # each selection's route per mode
        picks = {k: g.const(np.eye(3, dtype=np.float32)[list(v)], name=f"pick_{k}") for k, v in pick.items()}   # [mode, route]
        hole = np.zeros((10, 10), np.float32)                # [out colour, in colour]: a kept colour turns mark
        hole[mark] = keep
        hole -= np.diag(keep)
        moves = np.stack([np.eye(10, dtype=np.float32), 1e5 * hole])
        move_modes = np.array([[1, 0], [0, 1], [0, 1]], np.float32)
        routes = g.const(routes, name="slot_routes")
        return g.model(g.Einsum(g.input, routes, picks["b"], g.input, routes, picks["a"], routes, picks["d"], g.input,
                                g.input, routes, picks["c"], g.input, g.const(moves, name="moves"),
                                g.const(move_modes, name="move_modes"), modes,
                                equation="nesc,iqe,oi,nayc,jqa,oj,lqh,ol,nhtu,nftx,mqf,om,nzyx,pkz,op,o->nkyx"))

    def build(self, plan):
        mark = plan
        g = Graph()
        keep = np.ones(10, np.float32)
        keep[mark] = 0
        pick = np.zeros(10, np.float32)
        pick[mark] = 1
        keep_c, pick_c = g.const(keep, name="keep"), g.const(pick, name="pick")
        half = g.const(np.float32(0.5), name="half")
        # bands along rows exactly when the top row holds one non-mark colour (as the rule reads it)
        top = np.zeros(30, np.float32)
        top[0] = 1
        top_counts = g.Einsum(g.input, g.const(top, name="top_row"), keep_c, equation="bkij,i,k->bk",
                              name="top_row_counts")                                   # [1,10]
        top_colours = g.ReduceSum(g.Cast(g.Greater(top_counts, half), to=1,
                                         name="top_present"), axes=[1], keepdims=0, name="top_colours")   # [1]
        horiz = g.Cast(g.Equal(top_colours, g.const(np.float32([1]), name="one")), to=1, name="horiz")
        vert = g.Sub(g.const(np.float32([1]), name="one"), horiz, name="vert")
        # colour slots: slot 0 the mark colour (weight 0), the others one slot each, so a line off the grid
        # (all counts 0) takes slot 0 in ArgMax, whose band has no marks
        slots = np.zeros((10, 10), np.float32)
        others = [k for k in range(10) if k != mark]
        slots[others, np.arange(1, 10)] = 1
        slots_c = g.const(slots, name="slots")
        # bands along rows: each row's band slot (ArgMax of its counts), the marked columns of each band slot
        # (> 0: a mark in some row of that band), and one Gather gives each row its band's columns
        row_counts = g.Einsum(g.input, slots_c, equation="bkrj,kq->qr", name="row_counts")          # [10,30]
        row_band = g.ArgMax(row_counts, axis=0, keepdims=0, name="row_band")                        # [30]
        band_cols = g.Einsum(row_counts, g.input, pick_c, horiz, equation="qs,bmsc,m,z->qc",
                             name="band_cols")                                                      # [10,30]
        band_cols = g.Greater(band_cols, half, name="band_marked_cols")
        hlines = g.Gather(band_cols, row_band, axis=0, name="hlines")                               # [30,30]
        # bands along columns, the same with rows and columns swapped (laid out [row, slot] for the Gather)
        col_counts = g.Einsum(g.input, slots_c, equation="bkic,kq->qc", name="col_counts")
        col_band = g.ArgMax(col_counts, axis=0, keepdims=0, name="col_band")
        band_rows = g.Einsum(col_counts, g.input, pick_c, vert, equation="qd,bmrd,m,z->rq", name="band_rows")
        band_rows = g.Greater(band_rows, half, name="band_marked_rows")
        vlines = g.Gather(band_rows, col_band, axis=1, name="vlines")                               # [30,30]
        lines = g.Or(hlines, vlines, name="lines")
        paint = pick.reshape(1, 10, 1, 1)
        return g.model(g.Where(lines, g.const(paint, name="paint"), g.input))
