"""Cells of a mask colour hide part of a periodic pattern; each takes the colour that the grid's valid
self-translations bring onto it. A translation is valid when the known cells it maps onto each other agree
and overlap in more than a fraction of them; the period is found per grid, in the graph.

Graph: for every shift |dy|,|dx| <= D, Convs with run-time kernels count the known pairs (p, p+s) (the
known plane with itself) and the pairs of one known colour (the input with itself, all ten channels at
once, less the mask plane with itself); s is valid when the two agree and the overlap is large enough.
The valid map is then the kernel of two Convs that sum count and colour over the valid shifts onto every
cell, and colour = sum / count. No per-colour plane is ever held: the input is its own kernel.

Fixed-canvas variant (`:fixed<H>x<W>`), where every input is the generator's whole canvas H x W: the known,
mask and colour planes are read straight onto the H x W corner (a Conv whose only tap is dilated past the
rest of the 30x30 input), so there are no off-grid cells to push out; the mean colour (exact: every valid
shift brings the same one) is cast to a uint8 code, padded to 30x30 with 0 (no colour) and decoded by one
Equal.

Half variant (`:fixed<H>x<W>:f16`): the same fixed-canvas graph on float16 planes. One float32 plane (colour + 1,
0 under the mask) is cast once; known = Min(it, 1) and mask = 1 - known (the canvas is all grid). Every count is
a small integer exact below 2048: pair counts up to H*W = 841; colour sums up to 10 x the valid shifts, which the
generator's patterns (period 2 or more on both axes) keep to 13 x 13 within reach 12. Only the ten-channel
same-colour pair count is taken in float32 and cast.
"""
from __future__ import annotations

import numpy as np
from onnx import TensorProto

from neurogolf.graph import Graph

from .. import Solver, corner_extent
from .._common_grids import N, fixed_shape, reproduces, same_shape

FRACTIONS = (0.1, 0.2)
REACHES = (6, 9, 12, 15, 20)            # the largest shift |dy|, |dx| tried


def _corr(a: np.ndarray, b: np.ndarray, D: int) -> np.ndarray:
    """out[dy+D, dx+D] = sum_p a[p] * b[p+s] for |dy|,|dx| <= D (exact integers, by FFT)."""
    n = 64
    fa = np.fft.rfft2(a, (n, n))
    fb = np.fft.rfft2(b, (n, n))
    full = np.rint(np.fft.irfft2(np.conj(fa) * fb, (n, n))).astype(np.int64)
    idx = np.arange(-D, D + 1) % n
    return full[np.ix_(idx, idx)]


def complete(grid: np.ndarray, mask: int, frac: float, D: int) -> np.ndarray | None:
    """Masked cells take the mean colour the valid shifts bring (None where that is not one colour)."""
    kn = (grid != mask).astype(np.float64)
    v = np.where(grid != mask, grid, 0).astype(np.float64)
    conf = _corr(kn, kn * v * v, D) + _corr(kn * v * v, kn, D) - 2 * _corr(kn * v, kn * v, D)
    ov = _corr(kn, kn, D)
    valid = (conf == 0) & (ov > frac * kn.sum())
    h, w = grid.shape
    count = np.zeros((h, w))
    total = np.zeros((h, w))
    pk = np.zeros((h + 2 * D, w + 2 * D))
    pv = np.zeros((h + 2 * D, w + 2 * D))
    pk[D:D + h, D:D + w] = kn
    pv[D:D + h, D:D + w] = kn * (v + 1)
    for dy, dx in zip(*np.nonzero(valid)):
        count += pk[dy:dy + h, dx:dx + w]
        total += pv[dy:dy + h, dx:dx + w]
    holes = grid == mask
    if np.any(count[holes] == 0):
        return None
    ratio = total[holes] / count[holes]
    if np.any(ratio != np.round(ratio)):
        return None
    out = grid.copy()
    out[holes] = ratio.astype(np.int64) - 1
    return out


class PeriodicFill(Solver, name="periodic_fill", tasks=("task017", "task061", "task110", "task305"),
                   refuses="task171", fit_splits=("train", "arc-gen")):
    """Same-shape grids where cells of one mask colour hide part of a periodic (tiled) pattern and are filled from the
    period found in each grid."""

    def plans(self, examples):
        """(mask colour, overlap fraction, reach) for the one colour that every changed cell had."""
        if not same_shape(examples):
            return
        changed = np.concatenate([i[i != o] for i, o in examples])
        if changed.size == 0 or np.any(changed != changed[0]):
            return
        mask = int(changed[0])
        if any(np.any(o == mask) or not np.array_equal(i == mask, i != o) for i, o in examples):
            return
        for frac in FRACTIONS:
            for reach in REACHES:
                yield mask, frac, reach

    def rule(self, plan, grid):
        return complete(grid, *plan)

    def fit(self, examples):
        """The first plan that reproduces a sample of the examples, its reach then widened by a margin of 3
        that must hold on some further examples too (the pipeline checks them all; the sample bounds fit
        time, the margin keeps the fit from resting on the shortest reach that just works)."""
        sample, held = examples[:24], examples[24::4]
        for mask, frac, reach in self.plans(examples):
            wide = (mask, frac, min(29, reach + 3))
            if reproduces(lambda grid: complete(grid, mask, frac, reach), sample) and \
                    reproduces(lambda grid: self.rule(wide, grid), held):
                return wide
        return None

    def candidates(self, examples):
        plan = self.fit(examples)
        if plan is None:
            return
        yield self.name, self.build(plan)
        shape = fixed_shape(examples)
        if shape is not None and shape == corner_extent(examples) and max(shape) < N:
            yield f"{self.name}:fixed{shape[0]}x{shape[1]}", self.build(plan, shape)
            yield f"{self.name}:fixed{shape[0]}x{shape[1]}:f16", self.build_half(plan, shape)

    def build_half(self, plan, canvas):
        """The fixed-canvas graph on float16 planes read off one colour plane (see the module docstring)."""
        mask, frac, D = plan
        g = Graph()
        colour = np.arange(1, 11, dtype=np.float32)
        known = (np.arange(10) != mask).astype(np.float32)
        tap = np.zeros((1, 10, 2, 2), np.float32)
        tap[0, :, 0, 0] = known * colour
        code32 = g.Conv(g.input, g.const(tap, name="known_colour_w"), dilations=[N - canvas[0], N - canvas[1]],
                        name="known_colour32")                                  # colour + 1, 0 under the mask
        code = g.Cast(code32, to=TensorProto.FLOAT16, name="known_colour")
        one = g.const(np.float16(1), name="one_h")
        kn = g.Min(code, one, name="known")
        masked = g.Sub(one, kn, name="mask_cells")                             # the canvas is all grid
        pads = [D, D, D, D]
        overlap = g.Conv(kn, kn, pads=pads, name="overlap")
        same = g.Cast(g.Conv(g.input, g.input, pads=pads, name="same_colour_pairs32"), to=TensorProto.FLOAT16,
                      name="same_colour_pairs")
        with_mask = g.Add(overlap, g.Conv(masked, masked, pads=pads, name="mask_pairs"), name="known_or_mask_pairs")
        centre = g.Slice(overlap, g.ints([D, D]), g.ints([D + 1, D + 1]), g.ints([2, 3]), name="known_cells")
        valid = g.Cast(g.And(g.Equal(with_mask, same, name="conflict_free"),
                             g.Greater(overlap, g.Mul(centre, g.const(np.float16(frac), name="frac"), name="limit"),
                                       name="enough_overlap"), name="valid_b"), to=TensorProto.FLOAT16, name="valid")
        count = g.Conv(kn, valid, pads=pads, name="count")
        total = g.Conv(code, valid, pads=pads, name="colour_sum")
        out = g.Cast(g.Div(total, count, name="mean_colour"), to=TensorProto.UINT8, name="code")
        out = g.Pad(out, g.ints([0, 0, 0, 0, 0, 0, N - canvas[0], N - canvas[1]], name="to_canvas"), name="code_canvas")
        return g.model(g.Equal(out, g.const(colour.astype(np.uint8).reshape(1, 10, 1, 1), name="colours")))

    def build(self, plan, canvas=None):
        """The graph on the 30x30 input, or with `canvas` (H, W) on that corner, every input filling it."""
        mask, frac, D = plan
        g = Graph()
        colour = np.arange(1, 11, dtype=np.float32)          # colour index + 1: 0 means unknown
        known = (np.arange(10) != mask).astype(np.float32)

        def plane(weights, name):
            """[1,1,30,30], or [1,1,H,W] on the canvas: one tap at (0, 0), the other dilated off the corner."""
            if canvas is None:
                return g.Conv(g.input, g.const(np.asarray(weights, np.float32).reshape(1, 10, 1, 1),
                                               name=f"{name}_w"), name=name)
            tap = np.zeros((1, 10, 2, 2), np.float32)
            tap[0, :, 0, 0] = weights
            return g.Conv(g.input, g.const(tap, name=f"{name}_w"), dilations=[N - canvas[0], N - canvas[1]],
                          name=name)
        pads = [D, D, D, D]
        # per shift s (|dy|, |dx| <= D): known pairs (p, p+s), and pairs of one colour (the input correlated
        # with itself, every channel; less the mask colour's own pairs)
        kn = plane(known, "known")
        overlap = g.Conv(kn, kn, pads=pads, name="overlap")                                      # [1,1,2D+1,2D+1]
        if canvas is None:
            masked = g.Slice(g.input, g.ints([mask]), g.ints([mask + 1]), g.ints([1]), name="mask_cells")
        else:
            masked = plane(np.arange(10) == mask, "mask_cells")
        same = g.Conv(g.input, g.input, pads=pads, name="same_colour_pairs")
        # no known pair of two colours: every known pair is a same-colour pair that is not a mask pair
        with_mask = g.Add(overlap, g.Conv(masked, masked, pads=pads, name="mask_pairs"), name="known_or_mask_pairs")
        centre = g.Slice(overlap, g.ints([D, D]), g.ints([D + 1, D + 1]), g.ints([2, 3]), name="known_cells")
        valid = g.Cast(g.And(g.Equal(with_mask, same, name="conflict_free"),
                             g.Greater(overlap, g.Mul(centre, g.floats([frac], name="frac"), name="limit"),
                                       name="enough_overlap"), name="valid_b"), to=1, name="valid")
        # per cell: known cells and their colours brought by the valid shifts (the kernel is the valid map)
        count = g.Conv(kn, valid, pads=pads, name="count")
        total = g.Conv(plane(known * colour, "known_colour"), valid, pads=pads, name="colour_sum")
        if canvas is not None:
            code = g.Cast(g.Div(total, count, name="mean_colour"), to=TensorProto.UINT8, name="code")
            code = g.Pad(code, g.ints([0, 0, 0, 0, 0, 0, N - canvas[0], N - canvas[1]], name="to_canvas"),
                         name="code_canvas")
            return g.model(g.Equal(code, g.const(colour.astype(np.uint8).reshape(1, 10, 1, 1), name="colours")))
        # the identity shift is valid, so known cells read their own colour; cells outside the grid
        # are pushed out of 1..10 (and 0/0 = NaN matches nothing)
        outside = g.Conv(g.input, g.const(-100 * np.ones((1, 10, 1, 1), np.float32), name="out_w"),
                         g.floats([100.0]), kernel_shape=[1, 1], name="outside")
        value = g.Add(g.Div(total, count, name="mean_colour"), outside, name="value")
        return g.model(g.Equal(value, g.const(colour.reshape(1, 10, 1, 1), name="colours")))
