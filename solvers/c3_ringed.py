"""Ringed colour: the answer is the colour of the cell whose eight neighbours all hold one other colour
(the centre of a ring); the output is a fixed-size grid filled with it.

Graph: a per-colour ring-count Conv (grouped), the cells whose strongest ring colour covers all 8
neighbours and is not their own colour, the colour present there (Einsum + ReduceMax), and one And
with the fixed output shape writing the output."""
from __future__ import annotations

import numpy as np
from onnx import TensorProto

from . import Solver
from ._common import N


def ringed_colours(grid):
    h, w = grid.shape
    found = set()
    for r in range(1, h - 1):
        for c in range(1, w - 1):
            nb = np.delete(grid[r - 1:r + 2, c - 1:c + 2].ravel(), 4)
            if grid[r, c] and nb[0] and nb[0] != grid[r, c] and np.all(nb == nb[0]):
                found.add(int(grid[r, c]))
    return found


class RingedColour(Solver):
    name = "c3_ringed"
    description = ("output = a fixed-size grid filled with the colour of the cell that is completely ringed "
                   "(all 8 neighbours) by one other colour")

    def fit(self, examples):
        shapes = {o.shape for _, o in examples}
        if len(shapes) != 1:
            return None
        for i, o in examples:
            if len(set(o.ravel().tolist())) != 1 or ringed_colours(i) != {int(o[0, 0])}:
                return None
        return shapes.pop()

    def build(self, shape):
        from neurogolf.graph import Graph
        g = Graph()
        ring = np.ones((10, 1, 3, 3), np.float32)
        ring[:, 0, 1, 1] = 0
        ring[0] = 0
        by_colour = g.Conv(g.input, g.const(ring, name="ring_w"), pads=[1, 1, 1, 1], group=10, name="ring_counts")
        strongest = g.ReduceMax(by_colour, axes=[1], keepdims=0, name="strongest_ring")          # [1,30,30]
        own = g.Einsum(by_colour, g.input, equation="bchw,bchw->bhw", name="own_in_ring")
        eight = g.const(np.array([7.5], np.float32), name="eight")
        centre = g.And(g.Greater(strongest, eight, name="full_ring"),
                       g.Less(own, g.const(np.array([0.5], np.float32), name="half"), name="other_colour"),
                       name="centre")
        found = g.Einsum(g.input, g.Cast(centre, to=TensorProto.FLOAT, name="centre_f"),
                         equation="bchw,bhw->bc", name="centre_colours")                         # [1,10]
        nonbg = np.ones((1, 10), np.float32)
        nonbg[0, 0] = 0
        colour = g.Greater(g.Mul(found, g.const(nonbg, name="nonbg")), g.const(np.array([0.5], np.float32),
                           name="half"), name="answer")
        area = np.zeros((1, 1, N, N), bool)
        area[0, 0, :shape[0], :shape[1]] = True
        return g.model(g.And(g.Unsqueeze(colour, axes=[2, 3], name="answer4"), g.const(area, name="out_shape")))
