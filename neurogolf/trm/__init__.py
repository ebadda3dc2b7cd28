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
    """Write a training run's record and (if it passes) its graph, unless the task's kept model still passes
    every example and costs no more than this run's; then nothing is written and its verdict is returned.
    A failing run's record does not replace one of a run that passed more examples."""
    path = Path(folder) / f"{task.name}.onnx"
    record_path = path.with_suffix(".json")
    if path.is_file():
        kept = validate(path.read_bytes(), task.by_split())
        if kept.ok and (onx is None or kept.cost <= record["memory"] + record["params"]):
            return kept
    elif onx is None and record_path.is_file():                      # two failing runs: keep the nearer miss
        if json.loads(record_path.read_text()).get("passed", 0) > record.get("passed", 0):
            return None
    atomic_write(record_path, json.dumps(record, indent=1).encode())
    if onx is not None:
        atomic_write(path, onx.SerializeToString())
    return None
