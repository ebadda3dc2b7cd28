"""A pattern fills part of the grid, a filler colour (the bottom-right cell's) the rest; the output repeats
the pattern over the whole grid, maybe shifted by a cell. The period (row mod p, column mod q, diagonal
classes) may differ from grid to grid: the graph takes the first of the fitted schemes whose classes each
hold exactly one non-filler colour, all on tensors of at most [1,10,p*q] phases.

Size-switched variant (the output is the input's cell (r mod p, (c + shift) mod q) with one column period q
below a grid size T and another from T on, as task313's generator draws 2 colours under size 12 and 3 from
12): one Einsum, no intermediate. Whether the grid reaches T is the input's cell (T-1, T-1) (summed over
colours), beside the always-present (0,0): sel = (1, reaches T) weighs the small period's column map and
the difference to the large one's; the input (summed over colours) masks the output to the grid.
"""
from __future__ import annotations

from math import lcm

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import functional_rows as consistent
from ..colour._position_classes import CLASS_MAPS, FEATURES

C, N = 10, 30
SMALL = [k for k, (_, p, q, _) in enumerate(FEATURES) if p * q <= 12]
SHIFTS = [(0, 0), (0, 1), (1, 0), (1, 1)]


def _src(k, dt, du):
    _, p, q, fn = FEATURES[k]
    r, s = np.arange(N)[:, None], np.arange(N)[None, :]
    return fn((r + dt) % p, (s + du) % q) * np.ones((N, N), np.int64)


def _complete(grid, k, dt, du):
    """The grid completed with scheme k (filler = bottom-right colour ignored), or None if some class
    does not hold exactly one other colour."""
    h, w = grid.shape
    cls = CLASS_MAPS[k][:h, :w]
    n = int(CLASS_MAPS[k].max()) + 1
    seen = np.zeros((n, C), bool)
    seen[cls.ravel(), grid.ravel()] = True
    seen[:, grid[-1, -1]] = False
    if (seen.sum(1) != 1).any():
        return None
    return seen.argmax(1)[_src(k, dt, du)[:h, :w]]


def _first(grid, schemes, dt, du):
    """The grid completed with the first scheme whose classes each hold one colour, as the graph picks."""
    for k in schemes:
        got = _complete(grid, k, dt, du)
        if got is not None:
            return got
    return None


class RepeatOverFiller(Solver, name="repeat_over_filler", tasks=("task313",), refuses="task007",
                       aliases=("c1_period_fill",), fit_splits=("train", "arc-gen")):
    """A pattern beside a filler colour is repeated over the whole grid (maybe shifted by a cell); its period
    (row/column/diagonal classes) may differ from grid to grid."""

    def plans(self, examples):
        """Per shift, the schemes the first examples need, in the order the graph tries them."""
        first = examples[:8]
        if not first or any(i.shape != o.shape for i, o in first) or all(np.array_equal(i, o) for i, o in first):
            return
        stack = np.stack([CLASS_MAPS[k] for k in SMALL])
        per_ex = []
        for i, o in first:           # schemes whose classes the output follows, grid by grid
            ok = consistent(stack[:, :i.shape[0], :i.shape[1]].reshape(len(SMALL), -1), o.ravel())
            if not ok.any():
                return
            per_ex.append([SMALL[j] for j in np.nonzero(ok)[0]])
        for dt, du in SHIFTS:
            used = set()
            for (i, o), cands in zip(first, per_ex):
                hit = next((k for k in cands if (got := _complete(i, k, dt, du)) is not None
                            and np.array_equal(got, o)), None)
                if hit is None:
                    break
                used.add(hit)
            else:
                order = sorted(used, key=lambda k: (int(CLASS_MAPS[k].max()), k))
                big_p = lcm(*[FEATURES[k][1] for k in order])
                big_q = lcm(*[FEATURES[k][2] for k in order])
                if big_p * big_q <= 36:
                    yield {"schemes": [FEATURES[k][0] for k in order], "shift": [dt, du], "P": big_p, "Q": big_q}

    def candidates(self, examples):
        yield from super().candidates(examples)
        plan = _size_switch_plan(examples)
        if plan is not None:
            yield f"{self.name}:size_switch", self.build_size_switch(plan)

    def build_size_switch(self, plan):
        """out[c,I,J] = mask(I,J) x in[c, I mod p, (J + shift) mod q(size)], every factor read inside one
        Einsum: sel[s] from the cells (0,0) and (T-1,T-1), the column map per s, the row map, the mask."""
        p, shift, q_small, q_large, size = plan["p"], plan["shift"], plan["q_small"], plan["q_large"], plan["size"]
        k = max(p, q_small, q_large)
        g = Graph()
        corners = np.zeros((2, N), np.float32)
        corners[0, 0] = corners[1, size - 1] = 1
        cells = g.const(corners, name="switch_cells")                                     # [2,30]
        pick = g.const(np.eye(N, k, dtype=np.float32), name="pick")                        # [30,k] index -> slot
        small = np.eye(k, dtype=np.float32)[(np.arange(N) + shift) % q_small]
        large = np.eye(k, dtype=np.float32)[(np.arange(N) + shift) % q_large]
        col_maps = g.const(np.stack([small, large - small]), name="col_maps")             # [2,30,k]
        row_map = g.const(np.eye(k, dtype=np.float32)[np.arange(N) % p], name="row_map")  # [30,k]
        return g.model(g.Einsum(g.input, cells, cells, col_maps, pick, g.input, pick, row_map, g.input,
                                equation="bepq,sp,sq,sJm,jm,bcij,ik,Ik,bdIJ->bcIJ"))

    def rule(self, plan, grid):
        schemes = [k for label in plan["schemes"] for k, f in enumerate(FEATURES) if f[0] == label]
        return _first(grid, schemes, *plan["shift"])

    def build(self, plan):
        big_p, big_q = plan["P"], plan["Q"]
        dt, du = plan["shift"]
        by_label = {f[0]: (k, f) for k, f in enumerate(FEATURES)}
        g = Graph()
        phases = np.arange(N) % big_p, np.arange(N) % big_q
        rows = g.const(np.eye(big_p, dtype=np.float32)[phases[0]], name="row_phase")
        cols = g.const(np.eye(big_q, dtype=np.float32)[phases[1]], name="col_phase")
        one = g.floats([1.0], name="one")
        # the filler: the colour of the grid's bottom-right cell, the colour with the largest sum of 4^(i + j) over
        # its cells (that cell's term outweighs all the others together: at most k + 1 cells lie k steps from
        # it, and sum_k>=1 (k + 1) 4^-k = 7/9)
        corner_weight = g.const(4.0 ** np.arange(N, dtype=np.float32), name="corner_weight")
        nearness = g.Einsum(g.input, corner_weight, corner_weight, equation="bcij,i,j->bc", name="corner_nearness")
        keep = g.Cast(g.Less(nearness, g.ReduceMax(nearness, axes=[1], keepdims=1, name="filler_nearness"),
                             name="not_filler_b"), to=1, name="not_filler")                         # [1,10] 0/1
        # every scheme's classes side by side (class n of scheme s: member[s, n]); a class holds exactly one
        # non-filler colour when the sum of its per-colour counts' squares over their total is the total (a
        # second colour makes it smaller; no colour makes it 0 / 0, which equals nothing)
        maps, reads = [], []
        for label in plan["schemes"]:
            k, (_, p, q, fn) = by_label[label]
            a, b = np.arange(big_p)[:, None], np.arange(big_q)[None, :]
            cls = fn(a % p, b % q) * np.ones((big_p, big_q), np.int64)                   # phase -> class
            src = fn((a + dt) % p, (b + du) % q) * np.ones((big_p, big_q), np.int64)    # phase reads class
            n = int(CLASS_MAPS[k].max()) + 1
            maps.append(np.eye(n, dtype=np.float32)[cls])                                  # [P,Q,n]
            reads.append(np.eye(n, dtype=np.float32)[src].transpose(2, 0, 1))             # [n,P,Q]
        sizes = [r.shape[0] for r in reads]
        member = np.zeros((len(sizes), sum(sizes)), np.float32)
        for i, start in enumerate(np.cumsum([0] + sizes[:-1])):
            member[i, start:start + sizes[i]] = 1
        # the per-class colour counts are never stored: every Einsum that needs them reads them from the input
        # (counts[c, n] = "bcij,ia,jk,akn->bcn", the input through the phase maps and the class map)
        scheme_class = g.const(np.concatenate(maps, axis=2), name="scheme_class")
        total = g.Einsum(g.input, rows, cols, scheme_class, keep, equation="bcij,ia,jk,akn,bc->bn",
                         name="class_total")                                                 # [1,N]
        squares = g.Einsum(g.input, rows, cols, scheme_class, g.input, rows, cols, scheme_class, keep,
                           equation="bcij,ia,jk,akn,bcxy,xe,yf,efn,bc->bn", name="class_squares")
        single = g.Equal(g.Div(squares, total, name="squares_per_cell"), total, name="one_colour")      # [1,N]
        mixed = g.Cast(g.Not(single, name="not_one_colour"), to=1, name="not_one_colour_f")      # [1,N]
        bad = g.Einsum(mixed, g.const(member, name="scheme_classes"), equation="bn,sn->s", name="bad_classes")
        valid = g.Cast(g.Equal(bad, g.const(np.zeros(1, np.float32), name="zero"), name="scheme_ok"), to=1,
                       name="scheme_valid")                                                  # [S]
        if len(sizes) == 1:
            weight = valid
        else:           # the first scheme that holds: valid, and no earlier one valid (Relu(1 - earlier valid))
            earlier = g.Einsum(valid, g.const(np.tril(np.ones((len(sizes),) * 2, np.float32), -1), name="earlier"),
                               equation="t,st->s", name="valid_before")
            weight = g.Mul(valid, g.Relu(g.Sub(one, earlier, name="none_before_f"), name="none_before"),
                           name="scheme_weight")
        # the output: the chosen scheme's one non-filler colour per class (its count is positive, every other
        # colour's is 0 or left out), inside the grid only (the input's cells, any colour, as the mask)
        y = g.Einsum(g.input, rows, cols, scheme_class, keep, weight, g.const(member, name="scheme_classes"),
                     g.const(np.concatenate(reads), name="class_reads"), rows, cols, g.input,
                     equation="bcxy,xe,yf,efn,bc,s,sn,nak,ia,jk,bzij->bcij")
        return g.model(y)


def _size_switch_rule(plan, grid):
    n = grid.shape[0]
    q = plan["q_large"] if n >= plan["size"] else plan["q_small"]
    r, c = np.arange(n)[:, None] % plan["p"], (np.arange(grid.shape[1])[None, :] + plan["shift"]) % q
    return grid[r, c]


def _size_switch_plan(examples):
    """p, shift and the column period per square grid size, when small grids share one period q_small and
    grids from some size T on another, q_large; None otherwise."""
    if any(i.shape != o.shape or i.shape[0] != i.shape[1] for i, o in examples):
        return None
    for p in (1, 2):
        for shift in (0, 1):
            periods = {}
            for i, o in examples:
                n = i.shape[0]
                fits = {q for q in range(1, 5) if q <= n and p <= n and np.array_equal(
                    _size_switch_rule({"p": p, "shift": shift, "q_small": q, "q_large": q, "size": 99}, i), o)}
                periods[n] = periods.get(n, fits) & fits
            if not all(periods.values()):
                continue
            sizes = sorted(periods)
            for t in sizes[1:]:
                small = set.intersection(*[periods[n] for n in sizes if n < t])
                large = set.intersection(*[periods[n] for n in sizes if n >= t])
                if small and large and not small & large:
                    plan = {"p": p, "shift": shift, "q_small": min(small), "q_large": min(large), "size": t}
                    if all(np.array_equal(_size_switch_rule(plan, i), o) for i, o in examples):
                        return plan
    return None
