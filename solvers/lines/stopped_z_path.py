"""Stopped Z path: a green (3) pair and a red (2) pair, parallel, lie in a field of cyan (8) noise; a hidden green
path leaves the green pair along its line, runs until the cell before the first cyan, turns across to the red
pair's line, must end there just before a cyan, and runs along the red line to the red pair. Of the two ways out
of the green pair exactly one fits; its cells turn green.

Why this reading: the generator draws a three-leg path (S or U shape) with cyan stoppers placed just past both
corners, erases the path in the input (noise on it too), and marks its ends red and green; so the first leg
stops at the first cyan, the second leg is checked by its cyan stopper beyond the red line, and all path cells
are black.
When both ways out fit (about 1 draw in 200), the one the generator can draw wins: its S spans 3/4..7/8 of
the side, its U at most 3/4 with a cyan beside the red pair's far end, and its red leg always has a black cell;
when both are drawable (about 1 in 2,000, a true ambiguity: the input does not decide) the longer path wins,
the likelier draw since its black cells are certain, not noise (right about 2 times in 3). The shown examples
(train, test) are hand-made, not drawn, so these are preferences, never rejections.

Graph (vertical pairs; for horizontal ones a Where picks the transposed plane and swaps the pairs' first lines, so
one analysis serves both): a 1x1 Conv reads the uint8 code plane (15 off the grid). Row/column profiles (Einsums
of the input) and ArgMax give the green column gc and top row g0, the red column rc and top row r0; Gather takes
the green column, the nearest non-black cell above and below the pair (ReduceMax / ReduceMin of masked row
indices) gives the two candidate turning rows. For each, Gather reads its row and the red column, and masked
ReduceMax checks the legs are black and the stoppers cyan. The valid turning row r* (ranked as above) gives the
three legs' row and column bounds (swapped back for a horizontal pair): the legs are disjoint rectangles of black
(or green) cells, and one uint8 QLinearMatMul of their row and column off-leg factors (zero points 1, output
scale 1/3) is 3 on the path; Max with the code paints it, Equal writes the one-hot `output`.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_graph import corner_plane
from .._common_grids import same_shape

OUT = 15
SIDE = 20        # generator: square grids of side 10..20
GREEN, RED, CYAN = 3, 2, 8


def _vertical_path(x):
    """The painted grid for vertical pairs, or None."""
    h, w = x.shape
    gs, rs = np.argwhere(x == GREEN), np.argwhere(x == RED)
    if len(gs) != 2 or len(rs) != 2 or gs[0, 1] != gs[1, 1] or rs[0, 1] != rs[1, 1]:
        return None
    (g0, gc), (r0, rc) = gs[0], rs[0]
    g1, r1 = g0 + 1, r0 + 1
    if gs[1, 0] != g1 or rs[1, 0] != r1 or gc == rc:
        return None
    col = x[:, gc]
    sgn = 1 if rc > gc else -1
    found = []
    above = [r for r in range(g0) if col[r] != 0]
    below = [r for r in range(g1 + 1, h) if col[r] != 0]
    cands = []
    if above and col[above[-1]] == CYAN and above[-1] < g0 - 1:
        cands.append(above[-1] + 1)
    if below and col[below[0]] == CYAN and below[0] > g1 + 1:
        cands.append(below[0] - 1)
    for r in cands:
        row = x[r]
        legs = [row[c] for c in range(gc + sgn, rc + sgn, sgn)]
        beyond = rc + sgn
        if any(legs) or not (0 <= beyond < w) or row[beyond] != CYAN:
            continue
        lo, hi = min(r, r1), max(r, r0)
        if any(x[rr, rc] != 0 for rr in range(lo + 1, hi)):
            continue
        found.append(r)
    if not found:
        return None
    # Both ways fit (about 1 draw in 200): the one the generator can draw; both drawable (about 1 in 2,000), the
    # longer path, the likelier draw (its black cells are certain, not noise); a tie goes to the turn above.
    r = max(found, key=lambda r: (_drawable(x, r, g0, r0, rc, sgn),
                                  abs(r - g0) + abs(r - g1) + abs(r - r0) + abs(r - r1), -r))
    out = x.copy()
    out[min(r, g0):max(r, g1) + 1, gc] = GREEN
    out[r, min(gc, rc):max(gc, rc) + 1] = GREEN
    out[min(r, r1):max(r, r0) + 1, rc] = np.where(x[min(r, r1):max(r, r0) + 1, rc] == RED, RED, GREEN)
    return out


def _drawable(x, r, g0, r0, rc, sgn):
    """Whether the generator can draw the path turning at row r (pairs g0..g0+1, r0..r0+1, side h).

    It draws an S (turn between the pairs; they span 3h/4..7h/8 rows) or a U (turn beyond both, at most 3h/4
    rows from the farther pair end, a cyan beside the red pair's far end on the green side); either way the
    red leg has a black cell between the pair and the turn."""
    h = x.shape[0]
    g1, r1 = g0 + 1, r0 + 1
    if min(abs(r - r0), abs(r - r1)) < 2:
        return False
    down = r > g1
    if down != (r > r1):                                      # S
        far, gfar = (r1, g0) if down else (r0, g1)
        return 3 * h // 4 <= abs(gfar - far) + 1 <= 7 * h // 8
    far = r0 if down else r1
    span = r - min(g0, r0) + 1 if down else max(g1, r1) - r + 1
    return span <= 3 * h // 4 and 0 <= rc - sgn < x.shape[1] and x[far, rc - sgn] == CYAN


class StoppedZPath(Solver, name="stopped_z_path", tasks=("task066",), refuses="task002"):
    """Connect a green pair to a parallel red pair through cyan noise: leave green along its line up to the first cyan,
    cross to the red line (ending just before a cyan), then run to red; the path turns green."""

    def plans(self, examples):
        if same_shape(examples) and any((i != o).any() for i, o in examples):
            yield SIDE

    def rule(self, plan, grid):
        if max(grid.shape) > plan or grid.shape[0] != grid.shape[1]:
            return None
        gs = np.argwhere(grid == GREEN)
        if len(gs) != 2:
            return None
        if gs[0, 1] == gs[1, 1]:
            return _vertical_path(grid)
        out = _vertical_path(grid.T)
        return None if out is None else out.T

    def build(self, plan):
        s = plan
        g = Graph()
        code = corner_plane(g, np.arange(10) - OUT, (s, s), "code", bias=[OUT])    # OUT outside the grid
        x = g.Cast(code, to=2, name="code8")                                     # [1,1,S,S] uint8
        zero8 = g.const(np.uint8(0), name="zero8")
        f0 = g.const(np.float32(0), name="f0")
        f1 = g.const(np.float32(1), name="f1")
        ri = g.const(np.arange(s, dtype=np.float32).reshape(1, 1, s, 1), name="ri")
        ci = g.const(np.arange(s, dtype=np.float32).reshape(1, 1, 1, s), name="ci")
        neg = g.const(np.float32(-1), name="neg")
        big = g.const(np.float32(s), name="big")
        cyan = g.const(np.uint8(CYAN), name="cyan")
        one_shape = g.ints([1], name="one_shape")

        def idx(v):
            return g.Reshape(g.Cast(v, to=7, name="as_int"), one_shape, name="idx")

        def first(mask_f, axis):
            """index of the first 1 of a float profile along `axis`, as float [1,1,1,1]"""
            a = g.ArgMax(mask_f, axis=axis, keepdims=1, name="argmax")
            return g.Reshape(g.Cast(a, to=1, name="pos_f"), g.ints([1, 1, 1, 1], name="s4"), name="pos")

        def at_index(vec, ramp, i):
            """vec[i] (uint8) for a vector along `ramp`"""
            return g.ReduceMax(g.Where(g.Equal(ramp, i, name="is_i"), vec, zero8, name="pick_v"), keepdims=1,
                               name="val")

        def all_zero(vec, mask):
            nz = g.Cast(g.Greater(vec, zero8, name="nz"), to=1, name="nz_f")
            m = g.ReduceMax(g.Mul(nz, g.Cast(mask, to=1, name="m_f"), name="bad"), keepdims=1, name="any_bad")
            return g.Equal(m, f0, name="all_zero")

        # each pair's cells per row ([1,1,30,1]) and per column ([1,1,1,30]), read off the input: the first line
        # holding the most is the pair's line (two cells) or its first cell (one per line)
        unit = g.const(np.ones(1, np.float32), name="unit")

        def per_line(colour, across):
            pick = g.const(np.eye(10, dtype=np.float32)[colour], name=f"colour{colour}")
            return g.Einsum(g.input, pick, unit, unit, equation="bchw,c,z,y->bzhy" if across else "bchw,c,z,y->bzyw",
                            name=f"colour{colour}_per_{'row' if across else 'col'}")

        green_rows, green_cols = per_line(GREEN, True), per_line(GREEN, False)
        red_rows, red_cols = per_line(RED, True), per_line(RED, False)

        def vertical(x, gc, g0, rc, r0):
            """The path's legs for vertical pairs of x (green column gc from row g0, red column rc from row r0)."""
            g1, r1 = g.Add(g0, f1, name="g1"), g.Add(r0, f1, name="r1")
            col = g.Gather(x, idx(gc), axis=3, name="gcol_v")                     # [1,1,S,1]
            nzc = g.Greater(col, zero8, name="col_nz")
            up = g.ReduceMax(g.Where(g.And(nzc, g.Less(ri, g0, name="above"), name="up_m"), ri, neg, name="up_i"),
                             keepdims=1, name="b_up")
            dn = g.ReduceMin(g.Where(g.And(nzc, g.Greater(ri, g1, name="below"), name="dn_m"), ri, big,
                                     name="dn_i"), keepdims=1, name="b_dn")
            ok_up = g.And(g.Equal(at_index(col, ri, up), cyan, name="up_cyan"),
                          g.Less(up, g.Sub(g0, f1, name="g0m1"), name="up_len"), name="ok_up")
            ok_dn = g.And(g.Equal(at_index(col, ri, dn), cyan, name="dn_cyan"),
                          g.Greater(dn, g.Add(g1, f1, name="g1p1"), name="dn_len"), name="ok_dn")
            r_up, r_dn = g.Add(up, f1, name="r_up"), g.Sub(dn, f1, name="r_dn")
            sgn = g.Sign(g.Sub(rc, gc, name="dc"), name="sgn")
            beyond = g.Add(rc, sgn, name="beyond")
            rcol = g.Gather(x, idx(rc), axis=3, name="rcol_v")                    # [1,1,S,1]
            lo_c, hi_c = g.Min(gc, rc, name="lo_c"), g.Max(gc, rc, name="hi_c")

            def check(r, ok):
                row = g.Gather(x, idx(g.Max(g.Min(r, g.Sub(big, f1, name="smax"), name="rcl"), f0, name="rcl0")),
                               axis=2, name="row_v")                              # [1,1,1,S]
                between = g.And(g.Not(g.Equal(ci, gc, name="at_gc"), name="not_gc"),
                                g.And(g.Not(g.Less(ci, lo_c, name="lt"), name="ge"),
                                      g.Not(g.Greater(ci, hi_c, name="gt"), name="le"), name="in_c"), name="leg2")
                ok = g.And(ok, all_zero(row, between), name="ok2")
                ok = g.And(ok, g.Equal(at_index(row, ci, beyond), cyan, name="stop_cyan"), name="ok3")
                lo, hi = g.Min(r, r1, name="lo_r"), g.Max(r, r0, name="hi_r")
                leg3 = g.And(g.Greater(ri, lo, name="gt_lo"), g.Less(ri, hi, name="lt_hi"), name="leg3")
                return g.And(ok, all_zero(rcol, leg3), name="ok4")

            # the generator's shapes (see _drawable)
            inrow = g.Cast(g.Less(g.Slice(x, g.ints([0]), g.ints([1]), g.ints([3]), name="col0"),
                                  g.const(np.uint8(OUT), name="off"), name="in_grid"), to=1, name="in_f")
            side = g.ReduceSum(inrow, keepdims=1, name="side")
            q3 = g.Floor(g.Mul(side, g.const(np.float32(0.75), name="three_q"), name="side34"), name="q3")
            q7 = g.Floor(g.Mul(side, g.const(np.float32(0.875), name="seven_e"), name="side78"), name="q7")
            two = g.const(np.float32(2), name="two_f")
            top, bottom = g.Min(g0, r0, name="top"), g.Max(g1, r1, name="bottom")
            pair_span = g.Add(g.Sub(bottom, top, name="span0"), f1, name="pair_span")
            s_ok = g.And(g.Not(g.Less(pair_span, q3, name="s_short"), name="s_lo"),
                         g.Not(g.Greater(pair_span, q7, name="s_long"), name="s_hi"), name="s_ok")
            inward = g.Gather(x, idx(g.Sub(rc, sgn, name="rc_in")), axis=3, name="inward_v")   # [1,1,S,1]

            def drawable(r, up):
                gap = g.Min(g.Abs(g.Sub(r, r0, name="d_r0"), name="a_r0"),
                            g.Abs(g.Sub(r, r1, name="d_r1"), name="a_r1"), name="gap")
                ok = g.Not(g.Less(gap, two, name="gap_short"), name="gap_ok")
                if up:
                    u = g.Less(r, r0, name="u_up")
                    span, far = g.Add(g.Sub(bottom, r, name="u_span0"), f1, name="u_span"), r1
                else:
                    u = g.Greater(r, r1, name="u_dn")
                    span, far = g.Add(g.Sub(r, top, name="u_span0"), f1, name="u_span"), r0
                u_ok = g.And(g.Not(g.Greater(span, q3, name="u_long"), name="u_len"),
                             g.Equal(at_index(inward, ri, far), cyan, name="in_cyan"), name="u_ok")
                shape_ok = g.Or(g.And(u, u_ok, name="u_fits"), g.And(g.Not(u, name="is_s"), s_ok, name="s_fits"),
                                name="shape_ok")
                return g.And(ok, shape_ok, name="drawable")

            def length(r):
                return g.Add(g.Add(g.Abs(g.Sub(r, g0, name="l0"), name="la"), g.Abs(g.Sub(r, g1, name="l1"), name="lb"),
                                   name="lg"),
                             g.Add(g.Abs(g.Sub(r, r0, name="l2"), name="lc"), g.Abs(g.Sub(r, r1, name="l3"), name="ld"),
                                   name="lr"), name="len")

            def rank(r, up):        # drawable first, then the longer path
                return g.Add(g.Mul(g.Cast(drawable(r, up), to=1, name="d_f"), g.const(np.float32(1000), name="k"),
                                   name="d_rank"), length(r), name="rank")

            v_up, v_dn = check(r_up, ok_up), check(r_dn, ok_dn)
            take_up = g.And(v_up, g.Or(g.Not(v_dn, name="no_dn"),
                                       g.Not(g.Less(rank(r_up, True), rank(r_dn, False), name="up_lower"),
                                             name="up_high"), name="up_wins"), name="take_up")
            r = g.Where(take_up, r_up, r_dn, name="r_star")

            # the path's three legs as rectangles [lo, hi] rows x [lo, hi] columns of this frame, disjoint (the
            # across leg stops short of both pair columns, the red leg short of the red pair) and, on a valid
            # path, all black or green: bounds [1,1,1,3] for the rows, [1,1,3,1] for the columns
            a3 = g.Min(r, g.Add(r1, f1, name="r1p1"), name="a3")
            b3 = g.Max(r, g.Sub(r0, f1, name="r0m1"), name="b3")
            bounds = ([g.Min(r, g0, name="a1"), r, a3], [g.Max(r, g1, name="b1"), r, b3],
                      [gc, g.Add(lo_c, f1, name="lo_c1"), rc], [gc, g.Sub(hi_c, f1, name="hi_c1"), rc])
            rows = [g.Concat(*v, axis=3, name="leg_rows") for v in bounds[:2]]
            cols = [g.Concat(*v, axis=2, name="leg_cols") for v in bounds[2:]]
            return rows, cols, g.Or(v_up, v_dn, name="valid")

        # a vertical green pair: one column holds both its cells; a horizontal one runs the same analysis on the
        # transposed plane, so the plane and the pairs' first lines are picked by direction and analysed once
        vert = g.Equal(g.ReduceMax(green_cols, keepdims=1, name="green_most"), g.const(np.float32(2), name="two"),
                       name="vertical")
        x_or = g.Where(vert, x, g.Transpose(x, perm=[0, 1, 3, 2], name="xt"), name="x_oriented")

        def pick(along, across):
            return g.Where(vert, along, across, name="oriented")

        green_row, green_col = first(green_rows, 2), first(green_cols, 3)
        red_row, red_col = first(red_rows, 2), first(red_cols, 3)
        rows, cols, valid = vertical(x_or, pick(green_col, green_row), pick(green_row, green_col),
                                     pick(red_col, red_row), pick(red_row, red_col))
        # the legs in the plane's frame (a horizontal pair's frame is transposed: its columns are rows here)
        row_lo, row_hi = (g.Where(vert, rv, g.Reshape(cv, g.ints([1, 1, 1, 3], name="as_row"), name="leg_rows_t"),
                                  name="row_bound") for rv, cv in zip(rows, cols))
        col_lo, col_hi = (g.Where(vert, cv, g.Reshape(rv, g.ints([1, 1, 3, 1], name="as_col"), name="leg_cols_t"),
                                  name="col_bound") for rv, cv in zip(rows, cols))
        row_lo = g.Where(valid, row_lo, big, name="row_lo_valid")          # no path: no row inside the legs

        def outside(ramp, lo, hi, tag):
            return g.Cast(g.Or(g.Less(ramp, lo, name="lt_lo"), g.Greater(ramp, hi, name="gt_hi"), name=f"{tag}_out"),
                          to=2, name=f"leg_off_{tag}")                                    # uint8 0 inside, 1 out

        off_rows = outside(ri, row_lo, row_hi, "rows")                                    # [1,1,S,3]
        off_cols = outside(ci, col_lo, col_hi, "cols")                                    # [1,1,3,S]
        # one uint8 MatMul sums the disjoint legs: zero points 1 make each factor -inside, so a cell adds 1 per leg
        # holding it; the output scale 1/3 makes a path cell 3 (green)
        unit_f, one8 = g.const(np.float32(1), name="unit_scale"), g.const(np.uint8(1), name="one8")
        path3 = g.QLinearMatMul(off_rows, unit_f, one8, off_cols, unit_f, one8,
                                g.const(np.float32(1 / GREEN), name="third"), zero8, name="path_green")
        y = g.Max(x, path3, name="painted")                 # path cells are black (0) or green already
        y = g.Pad(y, g.ints([0, 0, 0, 0, 0, 0, 30 - s, 30 - s]), g.const(np.uint8(OUT), name="out_code"),
                  name="code30")
        return g.model(g.Equal(y, g.const(np.arange(10, dtype=np.uint8).reshape(1, 10, 1, 1), name="table")))
