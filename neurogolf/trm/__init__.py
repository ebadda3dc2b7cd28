"""Tiny Recursive Model: trainer (train.py), model (model.py), static ONNX exporter (export.py).

Importing this package does not import torch: `committed` only reads the exported models that
`neurogolf train` wrote to trm_models/, so `neurogolf build` offers them without training.
"""
from __future__ import annotations

import json
from pathlib import Path

from ..contract import validate
from ..records import atomic_write

MODELS_DIR = Path(__file__).resolve().parents[2] / "trm_models"


def committed(task_name: str, folder: Path = MODELS_DIR) -> list[tuple[str, bytes]]:
    """[("trm", model bytes)] when a trained model of the task is committed, else []."""
    path = Path(folder) / f"{task_name}.onnx"
    return [("trm", path.read_bytes())] if path.is_file() else []


def keep(task, record: dict, onx, folder: Path = MODELS_DIR):
    """Write a training run's record and (if it passes) its graph, unless that would lose something; then
    nothing is written and the kept model's verdict on the task is returned (None when there is none).

    Nothing is written when: the run trained nothing (no "passed" in its record); a model is kept and this
    run fails; the kept model passes every example and costs no more than this run's; the kept model fails
    these examples though its record says it passed every one of its task's (other task data under the same
    name: a committed model is never replaced on its word). A failing run's record replaces only the record
    of a failing run that passed fewer examples."""
    path = Path(folder) / f"{task.name}.onnx"
    record_path = path.with_suffix(".json")
    kept = validate(path.read_bytes(), task.by_split()) if path.is_file() else None
    old = _read(record_path)
    if "passed" not in record:
        return kept
    if kept is not None:
        if onx is None or (kept.ok and kept.cost <= record["memory"] + record["params"]):
            return kept
        if not kept.ok and old.get("ok"):
            return kept
    elif onx is None and old.get("passed", 0) >= record.get("passed", 0) and old:   # keep the nearer miss
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
