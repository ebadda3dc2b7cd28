"""Count bar: a fixed-size output whose cells light up in a fixed order, one more for every d cells (or 2x2
windows, or objects) of one colour in the input: a count drawn as a bar.

Graph: the count (with a constant 1) is a [1,2,1,1]; one ConvTranspose with per-cell thresholds writes
`output` (lit cells: count - threshold in the ink channel, its negation in the background one). When every
grid has one shape, window counts read one plane of that corner (_corner_features).

Variant `:scaled`, where every lit cell needs a count of at least 1: the count alone ([1,1,1,1], a colour's
count by one Einsum on the input) goes into a ConvTranspose whose per-cell weight is 1 / (threshold - 1/2)
and whose bias is -1, one lit score plane on the output's corner only; a 1x1 Conv padded to the canvas
writes it (+1 ink, -1 background). No constant channel, one plane instead of two.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_graph import counts_node, feature_node, render
from .._common_grids import C, N, count_features, fixed_out_shape, quads
from ._corner_features import centred_block_feature, centred_blocks, corner_feature
from ._summary import feature, in_shape, outputs_repeat


class CountBar(Solver, name="count_bar", tasks=("task038", "task186", "task399"), refuses="task001",
               fit_splits=("train", "test", "arc-gen")):
    """Fixed-size output where cells light up in a fixed order, one more for every d cells of a colour in the input (a
    count drawn as a bar)."""

    def plans(self, examples):
        shape = fixed_out_shape(examples)
        if shape is None:
            return
        outs = np.stack([o for _, o in examples])
        colours = np.unique(outs)
        if len(colours) != 2 or not outputs_repeat(outs):
            return
        feats = [count_features(i, windows=True) for i, _ in examples]
        for bg, ink in ((colours[0], colours[1]), (colours[1], colours[0])):
            lit = outs == ink
            for c in [f"count{c}" for c in range(C)] + [f"quad{c}" for c in range(C)] + ["objects"]:
                cnts = np.array([f[c] for f in feats])
                for d in ((1, 2, 3, 4) if c.startswith("count") else (1,)):
                    n = (cnts // d)[:, None, None]
                    if (n == n[0]).all():
                        continue
                    # the smallest count that lights each cell; it must explain every example
                    thr = np.where(lit, n, np.inf).min(axis=0)
                    if ((n >= thr) == lit).all():
                        yield shape, int(bg), int(ink), c, d, thr, in_shape(examples)

    def rule(self, plan, grid):
        _, bg, ink, c, d, thr, shape = plan
        n = feature(grid, c, shape)
        return None if n is None else np.where(n // d >= thr, ink, bg)

    def candidates(self, examples):
        plan = self.fit(examples)
        if plan is None:
            return
        yield self.name, self.build(plan)
        if (plan[5] >= 1).all():
            yield f"{self.name}:scaled", self.build_scaled(plan)
            c, corner = plan[3], plan[6]
            if c.startswith("quad") and corner is not None and min(corner) >= 3 and all(
                    quads(i == int(c[4:])) == centred_blocks(i, int(c[4:])) for i, _ in examples):
                # every full 2x2 window of the colour is an isolated block: stride-2 centred windows count them
                yield f"{self.name}:scaled_blocks", self.build_scaled(plan, blocks=True)

    def build_scaled(self, plan, blocks=False):
        """count * a - 1 > 0 exactly when count >= d * thr, with a = 1 / (d * thr - 1/2) (0 where never lit):
        the product misses 1 by at least 1 / (2 d thr) either way, far above float32 rounding."""
        (h, w), bg, ink, c, d, thr, corner = plan
        g = Graph()
        if c.startswith("count"):
            pick = np.zeros((C, 1, 1, 1), np.float32)
            pick[int(c.removeprefix("count"))] = 1
            count = g.Einsum(g.input, g.const(pick, name="pick_count"), equation="bcij,ckmn->bkmn", name="count")
        elif blocks:
            count = centred_block_feature(g, int(c.removeprefix("quad")), corner)
        else:
            count = corner_feature(g, c, corner) or feature_node(g, None, c, corner)
        scale = np.where(np.isinf(thr), 0.0, 1.0 / (d * np.where(np.isinf(thr), 1, thr) - 0.5))
        # one [1,1,h,w] score, count * a - 1 (> 0 where lit), then a 1x1 Conv whose end pads reach the canvas
        # writes it into the ink channel and its negation into the background one (padded cells read 0: off)
        # in float16 where the margin 1 / (2 d thr) stays far above its rounding (a few 2^-11): half the bytes
        dtype = np.float16 if d * np.max(thr[np.isfinite(thr)], initial=0) <= 64 else np.float32
        if dtype == np.float16:
            count = g.Cast(count, to=10, name="count16")
        lit = g.ConvTranspose(count, g.const(scale.reshape(1, 1, h, w).astype(dtype), name="scaled_w"),
                              g.const(np.array([-1], dtype), name="minus_one"), name="lit_score")
        sides = np.zeros((C, 1, 1, 1), dtype)
        sides[ink], sides[bg] = 1, -1
        return g.model(g.Conv(lit, g.const(sides, name="ink_bg_signs"), pads=[0, 0, N - h, N - w]))

    def build(self, plan):
        (h, w), bg, ink, c, d, thr, corner = plan
        g = Graph()
        # (count, 1): the constant lets one ConvTranspose add a per-cell offset
        if c.startswith("count"):
            pick = np.zeros((2, C, 1, 1), np.float32)
            pick[0, int(c.removeprefix("count"))] = 1
            count_one = g.Conv(counts_node(g), g.const(pick, name="pick_count"), g.floats([0, 1], name="one_bias"),
                               name="count_and_one")
        else:
            n = corner_feature(g, c, corner) or feature_node(g, None, c, corner)
            count_one = g.Concat(n, g.const(np.ones((1, 1, 1, 1), np.float32), name="one"),
                                 axis=1, name="count_and_one")
        # lit iff count >= d * thr: channel ink gets count - (d*thr - 0.5), channel bg its negation
        cut = np.where(np.isinf(thr), 1e4, d * thr - 0.5)
        weight = np.zeros((2, C, h, w))                      # other colours stay at 0: off
        weight[0, ink], weight[1, ink] = 1, -cut
        weight[0, bg], weight[1, bg] = -1, cut
        return g.model(render(g, count_one, weight))

