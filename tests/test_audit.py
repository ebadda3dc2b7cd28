"""The audit replays the withheld fifth: a model that only fits the shown examples must be caught."""
import numpy as np

from neurogolf.audit import audit_task, split_hidden
from neurogolf.graph import Graph
from neurogolf.tasks import Task

from .conftest import needs_data


def identity_family(monkeypatch):
    import neurogolf.build as build
    g = Graph()
    model = g.model(g.input)
    monkeypatch.setattr(build, "candidates", lambda task, order=None, fallback=False, only=None: iter([] if fallback else [("identity", "identity", model)]))


def synthetic(rule_on_hidden):
    rng = np.random.default_rng(1)
    grids = [rng.integers(0, 10, (3, 3)) for _ in range(20)]
    gen = [(g, rule_on_hidden(g) if i % 5 == 4 else g) for i, g in enumerate(grids)]
    return Task("task999", "x", {"train": gen[:3], "test": [], "arc-gen": gen})


def test_split_hides_every_fifth_arc_gen_example():
    task = synthetic(lambda g: g)
    visible, hidden = split_hidden(task)
    assert len(hidden) == 4 and len(visible.splits["arc-gen"]) == 16 and visible.train == task.train
    assert len(task.splits["arc-gen"]) == 20


def test_a_model_that_fits_only_the_shown_examples_breaks(monkeypatch):
    identity_family(monkeypatch)
    row = audit_task(synthetic(lambda g: g.T.copy() if not np.array_equal(g, g.T) else (g + 1) % 10))
    assert row.solver == row.family == "identity" and row.status == "breaks" and row.hidden_passed < row.hidden == 4


def test_a_model_with_the_rule_holds(monkeypatch):
    identity_family(monkeypatch)
    row = audit_task(synthetic(lambda g: g))
    assert row.status == "holds" and row.hidden_passed == 4


@needs_data
def test_real_transpose_task_holds(store):
    row = audit_task(store.load("task179"))
    assert row.status == "holds" and row.hidden > 30
