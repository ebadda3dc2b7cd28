"""Centre mirror: the picture is completed four ways (left-right, up-down, both) about the centre of the
one block of a fitted colour.

Graph: first/last rows and columns of the block give the centre s = first+last; a [30,30] 0/1 read
matrix per axis (each line reads itself and its mirror: |2i-s| = |2p-s|) and one Einsum of the input through both, a
colour mix and the input's own grid mask write the output: the four images summed, background kept
only where every image reads background.
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
        reads = []
        for tag, spec in (("row", "bkrc,k->br"), ("col", "bkrc,k->bc")):
            present = g.Cast(g.Greater(g.Einsum(g.input, g.floats(np.eye(10)[centre]), equation=spec),
                                       g.floats(0.5)), to=1, name=f"centre_{tag}s")           # [1,30]
            first = g.Cast(g.ArgMax(present, axis=1, keepdims=0), to=1, name=f"centre_first_{tag}")
            last = g.ReduceMax(g.Mul(present, g.floats(idx)), axes=[1], keepdims=0, name=f"centre_last_{tag}")
            # line i reads line p (itself or its mirror about the centre s = first + last; a mirror off the
            # canvas matches no line) exactly when |2i - s| = |2p - s|
            apart = g.Abs(g.Sub(g.floats(2 * idx), g.Add(first, last), name=f"{tag}_offset"), name=f"{tag}_apart")
            both = g.Equal(g.Unsqueeze(apart, axes=[1], name=f"{tag}_apart_col"), apart, name=f"reads_{tag}")
            reads.append(g.Cast(both, to=1, name=f"reads_{tag}_f"))                              # [30,30]
        # colour c adds to its channel; a colour cell also votes -5 against background, outweighing the at
        # most four reads of a cell (two lines x two columns), so background stays only where all read 0
        mix = np.eye(10, dtype=np.float32)
        mix[1:, 0] = -5
        # the first input factor is the target cell's grid mask (its channels sum to 1 inside, 0 beyond)
        return g.model(g.Einsum(g.input, g.input, reads[0], reads[1], g.floats(mix),
                                equation="zepq,zcij,ip,jq,cd->zdpq"))
