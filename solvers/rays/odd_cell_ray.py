"""The one cell whose colour occurs once shoots a ray in its colour away from each black side (straight
through the shape it sits on) over black cells to the grid edge.

Graph: per-channel counts pick the single-cell colour as a dynamic 1x1 Conv weight (stacked with
black); 3x3 Convs with bias and Relu score horizontal and vertical seeds exactly 1; 1x59 and 59x1
Convs draw the rays; a Where paints them on black cells in the odd colour.

Vector variant (exact wherever the rule applies; no window): everything is a row or column vector. The odd
colour's row and column one-hots come from one Einsum each; the shape's moment about the odd cell along its row
(column) is 0 across the ray's axis (the shape is symmetric there) and signed along it, so the ray mask is one
outer product (row one-hot + moment x (r - y)) x (column one-hot + moment x (c - x)): >= 1 on the ray's side,
<= 0 on the other (the odd cell itself is not black). Expanded over row terms (ones, one-hot, r) and column terms
(ones, one-hot, c) with a [3,3] table of the moments, one Einsum writes `output` as the input (ones x ones) plus,
on black cells, that mask times the move from channel 0 to the odd colour.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .._common_grids import N
from ._graphs import on_black
from ._grids import paint_ray
from ._parameter_free import ParameterFree

DIRS = {"h": [(0, 1), (0, -1)], "v": [(1, 0), (-1, 0)]}


def odd_ray(grid: np.ndarray) -> np.ndarray | None:
    cols, counts = np.unique(grid[grid > 0], return_counts=True)
    odd = [c for c, n in zip(cols, counts) if n == 1]
    if len(odd) != 1:
        return None
    colour = odd[0]
    (y,), (x,) = np.nonzero(grid == colour)
    out = grid.copy()
    h, w = grid.shape
    for dy, dx in DIRS["h"] + DIRS["v"]:
        by, bx = y - dy, x - dx
        if 0 <= by < h and 0 <= bx < w and grid[by, bx] == 0:
            paint_ray(out, grid, y, x, dy, dx, colour)
    return out


class OddCellRay(ParameterFree, name="odd_cell_ray", tasks=("task051",), refuses="task190", aliases=("c5_odd_ray",)):
    """The single cell of a once-used colour shoots a ray away from its black side through the shape."""

    draw = staticmethod(odd_ray)

    def candidates(self, examples):
        plan = self.fit(examples)
        if plan is not None:
            yield self.name + ":vectors", self.build(plan)
            yield self.name, self._build_canvas()

    def build(self, plan):
        return self._build_vectors()

    def _build_vectors(self):
        g = Graph()
        counts = g.ReduceSum(g.input, axes=[2, 3], keepdims=0, name="cells_per_colour")           # [1,10]
        nonblack = np.r_[0, np.ones(9)].astype(np.float32)
        odd = g.Mul(g.Cast(g.Equal(counts, g.const(np.ones(1, np.float32), name="one")), to=1, name="once"),
                    g.const(nonblack, name="nonblack"), name="odd_colour")                       # [1,10] one-hot
        ry = g.Einsum(g.input, odd, equation="bkrc,bk->br", name="odd_row")                      # [1,30]
        cx = g.Einsum(g.input, odd, equation="bkrc,bk->bc", name="odd_col")                      # [1,30]
        lines = g.const(np.arange(N, dtype=np.float32).reshape(1, N), name="lines")               # [1,30]
        nb = g.const(nonblack, name="shape_colours")

        def moment(line, across, tag, eq, eq0):
            """(moment, moment x position): the shape's moment about the odd cell along its row (column), from
            its cells there: sum of index - position over them; 0 across the ray's axis (the shape is symmetric
            there), its sign the side the shape, and so the ray, lies."""
            at = g.Einsum(line, lines, equation="bi,xi->b", name=f"odd_{tag}")                     # [1]
            first = g.Einsum(g.input, nb, across, lines, equation=eq, name=f"shape_sum_{tag}")     # [1]
            count = g.Einsum(g.input, nb, across, equation=eq0, name=f"shape_count_{tag}")        # [1]
            side = g.Sub(first, g.Mul(count, at, name=f"count_at_{tag}"), name=f"shape_side_{tag}")
            return side, g.Mul(side, at, name=f"side_at_{tag}")

        sh, sh_x = moment(cx, ry, "c", "bkrc,k,br,xc->b", "bkrc,k,br->b")
        sv, sv_y = moment(ry, cx, "r", "bkrc,k,bc,xr->b", "bkrc,k,bc->b")
        ones = g.const(np.ones((1, N), np.float32), name="ones")
        rows = g.Concat(ones, ry, lines, axis=0, name="term_rows")                            # [3,30]
        cols = g.Concat(ones, cx, lines, axis=0, name="term_cols")                            # [3,30]
        # the ray mask (row one-hot + sv (r - y)) x (column one-hot + sh (c - x)), expanded over the row terms
        # (ones, row one-hot, r) and column terms (ones, column one-hot, c): >= 1 on the ray, <= 0 off it on
        # black cells (sv sh = 0; the one-hot product is the odd cell, never black)
        coef = g.Concat(g.const(np.ones(1, np.float32), name="unit"), sh, sh_x, sv, sv_y, axis=0, name="ray_coefs")
        basis = np.zeros((5, 3, 3, 2), np.float32)           # [coef, row term, column term, copy / ray]
        basis[0, 0, 0, 0] = 1                                 # the copy: ones x ones
        basis[1, 1, 2, 1], basis[2, 1, 0, 1] = 1, -1          # row one-hot x sh (c - x)
        basis[3, 2, 1, 1], basis[4, 0, 1, 1] = 1, -1          # sv (r - y) x column one-hot
        terms = g.Einsum(coef, g.const(basis, name="term_basis"), equation="j,juwv->uwv", name="terms")  # [3,3,2]
        move = g.Sub(odd, g.const(np.eye(10, dtype=np.float32)[:1], name="black_row"), name="black_to_odd")  # [1,10]
        paint = g.Concat(g.const(np.ones((1, 10), np.float32), name="ones10"), move, axis=0,
                         name="term_paint")                                                       # [2,10]
        source = np.zeros((2, 10, 10), np.float32)           # [copy / ray, source channel, output channel]
        source[0] = np.eye(10)                                # the copy
        source[1, 0, :] = 1                                   # the ray reads the black channel
        return g.model(g.Einsum(g.input, g.const(source, name="term_source"), paint, terms, rows, cols,
                                equation="bdrc,vdk,vk,uwv,ur,wc->bkrc"))

    def _build_canvas(self):
        g = Graph()
        counts = g.ReduceSum(g.input, axes=[2, 3], keepdims=1, name="cells_per_colour")     # [1,10,1,1]
        odd = g.Mul(g.Cast(g.Equal(counts, g.floats(1.0)), to=1), g.floats(np.r_[0, np.ones(9)].reshape(1, 10, 1, 1)),
                    name="odd_colour")                                                     # one-hot
        black = g.floats(np.eye(10)[0].reshape(1, 10, 1, 1))
        pick = g.Concat(odd, black, axis=0, name="odd_and_black_w")                          # [2,10,1,1]
        cells = g.Conv(g.input, pick, name="odd_and_black")                                  # [1,2,30,30]
        rays = []
        for tag, dirs in DIRS.items():
            w = np.zeros((2, 2, 3, 3), dtype=np.float32)
            for k, (dy, dx) in enumerate(dirs):
                w[k, 0, 1, 1] = 10
                w[k, 1, 1 - dy, 1 - dx] = 1                  # black behind the odd cell
            seeds = g.Relu(g.Conv(cells, g.const(w), g.floats(np.full(2, -10.0)), pads=[1, 1, 1, 1]),
                           name=f"seeds_{tag}")                                              # [1,2,30,30]
            if tag == "h":
                k = np.zeros((1, 2, 1, 59), dtype=np.float32)
                k[0, 0, 0, :29] = 1                          # rightward: sources to the left
                k[0, 1, 0, 30:] = 1
                pads = [0, 29, 0, 29]
            else:
                k = np.zeros((1, 2, 59, 1), dtype=np.float32)
                k[0, 0, :29, 0] = 1
                k[0, 1, 30:, 0] = 1
                pads = [29, 0, 29, 0]
            rays.append(g.Conv(seeds, g.const(k), pads=pads, name=f"rays_{tag}"))
        return g.model(g.Where(on_black(g, g.Add(rays[0], rays[1])), odd, g.input))
