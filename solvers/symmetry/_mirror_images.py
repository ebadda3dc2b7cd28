"""Mirror, turn and translation images at fixed places, shared by the families that fill masked cells
from them: which images a grid agrees with, and the masked cells' values read from those images, in
numpy and as a graph on a one-channel uint8 colour-index plane."""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

# img(p) = v(A p + t): A as (transpose?, row sign, col sign); identity left out
MOVES = [(False, 1, -1), (False, -1, 1), (False, -1, -1), (True, 1, 1), (True, -1, -1), (True, 1, -1),
         (True, -1, 1)]
REACH = 4           # offsets searched around the grid-centred one
SHIFT = (False, 1, 1)   # a plain translation (periodic pattern of a fixed size and phase)
SHIFT_REACH = 10


def mask_colour(examples) -> int | None:
    """The one colour every changed cell had, when the changed cells are exactly the cells of that
    colour and no output keeps it; else None."""
    changed = np.concatenate([i[i != o] for i, o in examples])
    if changed.size == 0 or np.any(changed != changed[0]):
        return None
    mask = int(changed[0])
    if any(np.any(o == mask) or not np.array_equal(i == mask, i != o) for i, o in examples):
        return None
    return mask


def image(v: np.ndarray, move, t) -> np.ndarray:
    """img(r, c) = v(A (r, c) + t) on v's shape, -1 where that falls outside."""
    h, w = v.shape
    tr, sr, sc = move
    R, C = np.mgrid[0:h, 0:w]
    a, b = (C, R) if tr else (R, C)
    i, j = sr * a + t[0], sc * b + t[1]
    ok = (i >= 0) & (i < h) & (j >= 0) & (j < w)
    return np.where(ok, v[np.clip(i, 0, h - 1), np.clip(j, 0, w - 1)], -1)


def _centred(move, h, w):
    tr, sr, sc = move
    return ((h - 1) if sr < 0 else 0, (w - 1) if sc < 0 else 0)


def agreeing_images(views, moves, least: float) -> tuple:
    """Every (move, offset) near the grid-centred one under which each view (-1 = unknown) agrees with
    its own image on more than `least` known cells (a translation: on any, if it agrees exactly)."""
    h, w = views[0].shape
    found = []
    for move in moves:
        if move[0] and h != w:
            continue
        c0 = _centred(move, h, w)
        reach = REACH if move != SHIFT else min(SHIFT_REACH, max(h, w) - 1)
        floor = least if move != SHIFT else 1
        for dy in range(-reach, reach + 1):
            for dx in range(-reach, reach + 1):
                t = (c0[0] + dy, c0[1] + dx)
                if move == SHIFT and t == (0, 0):
                    continue
                for v in views:
                    img = image(v, move, t)
                    both = (img >= 0) & (v >= 0)
                    if both.sum() < floor or np.any(img[both] != v[both]):
                        break
                else:
                    found.append((move, t))
    return tuple(found)


def filled(grid, mask: int, images) -> np.ndarray | None:
    """The grid with each masked cell read from the images (the largest colour where they differ, as
    the graph's Max); None where an image leaves a masked cell unknown."""
    v = np.where(grid != mask, grid + 1, 0)
    best = v.copy()
    for move, t in images:
        best = np.maximum(best, image(v, move, t))
    return None if (best == 0).any() else best - 1


def filled_plane(g: Graph, mask: int, h: int, w: int, images) -> str:
    """uint8 [1,1,h,w] colour index + 1 (0 = unknown): the grid's own known cells merged by Max
    with every fixed mirror/turn/translation image."""
    index = np.where(np.arange(10) != mask, np.arange(1, 11), 0).astype(np.float32)
    if h < 30 and w < 30:
        # a 2x2 kernel dilated by (30-h, 30-w) whose only nonzero tap is its first one reads exactly
        # the grid's h x w corner: the plane is born cropped
        k = np.zeros((1, 10, 2, 2), np.float32)
        k[0, :, 0, 0] = index
        v = g.Cast(g.Conv(g.input, g.const(k, name="colour_index"), kernel_shape=[2, 2],
                          dilations=[30 - h, 30 - w], name="value_f"), to=2, name="value")
        H, W = h, w
    else:
        v = g.Cast(g.Conv(g.input, g.const(index.reshape(1, 10, 1, 1), name="colour_index"),
                          kernel_shape=[1, 1], name="value_f"), to=2, name="value")     # uint8 plane
        H, W = 30, 30
    P = 0               # padding so that every image's source rows/columns exist
    for (tr, sr, sc), t in images:
        for start, sign, n, top in ((t[0], sr, w if tr else h, (W if tr else H) - 1),
                                    (t[1], sc, h if tr else w, (H if tr else W) - 1)):
            lo, hi = sorted((start, start + sign * (n - 1)))
            P = max(P, -lo, hi - top)
    vp = g.Pad(v, g.ints([0, 0, P, P, 0, 0, P, P]), name="value_pad") if P else v
    turned = None
    parts = [g.Slice(v, g.ints([0, 0]), g.ints([h, w]), g.ints([2, 3]), name="own")]
    for (tr, sr, sc), t in images:
        src = vp
        rs, cs = (sc, sr) if tr else (sr, sc)           # signs along the slice's rows, cols
        r0, c0 = (t[1], t[0]) if tr else (t[0], t[1])
        if tr:
            turned = turned or g.Transpose(vp, perm=[0, 1, 3, 2], name="value_t")
            src = turned
        starts, ends = [], []
        for start, sign, n in ((r0 + P, rs, h), (c0 + P, cs, w)):
            end = start + sign * n
            starts.append(start)
            ends.append(end if end >= 0 else -10000)       # step -1 down to (and past) index 0
        parts.append(g.Slice(src, g.ints(starts), g.ints(ends), g.ints([2, 3]), g.ints([rs, cs]),
                             name="image"))
    return g.Max(*parts, name="best")


def decode_plane(g: Graph, plane: str) -> str:
    """The one-hot output from a uint8 colour-index + 1 plane (0 = no colour)."""
    return g.Equal(plane, g.const(np.arange(1, 11, dtype=np.uint8).reshape(1, 10, 1, 1), name="colours"))
