"""Wall-gap rooms: a lattice of wall lines (every p-th row and column, p the period whose lines hold the most wall
over background; a line may be mostly gaps) cuts the background into rooms; background cells in the wall lines
are gaps. Every background cell
connected (4-way, through background) to a gap takes the "open" colour, gaps included; every other
background cell takes the "closed" colour; walls keep theirs.

Graph: a one-byte code map (a 1x1 Conv: colour c -> its code, background -> the closed colour's code 11;
the open colour's code is 12); wall lines from per-line Einsum scores (cells minus twice the background)
summed over each fitted period's lines, the best period's line mask Gathered (`_wall_lines`);
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
(W: the most lattice lines a side of the largest grid holds at the smallest fitted period). One Einsum of the
input's background with those one-hots and two neighbour terms counts the gaps beside every room
([2W+1, 2W+1]); less a half, and a half more on the wall slots, that table is positive where a cell is open
or a wall, and one Einsum of the input, a colour table (background -> the open colour minus the closed one), the row one-hots, the table and the
column one-hots writes `output`.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import dilate, same_shape
from .._common_perceptron import holdout


def line_scores(grid: np.ndarray, bg: int) -> np.ndarray:
    """[30]: per line index, cells minus twice the background over the row and the column of that index."""
    is_bg = grid == bg
    h, w = grid.shape
    score = np.zeros(30)
    score[:h] += w - 2 * is_bg.sum(1)
    score[:w] += h - 2 * is_bg.sum(0)
    return score


def lattice_period(grid: np.ndarray, bg: int, periods) -> int:
    """The period p (of `periods`, the first on a tie) whose lines p-1, 2p-1, ... score the most wall: the true
    lattice's lines each hold more wall than a line between them, and a multiple of p drops some of them."""
    score = line_scores(grid, bg)
    totals = [score[p - 1::p].sum() for p in periods]
    return periods[int(np.argmax(totals))]


def period_of(grid: np.ndarray, bg: int) -> int:
    """The best lattice period over every period that fits in the grid (as `lattice_period`)."""
    return lattice_period(grid, bg, list(range(2, max(grid.shape) + 1)))


def gaps_and_reach(grid: np.ndarray, bg: int, periods):
    """(gap mask, reached mask, steps): background cells in wall lines, and background connected to them."""
    is_bg = grid == bg
    h, w = grid.shape
    p = lattice_period(grid, bg, periods)
    wall_rows, wall_cols = np.arange(h) % p == p - 1, np.arange(w) % p == p - 1
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
        """(background, open colour, closed colour, steps, largest side, lattice periods), read off the changes; the
        periods are those the examples' lattices show."""
        if not same_shape(examples):
            return
        changed = [i != o for i, o in examples]
        olds = {int(v) for (i, _), c in zip(examples, changed) for v in i[c]}
        if len(olds) != 1:
            return
        bg = olds.pop()
        if any((i == bg).sum() != c.sum() for (i, _), c in zip(examples, changed)):
            return                      # every background cell changes
        periods = sorted({period_of(i, bg) for i, _ in examples})
        depths, open_c, closed = [], set(), set()
        for inp, out in examples:
            gaps, reach, steps = gaps_and_reach(inp, bg, periods)
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
            yield bg, open_c.pop(), closed.pop(), steps, side, tuple(periods)

    def rule(self, plan, grid):
        bg, open_c, closed, steps, side, periods = plan
        gaps, reach, needed = gaps_and_reach(grid, bg, periods)
        if max(grid.shape) > side or needed > steps:
            return None
        return np.where(reach, open_c, np.where(grid == bg, closed, grid))

    def candidates(self, examples):
        plan = self.fit(examples)
        if plan is None:
            return
        yield self.name, self.build(plan)
        walls = max((plan[4] + 1) // p - 1 for p in plan[5])      # the most lattice lines a side can hold
        yield f"{self.name}:rooms", self.build_rooms(plan, walls)

    def build_rooms(self, plan, walls):
        """The flood-free graph for empty rectangular rooms, up to `walls` wall lines a side."""
        bg, open_c, closed = plan[:3]
        slots = 2 * walls + 1
        g = Graph()
        background = g.const(np.float32(np.arange(10) == bg), name="background")
        wall = g.Reshape(_wall_lines(g, bg, plan[5]), g.ints([1, 30, 1], name="line_column"),
                         name="wall_line")                                                         # [1,30,1]
        onehot = {}
        for line in ("row", "col"):
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
        bg, open_c, closed, steps, side, periods = plan
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
        wall = g.Slice(g.Cast(_wall_lines(g, bg, periods), to=2, name="wall_u8"), g.ints([0]), g.ints([side]),
                       g.ints([1]), name="wall_s")                                      # uint8 [1,S]
        rows = g.Reshape(wall, g.ints([1, 1, side, 1]), name="wall_row")
        cols = g.Reshape(wall, g.ints([1, 1, 1, side]), name="wall_col")
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


def _wall_lines(g: Graph, bg: int, periods) -> str:
    """[1,30] float 0/1: the lattice's wall lines (rows and columns alike), as `lattice_period` picks them: per
    line index the row's and the column's cells minus twice their background (one Einsum each), summed over
    each period's lines by one more Einsum; ArgMax (the first on a tie) Gathers that period's line mask."""
    masks = np.float32([[i % p == p - 1 for i in range(30)] for p in periods])              # [P,30]
    weights = g.const(np.float32([1 - 2 * (c == bg) for c in range(10)]), name="wall_score_w")
    table = g.const(masks, name="period_lines")
    rows = g.Einsum(g.input, weights, equation="bchw,c->h", name="row_score")                  # [30]
    cols = g.Einsum(g.input, weights, equation="bchw,c->w", name="col_score")
    totals = g.Einsum(g.Add(rows, cols, name="line_score"), table, equation="l,pl->p", name="period_scores")
    best = g.ArgMax(totals, axis=0, keepdims=1, name="best_period")                           # [1]
    return g.Gather(table, best, axis=0, name="wall_lines")                                   # [1,30]
