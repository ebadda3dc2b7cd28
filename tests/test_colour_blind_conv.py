"""colour_blind_conv beyond the registry suite: graph and rule agree off the generator, and the fitted rule
treats every input colour alike (renaming the colours of an input renames those of its answer)."""
from __future__ import annotations

import warnings

import numpy as np

from solvers import registry

from .conftest import needs_data
from .test_geometry import disagreements


@needs_data
def test_graph_agrees_with_rule_off_the_generator(store):
    assert not disagreements(store, "colour_blind_conv")


@needs_data
def test_rule_commutes_with_colour_renaming(store):
    solver = registry()["colour_blind_conv"]
    task = store.load("task012")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        plan = solver.fit(task.examples(*solver.fit_splits))
    rng = np.random.default_rng(0)
    for grid, expected in task.examples("test", "arc-gen")[:20]:
        rename = np.concatenate([[0], rng.permutation(np.arange(1, 10))])
        assert np.array_equal(solver.rule(plan, grid), expected)
        assert np.array_equal(solver.rule(plan, rename[grid]), rename[expected])
