"""Every coloured cell falls to one side of its column (or row), like sand; where a line holds several
colours they stack sorted by colour number.

One TopK sorts per-cell keys from a 1x1 Conv: the side the cells fall to sorts last, and the empty canvas
(key 0) after every grid cell, so one graph serves grids of any size."""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import N, same_shape

DIRS = {"down": (2, False), "up": (2, True), "right": (3, False), "left": (3, True)}   # canvas axis, toward 0


def sort_keys(direction, descending_colours):
    """Sort key per colour (ascending sort): the side the cells fall to comes last; the empty canvas is 0
    and sorts after every grid cell."""
    _, toward_start = DIRS[direction]
    colour = np.arange(1, 10, dtype=np.float32)
    colour = -colour if descending_colours else colour
    if toward_start:       # colours first, then background
        return np.concatenate([[-1.0], colour - 30.0])
    return np.concatenate([[-30.0], colour - 20.0])   # background first, then colours


def fall(grid, direction, descending_colours):
    keys = sort_keys(direction, descending_colours)
    order = np.sort(keys[grid], axis=DIRS[direction][0] - 2)
    return (order[..., None] == keys).argmax(-1)          # the colour of each sorted key


class Gravity(Solver, name="gravity", tasks=("task032", "task078"), refuses="task087",
              fit_splits=("train", "test", "arc-gen")):
    """Output = every coloured (non-zero) cell falls down/up/left/right as far as it can, stacking against the grid
    edge (gravity)."""

    def plans(self, examples):
        """The directions and colour orders that explain the first example, with the palette: the colours the
        fitted examples' inputs hold (the generator's, as far as they show)."""
        if same_shape(examples) and not all(np.array_equal(i, o) for i, o in examples):
            i, o = examples[0]
            palette = tuple(sorted(set(np.concatenate([g.ravel() for g, _ in examples]).tolist()) | {0}))
            for direction in DIRS:
                for descending_colours in (False, True):
                    if np.array_equal(fall(i, direction, descending_colours), o):
                        yield direction, descending_colours, palette

    def rule(self, plan, grid):
        direction, descending, palette = plan
        if not np.isin(grid, palette).all():
            return None                 # the interval tables hold only the palette's colours
        return fall(grid, direction, descending)

    def candidates(self, examples):
        plan = self.fit(examples)
        if plan is None:
            return
        yield self.name, self.build(plan)
        yield f"{self.name}:intervals", self.interval_model(plan)
        extent = (max(i.shape[0] for i, _ in examples), max(i.shape[1] for i, _ in examples))
        if max(extent) < N:
            yield f"{self.name}:window", self.window_model(plan, extent)
            yield f"{self.name}:window-pad-key", self.window_model(plan, extent, pad_key=True)

    def window_model(self, plan, shape, pad_key=False):
        """For grids of at most H x W (the largest fitted): the 1x1 key Conv is dilated so that it only reads
        the H x W corner (a 2x2 kernel whose other taps are zero, dilation 30-H); the sort (the empty canvas
        sorts last, as on the full canvas) and the decode run on that corner; a final uint8 Pad restores the
        canvas."""
        axis, _ = DIRS[plan[0]]
        H, W = shape
        keys = sort_keys(*plan[:2]).astype(np.float32)
        kernel = np.zeros((1, 10, 2, 2), np.float32)
        kernel[0, :, 0, 0] = keys
        g = Graph()
        pads = g.ints([0, 0, 0, 0, 0, 0, N - H, N - W], name="pads")
        if pad_key:   # keys negated (positive, the canvas 0 still sorts last, now descending): the sorted key
            kernel = -kernel                 # is cast to uint8 and padded, and Equal decodes the whole canvas
            key = g.Conv(g.input, g.const(kernel, name="sort_key_tap"), dilations=[N - H, N - W], name="key")
            ordered, _ = g.TopK(key, g.ints([H if axis == 2 else W], name="k"), axis=axis, largest=1, sorted=1,
                                outputs=2, name="sorted")
            small = g.Cast(ordered, to=2, name="sorted_u8")
            return g.model(g.Equal(g.Pad(small, pads, name="canvas_key"),
                                   g.const((-keys).astype(np.uint8).reshape(1, 10, 1, 1), name="sort_key")))
        key = g.Conv(g.input, g.const(kernel, name="sort_key_tap"), dilations=[N - H, N - W], name="key")
        ordered, _ = g.TopK(key, g.ints([H if axis == 2 else W], name="k"), axis=axis, largest=0, sorted=1,
                            outputs=2, name="sorted")
        cells = g.Equal(ordered, g.const(keys.reshape(1, 10, 1, 1), name="sort_key"), name="cells")
        cells = g.Cast(cells, to=2, name="cells_u8")      # Pad takes no bool in opset 12
        return g.model(g.Pad(cells, pads))

    def interval_model(self, plan):
        """No sort and no intermediate: along each line the colours stack in a known order, so colour k fills
        the interval [lo_k, hi_k) of positions, lo_k and hi_k sums of the line's colour counts (the background
        counts as one more colour, its zeros). One Einsum writes output as the product (hi_k - y)(y - lo_k),
        y = position + 1/2, positive exactly inside the interval: both factors are linear in the input, the
        counts summed along the line and y scaled by the line's first cell (1 inside the grid, 0 outside), so
        a line outside the grid gives 0 everywhere and a cell past the line's end gives a negative product.
        Exact for grids of any size. With a small palette (task078: 0, 1, 2) the tables keep only the palette's
        rows, reached through a [10,K] one-hot embedding of the palette."""
        direction, descending, palette = plan
        axis, toward_start = DIRS[direction]
        colours = sorted(range(1, 10), reverse=descending)
        order = colours + [0] if toward_start else [0] + colours
        hi = np.zeros((10, 10, 2), np.float32)          # [colour counted p, output channel k, term m]
        lo = np.zeros((10, 10, 2), np.float32)
        for i, k in enumerate(order):
            for p in order[:i]:
                lo[p, k, 0] = -1.0                          # -(lo_k): the counts stacked before k
                hi[p, k, 0] = 1.0
            hi[k, k, 0] = 1.0                               # hi_k = lo_k + count_k
        hi[:, :, 1] = -1.0                                  # - y, times the line's first cell
        lo[:, :, 1] = 1.0                                   # + y
        along = np.zeros((N, 2), np.float32)                # summing weights along the line: all, then first
        along[:, 0] = 1.0
        along[0, 1] = 1.0
        place = np.stack([np.ones(N), np.arange(N) + 0.5], axis=1).astype(np.float32)   # [position, term]
        g = Graph()
        x, a, pl = g.input, g.const(along, name="along"), g.const(place, name="position")
        # operand order matters to ONNX Runtime's Einsum: this one runs in ~2 ms, the natural one in ~100
        eq = "bpqc,qm,pkm,skn,bstc,tn,rm,rn->bkrc" if axis == 2 else "bpcq,qm,pkm,skn,bsct,tn,rm,rn->bkcr"
        k = len(palette)
        if 30 * k < 200:    # a small palette: the tables' palette rows, reached through a [10,K] embedding;
            absent = [c for c in range(10) if c not in palette]     # channels off the palette stay 0
            hi[:, absent], lo[:, absent] = 0, 0
            embed = g.const(np.eye(10, dtype=np.float32)[:, list(palette)], name="palette")
            eq = eq.replace("pkm,skn", "pz,zkm,ykn,sy")             # p -> palette slot z, s -> slot y
            return g.model(g.Einsum(x, a, embed, g.const(hi[list(palette)], name="upper"),
                                    g.const(lo[list(palette)], name="lower"), embed, x, a, pl, pl, equation=eq))
        return g.model(g.Einsum(x, a, g.const(hi, name="upper"), g.const(lo, name="lower"), x, a, pl, pl,
                                equation=eq))

    def build(self, plan):
        axis, _ = DIRS[plan[0]]
        keys = sort_keys(*plan[:2]).astype(np.float32)
        g = Graph()
        key = g.Conv(g.input, g.const(keys.reshape(1, 10, 1, 1), name="sort_key"), name="key")
        ordered, _ = g.TopK(key, g.ints([N], name="k"), axis=axis, largest=0, sorted=1, outputs=2, name="sorted")
        return g.model(g.Equal(ordered, g.const(keys.reshape(1, 10, 1, 1), name="sort_key")))
