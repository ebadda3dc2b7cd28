"""Shared graph pieces of the cov3 families."""
from __future__ import annotations

import numpy as np


def colour_code(g):
    """(colours, code): `code` [1,1,30,30] float is each cell's colour 0..9 inside the grid and -1 outside,
    from one Conv with a bias (weights colour+1, bias -1); `colours` [1,10,1,1] 0..9 decodes a code map into
    the one-hot output by one Equal."""
    colours = g.const(np.arange(10, dtype=np.float32).reshape(1, 10, 1, 1), name="colours")
    weights = g.const((np.arange(10, dtype=np.float32) + 1).reshape(1, 10, 1, 1), name="colour_plus_one")
    code = g.Conv(g.input, weights, g.const(np.array([-1], np.float32), name="minus_one"), name="colour_code")
    return colours, code
