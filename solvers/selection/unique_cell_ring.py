"""Unique cell ring: the one cell whose colour occurs exactly once in the grid is kept, the cells around
it (its 3x3 neighbourhood) are painted one colour, everything else becomes background.

Graph: per-colour counts (ReduceSum) select the unique colour, a 1x1 Conv with those run-time weights
marks its cell, a MaxPool grows the ring, and a colour-code map is decoded by one Equal."""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_graph import colour_code
from .._common_grids import same_shape
from ._once import once_colours


def unique_ring(grid: np.ndarray, colour: int) -> np.ndarray | None:
    cnt = np.bincount(grid.ravel(), minlength=10)
    centre = np.isin(grid, [c for c in range(1, 10) if cnt[c] == 1])
    if not centre.any():
        return None
    h, w = grid.shape
    pad = np.zeros((h + 2, w + 2), bool)
    pad[1:-1, 1:-1] = centre
    ring = np.zeros((h, w), bool)
    for dr in range(3):
        for dc in range(3):
            ring |= pad[dr:dr + h, dc:dc + w]
    return np.where(centre, grid, np.where(ring, colour, 0))


class UniqueCellRing(Solver, name="unique_cell_ring", tasks=("task068",), refuses="task273",
                     aliases=("c3_uniquering",)):
    """Output = only the cell whose colour occurs once in the grid, framed by a 3x3 ring of one colour; everything else
    cleared."""

    def plans(self, examples):
        if same_shape(examples):
            yield from sorted(set.intersection(*(set(o.ravel().tolist()) for _, o in examples)) | {0})

    def rule(self, colour, grid):
        return unique_ring(grid, colour)

    def build(self, colour):
        g = Graph()
        once = once_colours(g)
        nonbg = np.ones((1, 10, 1, 1), np.float32)
        nonbg[0, 0] = 0
        pick = g.Mul(once, g.const(nonbg, name="nonbg"), name="unique_colour")
        centre = g.Conv(g.input, pick, name="centre")
        ring = g.MaxPool(centre, kernel_shape=[3, 3], pads=[1, 1, 1, 1], name="ring")
        colours, value = colour_code(g)                              # colour inside, -1 outside
        half = g.const(np.array([0.5], np.float32), name="half")
        inside = g.Greater(value, g.const(np.array([-0.5], np.float32), name="minus_half"), name="inside")
        ring_in = g.And(g.Greater(ring, half, name="ring_any"), inside, name="ring_cell")
        base = g.Min(value, g.const(np.zeros(1, np.float32), name="zero"), name="background_code")
        code = g.Where(ring_in, g.const(np.array([colour], np.float32), name="ring_colour"), base, name="ring_code")
        code = g.Where(g.Greater(centre, half, name="centre_cell"), value, code, name="code")
        return g.model(g.Equal(code, colours))
