"""Nested frames: a corner motif of nested square frames is completed: the picture is made symmetric under
every mirror and turn of the square, and each frame (ring at depth d) repeats its edge element (the cell
two steps along from its corner) on every other cell of the ring.

Fixed square grids. Colours are one index plane (colour number per cell): the symmetric picture is a
Max over the four mirror views and that Max's transpose; the edge elements are the picture's diagonal
shifted two columns, spread over the rings by one Gather with a fixed per-cell ring index (cells off
the every-other pattern point at a zero); Where keeps the picture's own cells, and one Equal against
the channel numbers writes the output (the plane is padded with -1 outside the grid first).
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import fixed_shape, same_shape

VIEWS = (np.fliplr, np.flipud, lambda x: x[::-1, ::-1], np.transpose, lambda x: x[::-1, ::-1].T,
         lambda x: np.rot90(x, 1), lambda x: np.rot90(x, 3))


def ring_index(n):
    """Per cell: the ring depth where the cell takes its ring's edge element, else n - 2 (the zero slot)."""
    r, c = np.indices((n, n))
    dep = np.minimum(np.minimum(r, c), np.minimum(n - 1 - r, n - 1 - c))
    on = (r % 2 == dep % 2) & (c % 2 == dep % 2) & (dep + 2 < n)
    return np.where(on, dep, n - 2)


def frames(grid):
    n = grid.shape[0]
    s = grid.copy()
    for f in VIEWS:
        t = f(grid)
        if ((s != 0) & (t != 0) & (s != t)).any():
            return None
        s = np.where(s == 0, t, s)
    edge = np.array([s[d, d + 2] for d in range(n - 2)] + [0])
    fill = edge[ring_index(n)]
    return np.where(s == 0, fill, s)


class NestedFrames(Solver, name="nested_frames", tasks=("task240",), refuses="task242", aliases=("c2_frames",)):
    """A corner motif of nested square frames completed: made symmetric under every mirror and turn of the square, each
    frame repeating its edge element on every other cell."""

    def plans(self, examples):
        shape = fixed_shape(examples)
        if shape is not None and shape[0] == shape[1] >= 5 and same_shape(examples):
            yield shape[0]

    def rule(self, n, grid):
        return frames(grid) if grid.shape == (n, n) else None

    def candidates(self, examples):
        n = self.fit(examples)
        if n is not None:
            yield self.name, self.build(n)
            if n % 2:
                yield f"{self.name}:folded", self.build_folded(n)

    def build_folded(self, n):
        m = (n + 1) // 2
        g = Graph()
        fold = np.zeros((m, 30), np.float32)
        for r in range(m):
            fold[r, r] = fold[r, n - 1 - r] = 1
        colour_no = g.const(np.arange(10, dtype=np.float32), name="colour_no")
        fold = g.const(fold, name="fold")
        plane = g.Einsum(g.input, colour_no, fold, fold, equation="bchw,c,rh,sw->rs", name="folded")   # [m,m]
        plane = g.Cast(plane, to=2, name="folded_u8")
        slot = np.full((m, m), m, np.int64)                          # slot m: the corner cell (0, 0), empty
        for r in range(m):
            for c in range(m):
                t = min(r, c)
                if r % 2 == t % 2 and c % 2 == t % 2 and t + 2 < n and r != c:
                    slot[r, c] = t
        edge_at = np.array([(t, min(t + 2, n - 3 - t)) for t in range(m)] + [(0, 0)], np.int64)
        edges = g.GatherND(plane, g.const(edge_at, name="edge_at"), name="ring_edges")               # [m+1]
        fill = g.Gather(edges, g.const(slot, name="ring_slot"), axis=0, name="ring_fill")            # [m,m]
        quarter = g.Max(plane, fill, name="quarter")
        whole = g.Pad(quarter, g.ints([0, 0, m - 1, m - 1], name="unfold"), mode="reflect", name="whole")
        canvas = g.Pad(whole, g.ints([0, 0, 30 - n, 30 - n], name="to_canvas"), g.const(np.uint8(255), name="off"),
                       name="canvas")                                                                # [30,30]
        return g.model(g.Equal(canvas, g.const(np.arange(10, dtype=np.uint8).reshape(1, 10, 1, 1), name="channel_no")))

    def build(self, n):
        g = Graph()
        colour_no = g.const(np.arange(10, dtype=np.float32), name="colour_no")
        plane = g.Einsum(g.input, colour_no, equation="bchw,c->bhw", name="colour_plane")            # [1,30,30]
        pic = g.Slice(plane, g.ints([0, 0]), g.ints([n, n]), g.ints([1, 2]), name="picture")        # [1,n,n]
        views = [pic]
        lr = g.Slice(pic, g.ints([n - 1]), g.ints([-n - 1]), g.ints([2]), g.ints([-1]), name="view_lr")
        ud = g.Slice(pic, g.ints([n - 1]), g.ints([-n - 1]), g.ints([1]), g.ints([-1]), name="view_ud")
        rot = g.Slice(lr, g.ints([n - 1]), g.ints([-n - 1]), g.ints([1]), g.ints([-1]), name="view_rot")
        views += [lr, ud, rot]
        mirrored = g.Max(*views, name="mirror_symmetric")                                          # [1,n,n]
        sym = g.Max(mirrored, g.Transpose(mirrored, perm=[0, 2, 1], name="mirror_transposed"),
                    name="symmetric")                                                            # all 8 views
        shifted = g.Slice(sym, g.ints([0, 2]), g.ints([n - 2, n]), g.ints([1, 2]), name="two_along")
        edge = g.Einsum(shifted, equation="bii->bi", name="edge_elements")                          # [1,n-2]
        edge = g.Pad(edge, g.ints([0, 0, 0, 1]), name="edge_or_zero")                               # [1,n-1]
        fill = g.Gather(edge, g.const(ring_index(n).astype(np.int64), name="ring_slot"), axis=1,
                        name="ring_fill")                                                           # [1,n,n]
        out = g.Where(g.Greater(sym, g.const(np.float32(0.5)), name="has_colour"), sym, fill, name="completed")
        out = g.Pad(g.Unsqueeze(out, axes=[1], name="completed4"), g.ints([0, 0, 0, 0, 0, 0, 30 - n, 30 - n]),
                    g.const(np.float32(-1)), name="completed_canvas")                              # [1,1,30,30]
        channel = g.const(np.arange(10, dtype=np.float32).reshape(1, 10, 1, 1), name="channel_no")
        return g.model(g.Equal(out, channel))
