"""Plus stars: each plus (a centre cell and its four arms, the arms one colour) grows into a star, its centre's
colour on the diagonals and its arms' colour on the orthogonals, out to a fitted reach (task012: 2).

The graph works on one-byte planes, never a [1,10,...] crop. A star lies inside the grid, so only the band
its arms can reach is read: its colours (a cropping 1x1 ConvTranspose, `corner_plane`) cast to uint8, and
beside them 255 where coloured (one 1x1 QLinearConv whose second channel's scale saturates). One 3x3
QLinearConv writes, on the cells a centre can hold, the centre's colour and its arm's colour: colour + 255 *
(coloured neighbours) - 4 * 255 (and - 5 * 255 with the centre itself for the arm), which uint8 saturation
keeps only at a centre. One QLinearConv stamps both over the star (+ 1): the colour code of the answer,
which `decode_code` writes into `output`.
"""
from __future__ import annotations

import numpy as np
from onnx import TensorProto

from neurogolf.graph import Graph

from .. import Solver
from .._common_graph import corner_plane
from .._common_grids import fixed_shape, same_shape
from ..local._code_decode import decode_code
from .opposite_corners import _qconv

ORTH = ((1, 0), (-1, 0), (0, 1), (0, -1))
DIAG = ((1, 1), (1, -1), (-1, 1), (-1, -1))


def grow(grid, reach):
    """The answer; None unless every coloured cell is a plus's centre or arm (arms one colour), every star lies
    inside the grid and no two stars meet (the graph adds their codes)."""
    h, w = grid.shape
    on = np.pad(grid != 0, 1)
    centres = np.argwhere(on[1:-1, 1:-1] & on[:-2, 1:-1] & on[2:, 1:-1] & on[1:-1, :-2] & on[1:-1, 2:])
    out = np.zeros_like(grid)
    painted = np.zeros(grid.shape, bool)
    covered = np.zeros(grid.shape, bool)
    for r, c in centres:
        if not (reach <= r < h - reach and reach <= c < w - reach):
            return None
        arm = {int(grid[r + dr, c + dc]) for dr, dc in ORTH}
        if len(arm) != 1:
            return None
        covered[r, c] = True
        for dr, dc in ORTH:
            covered[r + dr, c + dc] = True
        cells = [(r, c, grid[r, c])]
        cells += [(r + k * dr, c + k * dc, grid[r, c]) for dr, dc in DIAG for k in range(1, reach + 1)]
        cells += [(r + k * dr, c + k * dc, grid[r + 1, c]) for dr, dc in ORTH
                  for k in range(1, reach + 1)]
        for y, x, colour in cells:
            if painted[y, x]:
                return None
            painted[y, x] = True
            out[y, x] = colour
    if len(centres) == 0 or ((grid != 0) & ~covered).any():
        return None
    return out


class PlusStar(Solver, name="plus_star", tasks=("task012",), refuses="task225"):
    """Each plus (centre and four one-colour arms) grows into a star: centre colour on the diagonals, arm colour on
    the orthogonals, out to a fixed reach; fixed-size grids."""

    def plans(self, examples):
        """(shape, reach), the shortest reach first."""
        shape = fixed_shape(examples)
        if shape is not None and same_shape(examples):
            for reach in range(1, (min(shape) - 1) // 2 + 1):
                yield shape, reach

    def rule(self, plan, grid):
        shape, reach = plan
        return grow(grid, reach) if grid.shape == shape else None

    def build(self, plan):
        (h, w), reach = plan
        g = Graph()
        band = reach - 1                  # the arms lie in rows and columns band .. size-1-band
        colour = g.Cast(corner_plane(g, np.arange(10), (h - band, w - band), "colour_f", origin=(band, band)),
                        to=TensorProto.UINT8, name="colour")
        planes = _qconv(g, colour, np.ones((2, 1, 1, 1)), None, [0, 0, 0, 0], "colour_and_coloured",
                        w_scale=np.float32([1, 255]))             # channel 1 saturates: 255 where coloured
        # on the cells a centre can hold (rows and columns reach .. size-1-reach), tap (1 + dy, 1 + dx)
        gate = np.zeros((2, 2, 3, 3), np.int8)
        gate[0, 0, 1, 1] = 1                                      # the centre's colour
        gate[1, 0, 2, 1] = 1                                      # the arm's colour (the arm below)
        for dy, dx in ORTH:
            gate[:, 1, 1 + dy, 1 + dx] = 1
        gate[1, 1, 1, 1] = 1                                      # the arm's gate needs the centre coloured too
        centres = _qconv(g, planes, gate, [-4 * 255, -5 * 255], [0, 0, 0, 0], "centre_colours")
        # stamp: output cell P reads centre cell P - s (s the star offset) at tap reach - s
        n = 2 * reach + 1
        stamp = np.zeros((1, 2, n, n), np.int8)
        stamp[0, 0, reach, reach] = 1
        for k in range(1, reach + 1):
            for dy, dx in DIAG:
                stamp[0, 0, reach - k * dy, reach - k * dx] = 1
            for dy, dx in ORTH:
                stamp[0, 1, reach - k * dy, reach - k * dx] = 1
        code = _qconv(g, centres, stamp, [1], [2 * reach] * 4, "code")
        return g.model(decode_code(g, code, (h, w)))
