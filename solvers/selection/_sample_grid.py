"""Reading the cells of computed source rows and columns: one GridSample (nearest) over a float16 sampling grid
(3.6 KB for the whole output, where an Einsum with two float 30x30 one-hot selection matrices holds 7.2 KB;
a few bytes for a small window)."""
from __future__ import annotations

import numpy as np
from onnx import TensorProto

from .._common_grids import N


def sample_lines(g, rows: str, cols: str, source: str | None = None, size: int = N, f16: bool = False) -> str:
    """[1,C,R,K] float: output cell (i, j) = source cell (rows[i], cols[j]), zero where either index lies
    outside 0..size-1. source: `input` by default, else a [1,C,size,size] float tensor; rows: float [1,R,1,1],
    cols: float [1,1,K,1] (R = K = 30 for `input` into the output); both integral. The index becomes
    x = index * step - 1 in float16, step = 2 / (size - 1) (align_corners: -1 .. 1 over the lines; exact to
    well under half a line). f16: rows and cols are float16 already (no Cast)."""
    step = 2 / (size - 1)
    parts = []
    for index, unit, label in ((cols, [1, 0], "col"), (rows, [0, 1], "row")):
        half = index if f16 else g.Cast(index, to=TensorProto.FLOAT16, name=f"{label}_sample16")
        scaled = g.Mul(half, g.const(np.array(unit, np.float16) * np.float16(step), name=f"{label}_unit"),
                       name=f"{label}_scaled")
        parts.append(scaled)
    grid = g.Add(g.Add(parts[0], g.const(np.full(2, -1, np.float16), name="minus_one"), name="col_grid"),
                 parts[1], name="sample_grid")               # [1,R,K,2]: (x, y) of each output cell
    return g.GridSample(g.input if source is None else source, grid, mode="nearest", align_corners=1,
                        padding_mode="zeros")
