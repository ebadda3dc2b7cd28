"""Each geometry family on a real task it solves (checked through validate() on every example) and
on one it must refuse."""
import numpy as np
import pytest

from neurogolf.contract import validate
from solvers import registry
from tests.conftest import needs_data

SOLVED = [  # family, task, worst acceptable cost
    ("colormap", "task016", 10),
    ("colormap", "task276", 10),
    ("dihedral", "task179", 0),
    ("dihedral", "task087", 180),
    ("dihedral", "task380", 180),
    ("dihedral", "task150", 200),
    ("scale", "task223", 90),
    ("scale", "task307", 40),
    ("scale", "task130", 100),
    ("scale", "task108", 900),
    ("cellmap", "task108", 300),
    ("dynscale", "task289", 1100),
    ("tile", "task083", 210),
    ("tile", "task142", 90),
    ("tile", "task164", 30),
    ("selftile", "task001", 400),
    ("selftile", "task304", 600),
    ("blocks", "task194", 1170),
    ("blocks", "task106", 1450),
    ("cellmap", "task385", 30),
    ("cellmap", "task373", 720),
    ("cellmap", "task113", 30),
    ("symmetrize", "task113", 7000),
    ("crop", "task135", 210),
    ("crop", "task067", 0),
    ("crop", "task326", 30),
    ("crop", "task188", 1400),
    ("halves", "task006", 200),
    ("halves", "task072", 7300),
    ("halves", "task180", 400),
    ("halves", "task321", 300),
    ("shift", "task053", 30),
    ("shift", "task261", 210),
    ("gravity", "task032", 1400),
    ("gravity", "task078", 2700),
    ("paint", "task322", 310),
    ("bounce", "task248", 3600),
]

REFUSED = [("colormap", "task179"), ("dihedral", "task016"), ("scale", "task001"), ("tile", "task223"),
           ("selftile", "task083"), ("blocks", "task083"), ("cellmap", "task001"), ("symmetrize", "task087"),
           ("crop", "task016"), ("shift", "task087"), ("gravity", "task087"), ("dynscale", "task223"),
           ("halves", "task001"), ("paint", "task087"), ("bounce", "task087"), ("constant", "task001")]


def cheapest(family, task):
    best = None
    solver = registry()[family]
    for label, model in solver.candidates(task.examples(*solver.fit_splits)):
        v = validate(model, task.by_split())
        if v.ok and (best is None or v.cost < best.cost):
            best = v
    return best


@needs_data
@pytest.mark.parametrize("family,name,worst", SOLVED)
def test_family_solves_task(store, family, name, worst):
    task = store.load(name)
    assert registry()[family].fit(task.train) is not None
    best = cheapest(family, task)
    assert best is not None and best.passed == best.total == sum(len(v) for v in task.by_split().values())
    assert best.cost <= worst


@needs_data
@pytest.mark.parametrize("family,name", REFUSED)
def test_family_refuses_task(store, family, name):
    assert registry()[family].fit(store.load(name).train) is None
    assert not list(registry()[family].candidates(store.load(name).train))


def test_constant_family_on_synthetic_examples():
    grid = np.array([[1, 2], [3, 0]])
    examples = [(np.zeros((3, 3), int), grid), (np.ones((4, 5), int), grid)]
    solver = registry()["constant"]
    model = solver.build(solver.fit(examples))
    v = validate(model, {"train": examples})
    assert v.ok and v.cost == 4 * 10 + 8
    assert solver.fit([(np.zeros((3, 3), int), grid), (np.zeros((3, 3), int), grid.T)]) is None


def test_blocks_rotates_grids_of_several_sizes():
    """No visible task needs a rotation of variable-size grids; the blocks family computes the size."""
    rng = np.random.default_rng(0)
    grids = [rng.integers(0, 10, (n, n)) for n in (3, 5, 4, 7, 2)]
    examples = [(g, np.rot90(g)) for g in grids]
    solver = registry()["blocks"]
    model = solver.build(solver.fit(examples[:3]))
    v = validate(model, {"train": examples[:3], "unseen": examples[3:]})
    assert v.ok and v.cost < 7000


def test_cellmap_with_recolouring():
    """Cells copied to fixed places and recoloured by one table (read off where the grids overlap)."""
    rng = np.random.default_rng(1)
    table = np.array([0, 2, 1, 3, 4, 5, 6, 7, 8, 9])
    grids = [rng.integers(0, 3, (3, 4)) for _ in range(8)]
    examples = [(g, table[np.vstack([g, g[:1]])]) for g in grids]
    solver = registry()["cellmap"]
    plan = solver.fit(examples[:4])
    assert plan is not None and plan.cmap is not None
    best = min((validate(m, {"train": examples[:4], "unseen": examples[4:]}) for _, m in solver.candidates(examples[:4])),
               key=lambda v: (not v.ok, v.cost))
    assert best.ok
