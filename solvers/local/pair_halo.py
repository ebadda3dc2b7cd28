"""Pair halo: cells of the source colour that touch another source cell (side by side: dominoes and longer runs)
get a ring of the halo colour over the background cells around them (their eight neighbours); isolated
source cells stay bare.

Graph, on the square the generator's grids fit in (S x S: a 1x1 Conv reads the source plane, sliced to S x S;
a Conv with a plus-shaped kernel, 5 at the centre and 1 on each side, scores it): a source cell with a source
neighbour scores over 5.5; a 3x3 MaxPool spreads those over their neighbours, less the source cells
themselves and the cells outside the grid; the mask is padded back to the canvas and one Where paints the halo colour into `input`.
"""
from __future__ import annotations

import numpy as np

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
        src = np.zeros((2, 10, 1, 1), np.float32)
        src[0, source] = 1
        src[1] = -1                                   # channel 1: 1 outside the grid (the bias), 0 inside
        planes = g.Conv(g.input, g.const(src, name="src_w"), g.const(np.float32([0, 1]), name="src_b"),
                        kernel_shape=[1, 1], name="planes_full")
        if s < 30:
            planes = g.Slice(planes, g.ints([0, 0]), g.ints([s, s]), g.ints([2, 3]), name="planes")  # [1,2,S,S]
        plus = np.zeros((1, 2, 3, 3), np.float32)
        plus[0, 0] = [[0, 1, 0], [1, 5, 1], [0, 1, 0]]
        score = g.Conv(planes, g.const(plus, name="plus"), kernel_shape=[3, 3], pads=[1, 1, 1, 1], name="score")
        paired = g.Cast(g.Greater(score, g.const(np.float32(5.5), name="thr"), name="paired_b"), to=1,
                        name="paired")
        blocked = g.ReduceSum(planes, axes=[1], name="blocked")              # source cells and outside the grid
        ring = g.Sub(g.MaxPool(paired, kernel_shape=[3, 3], pads=[1, 1, 1, 1], name="near"), blocked, name="ring_f")
        ring = g.Cast(g.Greater(ring, g.const(np.float32(0.5), name="half"), name="ring_b"), to=2, name="ring")
        if s < 30:
            ring = g.Pad(ring, g.ints([0, 0, 0, 0, 0, 0, 30 - s, 30 - s]), name="ring30")
        paint = np.zeros((1, 10, 1, 1), np.float32)
        paint[0, colour] = 1
        return g.model(g.Where(g.Cast(ring, to=9, name="ring_mask"), g.const(paint, name="halo_colour"), g.input))
