"""Key-coloured pattern: a fixed-size grid holds a small k x k colour key in one corner and, across separator
lines, an m x m pattern of one colour; the output is the pattern with each cell coloured by the key
cell of its block (the key scaled up to the pattern).

Graph: per axis, whether the key sits at the start (a key cell on line 0: the rule's r0 == 0) as a two-
side one-hot; one Einsum reads the key's colour values through constant [2 sides, k, S] line maps, scales
them to m x m and multiplies in the pattern mask read through [2 sides, m, S] maps (an [S,30] identity
embedding brings the canvas lines down, where cheaper than 30-long maps), giving the colour code [1,1,m,m];
a QuantizeLinear makes it colour + 1 bytes and the one-QLinearConv code decoder writes `output`. Exact
wherever the rule applies (no window beyond the plan's S)."""
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
        # lines are read through an [S,30] identity embedding when that is cheaper than 30-long line maps
        L = S if N * S + (2 * (m + k) + 1) * S < (2 * (m + k) + 1) * N else N
        edge = g.const(np.eye(1, L, dtype=np.float32)[0], name="first_line")               # [L]: line 0
        one = g.const(np.ones(1, np.float32), name="one")
        embed = g.const(np.eye(L, N, dtype=np.float32), name="embed") if L < N else None     # [L,30]
        flags = []
        for label, eq in (("row", "bchw,c,Hh,H->b"), ("col", "bchw,c,Ww,W->b")):
            if L == N:
                eq = eq.replace(",Hh,H", ",h").replace(",Ww,W", ",w")
            # key at the start of this axis <=> a key cell on its line 0 (the rule's r0 == 0 / c0 == 0)
            t = g.Min(g.Einsum(g.input, key_mask, *([embed] if L < N else []), edge, equation=eq,
                               name=f"key_on_{label}0"), one,
                      name=f"key_first_{label}")
            flags.append(g.Concat(g.Sub(one, t, name=f"key_last_{label}"), t, axis=0, name=f"key_side_{label}"))
        # [2 sides, k key lines, L]: key line q sits at S-k+q (key last) or q (key first)
        kl = np.zeros((2, k, L), np.float32)
        # [2 sides, m pattern lines, L]: pattern line i sits at i (key last) or k+1+i (key first)
        pl = np.zeros((2, m, L), np.float32)
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
        # one Einsum: the key's colour code scaled to the m x m pattern times the pattern mask (operands in an
        # order ONNX Runtime contracts with small intermediates: each canvas read brought down at once)
        key_ins = [g.input, values, key_line, flags[0], block, key_line, flags[1], block]
        pat_ins = [g.input, g.const(patw, name="pattern_mask"), pat_line, flags[0], pat_line, flags[1]]
        if L < N:
            ins = pat_ins[:2] + [embed] + pat_ins[2:4] + [embed] + pat_ins[4:] \
                + key_ins[:2] + [embed] + key_ins[2:5] + [embed] + key_ins[5:]
            terms = "bcHW,xc,yH,aiy,a,zW,ejz,e,BCPQ,C,YP,AqY,A,iq,ZQ,DtZ,D,jt"
        else:       # the line maps read the canvas lines themselves
            ins = key_ins + pat_ins
            terms = "BCPQ,C,AqP,A,iq,DtQ,D,jt,bcHW,xc,aiH,a,ejW,e"
        code = g.Einsum(*ins, equation=terms + "->bxij", name="code")                       # [1,1,m,m]
        # colour + 1 bytes (zero point 1: a cell off the pattern reads 1, black) for the code decoder
        colour = g.QuantizeLinear(code, g.const(np.float32(1), name="unit"), g.const(np.uint8(1), name="plus_one"),
                                  name="colour")                                           # uint8 [1,1,m,m]
        return g.model(decode_code(g, colour, (m, m)))
