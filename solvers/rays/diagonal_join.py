"""Two cells of one colour on a shared diagonal are joined by a line of that colour.

Put as a local test: a cell lies on a join when the nearest coloured cell up-left of it (itself
included) has the same colour as the nearest one down-right (or up-right and down-left). The graph
reads the nearest colour along a ray in uint8 (`_keyed_rays.nearest_diagonal`: ranked keys, a Max
doubled along the ray) on the grid's fixed-shape corner, without any per-colour channel, in colour + 1
codes; the joined code map is written to `output` by the one-QLinearConv code decoder.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import fixed_shape, nearest_along, same_shape
from ..local._code_decode import decode_code
from ._keyed_rays import corner_code, nearest_diagonal

RAYS = {"ul": (-1, -1), "dr": (1, 1), "ur": (-1, 1), "dl": (1, -1)}


def diagonal_join(grid):
    near = {k: nearest_along(grid, *d) for k, d in RAYS.items()}
    main = np.where(near["ul"] == near["dr"], near["ul"], 0)
    anti = np.where(near["ur"] == near["dl"], near["ur"], 0)
    if ((main > 0) & (anti > 0) & (main != anti)).any():
        return None                                  # two joins cross: no rule for the crossing
    return np.maximum(main, anti)


class DiagonalJoin(Solver, name="diagonal_join", tasks=("task037",), refuses="task094",
                   aliases=("c6_diagonal_join",)):
    """Pairs of same-coloured cells on a shared diagonal are joined by a diagonal line of their colour."""

    def plans(self, examples):
        shape = fixed_shape(examples)
        if shape is not None and same_shape(examples) and any(((o > 0) & (i == 0)).any() for i, o in examples):
            yield shape

    def rule(self, shape, grid):
        return diagonal_join(grid) if grid.shape == shape else None

    def build(self, shape):
        g = Graph()
        code, coloured = corner_code(g, shape, first=1)                                   # colour + 1
        near = nearest_diagonal(g, code, coloured, shape, RAYS)                           # colour + 1, 0: none
        zero = g.const(np.uint8(0))
        main = g.Where(g.Equal(near["ul"], near["dr"], name="main_join"), near["ul"], zero, name="main")
        anti = g.Where(g.Equal(near["ur"], near["dl"], name="anti_join"), near["ur"], zero, name="anti")
        joined = g.Max(main, anti, g.const(np.uint8(1), name="black_code"), name="joined")   # no join: black
        return g.model(decode_code(g, joined, shape))
