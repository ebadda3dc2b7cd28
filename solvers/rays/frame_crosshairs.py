"""Every hollow k x k square of the frame colour shoots a line of a new colour through its
centre row and centre column across the whole grid; frame cells keep their colour.

A centre is a background cell whose eight ring cells at distance (k-1)/2 (corners and edge middles)
are all frame: one 3x3 dilated uint8 QLinearConv on the frame channel counts them (1 at a centre,
saturating at 0 elsewhere). Its row and column maxima mark the lines, so nothing larger than the grid's
own frame channel is ever stored; the line mask is padded to the canvas as uint8 and one Where paints the
line colour over the input.
"""
from __future__ import annotations

import numpy as np
from onnx import TensorProto

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import fixed_shape, same_shape
from ._graphs import channel, paint_colour


def _centres(frame: np.ndarray, k: int) -> np.ndarray:
    d = (k - 1) // 2
    h, w = frame.shape
    pad = np.pad(frame, d)
    ring = sum(pad[d + dr:d + dr + h, d + dc:d + dc + w]
               for dr in (-d, 0, d) for dc in (-d, 0, d) if (dr, dc) != (0, 0))
    return (ring == 8) & ~frame


def crosshair(grid, frame_colour, line_colour, k):
    frame = grid == frame_colour
    c = _centres(frame, k)
    line = c.any(1)[:, None] | c.any(0)[None, :]
    return np.where(line & ~frame, line_colour, grid)


class FrameCrosshairs(Solver, name="frame_crosshairs", tasks=("task094",), refuses="task179",
                      aliases=("c6_crosshair",)):
    """Hollow square frames shoot lines of a new colour through their centre row and column."""

    def plans(self, examples):
        shape = fixed_shape(examples)
        if shape is None or not same_shape(examples):
            return
        in_cols = set().union(*(set(np.unique(i).tolist()) for i, _ in examples))
        new = set().union(*(set(np.unique(o).tolist()) for _, o in examples)) - in_cols
        if len(in_cols) != 2 or len(new) != 1:
            return
        line = new.pop()
        for frame in sorted(in_cols):
            for k in (3, 5, 7, 9):
                if any(_centres(i == frame, k).any() for i, _ in examples):
                    yield shape, frame, line, k

    def rule(self, plan, grid):
        shape, frame, line, k = plan
        return crosshair(grid, frame, line, k) if grid.shape == shape else None

    def build(self, plan):
        (h, w), frame, line, k = plan
        d = (k - 1) // 2
        g = Graph()
        frame_ch = g.Cast(channel(g, frame, (h, w), "frame_cells"), to=TensorProto.UINT8, name="frame_u8")
        ring = np.ones((1, 1, 3, 3), np.int8)
        ring[0, 0, 1, 1] = -1
        scale, zero, zero_i8 = (g.const(np.float32(1), name="scale"), g.const(np.uint8(0), name="zero"),
                                g.const(np.int8(0), name="zero_i8"))
        centre = g.QLinearConv(frame_ch, scale, zero, g.const(ring, name="ring"), scale, zero_i8, scale, zero,
                               g.const(np.int32([-7]), name="minus7"), dilations=[d, d], pads=[d, d, d, d],
                               name="centre_score")                              # uint8: 1 at centres, 0 else
        row_has = g.ReduceMax(centre, axes=[3], keepdims=1, name="row_has_centre")
        col_has = g.ReduceMax(centre, axes=[2], keepdims=1, name="col_has_centre")
        on_line = g.Or(g.Greater(row_has, frame_ch, name="row_line"), g.Greater(col_has, frame_ch, name="col_line"),
                       name="line_cells")
        padded = g.Pad(g.Cast(on_line, to=2, name="line_u8"), g.ints([0, 0, 0, 0, 0, 0, 30 - h, 30 - w]),
                       name="line_canvas_u8")
        return g.model(g.Where(g.Cast(padded, to=9, name="line_canvas"), paint_colour(g, line), g.input))
