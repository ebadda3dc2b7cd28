"""Fresh examples from the official generators: reproducible, cached, time-bounded, and judged by the build."""
from __future__ import annotations

import json
import random
import subprocess
import sys
import time

import numpy as np
import pytest

from neurogolf import fresh
from neurogolf.contract import Verdict
from neurogolf.graph import Graph
from neurogolf.selection import FreshCheck, cheapest_passing

from .conftest import DATA, needs_data

ARCGEN = DATA.parent / "ARC-GEN"
needs_arcgen = pytest.mark.skipif(not (ARCGEN / "task_list.py").is_file(), reason="../shared/ARC-GEN is not there")


def fake_checkout(folder, body: str):
    """An ARC-GEN-shaped folder whose one generator ("fake") runs `body`."""
    folder.mkdir()
    (folder / "task_list.py").write_text(
        "import random, time\n\ndef generate():\n" + body + "\n\ndef task_list():\n    return {'fake': [generate, None]}\n")
    return folder


@needs_arcgen
def test_draws_are_reproducible_and_our_own():
    first = fresh.draw("007bbfb7", 5, seed=3, folder=ARCGEN)
    again = fresh.draw("007bbfb7", 5, seed=3, folder=ARCGEN)
    other = fresh.draw("007bbfb7", 5, seed=4, folder=ARCGEN)
    assert all(np.array_equal(a[0], b[0]) and np.array_equal(a[1], b[1]) for a, b in zip(first, again))
    assert not all(np.array_equal(a[0], b[0]) for a, b in zip(first, other))


@needs_arcgen
def test_cache_gives_the_same_first_examples_and_draws_nothing_again(tmp_path, monkeypatch):
    some = fresh.cached("007bbfb7", 4, 1, ARCGEN, tmp_path)
    more = fresh.cached("007bbfb7", 6, 1, ARCGEN, tmp_path)
    assert len(some) == 4 and len(more) == 6
    assert all(np.array_equal(a[0], b[0]) for a, b in zip(some, more))
    monkeypatch.setattr(fresh, "draw", lambda *a, **k: pytest.fail("drew again instead of reading the cache"))
    assert len(fresh.cached("007bbfb7", 6, 1, ARCGEN, tmp_path)) == 6


def test_oversize_grids_are_skipped_as_the_scorer_does(tmp_path):
    folder = fake_checkout(tmp_path / "gen", "    n = random.choice([3, 31])\n"
                                              "    return {'input': [[1] * n] * n, 'output': [[2] * n] * n}")
    pairs = fresh.draw("fake", 20, folder=folder)
    assert 0 < len(pairs) < 20 and all(i.shape == (3, 3) for i, _ in pairs)


def test_a_slow_generator_is_cut_off(tmp_path, monkeypatch):
    folder = fake_checkout(tmp_path / "slow", "    time.sleep(30)\n    return {'input': [[1]], 'output': [[1]]}")
    monkeypatch.setattr(fresh, "EXAMPLE_SECONDS", 1)
    start = time.monotonic()
    assert fresh.draw("fake", 3, folder=folder) == []
    assert time.monotonic() - start < 10


def test_a_slow_draw_is_skipped_and_the_fast_ones_kept(tmp_path, monkeypatch):
    folder = fake_checkout(tmp_path / "sometimes", "    if random.random() < 0.3:\n        time.sleep(30)\n"
                                                   "    return {'input': [[1]], 'output': [[1]]}")
    monkeypatch.setattr(fresh, "EXAMPLE_SECONDS", 1)
    slow = sum(1 for k in range(12) if (random.seed(f"neurogolf:fake:1:{k}"), random.random())[1] < 0.3)
    assert 0 < slow < 12
    assert len(fresh.draw("fake", 12, folder=folder)) == 12 - slow


def test_no_generator_is_a_clear_error(tmp_path):
    with pytest.raises(fresh.NoGenerator, match="not an ARC-GEN checkout"):
        fresh.settings(arcgen=tmp_path)
    folder = fake_checkout(tmp_path / "gen", "    return {'input': [[1]], 'output': [[1]]}")
    assert not fresh.has_generator("0a1d4ef5", folder)
    with pytest.raises(fresh.NoGenerator, match="no generator"):
        fresh.draw("0a1d4ef5", 1, folder=folder)
    assert fresh.FreshSettings(None).examples("fake") is None


def recolour_model(table):
    g = Graph()
    return g.model(g.Gather(g.input, g.ints(table, name="source_colour"), axis=1)).SerializeToString()


def test_the_next_cheapest_takes_over_when_the_cheapest_fails_fresh_examples():
    """Known examples never show colour 2; the cheap model maps 2 to 1, which only fresh examples expose."""
    grid = np.array([[0, 1], [1, 0]])
    known = {"train": [(grid, grid)]}
    fresh_set = [(np.array([[2, 1]]), np.array([[2, 1]]))]
    right, wrong = recolour_model(list(range(10))), recolour_model([0, 1, 1, 3, 4, 5, 6, 7, 8, 9])
    pool = [("wrong", wrong, Verdict(True, 0, 10, 1, 1)), ("right", right, Verdict(True, 0, 20, 1, 1))]
    assert cheapest_passing(pool, known)[1] == "wrong"
    check = FreshCheck(fresh_set)
    assert cheapest_passing(pool, known, fresh=check)[1] == "right"
    assert check.rejected == 1 and check.verdict(right).passed == 1


@needs_data
@needs_arcgen
def test_fresh_command_prints_the_examples_as_the_competition_files_hold_them(tmp_path):
    out = subprocess.run([sys.executable, "-m", "neurogolf", "fresh", "--task", "179", "-n", "3", "--arcgen",
                          str(ARCGEN), "--tasks", str(DATA)], capture_output=True, text=True, cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    examples = json.loads(out.stdout)
    assert len(examples) == 3 and set(examples[0]) == {"input", "output"}
    assert len(list((tmp_path / ".cache" / "fresh").glob("*.seed1.json"))) == 1     # cached where it ran


@needs_data
@needs_arcgen
def test_audit_fresh_names_the_model_that_fits_the_shown_examples_only(tmp_path):
    """An identity model is no answer to task179 (a rotation): audit --fresh says so and exits 5."""
    models = tmp_path / "models"
    models.mkdir()
    g = Graph()
    (models / "task179.onnx").write_bytes(g.model(g.Identity(g.input)).SerializeToString())
    out = subprocess.run([sys.executable, "-m", "neurogolf", "audit", "--fresh", "--models", str(models), "-n", "5",
                          "--arcgen", str(ARCGEN), "--tasks", str(DATA), "-j", "1"],
                         capture_output=True, text=True, cwd=tmp_path)
    assert out.returncode == 5, out.stdout + out.stderr
    assert "task179: fails" in out.stdout and "1 fail some" in out.stdout


def test_a_generator_that_raises_on_some_seeds_yields_the_others(tmp_path):
    folder = fake_checkout(tmp_path / "gen", "    if random.random() < 0.5:\n        raise ValueError('unlucky seed')\n"
                                              "    return {'input': [[1]], 'output': [[2]]}")
    pairs = fresh.draw("fake", 20, folder=folder)
    assert 0 < len(pairs) < 20
