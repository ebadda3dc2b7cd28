"""Centred quad overlay: every non-background colour is four pixels, the corners of a rectangle or the
mid-edge points of a square (a diamond); each group is moved so that its bounding-box centre lands on the centre of a
(2h+1)-square of background, h being half the widest group's extent, and the groups are laid over each other.

Graph (no canvas-sized intermediates): per colour, four Einsums give the sums of the row and column index and
their squares over its cells, and a ReduceSum its size (the background is the most frequent colour); for a
four-cell group Q = 4 S2 - S1^2 is 16a^2 (corners) or 8a^2 (diamond), so a whole sqrt(Q) tells corners from a
diamond and the extents er, ec follow exactly (float32 sqrt of perfect squares), 2h = the largest extent. On
the K x K square (K = 2H+1, H the largest half-size shown) with distances dy = |2Y - 2h|, dx = |2X - 2h|, a
group's cells are (dy == er & dx == ec) for corners and
(dy == er & dx == 0) | (dy == 0 & dx == ec) for a diamond, each a row flag times a column flag; two float16
Einsums sum (c + 1) times them over the colours into the square's colour code (the groups never overlap), one
Where gives the (2h+1)-square's uncovered cells the background's, and one padding QLinearConv decodes it into
`output`.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from ..local._code_decode import decode_code


def _groups(grid: np.ndarray):
    """(background, {colour: (row centre*2, col centre*2, extent)}) or None."""
    values, counts = np.unique(grid, return_counts=True)
    if len(values) < 2 or (counts == counts.max()).sum() != 1:
        return None
    bg = int(values[counts.argmax()])
    groups = {}
    for c in values:
        if c == bg:
            continue
        ys, xs = np.nonzero(grid == c)
        groups[int(c)] = (ys.min() + ys.max(), xs.min() + xs.max(), max(ys.max() - ys.min(), xs.max() - xs.min()))
    return bg, groups


def overlay(grid: np.ndarray, max_half: int) -> np.ndarray | None:
    found = _groups(grid)
    if found is None:
        return None
    bg, groups = found
    two_h = max(e for _, _, e in groups.values())
    if two_h % 2 or two_h == 0 or two_h > 2 * max_half:
        return None
    h = two_h // 2
    out = np.full((two_h + 1, two_h + 1), bg, grid.dtype)
    taken = np.zeros(out.shape, bool)
    for c, (r2, c2, _) in groups.items():
        if r2 % 2 or c2 % 2:
            return None
        ys, xs = np.nonzero(grid == c)
        ys, xs = ys - r2 // 2 + h, xs - c2 // 2 + h
        a, b = abs(ys - h).max(), abs(xs - h).max()
        corners = a > 0 and b > 0 and (abs(ys - h) == a).all() and (abs(xs - h) == b).all()
        diamond = a == b > 0 and ((ys == h) ^ (xs == h)).all()
        if len(ys) != 4 or not (corners or diamond):
            return None
        if taken[ys, xs].any():
            return None
        taken[ys, xs] = True
        out[ys, xs] = c
    return out


class CentredQuadOverlay(Solver, name="centred_quad_overlay", tasks=("task308",), refuses="task001",
                         fit_splits=("train", "arc-gen")):
    """Each non-background colour is four pixels (rectangle corners or a diamond); all groups are laid over each other,
    centred on a background square as wide as the widest group."""

    def plans(self, examples):
        """The largest half-size H of the squares shown in train and arc-gen (the generator's reach); the
        rule refuses any input needing more."""
        if any(o.shape[0] != o.shape[1] or o.shape[0] % 2 == 0 for _, o in examples):
            return
        yield max(o.shape[0] for _, o in examples) // 2

    def rule(self, plan, grid):
        return overlay(grid, plan)

    def build(self, plan):
        k = 2 * plan + 1
        g = Graph()
        # a group's four cells from their moments (no canvas-long profiles): with S1, S2 the sums of the row
        # index and its square over the colour's cells, Q = 4 S2 - S1^2 is 16 a^2 for rectangle corners (rows
        # c -+ a, twice each) and 8 a^2 for a diamond (rows c - a, c, c, c + a); so sqrt(Q) is a whole number
        # only for corners, and the extent 2a is sqrt(Q) / 2 (corners) or sqrt(2 Q) / 2 (diamond): exact
        line = np.arange(30, dtype=np.float32)
        def moment(power, term, name):
            return g.Einsum(g.input, g.const((line ** power).reshape(1, 1, 30), name=f"line_pow{power}"),
                            equation=f"bcij,xy{term}->bcxy", name=name)                          # [1,10,1,1]
        def spread(term, tag):
            s1 = moment(1, term, f"sum_{tag}")
            return g.Sub(g.Mul(g.const(np.float32(4), name="four"), moment(2, term, f"sum_sq_{tag}"),
                               name=f"sum_sq4_{tag}"), g.Mul(s1, s1, name=f"sum2_{tag}"), name=f"q_{tag}")
        qr, qc = spread("i", "rows"), spread("j", "cols")
        size = g.ReduceSum(g.input, axes=[2, 3], keepdims=1, name="size")                       # [1,10,1,1]
        big = g.ReduceMax(size, axes=[1], keepdims=1, name="big")
        fg = g.And(g.Less(size, big, name="small"), g.Greater(size, g.const(np.float32(0), name="zero"),
                                                              name="present"), name="fg")
        root = g.Sqrt(qr, name="root_q")
        diamond = g.And(g.Not(g.Equal(g.Floor(root, name="root_floor"), root, name="whole_root"), name="irrational"),
                        fg, name="diamond")
        scale = g.Where(diamond, g.const(np.float32(2), name="two_f"), g.const(np.float32(1), name="one_f"),
                        name="q_scale")
        # extents and distances in float16 (small integers, exact)
        half = lambda v, name: g.const(np.asarray(v, np.float16), name=name)
        none = half(-1, "none")
        extent = lambda q, tag: g.Cast(g.Mul(g.Sqrt(g.Mul(q, scale, name=f"q_scaled_{tag}"), name=f"root_{tag}"),
                                             g.const(np.float32(0.5), name="half_f"), name=f"extent_{tag}"),
                                       to=10, name=f"extent_{tag}_f16")
        er = g.Where(fg, extent(qr, "rows"), none, name="er")                             # -1 off the groups
        ec = g.Where(fg, extent(qc, "cols"), none, name="ec")
        two_h = g.ReduceMax(g.Max(er, ec, name="ext"), axes=[1], keepdims=1, name="two_h")  # [1,1,1,1]
        twice = half(np.arange(k) * 2, "twice")
        d = g.Abs(g.Sub(twice, g.Reshape(two_h, g.ints([1]), name="two_h1"), name="off"), name="dist")  # [K]
        dy = g.Reshape(d, g.ints([1, 1, k, 1]), name="dy")
        dx = g.Reshape(d, g.ints([1, 1, 1, k]), name="dx")
        zero64 = half(0, "zero16")
        row_y, col_x = g.Equal(dy, er, name="row_y"), g.Equal(dx, ec, name="col_x")      # [1,10,K,1], [1,10,1,K]
        mid_y, mid_x = g.Equal(dy, zero64, name="mid_y"), g.Equal(dx, zero64, name="mid_x")
        # corners: row_y & col_x; diamond: (row_y & mid_x) | (mid_y & col_x)
        p = g.Or(g.And(col_x, g.Not(diamond, name="quad"), name="quad_x"), g.And(diamond, mid_x, name="dia_x"),
                 name="p")
        q = g.And(diamond, mid_y, name="q")
        # the groups never overlap and row_y, q never hold together on a group (q needs dy = 0, row_y dy = er > 0;
        # er = -1 off the groups): the square's colour code (colour + 1) is the sum over colours of
        # (c + 1) (row_y p + q col_x), two rank-one float16 Einsums (small integers, exact)
        f16 = lambda x: g.Cast(x, to=10, name=f"{x}_f16")
        codes = half(np.arange(1, 11), "colour_codes")
        by_rows = g.Einsum(f16(row_y), f16(p), codes, equation="bcyo,bcox,c->boyx", name="code_rows")
        by_cols = g.Einsum(f16(q), f16(col_x), codes, equation="bcyo,bcox,c->boyx", name="code_cols")
        code = g.Cast(g.Add(by_rows, by_cols, name="code_f16"), to=2, name="cell_code")                                                  # uint8 [1,1,K,K]
        zero8 = g.const(np.uint8(0), name="zero8")
        ks = half(np.arange(k).reshape(1, 1, 1, k), "ks")
        ys = half(np.arange(k).reshape(1, 1, k, 1), "ys")
        inside = g.And(g.Not(g.Greater(ys, two_h, name="ybeyond2"), name="yin2"),
                       g.Not(g.Greater(ks, two_h, name="xbeyond"), name="xin"), name="square")
        free = g.And(inside, g.Equal(code, zero8, name="uncovered"), name="free")
        bg_code = g.Cast(g.Add(g.ArgMax(size, axis=1, keepdims=1, name="bg"), g.const(np.int64(1), name="one_i"),
                               name="bg_plus_one"), to=2, name="bg_code")                 # [1,1,1,1]
        square = g.Where(free, bg_code, code, name="square_code")                        # uint8 [1,1,K,K]
        return g.model(decode_code(g, square, (k, k)))
