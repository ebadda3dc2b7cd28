"""Quadrant mirror: a square grid of odd side is cut by a centre cross of one colour; the shape in the
top-left quadrant, mirrored into all four quadrants and painted in the cross's colour, is the output
(the cross removed).

Graph: the mirrored index k (or 2n-1-k) computed from the grid size, two Gathers of the colour-code map,
the cross colour read at the centre, and one Equal."""
from __future__ import annotations

import numpy as np

from .. import Solver
from .._common_graph import last_index
from .._common_grids import N
from .._common_graph import colour_code


def quad_mirror(grid):
    h, w = grid.shape
    if h != w or h % 2 == 0:
        return None
    n = h // 2
    m = np.r_[np.arange(n), np.arange(n)[::-1]]
    return np.where((grid[:n, :n] != 0)[np.ix_(m, m)], grid[n, n], 0)


class QuadMirror(Solver):
    name = "c3_quadmirror"
    description = ("odd square grid with a centre cross: the top-left quadrant's shape mirrored into four "
                   "quadrants, painted in the cross colour, cross removed")

    def fit(self, examples):
        outs = [quad_mirror(i) for i, _ in examples]
        if all(x is not None and x.shape == o.shape and np.array_equal(x, o) for x, (_, o) in zip(outs, examples)):
            return True
        return None

    def build(self, plan):
        from neurogolf.graph import Graph
        g = Graph()
        colours, code = colour_code(g)
        n = g.Div(last_index(g, 2), g.ints([2], name="two"), name="half")                      # [1]
        k = g.const(np.arange(N, dtype=np.int64), name="arange")
        mirrored = g.Sub(g.Sub(g.Add(n, n, name="twice_half"), g.ints([1], name="one_i"), name="last_out"), k,
                         name="mirrored")
        src = g.Where(g.Less(k, n, name="first_half"), k, g.Max(mirrored, g.ints([0], name="zero_i"),
                      name="mirrored_safe"), name="source")
        shape = g.Gather(g.Gather(code, src, axis=2, name="rows_mirrored"), src, axis=3, name="mirrored_code")
        centre = g.Gather(g.Gather(code, n, axis=2, name="centre_row"), n, axis=3, name="cross_colour")
        inside = g.Less(k, g.Add(n, n, name="out_side"), name="in_output")
        area = g.And(g.Unsqueeze(inside, axes=[1], name="rows_in"), inside, name="area")
        zero = g.const(np.zeros(1, np.float32), name="zero")
        painted = g.Where(g.Greater(shape, zero, name="shape_cell"), centre, zero, name="painted")
        code = g.Where(area, painted, g.const(np.array([-1], np.float32), name="outside"), name="code")
        return g.model(g.Equal(code, colours))
