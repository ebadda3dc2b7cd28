"""Diagonal marks: two s x s blocks touching corner to corner get two marker blocks of a new colour
on the other diagonal, one block-step beyond each end (s = 1, 2 or 3).

One uint8 QLinearConv on the empty cells' channel (read from zero point 1: -1 on a block) scores every
(scale, orientation) template over its window plus an empty ring (+1 on block cells, -1 on cells that must be empty; bias 1 - 2*s*s, so an exact
match scores 1 and the uint8 saturation at 0 drops the rest), and a second stamps the two marker blocks from
every match (2 per mark).
One padding 1x1 QLinearConv of (empty, marks) from zero point 1 writes the answer (see `build`).
"""
from __future__ import annotations

import numpy as np
from onnx import TensorProto

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import fixed_shape, same_shape

SCALES = (1, 2, 3)
WIN = 2 * max(SCALES) + 2          # template window, ring included
REACH = 3 * max(SCALES)            # marker cells lie within [-s, 3s) of the template origin


def _template(s, anti):
    t = -np.ones((2 * s + 2, 2 * s + 2), np.float32)
    for br, bc in ((0, 1), (1, 0)) if anti else ((0, 0), (1, 1)):
        t[1 + br * s:1 + (br + 1) * s, 1 + bc * s:1 + (bc + 1) * s] = 1
    return t


def _marks(s, anti):
    """Marker cell offsets from the template origin (top-left of its block square)."""
    corners = ((-1, -1), (2, 2)) if anti else ((-1, 2), (2, -1))
    return [(mr * s + a, mc * s + b) for mr, mc in corners for a in range(s) for b in range(s)]


def diagonal_marks(grid, block, marker):
    h, w = grid.shape
    x = np.pad((grid == block).astype(np.float32), WIN)
    out = grid.copy()
    for s in SCALES:
        for anti in (0, 1):
            t = _template(s, anti)
            for r in range(-1, h):
                for c in range(-1, w):
                    win = x[WIN + r - 1:WIN + r + 2 * s + 1, WIN + c - 1:WIN + c + 2 * s + 1]
                    if (win * t).sum() == 2 * s * s:
                        for dr, dc in _marks(s, anti):
                            if 0 <= r + dr < h and 0 <= c + dc < w:
                                out[r + dr, c + dc] = marker
    return out


class DiagonalMarks(Solver, name="diagonal_marks", tasks=("task042",), refuses="task119",
                    aliases=("c6_diagonal_marks",)):
    """Two blocks touching corner to corner get marker blocks beyond the ends of the other diagonal."""

    def plans(self, examples):
        """(shape, block colour, marker colour): the inputs hold one colour, the outputs add one."""
        shape = fixed_shape(examples)
        if shape is None or not same_shape(examples):
            return
        ins = set().union(*(set(np.unique(i).tolist()) for i, _ in examples)) - {0}
        new = set().union(*(set(o[i != o].tolist()) for i, o in examples))
        if len(ins) == 1 and len(new) == 1:
            yield shape, ins.pop(), new.pop()

    def rule(self, plan, grid):
        shape, block, marker = plan
        return diagonal_marks(grid, block, marker) if grid.shape == shape else None

    def build(self, plan):
        (h, w), block, marker = plan
        g = Graph()
        # the empty cells (channel 0): read from zero point 1, a grid cell reads -1 on a block and 0 when empty,
        # and a padded cell 0 like an empty one
        empty = g.Cast(g.Slice(g.input, g.ints([0, 0, 0]), g.ints([1, h, w]), g.ints([1, 2, 3]), name="empty_cells"),
                       to=TensorProto.UINT8, name="empty_u8")
        kinds = [(s, anti) for s in SCALES for anti in (0, 1)]
        detect = np.zeros((len(kinds), 1, WIN, WIN), np.float32)
        for k, (s, anti) in enumerate(kinds):
            t = _template(s, anti)
            detect[k, 0, :t.shape[0], :t.shape[1]] = -t     # tap (i, j) reads offset (i-1, j-1); -block cells
        bias = np.array([1 - 2 * s * s for s, _ in kinds], np.float32)
        # one-byte convolutions: a uint8 output saturates at 0, so the template score's bias leaves 1 exactly at
        # a match and the saturation is the Relu
        scale, zero, one = g.const(np.float32(1), name="scale"), g.const(np.uint8(0), name="zero"), \
            g.const(np.uint8(1), name="one")
        match = g.QLinearConv(empty, scale, one, g.const(detect.astype(np.int8), name="templates"), scale,
                              g.const(np.int8(0), name="zero_i8"), scale, zero, g.const(bias.astype(np.int32),
                                                                                          name="match_bias"),
                              pads=[1, 1, WIN - 2, WIN - 2], name="match")      # 1 at a template origin
        size = REACH + max(SCALES)                                            # offsets -s .. 3s-1
        stamp = np.zeros((1, len(kinds), size, size), np.uint8)
        for k, (s, anti) in enumerate(kinds):
            for dr, dc in _marks(s, anti):                                    # cell p reads match at p - d
                stamp[0, k, REACH - 1 - dr, REACH - 1 - dc] = 1
        lo, hi = REACH - 1, max(SCALES)
        hits = g.QLinearConv(match, scale, zero, g.const(stamp, name="stamps"), scale, zero,
                             g.const(np.float32(0.5), name="half_scale"), zero,
                             pads=[lo, lo, hi, hi], name="marker_hits")         # 2 x the marks on a cell
        # from zero point 1 a grid cell reads (empty - 1, 2 marks - 1): (0, -1) empty, (-1, -1) block, (0, >= 1)
        # marked (the generator never marks a block cell), a padded cell (0, 0); one padding 1x1 QLinearConv
        # writes the answer: background e - m, block -e, marker m
        weights = np.zeros((10, 2, 1, 1), np.int8)
        weights[0, :, 0, 0] = (1, -1)
        weights[block, :, 0, 0] = (-1, 0)
        weights[marker, :, 0, 0] = (0, 1)
        return g.model(g.QLinearConv(g.Concat(empty, hits, axis=1, name="cell_state"), scale, one,
                                     g.const(weights, name="colour_lines"), scale, g.const(np.int8(0), name="zero_i8"),
                                     scale, zero, pads=[0, 0, 30 - h, 30 - w]))
