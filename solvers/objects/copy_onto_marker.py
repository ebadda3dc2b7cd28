"""Copy onto a marker: the grid's one shape (all cells but the marker's colour) is copied so that its bounding
box centre lands on the single marker cell; the original stays.

Graph: first/last rows and columns of the shape (ArgMax and ReduceMax over index-weighted presence)
give its centre, the marker's ArgMax its spot; the shift selects one diagonal of a constant (y - r)
matrix per axis, and one Einsum moves the shape's colour code; an Equal against channel codes writes
the output.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import same_shape


def marker_copy(grid: np.ndarray, marker: int) -> np.ndarray | None:
    """The grid with the shape copied onto the marker; None where the copy would leave the grid (the
    graph would draw it off the grid)."""
    if (grid == marker).sum() != 1:
        return None
    shape = (grid > 0) & (grid != marker)
    if not shape.any():
        return None
    ys, xs = np.nonzero(shape)
    (my,), (mx,) = np.nonzero(grid == marker)
    dy, dx = my - (ys.min() + ys.max()) // 2, mx - (xs.min() + xs.max()) // 2
    h, w = grid.shape
    if min(ys.min() + dy, xs.min() + dx) < 0 or ys.max() + dy >= h or xs.max() + dx >= w:
        return None
    out = np.where(grid == marker, 0, grid)
    out[ys + dy, xs + dx] = grid[ys, xs]
    return out


class CopyOntoMarker(Solver, name="copy_onto_marker", tasks=("task206",), refuses="task035",
                     aliases=("c5_marker_copy", "c3_copytomarker")):
    """The one shape is copied so its bounding-box centre sits on the single marker cell."""

    def plans(self, examples):
        if same_shape(examples):
            i0 = examples[0][0]
            yield from sorted(set(i0[i0 > 0].tolist()))

    def rule(self, marker, grid):
        return marker_copy(grid, marker)

    def build(self, marker):
        g = Graph()
        idx = g.floats(np.arange(30).reshape(1, 30))
        shape_w = ((np.arange(10) > 0) & (np.arange(10) != marker)).astype(np.float32)
        selectors = []
        for tag, spec in (("row", "bkrc,k->br"), ("col", "bkrc,k->bc")):
            present = g.Cast(g.Greater(g.Einsum(g.input, g.floats(shape_w), equation=spec), g.floats(0.5)),
                             to=1, name=f"shape_{tag}s")                                   # [1,30]
            first = g.Cast(g.ArgMax(present, axis=1, keepdims=0), to=1, name=f"shape_first_{tag}")
            last = g.ReduceMax(g.Mul(present, idx), axes=[1], keepdims=0, name=f"shape_last_{tag}")
            centre = g.Floor(g.Mul(g.Add(first, last), g.floats(0.5)), name=f"shape_centre_{tag}")
            spot = g.Cast(g.ArgMax(g.Einsum(g.input, g.floats(np.eye(10)[marker]), equation=spec),
                                   axis=1, keepdims=0), to=1, name=f"marker_{tag}")
            shift = g.Sub(spot, centre, name=f"shift_{tag}")                              # [1]
            offsets = np.arange(30)[:, None] - np.arange(30)[None, :]
            selectors.append(g.Cast(g.Equal(g.floats(offsets), shift), to=1, name=f"{tag}_selector"))
        codes = g.Einsum(g.input, g.floats(shape_w * np.arange(1, 11)), equation="bkrc,k->brc", name="shape_code")
        copied = g.Einsum(codes, selectors[0], selectors[1], equation="brc,yr,xc->byx", name="copied")
        weights = np.arange(1, 11, dtype=np.float32)
        weights[marker] = 1                                       # the marker turns black
        code = g.Einsum(g.input, g.floats(weights), equation="bkrc,k->brc", name="colour_code")
        code = g.Where(g.Greater(copied, g.floats(0.5)), copied, code, name="cell_code")
        return g.model(g.Equal(code, g.floats(np.arange(1, 11).reshape(1, 10, 1, 1))))
