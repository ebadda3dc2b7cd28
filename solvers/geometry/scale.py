"""Scale family: integer up-scaling (each cell becomes a kh x kw block) and down-sampling (every k-th cell)."""
from __future__ import annotations

import numpy as np

from .. import Solver
from .._common_grids import ratios
from .._common_index_maps import TransformFamily


class Scale(TransformFamily, Solver):
    name = "scale"
    description = ("output = the input scaled up by an integer factor (cells become blocks), down-sampled "
                   "(every k-th cell, or the majority colour of each k x k block), or both")

    def transforms(self, examples):
        k = ratios(examples, up=True)
        if k:
            kh, kw = k
            yield f"up{kh}x{kw}", lambda g: np.repeat(np.repeat(g, kh, 0), kw, 1)
        k = ratios(examples, up=False)
        if k:
            kh, kw = k
            for oh in range(kh):
                for ow in range(kw):
                    yield f"down{kh}x{kw}+{oh},{ow}", (lambda oh, ow: lambda g: g[oh::kh, ow::kw]
                                                       if g.shape[0] % kh == 0 and g.shape[1] % kw == 0
                                                       else None)(oh, ow)
        # every a-th cell (from offset o), each then blown up to b cells: out[r] = in[a * (r // b) + o]
        per_axis = [_resamplings(examples, axis) for axis in (0, 1)]
        for rh in per_axis[0]:
            for rw in per_axis[1]:
                if rh[0] == rw[0] == 1 or rh[1] == rw[1] == 1:
                    continue          # plain up- or down-scaling (or identity), tried above
                yield f"resample{rh}x{rw}", _resample(rh, rw)
    def fit(self, examples):
        plan = super().fit(examples)
        if plan is not None:
            return plan
        k = ratios(examples, up=False)
        if k and all(np.array_equal(block_majority(i, *k), o) for i, o in examples):
            return ("majority", k)
        return None

    def candidates(self, examples):
        for plan in self.fits(examples):
            yield from self.plan_candidates(plan)
        k = ratios(examples, up=False)
        if k and all(np.array_equal(block_majority(i, *k), o) for i, o in examples):
            yield from self.plan_candidates(("majority", k))

    def plan_candidates(self, plan):
        if plan[0] == "majority":
            yield f"{self.name}:majority{plan[1][0]}x{plan[1][1]}", majority_model(*plan[1])
            return
        yield from super().plan_candidates(plan)
        fixed = plan[0]
        if fixed is None:
            return
        kind = fixed.label.split(":")[1]
        if kind.startswith("up"):
            kh, kw = (int(v) for v in kind[2:].split("x"))
            yield f"{fixed.label}:convtranspose", upscale_model(kh, kw, fixed.cmap)
        elif kind.startswith("down"):
            (kh, kw), (oh, ow) = ((int(v) for v in part.split(sep)) for part, sep in
                                  zip(kind[4:].split("+"), ("x", ",")))
            yield f"{fixed.label}:conv", downscale_model(kh, kw, oh, ow, fixed.cmap)


def block_majority(grid, kh, kw):
    """Each kh x kw block's colour held by more than half its cells, or -1 where none is."""
    H, W = grid.shape
    if H % kh or W % kw:
        return None
    blocks = grid.reshape(H // kh, kh, W // kw, kw).transpose(0, 2, 1, 3).reshape(H // kh, W // kw, -1)
    counts = np.stack([(blocks == c).sum(-1) for c in range(10)], -1)
    return np.where(counts.max(-1) * 2 > kh * kw, counts.argmax(-1), -1)


def majority_model(kh, kw):
    """A strided depthwise Conv counts each colour per block; the bias keeps only a strict majority.
    End padding makes the output the full canvas (blocks beyond the grid count nothing)."""
    from neurogolf.graph import Graph
    g = Graph()
    y = g.Conv(g.input, g.const(np.ones((10, 1, kh, kw), np.float32), name="block_count"),
               g.const(np.full(10, -(kh * kw // 2) - 0.5, np.float32), name="majority"),
               group=10, strides=[kh, kw], pads=[0, 0, 30 * kh - 30, 30 * kw - 30])
    return g.model(y)


def downscale_model(kh, kw, oh, ow, cmap=None):
    """Every kh-th row / kw-th column from offset (oh, ow): a strided Conv whose kernel picks the cell at
    the offset (depthwise, 10 (oh+1)(ow+1) weights, unless colours are remapped)."""
    from neurogolf.graph import Graph
    from .._common_index_maps import colour_matrix, is_identity_cmap
    g = Graph()
    if is_identity_cmap(cmap):
        w = np.zeros((10, 1, oh + 1, ow + 1), np.float32)
        w[:, 0, oh, ow] = 1.0
        attrs = dict(group=10)
    else:
        w = np.zeros((10, 10, oh + 1, ow + 1), np.float32)
        w[:, :, oh, ow] = colour_matrix(cmap).T
        attrs = {}
    y = g.Conv(g.input, g.const(w, name="pick"), strides=[kh, kw], pads=[0, 0, 29 * kh - 29 + oh, 29 * kw - 29 + ow], **attrs)
    return g.model(y)


def upscale_model(kh, kw, cmap=None):
    """One ConvTranspose (stride = kernel = block) writes each cell as a kh x kw block; the end padding
    crops the result back to the canvas. Depthwise (10 kh kw weights) unless colours are remapped."""
    from neurogolf.graph import Graph
    from .._common_index_maps import colour_matrix, is_identity_cmap
    g = Graph()
    if is_identity_cmap(cmap):
        w = np.ones((10, 1, kh, kw), np.float32)
        attrs = dict(group=10)
    else:
        w = np.repeat(np.repeat(colour_matrix(cmap)[:, :, None, None], kh, 2), kw, 3)
        attrs = {}
    y = g.ConvTranspose(g.input, g.const(w, name="block"), strides=[kh, kw], kernel_shape=[kh, kw],
                        pads=[0, 0, 30 * kh - 30, 30 * kw - 30], **attrs)
    return g.model(y)


def _resamplings(examples, axis, most=5):
    """(a, b, o) with out[r] = in[a * (r // b) + o] along `axis` that give every example's output length."""
    found = []
    for a in range(1, most + 1):
        for b in range(1, most + 1):
            if any(i.shape[axis] % a or i.shape[axis] // a * b != o.shape[axis] for i, o in examples):
                continue
            found += [(a, b, o) for o in range(a)]
    return found


def _resample(rh, rw):
    def f(g):
        for (a, _, _), n in zip((rh, rw), g.shape):
            if n % a:
                return None
        (ah, bh, oh), (aw, bw, ow) = rh, rw
        return np.repeat(np.repeat(g[oh::ah, ow::aw], bh, 0), bw, 1)
    return f


FACTORS = {
    "colours": lambda g: len(set(g.ravel().tolist()) - {0}),      # distinct non-zero colours
    "cells": lambda g: int((g != 0).sum()),                       # non-zero cells
}


class DynamicScale(Solver):
    """Up-scaling whose factor is read from the grid (e.g. the number of distinct colours it holds)."""
    name = "dynscale"
    description = ("output = the input scaled up by a factor that depends on the input: the number of "
                   "distinct non-zero colours, or of non-zero cells")

    def fit(self, examples):
        shapes = {i.shape for i, _ in examples}
        if len(shapes) != 1:
            return None
        for factor, count in FACTORS.items():
            ks = [count(i) for i, _ in examples]
            if all(k >= 1 and o.shape == (i.shape[0] * k, i.shape[1] * k)
                   and np.array_equal(np.kron(i, np.ones((k, k), int)), o) for k, (i, o) in zip(ks, examples)):
                return shapes.pop(), factor
        return None

    def build(self, plan):
        """Count in the graph, then one Einsum over the grid's corner with 0/1 matrices
        R[r, i] = (i == r // k) built by Div and Equal."""
        from onnx import TensorProto
        from neurogolf.graph import Graph
        (H, W), factor = plan
        g = Graph()
        reduce = g.ReduceMax if factor == "colours" else g.ReduceSum
        per_colour = reduce(g.input, axes=[2, 3], keepdims=0, name="per_colour")           # [1,10]
        nonzero = g.const(np.array([0] + [1] * 9, np.float32), name="non_zero_colours")
        k = g.Cast(g.MatMul(per_colour, nonzero, name="factor_f"), to=TensorProto.INT32, name="factor")  # [1]
        source = g.Div(g.const(np.arange(30, dtype=np.int32).reshape(30, 1), name="arange_col"), k,
                       name="source")                                                      # [30,1]
        x = g.Slice(g.input, g.ints([0, 0], name="starts"), g.ints([H, W], name="ends"), g.ints([2, 3], name="axes"),
                    name="grid")

        def select(n):
            hit = g.Equal(source, g.const(np.arange(n, dtype=np.int32), name=f"arange{n}"), name=f"hit{n}")
            return g.Cast(hit, to=TensorProto.FLOAT, name=f"select{n}")

        rows = select(H)
        cols = rows if W == H else select(W)
        return g.model(g.Einsum(x, rows, cols, equation="bcij,ri,sj->bcrs"))
