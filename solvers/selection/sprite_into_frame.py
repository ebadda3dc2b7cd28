"""Sprite into frame: the input holds a square frame (four one-colour sides, empty corners and interior)
and, elsewhere, a sprite of the mark colour whose bounding box is exactly the frame's interior (n x n).
The output is the frame with the sprite inside it; each sprite cell takes the colour of the side whose
triangle it lies in (the interior cut by its two diagonals), a cell on a diagonal keeps the mark colour.

Graph: one dilated Conv reads the frame plane (neither background nor mark) and the mark plane on the
S x S corner; row and column profiles (ReduceMax) and ArgMax give the frame's and the sprite's top-left
corners, ReduceSum of the frame's row profile its side n+2. One Einsum of `input` with two OneHot [W,30]
line picks cuts a W x W window (W = largest n + 2) at the frame, lines past n+2 pick nothing; two Gathers cut
the sprite's (W-2)-square window of the mark plane, padded by one cell to sit inside the frame. A table of triangle classes per n (Gather
by n) and the five class colours (top, right, bottom, left read off the window, the mark colour; each
also clears the background channel) meet in one Einsum; added to the frame window and padded to the
canvas it is `output`.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_graph import corner_plane


def _classes(n: int) -> np.ndarray:
    """[n, n] triangle class: 0 top, 1 right, 2 bottom, 3 left, 4 on a diagonal."""
    r, c = np.indices((n, n))
    d0, d1 = r - c, n - 1 - r - c
    cls = np.full((n, n), 4)
    cls[(d0 < 0) & (d1 > 0)] = 0
    cls[(d0 < 0) & (d1 < 0)] = 1
    cls[(d0 > 0) & (d1 < 0)] = 2
    cls[(d0 > 0) & (d1 > 0)] = 3
    return cls


def _bbox(mask):
    rows, cols = np.nonzero(mask.any(1))[0], np.nonzero(mask.any(0))[0]
    return rows[0], rows[-1] + 1, cols[0], cols[-1] + 1


def compose(grid, bg, mark, sizes):
    frame = (grid != bg) & (grid != mark)
    sprite = grid == mark
    if not frame.any() or not sprite.any():
        return None
    r0, r1, c0, c1 = _bbox(frame)
    m = r1 - r0
    n = m - 2
    if c1 - c0 != m or n not in sizes:
        return None
    box = grid[r0:r1, c0:c1]
    ring = np.zeros((m, m), bool)
    ring[0, 1:-1] = ring[-1, 1:-1] = ring[1:-1, 0] = ring[1:-1, -1] = True
    if not (box[ring] != bg).all() or (box[~ring] != bg).any():
        return None
    sides = [box[0, 1], box[1, -1], box[-1, 1], box[1, 0]]
    if any(len(np.unique(box[s])) != 1 for s in
           ((0, slice(1, -1)), (slice(1, -1), -1), (-1, slice(1, -1)), (slice(1, -1), 0))):
        return None
    s0, s1, t0, t1 = _bbox(sprite)
    if s1 - s0 != n or t1 - t0 != n:
        return None
    out = box.copy()
    colours = np.array(sides + [mark])
    inner = sprite[s0:s1, t0:t1]
    out[1:-1, 1:-1] = np.where(inner, colours[_classes(n)], bg)
    return out


class SpriteIntoFrame(Solver, name="sprite_into_frame", tasks=("task238",), refuses="task119",
                      fit_splits=("train", "arc-gen")):
    """A sprite of the mark colour is placed inside a square frame of four coloured sides; each sprite cell takes the
    colour of the side whose triangle (between the interior's diagonals) holds it, cells on a diagonal keep the mark."""

    def plans(self, examples):
        """(bg, mark, interior sizes, side): background 0-most colour, the mark a colour every input holds and
        every output keeps; the interior sizes those the examples show, the side their largest input."""
        if any(o.shape[0] != o.shape[1] for _, o in examples):
            return
        common = set.intersection(*(set(np.unique(i).tolist()) & set(np.unique(o).tolist()) for i, o in examples))
        bgs = {int(np.bincount(i.ravel()).argmax()) for i, _ in examples}
        if len(bgs) != 1:
            return
        bg = bgs.pop()
        sizes = tuple(sorted({o.shape[0] - 2 for _, o in examples}))
        side = max(max(i.shape) for i, _ in examples)
        for mark in sorted(common - {bg}):
            yield bg, mark, sizes, side

    def rule(self, plan, grid):
        bg, mark, sizes, side = plan
        if max(grid.shape) > side:
            return None
        return compose(grid, bg, mark, range(sizes[0], sizes[-1] + 1))

    def build(self, plan):
        bg, mark, sizes, side = plan
        lo, hi = sizes[0], sizes[-1]
        s, w = side, sizes[-1] + 2
        g = Graph()
        k = np.zeros((2, 10), np.float32)
        k[0, :] = 1
        k[0, [bg, mark]] = 0
        k[1, mark] = 1
        planes = corner_plane(g, k, (s, s), "planes", weight_name="plane_w")    # [1,2,S,S]
        rows = g.ReduceMax(planes, axes=[3], keepdims=1, name="rows")                      # [1,2,S,1]
        cols = g.ReduceMax(planes, axes=[2], keepdims=1, name="cols")                      # [1,2,1,S]
        top = g.Reshape(g.ArgMax(rows, axis=2, keepdims=1, name="tops"), g.ints([2, 1]), name="tops2")
        left = g.Reshape(g.ArgMax(cols, axis=3, keepdims=1, name="lefts"), g.ints([2, 1]), name="lefts2")
        pick = lambda t, i, n: g.Reshape(g.Slice(t, g.ints([i]), g.ints([i + 1]), g.ints([0]), name=n + "_s"),
                                         g.ints([1]), name=n)
        ar_w = g.ints(np.arange(w), name="ar_w")
        ar_n = g.ints(np.arange(w - 2), name="ar_n")
        side_f = g.ReduceSum(g.Slice(rows, g.ints([0]), g.ints([1]), g.ints([1]), name="frame_rows_f"),
                             keepdims=0, name="frame_side")                               # scalar n + 2
        # window lines past the frame's side pick nothing (an index past the canvas is an all-zero OneHot row)
        past = g.Mul(g.Cast(g.Less(side_f, g.floats(np.arange(w) + 0.5), name="past_side_b"), to=7, name="past_side"),
                     g.ints(100, name="far"), name="past_far")
        ar_w = g.Add(ar_w, past, name="ar_w_in")
        depth, off_on = g.ints([30], name="depth"), g.floats([0.0, 1.0], name="off_on")
        win_rows = g.OneHot(g.Add(pick(top, 0, "frame_top"), ar_w, name="frame_rows"), depth, off_on, axis=-1,
                            name="frame_row_pick")                                          # [W,30]
        win_cols = g.OneHot(g.Add(pick(left, 0, "frame_left"), ar_w, name="frame_cols"), depth, off_on, axis=-1,
                            name="frame_col_pick")
        frame = g.Einsum(g.input, win_rows, win_cols, equation="bcij,Ii,Jj->bcIJ", name="frame")  # [1,10,W,W]
        mark_plane = g.Slice(planes, g.ints([1]), g.ints([2]), g.ints([1]), name="mark_plane")
        if hi > lo:     # a small sprite at the far edge: its window reaches past the corner
            mark_plane = g.Pad(mark_plane, g.ints([0, 0, 0, 0, 0, 0, hi - lo, hi - lo]), name="mark_pad")
        spr = g.Gather(mark_plane, g.Add(pick(top, 1, "spr_top"), ar_n, name="spr_rows"), axis=2, name="spr_r")
        spr = g.Gather(spr, g.Add(pick(left, 1, "spr_left"), ar_n, name="spr_cols"), axis=3, name="spr")
        spr = g.Reshape(g.Pad(spr, g.ints([0, 0, 1, 1, 0, 0, 1, 1]), name="spr_pad"), g.ints([w, w]),
                        name="spr_w")                                                      # [W,W]
        table = np.zeros((hi - lo + 1, 5, w, w), np.float32)
        for n in range(lo, hi + 1):
            cls = _classes(n)
            for c in range(5):
                table[n - lo, c, 1:n + 1, 1:n + 1] = cls == c
        n_idx = g.Cast(g.Sub(side_f, g.floats(lo + 2.0), name="n_off"), to=7, name="n_idx")
        classes = g.Gather(g.const(table, name="classes"), n_idx, axis=0, name="class_map")  # [5,W,W]
        at = lambda i, j, name: g.Reshape(g.Slice(frame, g.ints([i, j]), g.ints([i + 1, j + 1]), g.ints([2, 3]),
                                                  name=name + "_s"), g.ints([1, 10]), name=name)
        right = g.Reshape(g.ReduceSum(g.Slice(frame, g.ints([1, 1]), g.ints([2, w]), g.ints([2, 3]), name="row1"),
                                      axes=[3], keepdims=0, name="right_s"), g.ints([1, 10]), name="right")
        bottom = g.Reshape(g.ReduceSum(g.Slice(frame, g.ints([1, 1]), g.ints([w, 2]), g.ints([2, 3]), name="col1"),
                                       axes=[2], keepdims=0, name="bottom_s"), g.ints([1, 10]), name="bottom")
        own = np.zeros((1, 10), np.float32)
        own[0, mark] = 1
        colours = g.Concat(at(0, 1, "top_c"), right, bottom, at(1, 0, "left_c"), g.const(own, name="mark_c"),
                           axis=0, name="colours")                                         # [5,10]
        clear = np.zeros((1, 10), np.float32)
        clear[0, bg] = -1
        keep = np.ones((1, 10), np.float32)
        keep[0, bg] = 0         # the row and column sums also count the interior's background
        colours = g.Add(g.Mul(colours, g.const(keep, name="keep"), name="colours_only"), g.const(clear, name="clear_bg"),
                        name="colours_bg")
        inner = g.Einsum(spr, classes, colours, equation="ij,kij,kc->cij", name="inner")   # [10,W,W]
        out = g.Add(frame, inner, name="framed")
        return g.model(g.Pad(out, g.ints([0, 0, 0, 0, 0, 0, 30 - w, 30 - w])))
