"""Stretch box: a framed box (frame colour F, filling colour I) and a one-cell marker; the output is the
bounding box of all ink redrawn as a frame of F filled with I (the box stretches out to the marker).

Each colour's row count is the sum of its row profile; row/column spans
(triangular Einsums) of the ink lines (rows from the per-colour row profile, columns from
one Einsum of the input) give the new box and, clipped once more, its inside;
F is the colour on more rows; one Einsum over three rank-one terms writes the output.
Where every fit grid (train and arc-gen) fits a corner of at most 15 x 15, a variant measures spans on that
corner only: the row profile from a 2-tap dilated MaxPool, the corner's lines placed on the canvas by a
[30, side] embedding inside the last Einsum. A cells variant (exact for the generator's boxes) takes F as the
colour with more cells: no per-colour row profile, the rows read like the columns.
"""
from __future__ import annotations

import numpy as np
from onnx import TensorProto

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import same_shape


def stretch(grid, marker):
    """The box of all ink, framed in F and filled with I; F is the colour on more rows (as the graph counts
    them: a solid frame is on every row of the box, its filling on all but two)."""
    cols = [c for c in np.unique(grid) if c not in (0, marker)]
    if len(cols) != 2 or (grid == marker).sum() != 1:
        return None
    spans = {c: (grid == c).any(axis=1).sum() for c in cols}
    f, i = sorted(cols, key=lambda c: -spans[c])
    if spans[f] == spans[i]:
        return None
    rr, cc = np.nonzero(grid)
    out = np.zeros_like(grid)
    out[rr.min():rr.max() + 1, cc.min():cc.max() + 1] = f
    out[rr.min() + 1:rr.max(), cc.min() + 1:cc.max()] = i
    return out


class StretchBox(Solver, name="stretch_box", tasks=("task281",), refuses="task136", aliases=("c4_stretchbox",),
                 fit_splits=("train", "arc-gen")):
    """A framed box and a one-cell marker: the bounding box of all ink is redrawn as the frame colour filled with the
    inner colour."""

    def plans(self, examples):
        if same_shape(examples):
            yield from (m for m in range(1, 10) if all((i == m).sum() == 1 for i, _ in examples))

    def rule(self, marker, grid):
        return stretch(grid, marker)

    def candidates(self, examples):
        """The graph, and the one on the top-left side x side corner (side: the largest grid of the fit examples,
        train and arc-gen) when that is at most 15."""
        plan = self.fit(examples)
        if plan is None:
            return
        yield self.name, self.build(plan)
        side = max(max(i.shape) for i, _ in examples)
        if side <= 15:
            yield f"{self.name}:crop{side}", self.build(plan, side)
            yield f"{self.name}:crop{side}_cells", self.build(plan, side, by_cells=True)

    def build(self, marker, side=30, by_cells=False):
        """by_cells: the frame colour is the one with more cells (exact for the generator's boxes, of side 3..5
        before stretching: a frame's 2 (h + w) - 4 cells always outnumber its filling's (h - 2) (w - 2)), so no
        per-colour row profile is built."""
        g = Graph()
        n = side
        f = lambda v, name: g.const(np.asarray(v, np.float32), name=name)
        # after the input reads, float16 (line counts and cumulative sums up to 30 * 30: exact integers)
        h = lambda v, name: g.const(np.asarray(v, np.float16), name=name)
        tri = h(np.triu(np.ones((n, n))), "upto")
        one = h(1, "one")
        ink = (np.arange(10) > 0).astype(np.float32)
        box = ink.copy()
        box[marker] = 0
        spans = {}
        for t, other in (("i", 3), ("j", 2)):
            if t == "i" and not by_cells:     # per-colour row counts (they pick the frame colour), ink rows
                if n < 30:    # rows of the corner: a 2-tap MaxPool whose second tap (30 - n on) is off every grid
                    prof = g.MaxPool(g.input, kernel_shape=[2, 30], dilations=[30 - n, 1], name="profile4_i")
                else:
                    prof = g.ReduceMax(g.input, axes=[other], keepdims=1, name=f"profile_{t}")
                grid = g.ReduceMax(prof, axes=[1, 3], keepdims=0, name="grid_i")                  # [1,n]
                # [1,10,n,1], kept 4-D (no reshaped copy); each colour's number of rows (0 if absent)
                each = g.Cast(g.ReduceSum(prof, axes=[2, 3], keepdims=0, name="colour_rows"), to=TensorProto.FLOAT16,
                              name="colour_span")                                                  # [1,10]
                ink_line = g.Einsum(prof, f(ink, "ink"), equation="bclx,c->bl", name=f"ink_{t}")
            else:             # grid lines, and ink cells per line: one Einsum of the input
                grid = g.ReduceMax(g.input, axes=[1, other], keepdims=0, name=f"grid_{t}")
                each = None
                if t == "i":  # by_cells: each colour's number of cells
                    each = g.Cast(g.ReduceSum(g.input, axes=[2, 3], keepdims=0, name="colour_cells"),
                                  to=TensorProto.FLOAT16, name="colour_span")                      # [1,10]
                ink_line = g.Einsum(g.input, f(ink, "ink"), equation=f"bcij,c->b{t}", name=f"ink_{t}")
                if n < 30:
                    ink_line = g.Slice(ink_line, g.ints([0], name="zero1"), g.ints([n], name="side1"),
                                       g.ints([1], name="axis1"), name=f"ink_corner_{t}")
            ink_line = g.Cast(ink_line, to=TensorProto.FLOAT16, name=f"ink_{t}_f16")
            ink_f = g.Einsum(ink_line, tri, equation="bl,lm->bm", name=f"ink_before_{t}")
            ink_b = g.Einsum(ink_line, tri, equation="bl,ml->bm", name=f"ink_after_{t}")
            outer = g.Min(ink_f, ink_b, one, name=f"box_{t}")
            # inside: at least one box row before and after (cumulative span count >= 2 both ways)
            cf = g.Einsum(outer, tri, equation="bl,lm->bm", name=f"box_before_{t}")
            cb = g.Einsum(outer, tri, equation="bl,ml->bm", name=f"box_after_{t}")
            inner = g.Min(g.Relu(g.Sub(cf, one, name=f"cf1_{t}"), name=f"cf_on_{t}"),
                          g.Relu(g.Sub(cb, one, name=f"cb1_{t}"), name=f"cb_on_{t}"), one, name=f"inner_{t}")
            spans[t] = (outer, inner, grid, each)
        size = g.Mul(spans["i"][3], h(box[None], "box_colours"), name="row_span_len")
        present = g.Cast(g.Cast(size, to=TensorProto.BOOL, name="present_b"), to=TensorProto.FLOAT16,
                         name="present")
        frame = g.Cast(g.Equal(size, g.ReduceMax(size, axes=[1], keepdims=1, name="longest"), name="is_f"),
                       to=TensorProto.FLOAT16, name="frame_colour")
        fill = g.Sub(present, frame, name="fill_colour")
        e0 = h(np.eye(10)[0], "e0")
        colours = g.Concat(g.Unsqueeze(g.Sub(frame, e0, name="t1_c"), axes=[1], name="t1"),
                           g.Unsqueeze(g.Sub(fill, frame, name="t2_c"), axes=[1], name="t2"),
                           g.Unsqueeze(g.Unsqueeze(e0, axes=[0], name="e0_b"), axes=[1], name="t3"),
                           axis=1, name="term_colours")                                            # [1,3,10]
        lines = {}
        for t in "ij":
            outer, inner, grid, _ = spans[t]
            if n < 30 and (t == "j" or by_cells):   # the grid lines of the corner only; the Einsum places them on the canvas
                grid = g.Slice(grid, g.ints([0], name="zero1"), g.ints([n], name="side1"), g.ints([1], name="axis1"),
                               name=f"grid_corner_{t}")
            grid = g.Cast(grid, to=TensorProto.FLOAT16, name=f"grid_{t}_f16")
            lines[t] = g.Concat(*[g.Unsqueeze(x, axes=[1], name=f"{x}_k") for x in (outer, inner, grid)], axis=1,
                                name=f"terms_{t}")                                               # [1,3,n]
        if n < 30:
            embed = h(np.eye(30, n), "embed")                    # corner line -> canvas line
            return g.model(g.Einsum(colours, lines["i"], lines["j"], embed, embed,
                                    equation="bkc,bki,bkj,ri,sj->bcrs"))
        return g.model(g.Einsum(colours, lines["i"], lines["j"], equation="bkc,bki,bkj->bcij"))
