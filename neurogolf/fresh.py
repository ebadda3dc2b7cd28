"""Fresh examples from the official ARC-GEN generators, as the grader drew its private suite.

A model that fits the shown examples without the rule fails these. Every draw is reproducible: example k
of a task under seed s comes from `random.seed(f"neurogolf:{arc_id}:{s}:{k}")`, a seed space of our own
(never the competition's). Grids with a side over 30 are skipped, as the scorer does.
"""
from __future__ import annotations

import importlib
import os
import random
import sys
from functools import lru_cache
from pathlib import Path

import numpy as np

MAX_SIDE = 30
ENV = "NEUROGOLF_ARCGEN"


class NoGenerator(Exception):
    """The task has no official generator in the checkout (ARC tasks outside the competition's 400)."""


def arcgen_dir(explicit: str | os.PathLike | None = None) -> Path | None:
    """The generator checkout: `explicit`, else $NEUROGOLF_ARCGEN, else ../shared/ARC-GEN beside the
    checkout when it is there; None when there is none (fresh checks are then off)."""
    for candidate in (explicit, os.environ.get(ENV)):
        if candidate:
            return Path(candidate)
    beside = Path(__file__).resolve().parents[2] / "shared" / "ARC-GEN"
    return beside if (beside / "task_list.py").is_file() else None


@lru_cache(maxsize=4)
def _generators(folder: str) -> dict:
    if not (Path(folder) / "task_list.py").is_file():
        raise NoGenerator(f"{folder} holds no ARC-GEN checkout (task_list.py is missing)")
    if folder not in sys.path:
        sys.path.insert(0, folder)
    return importlib.import_module("task_list").task_list()


def has_generator(arc_id: str, folder: str | os.PathLike | None = None) -> bool:
    where = arcgen_dir(folder)
    try:
        return where is not None and arc_id in _generators(str(where))
    except NoGenerator:
        return False


def draw(arc_id: str, n: int, seed: int = 0, folder: str | os.PathLike | None = None,
         start: int = 0) -> list[tuple[np.ndarray, np.ndarray]]:
    """Examples start..start+n-1 of `arc_id` under `seed`, as (input, output) int grids; those with a side
    over 30 are dropped, so fewer than n may come back."""
    where = arcgen_dir(folder)
    if where is None:
        raise NoGenerator(f"no ARC-GEN checkout: pass --arcgen or set ${ENV}")
    table = _generators(str(where))
    if arc_id not in table:
        raise NoGenerator(f"ARC-GEN has no generator for {arc_id}")
    generate = table[arc_id][0]
    pairs = []
    state = random.getstate()
    try:
        for k in range(start, start + n):
            random.seed(f"neurogolf:{arc_id}:{seed}:{k}")
            example = generate()
            grids = [np.asarray(example["input"], dtype=np.int64), np.asarray(example["output"], dtype=np.int64)]
            if all(g.ndim == 2 and 0 < min(g.shape) and max(g.shape) <= MAX_SIDE for g in grids):
                pairs.append((grids[0], grids[1]))
    finally:
        random.setstate(state)
    return pairs
