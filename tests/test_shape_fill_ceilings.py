"""Cost ceilings for the cheaper graphs of the shape and fill families (uint8 corner graphs, a signed line
count, packed columns, two meeting waves): each still passes every example, under its ceiling."""
import pytest

from neurogolf.contract import validate
from solvers import registry

from .conftest import needs_data

CEILINGS = [("odd_block", "task263", 650),           # the odd colour from the colour counts, one Einsum
            ("cup_hollow_marks", "task126", 1250),   # single-cell columns, one [30,30] Equal
            ("half_bars", "task320", 230),           # standing bars: one Einsum of the input with itself
            ("nested_frames", "task240", 390),       # one Einsum: 1/4 - (c - V)^2, V telescoped over slot families
            ("apex_rays", "task288", 1450),          # the figure: rays from the side and the rarest count
            ("ringed_colour", "task346", 1000),      # two colours as -d / +d: one run-time signed ring Conv, its extremes
            ("connected_flag", "task048", 2950)]     # two waves meeting halfway, 15 steps


@needs_data
@pytest.mark.parametrize("family,task_name,ceiling", CEILINGS)
def test_cheaper_graph_passes_under_ceiling(store, family, task_name, ceiling):
    task = store.load(task_name)
    solver = registry()[family]
    verdicts = [validate(m, task.by_split()) for _, m in solver.candidates(task.examples(*solver.fit_splits))
                if m is not None]
    passing = [v for v in verdicts if v.ok]
    assert passing, [v.detail for v in verdicts]
    best = min(passing, key=lambda v: v.cost)
    assert best.passed == best.total > len(task.train)
    assert best.cost <= ceiling, best.cost
