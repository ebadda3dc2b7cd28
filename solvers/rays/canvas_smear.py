"""A fixed-size input on a larger fixed canvas: every coloured cell extends as a ray down, right or
diagonally down-right to the canvas edge, background elsewhere.

One Conv over the canvas-sized corner of the input holds the ray in its kernel (colour channels copied
along it, background = 1 - colours through the bias); a Pad back to 30x30 writes the output.

Code variant (`code`): a 2x2 Conv dilated to (30-H, 30-W) reads the H x W corner's colour values, a
QuantizeLinear makes them one byte, one uint8 QLinearConv with the one-channel ray kernel (bias 1) draws
the H x W canvas in colour + 1 codes (colours add only where rays cross, where the rule has no answer),
and the one-QLinearConv code decoder writes the output.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import N, fixed_out_shape, fixed_shape
from ..local._code_decode import decode_code
from ._window import qconv

DIRECTIONS = ((1, 1), (1, 0), (0, 1))


def smear(grid, shape, d):
    """None where two rays cross: the Conv would add their colours."""
    out = np.zeros(shape, int)
    hits = np.zeros(shape, int)
    for r, c in np.argwhere(grid != 0):
        k = 0
        while r + k * d[0] < shape[0] and c + k * d[1] < shape[1]:
            out[r + k * d[0], c + k * d[1]] = grid[r, c]
            hits[r + k * d[0], c + k * d[1]] += 1
            k += 1
    return None if (hits > 1).any() else out


class CanvasSmear(Solver, name="canvas_smear", tasks=("task327",), refuses="task221", aliases=("c3_smear",)):
    """Fixed-size input on a larger fixed canvas: every coloured cell extends as a ray down, right or diagonally
    down-right to the canvas edge."""

    def plans(self, examples):
        inner, outer = fixed_shape(examples), fixed_out_shape(examples)
        if inner is None or outer is None:
            return
        (h, w), (H, W) = inner, outer
        if H >= h and W >= w and (H, W) != (h, w):
            for d in DIRECTIONS:
                yield (H, W), d

    def rule(self, plan, grid):
        shape, d = plan
        return smear(grid, shape, d)

    def candidates(self, examples):
        plan = self.fit(examples)
        if plan is None:
            return
        yield self.name, self.build(plan)
        yield f"{self.name}:code", self.build_code(plan)

    @staticmethod
    def _ray(K, kh, kw, d, weight):
        for k in range(K):
            a, b = kh - 1 - k * d[0], kw - 1 - k * d[1]
            if a < 0 or b < 0:
                break
            weight[..., a, b] = 1
        return weight

    def build_code(self, plan):
        (H, W), d = plan
        K = max(H, W)
        kh, kw = (K if d[0] else 1), (K if d[1] else 1)
        g = Graph()
        kernel = np.zeros((1, 10, 2, 2), np.float32)
        kernel[0, :, 0, 0] = np.arange(10)
        code = g.Conv(g.input, g.const(kernel, name="colour_w"), dilations=[N - H, N - W], name="colour")
        code = g.QuantizeLinear(code, g.const(np.float32(1), name="unit_scale"), g.const(np.uint8(0), name="zero_u8"),
                                name="colour_u8")                                                 # [1,1,H,W]
        ray = self._ray(K, kh, kw, d, np.zeros((1, 1, kh, kw), np.uint8))
        canvas = qconv(g, code, ray, bias=[1], pads=[kh - 1, kw - 1, 0, 0], name="canvas")  # [1,1,H,W] colour + 1
        return g.model(decode_code(g, canvas, (H, W)))

    def build(self, plan):
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
