"""Flag mirror: the cells of one colour are mirrored across one of two vertical (or horizontal) axes and
added on the background; a flag cell (a fixed cell holding a fixed colour or not) tells which axis.

Fixed-size grids only. One strided Slice reads the background and the colour's plane of the grid window,
one Slice the flag cell; one Einsum mirrors the plane through the flag's line map (two fixed 0/1 maps,
picked by a [10,2] table of the flag cell's colour) and masks it with the background; the paint mask,
padded to the canvas, drives one Where that writes `output`.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import N, fixed_shape, same_shape


def mirror(grid, colour, s, axis):
    """grid with colour's cells reflected (index -> s - index along axis) painted on background."""
    g = grid if axis == 1 else grid.T
    h, w = g.shape
    plane = g == colour
    out = g.copy()
    for c in range(w):
        src = s - c
        if 0 <= src < w:
            m = plane[:, src] & (out[:, c] == 0)
            out[m, c] = colour
    return out if axis == 1 else out.T


class FlagMirror(Solver, name="flag_mirror", tasks=("task181",), refuses="task360", aliases=("c2_flag_mirror",),
                 fit_splits=("train", "arc-gen")):
    """Fixed-size grids: one colour's cells mirrored across one of two axes and added on the background, the axis
    chosen by whether a fixed cell holds a fixed colour."""

    def plans(self, examples):
        """(shape, colour, axis, flag cell, axis with the flag, axis without): each example must be one
        of the mirrors, and one flag cell must split the examples by axis."""
        shape = fixed_shape(examples)
        if shape is None or not same_shape(examples):
            return
        added = set(np.concatenate([o[i != o] for i, o in examples]).tolist())
        if len(added) != 1 or any(np.array_equal(i, o) for i, o in examples):
            return
        colour = added.pop()
        ins = np.stack([i for i, _ in examples])
        for axis in (1, 0):
            n = shape[axis]
            # fail fast: the first few examples must each be explained by some axis
            if not all(any(np.array_equal(mirror(i, colour, s, axis), o) for s in range(2 * n - 1))
                       for i, o in examples[:4]):
                continue
            works = np.array([[np.array_equal(mirror(i, colour, s, axis), o) for s in range(2 * n - 1)]
                              for i, o in examples])                                   # [examples, axes]
            if not works.any(1).all():
                continue
            for r in range(shape[0]):
                for c in range(shape[1]):
                    for v in range(10):
                        flag = ins[:, r, c] == v
                        if flag.all() or not flag.any():
                            continue
                        s1 = np.nonzero(works[flag].all(0))[0]
                        s2 = np.nonzero(works[~flag].all(0))[0]
                        if len(s1) and len(s2):
                            yield shape, colour, axis, (r, c, v), int(s1[0]), int(s2[0])
                            return

    def rule(self, plan, grid):
        shape, colour, axis, (r, c, v), s1, s2 = plan
        if grid.shape != shape:
            return None
        return mirror(grid, colour, s1 if grid[r, c] == v else s2, axis)

    def build(self, plan):
        (h, w), colour, axis, (fr, fc, fv), s1, s2 = plan
        n = w if axis == 1 else h
        g = Graph()

        def line_map(s):
            m = np.zeros((n, n), np.float32)          # [target, source]
            for t in range(n):
                if 0 <= s - t < n:
                    m[t, s - t] = 1
            return m

        # channels 0 and `colour` of the grid window (one strided Slice), and the flag cell's ten channels
        planes = g.Slice(g.input, g.ints([0, 0, 0]), g.ints([colour + 1, h, w]), g.ints([1, 2, 3]),
                         g.ints([colour, 1, 1]), name="bg_and_plane")                              # [1,2,h,w]
        flag = g.Slice(g.input, g.ints([0, fr, fc]), g.ints([10, fr + 1, fc + 1]), g.ints([1, 2, 3]),
                       name="flag_cell")                                                           # [1,10,1,1]
        which = np.zeros((10, 2), np.float32)        # [flag cell colour, map]: the flag's map or the other
        which[:, 1] = 1
        which[fv] = [1, 0]
        maps = np.stack([line_map(s1), line_map(s2)])                                             # [2,n,n]
        eq = "bchw,c,bdhv,d,bfyz,fj,jwv->bhw" if axis == 1 else "bchw,c,bdvw,d,bfyz,fj,jhv->bhw"
        paint = g.Einsum(planes, g.floats([1, 0], name="pick_bg"), planes, g.floats([0, 1], name="pick_plane"),
                         flag, g.const(which, name="flag_map"), g.const(maps, name="line_maps"),
                         equation=eq, name="mirrored_on_bg")                                       # [1,h,w]
        here = g.Greater(paint, g.const(np.float32(0.5)), name="paint_here")
        canvas = g.Pad(here, g.ints([0, 0, 0, 0, N - h, N - w]), name="paint_canvas")             # [1,30,30]
        ink = np.zeros((1, 10, 1, 1), np.float32)
        ink[0, colour] = 1
        return g.model(g.Where(canvas, g.const(ink, name="ink"), g.input))
