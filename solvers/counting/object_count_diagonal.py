"""Object count diagonal: the output is an N x N square with the objects' colour on its diagonal, N = how many
separate objects (8-connected) of that colour the grid holds.

Objects are counted without components, by the Euler number of the colour's cells (8-connected objects,
4-connected holes), summed from local patterns: cells - 8-adjacent pairs + triples inside a 2x2 block -
full 2x2 blocks. It counts objects minus holes; a hole of a small sprite is one background cell whose four
neighbours are all the colour, so those cells are added back. The rule refuses any grid where this local
count differs from the true object count (a bigger hole, say).

Graph: each pattern count is one Einsum reading the free `input` (the colour picked by a one-hot channel
vector, neighbours by a 30 x 30 shift matrix) down to a scalar; a Sum gives N; Less(line, N) marks the
square's lines, and one Einsum of quadratic forms in the line index ((i - j)^2 for the background,
1 - (i - j)^2 for the colour) writes `output`.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import spread_ids

# (sign, einsum operands after the colour picks): every pixel operand is "b?xy" with its own channel letter
# c..h; `S` operands are the shift matrix, S[p, q] = [q == p + 1]. Block pixels: A (i,j), B (i,l), C (k,j),
# D (k,l), with S_ik, S_jl.
_BLOCK = {"A": "ij", "B": "il", "C": "kj", "D": "kl"}
PATTERNS = [
    (+1, ["ij"], []),                                    # cells
    (-1, ["ij", "il"], ["jl"]),                          # horizontal pairs
    (-1, ["ij", "kj"], ["ik"]),                          # vertical pairs
    (-1, ["ij", "kl"], ["ik", "jl"]),                    # diagonal pairs
    (-1, ["il", "kj"], ["ik", "jl"]),                    # anti-diagonal pairs
    *[(+1, [_BLOCK[p] for p in "ABCD" if p != gone], ["ik", "jl"]) for gone in "ABCD"],   # block triples
    (-1, [_BLOCK[p] for p in "ABCD"], ["ik", "jl"]),     # full blocks
]
# a single-cell hole: background at (i,j), the colour above (u,j), below (d,j), left (i,p), right (i,q)
HOLE = ["ij", "uj", "dj", "ip", "iq"], ["ui", "id", "pj", "jq"]


def local_count(mask) -> int:
    """What the graph counts: the Euler number of the mask plus its single-cell 4-enclosed holes."""
    m = np.pad(mask.astype(int), 1)
    a, b, c, d = m[:-1, :-1], m[:-1, 1:], m[1:, :-1], m[1:, 1:]
    euler = (m.sum() - (a * b).sum() - (a * c).sum() - (a * d).sum() - (b * c).sum()
             + (a * b * c + a * b * d + a * c * d + b * c * d).sum() - (a * b * c * d).sum())
    ctr = m[1:-1, 1:-1]
    holes = ((1 - ctr) * m[:-2, 1:-1] * m[2:, 1:-1] * m[1:-1, :-2] * m[1:-1, 2:]).sum()
    return int(euler + holes)


def object_count(mask) -> int:
    _, ids, v = spread_ids(mask)
    return int(((v == ids) & mask).sum())


class ObjectCountDiagonal(Solver, name="object_count_diagonal", tasks=("task325",), refuses="task174",
                          aliases=("c7_count_diagonal",), fit_splits=("train", "test", "arc-gen")):
    """Output = N x N square with the objects' colour on its diagonal, N = number of separate objects (8-connected) in
    the grid."""

    def plans(self, examples):
        colours = set()
        for i, _ in examples:
            present = set(np.unique(i).tolist()) - {0}
            if len(present) != 1:
                return
            colours |= present
        if len(colours) == 1:
            yield {"colour": colours.pop()}

    def rule(self, plan, grid):
        """The square, where the local pattern count is the object count."""
        mask = grid == plan["colour"]
        count = object_count(mask)
        if count == 0 or count > 30 or local_count(mask) != count:
            return None
        return np.where(np.eye(count, dtype=bool), plan["colour"], 0)

    def build(self, plan):
        g = Graph()
        c = plan["colour"]
        pick = np.zeros(10, np.float32)
        pick[c] = 1
        picks = {+1: g.const(pick, name="colour_pick"), -1: g.const(-pick, name="colour_pick_neg")}
        background = g.const(1 - pick, name="background_pick")
        shift = g.const(np.eye(30, k=1, dtype=np.float32), name="shift")             # S[p, p + 1] = 1

        def pattern_sum(pixels, shifts, sign=+1, first_pick=None):
            """Sum over the canvas of the product of the picked pixels (the first one's pick signed); each
            shift follows the pixels that cover its indices, so the pairwise contractions stay small."""
            letters, ops, terms, seen, pending = "cefgh", [], [], set(), list(shifts)
            for n, xy in enumerate(pixels):
                ops += [g.input, (first_pick or picks[sign]) if n == 0 else picks[+1]]
                terms += [f"b{letters[n]}{xy}", letters[n]]
                seen |= set(xy)
                for sh in [s for s in pending if set(s) <= seen]:
                    pending.remove(sh)
                    ops.append(shift)
                    terms.append(sh)
            return g.Einsum(*ops, equation=",".join(terms) + "->", name="pattern")

        counts = [pattern_sum(px, sh, sign) for sign, px, sh in PATTERNS]
        counts.append(pattern_sum(*HOLE, first_pick=background))
        n_objects = g.Sum(*counts, name="n_objects")                                  # scalar N
        # the square rendered by one Einsum straight into `output`: with r_i = [i < N] and the line powers
        # phi(i) = (1, i, i^2), channel 0 holds r_i r_j (i - j)^2 (> 0 off the diagonal), the colour
        # r_i r_j (1 - (i - j)^2) (> 0 on it), every other channel 0; all small exact integers
        line = np.arange(30, dtype=np.float32)
        inside = g.Cast(g.Less(g.const(line, name="line"), n_objects, name="line_in_b"), to=1, name="line_in")
        phi = g.const(np.stack([np.ones(30), line, line * line]).astype(np.float32), name="line_powers")  # [3,30]
        w = np.zeros((1, 10, 3, 3), np.float32)
        w[0, 0] = [[0, 0, 1], [0, -2, 0], [1, 0, 0]]      # i^2 - 2ij + j^2
        w[0, c] = -w[0, 0]
        w[0, c, 0, 0] = 1.0                                 # 1 - (i - j)^2
        return g.model(g.Einsum(inside, inside, phi, phi, g.const(w, name="square_form"),
                                equation="i,j,mi,nj,bcmn->bcij"))
