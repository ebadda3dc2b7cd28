"""An empty square grid becomes a clockwise square spiral of one colour from the top-left corner inward
(a wall, a one-cell corridor, a wall ...), any size.

Closed form: a cell at ring depth d = min(r, c, n-1-r, n-1-c) is wall when d is even, except the ring's
connector cell (d+1, d), which flips; the innermost even 2x2 ring (n = 2 mod 4) keeps its connector.

Cheaper variant for grids up to m = max(20, the examples' largest size): the wall is a signed sum of rank-one terms,
one per ring j (the square [j, n-1-j]^2, sign (-1)^j) and one per connector d (the cell (d+1, d), present
while 2d+2 < n for even d and 2d+2 <= n for odd d). Every factor is a lookup v[i] = [i < n] of the first
grid row's first m + 1 cells (float16), so one Gather of them by an [terms, m] index table and one Einsum
writing `output` (through an [m,30] identity) draw the spiral: every term weighs e_colour - e_0, ring 0 by 1
and the others by twice their sign, so the sum is +1 on the wall and -1 in the corridor (0 outside).
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


LARGEST = 20      # ARC-GEN's 28e73c20 draws sizes 5..20; the ring-sum variant is sized to at least this


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
            if m < 30:
                yield self.name + "/ring_sum", self._build_ring_sum(colour, m)

    def _build_ring_sum(self, colour, m):
        rings, links = (m + 1) // 2, m // 2
        s_n = rings + links
        # factors over the first m lines only (every grid fits them), written to the canvas through an [m,30]
        # identity
        idx = np.full((s_n, m), m, np.int64)            # v[m] = 0 for every grid up to m < 30
        cy = np.ones((s_n, m), np.float32)
        cz = np.ones((s_n, m), np.float32)
        # every term writes coef * (e_colour - e_0): the sum is 2 * wall - inside, +1 on the wall, -1 in the
        # corridor (ring 0 weighs 1, every other ring and connector +-2); the coefficients ride on the row masks
        k = np.arange(m)
        for j in range(rings):                          # [j <= k <= n-1-j] = [k >= j] v[k + j]
            idx[j] = np.where(k >= j, np.minimum(k + j, m), m)
            cy[j] *= 1 if j == 0 else 2 * (-1) ** j
        for d in range(links):                          # the connector (d+1, d)
            s = rings + d
            idx[s, d:d + 2] = 2 * d + 2 if d % 2 == 0 else 2 * d + 1
            cy[s] = (k == d + 1) * (2 if d % 2 else -2)
            cz[s] = k == d
        mix = np.zeros(10, np.float32)
        mix[colour], mix[0] = 1, -1
        g = Graph()
        row = g.Slice(g.input, g.ints([0, 0, 0], name="row_start"), g.ints([1, 1, m + 1], name="row_end"),
                      g.ints([1, 2, 3], name="row_axes"), name="first_row")                        # [1,1,1,m+1]
        # float16 from the row on (every value is 0, 1 or -1; sums stay small integers)
        row = g.Cast(row, to=10, name="first_row_f16")
        w = g.Gather(row, g.const(idx, name="factor_index"), axis=3, name="factors")              # [1,1,1,s,m]
        f16 = lambda v, name: g.const(np.asarray(v, np.float16), name=name)
        lines = f16(np.eye(m, 30), f"lines{m}")
        return g.model(g.Einsum(w, w, f16(cy, "row_mask"), f16(cz, "col_mask"), f16(mix, "wall_colours"), lines,
                                lines, equation="zyxsr,zyxsc,sr,sc,k,rR,cC->zkRC"))

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
