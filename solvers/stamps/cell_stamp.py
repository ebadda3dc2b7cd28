"""Cell stamps: every cell of a seed colour X paints a fixed pattern of colours around itself (its own
cell included, possibly erased); every other cell keeps its colour.

Graph: a single Conv writes `output`. Its taps are set so that a cell scores
    2[own colour = c] + [in grid] + 4 (stamps painting c) - 2 (stamps painting anything) - 2,
which is positive exactly for the painted colour where a stamp lands, for the own colour elsewhere, and
never positive off the grid (a lone stamp there scores 4 - 2 - 2 = 0).
"""
from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import C, N, same_shape

MAX_REACH = 6
SELF = -1       # a stamp cell painted in the seed's own colour


def stamped(grid, stamps):
    """The graph's answer: per canvas cell and colour the score of the module docstring; None where a
    cell of the grid has not exactly one positive colour, or a cell beyond it has one (where stamps
    painting different colours meet, or two stamps of one colour meet off the grid)."""
    h, w = grid.shape
    score = np.full((C, N, N), -2)
    score[:, :h, :w] += 1
    rows, cols = np.indices((h, w))
    score[grid, rows, cols] += 2
    for x, stamp in stamps:
        seeds = np.argwhere(grid == x)
        for dr, dc, v in stamp:
            r, c = seeds[:, 0] + dr, seeds[:, 1] + dc
            on = (r >= 0) & (r < N) & (c >= 0) & (c < N)
            np.add.at(score, (slice(None), r[on], c[on]), -2)
            np.add.at(score[x if v == SELF else v], (r[on], c[on]), 4)
    positive = score > 0
    if positive[:, h:].any() or positive[:, :, w:].any() or (positive[:, :h, :w].sum(0) != 1).any():
        return None
    return positive[:, :h, :w].argmax(0)


def _windows(examples, seed_of):
    """(input windows, output windows, seed colours) [n, K, K] around every seed cell; -1 off the grid."""
    k = 2 * MAX_REACH + 1
    ins, outs, cols = [], [], []
    for i, o in examples:
        h, w = i.shape
        pi = np.full((h + k - 1, w + k - 1), -1, np.int64)
        po = pi.copy()
        pi[MAX_REACH:MAX_REACH + h, MAX_REACH:MAX_REACH + w] = i
        po[MAX_REACH:MAX_REACH + h, MAX_REACH:MAX_REACH + w] = o
        r, c = np.nonzero(seed_of(i))
        ins.append(sliding_window_view(pi, (k, k))[r, c])
        outs.append(sliding_window_view(po, (k, k))[r, c])
        cols.append(i[r, c])
    return np.concatenate(ins), np.concatenate(outs), np.concatenate(cols)


def _stamp(ins, outs, cols):
    """{offset: colour or SELF} where every seed's output agrees and some seed's cell changed."""
    on = ins >= 0
    changed = ((ins != outs) & on).any(0)
    lo = np.where(on, outs, 99).min(0)
    hi = np.where(on, outs, -1).max(0)
    own = ((outs == cols[:, None, None]) | ~on).all(0)
    stamp = {}
    for dr, dc in zip(*np.nonzero(changed & ((lo == hi) | own))):
        off = (int(dr) - MAX_REACH, int(dc) - MAX_REACH)
        stamp[off] = int(lo[dr, dc]) if lo[dr, dc] == hi[dr, dc] else SELF
    return stamp


class CellStamp(Solver, name="cell_stamp", tasks=("task060", "task082", "task266", "task322", "task331"),
                refuses="task024", aliases=("c1_stamp",), fit_splits=("train", "arc-gen")):
    """Every cell of a seed colour paints a fixed pattern (fixed colours or its own colour) at fixed offsets around
    itself (its own cell may be erased); other cells keep their colour."""

    def plans(self, examples):
        """One stamp shared by every colour, then one stamp per seed colour, read off the first examples."""
        if not same_shape(examples) or all(np.array_equal(i, o) for i, o in examples):
            return
        train = examples[:6]
        seeds = sum(int((i != 0).sum()) for i, _ in train)
        if seeds == 0 or seeds > 80:
            return
        stamp = _stamp(*_windows(train, lambda g: g != 0))
        if stamp:
            yield self._plan({x: stamp for x in range(1, C)})
        colours = sorted({int(c) for i, _ in train for c in np.unique(i)} - {0})
        stamps = {x: s for x in colours if (s := _stamp(*_windows(train, lambda g: g == x)))}
        if stamps:
            yield self._plan(stamps)

    def rule(self, plan, grid):
        return stamped(grid, plan["stamps"])

    @staticmethod
    def _plan(stamps):
        offs = [d for s in stamps.values() for d in s] + [(0, 0)]
        reach = [[min(d[k] for d in offs), max(d[k] for d in offs)] for k in (0, 1)]   # [lowest, highest]
        return {"stamps": [[x, [[dr, dc, v] for (dr, dc), v in s.items()]] for x, s in stamps.items()],
                "reach": reach}

    def build(self, plan):
        (lo_r, hi_r), (lo_c, hi_c) = plan["reach"]
        rr, rc = hi_r, hi_c                             # the centre tap; offsets reach lo..hi around it
        kh, kw = hi_r - lo_r + 1, hi_c - lo_c + 1
        w = np.zeros((C, C, kh, kw), np.float32)        # [out colour, in colour, tap row, tap col]
        w[:, :, rr, rc] += 1                            # in grid
        w[np.arange(C), np.arange(C), rr, rc] += 2      # own colour
        for x, stamp in plan["stamps"]:
            for dr, dc, v in stamp:
                tr, tc = rr - dr, rc - dc               # a seed at p - d reaches p through tap centre - d
                w[:, x, tr, tc] -= 2
                w[x if v == SELF else v, x, tr, tc] += 4
        g = Graph()
        y = g.Conv(g.input, g.const(w, name="stamp_taps"), g.const(np.full(C, -2.0, np.float32), name="bias"),
                   pads=[hi_r, hi_c, -lo_r, -lo_c])
        return g.model(y)
