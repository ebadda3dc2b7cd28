"""The periodic families beyond the registry suite: the tilings' costs stay where they were, their fits
refuse a task with another rule outright, and the dihedral tiles compute the size of grids never shown."""
import numpy as np
import pytest

from neurogolf.contract import validate
from solvers import registry

from .conftest import needs_data

CEILINGS = [  # family, task, worst acceptable cost of its cheapest passing graph
    ("mirror_tile", "task083", 210),
    ("mirror_tile", "task142", 90),
    ("mirror_tile", "task164", 30),
    ("fractal_tile", "task001", 400),
    ("fractal_tile", "task304", 600),
    ("dihedral_tiles", "task194", 1170),
    ("dihedral_tiles", "task106", 1450),
]


@needs_data
@pytest.mark.parametrize("family,name,worst", CEILINGS)
def test_tiling_stays_cheap(store, family, name, worst):
    task = store.load(name)
    solver = registry()[family]
    verdicts = [validate(m, task.by_split()) for _, m in solver.candidates(task.examples(*solver.fit_splits))]
    assert min(v.cost for v in verdicts if v.ok) <= worst


@needs_data
@pytest.mark.parametrize("family", ["mirror_tile", "fractal_tile", "dihedral_tiles"])
def test_tiling_fit_refuses_outright(store, family):
    solver = registry()[family]
    task = store.load(solver.refuses)
    assert solver.fit(task.train) is None
    assert not list(solver.candidates(task.train))


def test_dihedral_tiles_rotate_grids_of_several_sizes():
    """No visible task needs a rotation of variable-size grids; the graph computes the size."""
    rng = np.random.default_rng(0)
    grids = [rng.integers(0, 10, (n, n)) for n in (3, 5, 4, 7, 2)]
    examples = [(g, np.rot90(g)) for g in grids]
    solver = registry()["dihedral_tiles"]
    plan = solver.fit(examples[:3])
    assert all(np.array_equal(solver.rule(plan, g), o) for g, o in examples)
    v = validate(solver.build(plan), {"train": examples[:3], "unseen": examples[3:]})
    assert v.ok and v.cost < 7000


def test_square_spiral_edge_sum_draws_every_size():
    """The edge-sum spiral weighs each cell by its nearest grid edge with fixed offsets: every size up to its
    bound (1 to 21, past the generator's 5 to 20) is drawn exactly, at a cost near the public best."""
    solver = registry()["square_spiral"]
    examples = [(np.zeros((n, n), np.int64), solver.rule(3, np.zeros((n, n)))) for n in range(1, 22)]
    v = validate(solver._build_edge_sum(3, 21), {"train": examples})
    assert v.ok and v.cost < 250
