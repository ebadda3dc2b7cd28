"""Shared helpers for the c1_ families."""
from __future__ import annotations

import numpy as np


def consistent(keys: np.ndarray, outs: np.ndarray) -> np.ndarray:
    """For each row f of keys [F, n] (non-negative ints): is outs [n] (0..9) a function of keys[f]?

    Vectorised over F: a row is consistent when its keys have as many distinct values as its (key, out)
    pairs."""
    def distinct(a):
        s = np.sort(a, axis=1)
        return (np.diff(s, axis=1) != 0).sum(axis=1)
    return distinct(keys) == distinct(keys * 10 + outs[None, :])
