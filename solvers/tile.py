"""Tile family: the output is an n x m arrangement of copies of the input, each copy possibly mirrored
(flipped left-right and/or up-down per block row/column), or the self-similar kron(mask(input), input)."""
from __future__ import annotations

import itertools

import numpy as np

from . import Solver
from ._common import TransformFamily, variable_axis_model
from .scale import ratios


def _tiled(flip_rows, flip_cols):
    """Block (i, j) is the input, flipped up-down if flip_rows[i], left-right if flip_cols[j]."""
    def f(g):
        row = lambda i: g[::-1] if flip_rows[i] else g
        return np.concatenate([np.concatenate([row(i)[:, ::-1] if fc else row(i) for fc in flip_cols], 1)
                               for i in range(len(flip_rows))], 0)
    return f


class Tile(TransformFamily, Solver):
    name = "tile"
    description = ("output = an n x m tiling of the input, each block row/column possibly mirrored "
                   "(flipped) copies of the input")

    def transforms(self, examples):
        k = ratios(examples, up=True)
        if not k:
            return
        nh, nw = k
        if 2 ** (nh + nw) > 4096:
            return
        inp, out = examples[0]
        H, W = inp.shape
        # flip flags per block row/col that the first example allows
        ok_r = [[fr for fr in (0, 1) if any(np.array_equal(out[i * H:(i + 1) * H, j * W:(j + 1) * W],
                                                             (inp[::-1] if fr else inp)[:, ::-1 if fc else 1])
                                            for j in range(nw) for fc in (0, 1))] for i in range(nh)]
        ok_c = [[fc for fc in (0, 1) if any(np.array_equal(out[i * H:(i + 1) * H, j * W:(j + 1) * W],
                                                             (inp[::-1] if fr else inp)[:, ::-1 if fc else 1])
                                            for i in range(nh) for fr in (0, 1))] for j in range(nw)]
        if any(not o for o in ok_r + ok_c):
            return
        for fr in itertools.product(*ok_r):
            for fc in itertools.product(*ok_c):
                if _tiled(fr, fc)(inp).shape == out.shape and np.array_equal(_tiled(fr, fc)(inp), out):
                    yield "tile" + "".join(map(str, fr)) + "x" + "".join(map(str, fc)), _tiled(fr, fc)


    def variable(self, label):
        rows, cols = label[len("tile"):].split("x")
        if rows == "0" and len(cols) > 1:
            axis, pattern = 3, cols
        elif cols == "0" and len(rows) > 1:
            axis, pattern = 2, rows
        else:
            return None
        kind = {"01": "mirror", "10": "mirror_first"}.get(pattern, "tile" if set(pattern) == {"0"} else None)
        if kind is None:
            return None
        return f"{self.name}:{label}:variable", variable_axis_model(kind, axis, len(pattern))


class SelfTile(Solver):
    """out = kron(block kind of each input cell, input): an H x W input becomes an (H*H) x (W*W) grid
    whose block (k, l) is a copy of the input where input[k, l] has a 'copy' colour, else background."""
    name = "selftile"
    description = ("output = the input placed, as a block, at every cell of the input that has a (non-zero) "
                   "colour, background elsewhere (fractal / self-similar kron tiling)")

    def fit(self, examples):
        shape = {i.shape for i, _ in examples}
        if len(shape) != 1:
            return None
        H, W = shape.pop()
        if H * H > 30 or W * W > 30 or any(o.shape != (H * H, W * W) for _, o in examples):
            return None
        copy = {}
        for inp, out in examples:
            for k in range(H):
                for l in range(W):
                    block = out[k * H:(k + 1) * H, l * W:(l + 1) * W]
                    kind = 1 if np.array_equal(block, inp) else 0 if not block.any() else None
                    if kind is None and np.array_equal(inp, np.zeros_like(inp)):
                        kind = copy.get(inp[k, l])
                    if kind is None or copy.setdefault(int(inp[k, l]), kind) != kind:
                        return None
        seen = [v for c, v in copy.items() if c != 0]
        default = int(round(sum(seen) / len(seen))) if seen else 1
        kinds = tuple(copy.get(c, default) for c in range(10))
        if all(kinds) or not any(kinds):
            return None
        return H, W, kinds

    def build(self, plan):
        from neurogolf.graph import Graph
        from ._common import one_hot_matrix
        H, W, kinds = plan
        g = Graph()
        x = g.Slice(g.input, g.ints([0, 0], name="starts"), g.ints([H, W], name="ends"), g.ints([2, 3], name="axes"),
                    name="grid")
        kind = np.array([[k, 1 - k] for k in kinds], np.float32)             # colour -> (copy, blank)
        render = np.zeros((10, 2, 10), np.float32)                           # (cell colour, kind) -> colour
        render[np.arange(10), 0, np.arange(10)] = 1.0
        render[:, 1, 0] = 1.0
        inner_r = one_hot_matrix([r % H if r < H * H else -1 for r in range(30)], H)
        outer_r = one_hot_matrix([r // H if r < H * H else -1 for r in range(30)], H)
        inner_c = one_hot_matrix([s % W if s < W * W else -1 for s in range(30)], W)
        outer_c = one_hot_matrix([s // W if s < W * W else -1 for s in range(30)], W)
        y = g.Einsum(x, x, g.const(kind, name="block_kind"), g.const(render, name="render"),
                     g.const(inner_r, name="inner_row"), g.const(outer_r, name="outer_row"),
                     g.const(inner_c, name="inner_col"), g.const(outer_c, name="outer_col"),
                     equation="bcij,bekl,ef,cfd,ri,rk,sj,sl->bdrs")
        return g.model(y)
