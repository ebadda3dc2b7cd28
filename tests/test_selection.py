"""Cost ceilings for fixed_crop and combine_parts (once "crop" and "halves"), two families many tasks use:
the cheapest graph of each still passes every example of a task it solves, at no more than it cost when the
ceiling was set. (crop_bbox's ceilings are in test_golf2.)"""
import pytest

from neurogolf.contract import validate
from solvers import registry

from .conftest import needs_data

CEILINGS = [("fixed_crop", "task067", 0),          # the leading square: one Einsum of the input with itself
            ("fixed_crop", "task135", 210),        # a fixed window, factored Einsum
            ("fixed_crop", "task326", 30),         # a fixed window at the corner: a 0/1 mask
            ("fixed_crop", "task188", 1400),       # the first of two copies, side decided in the graph
            ("combine_parts", "task006", 200),     # AND of two halves split by a line
            ("combine_parts", "task072", 7300),    # XOR: Conv, Abs, 1x1 Conv
            ("combine_parts", "task180", 400),
            ("combine_parts", "task321", 300)]


@needs_data
@pytest.mark.parametrize("family,task_name,ceiling", CEILINGS)
def test_cheapest_graph_passes_under_ceiling(store, family, task_name, ceiling):
    task = store.load(task_name)
    solver = registry()[family]
    verdicts = [validate(m, task.by_split()) for _, m in solver.candidates(task.examples(*solver.fit_splits))]
    passing = [v for v in verdicts if v.ok]
    assert passing, [v.detail for v in verdicts]
    assert min(v.cost for v in passing) <= ceiling
