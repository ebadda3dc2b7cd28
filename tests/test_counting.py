"""Counting families beyond the registry suite: more refusals, cost ceilings of their cheaper graphs, and
every reading the examples allow offered as a candidate."""
import pytest

from neurogolf.contract import validate
from solvers import registry

from .conftest import needs_data

REFUSES = [("count_fill", "task001"), ("count_bar", "task103"), ("rank_crop", "task001")]
CEILINGS = [("feature_table", "task061", 4000),     # a one-byte colour grid gathered by the key's slot
            ("histogram", "task339", 1000)]         # one colour in every grid: the single-bar graph


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
def test_every_reading_is_a_candidate(store):
    """task031's crop box is the same colour's by every measure and rank shown: six readings, six graphs."""
    solver = registry()["rank_crop"]
    task = store.load("task031")
    labels = [label for label, _ in solver.candidates(task.examples(*solver.fit_splits))]
    assert len(labels) == 6 and all(label.startswith("rank_crop:") for label in labels)
