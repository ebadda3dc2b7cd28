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


def run_prefix_u8(g, v: str, gate: str, axis: int, side: int, tag: str) -> str:
    """`run_prefix` on uint8 planes [1,1,side,side]: the forward sum is a QLinearConv with a side-long kernel of
    ones (padded so each cell sums the line up to it), half the bytes of float16 CumSum planes. Exact while
    every line's running sum stays at most 255 (the convolution saturates there)."""
    k = [1, 1, 1, side] if axis == 3 else [1, 1, side, 1]
    pads = [0, side - 1, 0, 0] if axis == 3 else [side - 1, 0, 0, 0]
    unit, zero = g.const(np.float32(1), name="unit_scale"), g.const(np.uint8(0), name="zero_u8")
    total = g.QLinearConv(v, unit, zero, g.const(np.ones(k, np.uint8), name=f"ones_{axis}"), unit, zero, unit,
                          zero, pads=pads, name=f"{tag}_fwd")
    at_gaps = g.Where(gate, zero, total, name=f"{tag}_fwd_gaps")
    before = g.MaxPool(at_gaps, kernel_shape=k[2:], pads=pads, name=f"{tag}_before")
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

