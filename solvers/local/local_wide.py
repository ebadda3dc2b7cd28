"""Wide local rule: as local_rule, for rules whose 3x3 window is provably too small.

Only tried when the 3x3 neighbourhood is inconsistent on the first examples (one 3x3 pattern maps to
two outputs) and the 5x5 one is not: the wider Conv is then the natural next hypothesis, and the
test keeps the (slower) wide fits off every other task.
"""
from __future__ import annotations

from .. import Solver
from .._common_grids import same_shape
from .._common_perceptron import agree_each, consistent, fit_linear, holdout
from .local_rule import LocalRule

WIDE = [(3, 5), (5, 3), (5, 5)]


class WideLocalRule(Solver):
    name = "local_rule_wide"
    description = ("same-shape grids where each output cell is a threshold function of its 5x5 "
                   "input neighbourhood (3x3 is not enough); one Conv")
    fit_splits = ("train", "arc-gen")

    def fit(self, examples):
        if not same_shape(examples):
            return None
        fit_part, check = holdout(examples)
        first = fit_part[:4]
        if consistent(first, 3, 3) or not consistent(first, 5, 5):
            return None
        for kh, kw in WIDE:
            if not consistent(first, kh, kw) or fit_linear(first, kh, kw, epochs=120, margin=32) is None:
                continue
            plan = LocalRule._grow(fit_part, kh, kw, 32)
            if plan and agree_each(check, *plan).all():
                return plan
        return None

    def build(self, plan):
        return LocalRule().build(plan)
