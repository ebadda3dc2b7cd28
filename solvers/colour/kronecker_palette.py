"""The input is two k x k halves along its longer axis, one a shape drawn only in colour S, the other a
palette; the k^2 x k^2 output puts the shape, painted in palette[r][c], at block (r, c).

Which half is which comes from the other colours' count in the first half; one-hot shift matrices bring
each half to the origin, block/offset matrices (i // k, i % k) spread them, and one Einsum writes it.
"""
from __future__ import annotations

import numpy as np
from onnx import TensorProto

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import N


def halves(grid):
    h, w = grid.shape
    if w == 2 * h:
        return grid[:, :h], grid[:, h:]
    if h == 2 * w:
        return grid[:w], grid[w:]
    return None


def kron(grid, shape_colour):
    parts = halves(grid)
    if parts is None or min(grid.shape) ** 2 > N:
        return None
    a, b = parts
    a_shape = set(np.unique(a).tolist()) <= {0, shape_colour}
    b_shape = set(np.unique(b).tolist()) <= {0, shape_colour}
    if a_shape == b_shape:
        return None
    shape, palette = (a, b) if a_shape else (b, a)
    return np.kron(palette, (shape != 0).astype(grid.dtype))


class KroneckerPalette(Solver, name="kronecker_palette", tasks=("task275",), refuses="task271",
                       aliases=("c4_kronpalette",)):
    """Two k x k halves, a one-colour shape and a palette: the k^2 x k^2 output holds the shape painted in each palette
    colour at that palette cell's block."""

    def plans(self, examples):
        if all(i.shape != o.shape for i, o in examples):
            yield from range(1, 10)        # the shape's colour

    def rule(self, colour, grid):
        return kron(grid, colour)

    def candidates(self, examples):
        colour = self.fit(examples)
        if colour is not None:
            yield self.name + "/k34", self.build_small(colour)
            yield self.name, self.build(colour)

    def build_small(self, colour, sides=(3, 4)):
        """The generator's halves are 3x3 or 4x4 (2k^2 grid cells, read off one ReduceSum): per side k one
        matrix folds both halves onto a k x k square (the palette's colours and the shape's never share a
        channel, so adding the halves keeps both), and block/offset matrices spread the product of the fold
        with itself into the k^2 x k^2 output; a one-hot side selector picks the matrices inside the Einsums."""
        g = Graph()
        m = max(sides)
        fold = np.zeros((len(sides), m, N), np.float32)        # [side, a, i]: i == a or i == a + k
        rows = np.zeros((len(sides), N, m), np.float32)        # [side, A, a]: A // k == a, A < k^2
        offs = np.zeros((len(sides), N, m), np.float32)        # [side, A, a']: A % k == a'
        for t, k in enumerate(sides):
            for a in range(k):
                fold[t, a, a] = fold[t, a, a + k] = 1
            for A in range(k * k):
                rows[t, A, A // k] = offs[t, A, A % k] = 1
        q = np.eye(10, dtype=np.float32)
        q[:, 0] = 0.5                      # channel 0 of the fold: 1 on the k x k square (two cells each)
        pick = np.zeros((10, 10), np.float32)                  # output channel <- fold channel
        # fold channel -> its partner's channel (a palette colour -> the shape, the square -> itself), through
        # two partners y (0: the square, 1: the shape): route [channel, y] x partner [y's channel, y]
        route, partner = np.zeros((10, 2), np.float32), np.zeros((10, 2), np.float32)
        for c in range(1, 10):
            if c != colour:
                pick[c, c] = 1
                pick[0, c] = -1
                route[c, 1] = 1
        pick[0, 0] = route[0, 0] = partner[0, 0] = 1        # background = square - painted
        partner[colour, 1] = 1
        total = g.ReduceSum(g.input, keepdims=0, name="cells")                 # 2 k^2
        side = g.Cast(g.Equal(total, g.const(np.float32([2 * k * k for k in sides]), name="sizes"),
                              name="side_b"), to=TensorProto.FLOAT, name="side")
        fl = g.const(fold, name="fold")
        folded = g.Einsum(g.input, g.const(q, name="q"), fl, fl, side, equation="zcij,cd,kai,kbj,k->zdab",
                          name="folded")
        r, o = g.const(rows, name="rows"), g.const(offs, name="offs")
        return g.model(g.Einsum(folded, folded, r, o, r, o, g.const(pick, name="pick"),
                                g.const(route, name="route"), g.const(partner, name="partner"), side,
                                equation="zdab,zgef,kAa,kAe,kBb,kBf,cd,dy,gy,k->zcAB"))

    def build(self, colour):
        g = Graph()
        f = lambda v, name: g.const(np.asarray(v, np.float32), name=name)
        ar = np.arange(N, dtype=np.float32)
        h = g.ReduceSum(g.ReduceMax(g.input, axes=[1, 3], keepdims=0, name="row_in"), keepdims=0, name="height")
        w = g.ReduceSum(g.ReduceMax(g.input, axes=[1, 2], keepdims=0, name="col_in"), keepdims=0, name="width")
        k = g.Min(h, w, name="side")                                                           # [1]
        wide = g.Cast(g.Greater(w, h, name="wide_b"), to=TensorProto.FLOAT, name="wide")
        inside = g.Cast(g.Less(f(ar, "ar"), k, name="in_half_b"), to=TensorProto.FLOAT, name="in_half")  # [30]
        other = np.float32(np.arange(10) > 0)
        other[colour] = 0
        mixed = g.Einsum(g.input, f(other, "other_colours"), inside, inside, equation="zcij,c,i,j->z",
                         name="palette_in_first")
        pal_second = g.Cast(g.Equal(mixed, f(0, "zero"), name="pal_second_b"), to=TensorProto.FLOAT,
                            name="palette_second")
        shape_second = g.Sub(f(1, "one"), pal_second, name="shape_second")
        tall = g.Sub(f(1, "one"), wide, name="tall")
        diff = f(ar[:, None] - ar[None, :], "src_minus_dst")
        in_k = g.Less(f(ar[None, :], "ar_dst"), k, name="dst_in_half")

        def mover(second, along_cols, name):
            shift = g.Mul(g.Mul(second, wide if along_cols else tall, name=f"{name}_on"), k, name=f"{name}_shift")
            hit = g.And(g.Equal(diff, shift, name=f"{name}_b"), in_k, name=f"{name}_in")
            return g.Cast(hit, to=TensorProto.FLOAT, name=name)                              # [src, dst]

        pr, pc = mover(pal_second, False, "pal_rows"), mover(pal_second, True, "pal_cols")
        sr, sc = mover(shape_second, False, "shape_rows"), mover(shape_second, True, "shape_cols")
        kk = g.Mul(k, k, name="out_side")
        in_out = g.Less(f(ar[None, :], "ar_dst"), kk, name="in_output")
        block_of = g.Floor(g.Div(f(ar[None, :], "ar_dst"), k, name="ratio"), name="block_index")   # [1,30]
        offset_of = g.Sub(f(ar[None, :], "ar_dst"), g.Mul(block_of, k, name="block_start"), name="offset")
        blk = g.Cast(g.And(g.Equal(f(ar[:, None], "ar_src"), block_of, name="blk_b"), in_out, name="blk_in"),
                     to=TensorProto.FLOAT, name="block")                                     # [r, i]
        off = g.Cast(g.And(g.Equal(f(ar[:, None], "ar_src"), offset_of, name="off_b"), in_out, name="off_in"),
                     to=TensorProto.FLOAT, name="within")                                    # [u, i]
        q = np.zeros((2, 10), np.float32)
        q[0, colour] = 1                   # shape on
        q[1, 0] = 1                        # shape off (background of the shape half)
        mix = np.zeros((2, 10, 10), np.float32)
        mix[0] = np.eye(10)
        mix[1, :, 0] = 1
        # few-operand Einsums: ORT contracts operands pairwise and many operands are slow
        pal = g.Einsum(g.input, g.MatMul(pr, blk, name="pal_to_rows"), g.MatMul(pc, blk, name="pal_to_cols"),
                       equation="zcab,ai,bj->zcij", name="palette_blocks")
        shp = g.Einsum(g.input, f(q, "shape_terms"), g.MatMul(sr, off, name="shape_to_rows"),
                       g.MatMul(sc, off, name="shape_to_cols"), equation="zfgh,tf,gi,hj->ztij", name="shape_tiles")
        return g.model(g.Einsum(pal, shp, f(mix, "mix"), equation="zcij,ztij,tce->zeij"))
