"""Every colour joins its own pairs: a background cell between two cells of colour c on a row (column)
becomes c; with both axes, the first axis in the plan wins where both would paint.

Per colour channel, two uint8 MaxPools along the axis and their Min mark the spans; where any colour
spans a background cell the span's channels are written, one Where per axis. A cheaper variant for grids
whose colours come in pairs (`build_pairs`) works on colour code planes from one Einsum per axis; with both
axes, `build_pairs_one` folds them (the first axis's win a product term) into one Einsum compared into `output`.
"""
from __future__ import annotations

import numpy as np
from onnx import TensorProto

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import N
from ._grids import edits_in_place
from ._spans import AXES, between, span

ORDERS = (("rows",), ("cols",), ("cols", "rows"), ("rows", "cols"))


def join_own(grid, order, bg):
    """None where two colours span one background cell along an axis (the graph would write both)."""
    out = grid.copy()
    for axes in order:
        spans = np.array([between(grid == c, AXES[axes]) & (grid == bg) & (c != bg) for c in range(10)])
        if (spans.sum(0) > 1).any():
            return None
        free = out == bg
        for c in range(10):
            out[spans[c] & free] = c
    return out


class RaysBetweenOwn(Solver, name="rays_between_own", tasks=("task041", "task045", "task092", "task356"),
                     refuses="task350"):
    """Same-shape grids where each colour draws a line of its own colour between any two of its cells on the same row
    and/or column (background cells only)."""

    def plans(self, examples):
        bg = 0
        if edits_in_place(examples) and not np.any(np.concatenate([i[i != o] for i, o in examples]) != bg):
            for order in ORDERS:
                yield bg, order

    def rule(self, plan, grid):
        bg, order = plan
        return join_own(grid, order, bg)

    def build(self, plan):
        bg, order = plan
        g = Graph()
        cells = g.Cast(g.input, to=2, name="cells")                         # uint8 [1,10,30,30]
        keep = np.ones((1, 10, 1, 1), np.uint8)
        keep[0, bg] = 0
        marks = g.Min(cells, g.const(keep, name="not_bg"), name="marks")   # background channel off
        background = g.Slice(cells, g.ints([bg]), g.ints([bg + 1]), g.ints([1]), name="background")
        result = cells
        for axes in reversed(order):        # the first axis is applied last, so it wins
            spans = span(g, marks, AXES[axes][0], axes)                        # per colour
            anyspan = g.ReduceMax(spans, axes=[1], keepdims=1, name=f"any_{axes}")
            paint = g.Cast(g.Min(anyspan, background, name=f"paint_{axes}_u8"), to=9, name=f"paint_{axes}")
            result = g.Where(paint, spans, result, name="painted")
        return g.model(result)

    def candidates(self, examples):
        plan = self.fit(examples)
        if plan is not None:
            yield self.name, self.build(plan)
            yield f"{self.name}:pairs", self.build_pairs(plan)
            if len(plan[1]) == 2:
                yield f"{self.name}:pairs_one", self.build_pairs_one(plan)

    def build_pairs(self, plan):
        """For grids where no colour has more than two cells on one row or column (task092's generator draws
        each colour as one pair of cells): a colour code plane per axis from one Einsum, no per-colour planes.

        Along a line, L_c (cells of colour c at or before a cell) and R_c (at or after) come from one [30,30]
        triangular matrix used both ways; with at most two c cells on the line, L_c R_c is 1 exactly on the
        cells strictly between them (2 on the pair itself), so sum_c c L_c R_c, masked by the background
        channel, is the colour spanning a background cell (0 where none does). The first axis's code wins
        where it is set; elsewhere the input's colour code (colour + 1, 0 outside the grid) plus the other
        axis's; all in uint8 after the Einsums, and one Equal against 1..10 writes the output. The code is a
        second term (k = 1) of the last axis's Einsum: identity matrices in place of the triangular ones and an
        all-ones channel mask give sum_c (c + 1) x_c, so no code plane is read separately."""
        bg, order = plan
        g = Graph()
        u8 = TensorProto.UINT8
        # term k = 0: the span (triangular matrix both ways, background cells only); k = 1: the input's colour
        # code (identity both ways, every grid cell), so one Einsum adds the code to the last axis's span
        upto = g.const(np.stack([np.triu(np.ones((N, N), np.float32)), np.eye(N, dtype=np.float32)]),
                       name="at_or_before")                                                 # [k, p, x]
        mask = g.const(np.stack([np.float32(np.arange(10) == bg), np.ones(10, np.float32)]), name="cell_masks")
        equations = {"rows": "bcip,kpj,bciq,kjq,kc,bmij,km->bij", "cols": "bcpj,kpi,bcqj,kiq,kc,bmij,km->bij"}

        def span(axes, weight, code, name):
            """[1,30,30] uint8: weight[c] on the background cells colour c spans along the axis, plus the
            colour code (colour + 1, 0 off the grid) where `code`."""
            weight[bg] = 0
            weights = np.stack([weight, np.arange(10) + 1.0 if code else np.zeros(10)]).astype(np.float32)
            return g.Cast(g.Einsum(g.input, upto, g.input, upto, g.const(weights, name=name),
                                   g.input, mask, equation=equations[axes], name=f"span_{axes}_f"),
                          to=u8, name=f"span_{axes}")

        # the last axis adds the span's colour to the background's code (bg is 0: code 1 + c); the first,
        # where it paints, writes the code c + 1 itself
        painted = span(order[-1], np.arange(10) - bg, True, "span_values")
        if len(order) == 2:
            first = span(order[0], np.arange(10) + 1.0, False, "span_codes")
            painted = g.Where(g.Cast(first, to=TensorProto.BOOL, name="first_axis_paints"), first, painted,
                              name="painted_first")
        return g.model(g.Equal(painted, g.const(np.arange(1, 11, dtype=np.uint8).reshape(1, 10, 1, 1),
                                                name="codes")))

    def build_pairs_one(self, plan):
        """Both axes of `build_pairs` in one float Einsum, compared with the codes straight into `output`: no
        uint8 planes, no Where. With F (1 where a first-axis span covers a background cell, sum_c L_c R_c) and
        the first axis's colour c1 and the last's c2 there, the code is
        code + (c2 - bg) + F (c1 - bg) - F (c2 - bg): c1 + 1 where the first axis paints (it wins), c2 + 1 where
        only the last does, the input's code elsewhere. Each term k is a product of a first-axis factor and a
        last-axis factor (each sum_c w[k, a, c] (x_c U_a)(x_c U_a'), a picking the triangular or the identity
        matrix) and a cell mask; a factor of all-ones weights through the identity is 1 on every grid cell."""
        bg, (first, last) = plan
        g = Graph()
        upto = g.const(np.stack([np.triu(np.ones((N, N), np.float32)), np.eye(N, dtype=np.float32)]),
                       name="at_or_before")                                                 # [a, p, x]
        tri, eye = 0, 1
        span_w = np.arange(10, dtype=np.float32) - bg
        span_w[bg] = 0
        in_span = np.float32(np.arange(10) != bg)
        ones, bg_only = np.ones(10, np.float32), np.float32(np.arange(10) == bg)
        first_w, last_w, mask = (np.zeros((4, 2, 10), np.float32), np.zeros((4, 2, 10), np.float32),
                                 np.zeros((4, 10), np.float32))
        first_w[0, eye], last_w[0, eye], mask[0] = ones, np.arange(10) + 1, ones       # the input's code
        first_w[1, eye], last_w[1, tri], mask[1] = ones, span_w, bg_only               # + (c2 - bg)
        first_w[2, tri], last_w[2, eye], mask[2] = span_w, ones, bg_only               # + F (c1 - bg)
        first_w[3, tri], last_w[3, tri], mask[3] = in_span, -span_w, bg_only           # - F (c2 - bg)

        def factor(axes, c, a, p, q):
            """Einsum terms of L_c R_c along `axes` (channel letter c, matrix letter a, dummies p, q)."""
            if axes == "rows":
                return f"b{c}i{p},{a}{p}j,b{c}i{q},{a}j{q}"
            return f"b{c}{p}j,{a}{p}i,b{c}{q}j,{a}i{q}"

        equation = f"{factor(first, 'c', 'a', 'p', 'q')},kac,{factor(last, 'd', 'e', 'r', 's')},ked,bmij,km->bij"
        x = g.input
        code = g.Einsum(x, upto, x, upto, g.const(first_w, name="first_axis_weights"),
                        x, upto, x, upto, g.const(last_w, name="last_axis_weights"),
                        x, g.const(mask, name="cell_masks"), equation=equation, name="code")   # [1,30,30] float
        return g.model(g.Equal(code, g.const(np.arange(1, 11, dtype=np.float32).reshape(1, 10, 1, 1),
                                             name="codes")))
