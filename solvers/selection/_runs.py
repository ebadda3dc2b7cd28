"""Segmented sums along row or column runs, as graphs: the sum of a plane over each run of `gate` cells."""
from __future__ import annotations

import numpy as np


def run_prefix(g, v: str, gate: str, axis: int, tag: str) -> str:
    """Each gate cell's sum of `v` over its run of gate cells along `axis` (2: columns, 3: rows), from the
    run's start up to the cell; 0 off the gate. v: [1,1,s,s] float16, >= 0 and 0 off the gate; gate: the bool
    plane. The forward CumSum less its value at the last gap before the cell: a running maximum (CumSum only
    grows) of the sums at the gaps, one MaxPool 30 long whatever the plane's side."""
    k = [1, 30] if axis == 3 else [30, 1]
    pads = [0, 29, 0, 0] if axis == 3 else [29, 0, 0, 0]
    total = g.CumSum(v, g.const(np.int64(axis), name=f"axis{axis}"), name=f"{tag}_fwd")
    at_gaps = g.Where(gate, g.const(np.float16(0), name="zero_f16"), total, name=f"{tag}_fwd_gaps")
    before = g.MaxPool(at_gaps, kernel_shape=k, pads=pads, name=f"{tag}_before")
    return g.Sub(total, before, name=f"{tag}_sum")


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

