"""Tiny Recursive Model: trainer (train.py), model (model.py), static ONNX exporter (export.py).

Importing this package does not import torch: `committed` only reads the exported models that
`neurogolf train` wrote to trm_models/, so `neurogolf build` offers them without training.
"""
from __future__ import annotations

from pathlib import Path

MODELS_DIR = Path(__file__).resolve().parents[2] / "trm_models"


def committed(task_name: str, folder: Path = MODELS_DIR) -> list[tuple[str, bytes]]:
    """[("trm", model bytes)] when a trained model of the task is committed, else []."""
    path = Path(folder) / f"{task_name}.onnx"
    return [("trm", path.read_bytes())] if path.is_file() else []
