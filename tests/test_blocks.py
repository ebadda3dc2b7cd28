"""Block families beyond the registry suite: more refusals, cost ceilings of their cheaper graphs, and a
plan fitted on train alone."""
import numpy as np
import pytest

from neurogolf.contract import validate
from solvers import registry

from .conftest import needs_data

REFUSES = [("edge_pair_table", "task024"), ("line_band_table", "task256"), ("part_logic", "task257"),
           ("part_overlay", "task001"), ("odd_part", "task006"), ("odd_block", "task001")]
CEILINGS = [("edge_pair_table", "task043", 1000),   # end lines picked inside the Einsum, rank-one pair terms
            ("odd_block", "task263", 3000)]         # one row or column of blocks: the lines graph


@needs_data
@pytest.mark.parametrize("family,task_name", REFUSES)
def test_family_refuses_another_rule(store, family, task_name):
    solver = registry()[family]
    task = store.load(task_name)
    for _, model in solver.candidates(task.examples(*solver.fit_splits)):
        assert not validate(model, task.by_split(), profile="none", stop_at_first_failure=True).ok


@needs_data
@pytest.mark.parametrize("family,task_name,ceiling", CEILINGS)
def test_cheaper_graph_passes_under_ceiling(store, family, task_name, ceiling):
    solver = registry()[family]
    task = store.load(task_name)
    verdicts = [validate(m, task.by_split()) for _, m in solver.candidates(task.examples(*solver.fit_splits))]
    assert min(v.cost for v in verdicts if v.ok) <= ceiling


@needs_data
def test_part_logic_fits_the_examples_it_is_shown(store):
    """Outputs with swapped colours fit the negated rule, which then fails the real task."""
    task = store.load("task006")
    solver = registry()["part_logic"]
    plan = solver.fit([(i, np.where(o == 0, 2, 0)) for i, o in task.train])
    assert plan is not None
    assert not validate(solver.build(plan), task.by_split()).ok
