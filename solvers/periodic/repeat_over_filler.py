"""A pattern fills part of the grid, a filler colour (the bottom-right cell's) the rest; the output repeats
the pattern over the whole grid, maybe shifted by a cell. The period (row mod p, column mod q, diagonal
classes) may differ from grid to grid: the graph takes the first of the fitted schemes whose classes each
hold exactly one non-filler colour, all on tensors of at most [1,10,p*q] phases.
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

    def rule(self, plan, grid):
        schemes = [k for label in plan["schemes"] for k, f in enumerate(FEATURES) if f[0] == label]
        return _first(grid, schemes, *plan["shift"])

    def build(self, plan):
        big_p, big_q = plan["P"], plan["Q"]
        dt, du = plan["shift"]
        by_label = {f[0]: (k, f) for k, f in enumerate(FEATURES)}
        g = Graph()
        rows = g.const(np.eye(big_p, dtype=np.float32)[np.arange(N) % big_p], name="row_phase")
        cols = g.const(np.eye(big_q, dtype=np.float32)[np.arange(N) % big_q], name="col_phase")
        counts = g.Einsum(g.input, rows, cols, equation="bcij,ia,jk->bcak", name="phase_counts")   # [1,10,P,Q]
        # the filler: the colour of the last grid row's last cell
        one = g.floats([1.0], name="one")
        last = []
        for axes, cum_axis, nm in (([1, 3], 2, "row"), ([1, 2], 3, "col")):
            inside = g.ReduceMax(g.input, axes=axes, keepdims=1, name=f"in_grid_{nm}")
            left = g.CumSum(inside, g.const(np.int64(cum_axis), name=f"axis_{nm}"), reverse=1, name=f"{nm}s_left")
            last.append(g.Cast(g.Equal(left, one, name=f"is_last_{nm}"), to=1, name=f"last_{nm}"))
        corner = g.Einsum(g.input, last[0], last[1], equation="bcij,bxiy,bxyj->bc", name="filler")   # [1,10]
        keep = g.Sub(one, corner, name="not_filler")
        keep = g.Unsqueeze(keep, axes=[2], name="not_filler_col")                                # [1,10,1]
        total, unused = None, None
        for label in plan["schemes"]:
            k, (_, p, q, fn) = by_label[label]
            a, b = np.arange(big_p)[:, None], np.arange(big_q)[None, :]
            cls = fn(a % p, b % q) * np.ones((big_p, big_q), np.int64)                   # phase -> class
            src = fn((a + dt) % p, (b + du) % q) * np.ones((big_p, big_q), np.int64)    # phase reads class
            n = int(CLASS_MAPS[k].max()) + 1
            per_class = g.Einsum(counts, g.const(np.eye(n, dtype=np.float32)[cls], name=f"{label}_class"),
                                 equation="bcak,akn->bcn", name=f"{label}_counts")          # [1,10,n]
            pattern = g.Mul(per_class, keep, name=f"{label}_pattern")
            present = g.Cast(g.Greater(pattern, g.floats([0.5], name="half"), name=f"{label}_seen"), to=1,
                             name=f"{label}_present")                                      # [1,10,n]
            colours = g.ReduceSum(present, axes=[1], keepdims=1, name=f"{label}_colours")   # [1,1,n]
            single = g.Cast(g.Equal(colours, one, name=f"{label}_single"), to=1, name=f"{label}_single_f")
            valid = g.ReduceMin(single, axes=[2], keepdims=1, name=f"{label}_valid")       # [1,1,1]
            weight = valid if unused is None else g.Mul(valid, unused, name=f"{label}_weight")
            unused = g.Sub(one, valid, name=f"{label}_invalid") if unused is None else \
                g.Sub(unused, weight, name=f"{label}_unused")
            reads = np.eye(n, dtype=np.float32)[src].transpose(2, 0, 1)                  # [n,P,Q]
            fill = g.Einsum(present, weight, g.const(reads, name=f"{label}_reads"),
                            equation="bcn,bzy,nak->bcak", name=f"{label}_fill")             # [1,10,P,Q]
            total = fill if total is None else g.Add(total, fill, name=f"{label}_total")
        ones = g.const(np.ones(C, np.float32), name="ones")
        y = g.Einsum(total, rows, cols, g.input, ones, equation="bcak,ia,jk,bdij,d->bcij")
        return g.model(y)
