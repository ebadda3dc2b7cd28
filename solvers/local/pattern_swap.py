"""Pattern swap: every occurrence of one 3x3 colour pattern P is replaced by another pattern Q (the
occurrences do not overlap); everything else stays.

A Conv scores each window against P (9 = exact match) and Relu(score - 8) marks match centres; a second
Conv spreads each centre into Q - P written as channel deltas, added to the input.

Window variant, for examples that all share one grid shape h x w (task160's generator draws 10 x 10 grids
only; fitted on every split): a uint8 colour-code map of the window (colour + 1, read by a dilated 2x2
Conv), the 0/1 planes of the colours of P (one Equal, cast to one byte), one
QLinearConv scoring the windows against P (bias -8, saturating at 0: 1 marks a centre), one QLinearConv
spreading the centres into (Q - P) mod 256 per cell, added (uint8, wrapping) to the code map; one QLinearConv decodes the code map straight
into `output` (`_code_decode`).

Signed variant, for P of two colours a < b that are every input grid's only colours (same one shape): from the
uint8 code map one QLinearConv writes two signed one-byte channels (zero point 1): the cell's colour (a -1,
b +1) and the match mark (-1, K = 37 at a centre; padding reads 0 on both), and one QLinearConv of those two
writes `output` through its own padding, by signs: colour +-19 on the cell, +-1 per offset from a centre
(+1 where Q has the channel's colour), bias -9, so a centre (K) outweighs everything else.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_graph import corner_plane
from .._common_grids import same_shape
from ._code_decode import decode_code


def swap(grid, p, q):
    if min(grid.shape) < 3:
        return grid.copy()
    hits = (np.lib.stride_tricks.sliding_window_view(grid, (3, 3)) == p).all(axis=(2, 3))
    out = grid.copy()
    used = np.zeros_like(grid, bool)
    for r, c in zip(*np.nonzero(hits)):
        if used[r:r + 3, c:c + 3].any():
            return None
        used[r:r + 3, c:c + 3] = True
        out[r:r + 3, c:c + 3] = q
    return out


class PatternSwap(Solver, name="pattern_swap", tasks=("task095", "task160", "task282", "task317"), refuses="task132",
                  aliases=("c4_patchswap",), fit_splits=("train", "test", "arc-gen")):
    """Same-shape grids where every occurrence of one 3x3 pattern is replaced by another 3x3 pattern."""

    def plans(self, examples):
        """(P, Q) from the 3x3 windows of the first example around its first changed cell."""
        if not same_shape(examples):
            return
        i0, o0 = examples[0]
        diff = np.argwhere(i0 != o0)
        if diff.size == 0:
            return
        r0, c0 = diff[0]
        h, w = i0.shape
        for r in range(max(r0 - 2, 0), min(r0, h - 3) + 1):
            for c in range(max(c0 - 2, 0), min(c0, w - 3) + 1):
                yield i0[r:r + 3, c:c + 3].copy(), o0[r:r + 3, c:c + 3].copy()

    def rule(self, plan, grid):
        return swap(grid, *plan)

    def candidates(self, examples):
        """The first (P, Q) that reproduces every example; its window graph too when every grid has one
        shape (at most 29 a side): that graph equals the rule on grids of that shape only."""
        plan = self.fit(examples)
        if plan is None:
            return
        yield self.name, self.build(plan)
        shapes = {i.shape for i, _ in examples}
        if len(shapes) == 1 and max(shapes.copy().pop()) < 30:
            shape = shapes.pop()
            yield self.name + ":window", self._build_window(*plan, shape)
            grid_colours = set().union(*(np.unique(i).tolist() for i, _ in examples))
            if len(set(plan[0].ravel().tolist())) == 2 and grid_colours <= set(plan[0].ravel().tolist()):
                yield self.name + ":signed", self._build_signed(*plan, shape)

    def _build_window(self, p, q, shape):
        h, w = shape
        g = Graph()
        code = g.Cast(corner_plane(g, np.arange(1, 11), (h, w), "code_f"), to=2, name="code")   # colour + 1
        zero = g.const(np.uint8(0), name="zero_u8")
        scale, zero_i8 = g.const(np.float32(1), name="unit_scale"), g.const(np.int8(0), name="zero_i8")
        colours = sorted(set(p.ravel().tolist()))
        codes = g.const(np.array(colours, np.uint8).reshape(1, -1, 1, 1) + 1, name="pattern_codes")
        x = g.Cast(g.Equal(code, codes, name="is_colour"), to=2, name="planes")              # [1,k,h,w]
        match = np.zeros((1, len(colours), 3, 3), np.int8)
        for u in range(3):
            for v in range(3):
                match[0, colours.index(p[u, v]), u, v] = 1
        centre = g.QLinearConv(x, scale, zero, g.const(match, name="pattern"), scale, zero_i8, scale, zero,
                               g.const(np.int32([-8]), name="bias"), pads=[1, 1, 1, 1], name="centre")  # 1: match
        # one stamp for every changed cell: weight (Q - P) mod 256 at the cell's offset from a centre; the
        # occurrences do not overlap, so a cell reads at most one weight, and the uint8 Add wraps mod 256:
        # code P + 1 becomes Q + 1
        stamp = np.zeros((1, 1, 3, 3), np.uint8)
        for u in range(3):
            for v in range(3):
                stamp[0, 0, 2 - u, 2 - v] = (int(q[u, v]) - int(p[u, v])) % 256
        delta = g.QLinearConv(centre, scale, zero, g.const(stamp, name="stamp"), scale, zero, scale, zero,
                              pads=[1, 1, 1, 1], name="stamp_delta")
        new = g.Add(code, delta, name="swapped")
        return g.model(decode_code(g, new, (h, w)))

    def _build_signed(self, p, q, shape):
        """See the module docstring: code map (ConvTranspose crop, 10 weights, cast to one byte), then the
        (colour, mark) pair and the sign decoder, two QLinearConvs; 700 bytes on a 10 x 10 grid."""
        h, w = shape
        colour_weight, mark = 19, 37                 # mark > 8 + colour_weight + 9: a centre decides
        a, b = sorted(set(p.ravel().tolist()))
        g = Graph()
        code = g.Cast(corner_plane(g, np.arange(1, 11), (h, w), "code_f"), to=2, name="code")     # colour + 1
        unit, zero_u8, zero_i8 = g.const(np.float32(1), name="unit_scale"), g.const(np.uint8(0), name="zero_u8"), \
            g.const(np.int8(0), name="zero_i8")
        one_u8 = g.const(np.uint8(1), name="one_u8")
        # colour: (2 code - ca - cb) / (cb - ca), +-1; mark: (K + 1)(score - best) + K, K at a match, <= -1
        # (saturating at raw 0, i.e. -1) elsewhere; score: code summed where P has b, subtracted where a
        sign = np.where(p == b, 1, -1)
        best = int((sign * (p + 1)).sum())
        taps = np.zeros((2, 1, 3, 3), np.int8)
        taps[0, 0, 1, 1] = 2
        taps[1, 0] = (mark + 1) * sign
        pair = g.QLinearConv(code, unit, zero_u8, g.const(taps, name="colour_and_match"),
                             g.floats([1.0 / (b - a), 1.0], name="pair_scales"), g.const(np.zeros(2, np.int8), name="pair_zeros"),
                             unit, one_u8, g.const(np.int32([-(a + b + 2), mark - (mark + 1) * best]), name="pair_bias"),
                             pads=[1, 1, 1, 1], name="colour_mark")                          # [1,2,h,w]
        decode = np.zeros((10, 2, 3, 3), np.int8)
        bias = np.zeros(10, np.int32)
        for d in sorted(set(q.ravel().tolist()) | {a, b}):
            decode[d, 1] = np.where(q == d, 1, -1)[::-1, ::-1]        # tap (u, v) reads the centre at offset
            bias[d] = -9
        decode[a, 0, 1, 1], decode[b, 0, 1, 1] = -colour_weight, colour_weight
        return g.model(g.QLinearConv(pair, unit, one_u8, g.const(decode, name="sign_decoder"), unit, zero_i8, unit,
                                     zero_u8, g.const(bias, name="decoder_bias"),
                                     pads=[1, 1, 31 - h, 31 - w]))

    def build(self, plan):
        p, q = plan
        match = np.zeros((1, 10, 3, 3), np.float32)
        delta = np.zeros((10, 1, 3, 3), np.float32)
        for u in range(3):
            for v in range(3):
                match[0, p[u, v], u, v] = 1
                # conv reads the centre at offset (1-u, 1-v) from the written cell: flip the stamp
                delta[q[u, v], 0, 2 - u, 2 - v] += 1
                delta[p[u, v], 0, 2 - u, 2 - v] -= 1
        g = Graph()
        score = g.Conv(g.input, g.const(match, name="pattern"), g.const(np.float32([-8]), name="bias"),
                       pads=[1, 1, 1, 1], name="match_score")
        centre = g.Relu(score, name="match_centre")
        change = g.Conv(centre, g.const(delta, name="stamp_delta"), pads=[1, 1, 1, 1], name="change")
        return g.model(g.Add(g.input, change))
