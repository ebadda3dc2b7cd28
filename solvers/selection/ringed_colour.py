"""Ringed colour: the answer is the colour of the cell whose eight neighbours all hold one other colour
(the centre of a ring); the output is a fixed-size grid filled with it.

Graph: on the colour-code map, ring sums of values and of squared values (two Convs) test that the 8
neighbours share one colour (zero variance) other than the centre's; the colour present there (one
Einsum) And the fixed output shape writes the output."""
from __future__ import annotations

import numpy as np
from onnx import TensorProto

from neurogolf.graph import Graph

from .. import Solver
from .._common_graph import colour_code
from .._common_grids import N, fixed_out_shape


def ringed_colours(grid):
    h, w = grid.shape
    found = set()
    for r in range(1, h - 1):
        for c in range(1, w - 1):
            nb = np.delete(grid[r - 1:r + 2, c - 1:c + 2].ravel(), 4)
            if grid[r, c] and nb[0] and nb[0] != grid[r, c] and np.all(nb == nb[0]):
                found.add(int(grid[r, c]))
    return found


class RingedColour(Solver, name="ringed_colour", tasks=("task346",), refuses="task048", aliases=("c3_ringed",)):
    """Output = a fixed-size grid filled with the colour of the cell that is completely ringed (all 8 neighbours) by
    one other colour."""

    def plans(self, examples):
        shape = fixed_out_shape(examples)
        if shape is not None:
            yield shape

    def rule(self, shape, grid):
        found = ringed_colours(grid)
        return np.full(shape, found.pop()) if len(found) == 1 else None

    def build(self, shape):
        """Ring cells all one colour <=> the ring's values have zero variance: 8 * sum(v^2) == sum(v)^2."""
        g = Graph()
        _, value = colour_code(g)                                     # colour inside, -1 outside
        ring = np.ones((1, 1, 3, 3), np.float32)
        ring[0, 0, 1, 1] = 0
        ring = g.const(ring, name="ring")
        total = g.Conv(value, ring, pads=[1, 1, 1, 1], name="ring_sum")
        squares = g.Conv(g.Mul(value, value, name="value_sq"), ring, pads=[1, 1, 1, 1], name="ring_sq_sum")
        spread = g.Sub(g.Mul(squares, g.const(np.array([8], np.float32), name="eight")),
                       g.Mul(total, total, name="sum_sq"), name="ring_spread")
        zero = g.const(np.zeros(1, np.float32), name="zero")
        half = g.const(np.array([0.5], np.float32), name="half")
        centre = g.And(g.And(g.Equal(spread, zero, name="one_colour_ring"),
                             g.Greater(total, half, name="coloured_ring"), name="full_ring"),
                       g.And(g.Greater(value, half, name="coloured_centre"),
                             g.Not(g.Equal(g.Mul(value, g.const(np.array([8], np.float32), name="eight")), total,
                                           name="same_as_ring"), name="other_colour"), name="centre_ok"),
                       name="centre")
        found = g.Einsum(g.input, g.Cast(centre, to=TensorProto.FLOAT, name="centre_f"),
                         equation="bchw,bxhw->bc", name="centre_colours")                        # [1,10]
        nonbg = np.ones((1, 10), np.float32)
        nonbg[0, 0] = 0
        colour = g.Greater(g.Mul(found, g.const(nonbg, name="nonbg")), half, name="answer")
        area = np.zeros((1, 1, N, N), bool)
        area[0, 0, :shape[0], :shape[1]] = True
        return g.model(g.And(g.Unsqueeze(colour, axes=[2, 3], name="answer4"), g.const(area, name="out_shape")))
