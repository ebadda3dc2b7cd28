"""Pair halo: cells of the source colour that touch another source cell (side by side: dominoes and longer runs)
get a ring of the halo colour over the background cells around them (their eight neighbours); isolated
source cells stay bare.

Graph, on the square the generator's grids fit in (S x S, at most 18): a 2x2 Conv dilated by 30 - S reads one
plane off the grid's corner (5 on source cells, 1 on the other grid cells, 0 outside), cast to uint8; a
QLinearConv with a plus-shaped kernel, 5 at the centre and 1 on each side, scores it: a source cell with a
source neighbour scores 30 or more; a uint8 3x3 MaxPool spreads those over their neighbours, kept on the
plane's 1 cells (background inside the grid); the bool mask is padded back to the canvas and one Where paints
the halo colour into `input`.
"""
from __future__ import annotations

import numpy as np
from onnx import TensorProto

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import dilate, one_colour_change, same_shape


def pair_halo(grid: np.ndarray, source: int, colour: int, bg: int) -> np.ndarray | None:
    src = grid == source
    padded = np.pad(src, 1)
    touching = padded[:-2, 1:-1] | padded[2:, 1:-1] | padded[1:-1, :-2] | padded[1:-1, 2:]
    ring = dilate(src & touching, 8) & ~src
    if (grid[ring] != bg).any():
        return None
    return np.where(ring, colour, grid)


class PairHalo(Solver, name="pair_halo", tasks=("task278",), refuses="task243", fit_splits=("train", "arc-gen")):
    """Source-colour cells that have a source-colour side neighbour (pairs) get a halo of another colour over the
    background around them; lone source cells are left alone."""

    def plans(self, examples):
        """(source, halo colour, background, side): the changes name background and halo colour, the source is
        the inputs' one other colour; the side is the largest grid of train and arc-gen."""
        if not same_shape(examples):
            return
        change = one_colour_change(examples)
        if change is None:
            return
        bg, colour = change
        sources = {int(v) for i, _ in examples for v in np.unique(i)} - {colour, bg}
        if len(sources) == 1:
            yield sources.pop(), colour, bg, max(max(i.shape) for i, _ in examples)

    def rule(self, plan, grid):
        source, colour, bg, side = plan
        if max(grid.shape) > side:
            return None
        return pair_halo(grid, source, colour, bg)

    def build(self, plan):
        source, colour, bg, s = plan
        g = Graph()
        # one uint8 plane off the S x S corner (a 2x2 Conv dilated by 30 - S reads only its top-left tap):
        # 5 on source cells, 1 on the other grid cells, 0 outside the grid
        code = np.zeros((1, 10, 2, 2), np.float32)
        code[0, :, 0, 0] = 1
        code[0, source, 0, 0] = 5
        if s < 30:
            plane = g.Conv(g.input, g.const(code, name="code_w"), kernel_shape=[2, 2], dilations=[30 - s, 30 - s],
                           name="plane_f")                                                     # [1,1,S,S]
        else:
            plane = g.Conv(g.input, g.const(code[:, :, :1, :1], name="code_w"), kernel_shape=[1, 1], name="plane_f")
        plane = g.Cast(plane, to=TensorProto.UINT8, name="plane")
        scale, zero = g.const(np.float32(1), name="scale"), g.const(np.uint8(0), name="zero")
        plus = np.uint8([[[[0, 1, 0], [1, 5, 1], [0, 1, 0]]]])
        # a source cell with a source side neighbour scores 25 + 5 or more; a lone source cell at most 25 + 4,
        # any other cell at most 5 + 20
        score = g.QLinearConv(plane, scale, zero, g.const(plus, name="plus"), scale, zero, scale, zero,
                              pads=[1, 1, 1, 1], name="score")
        near = g.MaxPool(score, kernel_shape=[3, 3], pads=[1, 1, 1, 1], name="near")
        ring = g.And(g.Greater(near, g.const(np.uint8(29), name="thr"), name="near_b"),
                     g.Equal(plane, g.const(np.uint8(1), name="one"), name="bare"), name="ring")
        if s < 30:
            ring = g.Pad(ring, g.ints([0, 0, 0, 0, 0, 0, 30 - s, 30 - s]), name="ring30")
        paint = np.zeros((1, 10, 1, 1), np.float32)
        paint[0, colour] = 1
        return g.model(g.Where(ring, g.const(paint, name="halo_colour"), g.input))
