"""Quadrant mirror: a square odd grid split by a central cross; the top-left quadrant, mirrored into all
four corners of a (n-1)-square, is the output (its cells in the cross's colour, or their own).

Graph: n = sqrt(cell count) is odd, so n <= 29 and the quadrant lies in the 14 x 14 corner. A dilated 2x2
Conv (`corner_plane`) turns that corner into a colour code, cast to one byte a cell and padded by an empty
(code 0) row and column 14; a 30-long index vector folds rows past the middle back (14, the empty line,
past the output), two Gathers fold the code, and one Equal against channel codes writes the output.

Crop variant (`quadrant_mirror:crop<S>`): grids at most S x S (solvers.corner_extent, the generator's bound)
have n <= S, so the quadrant lies in the q = (S-1)//2 corner and the output in the 2q corner: the fold is 2q
long and one QLinearConv decodes the 2q x 2q code into `output` (see `build_crop`).
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_graph import corner_plane
from ..local._code_decode import decode_code

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

    def candidates(self, examples):
        yield from self.with_corner_variant(examples, lambda recolour, side: self.build_crop(recolour, (side - 1) // 2),
                                            square=True)

    def build_crop(self, recolour, quarter: int):
        """The quadrant in the quarter x quarter corner, the output at most L = 2 quarter a side: the fold is
        L long and the code is gathered to L x L, then decoded into `output` by one QLinearConv whose padding
        reaches the canvas (`decode_code` for own colours).

        Recoloured, the code is int8 -1 black, 0 empty, +1 shape, so a 1x1 kernel with a negative weight for
        black and a positive one for the cross colour (0 elsewhere) writes both at once. The kernel is computed:
        the colour counts of the probe columns `quarter` and `quarter` + 1, scaled by (-1, 1, ..., 1). They lie
        right of the quadrant for every grid, so they hold no shape cell, only black and the cross colour: the
        cross column itself when n = 2 quarter + 1, else the cross row's cells there (seen when n > quarter + 1,
        which the generator's n >= 7 = quarter + 1 keeps) and black above and below it."""
        size = 2 * quarter
        g = Graph()
        side = g.Sqrt(g.ReduceSum(g.input, keepdims=0), name="side")          # n
        y = g.const(np.arange(size, dtype=np.int32), name="y")
        last = g.Sub(g.Cast(side, to=6, name="side_i"), g.const(np.int32(1), name="one_i"), name="out_side")
        mirror = g.Sub(g.Sub(last, g.const(np.int32(1), name="one_i")), y, name="mirror")
        fold = g.Where(g.Less(y, last), g.Min(y, mirror, name="folded"), g.const(np.int32(quarter), name="empty"),
                       name="fold")                                                          # [L]
        if recolour:
            plane, dtype = corner_plane(g, np.r_[-1, np.ones(9)], (quarter, quarter), "shape_code"), 3
        else:
            plane, dtype = corner_plane(g, np.arange(1, 11), (quarter, quarter), "colour_code"), 2
        code = g.Pad(g.Cast(plane, to=dtype, name="code_cast"), g.ints([0, 0, 0, 0, 0, 0, 1, 1], name="empty_line"),
                     name="code_padded")                                                     # [1,1,q+1,q+1]
        code = g.Gather(g.Gather(code, fold, axis=2, name="rows_folded"), fold, axis=3, name="cell_code")  # [1,1,L,L]
        if not recolour:
            return g.model(decode_code(g, code, (size, size)))
        probe = np.zeros((1, 1, 30), np.float32)
        probe[..., quarter:quarter + 2] = 1.0
        sign = np.r_[-1.0, np.ones(9)].astype(np.float32)
        kernel = g.Einsum(g.input, g.floats(probe, name="probe_columns"), g.floats(sign, name="black_sign"),
                          equation="bcij,xyj,c->cbxy", name="channel_weight_f")                # [10,1,1,1]
        kernel = g.Cast(kernel, to=3, name="channel_weight")
        unit, zero = g.const(np.float32(1), name="unit_scale"), g.const(np.int8(0), name="zero_point")
        return g.model(g.QLinearConv(code, unit, zero, kernel, unit, zero, unit, zero,
                                     pads=[0, 0, 30 - size, 30 - size]))

    def build(self, recolour, quarter: int = QUARTER):
        g = Graph()
        side = g.Sqrt(g.ReduceSum(g.input, keepdims=0), name="side")          # n
        y = g.const(np.arange(30, dtype=np.int32), name="y")
        n = g.Cast(side, to=6, name="side_i")                                    # int32
        last = g.Sub(n, g.const(np.int32(1), name="one_i"), name="out_side")      # n - 1, the output's side
        half = g.Div(last, g.const(np.int32(2), name="two_i"), name="half")     # q
        # y < n - 1: min(y, n - 2 - y) folds the lower half back; past the output the empty line `quarter`
        mirror = g.Sub(g.Sub(last, g.const(np.int32(1), name="one_i")), y, name="mirror")
        fold = g.Where(g.Less(y, last), g.Min(y, mirror, name="folded"), g.const(np.int32(quarter), name="empty"),
                       name="fold")
        if recolour:
            # the cross colour's code comes from the centre cell; colour cells all read "shape" (2)
            w = np.r_[1, 2 * np.ones(9)].astype(np.float32)
        else:
            w = np.arange(1, 11, dtype=np.float32)
        code = corner_plane(g, w, (quarter, quarter), "colour_code")                      # [1,1,q,q]
        code = g.Pad(g.Cast(code, to=2, name="colour_code_u8"), g.ints([0, 0, 0, 0, 0, 0, 1, 1], name="empty_line"),
                     name="colour_code_padded")                                            # [1,1,q+1,q+1]
        code = g.Gather(g.Gather(code, fold, axis=2, name="rows_folded"), fold, axis=3, name="cell_code")
        if not recolour:
            return g.model(g.Equal(code, g.const(np.arange(1, 11, dtype=np.uint8).reshape(1, 10, 1, 1))))
        # channel codes: black 1, the cross colour 2, others never
        at_mid = g.OneHot(g.Unsqueeze(half, g.ints([0], name="axis0"), name="half_1"), g.floats(30.0, name="depth"),
                          g.floats([0.0, 1.0], name="off_on"), name="at_mid")                  # [1,30] one-hot
        # want[k] = 1 + 9 [k > 0] - 8 [k > 0] centre[k]: the centre is one colour, so the constant folds into
        # a table read by it (row c: 1 for black, 2 for colour c, 10 for the rest)
        table = np.where(np.eye(10) > 0, 2.0, 10.0).astype(np.float32)
        table[:, 0] = 1.0
        want = g.Einsum(g.input, at_mid, at_mid, g.floats(table, name="code_table"),
                        equation="bcij,xi,yj,ck->bkxy", name="channel_code")                  # [1,10,1,1]
        want = g.Cast(want, to=2, name="channel_code_u8")
        return g.model(g.Equal(code, want))
