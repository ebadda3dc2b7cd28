"""Shape match: a k x k box in the top-left corner (closed by separator lines of one colour) shows a
shape; every object elsewhere with exactly that shape (same-colour cells, nothing of its colour
touching it) is recoloured to one colour.

Graph: the template is Sliced out of the input and turned at run time into a +1 (shape) / -1 (its
8-neighbour ring) kernel, a grouped Conv scores it on every colour channel, cells scoring the shape's
size are matches, a ConvTranspose with the template paints them back, and one Where writes the output."""
from __future__ import annotations

import numpy as np
from onnx import TensorProto

from .. import Solver
from .._common_grids import N, reproduces


def _kernel(t):
    k = t.shape[0]
    p = np.zeros((k + 4, k + 4), int)
    p[2:-2, 2:-2] = t
    d = p.copy()
    for dr in (-1, 0, 1):
        for dc in (-1, 0, 1):
            d |= np.roll(np.roll(p, dr, 0), dc, 1)
    return p[1:-1, 1:-1], d[1:-1, 1:-1]


def shape_match(grid, k, sep, paint):
    h, w = grid.shape
    if h <= k or w <= k or not (np.all(grid[k, :k + 1] == sep) and np.all(grid[:k + 1, k] == sep)):
        return None
    t = (grid[:k, :k] != 0).astype(int)
    if not t.any():
        return None
    t2, d2 = _kernel(t)
    weight, size, m = 2 * t2 - d2, t.sum(), (k + 2) // 2
    out = grid.copy()
    for colour in range(1, 10):
        if colour == sep:
            continue
        mask = np.pad((grid == colour).astype(int), m)
        for r in range(h):
            for c in range(w):
                if r <= k and c <= k:
                    continue
                if (mask[r:r + k + 2, c:c + k + 2] * weight).sum() == size:
                    for a, b in np.argwhere(t2 == 1):
                        out[r + a - m, c + b - m] = paint
    return out


class ShapeMatch(Solver):
    name = "c3_shapematch"
    description = ("objects with exactly the shape shown in the top-left separator box are recoloured to "
                   "one colour")

    def fit(self, examples):
        if any(i.shape != o.shape for i, o in examples) or all(np.array_equal(i, o) for i, o in examples):
            return None
        changed = {int(v) for i, o in examples for v in o[i != o]}
        if len(changed) != 1:
            return None
        paint = changed.pop()
        for k in (2, 3, 4):
            first = examples[0][0]
            if first.shape[0] <= k or first.shape[1] <= k:
                continue
            sep = int(first[k, k])
            if sep == 0:
                continue
            if reproduces(lambda i: shape_match(i, k, sep, paint), examples):
                return k, sep, paint
        return None

    def build(self, plan):
        from neurogolf.graph import Graph
        k, sep, paint = plan
        g = Graph()
        box = g.Slice(g.input, g.ints([1, 0, 0], name="box_start"), g.ints([10, k, k], name="box_end"),
                      g.ints([1, 2, 3], name="box_axes"), name="box")
        shape = g.ReduceMax(box, axes=[1], keepdims=1, name="shape")                            # [1,1,k,k]
        size = g.ReduceSum(shape, keepdims=0, name="shape_size")
        padded = g.Pad(shape, g.ints([0, 0, 1, 1, 0, 0, 1, 1], name="pad1"), name="shape_padded")  # k+2
        grown = g.MaxPool(padded, kernel_shape=[3, 3], pads=[1, 1, 1, 1], name="shape_grown")
        kernel = g.Sub(g.Add(padded, padded, name="twice_shape"), grown, name="shape_kernel")
        channels = np.ones((10, 1, 1, 1), np.float32)
        channels[[0, sep]] = 0
        kernel = g.Mul(kernel, g.const(channels, name="object_colours"), name="kernel_per_colour")
        m = (k + 2) // 2
        lo, hi = m, k + 1 - m
        score = g.Conv(g.input, kernel, group=10, pads=[lo, lo, hi, hi], name="shape_score")
        match = g.Cast(g.Equal(score, size, name="matches"), to=TensorProto.UINT8, name="matches_u8")
        match = g.Cast(g.ReduceMax(match, axes=[1], keepdims=1, name="match_any"), to=TensorProto.FLOAT,
                       name="match_f")
        away = np.ones((1, 1, N, N), np.float32)
        away[0, 0, :k + 1, :k + 1] = 0
        match = g.Mul(match, g.const(away, name="outside_box"), name="match_out")
        covered = g.ConvTranspose(match, padded, pads=[lo, lo, hi, hi], name="covered")
        hit = g.Greater(covered, g.const(np.array([0.5], np.float32), name="half"), name="recolour")
        colour = np.zeros((1, 10, 1, 1), np.float32)
        colour[0, paint] = 1
        return g.model(g.Where(hit, g.const(colour, name="paint"), g.input))
