"""Families on generator draws their first rules got wrong, rebuilt by hand with the ARC-GEN generators'
own parameters (each once failed a fresh audit): the numpy rule and the ONNX graph must both give the
generator's output.
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

# task158 (6aa20dc0): a 3x3 copy's 4 block holds a false 2x2 copy's corner (box rows 6-11, columns 10-15, its
# 6 corner the true 2x copy's); only the ring around that box, not background, tells it is no copy
TASK158 = dict(width=23, height=23, rows=[0, 2, 1, 0, 1], cols=[0, 2, 0, 1, 1], colors=[6, 4, 5, 5, 5],
               megarows=[19, 4, 6], megacols=[7, 3, 14], mags=[1, 3, 2], hflips=[1, 0, 0], vflips=[0, 0, 0], b=1)
# task158: two 2x copies 2 rows apart, one above the other: the upper one's 7 corner and the lower one's 4 corner
# make a false copy (box rows 13-18) whose ring is background; each true copy has a shown corner it alone covers
TASK158_STACKED = dict(width=23, height=23, rows=[0, 2, 1, 2, 1], cols=[0, 2, 1, 1, 2], colors=[4, 7, 8, 8, 8],
                       megarows=[15, 9, 17], megacols=[15, 5, 5], mags=[1, 2, 2], hflips=[1, 1, 1], vflips=[0, 0, 0],
                       b=3)
# task366 (e6721834): a two-dot box fits a chain of three dots of its colour two ways and the one-dot box of
# that colour fits two of them, so no box has a single candidate; the chain's end that only one candidate
# covers places the two-dot box
TASK366 = dict(width=13, height=12, rows=[0, 0, 1, 0, 1, 2], cols=[2, 3, 0, 1, 3, 0], idxs=[0, 1, 1, 2, 2, 2],
               colors=[1, 1, 1, 3, 3, 3], brows=[5, 0, 5, 5, 3, 0], bcols=[9, 3, 0, 4, 9, 3],
               bidxs=[0, 1, 2, 0, 1, 2], bsides=[0, 0, 0, 1, 1, 1], wides=[4, 4, 5], talls=[7, 2, 4],
               backs=[4, 5], forecolor=9, horiz=1, foreside=0)
# task310 (c909285e): the 5-spaced wire, drawn first, is mostly overdrawn by the later ones and keeps fewer cells
# (27) than the box's outline (28), so the rarest colour is a wire; the box's rows spread least
TASK310 = dict(size=20, spacings=[5, 4, 3, 6], colors=[9, 3, 6, 5], boxcolor=2, boxlength=8, boxrow=9, boxcol=9)


@needs_data
@pytest.mark.parametrize("name,task_name,params,crops", [
    ("scaled_turned_copy_completion", "task158", TASK158, (30, 26)),
    ("scaled_turned_copy_completion", "task158", TASK158_STACKED, (30, 26)),
    ("half_dot_box_transfer", "task366", TASK366, (None,)),
    ("crop_bbox", "task310", TASK310, (None,)),
])
def test_generator_case(store, name, task_name, params, crops):
    solver = registry()[name]
    task = store.load(task_name)
    if not fresh.has_generator(task.arc_id, ARCGEN):
        pytest.skip("no ARC-GEN checkout")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        plan = solver.fit(task.examples(*solver.fit_splits))
    pair = fresh._generators(str(ARCGEN))[task.arc_id][0](**params)
    grid, expected = np.array(pair["input"]), np.array(pair["output"])
    answer = solver.rule(plan, grid)
    assert answer is not None and np.array_equal(answer, expected)
    for crop in crops:
        model = solver.build(plan) if crop is None else solver.build(plan, crop)
        assert matches(run(session(model), grid), expected)


# task198 (83302e8f): the lattice's middle column (column 11) is more gap than wall (9 of 17 cells), so a wall line
# read as "more wall than background" misses it and the two rooms it splits merge; the lattice period finds it
TASK198 = dict(size=3, minisize=5, color=9, rows=[0, 2, 3, 5, 5, 5, 7, 8, 11, 12, 13, 14, 15, 15, 16],
               cols=[11, 11, 11, 0, 1, 4, 11, 11, 14, 5, 11, 11, 5, 11, 11])


@needs_data
def test_wall_gap_rooms_lattice_line_mostly_gaps(store):
    solver = registry()["wall_gap_rooms"]
    task = store.load("task198")
    if not fresh.has_generator(task.arc_id, ARCGEN):
        pytest.skip("no ARC-GEN checkout")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        examples = task.examples(*solver.fit_splits)
    pair = fresh._generators(str(ARCGEN))[task.arc_id][0](**TASK198)
    grid, expected = np.array(pair["input"]), np.array(pair["output"])
    assert solver.rule(solver.fit(examples), grid).tolist() == expected.tolist()
    for label, model in solver.candidates(examples):          # the flood graph and the rooms graph
        assert matches(run(session(model), grid), expected), label
