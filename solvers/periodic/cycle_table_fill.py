"""Every cell's colour is base + step(r, c) taken round the cycle 1..k, where the step table is fixed by the
task while the base colour and the cycle length k vary; holes (0) are filled.

Each train output gives the table modulo its own k (relative to one reference cell); the Chinese
remainder theorem joins them into the smallest table that fits every example. In the graph k is the
largest colour present and the base is read off any visible cell (a ReduceMax over them).

Cheaper variant (the same rule on every grid of the table's shape): one Einsum gives every visible cell
c - 1 - step + L (L a multiple of 2520 = lcm(1..9), so the value is positive and still = base mod any k)
and every hole 0; its ReduceMax mod k is the base. k is the last colour channel present (ArgMax of the
channel maxima), and the codes (step + base) mod k are computed in uint8 (the table's steps stay below
248) before the pad and the last Equal. A table that is a row part plus a column part (step = r + c, say)
is read from those two lines: three rank-one terms in the Einsum, two broadcast Adds for the codes.

Gather variant (exact on every grid whose first row or first column shows a visible cell, which both
generators guarantee: c3f564a4 shows every colour in every row, 73251a56 shows (r, c) or (c, r) for every
pair): the base comes from the first row and the first column only (two [1,30] Einsums, their maxima mod k),
the colour of each step s is the small table [ch == (s + base) mod k] (one Equal, [1,10,steps+1], the last
step a NaN sentinel that matches nothing), and one Gather of it by the constant [30,30] step map (the
sentinel outside the table) writes `output`.

Phase variant (every example has the same base b and the table is a row part plus a column part; all in
float16, whose Einsum and Cos the runtime has): colour c - 1 = (b + step) mod k exactly where
cos(theta (row[r] + col[s] + b + 1 - c)) is 1, theta = 2 pi / k; every other colour's cosine is at most
cos(2 pi / 9). So `output` is that cosine less a threshold between the two, and the cosine of a sum expands
into products of per-row, per-column and per-channel cosines and sines: one Einsum of three small trig tables
writes it. The row and column tables hold the half angles (cos, sin) and enter squared (cos^2 + sin^2 = 1);
constant 0/1 lines mask the grid. The channel table holds cos, sin and the threshold (channel 0: 0, 0, -1);
the cosine repeats every k channels, so the colours present (all of 1..k in c3f564a4 and 73251a56, whose
generators show every colour) mask the channels above k. k comes from the last colour present, its [pi/k, 1]
row picked by a Gather; each table's angles are one Einsum of that row with constant slopes and offsets, then
one Cos.
"""
from __future__ import annotations

from math import gcd

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import fixed_shape

REF = (0, 0)


def _crt(residues, moduli):
    """Smallest x >= 0 with x = r_i (mod m_i) for all i, or None."""
    x, m = 0, 1
    for r, k in zip(residues, moduli):
        for _ in range(k // gcd(m, k)):
            if x % k == r:
                break
            x += m
        else:
            return None
        m = m * k // gcd(m, k)
    return x


def render(grid, step):
    """The rule as the graph computes it: k and base from the visible cells, then the table."""
    k = int(grid.max())
    seen = grid > 0
    if k < 2 or not seen.any():
        return None
    bases = set(((grid[seen] - 1 - step[seen]) % k).tolist())
    if len(bases) != 1:
        return None
    return (bases.pop() + step) % k + 1


def _row_col_split(step):
    """(row part [h], column part [w]), both >= 0 with step[i, j] = row[i] + col[j] exactly, or None."""
    row = step[:, 0] - step[:, 0].min()
    col = step[0] - step[0, 0] + step[:, 0].min()
    if (col < 0).any() or not np.array_equal(row[:, None] + col[None, :], step):
        return None
    return row, col


class CycleTableFill(Solver, name="cycle_table_fill", tasks=("task061", "task175", "task305"), refuses="task071",
                     aliases=("c6_cycle_table",)):
    """Holes in a pattern coloured base + table(r,c) round a colour cycle 1..k are filled in."""

    def plans(self, examples):
        """The one step table the outputs allow (joined by the Chinese remainder theorem)."""
        shape = fixed_shape(examples)
        if shape is None or any(i.shape != o.shape for i, o in examples):
            return
        if any((o == 0).any() or not ((i == 0) | (i == o)).all() or (i == o).all() for i, o in examples):
            return
        ks = [int(o.max()) for _, o in examples]
        if any(set(np.unique(o).tolist()) != set(range(1, k + 1)) for (_, o), k in zip(examples, ks)):
            return
        rel = [(o - o[REF]) % k for (_, o), k in zip(examples, ks)]
        step = np.zeros(shape, np.int64)
        for idx in np.ndindex(shape):
            x = _crt([int(t[idx]) for t in rel], ks)
            if x is None:
                return
            step[idx] = x
        span = int(np.lcm.reduce(ks))
        step = np.where(step > span // 2, step - span, step)        # nearest residue: steps below the reference
        yield step - step.min()

    def rule(self, step, grid):
        """The graph reads the fixed shape of the table only."""
        return render(grid, step) if grid.shape == step.shape else None

    def candidates(self, examples):
        plan = self.fit(examples)
        if plan is not None:
            yield self.name, self.build(plan)
            if plan.max() < 248:
                yield f"{self.name}:uint8", self._build_uint8(plan)
            yield f"{self.name}:gather", self._build_gather(plan)
            # the base each output shows (colour - 1 - step at the reference cell, mod its k)
            bases = {int((o[REF] - 1 - plan[REF]) % int(o.max())) for _, o in examples}
            if _row_col_split(plan) is not None and len(bases) == 1:
                yield f"{self.name}:phase", self._build_phase(plan, bases.pop())

    def _build_phase(self, step, base):
        """See the module docstring: `output` = cos(theta (row + col + base + 1 - c)) - threshold, one float16
        Einsum."""
        row, col = _row_col_split(step)
        g = Graph()
        half = lambda v, name: g.const(np.asarray(v, np.float16), name=name)
        present = g.ReduceMax(g.input, axes=[2, 3], keepdims=0, name="present")               # [1,10]
        k = g.ArgMax(present, axis=1, keepdims=0, select_last_index=1, name="cycle")          # [1] int64
        half_turn = np.stack([np.pi / np.maximum(np.arange(10), 1), np.ones(10)], axis=1)     # [pi/k, 1]
        unit = g.Gather(half(half_turn, "half_turn"), k, axis=0, name="half_theta")           # [1,2] float16

        def half_angles(part, name):
            """[1,2,30] (cos, sin) of theta part / 2 on the grid's lines (beyond: cos 0, masked later)."""
            lines = np.ones((2, 30), np.float32)                           # (the line's step, 1) per line
            lines[0] = 0
            lines[0, :len(part)] = part
            shifts = np.array([[1, 1], [0, -np.pi / 2]], np.float32)      # sin x = cos(x - pi/2)
            angle = g.Einsum(unit, half(lines, f"{name}_lines"), half(shifts, "cos_sin_shift"),
                             equation="bi,ir,ip->bpr", name=f"{name}_angle")
            return g.Cos(angle, name=f"{name}_trig"), half(np.arange(30) < len(part), f"{name}_grid")

        rows, row_grid = half_angles(row, "row")
        same = len(row) == len(col) and np.array_equal(row, col)
        cols, col_grid = (rows, row_grid) if same else half_angles(col, "col")
        # threshold between 1 (the colour) and cos(2 pi / 9) (the nearest other one)
        threshold = (1 + np.cos(2 * np.pi / 9)) / 2
        ch = np.arange(10)
        slope_offset = np.zeros((2, 3, 10), np.float32)
        slope_offset[0, :2, 1:] = 2 * (base + 1 - ch[1:])                # theta = 2 pi / k: twice the slope
        slope_offset[1, 1, 1:] = -np.pi / 2
        slope_offset[1, 2, 1:] = np.arccos(-threshold)
        slope_offset[1, :2, 0] = np.pi / 2                               # channel 0: (0, 0, -1)
        slope_offset[1, 2, 0] = np.pi
        angle = g.Einsum(unit, half(slope_offset, "channel_slopes"), equation="bi,itc->btc", name="channel_angle")
        channel = g.Cos(angle, name="channel_trig")                                          # [1,3,10]
        # cos(X + Y) = cos X cos Y - sin X sin Y, X = theta (row + col); with half angles a: cos = a0^2 - a1^2,
        # sin = 2 a0 a1, 1 = a0^2 + a1^2
        cos_q = np.array([[1, 0], [0, -1]], np.float32)
        sin_q = np.array([[0, 1], [1, 0]], np.float32)
        one_q = np.eye(2, dtype=np.float32)
        pair = lambda a, b: np.einsum("pq,uv->pquv", a, b)
        coef = np.stack([pair(cos_q, cos_q) - pair(sin_q, sin_q),          # cos X  x cos Y
                         -(pair(sin_q, cos_q) + pair(cos_q, sin_q)),       # -sin X x sin Y
                         pair(one_q, one_q)], axis=-1)                     # 1      x -threshold
        # the cosine repeats past k: the channels above k (absent, as the generators show every colour) read 0;
        # the constant grid lines are exact zeros beyond the grid
        colours = g.Cast(present, to=10, name="present_f16")
        return g.model(g.Einsum(rows, rows, cols, cols, channel, half(coef, "expansion"), colours, row_grid, col_grid,
                                equation="bpr,bqr,bus,bvs,btd,pquvt,bd,r,s->bdrs"))

    def _build_gather(self, step):
        """See the module docstring: base from the first row and column, a [1,10,steps+1] colour table, one
        Gather by the [30,30] step map."""
        h, w = step.shape
        n_steps = int(step.max()) + 1
        g = Graph()
        lift = 2520 * (int(step.max()) // 2520 + 1)
        per_colour = np.zeros((2, 10), np.float32)
        per_colour[0, 1:] = np.arange(1, 10) - 1 + lift
        per_colour[1, 1:] = -1
        first = g.floats(np.eye(1, 30)[0], name="first_line")                                   # [30]
        tops = []
        for label, line, eq in (("row", step[0], "bcrs,tc,ts,r->bs"), ("col", step[:, 0], "bcrs,tc,tr,s->br")):
            per_cell = np.zeros((2, 30), np.float32)
            per_cell[0, :len(line)] = 1
            per_cell[1, :len(line)] = line
            value = g.Einsum(g.input, g.floats(per_colour), g.floats(per_cell), first, equation=eq,
                             name=f"{label}_value")                                             # [1,30]
            tops.append(g.ReduceMax(value, keepdims=0, name=f"{label}_top"))
        present = g.ReduceMax(g.input, axes=[2, 3], keepdims=0, name="present")               # [1,10]
        k = g.Cast(g.ArgMax(present, axis=1, keepdims=0, select_last_index=1, name="cycle_i"), to=1,
                   name="cycle")                                                              # [1] float
        base = g.Mod(g.Max(*tops, name="top_value"), k, fmod=1, name="base")
        # the small table in float16 (steps + base stay small integers)
        steps = np.r_[np.arange(n_steps), np.nan].astype(np.float16)                          # NaN: the sentinel
        raw = g.Add(g.const(steps.reshape(1, 1, -1), name="steps"), g.Cast(base, to=10, name="base16"), name="raw")
        code = g.Mod(raw, g.Cast(k, to=10, name="cycle16"), fmod=1, name="code")              # [1,1,steps+1]
        channel_code = np.r_[-1, np.arange(9)].astype(np.float16).reshape(1, 10, 1)           # channel 0 never
        table = g.Equal(code, g.const(channel_code, name="channel_code"), name="table")        # [1,10,steps+1]
        index = np.full((30, 30), n_steps, np.int64)
        index[:h, :w] = step
        return g.model(g.Gather(table, g.const(index, name="step_map"), axis=2))

    def _build_uint8(self, step):
        """See the module docstring: one value map, scalars for k and the base, the codes in uint8."""
        h, w = step.shape
        g = Graph()
        crop = lambda n: g.floats(np.eye(n, 30, dtype=np.float32))
        lift = 2520 * (int(step.max()) // 2520 + 1)                  # > every step: visible values stay > 0
        per_colour = np.zeros((2, 10), np.float32)
        per_colour[0, 1:] = np.arange(1, 10) - 1 + lift
        per_colour[1, 1:] = -1
        lines = _row_col_split(step)
        if lines is None:
            per_cell = np.stack([np.ones_like(step), step]).astype(np.float32)
            value = g.Einsum(g.input, g.floats(per_colour), g.floats(per_cell), crop(h), crop(w),
                             equation="bcrs,tc,tij,ir,js->bij", name="value")                  # [1,h,w]
        else:           # step = row part + column part: terms (1, 1), (row part, 1), (1, column part)
            row_part, col_part = lines
            terms = np.stack([per_colour[0], per_colour[1], per_colour[1]])
            per_row = np.stack([np.ones(h), row_part, np.ones(h)]).astype(np.float32)
            per_col = np.stack([np.ones(w), np.ones(w), col_part]).astype(np.float32)
            value = g.Einsum(g.input, g.floats(terms), g.floats(per_row), g.floats(per_col), crop(h), crop(w),
                             equation="bcrs,tc,ti,tj,ir,js->bij", name="value")                # [1,h,w]
        present = g.ReduceMax(g.input, axes=[2, 3], keepdims=0, name="present")               # [1,10]
        k = g.Cast(g.ArgMax(present, axis=1, keepdims=0, select_last_index=1, name="cycle_i"), to=1,
                   name="cycle")                                                              # [1] float
        base = g.Mod(g.ReduceMax(value, keepdims=1, axes=[1], name="top_value"), k, fmod=1, name="base_f")
        base = g.Cast(base, to=2, name="base")
        if lines is None:
            raw = g.Add(g.const(step.astype(np.uint8).reshape(1, h, w), name="step_u8"), base, name="raw")
        else:           # both parts >= 0 and their sum < 248: no uint8 wrap
            col_base = g.Add(g.const(lines[1].astype(np.uint8).reshape(1, 1, w), name="col_step_u8"), base,
                             name="col_raw")                                  # base is per column: [1,1,w]
            raw = g.Add(g.const(lines[0].astype(np.uint8).reshape(1, h, 1), name="row_step_u8"), col_base, name="raw")
        code = g.Mod(raw, g.Cast(k, to=2, name="cycle_u8"), name="code")                       # [1,h,w] uint8
        canvas = g.Pad(code, g.ints([0, 0, 0, 0, 30 - h, 30 - w]), g.const(np.uint8(255)), name="code_canvas")
        channel_code = np.r_[254, np.arange(9)].astype(np.uint8).reshape(1, 10, 1, 1)   # channel 0 never
        return g.model(g.Equal(canvas, g.const(channel_code)))

    def build(self, plan):
        step = plan
        h, w = step.shape
        g = Graph()
        crop = lambda n: g.floats(np.eye(n, 30, dtype=np.float32))
        colour = g.Einsum(g.input, g.floats(np.arange(10, dtype=np.float32).reshape(1, 10, 1, 1)), crop(h), crop(w),
                          equation="ncij,nckl,ri,sj->nkrs", name="colour")                  # [1,1,h,w]
        k = g.ReduceMax(colour, keepdims=0, name="cycle")
        lift = float(step.max() + 2)                                   # keeps the dividend positive
        offset = g.Sub(colour, g.floats((step + 1).astype(np.float32).reshape(1, 1, h, w)), name="colour_less_step")
        base_each = g.Mod(g.Add(offset, g.Mul(k, g.floats([lift]), name="lift"), name="lifted"), k, fmod=1,
                          name="base_each")
        base = g.ReduceMax(g.Where(g.Greater(colour, g.floats([0.0]), name="seen"), base_each, g.floats([-1.0]),
                                   name="base_seen"), keepdims=0, name="base")
        code = g.Mod(g.Add(g.floats(step.astype(np.float32).reshape(1, 1, h, w)), base, name="raw"), k, fmod=1,
                     name="code_f")                                                        # colour - 1
        canvas = g.Pad(g.Cast(code, to=2, name="code"), g.ints([0, 0, 0, 0, 0, 0, 30 - h, 30 - w]),
                       g.const(np.uint8(255)), name="code_canvas")
        channel_code = np.r_[254, np.arange(9)].astype(np.uint8).reshape(1, 10, 1, 1)   # channel 0 never
        return g.model(g.Equal(canvas, g.const(channel_code)))
