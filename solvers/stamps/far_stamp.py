"""Far stamp: every seed cell of one colour paints a fixed pattern of one colour around it, reaching up
to the whole canvas (a zigzag, a staircase, a long cross), over black cells only.

The pattern is learned as the set of offsets painted around seeds (train and arc-gen), so the graph
is one 59x59 Conv from the seed mask; a Where writes the paint colour on painted black cells.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import same_shape

R = 29


def _kernel(examples, seed, paint):
    """[59,59] 1 where the offset from the one seed was painted, -1 where it was seen left black, 0
    unseen; None if an example has no single seed, changes a cell that was not black, or two examples
    disagree on an offset."""
    kernel = np.zeros((2 * R + 1, 2 * R + 1), dtype=np.int8)
    for i, o in examples:
        if (i[i != o] != 0).any() or (o[i != o] != paint).any():
            return None
        seeds = np.argwhere(i == seed)
        if len(seeds) != 1:          # one seed keeps offsets unambiguous
            return None
        (sy, sx), = seeds
        ys, xs = np.nonzero(i == 0)
        ky, kx = ys - sy + R, xs - sx + R
        val = np.where(o[ys, xs] == paint, 1, -1).astype(np.int8)
        old = kernel[ky, kx]
        if ((old != 0) & (old != val)).any():
            return None
        kernel[ky, kx] = val
    return kernel


class FarStamp(Solver, name="far_stamp", tasks=("task323",), refuses="task190",
               aliases=("c5_far_stamp",), fit_splits=("train", "arc-gen")):
    """Each seed cell paints a fixed far-reaching pattern (zigzag, staircase) of one colour around it."""

    def plans(self, examples):
        """(seed colour, paint colour, painted offsets): the offsets are read off around the one seed."""
        if not same_shape(examples):
            return
        i0, o0 = examples[0]
        changed = o0[i0 != o0]
        if changed.size == 0 or len(set(changed.tolist())) != 1 or (i0[i0 != o0] != 0).any():
            return
        paint = int(changed[0])
        for seed in sorted(set(i0[i0 > 0].tolist())):
            kernel = _kernel(examples, seed, paint)
            if kernel is not None and (kernel == 1).any():
                yield seed, paint, (kernel == 1).astype(np.float32)

    def rule(self, plan, grid):
        """Every seed (the graph takes them all) paints its offsets, on black cells only."""
        seed, paint, kernel = plan
        h, w = grid.shape
        hit = np.zeros((h, w), bool)
        for r, c in np.argwhere(grid == seed):
            hit |= kernel[R - r:R - r + h, R - c:R - c + w] > 0
        return np.where(hit & (grid == 0), paint, grid)

    def build(self, plan):
        seed, paint, kernel = plan
        g = Graph()
        seeds = g.Conv(g.input, g.floats(np.eye(10)[seed].reshape(1, 10, 1, 1)), name="seeds")
        # Conv correlates: output at x reads seeds at x + (i - R); a seed at s paints s + offset
        painted = g.Conv(seeds, g.const(kernel[::-1, ::-1].copy().reshape(1, 1, 2 * R + 1, 2 * R + 1)),
                         pads=[R, R, R, R], name="painted")
        black100 = g.Conv(g.input, g.floats((100 * np.eye(10)[0]).reshape(1, 10, 1, 1)), name="black_x100")
        mask = g.Greater(g.Add(painted, black100, name="paint_on_black"), g.floats(100.5), name="paint")
        return g.model(g.Where(mask, g.floats(np.eye(10)[paint].reshape(1, 10, 1, 1)), g.input))
