"""The output is an n x m arrangement of copies of the input, each block row possibly flipped up-down and
each block column left-right (a plain or mirrored tiling)."""
from __future__ import annotations

import itertools

import numpy as np

from .. import Solver
from .._common_graph import variable_axis_model
from .._common_grids import ratios
from .._common_index_maps import TransformFamily


def _tiled(flip_rows, flip_cols):
    """Block (i, j) is the input, flipped up-down if flip_rows[i], left-right if flip_cols[j]."""
    def f(g):
        row = lambda i: g[::-1] if flip_rows[i] else g
        return np.concatenate([np.concatenate([row(i)[:, ::-1] if fc else row(i) for fc in flip_cols], 1)
                               for i in range(len(flip_rows))], 0)
    return f


class MirrorTile(TransformFamily, Solver, name="mirror_tile",
                 tasks=("task083", "task116", "task142", "task152", "task164", "task172", "task210", "task211", "task249", "task311"),
                 refuses="task223", aliases=("tile",)):
    """Output = an n x m tiling of the input, each block row/column possibly mirrored (flipped) copies of the input."""

    def transforms(self, examples):
        k = ratios(examples, up=True)
        if not k:
            return
        nh, nw = k
        if 2 ** (nh + nw) > 4096:
            return
        inp, out = examples[0]
        H, W = inp.shape
        # flip flags per block row/col that the first example allows
        ok_r = [[fr for fr in (0, 1) if any(np.array_equal(out[i * H:(i + 1) * H, j * W:(j + 1) * W],
                                                             (inp[::-1] if fr else inp)[:, ::-1 if fc else 1])
                                            for j in range(nw) for fc in (0, 1))] for i in range(nh)]
        ok_c = [[fc for fc in (0, 1) if any(np.array_equal(out[i * H:(i + 1) * H, j * W:(j + 1) * W],
                                                             (inp[::-1] if fr else inp)[:, ::-1 if fc else 1])
                                            for i in range(nh) for fr in (0, 1))] for j in range(nw)]
        if any(not o for o in ok_r + ok_c):
            return
        for fr in itertools.product(*ok_r):
            for fc in itertools.product(*ok_c):
                if _tiled(fr, fc)(inp).shape == out.shape and np.array_equal(_tiled(fr, fc)(inp), out):
                    yield "tile" + "".join(map(str, fr)) + "x" + "".join(map(str, fc)), _tiled(fr, fc)

    def variable(self, label):
        rows, cols = label[len("tile"):].split("x")
        if rows == "0" and len(cols) > 1:
            axis, pattern = 3, cols
        elif cols == "0" and len(rows) > 1:
            axis, pattern = 2, rows
        else:
            return None
        kind = {"01": "mirror", "10": "mirror_first"}.get(pattern, "tile" if set(pattern) == {"0"} else None)
        if kind is None:
            return None
        return f"{self.name}:{label}:variable", variable_axis_model(kind, axis, len(pattern))
