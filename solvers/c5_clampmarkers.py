"""Clamp markers: every marker cell moves to the ring around the one block, to its clamped position
(row clipped into [top-1, bottom+1], column into [left-1, right+1]).

Graph: the block's first row/column (ArgMax) and extent (count) give Clip bounds; Equal of each row
index with the clipped marker rows is the row selector, likewise for columns; one Einsum moves the
marker mask, and one Equal of a per-cell colour code against channel codes writes the output.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from . import Solver
from ._local_util import same_shape


def clamp_markers(grid: np.ndarray, block: int, marker: int) -> np.ndarray | None:
    ys, xs = np.nonzero(grid == block)
    if len(ys) == 0:
        return None
    t, b, l, r = ys.min(), ys.max(), xs.min(), xs.max()
    if (grid[t:b + 1, l:r + 1] != block).any():
        return None
    out = np.where(grid == marker, 0, grid)
    for y, x in zip(*np.nonzero(grid == marker)):
        out[np.clip(y, t - 1, b + 1), np.clip(x, l - 1, r + 1)] = marker
    if out.shape != grid.shape:
        return None
    return out


class ClampMarkers(Solver):
    name = "c5_clamp_markers"
    description = "marker cells move onto the ring around a solid block, to their row/column clamped to it"

    def fit(self, examples):
        if not same_shape(examples) or all(np.array_equal(i, o) for i, o in examples):
            return None
        i0 = examples[0][0]
        for block in set(i0[i0 > 0].tolist()):
            for marker in set(i0[i0 > 0].tolist()) - {block}:
                ok = True
                for i, o in examples:
                    ys, xs = np.nonzero(i == block)
                    if len(ys) == 0 or ys.min() == 0 or xs.min() == 0 or ys.max() + 1 >= i.shape[0] \
                            or xs.max() + 1 >= i.shape[1]:
                        ok = False
                        break
                    p = clamp_markers(i, block, marker)
                    if p is None or not np.array_equal(p, o):
                        ok = False
                        break
                if ok:
                    return block, marker
        return None

    def build(self, plan):
        block, marker = plan
        g = Graph()
        idx = g.floats(np.arange(30).reshape(1, 30))
        sel = {}
        for tag, spec in (("row", "bkrc,k->br"), ("col", "bkrc,k->bc")):
            count = g.Einsum(g.input, g.floats(np.eye(10)[block]), equation=spec, name=f"block_per_{tag}")
            first = g.Cast(g.ArgMax(count, axis=1, keepdims=0), to=1, name=f"block_first_{tag}")   # [1]
            size = g.ReduceMax(count, keepdims=0, name=f"block_{tag}_span")  # cells per line = other side
            sel[tag] = (first, size)
        # rows: the block spans (cells per column) rows from first_row; columns likewise
        selectors = []
        for tag, other in (("row", "col"), ("col", "row")):
            first, _ = sel[tag]
            _, span = sel[other]
            lo = g.Sub(first, g.floats(1.0), name=f"{tag}_lo")
            hi = g.Add(first, span, name=f"{tag}_hi")
            clipped = g.Clip(idx, g.Squeeze(lo, axes=[0]), g.Squeeze(hi, axes=[0]), name=f"{tag}_clamped")
            selectors.append(g.Cast(g.Equal(g.floats(np.arange(30).reshape(30, 1)), clipped), to=1,
                                    name=f"{tag}_selector"))                                   # [30,30]
        marks = g.Einsum(g.input, g.floats(np.eye(10)[marker]), equation="bkrc,k->brc", name="markers")
        moved = g.Einsum(marks, selectors[0], selectors[1], equation="brc,yr,xc->byx", name="moved")
        weights = np.arange(1, 11, dtype=np.float32)
        weights[marker] = 1                                   # old marker cells turn black
        code = g.Einsum(g.input, g.floats(weights), equation="bkrc,k->brc", name="colour_code")  # 0 outside
        code = g.Where(g.Greater(moved, g.floats(0.5)), g.floats(marker + 1.0), code, name="cell_code")
        return g.model(g.Equal(code, g.floats(np.arange(1, 11).reshape(1, 10, 1, 1))))
