"""Barnacle stripes: a box of frame colour A (two cells thick) holds a solid inner rectangle of colour B; a few
B cells (barnacles) sit on the frame ring next to the inner rectangle. Each barnacle marks the inner row or
column it lines up with: that line turns A inside the inner rectangle and B outside the box (across the whole
grid), and the barnacles themselves become frame again.

The inner rows are the rows holding more than three B cells, the inner columns likewise: the generator draws
an inner rectangle at least 4 cells wide and tall and at most 3 barnacles, so the rule answers None beyond.

Graph (row and column vectors only): the box's first row and column (ArgMax of the foreground profiles) locate
the frame corner (colour A; B is the other foreground colour); Einsums with the B colour vector give B's row and
column counts (> 3.5: inner) and, with the non-inner rows (columns) as a third operand, the barnacle columns
(rows). Each cell's class is a polynomial in those row and column indicators (bools cast to float16), so one
float16 Einsum writes `output` (see `build`).
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import same_shape

MOST_BARNACLES = 3     # the generator draws 2 or 3; its inner rectangle is at least 4 x 4


def stripes(grid: np.ndarray, bg: int):
    fg = grid != bg
    if not fg.any():
        return None
    rows, cols = np.nonzero(fg)
    r0, r1, c0, c1 = rows.min(), rows.max(), cols.min(), cols.max()
    if not fg[r0:r1 + 1, c0:c1 + 1].all() or r1 - r0 < 7 or c1 - c0 < 7:
        return None
    a, b = int(grid[r0, c0]), int(grid[r0 + 2, c0 + 2])
    if a == b or not np.isin(grid, (bg, a, b)).all():
        return None
    bm = grid == b
    inner_r = bm.sum(axis=1) > MOST_BARNACLES
    inner_c = bm.sum(axis=0) > MOST_BARNACLES
    if not (np.array_equal(np.nonzero(inner_r)[0], np.arange(r0 + 2, r1 - 1))
            and np.array_equal(np.nonzero(inner_c)[0], np.arange(c0 + 2, c1 - 1))):
        return None
    inner = inner_r[:, None] & inner_c[None, :]
    if not bm[inner].all() or (bm & ~inner).sum() > MOST_BARNACLES:
        return None
    mark_c = (bm & ~inner_r[:, None]).any(axis=0) & inner_c
    mark_r = (bm & ~inner_c[None, :]).any(axis=1) & inner_r
    if (bm & ~inner & ~inner_r[:, None] & ~inner_c[None, :]).any():
        return None       # a barnacle off every inner row and column: no line to mark
    line = mark_r[:, None] | mark_c[None, :]
    out = np.full_like(grid, bg)
    out[line] = b
    out[r0:r1 + 1, c0:c1 + 1] = a
    out[inner & ~line] = b
    return out


class BarnacleStripes(Solver, name="barnacle_stripes", tasks=("task383",), refuses="task137",
                      fit_splits=("train", "arc-gen")):
    """A two-thick frame box around a solid inner rectangle; frame cells of the inner colour beside the inner
    rectangle mark its rows / columns: those lines turn frame-coloured inside and inner-coloured outside the box."""

    def plans(self, examples):
        """The background: the inputs' commonest colour (the same in all)."""
        if not same_shape(examples):
            return
        bgs = {int(np.bincount(i.ravel(), minlength=10).argmax()) for i, _ in examples}
        if len(bgs) == 1:
            yield bgs.pop()

    def rule(self, bg, grid):
        return stripes(grid, bg)

    def build(self, bg):
        """Every cell's class is a polynomial in row and column indicators (G grid, X box, I inner, L marked
        line; L within I within X within G): A = X - I + I L, B = I - I L + L - L X, background = G - X - L + L X,
        with I L = l(r) i(c) + i(r) l(c) - l(r) l(c) and likewise L = l g + g l - l l, L X = l x + x l - l l.
        So out[c, r, s] = sum palette[k, c] rows[p, r] M[k, p, q] cols[q, s]: one Einsum writes `output` from
        the [A, B, background] one-hots, a constant [3, 4, 4] M and the [g, x, i, l] row and column vectors."""
        g = Graph()
        fg_w = np.ones(10, np.float32)
        fg_w[bg] = 0
        fg_w_np = fg_w
        fg_w, all_w = g.const(fg_w[None], name="fg_w"), g.const(np.ones((1, 10), np.float32), name="all_w")
        one = g.const(np.float32(1), name="one")
        rows_fg = g.Einsum(g.input, fg_w, equation="bchw,bc->bh", name="rows_fg")          # [1,30]
        cols_fg = g.Einsum(g.input, fg_w, equation="bchw,bc->bw", name="cols_fg")
        # the frame corner's colour A by one-hot first lines; B is the other foreground colour (the rule refuses
        # any fourth colour)
        depth = g.const(np.int64(30), name="depth30")
        off_on = g.const(np.array([0, 1], np.float32), name="off_on")
        at = [g.OneHot(g.ArgMax(v, axis=1, keepdims=0, name=f"{n}0"), depth, off_on, name=f"{n}_first")
              for v, n in ((rows_fg, "r"), (cols_fg, "c"))]                                   # [1,30]
        frame = g.Einsum(g.input, at[0], at[1], equation="bchw,kh,kw->bkc", name="frame_colour")  # [1,1,10]
        inner_colour = g.Sub(g.const(fg_w_np[None], name="fg_w3"), frame, name="inner_colour")
        many = g.const(np.float32(MOST_BARNACLES + 0.5), name="many")
        half = g.const(np.float32(0.5), name="half")
        # the row and column indicators are thresholded bools cast to float16: the answer's Einsum reads no
        # float32 vector
        f16 = lambda b, name: g.Cast(b, to=10, name=name)
        vectors, inner_b = {}, {}
        for axis in ("h", "w"):
            counts = lambda w, n: g.Einsum(g.input, w, equation=f"bchw,bc->b{axis}", name=n)
            grid = f16(g.Greater(counts(all_w, f"all_{axis}"), half, name=f"grid_{axis}_b"), f"grid_{axis}")
            box = f16(g.Greater(rows_fg if axis == "h" else cols_fg, half, name=f"box_{axis}_b"), f"box_{axis}")
            inner_b[axis] = g.Greater(g.Einsum(g.input, inner_colour, equation=f"bchw,bkc->b{axis}",
                                               name=f"b_{axis}"), many, name=f"inner_{axis}_b")
            vectors[axis] = (grid, box, f16(inner_b[axis], f"inner_{axis}"))
        lines = {}
        for axis, other in (("h", "w"), ("w", "h")):
            # B cells on the other axis's non-inner lines mark this axis's lines (only inner lines hold such
            # cells: a B cell off every inner line is refused by the rule)
            outer = g.Cast(g.Not(inner_b[other], name=f"outer_{other}_b"), to=1, name=f"outer_{other}")
            off = g.Einsum(g.input, inner_colour, outer, equation=f"bchw,bkc,b{other}->b{axis}",
                           name=f"off_{axis}")
            lines[axis] = f16(g.Greater(off, half, name=f"off_{axis}_b"), f"line_{axis}")
        rows = g.Concat(*vectors["h"], lines["h"], axis=0, name="row_vectors")          # [4,30]: g, x, i, l
        cols = g.Concat(*vectors["w"], lines["w"], axis=0, name="col_vectors")
        G, X, I, L = range(4)
        M = np.zeros((3, 4, 4), np.float32)            # [A, B, background] x row vector x column vector
        for k, terms in enumerate((
                {(X, X): 1, (I, I): -1, (L, I): 1, (I, L): 1, (L, L): -1},
                {(I, I): 1, (L, I): -1, (I, L): -1, (L, L): 1, (L, G): 1, (G, L): 1, (L, X): -1, (X, L): -1},
                {(G, G): 1, (X, X): -1, (L, G): -1, (G, L): -1, (L, X): 1, (X, L): 1})):
            for (p, q), v in terms.items():
                M[k, p, q] = v
        background = np.eye(1, 10, bg, dtype=np.float16)[None]
        # B's palette row: its cell count on its channel alone (absent colours stay 0; the scale is harmless)
        palette = g.Concat(g.Cast(g.Concat(frame, g.Einsum(g.input, inner_colour, equation="bchw,bkc->bkc", name="inner_cells"),
                                                    axis=1, name="colours"), to=10, name="colours_f16"),
                           g.const(background, name="background"), axis=1, name="palette")  # [1,3,10]
        return g.model(g.Einsum(palette, g.const(M.astype(np.float16), name="class_terms"), rows, cols,
                                equation="bkc,kpq,pr,qs->bcrs"))
