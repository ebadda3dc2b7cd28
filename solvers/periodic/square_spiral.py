"""An empty square grid becomes a clockwise square spiral of one colour from the top-left corner inward
(a wall, a one-cell corridor, a wall ...), any size.

Closed form: a cell at ring depth d = min(r, c, n-1-r, n-1-c) is wall when d is even, except the ring's
connector cell (d+1, d), which flips; the innermost even 2x2 ring (n = 2 mod 4) keeps its connector.
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
