"""Solid area block keep: the output keeps only the solid one-colour rectangle(s) of at least A cells with both
sides at least m (A and m read off the kept boxes of the fit examples); every other cell becomes background.

Read as windows: a cell is kept when some minimal kh x kw window (kh, kw >= m, kh * kw >= A, no smaller such
window inside it) containing it is one non-background colour. For task222 (boxes of 9..16 cells, sides >= 2,
scattered noise whose box-coloured pixels never touch one another) the windows are 2x5, 3x3 and 5x2: a
noise pixel touching the box can never complete one, and a 3x2 block of another colour (drawn about once
in a thousand inputs, the reason the 2x3/3x2 windows of `uniform_window_cover` miss the rule) is too small.

Graph: the `uniform_window_cover` graph ("keep" mode) with these windows: per window shape one MaxPool over
two one-byte codes, their sum compared with a constant, a padded MaxPool spreading marks back; one Where.
On a fixed-size grid (task222's generator: always 16 x 16, one box) the codes are one float index plane
read once, then two one-byte planes; the windows' marks become one row and one column line whose product
is the box, with no outside-the-grid test, and one Einsum of the input with those lines writes the output
(see `build`). The box keeps a margin from the border (task222's generator: at least one line, read off
the examples), so the planes cover only the grid inside that margin.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .._common_graph import corner_plane
from .._common_grids import fixed_shape, same_shape
from .uniform_window_cover import UniformWindowCover, covered


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
        shape = fixed_shape(examples)
        targets = tuple(c for c in range(10) if c != bg)
        if shape is not None:
            # the kept box's least distance to the border (task222's generator: at least 1): windows are read
            # only inside that margin (a uniform window lies inside the box: noise cells of its colour never
            # touch one another, so none runs out of it)
            margin = min(_border_distance(o, bg) for _, o in examples)
            if margin > 0:
                yield "keep", windows, targets, bg, side, False, shape, margin
            yield "keep", windows, targets, bg, side, False, shape, 0
        yield "keep", windows, targets, bg, side, False, None, 0

    def build(self, plan):
        """On a fixed-size grid no cell is outside it. One box (the generator draws a single one): the kept
        cells are the rows times the columns of the one-colour windows, so the windows' marks are reduced to a
        row and a column line, never spread back over the grid. Codes, one byte each: a = colour + 1 (2..10,
        background 0) and b = min(255 - a, 254); max(a) + max(b) wraps to 255 exactly on a window of one
        non-background colour (a background cell makes max(b) 254 and the sum at most 8 or 254)."""
        mode, windows, targets, bg, side, first, shape, margin = plan
        if shape is None:
            return super().build(plan[:6])
        h, w = shape
        g = Graph()
        codes = np.zeros(10, np.float32)
        codes[list(targets)] = np.array(targets, np.float32) + 1
        index_f = corner_plane(g, codes, (h - margin, w - margin), "index_f", weight_name="index_w",
                               origin=(margin, margin))                    # [1,1,h-2m,w-2m]: inside the margin
        a = g.Cast(index_f, to=2, name="index")                                       # uint8
        u255 = g.const(np.uint8(255), name="u255")
        b = g.Min(g.Sub(u255, a, name="index_neg"), g.const(np.uint8(254), name="u254"), name="index_neg_fg")
        rows, cols = [], []
        for kh, kw in windows:
            span = g.Add(g.MaxPool(a, kernel_shape=[kh, kw], name="win_max"),
                         g.MaxPool(b, kernel_shape=[kh, kw], name="win_negmax"), name="win_span")
            rows.append(g.MaxPool(g.ReduceMax(span, axes=[3], keepdims=1, name="row_best"), kernel_shape=[kh, 1],
                                  pads=[kh - 1, 0, kh - 1, 0], name="row_spread"))           # [1,1,h,1]
            cols.append(g.MaxPool(g.ReduceMax(span, axes=[2], keepdims=1, name="col_best"), kernel_shape=[1, kw],
                                  pads=[0, kw - 1, 0, kw - 1], name="col_spread"))           # [1,1,1,w]
        # the margin's lines hold no window: 0 on both sides of the plane's lines
        rows = g.Pad(rows[0] if len(rows) == 1 else g.Max(*rows, name="rows"),
                     g.ints([0, 0, margin, 0, 0, 0, margin, 0], name="row_margin"), name="rows_on_grid")
        cols = g.Pad(cols[0] if len(cols) == 1 else g.Max(*cols, name="cols"),
                     g.ints([0, 0, 0, margin, 0, 0, 0, margin], name="col_margin"), name="cols_on_grid")
        row_on = g.Equal(rows, u255, name="box_rows")                                # [1,1,h,1]
        col_on = g.Equal(cols, u255, name="box_cols")                                # [1,1,1,w]
        # output = input x box + background x (1 - box), box = rows x columns: one Einsum over the input with
        # two terms, (row, column) lines stacked over all-ones lines by one Pad each (value 1; past the grid the
        # input is 0 anyway): term 0 weighs input - background, term 1 the background
        one = g.const(np.float32(1), name="one")
        row_lines = g.Pad(g.Cast(row_on, to=1, name="box_rows_f"), g.ints([0, 0, 0, 0, 0, 1, 30 - h, 0]),
                          one, name="row_lines")                                       # [1,2,30,1]
        col_lines = g.Pad(g.Cast(col_on, to=1, name="box_cols_f"), g.ints([0, 0, 0, 0, 0, 1, 0, 30 - w]),
                          one, name="col_lines")                                       # [1,2,1,30]
        terms = np.zeros((2, 10, 10), np.float32)
        terms[0] = np.eye(10)
        terms[0, :, bg] -= 1
        terms[1, :, bg] = 1
        return g.model(g.Einsum(g.input, row_lines, col_lines, g.const(terms, name="keep_terms"),
                                equation="zepq,ztpu,ztvq,ted->zdpq"))

    def rule(self, plan, grid):
        """Fixed size: the rows times the columns of the cells in one-colour windows (one box: its cells)."""
        mode, windows, targets, bg, side, first, shape, margin = plan
        if shape is None:
            return super().rule(plan[:6], grid)
        if grid.shape != shape:
            return None
        h, w = shape
        cover = np.zeros(shape, bool)
        cover[margin:h - margin, margin:w - margin] = covered(grid[margin:h - margin, margin:w - margin], windows,
                                                              set(targets))
        box = cover.any(axis=1)[:, None] & cover.any(axis=0)[None, :]
        return np.where(box, grid, bg)


def _border_distance(out: np.ndarray, bg: int) -> int:
    """The kept cells' least distance to the grid's border (0 where none is kept)."""
    rows, cols = np.nonzero(out != bg)
    if not len(rows):
        return 0
    h, w = out.shape
    return int(min(rows.min(), cols.min(), h - 1 - rows.max(), w - 1 - cols.max()))
