"""A square grid of concentric rings has its ring colours reversed (the outermost ring takes the innermost
ring's colour, and so on), whatever its size.

Cell (r, c) shows diagonal cell D[max(sr[r], sr[c])], sr[r] = K-1-min(r, n-1-r). D[max(a, b)] is the
telescoping sum over i of (D[i] - D[i+1]) [a <= i] [b <= i]: one Einsum with two 0/1 threshold
matrices writes the output.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import same_shape


def reverse_rings(grid):
    """Each cell takes the diagonal colour of the ring at the mirrored depth (the rings read off the diagonal)."""
    n = grid.shape[0]
    if grid.shape != (n, n):
        return None
    k = (n + 1) // 2
    r = np.arange(n)
    depth = np.minimum.outer(np.minimum(r, n - 1 - r), np.minimum(r, n - 1 - r))
    return np.diag(grid)[k - 1 - depth]


class ReverseRings(Solver, name="reverse_rings", tasks=("task203",), refuses="task375",
                   aliases=("c2_reverse_rings",)):
    """Square grids of concentric one-colour rings: the order of the ring colours is reversed (outermost <->
    innermost), any size."""

    def plans(self, examples):
        if same_shape(examples) and not all(np.array_equal(i, o) for i, o in examples):
            yield True

    def rule(self, plan, grid):
        return reverse_rings(grid)

    def build(self, plan):
        g = Graph()
        index = g.const(np.arange(30, dtype=np.float32), name="index")
        one = g.const(np.float32(1))
        n = g.ReduceSum(g.ReduceMax(g.input, axes=[0, 1, 3], keepdims=0, name="row_any"), keepdims=0, name="size")
        last = g.Sub(n, one, name="last")
        k1 = g.Sub(g.Ceil(g.Div(n, g.const(np.float32(2)), name="half_f"), name="rings"), one, name="inner_ring")
        depth = g.Min(index, g.Sub(last, index, name="from_end"), name="depth")                   # [30]
        source = g.Where(g.Less(index, n, name="inside"), g.Sub(k1, depth, name="source_in"),
                         g.const(np.float32(100), name="never"), name="source")                   # [30]
        at_most = g.Cast(g.Less(g.Unsqueeze(source, axes=[0], name="source_row"),
                                g.Unsqueeze(g.Add(index, g.const(np.float32(0.5)), name="index_half"), axes=[1],
                                            name="index_col"), name="at_most_b"), to=1, name="at_most")  # [i, r]
        diag = g.Einsum(g.input, equation="bchh->bch",
                        name="diagonal")                                                            # [1,10,30]
        nxt = g.Pad(g.Slice(diag, g.ints([1]), g.ints([30]), g.ints([2]), name="diag_next_part"),
                    g.ints([0, 0, 0, 0, 0, 1]), name="diag_next")
        step = g.Sub(diag, nxt, name="diag_step")
        return g.model(g.Einsum(step, at_most, at_most, equation="bci,ir,ij->bcrj"))
