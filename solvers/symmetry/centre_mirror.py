"""Centre mirror: the picture is completed four ways (left-right, up-down, both) about the centre of the
one block of a fitted colour.

Graph: first/last rows and columns of the block give the mirror index vectors (first+last-i; 30, an
empty padded line, when off the canvas); three Gathers mirror a 1x1-Conv colour code, a Max merges
them, a Min with the scaled original code blanks cells outside the grid, and one Equal writes the output.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import same_shape


def centre_mirror(grid: np.ndarray, centre: int) -> np.ndarray | None:
    ys, xs = np.nonzero(grid == centre)
    if len(ys) == 0:
        return None
    h, w = grid.shape

    def flip(a, idx, axis):
        ok = (idx >= 0) & (idx < a.shape[axis])
        took = np.take(a, np.where(ok, idx, 0), axis=axis)
        return np.where(ok[:, None] if axis == 0 else ok[None, :], took, 0)

    ry = ys.min() + ys.max() - np.arange(h)
    rx = xs.min() + xs.max() - np.arange(w)
    return np.maximum.reduce([grid, flip(grid, ry, 0), flip(grid, rx, 1), flip(flip(grid, ry, 0), rx, 1)])


class CentreMirror(Solver, name="centre_mirror", tasks=("task112",), refuses="task070",
                   aliases=("c5_centre_mirror", "c3_anchormirror")):
    """Picture completed by left-right and up-down mirrors about the centre of a marker block."""

    def plans(self, examples):
        if not same_shape(examples) or all(np.array_equal(i, o) for i, o in examples):
            return
        i0 = examples[0][0]
        yield from sorted(set(i0[i0 > 0].tolist()))

    def rule(self, centre, grid):
        return centre_mirror(grid, centre)

    def build(self, centre):
        g = Graph()
        idx = np.arange(30, dtype=np.float32)
        mirrors = []
        for tag, spec in (("row", "bkrc,k->br"), ("col", "bkrc,k->bc")):
            present = g.Cast(g.Greater(g.Einsum(g.input, g.floats(np.eye(10)[centre]), equation=spec),
                                       g.floats(0.5)), to=1, name=f"centre_{tag}s")           # [1,30]
            first = g.Cast(g.ArgMax(present, axis=1, keepdims=0), to=1, name=f"centre_first_{tag}")
            last = g.ReduceMax(g.Mul(present, g.floats(idx)), axes=[1], keepdims=0, name=f"centre_last_{tag}")
            mirrored = g.Sub(g.Add(first, last), g.floats(idx), name=f"mirror_{tag}_f")         # [30]
            ok = g.And(g.Not(g.Less(mirrored, g.floats(0.0))), g.Less(mirrored, g.floats(29.5)))
            mirrors.append(g.Cast(g.Where(ok, mirrored, g.floats(30.0)), to=7, name=f"mirror_{tag}"))
        code = g.Conv(g.input, g.floats(np.arange(1, 11).reshape(1, 10, 1, 1)), name="colour_code")
        padded = g.Pad(code, g.ints([0, 0, 0, 0, 0, 0, 1, 1]), name="colour_code_padded")   # line 30 is empty
        up_down = g.Gather(padded, mirrors[0], axis=2, name="up_down_wide")                     # [1,1,30,31]
        both = g.Gather(up_down, mirrors[1], axis=3, name="both_ways")
        up_down = g.Slice(up_down, g.ints([0]), g.ints([30]), g.ints([3]), name="up_down")
        left_right = g.Slice(g.Gather(padded, mirrors[1], axis=3), g.ints([0]), g.ints([30]), g.ints([2]),
                             name="left_right")
        merged = g.Max(code, up_down, left_right, both, name="merged")
        inside = g.Min(merged, g.Mul(code, g.floats(100.0), name="grid_x100"), name="cell_code")
        return g.model(g.Equal(inside, g.floats(np.arange(1, 11).reshape(1, 10, 1, 1))))
