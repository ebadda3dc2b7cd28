"""Cell stamps: every cell of a seed colour X paints a fixed pattern of colours around itself (its own
cell included, possibly erased); every other cell keeps its colour.

Graph: a single Conv writes `output`. Its taps are set so that a cell scores
    2[own colour = c] + [in grid] + 4 (stamps painting c) - 2 (stamps painting anything) - 2,
which is positive exactly for the painted colour where a stamp lands, for the own colour elsewhere, and
never positive off the grid (a lone stamp there scores 4 - 2 - 2 = 0).

Window variant (`cell_stamp:window`), where every fitted grid has one shape h x w and holds few colours (the
plan records both and the rule refuses other grids): the same Conv reads only a Slice of those colours'
channels (every step-th from lo to hi, the colours evenly spaced, else all of lo..hi) on the h x w window and,
padded out to 30 x 30, still writes `output` itself (off the window it reads zeros, as the whole-canvas Conv
reads off the grid).

Depthwise variant (`cell_stamp:depthwise`), where stamps paint only their seed's own colour or erase: each
output channel reads only its own input channel, the nine colours through one shared kernel and the
background through another, both fitted as integers by the exact perceptron (a tenth of the full Conv's taps).
"""
from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import C, N, fixed_shape, same_shape
from .._common_perceptron import NONE, canvas, perceptron

MAX_REACH = 6
DEPTHWISE_ROWS = 20000      # distinct windows the depthwise fit takes on (bounded work)
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


def _channels(colours):
    """(first channel, step, count) of the input channels the window variant reads: the colours themselves
    when evenly spaced, else every channel from the lowest to the highest."""
    steps = set(np.diff(colours).tolist())
    if len(steps) == 1:
        return colours[0], steps.pop(), len(colours)
    return colours[0], 1, colours[-1] - colours[0] + 1


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
        shape = fixed_shape(examples)
        seen = sorted({int(c) for i, _ in examples for c in np.unique(i)})
        window = {"shape": list(shape) if shape else None, "colours": seen}
        stamp = _stamp(*_windows(train, lambda g: g != 0))
        if stamp:
            yield self._plan({x: stamp for x in range(1, C)}, window)
        colours = sorted({int(c) for i, _ in train for c in np.unique(i)} - {0})
        stamps = {x: s for x in colours if (s := _stamp(*_windows(train, lambda g: g == x)))}
        if stamps:
            yield self._plan(stamps, window)

    def rule(self, plan, grid):
        """The stamps; None on a grid of another shape, or with another colour, where the plan has them."""
        shape, colours = plan.get("shape"), plan.get("colours", list(range(C)))
        if shape is not None and list(grid.shape) != shape or not np.isin(grid, colours).all():
            return None
        return stamped(grid, plan["stamps"])

    @staticmethod
    def _plan(stamps, window=None):
        """window: {"shape", "colours"} of the fitted grids (none: any grid)."""
        window = window or {"shape": None, "colours": list(range(C))}
        offs = [d for s in stamps.values() for d in s] + [(0, 0)]
        reach = [[min(d[k] for d in offs), max(d[k] for d in offs)] for k in (0, 1)]   # [lowest, highest]
        return {"stamps": [[x, [[dr, dc, v] for (dr, dc), v in s.items()]] for x, s in stamps.items()],
                "reach": reach, **window}

    def candidates(self, examples):
        plan = self.fit(examples)
        if plan is None:
            return
        yield self.name, self.build(plan)
        depthwise = _fit_depthwise(examples, plan["reach"])
        if depthwise is not None:
            yield f"{self.name}:depthwise", self.build_depthwise(plan, *depthwise)
        if plan["shape"] is not None:
            (h, w), (_, _, k) = plan["shape"], _channels(plan["colours"])
            (lo_r, hi_r), (lo_c, hi_c) = plan["reach"]
            taps = (hi_r - lo_r + 1) * (hi_c - lo_c + 1)
            if 4 * k * h * w + C * k * taps + 9 < C * C * taps:      # the window's bytes against the saved taps
                yield f"{self.name}:window", self.build(plan, window=True)

    def build_depthwise(self, plan, colour_taps, colour_bias, bg_taps, bg_bias):
        """One depthwise Conv (each output channel reads only its own input channel) over the plan's reach:
        the colour channels share one fitted kernel, the background channel has its own."""
        (lo_r, hi_r), (lo_c, hi_c) = plan["reach"]
        weight = np.stack([bg_taps] + [colour_taps] * (C - 1))[:, None].astype(np.float32)     # [10,1,kh,kw]
        bias = np.array([bg_bias] + [colour_bias] * (C - 1), np.float32)
        g = Graph()
        return g.model(g.Conv(g.input, g.const(weight, name="stamp_taps"), g.const(bias, name="bias"), group=C,
                              pads=[hi_r, hi_c, -lo_r, -lo_c]))

    def build(self, plan, window=False):
        """window: read only the plan's colour channels on its fixed h x w grid (see the module docstring)."""
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
        bias = g.const(np.full(C, -2.0, np.float32), name="bias")
        if not window:
            return g.model(g.Conv(g.input, g.const(w, name="stamp_taps"), bias, pads=[hi_r, hi_c, -lo_r, -lo_c]))
        (h, wd), (lo, step, k) = plan["shape"], _channels(plan["colours"])
        cells = g.Slice(g.input, g.ints([lo, 0, 0], name="window_start"),
                        g.ints([lo + step * (k - 1) + 1, h, wd], name="window_end"),
                        g.ints([1, 2, 3], name="window_axes"), g.ints([step, 1, 1], name="window_steps"),
                        name="window")                                                       # [1,k,h,w]
        # the far pads take the output to 30 x 30: h + hi_r + pad - (hi_r - lo_r) = 30
        return g.model(g.Conv(cells, g.const(w[:, lo:lo + step * (k - 1) + 1:step], name="stamp_taps"), bias,
                              pads=[hi_r, hi_c, N - h - lo_r, N - wd - lo_c]))


def _fit_depthwise(examples, reach):
    """(colour taps, colour bias, background taps, background bias) of a depthwise Conv over the stamp's reach
    whose `> 0` reproduces every example, or None: integer weights from the exact perceptron, one kernel
    shared by the nine colours (cell p's feature at tap t: "the cell p + t - centre has the channel's
    colour"), and one for the background. A stamp that paints its seed's own colour or erases needs no
    other channel; where it paints a fixed colour the fit fails."""
    (lo_r, hi_r), (lo_c, hi_c) = reach
    kh, kw = hi_r - lo_r + 1, hi_c - lo_c + 1
    windows = []                                    # per cell: its window's codes, then its answer
    for i, o in examples:
        h, w = i.shape
        padded = np.full((N + kh, N + kw), NONE, np.uint8)
        padded[hi_r:hi_r + N, hi_c:hi_c + N] = canvas(i)
        rows, cols = min(N, h + hi_r), min(N, w + hi_c)
        codes = sliding_window_view(padded, (kh, kw))[:rows, :cols].reshape(rows * cols, kh * kw)
        windows.append(np.unique(np.column_stack([codes, canvas(o)[:rows, :cols].reshape(-1)]), axis=0))
    windows = np.unique(np.concatenate(windows), axis=0)
    if len(windows) > DEPTHWISE_ROWS:
        return None
    codes, targets = windows[:, :-1], windows[:, -1]
    fitted = []
    for colours in ([c for c in range(1, C)], [0]):
        feats = np.concatenate([codes == c for c in colours]).astype(np.int64)
        labels = np.concatenate([targets == c for c in colours])
        feats = np.concatenate([feats, np.zeros((1, kh * kw), np.int64)])     # the canvas beyond every grid
        labels = np.append(labels, False)
        rows, first = np.unique(np.column_stack([feats, labels]), axis=0, return_index=True)
        if len(np.unique(rows[:, :-1], axis=0)) != len(rows):
            return None
        found = perceptron(feats[first], labels[first])
        if found is None:
            return None
        table, bias = found
        fitted += [(table[:, 1] - table[:, 0]).reshape(kh, kw), bias + int(table[:, 0].sum())]
    return tuple(fitted)
