"""Wall-gap rooms: a grid of wall lines (rows and columns where the wall colour outnumbers the background)
cuts the background into rooms; background cells in the wall lines are gaps. Every background cell
connected (4-way, through background) to a gap takes the "open" colour, gaps included; every other
background cell takes the "closed" colour; walls keep theirs.

Graph: a one-byte code map (a 1x1 Conv: colour c -> its code, background -> the closed colour's code 11;
the open colour's code is 12); wall lines from per-line Einsum scores (cells minus twice the background);
gaps = background in a wall line; reach grows from the gaps through background a fixed number of steps
(a uint8 QLinearConv with a plus-shaped kernel, then Min with the background mask), on the square the
generator's grids cover. The reach (12, the open colour's code, or 0) is
merged into the code map by Max and one Equal against the palette's codes
writes `output`.

A room is reached from a gap in its own wall, so the steps needed are bounded by the rooms' size: the
fit takes the deepest flood shown (train and arc-gen) plus a half, checked on a held-out quarter.

Rooms variant, with no flood: where the wall lines cut the grid into empty rectangular rooms (task198's
83302e8f generator), a room is reached exactly when a gap lies in a wall beside it. Each row (column) gets
an index 2 x (wall lines up to it) - (it is a wall line): rooms even, walls odd, one-hot over 2W + 1 slots
(W: the most wall lines per side the fit examples show). One Einsum of the input's background with those
one-hots and two neighbour terms counts the gaps beside every room ([2W+1, 2W+1]); less a half, and a half
more on the wall slots, that table is positive where a cell is open or a wall, and one Einsum of the input,
a colour table (background -> the open colour minus the closed one), the row one-hots, the table and the
column one-hots writes `output`.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import dilate, same_shape
from .._common_perceptron import holdout


def gaps_and_reach(grid: np.ndarray, bg: int):
    """(gap mask, reached mask, steps): background cells in wall lines, and background connected to them."""
    is_bg = grid == bg
    h, w = grid.shape
    wall_rows = (w - 2 * is_bg.sum(1)) > 0      # more non-background than background
    wall_cols = (h - 2 * is_bg.sum(0)) > 0
    gaps = is_bg & (wall_rows[:, None] | wall_cols[None, :])
    reach, steps = gaps, 0
    while True:
        grown = dilate(reach, 4) & is_bg
        if np.array_equal(grown, reach):
            return gaps, reach, steps
        reach, steps = grown, steps + 1


def _codes(plan):
    """One-byte code per colour: c + 1, but the closed colour 11 and the open colour 12."""
    bg, open_c, closed = plan[:3]
    code = np.arange(1, 11)
    code[closed], code[open_c] = 11, 12
    return code


class WallGapRooms(Solver, name="wall_gap_rooms", tasks=("task198",), refuses="task243",
                   fit_splits=("train", "arc-gen")):
    """A grid of wall lines with gaps: background rooms connected to a gap (and the gaps) take one colour, closed rooms
    another."""

    def plans(self, examples):
        """(background, open colour, closed colour, steps, largest side), read off the changes."""
        if not same_shape(examples):
            return
        changed = [i != o for i, o in examples]
        olds = {int(v) for (i, _), c in zip(examples, changed) for v in i[c]}
        if len(olds) != 1:
            return
        bg = olds.pop()
        if any((i == bg).sum() != c.sum() for (i, _), c in zip(examples, changed)):
            return                      # every background cell changes
        depths, open_c, closed = [], set(), set()
        for inp, out in examples:
            gaps, reach, steps = gaps_and_reach(inp, bg)
            open_c |= {int(v) for v in out[reach]}
            closed |= {int(v) for v in out[(inp == bg) & ~reach]}
            depths.append((steps, max(inp.shape)))
        if len(open_c) != 1 or len(closed) != 1 or open_c == closed or bg in open_c | closed:
            return
        fit_part, check = holdout(depths)
        deep = max(d for d, _ in fit_part)
        steps = deep + max(2, deep // 2)
        side = max(n for _, n in fit_part)
        if all(d <= steps and n <= side for d, n in check):
            yield bg, open_c.pop(), closed.pop(), steps, side

    def rule(self, plan, grid):
        bg, open_c, closed, steps, side = plan
        gaps, reach, needed = gaps_and_reach(grid, bg)
        if max(grid.shape) > side or needed > steps:
            return None
        return np.where(reach, open_c, np.where(grid == bg, closed, grid))

    def candidates(self, examples):
        plan = self.fit(examples)
        if plan is None:
            return
        yield self.name, self.build(plan)
        bg = plan[0]
        walls = max(int(((n - 2 * (i == bg).sum(axis)) > 0).sum()) for i, _ in examples for axis, n in
                    ((1, i.shape[1]), (0, i.shape[0])))
        yield f"{self.name}:rooms", self.build_rooms(plan, walls)

    def build_rooms(self, plan, walls):
        """The flood-free graph for empty rectangular rooms, up to `walls` wall lines a side."""
        bg, open_c, closed = plan[:3]
        slots = 2 * walls + 1
        g = Graph()
        score = g.const(np.float32([1 - 2 * (c == bg) for c in range(10)]).reshape(10, 1), name="wall_score_w")
        zero = g.const(np.float32(0), name="zero")
        background = g.const(np.float32(np.arange(10) == bg), name="background")
        onehot = {}
        for line, eq in (("row", "bchw,cx->bhx"), ("col", "bchw,cx->bwx")):
            wall = g.Cast(g.Greater(g.Einsum(g.input, score, equation=eq, name=f"{line}_score"), zero,
                                    name=f"wall_{line}_b"), to=1, name=f"wall_{line}")                  # [1,30,1]
            so_far = g.CumSum(wall, g.const(np.int64(1), name="axis1"), name=f"{line}_walls")
            index = g.Sub(g.Add(so_far, so_far, name=f"{line}_twice"), wall, name=f"{line}_index")
            onehot[line] = g.Cast(g.Equal(index, g.const(np.arange(slots, dtype=np.float32), name="slots"),
                                          name=f"{line}_slot_b"), to=1, name=f"{line}_slot")     # [1,30,slots]
        beside = np.float32(np.abs(np.subtract.outer(np.arange(slots), np.arange(slots))) == 1)
        same = np.eye(slots, dtype=np.float32)
        rows, cols = onehot["row"], onehot["col"]
        # gaps in the walls above and below (term 0) or left and right (term 1) of every room
        step = g.const(np.stack([beside, same]), name="step")                    # [term, slot, slot]
        swap = g.const(np.float32([[0, 1], [1, 0]]), name="swap")                # the columns' term is the other
        gaps_beside = g.Einsum(g.input, background, rows, step, cols, step, swap,
                               equation="bcij,c,bip,tpr,bjq,uqs,tu->rs", name="gaps_beside")        # [slots,slots]
        odd = np.arange(slots) % 2 == 1
        wall_or_less_half = np.float32(odd[:, None] | odd[None, :]) - np.float32(0.5)
        open_score = g.Add(gaps_beside, g.const(wall_or_less_half, name="wall_or_less_half"), name="open_score")
        paint = np.eye(10, dtype=np.float32)
        paint[bg] = 0
        paint[bg, open_c], paint[bg, closed] = 1, -1
        return g.model(g.Einsum(g.input, g.const(paint, name="paint"), rows, open_score, cols,
                                equation="bfij,fk,bip,pq,bjq->bkij"))

    def build(self, plan):
        bg, open_c, closed, steps, side = plan
        g = Graph()
        code = _codes(plan).astype(np.float32)
        code[bg] = code[closed]
        code_f = g.Conv(g.input, g.const(code.reshape(1, 10, 1, 1), name="code_w"), kernel_shape=[1, 1],
                        name="code_f")
        code_u8 = g.Cast(code_f, to=2, name="code")                                     # [1,1,30,30]
        open_code = g.const(np.uint8(_codes(plan)[open_c]), name="open_code")
        is_bg = g.Where(g.Equal(code_u8, g.const(np.uint8(_codes(plan)[closed]), name="closed_code"),
                                name="is_bg_b"), open_code, g.const(np.uint8(0), name="zp"), name="is_bg30")
        crop = [g.ints([0, 0]), g.ints([side, side]), g.ints([2, 3])]
        passable = g.Slice(is_bg, *crop, name="is_bg") if side < 30 else is_bg            # uint8 [1,1,S,S]
        score = np.float32([1 - 2 * (c == bg) for c in range(10)])
        wv = g.const(score, name="wall_score_w")
        zero = g.const(np.float32(0), name="zero")
        rows = g.Cast(g.Greater(g.Einsum(g.input, wv, equation="bchw,c->bh", name="row_score"), zero,
                                name="wall_row_b"), to=2, name="wall_row_u8")            # [1,30]
        cols = g.Cast(g.Greater(g.Einsum(g.input, wv, equation="bchw,c->bw", name="col_score"), zero,
                                name="wall_col_b"), to=2, name="wall_col_u8")
        rows = g.Reshape(g.Slice(rows, g.ints([0]), g.ints([side]), g.ints([1]), name="wall_row_s"),
                         g.ints([1, 1, side, 1]), name="wall_row")
        cols = g.Reshape(g.Slice(cols, g.ints([0]), g.ints([side]), g.ints([1]), name="wall_col_s"),
                         g.ints([1, 1, 1, side]), name="wall_col")
        reach = g.Min(g.Max(rows, cols, name="wall"), passable, name="gaps")
        plus = 12 * np.array([[0, 1, 0], [1, 1, 1], [0, 1, 0]], np.uint8).reshape(1, 1, 3, 3)
        one, zero8, kernel = g.const(np.float32(1), name="scale"), g.const(np.uint8(0), name="zp"), \
            g.const(plus, name="plus")
        for _ in range(steps):
            grown = g.QLinearConv(reach, one, zero8, kernel, one, zero8, one, zero8, pads=[1, 1, 1, 1],
                                  name="grown")
            reach = g.Min(grown, passable, name="reach")
        if side < 30:
            reach = g.Pad(reach, g.ints([0, 0, 0, 0, 0, 0, 30 - side, 30 - side]), name="reach30")
        final = g.Max(code_u8, reach, name="final_code")       # reached background: the open code
        return g.model(g.Equal(final, g.const(_codes(plan).astype(np.uint8).reshape(1, 10, 1, 1),
                                              name="palette")))
