"""Grids of 0 and two colours a, b: in every column the a cells already sit flush against the top edge, and
the b cells rise to stack right under them (a column of n_a a's and n_b b's becomes a^n_a b^n_b 0...).

Graph: one Einsum reading the input three ways, no intermediate. Over column w, cell (h, w) has the affine
score f = n_a + n_b - (h + 1/2) (the column's counts plus 1/Hgt per cell times the row's (1, -(h + 1/2))),
positive exactly on the rows the stack fills; an a cell lights a by f (> 0: a cells sit above row n_a), any
other cell lights b by f and 0 by -f (its own one-hot gates the two terms, and is 0 off the grid)."""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import C, N, fixed_shape


def _stacked(grid, a, b):
    """The stacked grid, or None unless the grid holds only 0, a, b with every column's a cells flush on top."""
    if set(np.unique(grid).tolist()) - {0, a, b}:
        return None
    out = np.zeros_like(grid)
    for w in range(grid.shape[1]):
        col = grid[:, w]
        n_a, n_b = int((col == a).sum()), int((col == b).sum())
        if not (col[:n_a] == a).all():
            return None
        out[:n_a, w], out[n_a:n_a + n_b, w] = a, b
    return out


class StackOnto(Solver, name="stack_onto", tasks=("task078",), refuses="task322"):
    """In every column one colour sits flush on top and the cells of a second colour rise to stack under it."""

    def plans(self, examples):
        shape = fixed_shape(examples)
        if shape is None:
            return
        colours = sorted({int(v) for i, _ in examples for v in np.unique(i)} - {0})
        if len(colours) != 2:
            return
        for a, b in (colours, colours[::-1]):
            if all((s := _stacked(i, a, b)) is not None and np.array_equal(s, o) for i, o in examples) \
                    and any(not np.array_equal(i, o) for i, o in examples):
                yield {"a": a, "b": b, "height": shape[0]}

    def rule(self, plan, grid):
        if grid.shape[0] != plan["height"]:
            return None
        return _stacked(grid, plan["a"], plan["b"])

    def build(self, plan):
        a, b, height = plan["a"], plan["b"], plan["height"]
        gate = np.zeros((C, 2), np.float32)              # [cell colour, term]: the a term, the b-or-0 term
        gate[a, 0] = 1
        gate[[0, b], 1] = 1
        counted = np.zeros((C, 2), np.float32)           # [column cell colour, (stack count, 1 / height)]
        counted[[a, b], 0] = 1
        counted[:, 1] = 1.0 / height
        row = np.stack([np.ones(N), -(np.arange(N) + 0.5)], 1).astype(np.float32)    # [row h, (1, -(h + 1/2))]
        channel = np.zeros((C, 2), np.float32)           # [output channel, term]
        channel[a, 0], channel[b, 1], channel[0, 1] = 1, 1, -1
        g = Graph()
        return g.model(g.Einsum(g.input, g.const(gate, name="gate"), g.const(channel, name="channel"),
                                g.input, g.const(counted, name="counted"), g.const(row, name="row_terms"),
                                equation="bdhw,dm,cm,beHw,ek,hk->bchw"))
