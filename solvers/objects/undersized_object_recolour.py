"""Undersized object recolour: the grid holds objects of one colour on background; every 8-connected object
with as many cells as the largest one takes one colour, every smaller object another.

Task 277's generator draws a sprite twice and a copy with one column cut out (fewer cells; the cut may
split it into pieces, each smaller still), with at least one empty row or column between the copies, so
8-connected objects are exactly the copies or pieces of the cut one.

Graph, on the input cropped to the largest grid side S of the fit examples: ids = the object mask times
1..S*S (uint8, so S is at most 15); a fixed number of rounds of MaxPool 3x3 then Min with the mask (255 on objects) leaves each
object holding its largest id. Each cell's object size is the count of cells with its id (an Equal of the
flattened ids against themselves, summed by a uint8 MatMulInteger with ones), masked to the objects; cells under the largest size are the
small ones. Three planes (background, small, large) go through one 1x1 Conv to the colours and are padded
to the canvas.

The number of rounds is the largest object's cell count in the fit examples (an object of n cells settles
within n - 1 rounds); the rule answers None for an object that would need more, or a larger grid.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import same_shape, spread_ids


def object_sizes(mask: np.ndarray):
    """(rounds, sizes): the rounds spread_ids takes, and each mask cell's 8-connected object size (0 off)."""
    rounds, _, settled = spread_ids(mask)
    ids, counts = np.unique(settled, return_counts=True)
    size = dict(zip(ids.tolist(), counts.tolist()))
    sizes = np.vectorize(lambda v: size[v] if v else 0)(settled) if mask.any() else np.zeros(mask.shape, int)
    return rounds, sizes


class UndersizedObjectRecolour(Solver, name="undersized_object_recolour", tasks=("task277",),
                               refuses="task002", fit_splits=("train", "arc-gen")):
    """Same-shape grids of one object colour on background: each 8-connected object as large (in cells) as the
    largest becomes one colour, each smaller object another colour."""

    def plans(self, examples):
        """(object colour, small colour, large colour, rounds, side), read off the examples' changed cells."""
        if not same_shape(examples):
            return
        fg = {int(v) for i, _ in examples for v in np.unique(i) if v != 0}
        if len(fg) != 1:
            return
        fg = fg.pop()
        small, large, rounds, side = set(), set(), 0, 0
        for inp, out in examples:
            mask = inp == fg
            if not np.array_equal(out == 0, ~mask):
                return
            r, sizes = object_sizes(mask)
            big = mask & (sizes == sizes.max())
            small |= {int(v) for v in out[mask & ~big]}
            large |= {int(v) for v in out[big]}
            rounds = max(rounds, int(sizes.max()))
            side = max(side, *inp.shape)
        if len(small) != 1 or len(large) != 1 or small == large or side > 15:   # ids must fit uint8
            return
        yield fg, small.pop(), large.pop(), rounds, side

    def rule(self, plan, grid):
        fg, small, large, rounds, side = plan
        if max(grid.shape) > side or not set(np.unique(grid).tolist()) <= {0, fg}:
            return None
        mask = grid == fg
        r, sizes = object_sizes(mask)
        if r > rounds:
            return None
        out = np.zeros_like(grid)
        if mask.any():
            out[mask] = large
            out[mask & (sizes < sizes.max())] = small
        return out

    def build(self, plan):
        fg, small, large, rounds, side = plan
        s, n = side, side * side
        g = Graph()
        crop = lambda c, nm: g.Slice(g.input, g.ints([0, c, 0, 0]), g.ints([1, c + 1, s, s]), name=nm)
        mask_f = crop(fg, "mask_f")                                                      # [1,1,S,S]
        back_f = crop(0, "back_f")
        ids = g.Cast(g.Mul(mask_f, g.const(np.arange(1, n + 1, dtype=np.float32).reshape(1, 1, s, s),
                                           name="idx")), to=2, name="ids0")
        cap = g.Cast(g.Mul(mask_f, g.const(np.float32(255), name="c255")), to=2, name="cap")
        for _ in range(rounds):
            grown = g.MaxPool(ids, kernel_shape=[3, 3], pads=[1, 1, 1, 1], name="grown")
            ids = g.Min(grown, cap, name="ids")
        col = g.Reshape(ids, g.ints([n, 1]), name="id_col")
        row = g.Reshape(ids, g.ints([1, n]), name="id_row")
        same = g.Cast(g.Equal(col, row), to=2, name="same")                             # [N,N] uint8
        count = g.MatMulInteger(same, g.const(np.ones((n, 1), np.uint8), name="ones"), name="count")
        size = g.Mul(g.Cast(g.Reshape(count, g.ints([n]), name="count_n"), to=1, name="count_f"),
                     g.Reshape(mask_f, g.ints([n]), name="mask_n"), name="size")        # [N]
        biggest = g.ReduceMax(size, keepdims=1, name="biggest")
        is_small = g.Cast(g.Less(size, biggest), to=1, name="small_n")
        small_f = g.Mul(g.Reshape(is_small, g.ints([1, 1, s, s]), name="small_sq"), mask_f, name="small_f")
        large_f = g.Sub(mask_f, small_f, name="large_f")
        planes = g.Concat(back_f, small_f, large_f, axis=1, name="planes")
        w = np.zeros((10, 3, 1, 1), np.float32)
        w[0, 0], w[small, 1], w[large, 2] = 1, 1, 1
        out = g.Conv(planes, g.const(w, name="paint"), kernel_shape=[1, 1], name="coloured")
        if s < 30:
            out = g.Pad(out, g.ints([0, 0, 0, 0, 0, 0, 30 - s, 30 - s]), name="out30")
        return g.model(out)
