"""Key-coloured pattern: a fixed-size grid holds a small k x k colour key in one corner and, across separator
lines, an m x m pattern of one colour; the output is the pattern with each cell coloured by the key
cell of its block (the key scaled up to the pattern).

Graph: per axis, whether the key sits at the start (a key cell on line 0: the rule's r0 == 0) as a two-
side one-hot; one Einsum reads the key's colour values through constant [2 sides, k, 30] line maps and
scales them to m x m; a second Einsum multiplies in the pattern mask read through [2 sides, m, 30] maps,
giving the colour code [1,m,m]; cast to uint8, the one-QLinearConv code decoder writes `output`. Exact wherever
the rule applies (no window beyond the plan's S)."""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import N, fixed_shape
from ..local._code_decode import decode_code


def key_pattern(grid, sep, pat, k):
    S = grid.shape[0]
    m = S - k - 1
    if grid.shape != (S, S) or m % k:
        return None
    key = np.argwhere((grid != 0) & (grid != sep) & (grid != pat))
    if not len(key):
        return None
    r0, c0 = key.min(0)
    if r0 not in (0, S - k) or c0 not in (0, S - k):
        return None
    K = grid[r0:r0 + k, c0:c0 + k]
    ro, co = (k + 1 if r0 == 0 else 0), (k + 1 if c0 == 0 else 0)
    cells = grid[ro:ro + m, co:co + m] == pat
    scaled = np.kron(K, np.ones((m // k, m // k), int))
    return np.where(cells, scaled, 0)


class KeyColouredPattern(Solver, name="key_coloured_pattern", tasks=("task189",), refuses="task183",
                         aliases=("c3_keypattern",)):
    """A corner colour key and a one-colour pattern across separators: output = the pattern coloured block-wise by the
    key scaled up to it."""

    def plans(self, examples):
        shape = fixed_shape(examples)
        if shape is None or shape[0] != shape[1]:
            return
        S = shape[0]
        first = examples[0][0]
        rows = [r for r in range(S) if len(set(first[r].tolist())) == 1 and first[r, 0] != 0]
        if not rows:
            return
        sep = int(first[rows[0], 0])
        counts = np.bincount(first.ravel(), minlength=10)
        counts[[0, sep]] = 0
        pat = int(np.argmax(counts))
        for k in (2, 3):
            yield S, sep, pat, k

    def rule(self, plan, grid):
        S, sep, pat, k = plan
        return key_pattern(grid, sep, pat, k) if grid.shape == (S, S) else None

    def build(self, plan):
        S, sep, pat, k = plan
        m = S - k - 1
        b = m // k
        g = Graph()
        keyw = np.ones(10, np.float32)
        keyw[[0, sep, pat]] = 0
        key_mask = g.const(keyw, name="key_mask")
        edge = g.const(np.eye(1, N, dtype=np.float32)[0], name="first_line")               # [30]: line 0
        one = g.const(np.ones(1, np.float32), name="one")
        flags = []
        for label, eq in (("row", "bchw,c,h->b"), ("col", "bchw,c,w->b")):
            # key at the start of this axis <=> a key cell on its line 0 (the rule's r0 == 0 / c0 == 0)
            t = g.Min(g.Einsum(g.input, key_mask, edge, equation=eq, name=f"key_on_{label}0"), one,
                      name=f"key_first_{label}")
            flags.append(g.Concat(g.Sub(one, t, name=f"key_last_{label}"), t, axis=0, name=f"key_side_{label}"))
        # [2 sides, k key lines, 30]: key line q sits at S-k+q (key last) or q (key first)
        kl = np.zeros((2, k, N), np.float32)
        # [2 sides, m pattern lines, 30]: pattern line i sits at i (key last) or k+1+i (key first)
        pl = np.zeros((2, m, N), np.float32)
        for q in range(k):
            kl[0, q, S - k + q] = kl[1, q, q] = 1
        for i in range(m):
            pl[0, i, i] = pl[1, i, k + 1 + i] = 1
        key_line = g.const(kl, name="key_line")
        pat_line = g.const(pl, name="pattern_line")
        block = g.const(np.kron(np.eye(k, dtype=np.float32), np.ones((b, 1), np.float32)), name="block")  # [m,k]
        values = g.const(np.arange(10, dtype=np.float32), name="colour_values")
        patw = np.zeros((1, 10), np.float32)
        patw[0, pat] = 1
        # the key's colour value scaled to the m x m pattern
        key = g.Einsum(g.input, values, key_line, flags[0], block, key_line, flags[1], block,
                       equation="bchw,c,aqh,a,iq,erw,e,jr->bij", name="key_scaled")
        code = g.Einsum(g.input, g.const(patw, name="pattern_mask"), pat_line, flags[0], pat_line, flags[1], key,
                        equation="bchw,xc,aih,a,ejw,e,bij->bxij", name="code")            # [1,1,m,m]
        colour = g.Cast(code, to=2, name="colour")                                         # uint8 [1,1,m,m]
        return g.model(decode_code(g, colour, (m, m), plus_one=True))
