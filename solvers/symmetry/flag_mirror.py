"""Flag mirror: the cells of one colour are mirrored across one of two vertical (or horizontal) axes and
added on the background; a flag cell (a fixed cell holding a fixed colour or not) tells which axis.

Fixed-size grids only. One strided Slice reads the background and the colour's plane of the grid window,
one Slice the flag cell; one Einsum mirrors the plane through the flag's line map (two fixed 0/1 maps,
picked by a [10,2] table of the flag cell's colour) and masks it with the background; the paint mask,
padded to the canvas, drives one Where that writes `output`.

Einsum variant (`flag_mirror:einsum`, cheapest where both mirrors factor into blocks): see `build_einsum`.

Code variant (`flag_mirror:code`, the cheaper one on small grids): the grid window's colour + 1 code in one
byte (one dilated Conv, `corner_plane`); the flag cell's code picks one of two source-index vectors (an index
past the grid reads an empty line padded onto the colour's plane), one Gather mirrors the plane, the mirrored cells on background take the colour's code, and `decode_code`'s QLinearConv writes
the one-hot `output` straight from the code plane.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_graph import corner_plane
from .._common_grids import C, N, fixed_shape, same_shape
from ..local._code_decode import decode_code


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


def _mirror_blocks(plan):
    """(B, blocks): the block size B (dividing the mirrored extent n) for which both mirrors t -> s - t have
    s = B k + B - 1 and the factored source map is smallest; None if no B > 1 does."""
    (h, w), _, axis, _, s1, s2 = plan
    n = w if axis == 1 else h
    best = None
    for size in range(2, n + 1):
        if n % size or s1 % size != size - 1 or s2 % size != size - 1:
            continue
        nb = n // size
        params = (nb + size) * N + 2 * nb * nb + size * size
        if best is None or params < best[0]:
            best = (params, size, nb)
    return None if best is None else best[1:]


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

    def candidates(self, examples):
        plan = self.fit(examples)
        if plan is None:
            return
        yield self.name, self.build(plan)
        yield f"{self.name}:code", self.build_code(plan)
        blocks = _mirror_blocks(plan)
        if blocks is not None:
            colours = sorted({int(v) for pair in examples for v in np.unique(np.concatenate([a.ravel() for a in pair]))})
            yield f"{self.name}:einsum", self.build_einsum(plan, blocks, colours)

    def build_einsum(self, plan, blocks, colours):
        """One Einsum writes `output` from `input` alone: each cell's colour d and its mirror source's colour e
        (same line) give H(d, e) = the colour where d is background and e the colour, else d. The flag cell's ten
        channels pick one of the two mirrors ([10,2] table). A mirror t -> s - t with s = B k + B - 1 maps block
        v to block k - v and reverses the offset inside it, so the [30,30] source map factors into block and
        offset one-hots (shared by source and target) and two small tables; a block with no source reads its
        own reversed block, where the examples and fresh checks confirm nothing is painted. Colours pass
        through a [K,10] embedding of the K colours the examples show."""
        (h, w), colour, axis, (fr, fc, fv), s1, s2 = plan
        size, nb = blocks
        n = w if axis == 1 else h
        g = Graph()
        flag = g.Slice(g.input, g.ints([0, fr, fc]), g.ints([C, fr + 1, fc + 1]), g.ints([1, 2, 3]),
                       name="flag_cell")                                                           # [1,10,1,1]
        which = np.zeros((C, 2), np.float32)        # [flag cell colour, mirror]: s1 with the flag, else s2
        which[:, 1] = 1
        which[fv] = [1, 0]
        k = len(colours)
        embed = np.zeros((k, C), np.float32)
        embed[np.arange(k), colours] = 1
        table = np.zeros((k, k, k), np.float32)                                     # [target, source, result]
        for a, d in enumerate(colours):
            for b, e in enumerate(colours):
                table[a, b, colours.index(colour if d == 0 and e == colour else d)] = 1
        cells = np.arange(N)
        block = (cells[None] // size == np.arange(nb)[:, None]) & (cells[None] < n)                # [nb,30]
        offset = cells[None] % size == np.arange(size)[:, None]                                    # [B,30]
        feeds = np.zeros((2, nb, nb), np.float32)                                  # [mirror, source, target]
        for j, s in enumerate((s1, s2)):
            top = (s - size + 1) // size
            for v in range(nb):
                feeds[j, top - v if 0 <= top - v < nb else v, v] = 1
        eq = ("bdrt,bers,bfxy,fj,kd,ge,lc,kgl,us,os,vt,qt,juv,oq->bcrt" if axis == 1 else
              "bdtr,besr,bfxy,fj,kd,ge,lc,kgl,us,os,vt,qt,juv,oq->bctr")
        f = g.const(embed, name="colour_embed")
        blk, off = g.const(block.astype(np.float32), name="block"), g.const(offset.astype(np.float32), name="offset")
        return g.model(g.Einsum(g.input, g.input, flag, g.const(which, name="flag_map"), f, f, f,
                                g.const(table, name="paint_table"), blk, off, blk, off,
                                g.const(feeds, name="block_feeds"),
                                g.const(np.eye(size, dtype=np.float32)[::-1].copy(), name="reverse"), equation=eq))

    def build_code(self, plan):
        (h, w), colour, axis, (fr, fc, fv), s1, s2 = plan
        n = w if axis == 1 else h
        g = Graph()
        code = g.Cast(corner_plane(g, np.arange(1, 11), (h, w), "code_f"), to=2, name="code")        # [1,1,h,w]
        plane = g.Equal(code, g.const(np.uint8(colour + 1), name="colour_code"), name="plane")
        pads = [0, 0, 0, 0, 0, 0, 0, 1] if axis == 1 else [0, 0, 0, 0, 0, 0, 1, 0]
        plane = g.Pad(plane, g.ints(pads, name="one_more_line"), name="plane_padded")             # line n: empty

        def mirror_index(s):
            """The source line of each target t along the axis: s - t, or n (the empty line) off the grid."""
            return g.const(np.array([s - t if 0 <= s - t < n else n for t in range(n)], np.int32), name="mirror_index")

        flag = g.ReduceMax(g.Slice(code, g.ints([fr, fc]), g.ints([fr + 1, fc + 1]), g.ints([2, 3]), name="flag_cell"),
                           keepdims=0, name="flag_code")                                                 # scalar
        with_flag = g.Equal(flag, g.const(np.uint8(fv + 1), name="flag_colour_code"), name="flag_set")
        index = g.Where(with_flag, mirror_index(s1), mirror_index(s2), name="mirror_source")             # [n]
        mirror = g.Gather(plane, index, axis=2 + axis, name="mirror")
        here = g.And(mirror, g.Equal(code, g.const(np.uint8(1), name="background_code"), name="background"),
                     name="paint_here")
        painted = g.Where(here, g.const(np.uint8(colour + 1), name="colour_code"), code, name="painted")
        return g.model(decode_code(g, painted, (h, w)))

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
