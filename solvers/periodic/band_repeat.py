"""The coloured cells occupy a band of consecutive rows (columns); the output repeats that
band periodically over the whole grid, up and down (left and right), period = the band's height.

Graph: the band's first and last line come from ArgMax over a coloured-line profile (uint8 0/1 from one Einsum of the
input with a non-black weight); the index first + (k - first) mod height is worked out in uint8 and cast to
int32 once for the one Gather that writes the output (lines beyond the grid read their own zeros)."""
from __future__ import annotations

import numpy as np

from onnx import TensorProto

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
        term = "i" if axis == 2 else "j"
        coloured = g.Einsum(g.input, g.floats([0] + [1] * 9, name="ink"), equation=f"bcij,c->{term}",
                            name="ink_per_line")
        coloured = g.Cast(g.Greater(coloured, g.floats(0.5, name="half"), name="coloured_b"), to=TensorProto.UINT8,
                          name="coloured_lines")
        u8 = TensorProto.UINT8                       # every line index and period fits a byte
        first = g.Cast(g.ArgMax(coloured, axis=0, keepdims=1, name="band_first"), to=u8, name="first")
        last = g.Cast(g.ArgMax(coloured, axis=0, keepdims=1, select_last_index=1, name="band_last"), to=u8,
                      name="last")
        one = g.const(np.array([1], np.uint8), name="one")
        period = g.Add(g.Sub(last, first, name="span"), one, name="period")
        # (k - first) mod period as (k + lift) mod period with lift = (-first) mod period >= 0: no negative byte
        lift = g.Mod(g.Sub(period, g.Mod(first, period, name="first_phase"), name="to_next"), period, name="lift")
        k = g.const(np.arange(N, dtype=np.uint8), name="lines")
        wrapped = g.Add(first, g.Mod(g.Add(k, lift, name="lifted"), period, name="phase"), name="wrapped")
        beyond = g.Greater(k, last_index(g, axis, u8), name="beyond")
        source = g.Cast(g.Where(beyond, k, wrapped, name="source_u8"), to=TensorProto.INT32, name="source")
        return g.model(g.Gather(g.input, source, axis=axis))
