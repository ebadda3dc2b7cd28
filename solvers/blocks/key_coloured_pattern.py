"""Key-coloured pattern: a fixed-size grid holds a small k x k colour key in one corner and, across separator
lines, an m x m pattern of one colour; the output is the pattern with each cell coloured by the key
cell of its block (the key scaled up to the pattern).

Graph: the key's corner from ArgMax over a key-cell profile, its colours by two Gathers of a colour-
value map, the pattern moved to the origin by two Gathers of its mask, the key scaled by two Gathers,
and one Equal decoding the colour code."""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import N, fixed_shape


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
        g = Graph()
        colours = g.const(np.arange(10, dtype=np.float32).reshape(1, 10, 1, 1), name="colours")
        value = g.Conv(g.input, colours, name="colour_value")
        keyw = np.ones((1, 10, 1, 1), np.float32)
        keyw[0, [0, sep, pat]] = 0
        key_cells = g.Conv(g.input, g.const(keyw, name="key_w"), name="key_cells")
        patw = np.zeros((1, 10, 1, 1), np.float32)
        patw[0, pat] = 1
        pattern = g.Conv(g.input, g.const(patw, name="pattern_w"), name="pattern_cells")
        ar = g.const(np.arange(N, dtype=np.int64), name="arange")
        block = g.const(np.minimum(np.arange(N) // (m // k), k - 1).astype(np.int64), name="key_index")
        last = g.ints([N - 1], name="last")
        key, pat_m = value, pattern
        for axis, label in ((2, "row"), (3, "col")):
            profile = g.ReduceMax(key_cells, axes=[0, 1, 5 - axis], keepdims=0, name=f"key_{label}s")
            start = g.ArgMax(profile, axis=0, keepdims=1, name=f"key_{label}")                      # [1]
            at_start = g.Cast(g.Equal(start, g.ints([0], name="zero_i"), name=f"key_first_{label}"),
                              to=7, name=f"key_first_{label}_i")
            offset = g.Mul(at_start, g.ints([k + 1], name="k_plus_1"), name=f"pattern_{label}")
            key = g.Gather(key, g.Add(block, start, name=f"key_{label}_src"), axis=axis, name=f"key_by_{label}")
            pat_m = g.Gather(pat_m, g.Min(g.Add(ar, offset, name=f"pat_{label}_src"), last,
                                          name=f"pat_{label}_clip"), axis=axis, name=f"pattern_by_{label}")
        inside = np.zeros((1, 1, N, N), bool)
        inside[0, 0, :m, :m] = True
        code = g.Where(g.Greater(pat_m, g.const(np.array([0.5], np.float32), name="half"), name="pattern_cell"),
                       key, g.const(np.zeros(1, np.float32), name="zero"), name="pattern_code")
        code = g.Where(g.const(inside, name="out_area"), code, g.const(np.array([-1], np.float32), name="outside"),
                       name="code")
        return g.model(g.Equal(code, colours))
