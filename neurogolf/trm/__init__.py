"""Tiny Recursive Model: trainer (train.py), model (model.py), static ONNX exporter (export.py).

Importing this package does not import torch: `committed` only reads the exported models that
`neurogolf train` (or `neurogolf build --train`) wrote to trm_models/, so `neurogolf build` offers them without
training; `trained` trains one when the build is asked to (`TrainSettings`).
"""
from __future__ import annotations

import json
import os
import traceback
from dataclasses import dataclass
from pathlib import Path

from ..contract import validate
from ..records import atomic_write

MODELS_DIR = Path(__file__).resolve().parents[2] / "trm_models"


@dataclass(frozen=True)
class TrainSettings:
    """How `neurogolf build --train` trains a TRM (picklable, for worker processes)."""
    budget_s: float = 300
    device: str | None = None           # cpu or cuda; None: cuda when present
    always: bool = False                # train whatever the router says (else only tasks it routes to `trm`)
    folder: str = str(MODELS_DIR)       # where a passing model and its record are kept
    arcgen: str | None = None           # the ARC-GEN checkout the training stream draws from
    seed: int = 0
    widths: tuple = (4, 8, 16)
    steps: int = 3


def committed(task_name: str, folder: Path = MODELS_DIR) -> list[tuple[str, bytes]]:
    """[("trm", model bytes)] when a trained model of the task is committed, else []."""
    path = Path(folder) / f"{task_name}.onnx"
    return [("trm", path.read_bytes())] if path.is_file() else []


def device_problem(device: str | None) -> str | None:
    """Why `device` cannot train here (one line), or None."""
    if device in (None, "cpu"):
        return None
    if device != "cuda":
        return f"--device must be cpu or cuda, not {device!r}"
    import torch
    return None if torch.cuda.is_available() else "--device cuda: torch sees no CUDA device here"


def trained(task, settings: TrainSettings, fresh: list | None = None, log=None) -> tuple[dict, bytes | None]:
    """Train a TRM on `task` (the generator stream where it has one), export it, validate it on every known
    example and gate it on `fresh` (the build's fresh set); keep it in `settings.folder` (see `keep`).
    Returns (the run's record, the graph's bytes when it passes everything, else None); never raises for a
    task the trainer cannot model: the record's `rule` says why."""
    import torch

    from .train import Stream, Unsupported, fit_task
    torch.set_num_threads(1)            # 2-core machines: a second thread mostly waits on contention
    try:
        record, onx = fit_task(task, settings.budget_s, settings.device, settings.seed, settings.widths,
                               settings.steps, stream=Stream(task.arc_id, settings.arcgen), fresh=fresh,
                               log=log or (lambda m: None))
    except Unsupported as exc:
        return {"task": task.name, "ok": False, "rule": str(exc)}, None
    except Exception as exc:  # a generator or trainer that breaks on one task must not stop a build
        if os.environ.get("NEUROGOLF_DEBUG"):
            traceback.print_exc()
        return {"task": task.name, "ok": False, "rule": f"training failed: {type(exc).__name__}: {exc}"}, None
    keep(task, record, onx, Path(settings.folder), fresh)
    return record, (onx.SerializeToString() if onx is not None else None)


def summary(record: dict) -> str:
    """One line on a training run: what it passed, how it trained."""
    if "hidden" not in record:
        return record.get("rule", "")
    fresh = f", fresh {record['fresh_passed']}/{record['fresh_total']}" if "fresh_total" in record else ""
    return (f"TRM width {record['hidden']} x {record['steps']} steps, {record['train_seconds']}s on {record['device']}: "
            f"{record['passed']}/{record['total']} examples{fresh}, selection set {record['select_acc']:.3f}")


def keep(task, record: dict, onx, folder: Path = MODELS_DIR, fresh: list | None = None):
    """Write a training run's record and (if it passes) its graph, unless that would lose something; then
    nothing is written and the kept model's verdict on the task (fresh set included) is returned (None when
    there is none).

    Nothing is written when: the run trained nothing (no "passed" in its record); a model is kept and this
    run fails; the kept model passes every example and `fresh` and costs no more than this run's; the kept
    model fails the known examples though its record says it passed every one of its task's (other task data
    under the same name: a committed model is never replaced on its word). A kept model that fails only the
    fresh set gives way to a run that passes it. A failing run's record replaces only the record of a
    failing run that passed fewer examples (known, then fresh)."""
    path = Path(folder) / f"{task.name}.onnx"
    record_path = path.with_suffix(".json")
    known = validate(path.read_bytes(), task.by_split()) if path.is_file() else None
    kept = validate(path.read_bytes(), {**task.by_split(), "fresh": fresh}) if known is not None and fresh else known
    old = _read(record_path)
    if "passed" not in record:
        return kept
    if kept is not None:
        if onx is None or (kept.ok and kept.cost <= record["memory"] + record["params"]):
            return kept
        if not known.ok and old.get("ok"):
            return kept
    elif onx is None and old and (old.get("passed", 0), old.get("fresh_passed", 0)) >= \
            (record.get("passed", 0), record.get("fresh_passed", 0)):            # two failing runs: the nearer miss
        return None
    atomic_write(record_path, json.dumps(record, indent=1).encode())
    if onx is not None:
        atomic_write(path, onx.SerializeToString())
    return None


def _read(path: Path) -> dict:
    """A training record, or {} when there is none (or it cannot be read)."""
    try:
        data = json.loads(path.read_text())
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}
