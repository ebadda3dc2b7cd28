"""Tables read off the examples, shared by the families that recolour each cell by a lookup."""
from __future__ import annotations

import numpy as np


def lookup_table(keys: np.ndarray, vals: np.ndarray) -> dict[int, int] | None:
    """{key: colour} when every key (a non-negative int) meets one colour (0..15) only, else None."""
    pairs = np.unique(np.asarray(keys) * 16 + np.asarray(vals))
    if len(np.unique(pairs // 16)) != len(pairs):
        return None
    return {int(p // 16): int(p % 16) for p in pairs}
