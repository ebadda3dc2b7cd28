"""The cheapest grouped Conv that explains a local rule: shared by the local-rule families.

A grouped Conv (output channel c reads only the input channels of its group: 10 groups, its own colour; 5,
its pair; 2, its half) costs 10 * (10 / group) * kh * kw + 10 params, so a grouped window may be wider than
the full Conv's and still cost less."""
from __future__ import annotations

import numpy as np

from .._common_perceptron import agree_each, consistent, fit_linear, holdout
from ._threshold_conv import grow

# a wide margin first (it generalises far better: fewer, larger-voted weights), then the bare one
MARGINS = (32, 1)
WINDOWS = [(1, 3), (3, 1), (3, 3), (1, 5), (5, 1), (3, 5), (5, 3), (5, 5)]


def cheapest_grouped(examples, full_cost: int):
    """(group, block weights [10,10/group,kh,kw], bias) of the cheapest grouped Conv below `full_cost` params
    that fits the examples and reproduces the held-out ones, or None."""
    fit_part, check = holdout(examples)
    options = sorted((10 * (10 // group) * kh * kw + 10, group, kh, kw)
                     for group in (10, 5, 2) for kh, kw in WINDOWS)
    for cost, group, kh, kw in options:
        if cost >= full_cost:
            break
        if not consistent(fit_part[:4], kh, kw) or fit_linear(fit_part[:4], kh, kw, group=group) is None:
            continue                                                   # fail fast on the first few
        for margin in MARGINS:
            plan = grow(fit_part, kh, kw, margin, group)
            if plan is False:               # no such weights found: a narrower margin may converge
                continue
            if plan is not None and agree_each(check, *plan).all():
                size = 10 // group
                weight = np.stack([plan[0][c, c // size * size:(c // size + 1) * size] for c in range(10)])
                return group, weight, plan[1]
            break
    return None
