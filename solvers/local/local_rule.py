"""Local rule: each output cell is a linear-threshold function of its k x k input neighbourhood.

One Conv 10->10 (k x k, bias) from input straight to output: channel c is on where the weighted
count of neighbourhood colours plus bias is > 0. The weights are integers from an exact perceptron,
so the float32 Conv reproduces the fitted cells bit for bit.

Fitting sees train + arc-gen (fit_splits) but holds every fourth example out of the fit and refuses
the plan unless the held-out examples are reproduced too: a rule that only memorised its examples is
dropped here, before the pipeline checks every example.
"""
from __future__ import annotations

import itertools

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import same_shape
from .._common_perceptron import agree_each, consistent, fit_linear, holdout
from ._grouped_conv import MARGINS, cheapest_grouped
from ._threshold_conv import conv_answer, conv_model, grow

# kernel shapes in order of cost (params 100*kh*kw + 10)
KERNELS = [(1, 1), (1, 3), (3, 1), (3, 3), (1, 5), (5, 1)]


def permutation(examples):
    """Output channel -> input channel when each output colour comes from at most one input colour
    (an output colour no input colour maps to reads a colour never seen in any input), else None."""
    pre: dict[int, set[int]] = {c: set() for c in range(10)}
    for inp, out in examples:
        for a, b in set(zip(inp.reshape(-1).tolist(), out.reshape(-1).tolist())):
            pre[b].add(a)
    unseen = [c for c in range(10) if not any(c in s for s in pre.values())]
    channels = []
    for c in range(10):
        if len(pre[c]) > 1:
            return None
        if pre[c]:
            channels.append(pre[c].pop())
        elif unseen:
            channels.append(unseen[0])
        else:
            return None
    return channels


class LocalRule(Solver, name="local_rule",
                tasks=("task016", "task053", "task073", "task095", "task098", "task120", "task127", "task147", "task171", "task220", "task230", "task258", "task261", "task272", "task276", "task282", "task283", "task294", "task309", "task317", "task322", "task331", "task337"),
                refuses="task179", fit_splits=("train", "arc-gen")):
    """Same-shape grids where each output cell is a threshold function of its k x k input neighbourhood (colour maps,
    outlines, neighbour counts); one Conv."""

    most = 2        # plans the candidates look at

    def fit(self, examples):
        """The first plan: each plan is checked on held-out examples already."""
        return next(self.plans(examples), None)

    def plans(self, examples):
        """(weight, bias), cheapest kernel first. Every fourth example is held out of fitting; the fit
        starts from 30 examples and adds up to 10 of the fit set it gets wrong, 3 rounds."""
        if not same_shape(examples):
            return
        fit_part, check = holdout(examples)
        first = fit_part[:4]
        if not consistent(first, 5, 5):     # no smaller window can be consistent either
            return
        for kh, kw in KERNELS:
            if not consistent(first, kh, kw) or fit_linear(first, kh, kw) is None:
                continue
            for margin in MARGINS:
                plan = grow(fit_part, kh, kw, margin)
                if plan is False:               # no such weights found: a narrower margin may converge
                    continue
                if plan is not None and agree_each(check, *plan).all():
                    yield plan
                break

    def rule(self, plan, grid):
        return conv_answer(*plan, grid)

    def candidates(self, examples):
        for plan in itertools.islice(self.plans(examples), self.most):
            kh, kw = plan[0].shape[2:]
            yield f"{self.name}{kh}x{kw}", self.build(plan)
            grouped = cheapest_grouped(examples, plan[0].size + 10)
            if grouped is not None:
                group, weight, bias = grouped
                yield f"{self.name}{weight.shape[2]}x{weight.shape[3]}_g{group}", conv_model(weight, bias, group)
            channels = permutation(examples) if (kh, kw) == (1, 1) else None
            if channels is not None:            # a colour map that moves whole channels: one Gather
                g = Graph()
                yield f"{self.name}_gather", g.model(g.Gather(g.input, g.ints(channels), axis=1))

    def build(self, plan):
        return conv_model(*plan)
