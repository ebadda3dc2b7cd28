"""Periodic completion: cells of a mask colour are filled by translating the grid onto itself.

A translation s is "valid" for a grid when every pair of known (non-mask) cells it maps onto each
other agree in colour and they overlap in more than a fraction T of the known cells; a masked cell
takes the colour that the valid translations bring onto it. The period is found per grid, inside
the graph, so grids with different periods (or phases) are handled alike.

Graph: one 1x1 Conv maps the input to three per-cell planes [kn*v^2, kn, kn*v] (kn: known,
v: colour index) and another to [kn, kn*v^2 - kn/1024, -2 kn*v]; a Conv of the first by the second
(the second used as a 30x30 kernel, pads D) gives, for every shift |dy|,|dx| <= D,
    S(s) = sum kn kn' (v' - v)^2 - overlap(s)/1024,
negative exactly when s is conflict-free; valid = S(s) < T * S(0). The valid map, broadcast to
the ten colours (mask colour zeroed), is the kernel of a grouped Conv that counts, per colour, the
valid translations bringing that colour onto each cell; Where(mask cell, counts, input) writes the
output.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from . import Solver
from ._local_util import same_shape

FRACTIONS = (0.1, 0.2)


def _corr(a: np.ndarray, b: np.ndarray, D: int) -> np.ndarray:
    """out[dy+D, dx+D] = sum_p a[p] * b[p+s] for |dy|,|dx| <= D (exact integers, by FFT)."""
    n = 64
    fa = np.fft.rfft2(a, (n, n))
    fb = np.fft.rfft2(b, (n, n))
    full = np.rint(np.fft.irfft2(np.conj(fa) * fb, (n, n))).astype(np.int64)
    idx = np.arange(-D, D + 1) % n
    return full[np.ix_(idx, idx)]


def complete(grid: np.ndarray, mask: int, frac: float, D: int) -> np.ndarray | None:
    kn = (grid != mask).astype(np.float64)
    v = np.where(grid != mask, grid, 0).astype(np.float64)
    conf = _corr(kn, kn * v * v, D) + _corr(kn * v * v, kn, D) - 2 * _corr(kn * v, kn * v, D)
    ov = _corr(kn, kn, D)
    valid = (conf == 0) & (ov > frac * kn.sum())
    h, w = grid.shape
    counts = np.zeros((10, h, w), dtype=np.int64)
    pad = np.zeros((10, h + 2 * D, w + 2 * D), dtype=np.int64)
    for c in range(10):
        if c != mask:
            pad[c, D:D + h, D:D + w] = grid == c
    for dy, dx in zip(*np.nonzero(valid)):
        counts += pad[:, dy:dy + h, dx:dx + w]
    on = counts > 0
    holes = grid == mask
    if np.any(on.sum(0)[holes] != 1):
        return None
    out = grid.copy()
    out[holes] = on.argmax(0)[holes]
    return out


class Periodic(Solver):
    name = "periodic_fill"
    description = ("same-shape grids where cells of one mask colour hide part of a periodic (tiled) "
                   "pattern and are filled from the period found in each grid")
    fit_splits = ("train", "arc-gen")

    def fit(self, examples):
        if not same_shape(examples):
            return None
        changed = np.concatenate([i[i != o] for i, o in examples])
        if changed.size == 0 or np.any(changed != changed[0]):
            return None
        mask = int(changed[0])
        if any(np.any(o == mask) or not np.array_equal(i == mask, i != o) for i, o in examples):
            return None
        sample = examples[:24]            # the pipeline checks every example; this bounds fit time
        held = examples[24::4]            # the reach D (plus a margin of 3) must hold on these too
        for frac in FRACTIONS:
            for D in (6, 9, 12, 15, 20):
                if all(np.array_equal(complete(i, mask, frac, D), o) for i, o in sample):
                    reach = min(29, D + 3)
                    if all(np.array_equal(complete(i, mask, frac, reach), o) for i, o in held):
                        return mask, frac, reach
        return None

    def build(self, plan):
        mask, frac, D = plan
        g = Graph()
        colour = np.arange(10, dtype=np.float32)
        known = (colour != mask).astype(np.float32)
        planes = np.stack([known * colour ** 2, known, known * colour])            # [3, 10]
        kernel = np.stack([known, known * colour ** 2 - known / 1024, -2 * known * colour])
        X = g.Conv(g.input, g.const(planes[:, :, None, None], name="planes_w"), kernel_shape=[1, 1],
                   name="planes")
        K = g.Conv(g.input, g.const(kernel[:, :, None, None], name="kernel_w"), kernel_shape=[1, 1],
                   name="kernel_planes")
        S = g.Conv(X, K, kernel_shape=[30, 30], pads=[D, D, D, D], name="shift_score")  # [1,1,2D+1,2D+1]
        centre = g.Slice(S, g.ints([D, D]), g.ints([D + 1, D + 1]), g.ints([2, 3]), name="self_score")
        limit = g.Mul(centre, g.floats([frac]), name="limit")
        valid = g.Cast(g.Less(S, limit, name="valid_b"), to=1, name="valid")
        keep = known.reshape(10, 1, 1, 1)
        W = g.Mul(valid, g.const(keep, name="keep"), name="fill_kernel")          # [10,1,k,k]
        counts = g.Conv(g.input, W, kernel_shape=[2 * D + 1, 2 * D + 1], pads=[D, D, D, D], group=10,
                        name="counts")
        hole = g.Cast(g.Slice(g.input, g.ints([mask]), g.ints([mask + 1]), g.ints([1]), name="mask_f"),
                      to=9, name="hole")
        return g.model(g.Where(hole, counts, g.input))
