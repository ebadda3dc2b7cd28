"""The grid flipped, rotated or transposed: the eight symmetries of the square.

For a grid of one fixed size L x L (a fitted map that permutes the first L rows and columns and reads
nothing beyond), a cheaper graph than the general index-map ones: one Einsum whose per-axis selection is
E P E^T, E the [30, L] embedding of the grid's lines into the canvas and P the L x L permutation, so the
[30, L] embedding is stored once for both axes (30 L + L^2 weights, not 60 L); an axis whose P is the
identity reads the input line of the output's own index (the input is zero beyond the grid), no weights."""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_graph import flip_variable
from .._common_grids import D8, N
from ._fitted_maps import FittedTransform


def _prefix_permutation(m):
    """(L, p) when map m reads p[r] for r < L (p a permutation of 0..L-1) and nothing beyond, else None."""
    length = next((r for r, v in enumerate(m) if v < 0), len(m))
    head = [int(v) for v in m[:length]]
    if length == 0 or any(v >= 0 for v in m[length:]) or sorted(head) != list(range(length)):
        return None
    return length, head


def embedded_permutation_model(imap):
    """One Einsum: out[r, s] = X[p[r], q[s]] for r, s below L (X the input or its transpose), zero beyond."""
    rows, cols = _prefix_permutation(imap.rows), _prefix_permutation(imap.cols)
    if rows is None or cols is None or rows[0] != cols[0]:
        return None
    length = rows[0]
    g = Graph()
    embed = g.const(np.eye(N, length, dtype=np.float32), name="embed")
    row_src, col_src = ("j", "i") if imap.transpose else ("i", "j")
    source, operands, terms = "bcij", [], []
    for (_, p), src, out, (k, l) in ((rows, row_src, "r", "kl"), (cols, col_src, "s", "mn")):
        if p == list(range(length)):
            # the identity: the output line reads the same input line (the input is zero beyond the grid)
            source = source.replace(src, out)
            continue
        mat = np.zeros((length, length), np.float32)
        mat[np.arange(length), p] = 1.0
        # E[src, k] P[l, k] E[out, l]  ->  1 where src == p[out]
        operands += [embed, g.const(mat, name="permute"), embed]
        terms += [f"{src}{k}", f"{l}{k}", f"{out}{l}"]
    eq = ",".join([source] + terms) + "->bcrs"
    return g.model(g.Einsum(g.input, *operands, equation=eq))


class Dihedral(FittedTransform, Solver, name="dihedral",
               tasks=("task087", "task140", "task150", "task155", "task179", "task241", "task380"),
               refuses="task016"):
    """Output = the input flipped, rotated by 90/180/270 degrees or transposed (same colours)."""

    allow_colormap = False

    def transforms(self, examples):
        yield from D8.items()

    def variable(self, label):
        """A flip of a grid of any size: the graph reads the grid's extent."""
        axis = {"flip_lr": 3, "flip_ud": 2}.get(label)
        return flip_variable(axis, f"{self.name}:{label}:variable") if axis else None

    def plan_candidates(self, plan):
        yield from super().plan_candidates(plan)
        fixed = plan[0]
        if fixed is not None and fixed.cmap is None:
            model = embedded_permutation_model(fixed.imap)
            if model is not None:
                yield f"{fixed.label}:embedded-permutation", model
