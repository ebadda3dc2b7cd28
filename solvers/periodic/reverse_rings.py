"""A square grid of concentric rings has its ring colours reversed (the outermost ring takes the innermost
ring's colour, and so on), whatever its size.

Cell (r, c) shows diagonal cell D[max(sr[r], sr[c])], sr[r] = K-1-min(r, n-1-r). D[max(a, b)] is the
telescoping sum over i of (D[i] - D[i+1]) [a <= i] [b <= i]: one Einsum with two 0/1 threshold
matrices writes the output.

A second candidate, `reverse_rings_counts`, is exact only for the generator's inputs (task203's generator:
an even side n = 2k, k = 3..9 rings of distinct colours 1..9, no background): ring m then has 8(k-m)-4
cells, so the colour with c cells takes the colour of ring (c-4)/8 (counted from the outermost). One
weighted Einsum counts the colours (-c/8), one TopK orders them by ascending count (absent colours first,
then the rings innermost first), the cast of -(c/8 + 1/2) is the ring's negative position (0, an absent
colour, for an absent one: at most 9 of 10 are present), and one Gather of the input's channels writes the
output.
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

    def candidates(self, examples):
        plan = self.fit(examples)
        if plan is None:
            return
        yield self.name + "_counts", self._build_counts()
        yield self.name, self.build(plan)

    def _build_counts(self):
        """See the module docstring: exact for task203's generator (even side, distinct colours per ring). The
        colours are ranked by ascending count (the absent ones first), so the colour with c cells reads the
        ring at negative position -(c/8 + 1/2) (counted from the outermost, last one), a whole number for every
        present colour; an absent colour's -1/2 truncates to 0, the first, absent, colour: no Floor."""
        g = Graph()
        eighth = g.const(np.full(30, -0.125, np.float32), name="minus_eighth")
        count = g.Cast(g.Einsum(g.input, eighth, equation="bchw,w->c", name="minus_count_8th"), to=10,
                       name="minus_count_8th_f16")                                               # [10]: -c/8
        _, order = g.TopK(count, g.ints([10], name="k"), axis=0, largest=1, sorted=1,
                          outputs=2, name="by_count")                                            # absent, inner .. outer
        ring = g.Cast(g.Sub(count, g.const(np.float16(0.5), name="half")), to=6, name="ring")      # -(c/8 + 1/2)
        source = g.Gather(order, ring, axis=0, name="source")                                    # [10] int64
        return g.model(g.Gather(g.input, source, axis=1))

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
