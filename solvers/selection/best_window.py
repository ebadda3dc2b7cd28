"""Best window: the output is the k x k window of the input that has no background cell and holds the
most cells of one colour X (a unique winner).

A Conv scores every window (100 per inked cell, +1 per X cell), ArgMax over the flattened scores gives the
corner, two Gathers crop the window and a Pad puts it on the canvas. On a corner extent, one Einsum scores
and one crops, the winner's row and column read off the row and column maxima.
"""
from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import fixed_out_shape


def best(grid, k, colour):
    if min(grid.shape) < k:
        return None
    win = sliding_window_view(grid, (k, k))
    score = np.where((win != 0).all(axis=(2, 3)), (win == colour).sum(axis=(2, 3)), -1)
    top = np.argwhere(score == score.max())
    if score.max() < 0 or len(top) != 1:
        return None
    return win[top[0][0], top[0][1]]


class BestWindow(Solver, name="best_window", tasks=("task271",), refuses="task123",
                 aliases=("c4_bestwindow", "c3_richestblock"), fit_splits=("train", "test", "arc-gen")):
    """Crop the fully coloured k x k window holding the most cells of one colour."""

    def plans(self, examples):
        shape = fixed_out_shape(examples)
        if shape is None or shape[0] != shape[1] or shape[0] > 5 or any(min(i.shape) <= shape[0]
                                                                         for i, _ in examples):
            return
        for colour in range(1, 10):
            yield shape[0], colour

    def rule(self, plan, grid):
        return best(grid, *plan)

    def candidates(self, examples):
        plan = self.fit(examples)
        if plan is None:
            return
        yield self.name, self.build(plan)
        extent = max(max(i.shape) for i, _ in examples)
        if extent < 30:
            yield f"{self.name}:extent", self.extent_model(plan, extent)

    def extent_model(self, plan, extent):
        """For grids of at most E x E (E the largest side of the examples of every split; the task's generator
        draws 9x9 grids): one Einsum scores the (E-k+1)^2 windows of the corner straight from `input` through a
        constant table T[t, i, p] = (p == t + i) over the E corner lines (its i summed: the window's rows or
        columns) and eye(E, 30) onto the canvas lines. The unique best window's row is the one whose best score
        is the best of all, and its column likewise: two one-hots [n] without ArgMax or a flattened copy. They meet
        the same tables in one Einsum that cuts the k x k window out of `input` and places it on the canvas
        (T at t = 0 is eye(k, E)): `output`."""
        k, colour = plan
        n = extent - k + 1
        table = np.zeros((n, k, extent), np.float32)
        for t in range(n):
            for i in range(k):
                table[t, i, t + i] = 1
        weight = np.full(10, 100, np.float32)
        weight[0] = 0
        weight[colour] += 1
        g = Graph()
        T = g.const(table, name="window_table")
        E = g.const(np.eye(extent, 30, dtype=np.float32), name="corner_lines")
        first = g.const(np.eye(1, n, dtype=np.float32)[0], name="first_window")
        score = g.Einsum(g.input, g.const(weight, name="window_weights"), T, E, T, E,
                         equation="bkpq,k,aiP,Pp,cjQ,Qq->bac", name="window_score")              # [1,n,n]
        row_best = g.ReduceMax(score, axes=[2], keepdims=0, name="row_best")                    # [1,n]
        col_best = g.ReduceMax(score, axes=[1], keepdims=0, name="col_best")                    # [1,n]
        best = g.ReduceMax(row_best, axes=[1], keepdims=1, name="best")                         # [1,1]
        top = g.Cast(g.Equal(row_best, best, name="top_b"), to=1, name="top_f")                 # [1,n]
        left = g.Cast(g.Equal(col_best, best, name="left_b"), to=1, name="left_f")
        # ONNX Runtime contracts left to right: the row selector [p, I] is built before `input` joins (faster)
        return g.model(g.Einsum(top, T, E, first, T, E, g.input, left, T, E, first, T, E,
                                equation="bt,tiP,Pp,a,aiR,RI,bkpq,bl,ljQ,Qq,d,djS,SJ->bkIJ"))

    def build(self, plan):
        k, colour = plan
        n = 30 - k + 1
        w = np.zeros((1, 10, k, k), np.float32)
        w[0, 1:] = 100
        w[0, colour] += 1
        g = Graph()
        score = g.Conv(g.input, g.const(w, name="window_weights"), name="window_score")     # [1,1,n,n]
        flat = g.Reshape(score, g.const(np.int64([1, n * n]), name="flat_shape"), name="flat_score")
        at = g.ArgMax(flat, axis=1, keepdims=0, name="best_window")                         # [1]
        size = g.const(np.int64([n]), name="positions")
        offs = g.const(np.arange(k, dtype=np.int64), name="offsets")
        rows = g.Add(g.Div(at, size, name="top"), offs, name="rows")
        cols = g.Add(g.Mod(at, size, name="left"), offs, name="cols")
        crop = g.Gather(g.Gather(g.input, rows, axis=2, name="band"), cols, axis=3, name="crop")
        return g.model(g.Pad(crop, g.const(np.int64([0, 0, 0, 0, 0, 0, 30 - k, 30 - k]), name="pads")))
