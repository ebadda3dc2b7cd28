"""Block pattern downscale: one colour draws an n x n pattern of solid k x k blocks (k varies), another colour is
scattered as noise; the output is the pattern at block resolution, painted in the noise colour.

The block colour is the one with the most full 2x2 windows (noise cells rarely fill one); the pattern's
box spans n blocks each way, so k = box height / n and the pattern is read at rows r0 + i*k, columns
c0 + j*k.

Graph: the per-colour full-window count is one Einsum over four copies of the input and a [30,30]
shift matrix (a [1,10] result); Equal with its max selects the block colour, the other present colour
is the paint. The box's first and last row / column (ArgMax of one-byte presence profiles) give the block size;
one GridSample (`sample_lines`) reads each block's first cell, an Einsum with the block colour is the pattern
[1,1,n,n] (2 on it, 0 off it); one byte a cell, it is decoded by one QLinearConv padding to the canvas with weights
+1 on the paint colour and -1 on black (`decode_signed`).
"""
from __future__ import annotations

import numpy as np
from onnx import TensorProto

from neurogolf.graph import Graph

from .. import Solver
from ..local._code_decode import decode_signed
from ..selection._sample_grid import sample_lines
from .._common_grids import fixed_out_shape


def full_windows(grid, c):
    m = (grid == c).astype(int)
    return int((m[:-1, :-1] * m[1:, :-1] * m[:-1, 1:] * m[1:, 1:]).sum())


def downscale(grid, n):
    wins = [full_windows(grid, c) if c else -1 for c in range(10)]
    block = int(np.argmax(wins))
    if wins.count(wins[block]) > 1 or wins[block] <= 0:
        return None
    paint = [c for c in range(1, 10) if c != block and (grid == c).any()]
    if len(paint) != 1:
        return None
    rows, cols = np.nonzero(grid == block)
    r0, r1, c0, c1 = rows.min(), rows.max() + 1, cols.min(), cols.max() + 1
    if (r1 - r0) % n or (c1 - c0) % n or r1 - r0 != c1 - c0:
        return None
    k = (r1 - r0) // n
    return np.where(grid[r0:r1:k, c0:c1:k] == block, paint[0], 0)


class BlockPatternDownscale(Solver, name="block_pattern_downscale", tasks=("task134",), refuses="task104",
                            aliases=("c7_block_down",)):
    """A pattern drawn in k x k blocks of one colour amid noise of another -> the pattern at block resolution (n x n)
    painted in the noise colour."""

    def plans(self, examples):
        shape = fixed_out_shape(examples)
        if shape is not None and shape[0] == shape[1] >= 2:
            yield {"n": shape[0]}

    def rule(self, plan, grid):
        return downscale(grid, plan["n"])

    def build(self, plan):
        g = Graph()
        n = plan["n"]
        shift = g.const(np.eye(30, k=1, dtype=np.float32), name="next_line")      # [a, a+1] = 1
        # operand order matters to onnxruntime, which contracts left to right: this one runs ~40x faster
        # than "bchw,bchv,bcgw,bcgv,hg,wv" (same result, same tensors)
        windows = g.Einsum(shift, g.input, g.input, shift, g.input, g.input,
                           equation="hg,bchw,bcgw,wv,bchv,bcgv->bc", name="full_windows")          # [1,10]
        not_bg = np.ones((1, 10), np.float32)
        not_bg[0, 0] = 0
        windows = g.Mul(windows, g.const(not_bg, name="not_background"), name="fg_windows")
        block = g.Cast(g.Equal(windows, g.ReduceMax(windows, axes=[1], keepdims=1, name="most_windows"),
                               name="is_block"), to=1, name="block")                                 # [1,10]
        present = g.ReduceMax(g.input, axes=[2, 3], keepdims=0, name="present")                       # [1,10]
        paint = g.Sub(g.Mul(present, g.const(not_bg, name="not_background"), name="fg_present"), block,
                      name="paint")

        one = g.const(np.float32(1), name="one")
        half = g.const(np.float32(0.5), name="half")

        def sampler(equation, tag):
            count = g.Cast(g.Greater(g.Einsum(g.input, block, equation=equation, name=f"{tag}_count"), half,
                                     name=f"{tag}_has_b"), to=TensorProto.UINT8, name=f"{tag}_has")  # [1,30]
            first = g.Cast(g.ArgMax(count, axis=1, keepdims=1, name=f"{tag}_first_i"), to=1, name=f"{tag}_first")
            last = g.Cast(g.ArgMax(count, axis=1, keepdims=1, select_last_index=1, name=f"{tag}_last_i"), to=1,
                          name=f"{tag}_last")
            return first, last

        r0, r1 = sampler("bchw,bc->bh", "row")
        c0, _ = sampler("bchw,bc->bw", "col")
        k = g.Div(g.Add(g.Sub(r1, r0, name="span"), one, name="side"), g.const(np.float32(n), name="n"),
                  name="block_side")                                                                   # [1,1]

        def lines(start, shape, tag):
            """Block i's first line: start + i k, shaped for `sample_lines`."""
            steps = g.const(np.arange(n, dtype=np.float32).reshape(shape), name=f"{tag}_blocks")
            return g.Add(g.Mul(steps, k, name=f"{tag}_offsets"), start, name=f"{tag}_at")

        cells = sample_lines(g, lines(r0, (1, n, 1, 1), "row"), lines(c0, (1, 1, n, 1), "col"))      # [1,10,n,n]
        pattern = g.Einsum(cells, block, g.const(np.float32([2]), name="two"), equation="bcij,bc,z->bzij",
                           name="pattern")                                                  # [1,1,n,n] 2 / 0
        # one byte a cell (2 on the pattern, 0 off it), decoded by one QLinearConv padding to the canvas: it
        # reads the plane less 1, times +1 on the paint colour and -1 on black (`decode_signed`)
        plane = g.QuantizeLinear(pattern, g.const(np.float32(1), name="unit_scale"),
                                 g.const(np.uint8(0), name="zero_u8"), name="pattern_u8")
        signs = g.Sub(paint, g.const(np.eye(10, dtype=np.float32)[:1], name="black"), name="colour_signs")  # [1,10]
        return g.model(decode_signed(g, plane, signs, (n, n)))
