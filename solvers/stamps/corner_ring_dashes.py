"""Corner ring dashes: four single cells on the corners of a rectangle, diagonal corners sharing a colour (A top
left and bottom right, B the other two). Each corner cell keeps its colour and gets a 3x3 ring of the other
colour; the rectangle's sides get gray dashes: a side cell whose distance to its nearer corner is even and
at least 2.

Graph: no plane at all. The input's row and column profiles give the corner lines; small int8 / float16
vector arithmetic gives the dash lines and the corners' order; one Einsum of six separable terms (row vector
x column vector x colour vector, see `build`) writes `output`.
"""
from __future__ import annotations

import numpy as np
from onnx import TensorProto

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import same_shape

GRAY = 5
BIG = 1024          # above any grid's area: the black term's count, less this where a ring or dash is painted

# the dash rows' lookup by the distance to the nearer corner line, -29..14 (negative: outside, read from the end)
DASH_TABLE = np.array([k >= 2 and k % 2 == 0 for k in range(15)] + [False] * 30, np.float16)

# the six terms' colour mix over (2 (a + b), a, black, gray); the terms' line vectors on either axis are the grid's
# extent, the 3-line bands of 2 (p + q) and 2 (p - q), 2 (p - q), then (rows) 2 (p + q) and dash, (columns) dash
# and 2 (p + q): the fifth and sixth terms pair corner rows with dash columns and dash rows with corner columns
TERM_MIX = np.array([[0, 0, 1, 0],                       # grid extent x extent: black
                     [1 / 16, 0, -BIG / 4, 0],           # bands' sum: (a + b) / 2, not black
                     [1 / 16, -1 / 4, 0, 0],             # bands' difference: (b - a) / 2
                     [-1 / 8, 1 / 2, 0, 0],              # corner lines' difference: a - b
                     [0, 0, -BIG / 2, 1 / 2],            # corner rows x dash columns: gray
                     [0, 0, -BIG / 2, 1 / 2]], np.float16)  # dash rows x corner columns: gray


def corners(grid: np.ndarray):
    """(r1, r2, c1, c2, A, B) of the four corner cells, or None where the grid is not such a picture."""
    rs, cs = np.nonzero(grid)
    if len(rs) != 4:
        return None
    r1, r2, c1, c2 = rs.min(), rs.max(), cs.min(), cs.max()
    if {(int(r), int(c)) for r, c in zip(rs, cs)} != {(r1, c1), (r1, c2), (r2, c1), (r2, c2)}:
        return None
    a, b = int(grid[r1, c1]), int(grid[r1, c2])
    if a == b or a == GRAY or b == GRAY or grid[r2, c2] != a or grid[r2, c1] != b:
        return None
    if r1 < 1 or c1 < 1 or r2 > grid.shape[0] - 2 or c2 > grid.shape[1] - 2 or r2 - r1 < 4 or c2 - c1 < 4:
        return None
    return int(r1), int(r2), int(c1), int(c2), a, b


def dash_marks(n: int, lo: int, hi: int) -> np.ndarray:
    """Positions 0..n-1 whose distance to the nearer of lo and hi is even and at least 2 (between them)."""
    idx = np.arange(n)
    d = np.minimum(idx - lo, hi - idx)
    return (d >= 2) & (d % 2 == 0)



class CornerRingDashes(Solver, name="corner_ring_dashes", tasks=("task387",), refuses="task002",
                       fit_splits=("train", "arc-gen")):
    """Four cells on a rectangle's corners (diagonal corners one colour): each gets a 3x3 ring of the other colour, and
    gray dashes mark every second cell of the rectangle's sides, counted from the nearer corner."""

    def plans(self, examples):
        if same_shape(examples) and all(i.any() for i, _ in examples):
            yield max(max(i.shape) for i, _ in examples)

    def rule(self, plan, grid):
        side = plan
        found = corners(grid)
        if max(grid.shape) > side or found is None:
            return None
        r1, r2, c1, c2, a, b = found
        out = grid.copy()
        h, w = grid.shape
        rows_d, cols_d = dash_marks(h, r1, r2), dash_marks(w, c1, c2)
        for r in (r1, r2):
            out[r, cols_d] = GRAY
        for c in (c1, c2):
            out[rows_d, c] = GRAY
        for r, c in ((r1, c1), (r1, c2), (r2, c1), (r2, c2)):
            colour = int(grid[r, c])
            out[r - 1:r + 2, c - 1:c + 2] = a + b - colour
            out[r, c] = colour
        return out

    def build(self, plan):
        """One Einsum writes `output` from six separable terms (a row vector, a column vector and a colour
        vector each), all read from the input's row and column profiles: p, q the corner rows (first, last),
        P, Q their 3-row bands, and likewise u, v, U, V for columns; a, b the corner colours (one-hot):
          black     (grid rows) x (grid cols)            - BIG (ring blocks and dashes)
          rings     (a + b) / 2 (P + Q) x (U + V)        + (b - a) / 2 (P - Q) x (U - V)
          corners   (a - b) (p - q) x (u - v)            (turns each block's centre back to its corner)
          dashes    gray ((p + q) x Dc + Dr x (u + v))   (Dr: rows between whose distance to the nearer
                                                          corner row is even and >= 2, by one table Gather)
        Black is an area count (>0 on the grid) less BIG on painted cells; the other channels are exact 0/1
        (every factor is a small dyadic number). Line arithmetic runs on int8, the vectors on float16; a + b
        is the corners' colour count, a the corner colour of the larger sum of row x column (a's corners
        outweigh b's by the rectangle's area)."""
        g = Graph()
        f = lambda v, name: g.const(np.asarray(v, np.float32), name=name)
        h16 = lambda v, name: g.const(np.asarray(v, np.float16), name=name)
        not_black = f((np.arange(10) > 0).reshape(1, 10), "not_black")
        index = np.arange(30)
        lines = {}
        for tag, keep in (("r", "i"), ("c", "j")):
            cnt = g.Einsum(g.input, not_black, equation=f"bcij,xc->bx{keep}", name=f"{tag}_corners")  # 2 on corner lines
            size = g.Einsum(g.input, f(np.ones((1, 10)), "all_colours"), equation=f"bcij,xc->bx{keep}",
                            name=f"{tag}_cells")                                    # the grid's extent on its lines
            lo, hi = (g.Cast(g.ArgMax(cnt, axis=2, keepdims=1, select_last_index=last, name=f"{tag}_{end}_i"),
                             to=TensorProto.INT8, name=f"{tag}_{end}")
                      for end, last in (("lo", 0), ("hi", 1)))                      # [1,1,1] first / last corner line
            idx = g.const(index.astype(np.int8).reshape(1, 1, 30), name="line_index")
            from_lo, to_hi = g.Sub(idx, lo, name=f"{tag}_from_lo"), g.Sub(hi, idx, name=f"{tag}_to_hi")
            nearer = g.Cast(g.Min(from_lo, to_hi, name=f"{tag}_nearer_i8"), to=TensorProto.INT32,
                            name=f"{tag}_nearer")                                   # -29..14, negative outside
            dash = g.Gather(h16(DASH_TABLE, "dash_table"), nearer, name=f"{tag}_dash")  # [1,1,30] float16
            order = g.Cast(g.Sign(g.Sub(to_hi, from_lo, name=f"{tag}_lean_i8"), name=f"{tag}_order_i8"),
                           to=TensorProto.FLOAT16, name=f"{tag}_order")             # +1 before the middle, -1 after
            cnt16 = g.Cast(cnt, to=TensorProto.FLOAT16, name=f"{tag}_corners16")      # 2 (p + q)
            signed = g.Mul(cnt16, order, name=f"{tag}_signed")                           # 2 (p - q)
            band = lambda v, name: g.Conv(v, h16(np.ones((1, 1, 3)), "band_taps"), pads=[1, 1], name=name)
            ends = (cnt16, dash) if tag == "r" else (dash, cnt16)
            lines[tag] = g.Concat(g.Cast(size, to=TensorProto.FLOAT16, name=f"{tag}_cells16"),
                                  band(cnt16, f"{tag}_band_sum"), band(signed, f"{tag}_band_diff"), signed, *ends,
                                  axis=1, name=f"{tag}_terms")                              # [1,6,30]
        pair = g.Einsum(g.input, not_black, equation="bcij,xc->bxc", name="ab_sum")           # 2 (a + b)
        moment = g.Einsum(g.input, not_black, f(index, "line_f"), f(index, "line_f"), equation="bcij,xc,i,j->bxc",
                          name="corner_moment")                                              # [1,1,10]
        first = g.Cast(g.Equal(moment, g.ReduceMax(moment, axes=[2], keepdims=1, name="top_moment"),
                               name="a_b"), to=TensorProto.FLOAT16, name="a")                # one-hot a
        fixed = np.zeros((1, 2, 10), np.float16)
        fixed[0, 0, 0] = fixed[0, 1, GRAY] = 1                                              # black, gray
        colours = g.Concat(g.Cast(pair, to=TensorProto.FLOAT16, name="ab_sum16"), first, h16(fixed, "black_gray"), axis=1,
                           name="colour_rows")                                               # [1,4,10]
        return g.model(g.Einsum(h16(TERM_MIX, "term_mix"), colours, lines["r"], lines["c"],
                                equation="tk,bkc,bti,btj->bcij", name="output"))
