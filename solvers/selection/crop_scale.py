"""Crop and scale: the bounding box of the coloured cells, each cell blown up to a kr x kc block.

Per axis the count of coloured cells per line gives each line its 1-based rank inside the box (0
outside); output line j shows box line j // k + 1, so Equal(rank, that constant) is the 0/1 line
matrix, and one Einsum input x rows x cols writes the output (with a swap matrix when the box's two
colours trade places). Fixed-size grids are sliced first so
the matrices are only as wide as the grid.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import fixed_shape
from ._boxes import box_of, box_rank


def crop_scale(grid, kr, kc, swap=False):
    """The scaled box; with `swap`, a box of exactly two colours (no background) has them exchanged."""
    box = box_of(grid, grid != 0)
    if box is None:
        return None
    if swap:
        pair = np.unique(box)
        if len(pair) != 2 or pair[0] == 0:
            return None
        box = np.where(box == pair[0], pair[1], pair[0])
    out = np.repeat(np.repeat(box, kr, 0), kc, 1)
    return out if max(out.shape) <= 30 else None


class CropScale(Solver, name="crop_scale", tasks=("task290", "task384"), refuses="task039",
                aliases=("c2_crop_scale",)):
    """Output = the bounding box of the input's coloured cells, scaled up by a fixed integer factor per axis (each cell
    becomes a kr x kc block), maybe with its two colours swapped."""

    def plans(self, examples):
        if all(i.shape == o.shape for i, o in examples):
            return
        i0, o0 = examples[0]
        box = crop_scale(i0, 1, 1)
        if box is None or o0.shape[0] % box.shape[0] or o0.shape[1] % box.shape[1]:
            return
        kr, kc = o0.shape[0] // box.shape[0], o0.shape[1] // box.shape[1]
        for swap in (False, True):
            if (kr, kc, swap) != (1, 1, False):
                yield kr, kc, swap, fixed_shape(examples)

    def rule(self, plan, grid):
        kr, kc, swap, shape = plan
        if shape is not None and (grid.shape[0] > shape[0] or grid.shape[1] > shape[1]):
            return None                 # the graph reads only the corner the examples fill
        return crop_scale(grid, kr, kc, swap)

    def candidates(self, examples):
        """The graph sliced to the one input shape (when there is one), and the full-canvas one."""
        plan = self.fit(examples)
        if plan is None:
            return
        if plan[-1] is not None:
            yield self.name + "_crop", self.build(plan)
        yield self.name, self.build(plan[:-1] + (None,))

    def build(self, plan):
        kr, kc, swap, shape = plan
        h, w = shape if shape is not None else (30, 30)
        g = Graph()
        grid = g.input
        if shape is not None:
            grid = g.Slice(g.input, g.ints([0, 0]), g.ints([h, w]), g.ints([2, 3]), name="grid")
        fg = np.ones((1, 10), np.float32)
        fg[0, 0] = 0

        def lines(eq, k, tag):
            counts = g.Einsum(grid, g.const(fg, name="fg"), equation=eq, name=f"{tag}_count")   # [1,1,n]
            rank = box_rank(g, counts, 2, tag)
            source = g.const((np.arange(30) // k + 1).astype(np.float32).reshape(30, 1), name=f"{tag}_source")
            return g.Cast(g.Equal(rank, source, name=f"{tag}_onehot"), to=1, name=f"{tag}_shift")  # [1,30,n]

        rows = lines("bchw,xc->bxh", kr, "row")
        cols = lines("bchw,xc->bxw", kc, "col")
        if not swap:
            return g.model(g.Einsum(grid, rows, cols, equation="bchw,xih,yjw->bcij"))
        # the two colours present: each maps to the other (P P^T - diag P), background to nothing
        present = g.Mul(g.ReduceMax(grid, axes=[2, 3], keepdims=0, name="colour_present"), g.const(fg),
                        name="fg_present")                                                    # [1,10]
        both = g.Einsum(present, present, equation="xk,xc->kc", name="pair")
        mix = g.Sub(both, g.Mul(present, g.const(np.eye(10, dtype=np.float32)), name="self"), name="swap")
        return g.model(g.Einsum(grid, mix, rows, cols, equation="bchw,kc,xih,yjw->bkij"))
