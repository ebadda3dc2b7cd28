"""Shift family: the whole grid translated by a fixed offset (vacated cells background 0), or rolled with wrap-around."""
from __future__ import annotations

import numpy as np

from . import Solver
from ._common import TransformFamily


def _shift(dr, dc, fill=0):
    def f(g):
        out = np.full_like(g, fill)
        H, W = g.shape
        if abs(dr) >= H or abs(dc) >= W:
            return None
        out[max(dr, 0):H + min(dr, 0), max(dc, 0):W + min(dc, 0)] = g[max(-dr, 0):H + min(-dr, 0),
                                                                       max(-dc, 0):W + min(-dc, 0)]
        return out
    return f


class Shift(TransformFamily, Solver):
    name = "shift"
    description = "output = the input translated by a fixed (rows, cols) offset, or rolled with wrap-around"
    allow_colormap = False

    def transforms(self, examples):
        if any(i.shape != o.shape for i, o in examples):
            return
        inp, out = examples[0]
        if np.array_equal(inp, out):
            return
        bi, bo = _bbox(inp), _bbox(out)
        if bi is None or bo is None:
            return
        offsets = {(bo[0] - bi[0], bo[1] - bi[1]), (bo[2] - bi[2], bo[3] - bi[3])}
        for dr, dc in sorted(offsets):
            if (dr, dc) == (0, 0):
                continue
            f = _shift(dr, dc)
            y = f(inp)
            if y is not None and np.array_equal(y, out):
                yield f"shift{dr},{dc}", f
            if np.array_equal(np.roll(inp, (dr, dc), (0, 1)), out):
                yield f"roll{dr},{dc}", (lambda dr, dc: lambda g: np.roll(g, (dr, dc), (0, 1)))(dr, dc)


def _bbox(g):
    """(top, left, bottom, right) of the non-zero cells."""
    rows, cols = np.nonzero(g)
    if rows.size == 0:
        return None
    return rows.min(), cols.min(), rows.max(), cols.max()
