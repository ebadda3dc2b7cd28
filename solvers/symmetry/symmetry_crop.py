"""Symmetry crop: a fixed-size symmetric grid has one solid rectangle of a mask colour; the output is
what the rectangle hides.

The hidden values come from fixed mirror / turn images (as symmetry_fixed, searched on the inputs' known
cells); two Gathers cut the rectangle out at the mask's first row and column (ArgMax of the mask colour's
per-line counts, one Einsum each), so the rectangle
may sit anywhere.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import fixed_out_shape, fixed_shape
from ._mirror_images import MOVES, agreeing_images, decode_plane, filled, filled_plane


def _box(grid, mask, oh, ow):
    """The top-left corner of the grid's one solid oh x ow rectangle of the mask colour, else None."""
    r, c = np.nonzero(grid == mask)
    if len(r) != oh * ow or r.max() - r.min() + 1 != oh or c.max() - c.min() + 1 != ow:
        return None
    return r.min(), c.min()


class SymmetryCrop(Solver, name="symmetry_crop", tasks=("task242", "task351", "task400"), refuses="task171",
                   fit_splits=("train", "arc-gen")):
    """Fixed-size mirror-symmetric grids with a solid rectangle of one mask colour; the output is the hidden content of
    that rectangle."""

    def plans(self, examples):
        """The images every input agrees with on its known cells, searched on a sample."""
        shape, oshape = fixed_shape(examples), fixed_out_shape(examples)
        if shape is None or oshape is None or any(i.shape == o.shape for i, o in examples):
            return
        (h, w), (oh, ow) = shape, oshape
        mask = next((m for m in range(10) if all(_box(i, m, oh, ow) is not None for i, _ in examples)), None)
        if mask is None:
            return
        views = [np.where(i == mask, -1, i) for i, _ in examples[:12]]
        images = agreeing_images(views, MOVES, 0.4 * h * w)
        if images:
            yield mask, h, w, images, oh, ow

    def rule(self, plan, grid):
        mask, h, w, images, oh, ow = plan
        corner = _box(grid, mask, oh, ow) if grid.shape == (h, w) else None
        whole = filled(grid, mask, images) if corner is not None else None
        if whole is None:
            return None
        (r, c) = corner
        return whole[r:r + oh, c:c + ow]

    def build(self, plan):
        mask, h, w, images, oh, ow = plan
        g = Graph()
        plane = filled_plane(g, mask, h, w, images)                   # uint8 [1,1,h,w]
        pick = np.zeros(10, np.float32)
        pick[mask] = 1
        half = g.const(np.float32(0.5), name="half")

        def first(eq, tag):    # the first line holding a hole cell: counts per line, > 0 as uint8, ArgMax
            count = g.Einsum(g.input, g.const(pick, name="hole_colour"), equation=eq, name=f"hole_{tag}")   # [1,30]
            has = g.Cast(g.Greater(count, half, name=f"hole_{tag}_has"), to=2, name=f"hole_{tag}_u8")
            return g.ArgMax(has, axis=1, keepdims=0, name=f"first_{tag}")

        rows, cols = first("bchw,c->bh", "rows"), first("bchw,c->bw", "cols")
        r = g.Add(rows, g.ints(list(range(oh))), name="row_ids")
        c = g.Add(cols, g.ints(list(range(ow))), name="col_ids")
        cut = g.Gather(g.Gather(plane, r, axis=2, name="cut_rows"), c, axis=3, name="cut")
        full = g.Pad(cut, g.ints([0, 0, 0, 0, 0, 0, 30 - oh, 30 - ow]), name="cut_canvas")
        return g.model(decode_plane(g, full))
