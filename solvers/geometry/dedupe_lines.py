"""Every row (column) that repeats the one before it is removed, optionally also the rows (columns) that
hold only background 0 (a crop to the coloured cells): a mosaic of blocks shrinks to one cell per block.

Rows and columns are kept by a vector test and gathered by one Einsum with 0/1 selection matrices built
from a CumSum of the kept flags (row i of the output is the i-th kept row)."""
from __future__ import annotations

import numpy as np
from onnx import TensorProto

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import N, same_shape

MODES = (("both", False), ("both", True), ("rows", False), ("cols", False), ("rows", True), ("cols", True))


def _keep(grid: np.ndarray, crop: bool) -> np.ndarray:
    """Flags over axis 0: differs from the previous line (first line always) and, if crop, not all 0."""
    keep = np.ones(grid.shape[0], bool)
    keep[1:] = np.any(grid[1:] != grid[:-1], axis=1)
    if crop:
        keep &= np.any(grid != 0, axis=1)
    return keep


def dedupe(grid: np.ndarray, axes: str, crop: bool) -> np.ndarray | None:
    if axes in ("both", "rows"):
        grid = grid[_keep(grid, crop)]
    if axes in ("both", "cols"):
        grid = grid[:, _keep(grid.T, crop)]
    return grid if grid.size else None


class DedupeLines(Solver, name="dedupe_lines", tasks=("task178", "task218", "task377"), refuses="task179",
                  aliases=("c3_dedupe",)):
    """Output = the input with repeated consecutive rows/columns collapsed to one (a mosaic of blocks shrunk to one
    cell per block), optionally cropped to the non-background cells."""

    def plans(self, examples):
        if not same_shape(examples):
            yield from MODES

    def rule(self, plan, grid):
        return dedupe(grid, *plan)

    def build(self, plan):
        axes, crop = plan
        g = Graph()
        weight = np.arange(1, 11, dtype=np.float32)
        nonbg = (np.arange(10) > 0).astype(np.float32)
        selectors = {}
        if crop:
            coloured = g.Conv(g.input, g.const(nonbg.reshape(1, 10, 1, 1), name="nonbg_w"), name="coloured")
        for axis, label in ((2, "rows"), (3, "cols")):
            if axes not in ("both", label):
                continue
            shape, pads = ((1, 10, 2, 1), [1, 0, 0, 0]) if axis == 2 else ((1, 10, 1, 2), [0, 1, 0, 0])
            kernel = np.zeros(shape, np.float32)
            if axis == 2:
                kernel[0, :, 0, 0], kernel[0, :, 1, 0] = -weight, weight
            else:
                kernel[0, :, 0, 0], kernel[0, :, 0, 1] = -weight, weight
            diff = g.Conv(g.input, g.const(kernel, name=f"{label}_diff_w"), pads=pads, name=f"{label}_diff")
            other = [0, 1, 5 - axis]
            changed = g.Greater(g.ReduceL1(diff, axes=other, keepdims=0, name=f"{label}_change"),
                                g.const(np.zeros(1, np.float32), name="zero"), name=f"{label}_changed")
            source = coloured if crop else g.input
            occupied = g.Greater(g.ReduceMax(source, axes=other, keepdims=0, name=f"{label}_occupancy"),
                                 g.const(np.zeros(1, np.float32), name="zero"), name=f"{label}_occupied")
            keep = g.Cast(g.And(changed, occupied, name=f"{label}_keep"), to=TensorProto.INT32,
                          name=f"{label}_keep_i")
            rank = g.Mul(g.CumSum(keep, g.const(np.array(0, np.int32), name="axis0"), name=f"{label}_cumsum"),
                         keep, name=f"{label}_rank")
            select = g.Equal(rank, g.const(np.arange(1, N + 1, dtype=np.int32).reshape(N, 1), name="slot"),
                             name=f"{label}_select")
            selectors[axis] = g.Cast(select, to=TensorProto.FLOAT, name=f"{label}_select_f")
        if axes == "both":
            out = g.Einsum(selectors[2], g.input, selectors[3], equation="ir,bcrs,js->bcij")
        elif axes == "rows":
            out = g.Einsum(selectors[2], g.input, equation="ir,bcrs->bcis")
        else:
            out = g.Einsum(g.input, selectors[3], equation="bcrs,js->bcrj")
        return g.model(out)
