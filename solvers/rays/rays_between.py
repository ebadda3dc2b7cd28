"""The gap between two cells of one colour on the same row and/or column is painted a fixed colour (a line
joining the pair), over every cell or over the background only.

"A mark at or left of me" is one uint8 MaxPool with a 1x30 kernel padded 29 on the left (likewise
right, up, down); between = Min(left, right) per axis, Max over the axes; one Where writes the output.

Cheaper variant on the examples' largest extent H x W (fitted on train and arc-gen, so the extent is the
generator's as far as its examples show; exact for every grid within it, and the build keeps it only if it
passes the fresh examples too): the same graph on the H x W corner of the channels it reads, and the bool
paint mask padded to the canvas.

Einsum variant (`build_einsum`): one Einsum reads `input` and writes `output`, no intermediate tensor at all
(its cost is its ~1,100 weights, whatever the grid's size). A cell at (i, j) lies between two marks on its
row when L R > 0, L = sum_q m[i,q] [q <= j] (marks at or before it), R = sum_q m[i,q] [j <= q]; on its column
likewise (U D). Every term is the product of the four factors L, R, U, D read through one triangular matrix;
a factor a term does not need counts every grid cell instead of the marks, a positive integer there (j + 1,
W - j, i + 1, H - i). The term "itself" (no factor on marks, at most 15.5^4 < 2^16) keeps the input's colour;
the row and column terms (>= 1 where the cell is between marks) move an allowed cell's colour to the paint
colour with weight 2^16: channel c gets input[c] (itself - 2^16 S) + [c = paint] 2^16 S, > 0 on exactly the
right channel (all terms are integers, exact or far from 0 in float32).

Two-colour Einsum variant (`build_einsum` with `two_colours`), when every input the fit sees holds only the
background and the mark colour: the colour table reads the cell through the same [2, 10] "counted" rows
(a grid cell, a mark), a [2, 2, 10] table of signs instead of the [2, 10, 10] recolouring. A background cell
gets itself (2[c = 0] - 1) + 2^16 S (2[c = paint] - 1); a mark cell, where S >= 1 always (the mark counts on
both sides of itself), adds 2^16 S (2[c = mark] - 2[c = paint]), so its S part is 2[c = mark] - 1.

Small grids (the generator's bound n < 15 on both axes): only lines below n hold marks and only cells below n
are drawn, so each [30, 30] triangle factors through n lines, [q <= j] = sum_t [q = t] [t <= j] (t < n): an
[30, n] identity and an [n, 30] triangle, 60 n weights where the triangle held 900.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver, corner_extent
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
            if set(np.unique(np.concatenate([i.ravel() for i, _ in examples])).tolist()) <= {0, plan[0]}:
                yield f"{self.name}:einsum_two_colours", self.build_einsum(plan, two_colours=True)
            yield f"{self.name}:einsum", self.build_einsum(plan)
            n = max(corner_extent(examples))
            if 60 * n < N * N:
                two = set(np.unique(np.concatenate([i.ravel() for i, _ in examples])).tolist()) <= {0, plan[0]}
                yield f"{self.name}:einsum_lines{n}", self.build_einsum(plan, two_colours=two, lines=n)

    def build_einsum(self, plan, two_colours=False, lines=N):
        """`output` from one Einsum of `input` (see the module's docstring): terms k = itself, row, column;
        `two_colours` for inputs of only the background and the mark colour; `lines` < 30: grids within that
        many lines, each triangle an identity onto them times an [n, 30] triangle."""
        mark, paint, axes, bg_only = plan
        terms = ["itself"] + {"rows": ["row"], "cols": ["col"], "both": ["row", "col"]}[axes]
        g = Graph()
        if lines < N:       # upto[q, j] = sum_t onto[q, t] from_line[t, j] (t < lines)
            onto = g.const(np.eye(N, lines, dtype=np.float32), name=f"onto_{lines}")
            from_line = g.const(np.triu(np.ones((lines, N), np.float32)), name=f"upto_{lines}")
        else:
            upto = g.const(np.triu(np.ones((N, N), np.float32)), name="upto")          # upto[q, j] = q <= j
        counted = g.const(np.stack([np.ones(10, np.float32), np.float32(np.arange(10) == mark)]),
                          name="counted_colours")                                         # [2, 10]: cells, marks
        eye2 = np.eye(2, dtype=np.float32)
        on_row = g.const(eye2[[int(t == "row") for t in terms]], name="row_counts")       # [K, 2]
        on_col = g.const(eye2[[int(t == "col") for t in terms]], name="col_counts")
        kind = g.const(eye2[[int(t != "itself") for t in terms]], name="term_kind")
        # L, R along the row (i, q), U, D along the column (p, j), then the colour at (i, j)
        if lines < N:       # each pair [q <= j] through line t (l, m, n, o): onto[q, t] from_line[t, j]
            counts = "ka,ae,zeiq,ql,lj,kb,bf,zfir,jm,mr,kc,cg,zgpj,pn,ni,kd,dh,zhsj,io,os,kx,"
            upto = [onto, from_line]
        else:
            counts = "ka,ae,zeiq,qj,kb,bf,zfir,jr,kc,cg,zgpj,pi,kd,dh,zhsj,is,kx,"
            upto = [upto]
        operands = [on_row, counted, g.input, *upto, on_row, counted, g.input, *upto,
                    on_col, counted, g.input, *upto, on_col, counted, g.input, *upto, kind]
        eye = np.eye(10, dtype=np.float32)
        if two_colours:     # the cell's class t: a grid cell, a mark
            sign = 2 * eye - 1
            colour_signs = np.zeros((2, 2, 10), np.float32)
            colour_signs[0] = [sign[0], 65536 * sign[paint]]
            colour_signs[1, 1] = 65536 * 2 * (eye[mark] - eye[paint])
            return g.model(g.Einsum(*operands, g.const(colour_signs, name="colour_signs"), counted, g.input,
                                    equation=counts + "txy,tv,zvij->zyij"))
        allowed = np.float32([d != mark and (d == 0 or not bg_only) for d in range(10)])    # cells painted
        recolour = g.const(np.stack([eye, 65536 * allowed * (eye[paint][:, None] - eye)]), name="recolour")
        return g.model(g.Einsum(*operands, recolour, g.input, equation=counts + "xyw,zwij->zyij"))

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
