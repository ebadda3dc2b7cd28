"""An empty square grid becomes a clockwise square spiral of one colour from the top-left corner inward
(a wall, a one-cell corridor, a wall ...), any size.

Closed form: a cell at ring depth d = min(r, c, n-1-r, n-1-c) is wall when d is even, except the ring's
connector cell (d+1, d), which flips; the innermost even 2x2 ring (n = 2 mod 4) keeps its connector.

Cheaper variant for grids up to m = max(20, the examples' largest size): a cell's side of the spiral is the
grid edge it is nearest to, each edge's distance weighted by a fixed offset in thirds of a cell (top 0, left 4/3,
bottom and right 2/3 and 1/3, or 4/3 and 2/3 where n = 0 mod 4: the left offset moves each ring's first left
cell, its connector, to the top side of the next ring), and the cell is wall when that distance is even. With
4^(3 (1 - distance) - 3 offset) weights of sign (-1)^distance, the nearest edge outweighs the other three
together (every gap is at least a third of a cell, a factor 4), so the sum of the four edges' terms has the
cell's sign (the offsets were checked against the closed form for every n up to 30):
top(r) + left(c) + bottom(n-1-r) + right(n-1-c). Top and left are fixed [30] vectors (left is top
times 4^-4); bottom is s(n) w(r) with w(r) = (-1)^r 4^(3r - 30) and s(n) looked up by n (right likewise), so
one Einsum writes `output` from the input (the grid mask), one fixed [3,30] table of line factors (top, w,
ones) used for rows and columns, a fixed pairing of them and a [3] row of a per-size table gathered by
n = sqrt(cell count). Every weight is a power of 4 inside float32's range for grids up to 21.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver


def spiral(n, colour):
    r, c = np.indices((n, n))
    dep = np.minimum(np.minimum(r, c), np.minimum(n - 1 - r, n - 1 - c))
    even = dep % 2 == 0
    connector = (r == dep + 1) & (c == dep)
    inner_even = (2 * dep == n - 2) & even
    wall = even ^ (connector & ~inner_even)
    return np.where(wall, colour, 0)


LARGEST = 20      # ARC-GEN's 28e73c20 draws sizes 5..20; the edge-sum variant is sized to at least this
EDGE_THIRDS = {True: (0, 4, 4, 2), False: (0, 4, 2, 1)}     # n = 0 mod 4: (top, left, bottom, right) offsets


def edge_term(distance, thirds):
    """(-1)^d 4^(3 (1 - d) - thirds): a cell's weight from one grid edge at distance d (see the module note)."""
    d = np.asarray(distance, np.float64)
    return (-1.0) ** d * 4.0 ** (3 * (1 - d) - thirds)


class SquareSpiral(Solver, name="square_spiral", tasks=("task058",), refuses="task375", aliases=("c2_spiral",)):
    """An empty square grid becomes a clockwise square spiral of one colour drawn from the top-left corner inward,
    whatever the grid's size."""

    def plans(self, examples):
        colours = {int(v) for _, o in examples for v in np.unique(o)} - {0}
        if len(colours) == 1 and all(i.shape == o.shape and i.shape[0] == i.shape[1] and not i.any()
                                     for i, o in examples):
            yield colours.pop()

    def rule(self, colour, grid):
        """The graph reads only the grid's size."""
        n = grid.shape[0]
        return spiral(n, colour) if grid.shape == (n, n) else None

    def candidates(self, examples):
        colour = self.fit(examples)
        if colour is not None:
            yield self.name, self.build(colour)
            m = max([LARGEST] + [i.shape[0] for i, _ in examples])
            if m <= 21:
                yield self.name + "/edge_sum", self._build_edge_sum(colour, m)

    def _build_edge_sum(self, colour, m):
        k = np.arange(30)
        w = np.where(k < m, (-1.0) ** k * 4.0 ** (3 * k - 30), 0.0)     # zero past every grid: no overflow there
        top_thirds, left_thirds, _, _ = EDGE_THIRDS[False]
        top = edge_term(k, top_thirds)                                   # left(c) = top(c) 4^(top - left thirds)
        lines = np.stack([top, w, np.ones(30)]).astype(np.float32)       # [factor, line]: rows and columns alike
        # [row factor, column factor, size weight]: top(r) 1 + 1 left(c) (weight 1), w(r) 1 (s_bottom(n)),
        # 1 w(c) (s_right(n))
        pairs = np.zeros((3, 3, 3), np.float32)
        pairs[0, 2, 0], pairs[2, 0, 0], pairs[1, 2, 1], pairs[2, 1, 2] = 1, 4.0 ** (top_thirds - left_thirds), 1, 1
        per_size = np.ones((m + 1, 3), np.float64)                       # [n, weight]: 1, s_bottom(n), s_right(n)
        for n in range(1, m + 1):
            _, _, bottom, right = EDGE_THIRDS[n % 4 == 0]
            per_size[n, 1:] = [edge_term(n - 1, bottom) / w[0], edge_term(n - 1, right) / w[0]]
        mix = np.zeros(10, np.float32)
        mix[colour], mix[0] = 1, -1
        g = Graph()
        size = g.Sqrt(g.Einsum(g.input, equation="bcij->b", name="cell_count"), name="size_f")    # [1] n
        weights = g.Gather(g.const(per_size.astype(np.float32), name="size_weights"),
                           g.Cast(size, to=7, name="size"), axis=0, name="term_weights")           # [1,3]
        lines = g.const(lines, name="edge_lines")
        return g.model(g.Einsum(g.input, lines, lines, g.const(pairs, name="term_pairs"), weights,
                                g.const(mix, name="wall_colours"), equation="bcij,ti,uj,tuv,bv,k->bkij"))

    def build(self, colour):
        g = Graph()
        one = g.const(np.float32(1))
        two = g.const(np.float32(2))
        zero = g.const(np.float32(0))
        rows = g.const(np.arange(30, dtype=np.float32).reshape(30, 1), name="row_index")
        cols = g.const(np.arange(30, dtype=np.float32).reshape(1, 30), name="col_index")
        n = g.ReduceSum(g.ReduceMax(g.input, axes=[0, 1, 3], keepdims=0, name="row_any"), keepdims=0, name="size")
        last = g.Sub(n, one, name="last")
        a = g.Min(rows, g.Sub(last, rows, name="rows_back"), name="row_depth")               # [30,1]
        b = g.Min(cols, g.Sub(last, cols, name="cols_back"), name="col_depth")               # [1,30]
        dep = g.Min(a, b, name="depth")                                                     # [30,30]
        even = g.Equal(g.Mod(dep, two, fmod=1, name="depth_parity"), zero, name="even")
        below_diag = g.const((np.arange(30)[:, None] - np.arange(30)[None, :]) == 1, name="r_is_c_plus_1")
        connector = g.And(below_diag, g.Equal(cols, dep, name="on_left_side"), name="connector")
        inner = g.Equal(dep, g.Sub(g.Div(n, two, name="half_n"), one, name="inner_depth"), name="innermost")
        inner_even = g.And(inner, even, name="innermost_even")
        flip = g.And(connector, g.Not(inner_even, name="not_innermost_even"), name="flip")
        wall = g.Xor(even, flip, name="wall")
        inside = g.And(g.Less(rows, n, name="row_in"), g.Less(cols, n, name="col_in"), name="inside")
        code = g.Where(wall, g.const(np.float32(colour + 1), name="wall_code"), one, name="code_in")
        code = g.Where(inside, code, zero, name="code")                                     # colour+1, 0 outside
        channel = g.const(np.arange(1, 11, dtype=np.float32).reshape(1, 10, 1, 1), name="channel_code")
        return g.model(g.Equal(code, channel))
