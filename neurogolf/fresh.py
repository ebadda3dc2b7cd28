"""Fresh examples from the official ARC-GEN generators, as the grader drew its private suite.

A model that fits the shown examples without the rule fails these, so the build judges every kept model on
them. Every draw is reproducible: example k of a task under seed s comes from
`random.seed(f"neurogolf:{arc_id}:{s}:{k}")`, a seed space of our own (never the competition's). Grids with
a side over 30 are skipped, as the scorer does. Drawn examples are cached on disk (`.cache/fresh/`, ignored
by git), so a rebuild draws nothing again; a generator that runs past its time bound stops the draw with
what it has.
"""
from __future__ import annotations

import importlib
import importlib.util
import json
import os
import random
import signal
import sys
import threading
import time
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from .config import load_config
from .records import atomic_write

MAX_SIDE = 30
ENV = "NEUROGOLF_ARCGEN"
DEFAULT_N = 400          # fresh examples a kept model must pass, per task (twice what the grader drew: rare misses show)
DEFAULT_SEED = 1         # ours; the competition's generator seeds are never used
EXAMPLE_SECONDS = 5      # one generator call past this is abandoned
TASK_SECONDS = 120       # a task's whole draw past this stops with what it has

Pair = tuple[np.ndarray, np.ndarray]


class NoGenerator(Exception):
    """No generator: no ARC-GEN checkout, or none for this task (ARC tasks outside the competition's 400)."""


class _TimeUp(Exception):
    pass


def arcgen_dir(explicit: str | os.PathLike | None = None) -> Path | None:
    """The generator checkout: `explicit` (--arcgen), else $NEUROGOLF_ARCGEN, else `arcgen_dir` in
    neurogolf.toml; None when none is set (fresh checks are then off)."""
    for candidate in (explicit, os.environ.get(ENV), load_config().get("arcgen_dir")):
        if candidate:
            return Path(candidate)
    return None


def check_arcgen(folder: Path) -> None:
    """Raise NoGenerator with a one-line reason unless `folder` is an ARC-GEN checkout."""
    if not (folder / "task_list.py").is_file():
        raise NoGenerator(f"{folder}: not an ARC-GEN checkout (task_list.py is missing); "
                          f"set --arcgen or ${ENV} to a clone of google/ARC-GEN")


@lru_cache(maxsize=4)
def _generators(folder: str) -> dict:
    """ARC id -> (generate, validate) of the checkout's task_list.py (its own modules on sys.path)."""
    check_arcgen(Path(folder))
    if folder not in sys.path:
        sys.path.insert(0, folder)
    spec = importlib.util.spec_from_file_location(f"_arcgen_task_list_{abs(hash(folder))}",
                                                  Path(folder) / "task_list.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.task_list()


def has_generator(arc_id: str, folder: str | os.PathLike | None = None) -> bool:
    where = arcgen_dir(folder)
    try:
        return where is not None and arc_id in _generators(str(where))
    except NoGenerator:
        return False


def _alarm(signum, frame):
    raise _TimeUp


def draw(arc_id: str, n: int, seed: int = DEFAULT_SEED, folder: str | os.PathLike | None = None,
         start: int = 0, task_seconds: float = TASK_SECONDS) -> list[Pair]:
    """Examples start..start+n-1 of `arc_id` under `seed`, as (input, output) int grids. Those with a side
    over 30, or whose generator call raises or runs past EXAMPLE_SECONDS, are dropped, and the whole draw stops
    at the task's deadline, so fewer than n may come back."""
    where = arcgen_dir(folder)
    if where is None:
        raise NoGenerator(f"no ARC-GEN checkout: pass --arcgen or set ${ENV}")
    table = _generators(str(where))
    if arc_id not in table:
        raise NoGenerator(f"ARC-GEN has no generator for {arc_id}")
    generate = table[arc_id][0]
    timed = hasattr(signal, "SIGALRM") and threading.current_thread() is threading.main_thread()
    old_handler = signal.signal(signal.SIGALRM, _alarm) if timed else None
    pairs: list[Pair] = []
    state = random.getstate()
    deadline = time.monotonic() + task_seconds
    try:
        for k in range(start, start + n):
            if time.monotonic() > deadline:
                break
            random.seed(f"neurogolf:{arc_id}:{seed}:{k}")
            if timed:
                signal.alarm(EXAMPLE_SECONDS)
            try:
                example = generate()
            except _TimeUp:      # one slow draw is skipped, not the rest: the task's deadline bounds the total
                continue
            except Exception:     # a generator that breaks on this seed yields no example, as for the grader
                continue
            finally:
                if timed:
                    signal.alarm(0)
            grids = [np.asarray(example["input"], dtype=np.int64), np.asarray(example["output"], dtype=np.int64)]
            if all(g.ndim == 2 and 0 < min(g.shape) and max(g.shape) <= MAX_SIDE for g in grids):
                pairs.append((grids[0], grids[1]))
    finally:
        random.setstate(state)
        if timed:
            signal.signal(signal.SIGALRM, old_handler)
    return pairs


def cache_path(cache_dir: Path, arc_id: str, seed: int) -> Path:
    return cache_dir / "fresh" / f"{arc_id}.seed{seed}.json"


def cached(arc_id: str, n: int = DEFAULT_N, seed: int = DEFAULT_SEED, folder: str | os.PathLike | None = None,
           cache_dir: str | os.PathLike = ".cache") -> list[Pair]:
    """The first n fresh examples of `arc_id` under `seed`, drawn once and then read from the cache.

    The cache file holds the examples drawn so far and how many draws they took, so a later call for more
    continues where the last one stopped, and every call gets the same first examples."""
    path = cache_path(Path(cache_dir), arc_id, seed)
    try:
        held = json.loads(path.read_text())
        examples, draws, asked = held["examples"], int(held["draws"]), int(held["asked"])
    except (OSError, ValueError, KeyError, TypeError):
        examples, draws, asked = [], 0, 0
    if n > asked:                 # oversize grids and slow generators may leave fewer than asked: not retried
        wanted = n - len(examples)
        examples += [{"input": i.tolist(), "output": o.tolist()}
                     for i, o in draw(arc_id, wanted, seed, folder, start=draws)]
        draws, asked = draws + wanted, n
        atomic_write(path, json.dumps({"arc_id": arc_id, "seed": seed, "draws": draws, "asked": asked,
                                       "examples": examples}).encode())
    return [(np.asarray(e["input"], dtype=np.int64), np.asarray(e["output"], dtype=np.int64))
            for e in examples[:n]]


@dataclass(frozen=True)
class FreshSettings:
    """Where fresh examples come from and how many a kept model must pass (picklable, for worker processes)."""
    folder: str | None           # the ARC-GEN checkout; None: fresh checks are off
    n: int = DEFAULT_N
    seed: int = DEFAULT_SEED
    cache_dir: str = ".cache"

    @property
    def on(self) -> bool:
        return self.folder is not None and self.n > 0

    def examples(self, arc_id: str) -> list[Pair] | None:
        """The task's fresh set (the same for every candidate), or None when the task has no generator."""
        if not self.on or not has_generator(arc_id, self.folder):
            return None
        return cached(arc_id, self.n, self.seed, self.folder, self.cache_dir)


def settings(arcgen: str | os.PathLike | None = None, n: int | None = None, seed: int | None = None,
             cache_dir: str | os.PathLike | None = None) -> FreshSettings:
    """Fresh-check settings from flags, else the environment and neurogolf.toml; a folder that is not an
    ARC-GEN checkout raises NoGenerator with a one-line reason."""
    folder = arcgen_dir(arcgen)
    if folder is not None:
        check_arcgen(folder)
    return FreshSettings(None if folder is None else str(folder), DEFAULT_N if n is None else n,
                         DEFAULT_SEED if seed is None else seed,
                         str(cache_dir or load_config().get("cache_dir", ".cache")))
