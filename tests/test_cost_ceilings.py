"""Cost ceilings for the cheaper graphs of crop_bbox, feature_table, edge_pair_table, size_colours,
cross_reach_fill, local_rule (grouped Conv) and projection_fill: each still passes every example."""
import pytest

from neurogolf.contract import validate
from solvers import canonical, registry

from .conftest import needs_data

CEILINGS = [("crop_bbox", "task039", 2000),        # [3,30] shift matrices, padded 3x3 crop
            ("crop_bbox", "task031", 4500),        # 12x12 window through a one-byte code map, [12,n] shifts
            ("feature_table", "task061", 4000),    # a one-byte colour grid gathered by the key's slot
            ("edge_pair_table", "task043", 1000),    # end lines picked inside the Einsum, rank-one pair terms
            ("size_colours", "task302", 12000),    # the rounds the objects need; one ScatterElements histogram
            ("cross_reach_fill", "task081", 1500),    # uint8 MaxPool window ORs on the 7x7 corner
            ("local_rule", "task272", 500),        # a grouped Conv
            ("projection_fill", "task299", 450)]   # one Einsum, [2,2,10,10] sign table


@needs_data
@pytest.mark.parametrize("family,task_name,ceiling", CEILINGS)
def test_cheaper_graph_passes_under_ceiling(store, family, task_name, ceiling):
    task = store.load(task_name)
    solver = registry()[canonical(family)]
    verdicts = [validate(m, task.by_split()) for _, m in solver.candidates(task.examples(*solver.fit_splits))]
    passing = [v for v in verdicts if v.ok]
    assert passing, [v.detail for v in verdicts]
    best = min(passing, key=lambda v: v.cost)
    assert best.passed == best.total > len(task.train)
    assert best.cost <= ceiling, best.cost
