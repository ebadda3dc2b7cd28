"""Reading the cells of computed source rows and columns into the output: one GridSample (nearest) over a float16
sampling grid, 3.6 KB, where an Einsum with two float 30x30 one-hot selection matrices holds 7.2 KB."""
from __future__ import annotations

import numpy as np
from onnx import TensorProto

from .._common_grids import N

STEP = 2 / (N - 1)          # one line in GridSample's normalised coordinates (align_corners: -1 .. 1 over 30 lines)


def sample_lines(g, rows: str, cols: str) -> str:
    """[1,10,30,30] float: output cell (i, j) = input cell (rows[i], cols[j]), zero where either index lies
    outside 0..29. rows: float [1,30,1,1] (or [1,30]-like, broadcastable so), cols: float [1,1,30,1]; both
    integral. The index becomes x = index * STEP - 1 in float16 (exact to well under half a line)."""
    parts = []
    for index, unit, label in ((cols, [1, 0], "col"), (rows, [0, 1], "row")):
        half = g.Cast(index, to=TensorProto.FLOAT16, name=f"{label}_sample16")
        scaled = g.Mul(half, g.const(np.array(unit, np.float16) * np.float16(STEP), name=f"{label}_unit"),
                       name=f"{label}_scaled")
        parts.append(scaled)
    grid = g.Add(g.Add(parts[0], g.const(np.full(2, -1, np.float16), name="minus_one"), name="col_grid"),
                 parts[1], name="sample_grid")               # [1,30,30,2]: (x, y) of each output cell
    return g.GridSample(g.input, grid, mode="nearest", align_corners=1, padding_mode="zeros")
