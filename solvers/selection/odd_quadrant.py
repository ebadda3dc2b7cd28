"""Odd quadrant: the grid is split in half both ways (optionally by a one-cell separator line); the
output is the quadrant holding the cell whose colour occurs exactly once.

Graph: per-colour counts pick the unique colour, two Einsums with it give the row and column profiles of its
cell, ArgMax finds its row and column, and one GridSample (nearest) reads the quadrant straight into the output
from a float16 sampling grid built from the two computed offsets: 3.6 KB where two float 30x30 selection
matrices for an Einsum took 11 KB."""
from __future__ import annotations

import numpy as np
from onnx import TensorProto

from neurogolf.graph import Graph

from .. import Solver
from .._common_graph import last_index
from .._common_grids import N
from ._once import once_colours


def odd_quadrant(grid: np.ndarray, gap: int) -> np.ndarray | None:
    H, W = grid.shape
    if (H - gap) % 2 or (W - gap) % 2 or H < 2 + gap or W < 2 + gap:
        return None
    cnt = np.bincount(grid.ravel(), minlength=10)
    cells = np.argwhere(np.isin(grid, [c for c in range(10) if cnt[c] == 1]))
    if len(cells) != 1:
        return None
    (r, c), h, w = cells[0], (H - gap) // 2, (W - gap) // 2
    r0, c0 = (h + gap if r >= h else 0), (w + gap if c >= w else 0)
    return grid[r0:r0 + h, c0:c0 + w]


class OddQuadrant(Solver, name="odd_quadrant", tasks=("task065",), refuses="task178", aliases=("c3_oddquadrant",)):
    """Grid split in four quadrants (halves both ways, maybe by separator lines); output = the quadrant containing the
    one cell whose colour occurs only once."""

    def plans(self, examples):
        yield from (1, 0)

    def rule(self, gap, grid):
        return odd_quadrant(grid, gap)

    def build(self, gap):
        g = Graph()
        once = once_colours(g)
        parts = []
        for axis, label, shape, term, unit in ((2, "row", (1, N, 1, 1), "i", [0, 1]),
                                               (3, "col", (1, 1, N, 1), "j", [1, 0])):
            profile = g.Einsum(g.input, once, equation=f"bcij,bcxy->{term}", name=f"odd_{label}s")   # [30]
            where = g.ArgMax(profile, axis=0, keepdims=1, name=f"odd_{label}")                       # [1]
            extent = g.Add(last_index(g, axis), g.ints([1], name="one_i"), name=f"{label}_extent")
            half = g.Div(g.Sub(extent, g.ints([gap], name="gap"), name=f"{label}_span"), g.ints([2], name="two"),
                         name=f"{label}_half")
            second = g.Cast(g.Not(g.Less(where, half, name=f"{label}_first"), name=f"{label}_second"),
                            to=TensorProto.FLOAT, name=f"{label}_second_f")
            start = g.Mul(second, g.Cast(g.Add(half, g.ints([gap], name="gap"), name=f"{label}_next"),
                                         to=TensorProto.FLOAT, name=f"{label}_next_f"), name=f"{label}_start")
            # the sampling coordinate of output line k: source line k + start, normalised to [-1, 1] over the
            # 30 lines (align_corners); lines k >= half read far outside (zeros)
            step = np.float32(2 / (N - 1))
            line = g.const((np.arange(N, dtype=np.float32) * step - 1).reshape(shape), name=f"{label}_coord")
            source = g.Add(line, g.Mul(start, g.floats([step], name="step"), name=f"{label}_shift"),
                           name=f"{label}_source")
            kept = g.Less(g.const(np.arange(N, dtype=np.int64).reshape(shape), name=f"{label}_index"), half,
                          name=f"{label}_kept")
            coord = g.Where(kept, source, g.floats([-3.0], name="outside"), name=f"{label}_sample")
            parts.append(g.Mul(g.Cast(coord, to=TensorProto.FLOAT16, name=f"{label}_sample16"),
                               g.const(np.array(unit, np.float16), name=f"{label}_unit"), name=f"{label}_grid"))
        grid = g.Add(parts[1], parts[0], name="sample_grid")                # [1,30,30,2]: (x, y) per output cell
        return g.model(g.GridSample(g.input, grid, mode="nearest", align_corners=1, padding_mode="zeros"))
