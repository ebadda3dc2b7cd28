"""A fixed h x w input is tiled on a square canvas as many copies wide as it has background cells; as
many copies as it has coloured cells are laid in reading order, the rest stays empty.

Graph: colour counts give the copy count and canvas side, a double Gather with index k mod h tiles the
colour-value map, and one Equal decodes it.

A second candidate, `count_tile_blocks`, works per block instead of per cell: the blocks holding a copy
(a*z + b < n) are the first q = n div z block rows and r = n mod z blocks of row q, so three block row x
block column terms (full copy rows, the last partial copy row, rows on the canvas) times the
column-on-canvas flags, and one Einsum with constant tile maps ([h,30] r = i mod h, [blocks,30] a = i div h)
writes the output: a copied block shows the input, a canvas block shows background (colour map
delta - e0 for p = 0 plus e0 for p = 1). The input's corner is read through [h,30] / [w,30] identity
embeddings (no sliced copy), and every block flag is one Less of the block index against (q, q+1, z, r).
`count_tile_blocks<k>` holds only k block rows and columns, k the examples' largest count of background
cells (fit on train and arc-gen).
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver, corner_extent
from .._common_grids import N, fixed_shape


def count_tile(grid):
    h, w = grid.shape
    z, n = int((grid == 0).sum()), int((grid != 0).sum())
    if z == 0 or h * z > N or w * z > N:
        return None
    out = np.zeros((h * z, w * z), int)
    for b in range(n):
        r, c = divmod(b, z)
        if r >= z:
            return None
        out[r * h:(r + 1) * h, c * w:(c + 1) * w] = grid
    return out


class CountTile(Solver, name="count_tile", tasks=("task221",), refuses="task327", aliases=("c3_counttile",),
                fit_splits=("train", "arc-gen")):
    """Input tiled on a canvas as many copies wide as it has background cells, one copy per coloured cell, in reading
    order."""

    def plans(self, examples):
        shape = fixed_shape(examples)
        if shape is not None:
            yield shape

    def rule(self, shape, grid):
        """The graph tiles the fixed input shape only."""
        return count_tile(grid) if grid.shape == shape else None

    def candidates(self, examples):
        shape = self.fit(examples)
        if shape is not None:
            yield self.name + "_blocks", self._build_blocks(shape)
            side = max(corner_extent(examples, outputs=True)) // max(shape)   # the generator's canvas, in blocks
            if side < -(-N // max(shape)):
                yield f"{self.name}_blocks{side}", self._build_blocks(shape, side)
            yield self.name, self.build(shape)

    def _build_blocks(self, shape, side=None):
        """See the module docstring: block flags and one Einsum, no per-cell map. side: the block rows and
        columns held (the examples' largest count of background cells; task221's generator draws 3..7), else
        every block of the canvas; a larger canvas would lose its far blocks (the fresh check must pass)."""
        h, w = shape
        br, bc = -(-N // h), -(-N // w)                                      # blocks per axis
        g = Graph()
        counts = g.ReduceSum(g.input, axes=[0, 2, 3], keepdims=0, name="colour_counts")           # [10]
        empty = g.Slice(counts, g.ints([0], name="zero_i"), g.ints([1], name="one_i"), name="empty")   # z
        filled = g.Sub(g.ReduceSum(counts, keepdims=1, name="cells"), empty, name="filled")    # n
        # the copies fill q = n div z block rows and r = n mod z blocks of the next: three row x column
        # block terms (full rows x canvas columns, row q x the first r columns: copies; rows on the canvas:
        # background), every one times the column-on-canvas flags
        rows_full = g.Floor(g.Div(filled, empty, name="copies_per_row"), name="full_rows")          # q
        rest = g.Sub(filled, g.Mul(rows_full, empty, name="in_full_rows"), name="rest")              # r
        # every block flag is one Less of the block index against a threshold u in (q, q + 1, z, r); the
        # terms mix them: rows [a < q], [a < q+1] - [a < q], [a < z]; columns [b < z], [b < r], [b < z]
        nb = max(br, bc) if side is None else side
        one = g.const(np.ones(1, np.float32), name="one")
        limits = g.Concat(rows_full, g.Add(rows_full, one, name="rows_with_last"), empty, rest, axis=0,
                          name="limits")                                                          # [4]
        below = g.Cast(g.Less(g.const(np.arange(nb, dtype=np.float32), name="block_index"),
                              g.Unsqueeze(limits, g.ints([1], name="axis1"), name="limit_col"), name="below_b"),
                       to=1, name="below")                                                          # [4,nb]
        row_mix = np.float32([[1, 0, 0, 0], [-1, 1, 0, 0], [0, 0, 1, 0]])                        # [term, u]
        col_mix = np.float32([[0, 0, 1, 0], [0, 0, 0, 1], [0, 0, 1, 0]])
        tile_r = (np.arange(h)[:, None] == np.arange(N)[None] % h).astype(np.float32)          # [h,30]
        tile_c = (np.arange(w)[:, None] == np.arange(N)[None] % w).astype(np.float32)
        blk_r = (np.arange(nb)[:, None] == np.arange(N)[None] // h).astype(np.float32)         # [nb,30]
        blk_c = (np.arange(nb)[:, None] == np.arange(N)[None] // w).astype(np.float32)
        cmap = np.zeros((2, 10, 10), np.float32)                                                 # [p, in colour, out]
        cmap[0] = np.eye(10)
        cmap[0, :, 0] -= 1
        cmap[1, :, 0] = 1
        # the input's h x w corner through [h,30] / [w,30] identity embeddings (no sliced copy of the tile)
        term_map = np.float32([[1, 0], [1, 0], [0, 1]])                                      # [term, p]
        # operands in an order ONNX Runtime contracts fast: the corner first, the per-cell maps last
        return g.model(g.Einsum(g.input, g.const(np.eye(h, N, dtype=np.float32), name="corner_r"),
                                g.const(np.eye(w, N, dtype=np.float32), name="corner_c"),
                                g.const(cmap, name="cmap"), g.const(term_map, name="term_map"),
                                g.const(row_mix, name="row_mix"), below, g.const(col_mix, name="col_mix"), below,
                                g.const(blk_r, name="blk_r"), g.const(tile_r, name="tile_r"),
                                g.const(blk_c, name="blk_c"), g.const(tile_c, name="tile_c"),
                                equation="nxRS,rR,sS,pxc,tp,tu,ua,tv,vb,ai,ri,bj,sj->ncij"))

    def build(self, shape):
        h, w = shape
        g = Graph()
        colours = g.const(np.arange(10, dtype=np.float32).reshape(1, 10, 1, 1), name="colours")
        value = g.Conv(g.input, colours, name="colour_value")
        counts = g.ReduceSum(g.input, axes=[0, 2, 3], keepdims=0, name="colour_counts")           # [10]
        empty = g.Slice(counts, g.ints([0], name="zero_i"), g.ints([1], name="one_i"), name="empty")   # [1]
        filled = g.Sub(g.ReduceSum(counts, keepdims=1, name="cells"), empty, name="filled")
        tiled = value
        for axis, size in ((2, h), (3, w)):
            tiled = g.Gather(tiled, g.const((np.arange(N) % size).astype(np.int64), name=f"mod_{size}"),
                             axis=axis, name="tiled")
        rows = g.const((np.arange(N) // h).astype(np.float32).reshape(N, 1), name="block_row")
        cols = g.const((np.arange(N) // w).astype(np.float32), name="block_col")
        copy = g.Add(g.Mul(rows, empty, name="row_offset"), cols, name="copy_index")               # [30,30]
        in_canvas = g.And(g.Less(rows, empty, name="rows_in"), g.Less(cols, empty, name="cols_in"), name="canvas")
        code = g.Where(g.Less(copy, filled, name="copied"), tiled, g.const(np.zeros(1, np.float32), name="zero"),
                       name="copy_code")
        code = g.Where(in_canvas, code, g.const(np.array([-1], np.float32), name="outside"), name="code")
        return g.model(g.Equal(code, colours))
