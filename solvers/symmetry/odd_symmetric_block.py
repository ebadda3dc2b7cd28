"""Odd symmetric block: the input is k equal blocks side by side (or stacked); the output is the one
block that has (or lacks) a symmetry: transpose, anti-transpose, left-right, up-down or half turn.

The blocks are a Reshape of the grid; each block's agreement with its mirror image is one Einsum
(the mirror inside the subscripts for a transpose, a step -1 Slice for flips), so "symmetric" is
agreement == block area, and one Einsum with the 0/1 block weights writes the chosen block.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import fixed_shape

SYMS = {"t": lambda b: b.T, "at": lambda b: b[::-1, ::-1].T, "lr": lambda b: b[:, ::-1],
        "ud": lambda b: b[::-1], "rot": lambda b: b[::-1, ::-1]}


class OddSymmetricBlock(Solver, name="odd_symmetric_block", tasks=("task146",), refuses="task316",
                        aliases=("c2_odd_symmetry",)):
    """The input is k equal blocks in a row or column; the output is the single block that is (or is not) symmetric
    (transpose, anti-transpose, mirror or half turn)."""

    def plans(self, examples):
        shape = fixed_shape(examples)
        oshapes = {o.shape for _, o in examples}
        if shape is None or len(oshapes) != 1:
            return
        (h, w), (oh, ow) = shape, oshapes.pop()
        if w == ow and h % oh == 0 and h > oh:
            axis, k = 0, h // oh
        elif h == oh and w % ow == 0 and w > ow:
            axis, k = 1, w // ow
        else:
            return
        for sym in SYMS:
            if sym in ("t", "at") and oh != ow:
                continue
            for want in (True, False):
                yield (h, w), axis, k, sym, want

    def rule(self, plan, grid):
        shape, axis, k, sym, want = plan
        if grid.shape != shape:
            return None
        blocks = np.split(grid, k, axis=axis)
        picked = [b for b in blocks if np.array_equal(b, SYMS[sym](b)) == want]
        return picked[0] if len(picked) == 1 else None

    def build(self, plan):
        (h, w), axis, k, sym, want = plan
        g = Graph()
        grid = g.Slice(g.input, g.ints([0, 0]), g.ints([h, w]), g.ints([2, 3]), name="grid")
        bh, bw = (h // k, w) if axis == 0 else (h, w // k)
        # axis 0: [1,10,k,bh,bw] (b c k h w); axis 1: [1,10,bh,k,bw] (b c h k w)
        shape = [1, 10, k, bh, bw] if axis == 0 else [1, 10, bh, k, bw]
        sub = "bckhw" if axis == 0 else "bchkw"
        parts = g.Reshape(grid, g.ints(shape), name="blocks")
        hax, wax = sub.index("h"), sub.index("w")
        if sym == "t":
            other, osub = parts, sub.replace("h", "H").replace("w", "h").replace("H", "w")
        else:
            flip_axes = {"lr": [wax], "ud": [hax], "rot": [hax, wax], "at": [hax, wax]}[sym]
            n = len(flip_axes)
            other = g.Slice(parts, g.ints([-1] * n), g.ints([-10**9] * n), g.ints(flip_axes), g.ints([-1] * n),
                            name="mirrored")
            osub = sub if sym != "at" else sub.replace("h", "H").replace("w", "h").replace("H", "w")
        agree = g.Einsum(parts, other, equation=f"{sub},{osub}->k", name="agreement")          # [k]
        sym_b = g.Equal(agree, g.const(np.float32(bh * bw), name="area"), name="symmetric")
        if not want:
            sym_b = g.Not(sym_b, name="asymmetric")
        weight = g.Cast(sym_b, to=1, name="pick")
        out = g.Einsum(parts, weight, equation=f"{sub},k->bchw", name="chosen")
        return g.model(g.Pad(out, g.ints([0, 0, 0, 0, 0, 0, 30 - bh, 30 - bw])))
