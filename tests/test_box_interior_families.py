"""Checks of the box-interior families beyond the registry suite: the graph's canvas side S enters the
width-parity arithmetic of row_parity_box_interiors (an odd S flips which state is odd), and the rules must
match the generators' outputs on fresh draws, not only the graphs.
"""
from __future__ import annotations

import warnings

import numpy as np
import pytest

from neurogolf import fresh
from neurogolf.contract import matches, run, session
from solvers import registry

from .conftest import DATA, needs_data

ARCGEN = DATA.parent / "ARC-GEN"
SEED = 7321


def _fit(name, store, task_name):
    solver = registry()[name]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return solver, solver.fit(store.load(task_name).examples(*solver.fit_splits))


@needs_data
@pytest.mark.parametrize("side", [20, 21, 30])
def test_width_parity_any_canvas_side(store, side):
    """task204's plan built on an even, odd and full canvas: graph == rule == generator on fresh pairs."""
    solver, plan = _fit("row_parity_box_interiors", store, "task204")
    plan = (*plan[:5], side)
    sess = session(solver.build(plan))
    arc_id = store.load("task204").arc_id
    if not fresh.has_generator(arc_id, ARCGEN):
        pytest.skip("no ARC-GEN checkout")
    for grid, expected in fresh.draw(arc_id, 20, seed=SEED, folder=ARCGEN):
        answer = solver.rule(plan, grid)
        assert answer is not None and np.array_equal(answer, expected)
        assert matches(run(sess, grid), answer)


@needs_data
@pytest.mark.parametrize("name,task_name", [("row_parity_box_interiors", "task338"),
                                            ("ray_hole_halo", "task125"),
                                            ("fixed_row_template", "task197")])
def test_rule_is_the_generators(store, name, task_name):
    solver, plan = _fit(name, store, task_name)
    arc_id = store.load(task_name).arc_id
    if not fresh.has_generator(arc_id, ARCGEN):
        pytest.skip("no ARC-GEN checkout")
    for grid, expected in fresh.draw(arc_id, 50, seed=SEED, folder=ARCGEN):
        answer = solver.rule(plan, grid)
        assert answer is not None and np.array_equal(answer, expected)
