"""Grids of 0 and one colour m: every m cell becomes colour a where its distance to the far edge (the last
column, or the last row) is even and colour b where it is odd (e.g. every other 5 from the right turns 3).

Graph: one Einsum reading the input twice, no intermediate. With q = (1, -2, 2, -2, ...) along the axis, the
grid's extent n gives sum_{t<n} q_t = +1 for odd n, -1 for even n, and q_u has the sign of (-1)^u, so
(sum_t q_t) q_u > 0 exactly where n - 1 - u is even. One [30, 2] table holds (1, q) and is read for both
the extent (over every cell, times the positive cell count) and the cell's own index. A cell carries the
2-d vector (its 0-ness, its m-ness times that sign), and channel c scores its dot product with c's vector:
0 -> (1, 0), a -> (0, 1), b -> (0, -1)."""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import C, N, same_shape


def _recoloured(grid, plan):
    m, a, b, axis = plan["colour"], plan["even"], plan["odd"], plan["axis"]
    n = grid.shape[axis]
    far = (n - 1 - np.arange(n)) % 2 == 0
    far = far[:, None] if axis == 0 else far[None, :]
    return np.where(grid == m, np.where(far, a, b), grid)


def _parity_colours(examples, m, axis):
    """{0: colour of m cells at an even far distance, 1: at an odd one}, or None unless every example agrees
    and keeps its other cells."""
    found = {}
    for i, o in examples:
        n = i.shape[axis]
        dist = (n - 1 - np.arange(n)) % 2
        dist = np.broadcast_to(dist[:, None] if axis == 0 else dist[None, :], i.shape)
        if not np.array_equal(o[i != m], i[i != m]):
            return None
        for parity in (0, 1):
            for v in np.unique(o[(i == m) & (dist == parity)]).tolist():
                if found.setdefault(parity, v) != v:
                    return None
    return found if len(found) == 2 else None


class FarParityRecolour(Solver, name="far_parity_recolour", tasks=("task332",), refuses="task322"):
    """Grids of 0 and one colour m: every m cell becomes one colour at an even distance from the far column (or
    row), another at an odd distance."""

    def plans(self, examples):
        if not same_shape(examples):
            return
        colours = {int(v) for i, _ in examples for v in np.unique(i)} - {0}
        if len(colours) != 1:
            return
        m = colours.pop()
        for axis in (1, 0):
            found = _parity_colours(examples, m, axis)
            if found and 0 not in found.values() and found[0] != found[1]:
                yield {"colour": m, "even": found[0], "odd": found[1], "axis": axis}

    def rule(self, plan, grid):
        if set(np.unique(grid).tolist()) - {0, plan["colour"]}:
            return None
        return _recoloured(grid, plan)

    def build(self, plan):
        q = np.where(np.arange(N) % 2 == 0, 2.0, -2.0)
        q[0] = 1
        ones_and_q = np.stack([np.ones(N), q], 1).astype(np.float32)       # [index, (1, q)]
        cell = np.zeros((C, 2), np.float32)                                 # [cell colour, (0-ness, m-ness)]
        cell[0, 0], cell[plan["colour"], 1] = 1, 1
        channel = np.zeros((C, 2), np.float32)                              # [output channel, vector]
        channel[0, 0], channel[plan["even"], 1], channel[plan["odd"], 1] = 1, 1, -1
        g = Graph()
        line = g.const(ones_and_q, name="ones_and_q")
        equation = "bdij,dk,ck,bers,sk,jk->bcij" if plan["axis"] == 1 else "bdij,dk,ck,bers,rk,ik->bcij"
        return g.model(g.Einsum(g.input, g.const(cell, name="cell_vectors"), g.const(channel, name="channel_vectors"),
                                g.input, line, line, equation=equation))
