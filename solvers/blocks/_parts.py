"""The equal parts a grid splits into (a KR x KC array, maybe with one-cell separator lines) and the
small colour map they are rendered from: shared by the part families (logic, overlay, odd part, odd block).
"""
from __future__ import annotations

import numpy as np

from .._common_grids import N


def layouts(H, W, h, w):
    """(KR, KC, gap) ways to cut an H x W grid into h x w parts, separator lines (gap 1) first."""
    for g in (1, 0):
        for KR in range(1, 5):
            for KC in range(1, 5):
                if KR * KC >= 2 and KR * h + (KR - 1) * g == H and KC * w + (KC - 1) * g == W:
                    yield KR, KC, g


def separator_ok(examples, KR, KC, g):
    """With g=1 the separator lines must be one uniform colour in every example (else it is no split)."""
    if not g:
        return True
    for inp, out in examples:
        h, w = out.shape
        lines = [inp[r * (h + 1) - 1, :] for r in range(1, KR)] + [inp[:, c * (w + 1) - 1] for c in range(1, KC)]
        if any(len(np.unique(line)) != 1 for line in lines):
            return False
    return True


def fixed_layouts(examples):
    """(KR, KC, gap, (H, W), (h, w)) of every split of one input shape into parts of the one output shape
    whose separator lines are uniform."""
    if len({(i.shape, o.shape) for i, o in examples}) != 1:
        return
    (H, W), (h, w) = examples[0][0].shape, examples[0][1].shape
    for KR, KC, g in layouts(H, W, h, w):
        if separator_ok(examples, KR, KC, g):
            yield KR, KC, g, (H, W), (h, w)


def split_parts(inp, KR, KC, g, h, w):
    return [inp[r * (h + g): r * (h + g) + h, c * (w + g): c * (w + g) + w] for r in range(KR) for c in range(KC)]


def parts_of(grid, p):
    """The parts of a fixed layout plan (KR, KC, g, h, w), or None when the grid has another shape."""
    KR, KC, g, h, w = p["KR"], p["KC"], p["g"], p["h"], p["w"]
    if grid.shape != (KR * h + (KR - 1) * g, KC * w + (KC - 1) * g):
        return None
    return split_parts(grid, KR, KC, g, h, w)


def odd_one(parts, score):
    """The part with the one highest score, else None (a tie lights several parts in the graphs)."""
    best = int(np.argmax(score))
    return parts[best] if (np.asarray(score) == score[best]).sum() == 1 else None


def selectors(KR, KC, gap, h, w):
    """Row and column selection matrices that read part (p, q)'s cell (i, j) out of the 30x30 canvas."""
    sr = np.zeros((KR, h, N), np.float32)
    for r in range(KR):
        sr[r, np.arange(h), r * (h + gap) + np.arange(h)] = 1
    sc = np.zeros((KC, w, N), np.float32)
    for c in range(KC):
        sc[c, np.arange(w), c * (w + gap) + np.arange(w)] = 1
    return sr, sc


def render_colour_map(g, colour, h, w):
    """A uint8 [h,w] colour map -> one-hot output (Equal broadcasts it over the ten channels), by the
    cheaper of two renders: one-hot then pad, or pad (255 outside) then one-hot straight into `output`."""
    palette = g.const(np.arange(10, dtype=np.uint8).reshape(1, 10, 1, 1))
    if 20 * h * w <= h * w + 900:
        onehot = g.Equal(colour, palette, name="onehot")
        return g.Pad(g.Cast(onehot, to=2, name="onehot_u8"), g.ints([0, 0, 0, 0, 0, 0, 30 - h, 30 - w]))
    canvas = g.Pad(colour, g.ints([0, 0, 30 - h, 30 - w]), g.const(np.uint8(255)), name="colour_canvas")
    return g.Equal(canvas, palette)
