"""neighbour_count's threshold-Conv variant (`:conv`): its weights are proved on every colour neighbourhood, so
the graph and the rule agree on grids no generator drew."""
from __future__ import annotations

import warnings

from neurogolf.contract import matches, run, session
from solvers import registry

from .conftest import needs_data
from .test_geometry import foreign_grids


@needs_data
def test_threshold_conv_agrees_with_rule_off_the_generator(store):
    solver = registry()["neighbour_count"]
    checked = 0
    for task_name in solver.tasks:
        task = store.load(task_name)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            examples = task.examples(*solver.fit_splits)
            plan = solver.fit(examples)
            conv = [model for label, model in solver.candidates(examples) if label.endswith(":conv")]
        if not conv:
            continue
        sess = session(conv[0])
        for grid in foreign_grids(store, task):
            answer = solver.rule(plan, grid)
            assert answer is None or matches(run(sess, grid), answer), task_name
            checked += 1
    assert checked      # task344's binary partner rule has a :conv variant
