"""Quadrant mirror: a square odd grid split by a central cross; the top-left quadrant, mirrored into all
four corners of a (n-1)-square, is the output (its cells in the cross's colour, or their own).

Graph: n = sqrt(cell count) is odd, so n <= 29 and the quadrant lies in the 14 x 14 corner. A dilated 2x2
Conv (`corner_plane`) turns that corner into a colour code, cast to one byte a cell and padded by an empty
(code 0) row and column 14; a 30-long index vector folds rows past the middle back (14, the empty line,
past the output), two Gathers fold the code, and one Equal against channel codes writes the output.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_graph import corner_plane

QUARTER = 14        # the largest quadrant side: n odd and at most 30, so n <= 29


def quad_mirror(grid: np.ndarray, recolour: bool) -> np.ndarray | None:
    n = grid.shape[0]
    if grid.shape[1] != n or n % 2 == 0 or n < 3:
        return None
    q = n // 2
    line = grid[q, q]
    if not ((grid[q] == line).all() and (grid[:, q] == line).all()):
        return None
    quad = grid[:q, :q]
    full = np.block([[quad, quad[:, ::-1]], [quad[::-1], quad[::-1, ::-1]]])
    return np.where(full > 0, line, 0) if recolour else full


class QuadrantMirror(Solver, name="quadrant_mirror", tasks=("task109",), refuses="task206",
                     aliases=("c5_quadrant_mirror", "c3_quadmirror")):
    """Odd square grid with a central cross: top-left quadrant mirrored four ways (cross colour)."""

    def plans(self, examples):
        yield from (True, False)

    def rule(self, recolour, grid):
        return quad_mirror(grid, recolour)

    def build(self, recolour):
        g = Graph()
        side = g.Sqrt(g.ReduceSum(g.input, keepdims=0), name="side")          # n
        y = g.floats(np.arange(30))
        half = g.Mul(g.Sub(side, g.floats(1.0)), g.floats(0.5), name="half")   # q
        folded = g.Where(g.Less(y, half), y,
                         g.Where(g.Less(y, g.Sub(side, g.floats(1.0))),
                                 g.Sub(g.Sub(side, g.floats(2.0)), y), g.floats(float(QUARTER))), name="fold_f")
        fold = g.Cast(folded, to=6, name="fold")
        if recolour:
            # the cross colour's code comes from the centre cell; colour cells all read "shape" (2)
            w = np.r_[1, 2 * np.ones(9)].astype(np.float32)
        else:
            w = np.arange(1, 11, dtype=np.float32)
        code = corner_plane(g, w, (QUARTER, QUARTER), "colour_code")                      # [1,1,14,14]
        code = g.Pad(g.Cast(code, to=2, name="colour_code_u8"), g.ints([0, 0, 0, 0, 0, 0, 1, 1], name="empty_line"),
                     name="colour_code_padded")                                            # [1,1,15,15]
        code = g.Gather(g.Gather(code, fold, axis=2, name="rows_folded"), fold, axis=3, name="cell_code")
        if not recolour:
            return g.model(g.Equal(code, g.const(np.arange(1, 11, dtype=np.uint8).reshape(1, 10, 1, 1))))
        # channel codes: black 1, the cross colour 2, others never
        at_mid = g.Cast(g.Equal(y, half), to=1, name="at_mid")                                # [30] one-hot
        centre = g.Einsum(g.input, at_mid, at_mid, equation="bcij,i,j->bc", name="centre_colour")  # [1,10]
        want = g.Add(g.Mul(centre, g.floats(np.r_[0, -8 * np.ones(9)].reshape(1, 10))),
                     g.floats(np.r_[1, 10 * np.ones(9)].reshape(1, 10)), name="channel_code")
        want = g.Cast(g.Unsqueeze(want, axes=[2, 3]), to=2, name="channel_code_u8")
        return g.model(g.Equal(code, want))
