"""Sparse box cover: boxes drawn under a layer of noise show only through the noise's gaps, as scattered
marker cells; every other cell of each box turns into the cover colour.

Boxes keep a gap of at least 2 cells along one axis, so linking each marker cell to the marker cells at
most `reach` (tallest box - 1) rows and columns away groups the markers box by box. The top, bottom, left
and right edges of each group spread over it in `steps` linking steps. A cell lies in a box when a marker
cell in its own column (or row) on one side of it belongs to a group whose far edge on the other side
reaches it: every box shows a marker in each of its columns (the generator checks it) or, in the hand-made
examples, in the cell's row.

Graph (uint8 planes cropped to the largest grid): Slice of the marker channel -> bool mask; four planes
(row + 1, 64 - row, col + 1, 64 - col at marker cells) each grow `steps` times by a MaxPool
(2 reach + 1)^2 masked back by Where onto the markers; one directional MaxPool per plane looks along the
column (row) to one side; its uint8 difference with its threshold + 1 (row + 1, 64 - row, col + 1, 64 - col)
is below 128 where covered (one Min over the four, one Less); covered non-marker cells (inside Xor marker) are
padded to the canvas and one Where paints the cover colour into `input`.

Einsum variant (`sparse_box_cover:einsum`): the groups are never held as planes. One Einsum sums, over every
marker b and every walk of `steps` + 1 linking steps (a [s,s] band: at most `reach` rows, then columns, away;
each step lands on a marker) from b to a marker d, the cells (r, c) that b and d span: b in row r and c between
the columns of b and d, or b in column c and r between their rows (every box row or column shows a marker).
Linked markers are one box's (boxes keep 2 empty cells apart), so the sum is positive exactly on box cells; a
final factor keeps the unmarked ones. The marked and unmarked planes are the only [s,s] planes held, with the
sum and its Greater; counts of walks are positive integers, so the test > 0 is exact.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_graph import corner_plane
from .._common_grids import same_shape, spread_ids

FAR = 64   # 64 - index stays positive on a 30-cell canvas


def max_filter(v: np.ndarray, up: int, down: int, left: int, right: int) -> np.ndarray:
    """Max over rows [r - up, r + down] and columns [c - left, c + right], zero-padded (MaxPool on uint8 >= 0)."""
    h, w = v.shape
    p = np.pad(v, ((up, down), (left, right)))
    return np.max([p[a:a + h, b:b + w] for a in range(up + down + 1) for b in range(left + right + 1)], 0)


def edges(marker: np.ndarray):
    """(bottom + 1, FAR - top, right + 1, FAR - left) of each marker cell itself (0 off the markers)."""
    h, w = marker.shape
    rows, cols = np.arange(h)[:, None], np.arange(w)[None, :]
    return [np.where(marker, v, 0) for v in (rows + 1, FAR - rows, cols + 1, FAR - cols)]


def group_edges(marker: np.ndarray, reach: int, steps: int):
    """The four edge planes of each marker cell's group, or None if `steps` linking steps do not settle."""
    planes = edges(marker)
    for k in range(steps + 1):
        grown = [np.where(marker, max_filter(v, reach, reach, reach, reach), 0) for v in planes]
        if k == steps:
            return planes if all(np.array_equal(a, b) for a, b in zip(grown, planes)) else None
        planes = grown
    return None


def covered(marker: np.ndarray, reach: int, steps: int, wide: int):
    """Cells inside a box, or None when the groups do not settle in `steps` or one is larger than the boxes."""
    got = group_edges(marker, reach, steps)
    if got is None:
        return None
    bot, top, right, left = got
    if marker.any() and (((bot - 1 - (FAR - top))[marker] > reach).any()
                         or ((right - 1 - (FAR - left))[marker] >= wide).any()):
        return None
    h, w = marker.shape
    rows, cols = np.arange(h)[:, None], np.arange(w)[None, :]
    return ((max_filter(bot, reach, 0, 0, 0) > rows) | (max_filter(top, 0, reach, 0, 0) > FAR - 1 - rows)
            | (max_filter(right, 0, 0, wide - 1, 0) > cols) | (max_filter(left, 0, 0, 0, wide - 1) > FAR - 1 - cols))


class SparseBoxCover(Solver, name="sparse_box_cover", tasks=("task077",), refuses="task002",
                     fit_splits=("train", "arc-gen")):
    """Same-shape grids where boxes are seen only through scattered cells of a marker colour (each column, or
    row, of a box shows at least one; boxes at least 2 cells apart): every other cell inside each box's bounding
    rectangle becomes the cover colour."""

    def plans(self, examples):
        """(marker, cover, reach, steps, wide, side): cover is the one colour changed cells turn into; the boxes
        are the connected marker-or-cover regions of the outputs, giving the tallest (reach + 1) and widest
        (wide) box and the linking steps across it; side is the largest grid side."""
        if not same_shape(examples):
            return
        changed = [i != o for i, o in examples]
        if not any(c.any() for c in changed):
            return
        news = {int(v) for (_, o), c in zip(examples, changed) for v in o[c]}
        if len(news) != 1:
            return
        cover = news.pop()
        if any((i == cover).any() for i, _ in examples):
            return
        side = max(max(i.shape) for i, _ in examples)
        for marker in range(1, 10):
            if marker == cover or not all((i == marker).any() for i, _ in examples):
                continue
            tall = wide = 0
            for _, out in examples:
                _, _, ids = spread_ids((out == marker) | (out == cover))
                for k in np.unique(ids[ids > 0]):
                    rr, cc = np.nonzero(ids == k)
                    tall = max(tall, int(rr.max() - rr.min() + 1))
                    wide = max(wide, int(cc.max() - cc.min() + 1))
            if tall >= 2 and wide >= 2:
                reach = tall - 1
                yield marker, cover, reach, -(-(wide - 1) // reach), wide, int(side)

    def rule(self, plan, grid):
        marker, cover, reach, steps, wide, side = plan
        if max(grid.shape) > side:
            return None
        m = grid == marker
        inside = covered(m, reach, steps, wide)
        if inside is None:
            return None
        return np.where(inside & ~m, cover, grid)

    def candidates(self, examples):
        plan = self.fit(examples)
        if plan is None:
            return
        yield self.name, self.build(plan)
        yield f"{self.name}:einsum", self.build_einsum(plan)

    def build_einsum(self, plan):
        """Boxes as linked marker groups inside one Einsum (see the module docstring)."""
        marker, cover, reach, steps, wide, side = plan
        g = Graph()
        letters = iter("abcdefghijklmnopqrstuvwxABCDEFGHIJKLMNOPQRSTUVWXYZ")
        only = np.zeros(10, np.float32)
        only[marker] = 1
        marked = corner_plane(g, only, (side, side), "marked")                      # [1,1,s,s] 0/1
        unmarked = corner_plane(g, 1 - only, (side, side), "unmarked")              # the other grid cells
        idx = np.arange(side)
        link = g.floats((np.abs(idx[:, None] - idx[None, :]) <= reach).astype(np.float32), name="link")
        # cell (r, c) is in a box when a marker b of its row and a marker d of b's group put c between their
        # columns, or (boxes whose row shows no marker) a marker b of its column and d put r between their rows.
        # The factors on (b, d) x (r, c) are read from four base tables through selectors over s (row or column
        # case) and t (b before or after the cell): same index, any, b <= cell, b >= cell.
        base = np.stack([np.eye(side), np.ones((side, side)), idx[:, None] <= idx[None, :],
                         idx[:, None] >= idx[None, :]]).astype(np.float32)
        same, anywhere, up_to, from_ = range(4)
        select = np.zeros((4, 2, 2, 4), np.float32)              # [factor, s, t, base]: b row, b col, d row, d col
        for t, (b_side, d_side) in enumerate(((up_to, from_), (from_, up_to))):
            select[0, 0, t, same] = select[1, 1, t, same] = 1
            select[2, 0, t, anywhere] = select[3, 1, t, anywhere] = 1
            select[1, 0, t, b_side] = select[0, 1, t, b_side] = 1
            select[3, 0, t, d_side] = select[2, 1, t, d_side] = 1
        base = g.floats(base, name="spans")
        factor = [g.floats(select[k], name=f"{n}_select") for k, n in enumerate(("b_row", "b_col", "d_row", "d_col"))]
        cell_row, cell_col, case, term, row, col = (next(letters) for _ in range(6))
        terms, operands = [f"zy{row}{col}"], [marked]
        for k, (at, cell) in enumerate(((row, cell_row), (col, cell_col))):
            q = next(letters)
            terms.extend([f"{case}{term}{q}", f"{q}{at}{cell}"])
            operands.extend([factor[k], base])
        for _ in range(steps + 1):            # each step links markers at most `reach` rows and columns apart
            new_row, new_col = next(letters), next(letters)
            terms.extend([f"{new_row}{row}", f"{new_col}{col}", f"zy{new_row}{new_col}"])
            operands.extend([link, link, marked])
            row, col = new_row, new_col
        for k, (at, cell) in enumerate(((row, cell_row), (col, cell_col)), start=2):
            q = next(letters)
            terms.extend([f"{case}{term}{q}", f"{q}{at}{cell}"])
            operands.extend([factor[k], base])
        terms.append(f"zy{cell_row}{cell_col}")                           # the cell itself is not a marker
        operands.append(unmarked)
        start, col = cell_row, cell_col
        inside = g.Einsum(*operands, equation=",".join(terms) + f"->zy{start}{col}", name="inside_paths")
        paint = g.Greater(inside, g.floats(0.0, name="zero_f"), name="paint_b")      # [1,1,s,s]
        if side < 30:
            paint = g.Cast(g.Pad(g.Cast(paint, to=2, name="paint_u8"),
                                 g.ints([0, 0, 0, 0, 0, 0, 30 - side, 30 - side]), name="paint30"), to=9, name="paint")
        colour = np.zeros((1, 10, 1, 1), np.float32)
        colour[0, cover] = 1
        return g.model(g.Where(paint, g.const(colour, name="cover"), g.input))

    def build(self, plan):
        marker, cover, reach, steps, wide, side = plan
        g = Graph()
        plane = g.Slice(g.input, g.ints([marker, 0, 0]), g.ints([marker + 1, side, side]), g.ints([1, 2, 3]),
                        name="marker_f")
        m = g.Cast(plane, to=9, name="marker")
        idx = np.arange(side, dtype=np.uint8)
        zero = g.const(np.uint8(0), name="zero")
        col_shape, row_shape = (1, 1, side, 1), (1, 1, 1, side)
        inits = [(idx + 1).reshape(col_shape), (FAR - idx).reshape(col_shape),
                 (idx + 1).reshape(row_shape), (FAR - idx).reshape(row_shape)]
        names = ["bot", "top", "right", "left"]
        planes = [g.Where(m, g.const(v, name=f"{n}_0"), zero, name=n) for v, n in zip(inits, names)]
        k = 2 * reach + 1
        for _ in range(steps):
            planes = [g.Where(m, g.MaxPool(p, kernel_shape=[k, k], pads=[reach] * 4, name=f"{n}_grow"), zero, name=n)
                      for p, n in zip(planes, names)]
        bot, top, right, left = planes
        # look v > threshold t (v, t <= 64) as the uint8 difference v - (t + 1), below 128 exactly when it holds
        # (a miss wraps to 192 or more): the four looks are one variadic Min of the differences and one Less
        looks = [
            g.Sub(g.MaxPool(bot, kernel_shape=[reach + 1, 1], pads=[reach, 0, 0, 0], name="above"),
                  g.const((idx + 1).reshape(col_shape), name="row_next"), name="in_above"),
            g.Sub(g.MaxPool(top, kernel_shape=[reach + 1, 1], pads=[0, 0, reach, 0], name="below"),
                  g.const((FAR - idx).reshape(col_shape), name="far_row_next"), name="in_below"),
            g.Sub(g.MaxPool(right, kernel_shape=[1, wide], pads=[0, wide - 1, 0, 0], name="leftof"),
                  g.const((idx + 1).reshape(row_shape), name="col_next"), name="in_left"),
            g.Sub(g.MaxPool(left, kernel_shape=[1, wide], pads=[0, 0, 0, wide - 1], name="rightof"),
                  g.const((FAR - idx).reshape(row_shape), name="far_col_next"), name="in_right"),
        ]
        inside = g.Less(g.Min(*looks, name="best_look"), g.const(np.uint8(128), name="wrap_line"), name="inside")
        # every marker cell is inside (its own bottom edge, bot > row, is in its `above` window): inside and not
        # marked is inside Xor marked
        paint = g.Cast(g.Xor(inside, m, name="paint_b"), to=2, name="paint")
        if side < 30:
            paint = g.Pad(paint, g.ints([0, 0, 0, 0, 0, 0, 30 - side, 30 - side]), name="paint30")
        colour = np.zeros((1, 10, 1, 1), np.float32)
        colour[0, cover] = 1
        return g.model(g.Where(g.Cast(paint, to=9, name="paint_c"), g.const(colour, name="cover"), g.input))
