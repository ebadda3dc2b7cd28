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


class FarStamp(Solver):
    name = "c5_far_stamp"
    description = "each seed cell paints a fixed far-reaching pattern (zigzag, staircase) of one colour around it"
    fit_splits = ("train", "arc-gen")

    def fit(self, examples):
        if not same_shape(examples):
            return None
        i0, o0 = examples[0]
        changed = o0[i0 != o0]
        if changed.size == 0 or len(set(changed.tolist())) != 1 or (i0[i0 != o0] != 0).any():
            return None
        paint = int(changed[0])
        for seed in sorted(set(i0[i0 > 0].tolist())):
            kernel = np.zeros((2 * R + 1, 2 * R + 1), dtype=np.int8)        # 1 painted, -1 seen unpainted
            ok = True
            for i, o in examples:
                if (i[i != o] != 0).any() or (o[i != o] != paint).any():
                    ok = False
                    break
                seeds = np.argwhere(i == seed)
                if len(seeds) != 1:          # one seed keeps offsets unambiguous
                    ok = False
                    break
                (sy, sx), = seeds
                h, w = i.shape
                ys, xs = np.mgrid[0:h, 0:w]
                black = i == 0
                ky, kx = ys[black] - sy + R, xs[black] - sx + R
                val = np.where(o[black] == paint, 1, -1).astype(np.int8)
                old = kernel[ky, kx]
                if ((old != 0) & (old != val)).any():
                    ok = False
                    break
                kernel[ky, kx] = val
            if ok and (kernel == 1).any():
                return seed, paint, (kernel == 1).astype(np.float32)
        return None

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
