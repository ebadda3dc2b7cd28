"""Whether a cell lies between two marks on its row or column, in numpy and as the graph computes it."""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

AXES = {"rows": (1,), "cols": (0,), "both": (0, 1)}


def _seen(mask: np.ndarray, axis: int, reverse: bool) -> np.ndarray:
    m = np.flip(mask, axis) if reverse else mask
    r = np.maximum.accumulate(m, axis=axis)
    return np.flip(r, axis) if reverse else r


def between(mask: np.ndarray, axes) -> np.ndarray:
    """Cells with a mark at or before them and at or after them along one of the axes."""
    out = np.zeros(mask.shape, dtype=bool)
    for ax in axes:
        out |= _seen(mask, ax, False) & _seen(mask, ax, True)
    return out


def span(g: Graph, marks: str, axis: int, name: str, length: int = 30) -> str:
    """uint8 marks -> "a mark at or before and at or after me along the axis (0: column, 1: row)": two
    MaxPools with a kernel as long as the marks' extent along the axis (`length`), padded one shorter on
    one side, and their Min."""
    k = [length, 1] if axis == 0 else [1, length]
    before = [length - 1, 0, 0, 0] if axis == 0 else [0, length - 1, 0, 0]
    after = [0, 0, length - 1, 0] if axis == 0 else [0, 0, 0, length - 1]
    a = g.MaxPool(marks, kernel_shape=k, pads=before, name=f"before_{name}")
    b = g.MaxPool(marks, kernel_shape=k, pads=after, name=f"after_{name}")
    return g.Min(a, b, name=f"span_{name}")
