"""The one cell whose colour occurs once shoots a ray in its colour away from each black side (straight
through the shape it sits on) over black cells to the grid edge.

Graph: per-channel counts pick the single-cell colour as a dynamic 1x1 Conv weight (stacked with
black); 3x3 Convs with bias and Relu score horizontal and vertical seeds exactly 1; 1x59 and 59x1
Convs draw the rays; a Where paints them on black cells in the odd colour.

Vector variant (exact wherever the rule applies; no window): everything is a row or column vector. The odd
colour's row and column one-hots come from one Einsum each; the shape's moment about the odd cell along its row
(column) is 0 across the ray's axis (the shape is symmetric there) and signed along it, so the ray mask is one
outer product (row one-hot + moment x row offset) x (column one-hot + moment x column offset): >= 1 on the ray's
side, <= 0 on the other (the odd cell itself is not black). One Einsum writes `output` as the input plus, on
black cells, that mask times the move from channel 0 to the odd colour: two rank-one terms with channel maps.
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
        lines = g.const(np.arange(N, dtype=np.float32), name="lines")
        nb = g.const(nonblack, name="shape_colours")

        def ray_line(line, across, tag, eq):
            """line + side (i - at): the odd cell's row (column) one-hot plus, along the axis the shape lies on,
            each cell's signed distance past the odd cell times the shape's moment about it (0 across the axis,
            where the shape is symmetric; its sign says which side the shape, and so the ray, lies)."""
            at = g.Einsum(line, lines, equation="bi,i->b", name=f"odd_{tag}")                     # [1]
            offset = g.Sub(lines, at, name=f"from_odd_{tag}")                                     # [30]
            side = g.Einsum(g.input, nb, across, offset, equation=eq, name=f"shape_side_{tag}")   # [1]
            return g.Add(line, g.Mul(offset, side, name=f"ray_{tag}"), name=f"line_{tag}")       # [1,30]

        rows = ray_line(ry, cx, "r", "bkrc,k,bc,r->b")
        cols = ray_line(cx, ry, "c", "bkrc,k,br,c->b")
        ones = g.const(np.ones((1, N), np.float32), name="ones")
        rows = g.Concat(ones, rows, axis=0, name="term_rows")                                     # [2,30]
        cols = g.Concat(ones, cols, axis=0, name="term_cols")                                     # [2,30]
        move = g.Sub(odd, g.const(np.eye(10, dtype=np.float32)[:1], name="black_row"), name="black_to_odd")  # [1,10]
        paint = g.Concat(g.const(np.ones((1, 10), np.float32), name="ones10"), move, axis=0,
                         name="term_paint")                                                       # [2,10]
        source = np.zeros((2, 10, 10), np.float32)           # [term, source channel, output channel]
        source[0] = np.eye(10)                                # the copy
        source[1, 0, :] = 1                                   # the ray reads the black channel
        return g.model(g.Einsum(g.input, g.const(source, name="term_source"), paint, rows, cols,
                                equation="bdrc,udk,uk,ur,uc->bkrc"))

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
