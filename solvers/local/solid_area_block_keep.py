"""Solid area block keep: the output keeps only the solid one-colour rectangle(s) of at least A cells with both
sides at least m (A and m read off the kept boxes of the fit examples); every other cell becomes background.

Read as windows: a cell is kept when some minimal kh x kw window (kh, kw >= m, kh * kw >= A, no smaller such
window inside it) containing it is one non-background colour. For task222 (boxes of 9..16 cells, sides >= 2,
scattered noise whose box-coloured pixels never touch one another) the windows are 2x5, 3x3 and 5x2: a
noise pixel touching the box can never complete one, and a 3x2 block of another colour (drawn about once
in a thousand inputs, the reason the 2x3/3x2 windows of `uniform_window_cover` miss the rule) is too small.

Graph: the `uniform_window_cover` graph ("keep" mode) with these windows: per window shape one MaxPool over
two one-byte codes, their sum compared with a constant, a padded MaxPool spreading marks back; one Where.
"""
from __future__ import annotations

import numpy as np

from .._common_grids import same_shape
from .uniform_window_cover import UniformWindowCover


def minimal_windows(side_min: int, area_min: int, limit: int) -> tuple[tuple[int, int], ...]:
    """Window shapes with both sides >= side_min and area >= area_min that contain no smaller such shape."""
    shapes = [(h, w) for h in range(side_min, limit + 1) for w in range(side_min, limit + 1) if h * w >= area_min]
    return tuple((h, w) for h, w in shapes
                 if not any((h2, w2) != (h, w) and h2 <= h and w2 <= w for h2, w2 in shapes))


def kept_box(inp: np.ndarray, out: np.ndarray, bg: int):
    """(height, width) of the one solid rectangle the output keeps from the input, else None."""
    rows, cols = np.nonzero(out != bg)
    if not len(rows):
        return None
    r0, r1, c0, c1 = rows.min(), rows.max() + 1, cols.min(), cols.max() + 1
    box = out[r0:r1, c0:c1]
    if len(rows) != box.size or not (box == box[0, 0]).all() or not (inp[r0:r1, c0:c1] == box).all():
        return None
    return r1 - r0, c1 - c0


class SolidAreaBlockKeep(UniformWindowCover, name="solid_area_block_keep", tasks=("task222",),
                         refuses="task162", fit_splits=("train", "arc-gen")):
    """Same-shape grids where only a solid one-colour rectangle of at least A cells (both sides at least m, A and
    m the smallest seen) is kept and every other cell becomes background: noise removed around a solid box."""

    def plans(self, examples):
        """('keep', minimal windows, non-background colours, background, side, False)."""
        if not same_shape(examples):
            return
        bg = 0
        boxes = [kept_box(i, o, bg) for i, o in examples]
        if any(b is None for b in boxes):
            return
        side = max(max(i.shape) for i, _ in examples)
        side_min = min(min(b) for b in boxes)
        area_min = min(h * w for h, w in boxes)
        if side_min < 2:
            return
        windows = minimal_windows(side_min, area_min, side)
        yield "keep", windows, tuple(c for c in range(10) if c != bg), bg, side, False
