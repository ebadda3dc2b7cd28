"""The coloured cells occupy a band of consecutive rows (columns); the output repeats that
band periodically over the whole grid, up and down (left and right), period = the band's height.

Graph: the band's first and last line come from ArgMax over a coloured-line profile; one Gather with
index first + (k - first) mod height writes the output (lines beyond the grid read their own zeros)."""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_graph import last_index
from .._common_grids import N, same_shape


def band_repeat(grid: np.ndarray, axis: int) -> np.ndarray | None:
    """Lines wrap into the band: line k shows band line first + (k - first) mod height."""
    g = grid if axis == 2 else grid.T
    rows = np.flatnonzero((g != 0).any(axis=1))
    if not len(rows):
        return None
    first, p = rows[0], rows[-1] - rows[0] + 1
    out = g[first + (np.arange(g.shape[0]) - first) % p]
    return out if axis == 2 else out.T


class BandRepeat(Solver, name="band_repeat", tasks=("task215",), refuses="task193", aliases=("c3_bandrepeat",)):
    """Output = the band of rows (or columns) holding the coloured cells repeated periodically over the whole grid, the
    band's height being the period."""

    def plans(self, examples):
        if same_shape(examples) and not all(np.array_equal(i, o) for i, o in examples):
            yield from (2, 3)

    def rule(self, axis, grid):
        return band_repeat(grid, axis)

    def build(self, axis):
        g = Graph()
        other = 3 if axis == 2 else 2
        per_colour = g.ReduceMax(g.input, axes=[0, other], keepdims=0, name="line_colours")
        coloured = g.ReduceMax(g.Slice(per_colour, g.ints([1]), g.ints([10]), g.ints([0]), name="nonbg_lines"),
                               axes=[0], keepdims=0, name="coloured_lines")
        first = g.ArgMax(coloured, axis=0, keepdims=1, name="band_first")
        last = g.ArgMax(coloured, axis=0, keepdims=1, select_last_index=1, name="band_last")
        period = g.Add(g.Sub(last, first, name="band_span"), g.ints([1], name="one"), name="period")
        k = g.const(np.arange(N, dtype=np.int64), name="arange")
        wrapped = g.Add(first, g.Mod(g.Sub(k, first, name="offset"), period, name="phase"), name="wrapped")
        extent = last_index(g, axis)
        inside = g.Not(g.Greater(k, extent, name="beyond"), name="inside")
        return g.model(g.Gather(g.input, g.Where(inside, wrapped, k, name="source"), axis=axis))
