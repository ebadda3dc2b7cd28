"""A full row of one colour splits the grid; cells of some colours shoot vertical rays over the background
toward that row (stopping at it), cells of other colours away from it, to the edge.

A ray's count at a cell is a triangular row map (per side of the separator) applied to the colour's
column: the whole answer is one Einsum, linear in the input once the separator's row is known (see
`build`); on fixed-size grids (the generator draws only 10 x 10) the row maps cover only the grid's rows.

Where no two rays meet (`apart`), the separator's side is read in the same Einsum from its cell in each column,
so the graph has no intermediate at all (see `build_apart`).
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import fixed_shape
from ._grids import edits_in_place

MODES = ("toward", "away")


def separator_row(grid, colour):
    rows = [r for r in range(grid.shape[0]) if (grid[r] == colour).all()]
    return rows[0] if len(rows) == 1 else None


def shoot(grid, line, modes):
    """modes: colour -> 'toward' | 'away', painted in colour order over background cells only."""
    at = separator_row(grid, line)
    if at is None:
        return None
    h = grid.shape[0]
    out = grid.copy()
    for c, mode in sorted(modes.items()):
        for r, x in np.argwhere(grid == c):
            d = (1 if r < at else -1) * (1 if mode == "toward" else -1)
            rr = r + d
            while 0 <= rr < h and rr != at:
                if out[rr, x] == 0:
                    out[rr, x] = c
                rr += d
    return out


def marks_apart(grid, line) -> bool:
    """At most one mark per column on each side of the separator: no two rays ever reach one cell."""
    at = separator_row(grid, line)
    marks = (grid != 0) & (grid != line)
    return at is not None and marks[:at].sum(0).max(initial=0) <= 1 and marks[at + 1:].sum(0).max(initial=0) <= 1


class SeparatorRays(Solver, name="separator_rays", tasks=("task212",), refuses="task353", aliases=("c2_line_rays",)):
    """A full separator row splits the grid; cells of some colours extend as vertical rays toward the separator, cells
    of other colours away from it (to the edge)."""

    def plans(self, examples):
        if not edits_in_place(examples):
            return
        for line in range(1, 10):
            if any(separator_row(i, line) is None for i, _ in examples):
                continue
            colours = sorted({int(c) for i, _ in examples for c in np.unique(i)} - {0, line})
            if not colours or len(colours) > 3:
                return
            modes = {}
            for c in colours:      # each colour's mode on its own, the others' rays ignored
                for mode in (*MODES, None):
                    trial = {c: mode} if mode else {}
                    if all(np.array_equal((shoot(i, line, trial) == c) | (i == c), o == c) for i, o in examples):
                        if mode:
                            modes[c] = mode
                        break
                else:
                    return
            if modes:
                yield line, modes, fixed_shape(examples)

    def rule(self, plan, grid):
        line, modes, shape = plan
        if shape is not None and grid.shape != shape:
            return None                 # the graph crops to the examples' one shape
        return shoot(grid, line, modes)

    def candidates(self, examples):
        plan = self.fit(examples)
        if plan is None:
            return
        yield self.name, self.build(plan)
        if all(marks_apart(i, plan[0]) for i, _ in examples):
            yield f"{self.name}:apart", self.build_apart(plan)

    def build(self, plan):
        """One Einsum, linear in the input given the separator's row: out = sum over terms t (copy, toward, away)
        of colour weights[t] x row map[t] x input. The row maps are the identity (copy), and per side of the
        separator (rows above / below it, from one ArgMax) the lower or upper triangle: a colour's ray count
        at a cell is how many of its cells in the column feed it. With counts below h + 1 (= K) the weights
        make exactly one channel positive: a cell keeps its own colour (weight W_i = K + K h (i - 1) + 1 on a
        ray colour, less K on every colour but background), else the lowest colour whose count is positive
        (count_i - K x the lower colours' counts), else background (1 - every count)."""
        line, modes, shape = plan
        h, w = shape if shape is not None else (30, 30)
        g = Graph()
        pick = np.zeros(10, np.float32)
        pick[line] = 1
        embed = g.const(np.eye(30, h, dtype=np.float32), name="grid_rows")                # [30, h]
        line_cells = g.Einsum(g.input, g.const(pick, name="line_colour"), embed, equation="bcrs,c,rk->bk",
                              name="line_cells")                                           # [1, h]
        at = g.ArgMax(line_cells, axis=1, keepdims=1, name="line_at")      # the one full row has the most
        signed_rows = np.stack([np.arange(h), -np.arange(h)]).astype(np.int64)              # r < at, -r < -at
        sides = g.Cast(g.Less(g.const(signed_rows, name="signed_rows"),
                              g.Mul(at, g.const(np.array([[1], [-1]], np.int64), name="signs"), name="signed_at"),
                              name="sides_b"), to=1, name="sides_f")
        side = g.Concat(sides, g.const(np.ones((1, h), np.float32), name="all_rows"), axis=0, name="side")
        r = np.arange(h)
        lower, upper, same = (r[None] <= r[:, None]), (r[None] >= r[:, None]), (r[None] == r[:, None])
        base = np.stack([lower, upper, same]).astype(np.float32)                           # [j, r, s]
        select = np.zeros((3, 3, 3), np.float32)       # [term, side (above, below, all), base]
        select[0, 2, 2] = 1                            # copy: the identity on every row
        select[1, 0, 0] = select[1, 1, 1] = 1          # toward: from above down, from below up
        select[2, 0, 1] = select[2, 1, 0] = 1          # away: from above up, from below down
        K = h + 1
        coef = np.zeros((3, 10, 10), np.float32)       # [term, output colour, source colour]
        coef[0] = np.eye(10)
        for i, (c, mode) in enumerate(sorted(modes.items())):
            t = MODES.index(mode) + 1
            coef[0, c, 1:] -= K
            coef[0, c, c] += K + K * h * i + 1
            coef[t, c, c] = 1
            coef[t, 0, c] = -1
            for later in sorted(modes)[i + 1:]:
                coef[t, later, c] = -K
        return g.model(g.Einsum(g.const(coef, name="term_colours"), g.const(select, name="term_sides"), side,
                                side, g.const(base, name="row_maps"), embed, embed, g.input,
                                equation="tcd,tkj,kr,ks,jrs,yr,zs,bdzx->bcyx"))

    def build_apart(self, plan):
        """`build` where no two rays meet (at most one mark per column on each side), with no intermediate at all.
        A colour's ray count is then 0 or 1, so term t's colour weights are rank one over the few colours the plan
        names (background, the rays', the separator's), read into slots m: w[t, m] x D[out, m] (D: the slot's
        colour, less one on background for every other slot, less two on every other colour for the separator).
        Every row map is a product of two of the triangles U (r >= s) and its transpose: U U^T the identity (copy),
        U U the lower and U^T U^T the upper triangle; and so are the sides, read from the separator's cell in the
        same column: U[at, r] (rows above, the separator's row included) and U^T[at, r] (below). Both sides copy,
        so the separator's row is copied twice, and no ray that ends on it (its row is on both sides) outweighs
        the -2 of D there."""
        line, modes, shape = plan
        h = shape[0] if shape is not None else 30
        g = Graph()
        embed = g.const(np.eye(30, h, dtype=np.float32), name="grid_rows")                # [30, h]
        r = np.arange(h)
        triangles = g.const(np.stack([r[:, None] >= r[None], r[:, None] <= r[None]]).astype(np.float32),
                            name="triangles")                                                # [U, U^T]
        first, second = np.zeros((2, 3, 2, 2), np.float32)       # [term, side (above, below), triangle]
        first[0, :, 0] = second[0, :, 1] = 1                      # copy: U U^T
        for t, (down, up) in ((1, (0, 1)), (2, (1, 0))):          # toward: down from above, up from below; away
            first[t, 0, down] = second[t, 0, down] = first[t, 1, up] = second[t, 1, up] = 1
        colours = [0, *sorted(modes), line]                      # background, the rays' colours, the separator
        read = np.eye(10, dtype=np.float32)[colours]               # [colour slot, source colour]
        weight = np.zeros((3, len(colours)), np.float32)          # [term, colour slot]
        weight[0] = 1
        for slot, c in enumerate(colours[1:-1], 1):
            weight[MODES.index(modes[c]) + 1, slot] = 1
        spread = np.eye(10, dtype=np.float32)[:, colours]         # [out colour, colour slot]
        spread[0, 1:] = -1
        spread[1:, -1] -= 2
        spread[line, -1] = 1
        line_slot = np.float32(np.arange(len(colours)) == len(colours) - 1)
        read = g.const(read, name="colour_slots")
        # ONNX Runtime contracts left to right: this order keeps every partial product small (fast to run)
        return g.model(g.Einsum(g.input, read, g.const(line_slot, name="line_slot"), embed, triangles, triangles,
                                g.const(first, name="first_triangle"), g.const(second, name="second_triangle"),
                                triangles, triangles, g.const(weight, name="term_weights"), read, embed, g.input,
                                g.const(spread, name="colour_spread"), embed,
                                equation="bfhx,nf,n,hp,kpi,kpq,tkj,tkl,jiq,liq,tm,md,sq,bdsx,cm,yi->bcyx"))
