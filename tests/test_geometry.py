"""The geometry families beyond the registry suite: graph and rule agree off the generator too (other
tasks' grids, noisy copies of the task's own), and cell_map learns a recolouring copy."""
from __future__ import annotations

import random
import warnings

import numpy as np
import pytest

from neurogolf.contract import matches, run, session, validate
from solvers import kind_of, registry
from solvers._common_grids import D8

from .conftest import needs_data


def foreign_grids(store, task, n_tasks=20, noisy=3, seed=5):
    """Inputs of other tasks, and noisy copies of the task's own (a tenth of the cells redrawn)."""
    rng = random.Random(seed)
    grids = [i for k in rng.sample(range(1, 401), n_tasks) for i, _ in store.load(f"task{k:03d}").train]
    noise = np.random.default_rng(seed)
    for i, _ in task.train:
        for _ in range(noisy):
            j = i.copy()
            hit = noise.random(j.shape) < 0.1
            j[hit] = noise.integers(0, 10, hit.sum())
            grids.append(j)
    return grids


def disagreements(store, name):
    """The grids where the rule applies but the graph built from the plan answers otherwise, over every
    task the family claims."""
    solver = registry()[name]
    bad = []
    for task_name in solver.tasks:
        task = store.load(task_name)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            plan = solver.fit(task.examples(*solver.fit_splits))
        sess = session(solver.build(plan))
        for grid in foreign_grids(store, task):
            answer = solver.rule(plan, grid)
            if answer is not None and not matches(run(sess, grid), answer):
                bad.append((task_name, grid.shape))
    return bad


@needs_data
@pytest.mark.parametrize("name", sorted(n for n in registry() if kind_of(n) == "geometry"))
def test_graph_agrees_with_rule_off_the_generator(store, name):
    assert not disagreements(store, name)


def test_cell_map_with_recolouring():
    """Cells copied to fixed places and recoloured by one table (read off where the grids overlap)."""
    rng = np.random.default_rng(1)
    table = np.array([0, 2, 1, 3, 4, 5, 6, 7, 8, 9])
    grids = [rng.integers(0, 3, (3, 4)) for _ in range(8)]
    examples = [(g, table[np.vstack([g, g[:1]])]) for g in grids]
    solver = registry()["cell_map"]
    plan = solver.fit(examples[:4])
    assert plan is not None and plan[0] == "map" and plan[2].cmap is not None
    assert all(np.array_equal(solver.rule(plan, i), o) for i, o in examples)
    best = min((validate(m, {"train": examples[:4], "unseen": examples[4:]}) for _, m in solver.candidates(examples[:4])),
               key=lambda v: (not v.ok, v.cost))
    assert best.ok


@pytest.mark.parametrize("extent,cap", [((30, 30), (8, 9)), ((12, 14), (8, 9)), ((30, 30), (13, 16))])
def test_dedupe_window_agrees_with_rule_on_every_plan(extent, cap):
    """The window graph (on the canvas, or on a generator bound's lines) equals the rule wherever the output fits
    the window, for every plan: single-axis plans crop only their own axis. A window of 13 or 16 slots selects
    them by two digits."""
    from solvers.geometry.dedupe_lines import MODES, DedupeLines, dedupe
    rng = np.random.default_rng(0)
    for plan in MODES:
        sess = session(DedupeLines()._build_window(plan, cap, extent))
        for _ in range(40):
            h, w = rng.integers(1, extent[0] + 1), rng.integers(1, extent[1] + 1)
            blocks = rng.integers(0, 3, size=(rng.integers(1, max(cap) + 2), rng.integers(1, max(cap) + 2)))
            grid = blocks[np.sort(rng.integers(0, blocks.shape[0], h))][:, np.sort(rng.integers(0, blocks.shape[1], w))]
            out = dedupe(grid, *plan)
            if out is not None and out.shape[0] <= cap[0] and out.shape[1] <= cap[1]:
                assert matches(run(sess, grid), out), (plan, grid.shape)


@pytest.mark.parametrize("label", sorted(D8))
def test_dihedral_fixed_size_graphs_equal_the_transform_at_every_size(label):
    """The embedded-permutation Einsum and the reversal Conv, built for one grid size, answer the transform
    on random grids of that size, for every size up to 8 (the Conv also on non-square flips)."""
    from solvers._common_index_maps import index_map
    from solvers.geometry.dihedral import embedded_permutation_model, reversal_conv_model
    rng = np.random.default_rng(3)
    f = D8[label]
    built = 0
    for h in range(1, 9):
        for w in range(1, 9):
            imap = index_map(f, [(h, w)])
            models = [m for m in (embedded_permutation_model(imap) if h == w else None,
                                  reversal_conv_model(imap)) if m is not None]
            for model in models:
                sess = session(model)
                for _ in range(3):
                    grid = rng.integers(0, 10, (h, w))
                    assert matches(run(sess, grid), f(grid)), (label, h, w)
            built += len(models)
    assert built >= 8


@pytest.mark.parametrize("label", ["flip_lr", "flip_ud"])
def test_square_flip_equals_the_flip_at_every_side(label):
    """The square flip reads the side off the cell count: right for square grids of every side 1..30."""
    from solvers.geometry.dihedral import square_flip_variable
    _, model = square_flip_variable({"flip_lr": 3, "flip_ud": 2}[label], label)
    sess = session(model)
    rng = np.random.default_rng(4)
    for side in range(1, 31):
        grid = rng.integers(0, 10, (side, side))
        assert matches(run(sess, grid), D8[label](grid)), side
