"""Colour span fill: every colour fills the gap between its own cells along rows and/or columns.

Unlike rays_between (one mark colour, one paint colour), each colour paints its own span, so shapes
of any colour close up (V shapes become filled triangles). Per colour channel, "a cell of mine at or
left of me" is an int8 MaxPool with a full-width kernel; the span is Min(before, after). Background
is what the input had where no span covers it, so one Concat assembles the output; fixed-size grids
are cropped first so every tensor is grid-sized.

One-axis variant (`einsum`; `einsum_crop` for a fixed length n: an [n,n] triangle between [30,n] crops): for
any grid, a single Einsum writes the output. Per channel, L (cells of
that colour at or before a cell along the axis) and R (at or after) come from one [30,30] triangular
matrix used both ways, and the channel's answer is L*R, which is positive exactly on the colour's span;
the black channel subtracts 256 x (sum of the colours' L*R) from its own L*R (at most 15 x 15), so it
stays positive only on black cells no span covers. Cells outside the grid have R = 0 everywhere.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import N, fixed_shape, same_shape

AXES = {"rows": (1,), "cols": (0,), "both": (0, 1)}


def _seen(mask, axis, reverse):
    m = np.flip(mask, axis) if reverse else mask
    r = np.maximum.accumulate(m, axis=axis)
    return np.flip(r, axis) if reverse else r


def span_fill(grid: np.ndarray, axes: str) -> np.ndarray | None:
    """Each non-zero colour spans between its cells; None when two colours' spans collide."""
    out = grid.copy()
    painted = np.zeros(grid.shape, dtype=np.int64)
    for c in range(1, 10):
        m = grid == c
        if not m.any():
            continue
        span = np.zeros(grid.shape, dtype=bool)
        for ax in AXES[axes]:
            span |= _seen(m, ax, False) & _seen(m, ax, True)
        painted += span
        out[span] = c
    if (painted > 1).any():
        return None
    return out


class ColourSpanFill(Solver, name="colour_span_fill", tasks=("task041", "task045", "task356"), refuses="task360",
                     aliases=("c2_span_fill",)):
    """Same-shape grids where each colour fills the gaps between its own cells on the same row and/or column (shapes of
    every colour closed up in their own colour)."""

    def plans(self, examples):
        """(axes, the one input shape or None); a shape lets the graph crop to it."""
        if same_shape(examples) and not all(np.array_equal(i, o) for i, o in examples):
            yield from ((axes, fixed_shape(examples)) for axes in AXES)

    def rule(self, plan, grid):
        axes, shape = plan
        if shape is not None and (grid.shape[0] > shape[0] or grid.shape[1] > shape[1]):
            return None      # the graph crops to the fitted shape
        return span_fill(grid, axes)

    def candidates(self, examples):
        plan = self.fit(examples)
        if plan is None:
            return
        axes, shape = plan
        if axes != "both":
            yield self.name + ":einsum", self.build_einsum(axes)
            n = None if shape is None else shape[1] if axes == "rows" else shape[0]
            if n is not None and n < N:
                yield self.name + ":einsum_crop", self.build_einsum(axes, n)
        if shape is not None:
            yield self.name + "_crop", self.build(plan)
        yield self.name, self.build((axes, None))

    def build_einsum(self, axes, n=None):
        """The one-Einsum graph for one axis (see the module docstring). With the grids' length n along the
        axis (a fixed shape; the rule answers None past it), the [30,30] triangle is an [n,n] one between an
        [30,n] crop, used again to place the n lines back on the canvas: 30n + n^2 values, not 900."""
        g = Graph()
        mix = np.eye(10, dtype=np.float32)
        mix[0, 1:] = -256.0
        black = g.const(mix, name="black_minus_spans")
        if n is not None:
            crop = g.const(np.eye(N, n, dtype=np.float32), name="grid_lines")                  # [30, n]
            upto = g.const(np.triu(np.ones((n, n), np.float32)), name="at_or_before")        # [t, u]: t <= u
            eq = ("nkyp,pt,tu,nkyq,qs,us,xu,ck->ncyx" if axes == "rows" else
                  "nkpx,pt,tu,nkqx,qs,us,yu,ck->ncyx")
            return g.model(g.Einsum(g.input, crop, upto, g.input, crop, upto, crop, black, equation=eq))
        upto = g.const(np.triu(np.ones((30, 30), np.float32)), name="at_or_before")    # [p, x]: p <= x
        eq = "nkyp,px,nkyq,xq,ck->ncyx" if axes == "rows" else "nkpx,py,nkqx,yq,ck->ncyx"
        return g.model(g.Einsum(g.input, upto, g.input, upto, black, equation=eq))

    def build(self, plan):
        axes, shape = plan
        h, w = shape if shape is not None else (30, 30)
        g = Graph()
        grid = g.Slice(g.input, g.ints([0, 0, 0]), g.ints([10, h, w]), g.ints([1, 2, 3]), name="grid_f")
        cells = g.Cast(grid, to=3, name="cells")                          # int8 [1,10,h,w]
        colours = g.Slice(cells, g.ints([1]), g.ints([10]), g.ints([1]), name="colours")
        spans = []
        for ax in AXES[axes]:
            n = h if ax == 0 else w
            k = [n, 1] if ax == 0 else [1, n]
            before = [n - 1, 0, 0, 0] if ax == 0 else [0, n - 1, 0, 0]
            after = [0, 0, n - 1, 0] if ax == 0 else [0, 0, 0, n - 1]
            a = g.MaxPool(colours, kernel_shape=k, pads=before, name="seen_before")
            b = g.MaxPool(colours, kernel_shape=k, pads=after, name="seen_after")
            spans.append(g.Min(a, b, name="span"))
        span = spans[0] if len(spans) == 1 else g.Max(*spans, name="span_any")
        covered = g.ReduceMax(span, axes=[1], keepdims=1, name="covered")
        bg_in = g.Slice(cells, g.ints([0]), g.ints([1]), g.ints([1]), name="bg_in")
        background = g.Cast(g.Greater(bg_in, covered, name="bg_left"), to=3, name="background")
        out = g.Concat(background, span, axis=1, name="out_grid")
        if shape is None:
            return g.model(out)
        return g.model(g.Pad(out, g.ints([0, 0, 0, 0, 0, 0, 30 - h, 30 - w])))
