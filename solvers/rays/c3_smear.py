"""Smear: on an output canvas of a fixed size (larger than the fixed input), every coloured cell
shoots a ray down, right or down-right to the canvas edge; background elsewhere.

Graph: Slice the canvas-sized corner of the input, one Conv whose kernel holds the ray (colour
channels copied along it, background = 1 - colours via the bias) computes the canvas, and a Pad back
to 30x30 writes the output."""
from __future__ import annotations

import numpy as np

from .. import Solver
from .._common_grids import N

DIRECTIONS = ((1, 1), (1, 0), (0, 1))


def smear(grid, shape, d):
    h, w = grid.shape
    out = np.zeros(shape, int)
    hits = np.zeros(shape, int)
    for r, c in np.argwhere(grid != 0):
        k = 0
        while r + k * d[0] < shape[0] and c + k * d[1] < shape[1]:
            out[r + k * d[0], c + k * d[1]] = grid[r, c]
            hits[r + k * d[0], c + k * d[1]] += 1
            k += 1
            if d == (0, 0):
                break
    return None if (hits > 1).any() else out


class Smear(Solver):
    name = "c3_smear"
    description = ("fixed-size input on a larger fixed canvas: every coloured cell extends as a ray down, "
                   "right or diagonally down-right to the canvas edge")

    def fit(self, examples):
        ins, outs = {i.shape for i, _ in examples}, {o.shape for _, o in examples}
        if len(ins) != 1 or len(outs) != 1:
            return None
        (h, w), (H, W) = ins.pop(), outs.pop()
        if H < h or W < w or (H, W) == (h, w):
            return None
        for d in DIRECTIONS:
            got = [smear(i, (H, W), d) for i, _ in examples]
            if all(x is not None and np.array_equal(x, o) for x, (_, o) in zip(got, examples)):
                return (H, W), d
        return None

    def build(self, plan):
        from neurogolf.graph import Graph
        (H, W), d = plan
        K = max(H, W)
        kh, kw = (K if d[0] else 1), (K if d[1] else 1)
        weight = np.zeros((10, 10, kh, kw), np.float32)
        for k in range(K):
            a, b = kh - 1 - k * d[0], kw - 1 - k * d[1]
            if a < 0 or b < 0:
                break
            for c in range(1, 10):
                weight[c, c, a, b] = 1
                weight[0, c, a, b] = -1
        bias = np.zeros(10, np.float32)
        bias[0] = 1
        g = Graph()
        corner = g.Slice(g.input, g.ints([0, 0], name="origin"), g.ints([H, W], name="canvas_end"),
                         g.ints([2, 3], name="spatial"), name="canvas_in")
        canvas = g.Conv(corner, g.const(weight, name="ray_w"), g.const(bias, name="background_bias"),
                        pads=[kh - 1, kw - 1, 0, 0], name="canvas")
        return g.model(g.Pad(canvas, g.ints([0, 0, 0, 0, 0, 0, N - H, N - W], name="to_30")))
