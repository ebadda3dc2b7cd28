"""One suite over the whole registry, as scikit-learn runs one check suite over every estimator.

Every family declares the competition tasks it solves and one it must refuse. On each claimed task its
fitted plan must compile into a graph that passes every example, its numpy `rule` must reproduce every
example, and every graph the build could keep (the plan's own and each cheaper variant that passes the
examples) must agree with the rule on fresh generator inputs too, so a graph bug shows without a task to
catch it.
"""
from __future__ import annotations

import warnings

import numpy as np
import pytest

from neurogolf import fresh
from neurogolf.canvas import generator_bound
from neurogolf.contract import matches, run, session, validate
from solvers import generator_bound as fitting_under, registry

from .conftest import DATA, needs_data

FAMILIES = sorted(registry())
CLAIMS = [(name, task) for name in FAMILIES for task in registry()[name].tasks]
FRESH_INPUTS = 3          # generator inputs per claimed task on which graph and rule must agree
FRESH_SEED = 7001         # ours, not the competition's
ARCGEN = DATA.parent / "ARC-GEN"


def fitted(solver, task):
    """The plan, fitted as the build fits it: under the task generator's bound on its grids."""
    with warnings.catch_warnings(), fitting_under(generator_bound(task.arc_id)):
        warnings.simplefilter("ignore")
        return solver.fit(task.examples(*solver.fit_splits))


@pytest.mark.parametrize("name", FAMILIES)
def test_family_declares_itself(name):
    solver = registry()[name]
    assert solver.description, "a one-line description (the router reads it)"
    assert solver.has_rule() or solver.no_rule, "implement rule(plan, grid) or say in no_rule why there is none"
    assert not (solver.has_rule() and solver.no_rule), "no_rule is only for families without a rule"
    assert solver.tasks, "declare the competition tasks the family solves"
    assert solver.refuses and solver.refuses not in solver.tasks, "declare a task with another rule to refuse"
    assert not any(name.startswith(f"c{d}_") for d in range(10)), "names say the rule, not the batch"


@needs_data
@pytest.mark.parametrize("name,task_name", CLAIMS)
def test_family_solves_its_task(name, task_name, store):
    solver = registry()[name]
    task = store.load(task_name)
    plan = fitted(solver, task)
    assert plan is not None, f"{name} does not fit {task_name}"
    examples = task.by_split()
    with warnings.catch_warnings(), fitting_under(generator_bound(task.arc_id)):
        warnings.simplefilter("ignore")
        candidates = list(solver.candidates(task.examples(*solver.fit_splits)))
        verdicts = [validate(model.SerializeToString(), examples, profile="none", stop_at_first_failure=True)
                    for _, model in candidates]
    assert any(v.ok for v in verdicts), f"no graph of {name} passes every example of {task_name}"
    if not solver.has_rule():
        return
    for split, pairs in examples.items():
        for k, (grid, expected) in enumerate(pairs):
            answer = solver.rule(plan, grid)
            assert answer is not None and np.array_equal(answer, expected), f"rule misses {split}[{k}]"
    if not fresh.has_generator(task.arc_id, ARCGEN):
        return
    # every graph the build could keep (the plan's own, and each cheaper variant that passes the examples)
    graphs = [("build(plan)", solver.build(plan))]
    graphs += [(label, model) for (label, model), verdict in zip(candidates, verdicts) if verdict.ok]
    inputs = fresh.draw(task.arc_id, FRESH_INPUTS, seed=FRESH_SEED, folder=ARCGEN)
    for label, model in graphs:
        sess = session(model)
        for k, (grid, _) in enumerate(inputs):
            answer = solver.rule(plan, grid)
            if answer is not None:
                assert matches(run(sess, grid), answer), f"{label} and the rule disagree on fresh input {k}"


@needs_data
@pytest.mark.parametrize("name", FAMILIES)
def test_family_refuses_another_rule(name, store):
    solver = registry()[name]
    task = store.load(solver.refuses)
    examples = task.by_split()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        models = [model for _, model in solver.candidates(task.examples(*solver.fit_splits))]
    assert not any(validate(m.SerializeToString(), examples, profile="none", stop_at_first_failure=True).ok
                   for m in models), f"{name} solves {solver.refuses}, which it declares another rule"
