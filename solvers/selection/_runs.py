"""Segmented sums along row or column runs, as graphs: the sum of a plane over each run of `gate` cells."""
from __future__ import annotations

import numpy as np


def run_sum(g, v: str, gate: str, axis: int, tag: str) -> str:
    """Each gate cell's sum of `v` over its run of gate cells along `axis` (2: columns, 3: rows); 0 off the
    gate. v: [1,1,s,s] float16, >= 0 and 0 off the gate; gate: the bool plane. The forward and reverse CumSums
    add up to the line's total (plus v), so the run's sum is the line's total less the forward sum at the last
    gap before the run and the reverse sum at the first gap after it (running maxima of the sums at the gaps,
    by one MaxPool each, 30 long: whatever the plane's side); at a gap cell both are its own sums and the
    result is -v = 0."""
    ax = g.const(np.int64(axis), name=f"axis{axis}")
    zero = g.const(np.float16(0), name="zero_f16")
    k = [1, 30] if axis == 3 else [30, 1]
    fwd_pad = [0, 29, 0, 0] if axis == 3 else [29, 0, 0, 0]
    bwd_pad = [0, 0, 0, 29] if axis == 3 else [0, 0, 29, 0]
    total = g.ReduceSum(v, g.const(np.array([axis], np.int64), name=f"axes{axis}"), keepdims=1, name=f"{tag}_total")
    before = g.MaxPool(g.Where(gate, zero, g.CumSum(v, ax, name=f"{tag}_fwd"), name=f"{tag}_fwd_gaps"),
                       kernel_shape=k, pads=fwd_pad, name=f"{tag}_before")
    after = g.MaxPool(g.Where(gate, zero, g.CumSum(v, ax, reverse=1, name=f"{tag}_bwd"), name=f"{tag}_bwd_gaps"),
                      kernel_shape=k, pads=bwd_pad, name=f"{tag}_after")
    return g.Sub(total, g.Add(before, after, name=f"{tag}_outside"), name=f"{tag}_sum")


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

