"""Symmetry flag: one fixed output when the input grid is mirror symmetric (left-right, up-down, 180
degrees or about the diagonal) and another when it is not.

Graph: for a left-right or up-down mirror, one Einsum of the input with itself and a [pairs, 30] +1/-1
matrix sums the squared differences of every line and its mirror (0 only when symmetric); for 180 degrees
or the diagonal, the mirror image of the half that needs checking (a Slice with negative steps, or the
transposed grid window) is the kernel of one Conv of the input, read at the corner only, counting the cells
that agree with their mirror less all but half a cell. One ConvTranspose renders the flag from the margin
(with a constant channel beside it where the two outputs share cells).
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .._common_graph import render
from .._common_grids import C, N, fixed_shape
from ._summary import Readings

FLIPS = {"lr": lambda a: a[:, ::-1], "ud": lambda a: a[::-1], "rot180": lambda a: a[::-1, ::-1],
         "transpose": lambda a: a.T}


class SymmetryFlag(Readings, name="symmetry_flag", tasks=("task103",), refuses="task039"):
    """One fixed output when the input grid is mirror symmetric (left-right, up-down, 180 degrees or diagonal) and
    another when it is not."""

    def plans(self, examples):
        outs = {o.tobytes(): o for _, o in examples}
        shape = fixed_shape(examples)
        if len(outs) != 2 or shape is None or len({o.shape for o in outs.values()}) != 1:
            return
        h, w = shape
        for kind, flip in FLIPS.items():
            if kind == "transpose" and h != w:
                continue
            sym = [np.array_equal(i, flip(i)) for i, _ in examples]
            yes = {o.tobytes() for (_, o), s in zip(examples, sym) if s}
            no = {o.tobytes() for (_, o), s in zip(examples, sym) if not s}
            if len(yes) == 1 and len(no) == 1 and yes != no:
                yield kind, (h, w), outs[yes.pop()], outs[no.pop()]

    def rule(self, plan, grid):
        kind, shape, yes, no = plan
        if grid.shape != shape:
            return None
        return yes if np.array_equal(grid, FLIPS[kind](grid)) else no

    def label(self, plan):
        return plan[0]

    def build(self, plan):
        kind, (h, w), yes, no = plan
        g = Graph()
        if kind == "transpose":
            grid = g.Slice(g.input, g.ints([0, 0], name="zero2"), g.ints([h, w], name="grid_end"),
                           g.ints([2, 3], name="hw_axes"), name="grid")
            mirrored = g.Transpose(grid, perm=[0, 1, 3, 2], name="mirrored")
            # cells agreeing with their mirror: h*w exactly when the grid is symmetric
            agree = g.Conv(grid, mirrored, g.floats([0.5 - h * w], name="minus_cells"), name="agree_margin")
        elif kind == "rot180":
            # the mirror image of the left columns (the middle one too for an odd width), used as the kernel
            # of one Conv read at the grid's corner only
            kh, kw = h, (w + 1) // 2
            mirrored = g.Slice(g.input, g.ints([h - 1, w - 1], name="flip_start"),
                               g.ints([e if e >= 0 else -N - 1 for e in (-1, w - 1 - kw)], name="flip_end"),
                               g.ints([2, 3], name="hw_axes"), g.ints([-1, -1], name="flip_step"), name="mirrored")
            agree = g.Conv(g.input, mirrored, g.floats([0.5 - kh * kw], name="minus_cells"), strides=[N, N],
                           name="agree_margin")
        else:
            # one row of `pairs` per line and its mirror (+1, -1): sum over colours and the other axis of the
            # squared differences counts 2 per line pair that disagrees in a cell, 0 when the grid is symmetric
            n = w if kind == "lr" else h
            pairs = np.zeros((n // 2, N), np.float32)
            pairs[np.arange(n // 2), np.arange(n // 2)] = 1
            pairs[np.arange(n // 2), n - 1 - np.arange(n // 2)] = -1
            pairs = g.const(pairs, name="mirror_pairs")
            eq = "bcyw,bcyv,kw,kv->b" if kind == "lr" else "bcwx,bcvx,kw,kv->b"
            mismatch = g.Einsum(g.input, g.input, pairs, pairs, equation=eq, name="mismatch")          # [1]
            agree = g.Sub(g.floats(np.full((1, 1, 1, 1), 0.5), name="half"), mismatch, name="agree_margin")
        oh, ow = yes.shape
        eye = np.arange(C)[:, None, None]
        a, b = (eye == yes[None]).astype(float), (eye == no[None]).astype(float)
        if not (a * b).any():
            # every cell differs between the two outputs: the margin alone renders them
            return g.model(render(g, agree, (a - b)[None]))
        flag = g.Concat(agree, g.const(np.ones((1, 1, 1, 1), np.float32), name="one"), axis=1, name="flag_one")
        # margin 0.5 when symmetric, <= -0.5 when not: a-only cells follow it, b-only ones its negation
        weight = np.stack([a - b, (a + b) / 2 + (a * b) / 2])
        return g.model(render(g, flag, weight))

