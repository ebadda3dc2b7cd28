"""Most holes: rectangles of colour sprinkled with a noise colour (the rarest one); the output is a
fixed-size block of the rectangle colour with the most (or fewest) noise cells, counted as its
bounding-box area minus its own cell count.

First / last rows and columns per colour come from ArgMax of the presence profiles (first and last
index), so every statistic is a [1,10] vector; the picked colour is an Equal against the max
and a Pad (or Expand) places it.

Cheaper variant for grids up to 22 x 22 (the generator draws at most 20 x 20; the plan's examples must fit):
per colour and axis, one Einsum gives V_first = 32^1.05 * (sum of 32^-i) and V_last = 32^0.05 * (sum of
32^i) over the colour's cells (i their row, or column). A line holds at most 22 cells, so V_first lies in
[32^(1.05-i0), 22.71 * 32^(1.05-i0)] and floor(log32 V_first) = 1 - i0, likewise floor(log32 V_last) = i1,
with a 0.05 margin either side (far above float32's error); the span is their sum and the box area one
Einsum of the two axes' ends. An absent colour (V = 0) gets ends -inf, area +inf (no NaN: every product
is (-inf)(-inf)), and the scores are a Where of the kept (present) colours' holes over a far value.
Only the power sums and their Logs need float32: the logs (|ln V| < 80) are cast to float16, whose
rounding there (< 0.03 in log32 units, scale and product included) stays inside the 0.05 margin, and
everything after them (ends, areas <= 484, counts, scores) is a small integer, exact in float16.
Where the examples' noise counts all lie below their rectangles' (`_noise_split`, fitted on train and arc-gen),
the rectangles are the colours counted above that split: one Greater in place of the rarest colour's search.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import fixed_out_shape


def holes(grid):
    """{colour: bounding-box area - own count} for every colour but the noise (the rarest, which must be
    unique: the graph would leave out every tied one)."""
    cnt = np.bincount(grid.ravel(), minlength=10)
    present = [k for k in range(10) if cnt[k] > 0]
    rarest = [k for k in present if cnt[k] == min(cnt[present])]
    if len(present) < 3 or len(rarest) != 1:
        return None
    score = {}
    for k in present:
        if k == rarest[0]:
            continue
        rr, cc = np.nonzero(grid == k)
        score[k] = (rr.max() - rr.min() + 1) * (cc.max() - cc.min() + 1) - cnt[k]
    return score


def pick(grid, most):
    s = holes(grid)
    if s is None:
        return None
    best = (max if most else min)(s.values())
    ks = [k for k, v in s.items() if v == best]
    return ks[0] if len(ks) == 1 else None


LOG_SIDE = 22      # the log-box variant's largest grid side


def _noise_split(examples):
    """A count (a half-integer) above every example's noise colour and below all its rectangle colours, when
    one exists (task355's generator: at most 14 noise cells, rectangles of at least 20 cells); None else."""
    noise, shapes = [], []
    for grid, _ in examples:
        cnt = np.bincount(grid.ravel(), minlength=10)
        present = sorted(cnt[cnt > 0])
        if len(present) < 2:
            return None
        noise.append(present[0])
        shapes.append(present[1])
    if max(noise) >= min(shapes):
        return None
    return (max(noise) + min(shapes)) / 2


class MostHoles(Solver, name="most_holes", tasks=("task355",), refuses="task247", aliases=("c2_most_holes",),
                fit_splits=("train", "arc-gen")):
    """A fixed-size block of one colour: the rectangle colour holding the most (or fewest) cells of the rarest (noise)
    colour, i.e. bounding-box area minus own count."""

    def plans(self, examples):
        shape = fixed_out_shape(examples)
        if shape is None or shape[0] * shape[1] > 9 or any(len(np.unique(o)) != 1 for _, o in examples):
            return
        for most in (True, False):
            yield most, shape

    def rule(self, plan, grid):
        most, shape = plan
        colour = pick(grid, most)
        return None if colour is None else np.full(shape, colour)

    def candidates(self, examples):
        plan = self.fit(examples)
        if plan is None:
            return
        yield self.name, self.build(plan)
        if max(max(i.shape) for i, _ in examples) <= LOG_SIDE:
            yield f"{self.name}:log_box", self._build_log_box(plan)
            split = _noise_split(examples)
            if split is not None:
                yield f"{self.name}:log_box_split", self._build_log_box(plan, split)

    def _build_log_box(self, plan, split=None):
        """See the module docstring. With `split` (`_noise_split`), the rectangles are the colours counted above
        it: one Greater instead of the rarest colour's search."""
        most, (oh, ow) = plan
        g = Graph()
        i = np.arange(30, dtype=np.float64)
        weights = np.stack([np.where(i < LOG_SIDE, 32.0 ** -i, 0) * 32 ** 1.05,
                            np.where(i < LOG_SIDE, 32.0 ** i, 0) * 32 ** 0.05]).astype(np.float32)   # [2,30]
        w = g.floats(weights, name="power_weights")
        ends = []
        for label, eq in (("row", "bcrs,ur->bcu"), ("col", "bcrs,us->bcu")):
            sums = g.Einsum(g.input, w, equation=eq, name=f"{label}_power_sums")                    # [1,10,2]
            logs = g.Cast(g.Log(sums, name=f"{label}_ln"), to=10, name=f"{label}_ln16")  # -inf if absent
            ends.append(g.Floor(g.Mul(logs, g.const(np.float16(1 / np.log(32.0)), name="inv_ln32"),
                                      name=f"{label}_log32"), name=f"{label}_ends"))             # 1 - i0, i1
        area = g.Einsum(*ends, equation="bcu,bcw->bc", name="box_area")                            # [1,10]
        counts = g.Cast(g.ReduceSum(g.input, axes=[2, 3], keepdims=0, name="counts32"), to=10,
                        name="counts")                                                             # [1,10]
        far = g.const(np.float16(1000), name="far")
        if split is not None:
            keep = g.Greater(counts, g.const(np.float16(split), name="split"), name="candidate")
        else:
            present = g.Greater(counts, g.const(np.float16(0.5), name="half"), name="present")
            rarity = g.Where(present, counts, far, name="rarity")
            keep = g.And(present, g.Greater(rarity, g.ReduceMin(rarity, axes=[1], keepdims=1, name="rarest"),
                                            name="not_noise"), name="candidate")
        hole = g.Sub(area, counts, name="holes")
        if most:
            score = g.Where(keep, hole, g.Neg(far, name="minus_far"), name="score")
            top = g.ReduceMax(score, axes=[1], keepdims=1, name="best_score")
        else:
            score = g.Where(keep, hole, far, name="score")
            top = g.ReduceMin(score, axes=[1], keepdims=1, name="best_score")
        colour = g.Unsqueeze(g.Equal(score, top, name="best"), axes=[2, 3], name="best4")          # [1,10,1,1]
        if (oh, ow) != (1, 1):
            colour = g.Expand(colour, g.ints([1, 10, oh, ow]), name="block")
        return g.model(g.Pad(colour, g.ints([0, 0, 0, 0, 0, 0, 30 - oh, 30 - ow])))

    def build(self, plan):
        most, (oh, ow) = plan
        g = Graph()
        counts = g.ReduceSum(g.input, axes=[2, 3], keepdims=0, name="counts")                  # [1,10]
        present = g.Cast(g.Greater(counts, g.const(np.float32(0.5)), name="present_b"), to=1, name="present")
        big = g.const(np.float32(1000))
        key = g.Add(counts, g.Mul(g.Sub(g.const(np.float32(1)), present, name="absent"), big, name="absent_far"),
                    name="rarity")
        noise = g.Cast(g.Equal(key, g.ReduceMin(key, axes=[1], keepdims=1, name="rarest"), name="noise_b"), to=1,
                       name="noise")

        def extent(axis, tag):
            prof = g.ReduceMax(g.input, axes=[axis], keepdims=0, name=f"{tag}_profile")          # [1,10,30]
            first = g.ArgMax(prof, axis=2, keepdims=0, name=f"{tag}_first")
            last = g.ArgMax(prof, axis=2, keepdims=0, select_last_index=1, name=f"{tag}_last")
            span = g.Sub(g.Add(last, g.const(np.int64(1))), first, name=f"{tag}_span_i")
            return g.Cast(span, to=1, name=f"{tag}_span")                                        # [1,10]

        area = g.Mul(extent(3, "row"), extent(2, "col"), name="box_area")
        hole = g.Sub(area, counts, name="holes")
        keep = g.Mul(present, g.Sub(g.const(np.float32(1)), noise, name="not_noise"), name="candidate")
        if most:
            score = g.Sub(g.Mul(hole, keep, name="hole_kept"), g.Mul(g.Sub(g.const(np.float32(1)), keep,
                                                                            name="drop"), big, name="drop_far"),
                          name="score")
            best = g.Equal(score, g.ReduceMax(score, axes=[1], keepdims=1, name="best_score"), name="best_b")
        else:
            score = g.Add(g.Mul(hole, keep, name="hole_kept"), g.Mul(g.Sub(g.const(np.float32(1)), keep,
                                                                            name="drop"), big, name="drop_far"),
                          name="score")
            best = g.Equal(score, g.ReduceMin(score, axes=[1], keepdims=1, name="best_score"), name="best_b")
        colour = g.Unsqueeze(g.Cast(best, to=1, name="best"), axes=[2, 3], name="best4")          # [1,10,1,1]
        if (oh, ow) != (1, 1):
            colour = g.Expand(colour, g.ints([1, 10, oh, ow]), name="block")
        return g.model(g.Pad(colour, g.ints([0, 0, 0, 0, 0, 0, 30 - oh, 30 - ow])))
