"""Wide local rule: as local_rule, for rules whose 3x3 window is provably too small.

Only tried when the 3x3 neighbourhood is inconsistent on the first examples (one 3x3 pattern maps to
two outputs) and the 5x5 one is not: the wider Conv is then the natural next hypothesis, and the
test keeps the (slower) wide fits off every other task.
"""
from __future__ import annotations

import itertools

from .. import Solver
from .._common_grids import same_shape
from .._common_perceptron import agree_each, consistent, fit_linear, holdout
from ._threshold_conv import conv_answer, conv_model, grow
from .local_rule import oriented_grouped, oriented_model

WIDE = [(3, 5), (5, 3), (5, 5)]


class LocalRuleWide(Solver, name="local_rule_wide", tasks=("task122", "task186"), refuses="task171",
                    fit_splits=("train", "arc-gen")):
    """Same-shape grids where each output cell is a threshold function of its 5x5 input neighbourhood (3x3 is not
    enough); one Conv."""

    def fit(self, examples):
        """The first plan: each plan is checked on held-out examples already."""
        return next(self.plans(examples), None)

    def plans(self, examples):
        """(weight, bias) of the narrowest wide kernel whose Conv also fits the held-out examples."""
        if not same_shape(examples):
            return
        fit_part, check = holdout(examples)
        first = fit_part[:4]
        if consistent(first, 3, 3) or not consistent(first, 5, 5):
            return
        for kh, kw in WIDE:
            if not consistent(first, kh, kw) or fit_linear(first, kh, kw, epochs=120, margin=32) is None:
                continue
            plan = grow(fit_part, kh, kw, 32)
            if plan and agree_each(check, *plan).all():
                yield plan

    def rule(self, plan, grid):
        return conv_answer(*plan, grid)

    def candidates(self, examples):
        """The wide Conv, then the cheapest grouped Convs below it (their window may be as wide; an even side
        reaches back or on, as in local_rule)."""
        plan = self.fit(examples)
        if plan is None:
            return
        yield self.name, self.build(plan)
        for group, weight, bias, flips in itertools.islice(oriented_grouped(examples, plan[0].size + 10), 1):
            tag = "" if not any(flips) else "_on" + "r" * flips[0] + "c" * flips[1]
            yield (f"{self.name}:{weight.shape[2]}x{weight.shape[3]}_g{group}{tag}",
                   oriented_model(weight, bias, flips, group))

    def build(self, plan):
        return conv_model(*plan)
