"""Segmented sums along row or column runs, as graphs: the sum of a plane over each run of `gate` cells."""
from __future__ import annotations

import numpy as np


def run_sum(g, v: str, gate: str, s: int, axis: int, tag: str) -> str:
    """Each gate cell's sum of `v` over its run of gate cells along `axis` (2: columns, 3: rows); 0 off the
    gate. v and gate are [1,C,s,s] floats (gate 0/1, v 0 off the gate): forward and reverse CumSum, each less
    the sum it had reached at the last gap cell before (a 1xs / sx1 MaxPool over the sums at the gaps)."""
    gap = g.Sub(g.const(np.float32(1.0)), gate, name=f"{tag}_gap")
    ax = g.const(np.int64(axis), name=f"axis{axis}")
    k = [1, s] if axis == 3 else [s, 1]
    fwd_pad = [0, s - 1, 0, 0] if axis == 3 else [s - 1, 0, 0, 0]
    bwd_pad = [0, 0, 0, s - 1] if axis == 3 else [0, 0, s - 1, 0]
    fwd = g.CumSum(v, ax, name=f"{tag}_fwd")
    bwd = g.CumSum(v, ax, reverse=1, name=f"{tag}_bwd")
    fwd_reset = g.MaxPool(g.Mul(fwd, gap, name=f"{tag}_fwd_gaps"), kernel_shape=k, pads=fwd_pad,
                          name=f"{tag}_fwd_reset")
    bwd_reset = g.MaxPool(g.Mul(bwd, gap, name=f"{tag}_bwd_gaps"), kernel_shape=k, pads=bwd_pad,
                          name=f"{tag}_bwd_reset")
    total = g.Sub(g.Add(g.Sub(fwd, fwd_reset), g.Sub(bwd, bwd_reset)), v, name=f"{tag}_both")
    return g.Mul(total, gate, name=f"{tag}_sum")


def runs_np(mask: np.ndarray, axis: int) -> np.ndarray:
    """numpy: each True cell's run length along `axis` (0 off the mask)."""
    m = np.moveaxis(mask, axis, -1)
    out = np.zeros(m.shape, int)
    for idx in np.ndindex(m.shape[:-1]):
        line, n = m[idx], m.shape[-1]
        c = 0
        while c < n:
            if line[c]:
                e = c
                while e < n and line[e]:
                    e += 1
                out[idx][c:e] = e - c
                c = e
            else:
                c += 1
    return np.moveaxis(out, -1, axis)

