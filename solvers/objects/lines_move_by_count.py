"""Lines move by a count: full lines (rows or columns without background) move by as many cells as there
are cells of a marker colour (rows up/down, columns left/right, each by a fixed sign); the marker cells
vanish and the lines are redrawn in their colour at the new places.

Graph: the marker count (one Einsum) -> a one-hot over counts; "full" flags for rows and columns; a
Conv whose kernel is that one-hot moves each flag vector; the line colour is the grid's other colour (ReduceMax
with background and marker weighted out); one Einsum of the in-grid indicator, the moved flags (each
with an always-on slot), the colours and a small table writes `output`.

One-line variant (one full row and one full column, as task362's generator draws a cross): the line's row
is the ArgMax of the line colour's count per row (the full row holds the most), moved by a x the marker
count; each row's one-hot over (not the line, the line) and each column's likewise select, through a
[2,2,2] table, the background or the line colour (its counts), and one Einsum of the in-grid cells with
them writes `output`.

Fixed-shape one-line variant (every example's grid has one shape H x W, as task362's generator draws only
10 x 10): the in-grid rows and columns are then constants, so each axis needs only the moved line's int64
index (ArgMax of the line colour's counts plus a x the marker count) and one Where writing its float16
[30,2] slot (in the grid, the line) from a constant one; a per-colour count of the input (background and
line colour > 0, marker 0) and a [2,2,10] table turn the two slots into `output` in one float16 Einsum.
Exact only on grids of the examples' one shape (the fresh check holds it to the generator's draws).

One-hot variant of it: each moved index comes out of one scalar Einsum already as index + 1/2 (the moment
divided by W-1, its constant taken off per in-grid cell), so a Cast to int64 is the index; one OneHot of
(row, column, out of range) writes a float16 [3,30] of 1 + on-line, and one Einsum of it (twice), a [3,3,2]
background / line table, the colours present (ReduceMax) and the in-grid constants writes `output`.
"""
from __future__ import annotations

import itertools

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import fixed_shape
from ..local._code_decode import decode_one_colour
from ._guards import edits_in_place

C, N = 10, 30


def _moved_lines(grid, marker, a, b):
    """The full lines redrawn a * k rows and b * k columns on, k = the marker count; None unless the grid
    has one line colour. A line is full where it holds no background (a marker cell does not break it)."""
    h, w = grid.shape
    k = int((grid == marker).sum())
    rest = set(np.unique(grid).tolist()) - {0, marker}
    if len(rest) != 1:
        return None
    x = rest.pop()
    ink = grid != 0
    rows = [r for r in range(h) if ink[r].all() and (grid[r] == x).any()]
    cols = [c for c in range(w) if ink[:, c].all() and (grid[:, c] == x).any()]
    out = np.zeros_like(grid)
    for r in rows:
        if 0 <= r + a * k < h:
            out[r + a * k, :] = x
    for c in cols:
        if 0 <= c + b * k < w:
            out[:, c + b * k] = x
    return out


class LinesMoveByCount(Solver, name="lines_move_by_count", tasks=("task362",), refuses="task293",
                       aliases=("c1_line_move",), fit_splits=("train", "arc-gen")):
    """Full rows/columns of one colour move by the number of marker-colour cells (rows up or down, columns left or
    right); the markers vanish."""

    def plans(self, examples):
        if not edits_in_place(examples):
            return
        i0, o0 = examples[0]
        for marker in range(1, C):
            if not (i0 == marker).any() or (o0 == marker).any():
                continue
            levels = max(int((i == marker).sum()) for i, _ in examples) + 1
            for a, b in itertools.product((-1, 0, 1), repeat=2):
                if (a, b) != (0, 0) and np.array_equal(_moved_lines(i0, marker, a, b), o0):
                    yield {"marker": marker, "a": a, "b": b, "levels": levels}

    def rule(self, plan, grid):
        if (grid == plan["marker"]).sum() >= plan["levels"]:
            return None                 # the graph has no shift for that many markers
        return _moved_lines(grid, plan["marker"], plan["a"], plan["b"])

    def candidates(self, examples):
        plan = self.fit(examples)
        if plan is not None:
            yield self.name, self.build(plan)
            yield f"{self.name}:one_line", self.build_one_line(plan)
            shape = fixed_shape(examples)
            if shape is not None:
                yield f"{self.name}:one_line_fixed", self.build_one_line_fixed(plan, shape)
                yield f"{self.name}:one_line_moment", self.build_one_line_fixed(plan, shape, moment=True)
                yield f"{self.name}:one_line_onehot", self.build_one_line_onehot(plan, shape)
                yield f"{self.name}:one_line_decode", self.build_one_line_decode(plan, shape)

    def build_one_line_decode(self, plan, shape):
        """The moved cross on grids of one shape H x W as a one-byte plane decoded by one QLinearConv.

        Each moved index comes out of one scalar Einsum as the exact integer moment of `build_one_line_fixed`;
        one Equal per axis with that moment at each of the H rows (W columns) marks the moved row and column
        (bool [1,1,H,1], [1,1,1,W]), and two Wheres broadcast them into the H x W uint8 plane of 2 on the cross,
        0 elsewhere: 1 + (line +1, background -1).
        `decode_one_colour` writes `output` with weights from the colour counts (background -1, marker 0, line
        colour +1): no [30]-long slots, grid masks or colour tables. Where an axis moves forward (step > 0), its
        moment's per-colour terms are those weights already (the background weighs the shift, not the marker):
        one ReduceSum gives the moment."""
        m, (h, w) = plan["marker"], shape
        g = Graph()
        line_colours = np.float32((np.arange(C) != 0) & (np.arange(C) != m))
        marker = np.eye(C, dtype=np.float32)[m]
        reads = g.const(np.stack([np.arange(N), np.ones(N)]).astype(np.float32), name="index_or_one")
        on, off = g.const(np.uint8(2), name="on_line"), g.const(np.uint8(0), name="off_line")
        marks, weights = [], None
        for line, axis, step, size, across, at in (("row", "i", plan["a"], h, w, 2), ("col", "j", plan["b"], w, h, 3)):
            # sum_m m count(m) of the line colour is (across - 1) r + size (size - 1) / 2, an exact integer, and
            # (across - 1) a step per marker cell moves it: compared with the same line at every index
            lines = (across - 1) * np.arange(size) + size * (size - 1) // 2
            if step > 0 and weights is None:
                # per colour, with the background's cells weighing -(across - 1) instead of the marker's +:
                # there are h w - h - w + 1 - k of them, so the sum moves the same and the terms are the decode
                # weights (line colour > 0, background < 0, marker 0)
                weigh = np.stack([line_colours, -(across - 1) * step * np.eye(C)[0]]).astype(np.float32)
                weights = g.Einsum(g.input, g.const(weigh, name=f"{line}_moment_colours"), reads,
                                   g.const(np.ones((1, 1, 1), np.float32), name="weight_dims"),
                                   equation=f"bcij,tc,t{axis},xyz->cxyz", name=f"{line}_moment_terms")  # [10,1,1,1]
                moved = g.ReduceSum(weights, keepdims=0, name=f"{line}_moved")                      # [] exact
                lines = lines - (across - 1) * step * (h * w - h - w + 1)
            else:
                weigh = np.stack([line_colours, (across - 1) * step * marker]).astype(np.float32)
                moved = g.Einsum(g.input, g.const(weigh, name=f"{line}_moment_colours"), reads,
                                 equation=f"bcij,tc,t{axis}->", name=f"{line}_moved")             # [] exact
            lines = lines.astype(np.float32).reshape([1, 1] + [size if d == at else 1 for d in (2, 3)])
            marks.append(g.Equal(moved, g.const(lines, name=f"{line}_lines"), name=f"{line}_mark"))
        column = g.Where(marks[1], on, off, name="col_code")                               # uint8 [1,1,1,w]
        plane = g.Where(marks[0], on, column, name="cross")                                # uint8 [1,1,h,w]
        if weights is not None:
            return g.model(decode_one_colour(g, plane, (h, w), weights=weights))
        signs = np.where(np.arange(C) == 0, -1, line_colours).astype(np.float32)
        return g.model(decode_one_colour(g, plane, (h, w), signs=signs))

    def build_one_line_onehot(self, plan, shape):
        """The moved cross on grids of one shape H x W, its two indices one-hot.

        With one full row r, sum_m m count(m) of the line colour is H(H-1)/2 + (W-1) r; over W-1, plus a per
        marker cell and a constant spread over the H W in-grid cells, it is the moved row + 1/2."""
        m, (h, w) = plan["marker"], shape
        g = Graph()
        line_colours = np.float32((np.arange(C) != 0) & (np.arange(C) != m))
        marker = np.eye(C, dtype=np.float32)[m]
        reads = g.const(np.stack([np.arange(N), np.ones(N)]).astype(np.float32), name="index_or_one")
        moved = []
        for line, axis, step, size, across in (("row", "i", plan["a"], h, w), ("col", "j", plan["b"], w, h)):
            offset = (0.5 - size * (size - 1) / (2 * (across - 1))) / (h * w)     # per in-grid cell
            weigh = np.stack([line_colours / (across - 1), step * marker + offset]).astype(np.float32)
            moved.append(g.Einsum(g.input, g.const(weigh, name=f"{line}_moment_colours"), reads,
                                  equation=f"bcij,tc,t{axis}->b", name=f"{line}_moved"))         # [1] index + 1/2
        index = g.Cast(g.Concat(*moved, g.floats([float(N)], name="out_of_range"), axis=0, name="indices_f"),
                       to=7, name="indices")                                                    # [3] int64
        slots = g.OneHot(index, g.ints([N], name="depth"), g.const(np.float16([1, 2]), name="off_on"),
                         name="slots")              # [3,30] float16: 1 + on the row, 1 + on the column, 1
        table = np.zeros((3, 3, 2), np.float16)     # [row slot, column slot, background / line]
        table[0, 1, 0], table[0, 2, 0], table[2, 1, 0], table[2, 2, 0] = 1, -2, -2, 4     # (1 - R)(1 - C)
        table[0, 1, 1], table[0, 2, 1], table[2, 1, 1], table[2, 2, 1] = -1, 2, 2, -3     # 1 - (1 - R)(1 - C)
        paint = np.stack([np.eye(C)[0], line_colours]).astype(np.float16)                # [2,10]
        present = g.Cast(g.ReduceMax(g.input, axes=[2, 3], keepdims=0, name="present"), to=10,
                         name="present_f16")                                                   # [1,10]
        rows_in = g.const(np.float16(np.arange(N) < h), name="rows_in_grid")
        cols_in = g.const(np.float16(np.arange(N) < w), name="cols_in_grid")
        return g.model(g.Einsum(slots, slots, g.const(table, name="cross_table"), g.const(paint, name="paint"),
                                present, rows_in, cols_in, equation="ui,vj,uvm,mk,bk,i,j->bkij"))

    def build_one_line_fixed(self, plan, shape, moment=False):
        """The moved cross on grids of one shape: the in-grid rows and columns are constants.

        moment: each line's moved index comes from one scalar Einsum instead of a [30] profile and its ArgMax.
        On an H x W grid crossed by one full row r, the line colour's count is W on row r and 1 on the other
        rows, so sum_m m count(m) = H(H-1)/2 + (W-1) r; with (W-1) a per marker cell added it equals
        (W-1) i + H(H-1)/2 exactly at the moved row i (columns likewise), an exact integer Equal."""
        m = plan["marker"]
        g = Graph()
        line_colours = np.float32((np.arange(C) != 0) & (np.arange(C) != m))
        marker = np.eye(C, dtype=np.float32)[m]
        if moment:
            reads = g.const(np.stack([np.arange(N), np.ones(N)]).astype(np.float32), name="index_or_one")
        else:
            pick_line = g.const(line_colours, name="line_colours")
            count = g.Cast(g.Einsum(g.input, g.const(marker, name="marker"), equation="bcij,c->b",
                                    name="marker_count"), to=7, name="marker_count_i")                   # [1]
            index = g.const(np.arange(N, dtype=np.int64).reshape(N, 1), name="index")
        both = g.const(np.ones((1, 2), np.float16), name="line_slot")
        slots = []
        for line, axis, step, size, across in (("row", "i", plan["a"], shape[0], shape[1]),
                                               ("col", "j", plan["b"], shape[1], shape[0])):
            if moment:
                weigh = g.const(np.stack([line_colours, (across - 1) * step * marker]), name=f"{line}_moment_colours")
                moved = g.Einsum(g.input, weigh, reads, equation=f"bcij,tc,t{axis}->b", name=f"{line}_moment")  # [1]
                at = g.const(((across - 1) * np.arange(N) + size * (size - 1) // 2).astype(np.float32).reshape(N, 1),
                             name=f"{line}_moment_at")
            else:
                moved = g.ArgMax(g.Einsum(g.input, pick_line, equation=f"bcij,c->{axis}b", name=f"{line}_counts"),
                                 axis=0, keepdims=1, name=f"{line}_at")                               # [1,1] int64
                if step:
                    moved = (g.Add if step > 0 else g.Sub)(moved, count, name=f"{line}_moved")
                at = index
            on = g.Equal(at, moved, name=f"{line}_on")                                              # [30,1]
            base = np.zeros((N, 2), np.float16)
            base[:size, 0] = 1
            slots.append(g.Where(on, both, g.const(base, name=f"{line}_in_grid"), name=f"{line}_slot"))
        # per colour: background and line colour counted (> 0), the marker and absent colours 0
        weigh = np.float32(np.arange(C) != m)
        present = g.Cast(g.Einsum(g.input, g.const(weigh, name="not_marker"), equation="bcij,c->bc",
                                  name="colour_counts"), to=10, name="colour_counts_f16")      # [1,10]
        table = np.zeros((2, 2, C), np.float16)     # [row slot (in grid, line), col slot, channel]
        table[0, 0, 0] = 1                          # background: in grid, on no line
        table[1, 0, 0] = table[0, 1, 0] = -1
        table[1, 1, 0] = 1
        table[1, 0, 1:] = table[0, 1, 1:] = 1       # any other present colour: on a line
        table[1, 1, 1:] = -1
        return g.model(g.Einsum(slots[0], slots[1], g.const(table, name="cross_table"), present,
                                equation="iu,jv,uvk,bk->bkij"))

    def build_one_line(self, plan):
        """The moved cross of one full row and one full column."""
        m = plan["marker"]
        g = Graph()
        line_colours = np.float32((np.arange(C) != 0) & (np.arange(C) != m))
        pick_line = g.const(line_colours, name="line_colours")
        count = g.Einsum(g.input, g.const(np.eye(C, dtype=np.float32)[m], name="marker"), equation="bcij,c->b",
                         name="marker_count")                                                   # [1]
        index = g.const(np.arange(N, dtype=np.float32).reshape(N, 1), name="index")
        is_line = g.const(np.array([False, True]), name="not_line_line")
        slots = []
        for line, eq, step in (("row", "bcij,c->bi", plan["a"]), ("col", "bcij,c->bj", plan["b"])):
            at = g.Cast(g.ArgMax(g.Einsum(g.input, pick_line, equation=eq, name=f"{line}_counts"), axis=1,
                                 keepdims=0, name=f"{line}_at"), to=1, name=f"{line}_at_f")      # [1]
            if step:
                at = g.Add(at, g.Mul(count, g.const(np.float32(step), name=f"{line}_sign"), name=f"{line}_shift"),
                           name=f"{line}_moved")
            on = g.Equal(index, at, name=f"{line}_on")                                         # [30,1]
            slots.append(g.Cast(g.Equal(on, is_line, name=f"{line}_slot_b"), to=1, name=f"{line}_slot"))
        table = np.zeros((2, 2, 2), np.float32)       # [background / line colour, row slot, column slot]
        table[0, 0, 0] = 1
        table[1, 1, :] = table[1, :, 1] = 1
        colours = g.Concat(g.const(np.eye(1, C, dtype=np.float32), name="background"),
                           g.Einsum(g.input, pick_line, equation="bcij,c->bc", name="line_colour"), axis=0,
                           name="colours")                                                        # [2,10]
        return g.model(g.Einsum(g.input, g.const(np.ones(C, np.float32), name="ones"), slots[0], slots[1],
                                g.const(table, name="cross_table"), colours, equation="bcij,c,is,jt,mst,mk->bkij"))

    def build(self, plan):
        m, a, b, levels = plan["marker"], plan["a"], plan["b"], plan["levels"]
        g = Graph()
        pick = np.zeros(C, np.float32)
        pick[m] = 1
        count = g.Einsum(g.input, g.const(pick, name="marker"), equation="bcij,c->b", name="marker_count")  # [1]
        on = g.floats(1.0, name="on")
        moved = []
        for line, eq, step in (("row", "bcij,cz->bzi", a), ("col", "bcij,cz->bzj", b)):
            gap = -np.ones((C, 1), np.float32)   # line cells count -1, background +1000 (breaks the line),
            gap[0] = 1000                        # a marker 0: a line is full where the sum is negative
            gap[m] = 0                           # (0 off the grid)
            gaps = g.Einsum(g.input, g.const(gap, name="gap_colours"), equation=eq, name=f"{line}_gaps")
            full = g.Cast(g.Less(gaps, g.floats([0.0], name="zero"), name=f"{line}_is_full"), to=1,
                          name=f"{line}_full")                                                     # [1,1,30]
            if step:
                # the count's one-hot is the Conv kernel: tap t reads index r + t (up/left: tap k) or
                # r + t - (levels - 1) (down/right: tap levels - 1 - k)
                taps = np.arange(levels, dtype=np.float32)[::-1 if step > 0 else 1].reshape(1, 1, -1).copy()
                kernel = g.Cast(g.Equal(count, g.const(taps, name=f"{line}_taps"), name=f"{line}_is_count"),
                                to=1, name=f"{line}_shift")                                        # [1,1,levels]
                pads = [levels - 1, 0] if step > 0 else [0, levels - 1]
                full = g.Conv(full, kernel, pads=pads, name=f"{line}_moved")                       # [1,1,30]
            moved.append(g.Pad(full, g.ints([0, 0, 0, 0, 1, 0], name="add_on"), on, name=f"{line}_terms"))
        other = np.ones(C, np.float32)
        other[0] = other[m] = 0
        present = g.ReduceMax(g.input, axes=[2, 3], keepdims=0, name="present")                   # [1,10]
        line_colour = g.Mul(present, g.const(other.reshape(1, C), name="line_colours"), name="line_colour")
        line_colour = g.Unsqueeze(line_colour, axes=[2], name="line_colour_col")                   # [1,10,1]
        bg = np.zeros((1, C, 1), np.float32)
        bg[0, 0, 0] = 1
        colours = g.Concat(line_colour, g.const(bg, name="background"), axis=2, name="paint")     # [1,10,2]
        w = np.zeros((2, 2, 2), np.float32)      # [row slot (moved, on), col slot, paint (line, bg)]
        w[0, 1, 0] = w[1, 0, 0] = 1
        w[1, 1, 1] = 1
        w[0, 1, 1] = w[1, 0, 1] = -2
        y = g.Einsum(g.input, g.const(np.ones(C, np.float32), name="ones"), moved[0], moved[1], colours,
                     g.const(w, name="line_table"), equation="bdij,d,bti,bsj,bcu,tsu->bcij")
        return g.model(y)
