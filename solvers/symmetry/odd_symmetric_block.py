"""Odd symmetric block: the input is k equal blocks side by side (or stacked); the output is the one
block that has (or lacks) a symmetry: transpose, anti-transpose, left-right, up-down or half turn.

Constant [block, line in block, canvas line] maps (plain and mirrored, each a block indicator times a
line-in-block map) cut the blocks out of `input` inside the Einsums: one gives each block's agreement with its mirror image (the mirror inside the
subscripts for a transpose), so "symmetric" is agreement == block area, and one Einsum with the 0/1
block weights writes the chosen block straight into the output.
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
        """Nothing but the picked-block weights is stored: constant [block, line in block, canvas line] maps
        (plain and mirrored) let one Einsum compare every block of `input` with its mirror image, and one
        Einsum with the 0/1 block weights and the maps writes the chosen block into the output."""
        (h, w), axis, k, sym, want = plan
        g = Graph()
        bh, bw = (h // k, w) if axis == 0 else (h, w // k)

        def lines(n, blocks, flip):
            """The operands that map (line in block) to canvas line: along the split axis a [block, canvas line]
            block indicator times a [line, canvas line] map of the line within its block (canvas line mod n),
            whose product is the [block, line, canvas line] map in (k + n) x 30 values instead of k n 30; along
            the other axis one [line, canvas line] map."""
            m = np.zeros((n, 30), np.float32)
            for c in range(k * n if blocks else n):
                i = c % n
                m[n - 1 - i if flip else i, c] = 1
            line_map = g.const(m, name=("mirror" if flip else "plain") + ("_block_lines" if blocks else "_lines"))
            if not blocks:
                return [line_map]
            block_of = np.zeros((k, 30), np.float32)
            for b in range(k):
                block_of[b, b * n:(b + 1) * n] = 1
            return [g.const(block_of, name="block_of"), line_map]

        def sub(line, canvas, blocks):
            return ("k" + canvas + "," if blocks else "") + line + canvas

        rb, cb = axis == 0, axis == 1
        rows, cols, frows, fcols = lines(bh, rb, False), lines(bw, cb, False), lines(bh, rb, True), lines(bw, cb, True)
        if sym in ("t", "at"):       # bh == bw: the image's row i is read from column i of the block
            src = (rows, cols) if sym == "t" else (frows, fcols)
            image = src
            img_sub = f"{sub('j', 'T', rb)},{sub('i', 'U', cb)}"
        else:
            image = {"lr": (rows, fcols), "ud": (frows, cols), "rot": (frows, fcols)}[sym]
            img_sub = f"{sub('i', 'T', rb)},{sub('j', 'U', cb)}"
        own = f"{sub('i', 'R', rb)},{sub('j', 'S', cb)}"
        agree = g.Einsum(g.input, *rows, *cols, g.input, *image[0], *image[1],
                         equation=f"bcRS,{own},bcTU,{img_sub}->k", name="agreement")                 # [k]
        sym_b = g.Equal(agree, g.const(np.float32(bh * bw), name="area"), name="symmetric")
        if not want:
            sym_b = g.Not(sym_b, name="asymmetric")
        weight = g.Cast(sym_b, to=1, name="pick")
        place_r, place_c = np.eye(bh, 30, dtype=np.float32), np.eye(bw, 30, dtype=np.float32)
        return g.model(g.Einsum(g.input, *rows, *cols, weight, g.const(place_r, name="place_rows"),
                                g.const(place_c, name="place_cols"), equation=f"bcRS,{own},k,iI,jJ->bcIJ"))
