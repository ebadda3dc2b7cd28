"""The gap between two cells of one colour on the same row and/or column is painted a fixed colour (a line
joining the pair), over every cell or over the background only.

"A mark at or left of me" is one uint8 MaxPool with a 1x30 kernel padded 29 on the left (likewise
right, up, down); between = Min(left, right) per axis, Max over the axes; one Where writes the output.

Cheaper variant on the examples' largest extent H x W (fitted on train and arc-gen, so the extent is the
generator's as far as its examples show; exact for every grid within it, and the build keeps it only if it
passes the fresh examples too): the same graph on the H x W corner of the channels it reads, and the bool
paint mask padded to the canvas.

Einsum variant (`build_einsum`): one Einsum reads `input` and writes `output`, no intermediate tensor at all
(its cost is its ~2,000 weights, whatever the grid's size). A cell at (i, j) lies between two marks on its
row when sum_{p,q} m[i,p] m[i,q] [p <= j] [j <= q] > 0 (on its column likewise); per term k (the cell
itself, its row, its column) that count is two factors, each sum_{p,q} m[p,q] P_k[p,i] Q_k[q,j] with P, Q
the identity or the triangular matrix (picked from one stacked pair; the second factor reads the pair
transposed). The term "itself" counts every cell once (m = any colour, identity both ways) and keeps the
input; the other terms, S = the number of mark pairs around the cell, move an allowed cell's colour to the
paint colour: channel c gets input[c] (1 - S) + [c = paint] S, which is > 0 on exactly the right channel.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import N
from ._graphs import paint_colour
from ._grids import edits_in_place
from ._spans import AXES, between, span


def paint_between(grid, mark, paint, axes, bg_only):
    m = between(grid == mark, AXES[axes]) & (grid != mark)
    if bg_only:
        m &= grid == 0
    out = grid.copy()
    out[m] = paint
    return out


class RaysBetween(Solver, name="rays_between", tasks=("task050", "task258", "task350", "task356"), refuses="task016",
                 fit_splits=("train", "arc-gen")):
    """Same-shape grids where the gap between two cells of one colour on the same row and/or column is painted with a
    fixed colour (a line joining the pair)."""

    def plans(self, examples):
        if not edits_in_place(examples):
            return
        colours = set(np.concatenate([o[i != o] for i, o in examples]).tolist())
        if len(colours) == 1:
            paint = colours.pop()
            for axes in AXES:
                for mark in range(10):
                    for bg_only in (False, True):
                        yield mark, paint, axes, bg_only

    def rule(self, plan, grid):
        return paint_between(grid, *plan)

    def candidates(self, examples):
        yield from self.with_corner_variant(examples, lambda plan, h, w: self.build(plan, (h, w)))
        plan = self.fit(examples)
        if plan is not None:
            yield f"{self.name}:einsum", self.build_einsum(plan)

    def build_einsum(self, plan):
        """`output` from one Einsum of `input` (see the module's docstring): terms k = itself, row, column."""
        mark, paint, axes, bg_only = plan
        terms = ["itself"] + {"rows": ["row"], "cols": ["col"], "both": ["row", "col"]}[axes]
        g = Graph()
        # [2,30,30]: "same line" and "at or before" (upto[p, j] = p <= j; read as [j, q], j <= q)
        lines = g.const(np.stack([np.eye(N, dtype=np.float32), np.triu(np.ones((N, N), np.float32))]),
                        name="same_or_upto")
        first = {"itself": 0, "row": 0, "col": 1}      # per term, the matrix on the rows (p, i)
        second = {"itself": 0, "row": 1, "col": 0}     # and on the columns (q, j)
        eye2 = np.eye(2, dtype=np.float32)
        on_rows = g.const(eye2[[first[t] for t in terms]], name="rows_matrix")
        on_cols = g.const(eye2[[second[t] for t in terms]], name="cols_matrix")
        kind = g.const(eye2[[0 if t == "itself" else 1 for t in terms]], name="term_kind")       # [K, 2]
        allowed = np.array([d != mark and (d == 0 or not bg_only) for d in range(10)], np.float32)   # cells painted
        counted = g.const(np.stack([np.ones(10, np.float32), np.float32(np.arange(10) == mark)]),
                          name="counted_colours")                                                 # [2, 10]
        eye = np.eye(10, dtype=np.float32)
        recolour = g.const(np.stack([eye, allowed * (eye[paint][:, None] - eye)]), name="recolour")   # [2, c, d]
        # operands ordered so that ONNX Runtime's left-to-right contraction keeps its temporaries small
        equation = "kt,tpi,ka,ae,zepq,ks,sqj,kv,vir,kb,bf,zfru,kw,wju,kx,xcd,zdij->zcij"
        return g.model(g.Einsum(on_rows, lines, kind, counted, g.input, on_cols, lines,
                                on_rows, lines, kind, counted, g.input, on_cols, lines,
                                kind, recolour, g.input, equation=equation))

    def build(self, plan, extent=(N, N)):
        """The graph on the extent's top-left corner (the full canvas by default)."""
        mark, paint, axes, bg_only = plan
        h, w = extent
        g = Graph()
        if (h, w) == (N, N):
            pick = lambda c, n: g.Cast(g.Slice(g.input, g.ints([c]), g.ints([c + 1]), g.ints([1]), name=n + "_f"),
                                       to=2, name=n)
        else:
            pick = lambda c, n: g.Cast(g.Slice(g.input, g.ints([c, 0, 0]), g.ints([c + 1, h, w]),
                                               g.ints([1, 2, 3]), name=n + "_f"), to=2, name=n)
        marks = pick(mark, "marks")                                   # uint8 [1,1,h,w]
        spans = [span(g, marks, ax, "marks", (h, w)[ax]) for ax in AXES[axes]]
        between_any = spans[0] if len(spans) == 1 else g.Max(*spans, name="between_any")
        if bg_only:     # between and background
            hole = g.Cast(g.Min(between_any, pick(0, "background"), name="between_bg"), to=9, name="paint_here")
        else:           # between and not a mark
            hole = g.Greater(between_any, marks, name="paint_here")
        if (h, w) != (N, N):
            hole = g.Pad(hole, g.ints([0, 0, 0, 0, 0, 0, N - h, N - w], name="to_canvas"), name="paint_canvas")
        return g.model(g.Where(hole, paint_colour(g, paint), g.input))
