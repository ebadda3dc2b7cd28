"""Opposite corners: a single 2 x 2 block of four colours throws each cell's colour as a 2 x 2 square
onto the diagonally opposite side of the block (top-left cell -> square below-right, ...), clipped
by the grid; the block stays.

The graph works on one-byte planes of the grid, never a [1,10,...] crop. The block never touches the
grid's border (the generator draws its top-left in 1..size-3), so only the inner window is read: its
colours (a cropping 1x1 ConvTranspose, `corner_plane`) cast to uint8, and beside them a 255-where-coloured
channel (one 1x1 QLinearConv whose second channel's scale saturates). One QLinearConv then writes each
square's first cell: colour + 255 * (the cell diagonally inward is coloured) - 255, which uint8 saturation
keeps only where the colour sits at the block's matching corner (the four corners' taps never overlap). A
2x2 QLinearConv spreads the first cells over their squares (+ 1), the window padded to the grid adds the
block: the colour code (colour + 1) of the answer, which `decode_code` writes into `output`.
"""
from __future__ import annotations

import numpy as np
from onnx import TensorProto

from neurogolf.graph import Graph

from .. import Solver
from .._common_graph import corner_plane
from .._common_grids import fixed_shape, same_shape
from ..local._code_decode import decode_code

ROLES = ((0, 0, 2, 2), (0, 1, 2, -2), (1, 0, -2, 2), (1, 1, -2, -2))   # cell (dr, dc) -> square origin (rows, cols)


def block_origin(grid):
    """(r0, c0) of the one 2 x 2 block of colour, None when the colours form no such block."""
    cells = np.argwhere(grid != 0)
    if len(cells) != 4 or not (cells.max(0) - cells.min(0) == 1).all():
        return None
    return tuple(int(v) for v in cells.min(0))


def throw(grid):
    """The answer; None unless one 2 x 2 block lies off the grid's border (the graph reads the inner window)."""
    origin = block_origin(grid)
    h, w = grid.shape
    if origin is None or min(origin) < 1 or origin[0] + 2 > h - 1 or origin[1] + 2 > w - 1:
        return None
    r0, c0 = origin
    out = grid.copy()
    for dr, dc, sr, sc in ROLES:
        out[max(0, r0 + sr):max(0, r0 + sr + 2), max(0, c0 + sc):max(0, c0 + sc + 2)] = grid[r0 + dr, c0 + dc]
    return out


def _qconv(g: Graph, x: str, weight, bias, pads, name: str, w_scale=None) -> str:
    """uint8 QLinearConv with unit input/output scales and zero offsets (int8 weights); `w_scale`, one per
    output channel, scales a channel's sums (where they saturate at 255)."""
    one, zero = g.const(np.float32(1), name="unit_scale"), g.const(np.uint8(0), name="zero_u8")
    ws = one if w_scale is None else g.const(np.asarray(w_scale, np.float32), name=f"{name}_scale")
    zeros = np.zeros(len(w_scale), np.int8) if w_scale is not None else np.int8(0)
    inputs = [x, one, zero, g.const(np.asarray(weight, np.int8), name=f"{name}_w"), ws,
              g.const(zeros, name="zero_i8"), one, zero]
    if bias is not None:
        inputs.append(g.const(np.asarray(bias, np.int32), name=f"{name}_b"))
    return g.QLinearConv(*inputs, pads=list(pads), name=name)


class OppositeCorners(Solver, name="opposite_corners", tasks=("task225",), refuses="task353",
                      aliases=("c2_opposite_corners",)):
    """A single 2x2 block of four colours: each cell's colour is thrown as a 2x2 square to the diagonally opposite side
    of the block (clipped by the grid)."""

    def plans(self, examples):
        """Fixed-size grids only (at least 4 x 4): the graph's planes have the grid's size."""
        shape = fixed_shape(examples)
        if shape is not None and same_shape(examples) and min(shape) >= 4:
            yield shape

    def rule(self, shape, grid):
        return throw(grid) if grid.shape == shape else None

    def build(self, shape):
        h, w = shape
        g = Graph()
        # the inner window (rows and columns 1 .. size-2): colour, and 255 where coloured
        colour = g.Cast(corner_plane(g, np.arange(10), (h - 1, w - 1), "colour_f", origin=(1, 1)),
                        to=TensorProto.UINT8, name="colour")
        window = _qconv(g, colour, np.ones((2, 1, 1, 1)), None, [0, 0, 0, 0], "colour_and_coloured",
                        w_scale=np.float32([1, 255]))             # channel 1 saturates: 255 where coloured
        # on the grid and the row and column before it (a square may start at -1), each square's first cell
        # holds the thrown colour; a tap at grid offset o reads window cell P + o - (1, 1)
        taps = [(0, -(sr - dr), -(sc - dc)) for dr, dc, sr, sc in ROLES]                  # the corner's colour
        taps += [(1, -(sr - dr) + 1 - 2 * dr, -(sc - dc) + 1 - 2 * dc) for dr, dc, sr, sc in ROLES]   # inward
        lo = min(min(t[1], t[2]) for t in taps)
        k = max(max(t[1], t[2]) for t in taps) - lo + 1
        weight = np.zeros((1, 2, k, k), np.int8)
        for in_c, oy, ox in taps:
            weight[0, in_c, oy - lo, ox - lo] = 1
        top = 2 - lo                                   # output row 0 is grid row -1, input row 0 grid row 1
        bottom = 2 + k - top
        firsts = _qconv(g, window, weight, [-255], [top, top, bottom, bottom], "square_firsts")
        # each square's four cells read its first cell (offsets -1, 0), + 1; the block adds its colour
        squares = _qconv(g, firsts, np.ones((1, 1, 2, 2)), [1], [0, 0, 0, 0], "squares_code")
        block = g.Pad(colour, g.ints([0, 0, 1, 1, 0, 0, 1, 1], name="window_to_grid"), name="block")
        code = g.Add(squares, block, name="code")
        return g.model(decode_code(g, code, (h, w)))
