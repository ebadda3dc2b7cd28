"""The grid flipped, rotated or transposed: the eight symmetries of the square.

For a grid of one fixed size L x L (a fitted map that permutes the first L rows and columns and reads
nothing beyond), a cheaper graph than the general index-map ones: one Einsum whose per-axis selection is
the L x L permutation P embedded in the canvas. A symmetry of the square moves each axis by the identity or
the reversal, both their own inverse, so P = V D V^T with V's columns e_a (a fixed line, D 1) or e_a +- e_b
(a swapped pair, D +-1/2): the selection is Q D Q^T with Q = E V the [30, L] embedding, stored once for both
axes and both sides (30 L + L weights, not 60 L); an axis whose P is the identity reads the input line of
the output's own index (the input is zero beyond the grid), no weights.
Where every moved axis is reversed (a flip or the half turn), one strided depthwise Conv is cheaper for
L <= 3 (10 L_h L_w weights). A single Resize cannot do it: ONNX Runtime copies its input unchanged whenever
the output has the input's shape, as a 30 x 30 -> 30 x 30 resample does."""
from __future__ import annotations

import numpy as np
from onnx import TensorProto

from neurogolf.graph import Graph

from .. import Solver
from .._common_graph import flip_variable
from .._common_grids import C, D8, N
from ._fitted_maps import FittedTransform


def _prefix_permutation(m):
    """(L, p) when map m reads p[r] for r < L (p a permutation of 0..L-1) and nothing beyond, else None."""
    length = next((r for r, v in enumerate(m) if v < 0), len(m))
    head = [int(v) for v in m[:length]]
    if length == 0 or any(v >= 0 for v in m[length:]) or sorted(head) != list(range(length)):
        return None
    return length, head


def _involution_factors(p):
    """(Q, D) with Q D Q^T the [30, 30] selection of permutation p (its own inverse) on the canvas's first
    lines: Q [30, L] holds e_a for a fixed line a, e_a + e_b and e_a - e_b for a swapped pair (D 1, 1/2, -1/2);
    every product and sum is exact in float32."""
    length = len(p)
    q, d = np.zeros((N, length), np.float32), []
    for a, b in enumerate(p):
        if a == b:
            q[a, len(d)] = 1.0
            d.append(1.0)
        elif a < b:
            q[[a, b], len(d)] = 1.0
            q[[a, b], len(d) + 1] = 1.0, -1.0
            d += [0.5, -0.5]
    return q, np.array(d, np.float32)


def embedded_permutation_model(imap):
    """One Einsum: out[r, s] = X[p[r], q[s]] for r, s below L (X the input or its transpose), zero beyond."""
    rows, cols = _prefix_permutation(imap.rows), _prefix_permutation(imap.cols)
    if rows is None or cols is None or rows[0] != cols[0]:
        return None
    if any(p[p[a]] != a for _, p in (rows, cols) for a in range(len(p))):
        return None
    length = rows[0]
    g = Graph()
    row_src, col_src = ("j", "i") if imap.transpose else ("i", "j")
    source, operands, terms = "bcij", [], []
    for (_, p), src, out, k in ((rows, row_src, "r", "k"), (cols, col_src, "s", "l")):
        if p == list(range(length)):
            # the identity: the output line reads the same input line (the input is zero beyond the grid)
            source = source.replace(src, out)
            continue
        q, d = _involution_factors(p)
        embed, weight = g.const(q, name="embed"), g.const(d, name="weight")
        # Q[src, k] D[k] Q[out, k]  ->  1 where src == p[out]
        operands += [embed, weight, embed]
        terms += [f"{src}{k}", k, f"{out}{k}"]
    eq = ",".join([source] + terms) + "->bcrs"
    return g.model(g.Einsum(g.input, *operands, equation=eq))


def _reversal_taps(perm):
    """(kernel, stride, dilation, begin pad, end pad) along one axis for a Conv whose output line r < L reads
    line L-1-r of the grid (perm reversed) or line r (perm the identity); None for any other permutation.
    Reversed: stride L and dilation L+1 put tap u of line r at L-1-u + L (r-u), on the grid only for u = r;
    lines r >= L read no grid line, and the end pad keeps 30 of them."""
    length, p = perm
    if p == list(range(length)):
        return 1, 1, 1, 0, 0
    if p != list(range(length))[::-1]:
        return None
    return length, length, length + 1, (length - 1) * length, N * (length - 1)


def reversal_conv_model(imap):
    """One depthwise Conv for a grid of one fixed size flipped along one or both axes (all-one taps)."""
    perms = (_prefix_permutation(imap.rows), _prefix_permutation(imap.cols))
    if imap.transpose or None in perms:
        return None
    taps = [_reversal_taps(p) for p in perms]
    if None in taps or all(t[0] == 1 for t in taps):
        return None
    (kh, sh, dh, bh, eh), (kw, sw, dw, bw, ew) = taps
    g = Graph()
    y = g.Conv(g.input, g.const(np.ones((C, 1, kh, kw), np.float32), name="taps"), group=C, strides=[sh, sw],
               dilations=[dh, dw], pads=[bh, bw, eh, ew])
    return g.model(y)


def square_flip_variable(axis: int, label: str):
    """Flip a square grid of any size along `axis` (2 rows, 3 columns): its side is the square root of its
    cell count (exact in float32), and Gather reads line side-1-k (negative indices wrap to the zero lines
    beyond the grid). No weighted sum and division to read one side: 162, where `flip_variable` costs 196."""
    g = Graph()
    cells = g.Einsum(g.input, equation="bcij->b", name="cell_count")
    side = g.Cast(g.Sqrt(cells, name="side_f"), to=TensorProto.INT32, name="side")
    idx = g.Sub(side, g.const(np.arange(1, N + 1, dtype=np.int32), name="one_to_n"), name="source_index")
    return label, g.model(g.Gather(g.input, idx, axis=axis))


_FLIP_AXES = {"flip_lr": 3, "flip_ud": 2}


class Dihedral(FittedTransform, Solver, name="dihedral",
               tasks=("task087", "task140", "task150", "task155", "task179", "task241", "task380"),
               refuses="task016"):
    """Output = the input flipped, rotated by 90/180/270 degrees or transposed (same colours)."""

    allow_colormap = False

    def transforms(self, examples):
        yield from D8.items()

    def variable(self, label):
        """A flip of a grid of any size: the graph reads the grid's extent."""
        axis = _FLIP_AXES.get(label)
        return flip_variable(axis, f"{self.name}:{label}:variable") if axis else None

    def candidates(self, examples):
        """Each plan's graphs, and where every grid shown is square, the flip of a square grid of any size."""
        square = all(g.shape[0] == g.shape[1] for pair in examples for g in pair)
        for plan in self.fits(examples):
            yield from self.plan_candidates(plan)
            label = plan[1][0].split(":")[1] if plan[1] is not None else None
            if square and label in _FLIP_AXES:
                yield square_flip_variable(_FLIP_AXES[label], f"{self.name}:{label}:square-variable")

    def plan_candidates(self, plan):
        yield from super().plan_candidates(plan)
        fixed = plan[0]
        if fixed is not None and fixed.cmap is None:
            model = embedded_permutation_model(fixed.imap)
            if model is not None:
                yield f"{fixed.label}:embedded-permutation", model
            model = reversal_conv_model(fixed.imap)
            if model is not None:
                yield f"{fixed.label}:reversal-conv", model
