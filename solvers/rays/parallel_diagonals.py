"""A diagonal line with staircase triangles of a marker colour on either side; each
triangle is replaced by a parallel copy of the line one diagonal beyond the triangle's tip.

Everything is measured in diagonal units: key = r-c for a main diagonal (r+c for an anti one; the
line's variance in r-c decides), rel = key - the line's key: the line's sums come from one Einsum of the
input (its grid corner read through two identities) with the powers of r and c (sums of r-c, r+c, 1, (r-c)^2
from the moments r^p c^q), and rel is a row term plus a column term with the picked coefficients. The
triangle tip on each side is the largest +-rel over the marker cells, log_20 of one Einsum of the input with
20^(row term) and 20^(column term), and the new lines are Equal tests of
rel against tip +- 2 (1000 when a side has no triangle). Every line cell is 2, every other 0 (a one-byte
Where), decoded by one padding QLinearConv with zero point 1 (+1 / -1, the padding 0) whose int8 weights are
+1 for the line colour (read from the per-colour counts) and -1 for black.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import fixed_shape, same_shape

GAP = 2
NONE = 1000.0
TIP_BASE = 20.0


def parallel_lines(grid, marker):
    r, c = np.indices(grid.shape)
    colours = set(np.unique(grid).tolist()) - {0, marker}
    if len(colours) != 1:
        return None
    colour = colours.pop()
    line, mark = grid == colour, grid == marker
    pr, pc = np.nonzero(line)
    if len(set((pr - pc).tolist())) == 1:
        key = r - c
    elif len(set((pr + pc).tolist())) == 1:
        key = r + c
    else:
        return None
    rel = key - key[line][0]
    out = np.where(rel == 0, colour, 0)
    for sign in (1, -1):
        side = mark & (sign * rel > 0)
        if side.any():
            out[rel == sign * ((sign * rel[side]).max() + GAP)] = colour
    return out


class ParallelDiagonals(Solver, name="parallel_diagonals", tasks=("task260",), refuses="task390",
                        aliases=("c6_parallel_lines",)):
    """Marker triangles beside a diagonal line become parallel copies of the line beyond their tips."""

    def plans(self, examples):
        shape = fixed_shape(examples)
        if shape is None or not same_shape(examples):
            return
        h, w = shape
        # the graph's log-sum tips (base B): a diagonal's cells plus all others over B stay below B^0.95, and
        # the cells times B^(row term), |row term| <= 2h + w - 3, stay in float32's range
        if min(h, w) + h * w / TIP_BASE >= TIP_BASE ** 0.95 or h * w * TIP_BASE ** (2 * h + w - 3) > 1e38:
            return
        common = set.intersection(*(set(np.unique(i).tolist()) for i, _ in examples))
        for marker in sorted(common - {0}):
            if not any((o == marker).any() for _, o in examples):        # the marker is gone from every output
                yield shape, marker

    def rule(self, plan, grid):
        shape, marker = plan
        return parallel_lines(grid, marker) if grid.shape == shape else None

    def build(self, plan):
        (h, w), marker = plan
        g = Graph()
        # the grid's corner read straight from `input` inside each Einsum: [h,30] and [w,30] identities
        rows_of = g.floats(np.eye(h, 30), name=f"corner_{h}")
        cols_of = rows_of if w == h else g.floats(np.eye(w, 30), name=f"corner_{w}")
        cnt = g.ReduceSum(g.input, axes=[2, 3], keepdims=0, name="cells_per_colour")          # [1,10]
        is_line = np.ones(10, np.float32)
        is_line[[0, marker]] = 0
        r, c = np.arange(h, dtype=np.float32), np.arange(w, dtype=np.float32)
        # the sums of r - c, r + c, 1 and (r - c)^2 over the line cells, from the moments r^p c^q (one Einsum
        # with the powers of r and of c and a [4,3,3] table combining them: no [h,w] planes)
        combine = np.zeros((4, 3, 3), np.float32)
        combine[0, 1, 0], combine[0, 0, 1] = 1, -1                              # r - c
        combine[1, 1, 0], combine[1, 0, 1] = 1, 1                               # r + c
        combine[2, 0, 0] = 1                                                    # 1
        combine[3, 2, 0], combine[3, 1, 1], combine[3, 0, 2] = 1, -2, 1         # (r - c)^2
        sums = g.Einsum(g.input, g.floats(is_line, name="is_line"), rows_of, cols_of,
                        g.floats(np.stack([np.ones(h), r, r * r]), name="row_powers"),
                        g.floats(np.stack([np.ones(w), c, c * c]), name="col_powers"), g.floats(combine, name="combine"),
                        equation="zcab,c,ia,jb,pi,qj,tpq->t", name="line_sums")                # [4]
        s1, s_sum, n, s2 = (g.Gather(sums, g.const(np.int64(t), name=f"at{t}"), name=name)
                            for t, name in enumerate(("diff_sum", "sum_sum", "line_cells", "diff_sq_sum")))
        colour = g.Div(g.Einsum(cnt, g.floats(is_line * np.arange(10)), equation="nc,c->", name="colour_sum"), n,
                       name="line_colour")
        is_main = g.Equal(g.Mul(s1, s1, name="diff_sum_sq"), g.Mul(s2, n, name="diff_sq_n"), name="is_main")
        at = g.Div(g.Where(is_main, s1, s_sum, name="key_sum"), n, name="line_key")
        # rel = key - the line's key, key = r - c (main) or r + c: one Einsum of the planes with [main, anti,
        # -at, 0]
        coef = g.Concat(g.Where(is_main, g.floats([1, 0]), g.floats([0, 1]), name="key_pick"),
                        g.Neg(g.Unsqueeze(at, axes=[0], name="line_key1"), name="minus_key"), g.floats([0.0]),
                        axis=0, name="rel_coef")                                                 # [4]
        # rel = a row term + a column term: (main + anti) r - key and (anti - main) c
        row_part = g.Einsum(coef, g.floats(np.stack([r, r, np.ones(h), np.zeros(h)]).reshape(4, 1, 1, h, 1),
                                           name="row_planes"), equation="t,tnkij->nkij", name="rel_row")   # [1,1,h,1]
        col_part = g.Einsum(coef, g.floats(np.stack([-c, c, np.zeros(w), np.zeros(w)]).reshape(4, 1, 1, 1, w),
                                           name="col_planes"), equation="t,tnkij->nkij", name="rel_col")   # [1,1,1,w]
        rel = g.Add(row_part, col_part, name="rel")                                          # [1,1,h,w]
        # the tips: the largest rel (and -rel) over the marker cells, as log_B of sum B^rel over them (B = 20
        # outweighs the at most 10 markers on one diagonal plus the rest, < 100, over B: the log lies less
        # than 0.91 above the largest; floor(log + 0.05) is it; no marker: log 0 = -inf, no tip). B^rel is
        # B^(row term) B^(column term): one Einsum of `input` with the two vectors, no [h,w] plane
        base = TIP_BASE
        is_marker = g.floats(np.eye(10)[marker], name="is_marker")
        tips = []
        for sign, tag in ((1, "plus"), (-1, "minus")):
            terms = [g.Pow(g.floats(base, name="base"), part if sign > 0 else g.Neg(part, name=f"{part}_neg"),
                           name=f"{part}_pow_{tag}") for part in (row_part, col_part)]
            total = g.Einsum(g.input, is_marker, rows_of, cols_of, terms[0], terms[1],
                             equation="zcab,c,ia,jb,nkix,nkyj->", name=f"marker_pow_{tag}")
            most = g.Floor(g.Add(g.Mul(g.Log(total, name=f"log_{tag}"), g.floats(1 / np.log(base), name="by_log_base"),
                                       name=f"log_base_{tag}"), g.floats(0.05, name="log_margin"), name=f"tip_{tag}_f"),
                           name=f"tip_{tag}_most")
            tips.append(g.Reshape(most, g.ints([1], name="one_dim"), name=f"tip_{tag}_1"))
        up, down = tips[0], g.Neg(tips[1], name="tip_minus")
        zero = g.floats([0.0])
        far_up = g.Where(g.Greater(up, zero, name="has_plus"), g.Add(up, g.floats([GAP]), name="beyond_plus"),
                         g.floats([NONE]), name="new_plus")
        far_down = g.Where(g.Less(down, zero, name="has_minus"), g.Sub(down, g.floats([GAP]), name="beyond_minus"),
                           g.floats([NONE]), name="new_minus")
        on = g.Or(g.Or(g.Equal(rel, zero, name="on_old"), g.Equal(rel, far_up, name="on_plus"), name="on_two"),
                  g.Equal(rel, far_down, name="on_minus"), name="on_line")
        # code 2 on the lines, 0 black: one QLinearConv with zero point 1 (+1 / -1, its padding 0) and int8
        # weights +1 for the lines' colour, -1 for black
        code = g.Where(on, g.const(np.full((1, 1, 1, 1), 2, np.uint8), name="line_code"),
                       g.const(np.uint8(0), name="black_code"), name="code")
        is_colour = g.Cast(g.Equal(g.floats(np.arange(10).reshape(10, 1, 1, 1), name="channel_ids"), colour,
                                   name="is_colour_b"), to=3, name="is_colour")
        weights = g.Sub(is_colour, g.const(np.eye(1, 10, dtype=np.int8).reshape(10, 1, 1, 1), name="black_one"),
                        name="colour_weights")
        unit = g.const(np.float32(1), name="unit_scale")
        return g.model(g.QLinearConv(code, unit, g.const(np.uint8(1), name="code_zero"), weights, unit,
                                     g.const(np.int8(0), name="weight_zero"), unit,
                                     g.const(np.uint8(0), name="zero_point"), pads=[0, 0, 30 - h, 30 - w]))
