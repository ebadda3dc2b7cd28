"""Side dot beams: a dot on a side of a box fires a beam straight away from the box to the grid's edge.
The beam's middle line takes the dot's colour; a band of the box's colour runs beside it, 2d-1 cells
wide, where d is the box's depth behind the dot (the run of box cells from the dot inward). Only
background cells are painted; the line wins over a band.

A dot points away from the box in direction v when its neighbour at +v is not box (background or
outside the grid) and its neighbour at -v is box (box colour or dot). Its depth d is the offset of
the first non-box cell inward; d is bounded by the deepest box the fit examples (train and arc-gen)
show, and the rule answers None for a deeper one, for a dot with no or several directions.

Graph, on the S x S corner the generator's grids fit in: one dilated Conv reads four planes (box,
dot, background, colour code + 1); the box and dot planes and their transpose form a batch of two,
so that only left- and right-pointing dots are needed (the transposed item gives up and down). The
non-box plane, padded with ones, goes through one Conv with power-of-two weights along the row: VR
sums 2^(K-k) over non-box cells k to the right, VL to the left, so VL >= 2^(K-1) says the left
neighbour is free and VR < 2^(K-m+1) says the depth to the right is at least m. Those threshold
planes (bool, K per direction) go through one uint8 QLinearConv that spreads depth-plane m by
+-(m-1) rows (the band's cross-section) and keeps plane 1 as the line; MatMul with a triangular
0/1 matrix carries the cross-sections to the grid edge (left, or right with its transpose). The
transposed item is transposed back, the colour code takes the dot colour on line cells and the box
colour on band cells (background only), and one Equal against 1..10 writes `output`.

Einsum variant (exact only on the generator's inputs, task280: grids 10x10 or 20x20 of three colours, one box
whose dot fires a horizontal beam and one whose dot fires a vertical one, boxes at most 6 deep, the bands inside
their box's side and never meeting): a uint8 QLinearConv finds the two dots (box above and below: horizontal
beam), ArgMin over a window of each dot's line gives the box cells behind it on either side, and one Einsum writes
`output` from the input over five rank-one terms, each a move between the three colours times an interval of
rows and an interval of columns (the input itself; per beam the band: background -> box, and the line: box ->
dot), the intervals linear in the dots' positions and depths.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_graph import corner_plane
from .._common_grids import same_shape

DIRS = ((0, -1), (0, 1), (-1, 0), (1, 0))
GEN_SIDE = 20       # the generator's grids are 10x10 or 20x20
RUN = 5             # and its boxes are at most 6 deep: at most 5 box cells behind a dot


def _beams(grid: np.ndarray, box: int, dot: int, deepest: int):
    """(line, band) masks, or None where a dot has no single direction or is deeper than `deepest`."""
    h, w = grid.shape
    solid = np.isin(grid, (box, dot))
    at = lambda r, c: 0 <= r < h and 0 <= c < w and solid[r, c]
    line = np.zeros((h, w), bool)
    band = np.zeros((h, w), bool)
    for r, c in np.argwhere(grid == dot):
        ways = [(dr, dc) for dr, dc in DIRS if not at(r + dr, c + dc) and at(r - dr, c - dc)]
        if len(ways) != 1:
            return None
        dr, dc = ways[0]
        depth = 1
        while at(r - depth * dr, c - depth * dc):
            depth += 1
        if depth > deepest:
            return None
        k = 1
        while 0 <= r + k * dr < h and 0 <= c + k * dc < w:
            rr, cc = r + k * dr, c + k * dc
            line[rr, cc] = True
            for t in range(-depth + 1, depth):
                pr, pc = rr + t * dc, cc + t * dr          # across the beam
                if 0 <= pr < h and 0 <= pc < w:
                    band[pr, pc] = True
            k += 1
    return line, band


def beams(grid, bg, box, dot, deepest):
    found = _beams(grid, box, dot, deepest)
    if found is None:
        return None
    line, band = found
    out = grid.copy()
    free = grid == bg
    out[band & free] = box
    out[line & free] = dot
    return out


def _depths(grid, box, dot):
    """The depth of every dot that has one direction (for sizing the bound)."""
    found = _beams(grid, box, dot, 10 ** 6)
    if found is None:
        return None
    solid = np.isin(grid, (box, dot))
    h, w = grid.shape
    out = []
    for r, c in np.argwhere(grid == dot):
        for dr, dc in DIRS:
            inside = lambda k: 0 <= r - k * dr < h and 0 <= c - k * dc < w and solid[r - k * dr, c - k * dc]
            if inside(1) and not (0 <= r + dr < h and 0 <= c + dc < w and solid[r + dr, c + dc]):
                d = 1
                while inside(d):
                    d += 1
                out.append(d)
    return out


class SideDotBeams(Solver, name="side_dot_beams", tasks=("task280",), refuses="task119",
                   fit_splits=("train", "arc-gen")):
    """A dot on the side of a box fires a beam away from the box to the grid edge: a line of the dot's colour with a
    band of the box's colour around it, 2d-1 wide, d being the box's depth behind the dot."""

    def plans(self, examples):
        """(bg, box, dot, deepest, side): the background is the one colour that changes, into the inputs' two
        other colours (tried as box and dot both ways); the depth bound is the deepest box the examples show,
        the side their largest grid."""
        if not same_shape(examples):
            return
        olds = {int(v) for i, o in examples for v in i[i != o]}
        news = {int(v) for i, o in examples for v in o[i != o]}
        colours = set().union(*(set(np.unique(i).tolist()) for i, _ in examples))
        if len(olds) != 1 or len(news) != 2 or colours != olds | news:
            return
        bg = olds.pop()
        side = max(max(i.shape) for i, _ in examples)
        for dot in sorted(news):
            box = (news - {dot}).pop()
            depths = [_depths(i, box, dot) for i, _ in examples]
            if any(d is None or not d for d in depths):
                continue
            yield bg, box, dot, max(max(d) for d in depths), side

    def rule(self, plan, grid):
        bg, box, dot, deepest, side = plan
        if max(grid.shape) > side:
            return None
        return beams(grid, bg, box, dot, deepest)

    def candidates(self, examples):
        plan = self.fit(examples)
        if plan is None:
            return
        yield self.name, self.build(plan)
        if plan[4] <= GEN_SIDE:
            yield self.name + ":einsum", self._build_einsum(plan)

    def _build_einsum(self, plan):
        """The generator's layout (exact only on its inputs): one horizontal and one vertical beam, which never
        meet, each from a dot on a long side of a solid box, 2 <= depth <= 6, grids of side <= 20 (see the
        module docstring). One Einsum writes `output` from the input over five rank-one terms (the input
        itself; per beam its band and its line), each a [10,10] channel move of the background times an
        interval of rows and an interval of columns."""
        bg, box, dot, deepest, side = plan
        s, k = side, RUN
        g = Graph()
        w = np.zeros((1, 10), np.float32)
        w[0, box], w[0, dot] = 1, 2
        code = corner_plane(g, w, (s, s), "code_f", weight_name="code_w")    # [1,1,S,S]
        u = g.Cast(code, to=2, name="code")                                    # uint8: 0 free, 1 box, 2 dot
        look = np.zeros((1, 1, 3, 3), np.uint8)
        look[0, 0, :, 1] = 1, 4, 1                       # 10 at a dot with box above and below (horizontal
        q1, q0 = g.const(np.float32(1), name="scale"), g.const(np.uint8(0), name="zero")      # beam), 9 at
        z = g.QLinearConv(u, q1, q0, g.const(look, name="look_w"), q1, q0, q1, q0, pads=[1, 1, 1, 1],
                          name="looks")                  # the other dot (vertical beam), at most 7 elsewhere
        # (a - z) mod 256 is largest at z = 10 for a = 9, and at 9 (else 10: both dots on one line) for a = 8
        pick_hv = g.const(np.array([9, 8], np.uint8).reshape(1, 2, 1), name="pick_hv")
        lines_max = lambda axis, name: g.ArgMax(g.Sub(pick_hv, g.ReduceMax(z, axes=[axis], keepdims=0,
                                                                          name=f"z_{name}"), name=f"{name}_hv"),
                                               axis=2, keepdims=1, name=name)
        rows, cols = lines_max(3, "rows"), lines_max(2, "cols")                    # [1,2,1]: H, V
        rc = g.Concat(rows, cols, axis=2, name="rc")                              # [1,2,2]: (r, c) per beam
        line_h = g.Gather(u, g.GatherND(rc, g.ints([[0, 0, 0]]), name="r_h"), axis=2, name="line_h")  # [1,1,1,S]
        line_v = g.Transpose(g.Gather(u, g.GatherND(rc, g.ints([[0, 1, 1]]), name="c_v"), axis=3, name="line_v_t"),
                             perm=[0, 1, 3, 2], name="line_v")
        lines = g.Pad(g.Concat(line_h, line_v, axis=2, name="lines"), g.ints([0, 0, 0, k + 1, 0, 0, 0, k + 1]),
                      name="lines_pad")                                           # [1,1,2,S+2K+2]
        pos = g.GatherElements(rc, g.ints(np.array([1, 0]).reshape(1, 2, 1)), axis=2, name="pos")  # c_h, r_v
        pos = g.Cast(g.Unsqueeze(pos, axes=[0], name="pos4"), to=6, name="pos_i32")
        steps = np.concatenate([k + 1 + np.arange(1, k + 2), k + 1 - np.arange(1, k + 2)])
        at = g.Add(pos, g.const(steps.reshape(1, 1, 1, -1).astype(np.int32), name="steps"), name="window_at")
        win = g.Reshape(g.GatherElements(lines, at, axis=3, name="window"), g.ints([1, 2, 2, k + 1]),
                        name="windows")                                           # [1,2,2,K+1]
        runs = g.ArgMin(win, axis=3, keepdims=0, name="runs")    # [1,2,2]: box cells onward, backward
        feats = g.Concat(rc, runs, g.ints(np.ones((1, 2, 1))), axis=2, name="feats")   # (r, c, f, b, 1)
        # per term t: (lo, hi) of its rows and of its columns, linear in the features of the two beams
        rows_lo, rows_hi, cols_lo, cols_hi = (np.zeros((5, 1, 2, 5), np.int64) for _ in range(4))
        R, C, F, B, ONE = range(5)
        for lo, hi in ((rows_lo, rows_hi), (cols_lo, cols_hi)):
            lo[0, 0, 0, ONE], hi[0, 0, 0, ONE] = -100, 100
        # horizontal beam (0): band rows r -+ (f + b), line row r, columns from the box's far side outward
        rows_lo[1, 0, 0, [R, F, B]] = 1, -1, -1
        rows_hi[1, 0, 0, [R, F, B]] = 1, 1, 1
        rows_lo[2, 0, 0, R] = rows_hi[2, 0, 0, R] = 1
        for t in (1, 2):
            cols_lo[t, 0, 0, [C, B, F]] = 1, -1, -30
            cols_hi[t, 0, 0, [C, F, B]] = 1, 1, 30
        # vertical beam (1): the same with rows and columns swapped
        cols_lo[3, 0, 1, [C, F, B]] = 1, -1, -1
        cols_hi[3, 0, 1, [C, F, B]] = 1, 1, 1
        cols_lo[4, 0, 1, C] = cols_hi[4, 0, 1, C] = 1
        for t in (3, 4):
            rows_lo[t, 0, 1, [R, B, F]] = 1, -1, -30
            rows_hi[t, 0, 1, [R, F, B]] = 1, 1, 30
        index = g.const(np.arange(30, dtype=np.uint8), name="index")

        def interval(lo, hi, name):          # [5,30] float: lo <= i <= hi, as (i - lo) mod 256 <= hi - lo
            at_lo = g.Einsum(g.const(lo, name=f"{name}_lo_w"), feats, equation="tzbk,nbk->tz", name=f"{name}_lo")
            span = g.Einsum(g.const(hi - lo, name=f"{name}_span_w"), feats, equation="tzbk,nbk->tz",
                            name=f"{name}_span")
            off = g.Sub(index, g.Cast(at_lo, to=2, name=f"{name}_lo_u8"), name=f"{name}_off")
            inside = g.LessOrEqual(off, g.Cast(span, to=2, name=f"{name}_span_u8"), name=f"{name}_in")
            return g.Cast(inside, to=1, name=name)

        x, y = interval(rows_lo, rows_hi, "row_f"), interval(cols_lo, cols_hi, "col_f")
        # channel moves [t, k, l] between the three colours k, l = background, box, dot (the generator's only
        # colours), read from and written to the ten channels through one [10,3] selection
        moves = np.zeros((5, 3, 3), np.float32)
        moves[0] = np.eye(3)
        for t in (1, 3):                                # band: background -> box
            moves[t, 0, 0], moves[t, 0, 1] = -1, 1
        for t in (2, 4):                                # line: box -> dot on top of the band
            moves[t, 0, 1], moves[t, 0, 2] = -1, 1
        pick = np.zeros((10, 3), np.float32)
        pick[[bg, box, dot], [0, 1, 2]] = 1
        pick = g.const(pick, name="pick")
        return g.model(g.Einsum(pick, g.const(moves, name="moves"), y, g.input, x, pick,   # (the fastest order)
                                equation="dk,tkl,tj,ndij,ti,cl->ncij"))

    def build(self, plan):
        bg, box, dot, deepest, side = plan
        s, k = side, deepest
        g = Graph()
        w = np.zeros((4, 10), np.float32)
        w[0, [box, dot]] = 1
        w[1, dot] = 1
        w[2, bg] = 1
        w[3, :] = np.arange(1, 11)
        planes = corner_plane(g, w, (s, s), "planes", weight_name="plane_w")    # [1,4,S,S]
        pick = lambda a, b, n: g.Slice(planes, g.ints([a]), g.ints([b]), g.ints([1]), name=n)
        pair = pick(0, 2, "box_dot")                                                      # [1,2,S,S]
        both = g.Concat(pair, g.Transpose(pair, perm=[0, 1, 3, 2], name="box_dot_t"), axis=0, name="both")
        solid = g.Slice(both, g.ints([0]), g.ints([1]), g.ints([1]), name="solid")        # [2,1,S,S]
        dots = g.Greater(g.Slice(both, g.ints([1]), g.ints([2]), g.ints([1]), name="dots_f"), g.floats([0.5]),
                         name="dots")
        free = g.Sub(g.floats([1.0]), solid, name="free")
        free = g.Pad(free, g.ints([0, 0, 0, k, 0, 0, 0, k]), g.floats(1.0), name="free_pad")
        look = np.zeros((2, 1, 1, 2 * k + 1), np.float32)
        for j in range(1, k + 1):
            look[0, 0, 0, k + j] = 2.0 ** (k - j)          # VR: free cells to the right
            look[1, 0, 0, k - j] = 2.0 ** (k - j)          # VL: free cells to the left
        v = g.Conv(free, g.const(look, name="look_w"), name="looks")                      # [2,2,S,S]
        vr = g.Slice(v, g.ints([0]), g.ints([1]), g.ints([1]), name="vr")
        vl = g.Slice(v, g.ints([1]), g.ints([2]), g.ints([1]), name="vl")
        top = g.floats([2.0 ** (k - 1) - 0.5])
        open_l, open_r = g.Greater(vl, top, name="open_l"), g.Greater(vr, top, name="open_r")
        point_l = g.And(g.And(dots, open_l, name="dot_open_l"), g.Not(open_r, name="shut_r"), name="point_l")
        point_r = g.And(g.And(dots, open_r, name="dot_open_r"), g.Not(open_l, name="shut_l"), name="point_r")
        cuts = g.floats((2.0 ** (k - np.arange(1, k + 1) + 1) - 0.5).reshape(1, k, 1, 1))
        deep_l = g.And(g.Less(vr, cuts, name="deep_l_all"), point_l, name="deep_l")      # bool [2,K,S,S]
        deep_r = g.And(g.Less(vl, cuts, name="deep_r_all"), point_r, name="deep_r")
        deep = g.Cast(g.Concat(deep_l, deep_r, axis=1, name="deep_b"), to=2, name="deep")  # uint8 [2,2K,S,S]
        spread = np.zeros((4, 2 * k, 2 * k - 1, 1), np.uint8)
        for side_i in range(2):
            for m in range(1, k + 1):
                spread[2 * side_i, side_i * k + m - 1, k - 1 - (m - 1), 0] = 1
                spread[2 * side_i, side_i * k + m - 1, k - 1 + (m - 1), 0] = 1
            spread[2 * side_i + 1, side_i * k, k - 1, 0] = 1
        q1, q0 = g.const(np.float32(1), name="scale"), g.const(np.uint8(0), name="zero")
        cross = g.QLinearConv(deep, q1, q0, g.const(spread, name="spread_w"), q1, q0, q1, q0,
                              pads=[k - 1, 0, k - 1, 0], name="cross")                 # uint8 [2,4,S,S]
        cross = g.Cast(cross, to=1, name="cross_f")
        tri = np.tril(np.ones((s, s), np.float32), -1)                                 # [c, c'] = c > c'
        left = g.MatMul(g.Slice(cross, g.ints([0]), g.ints([2]), g.ints([1]), name="cross_l"),
                        g.const(tri, name="to_left"), name="rays_l")
        right = g.MatMul(g.Slice(cross, g.ints([2]), g.ints([4]), g.ints([1]), name="cross_r"),
                         g.const(tri.T.copy(), name="to_right"), name="rays_r")
        rays = g.Add(left, right, name="rays")                                          # [2,2,S,S] band, line
        rows = g.Slice(rays, g.ints([0]), g.ints([1]), g.ints([0]), name="rays_rows")
        cols = g.Transpose(g.Slice(rays, g.ints([1]), g.ints([2]), g.ints([0]), name="rays_cols_t"),
                           perm=[0, 1, 3, 2], name="rays_cols")
        hit = g.Greater(g.Add(rows, cols, name="rays_all"), g.floats([0.5]), name="hit")  # [1,2,S,S]
        empty = g.Greater(pick(2, 3, "bg_f"), g.floats([0.5]), name="empty")
        band = g.And(g.Slice(hit, g.ints([0]), g.ints([1]), g.ints([1]), name="band_any"), empty, name="band")
        line = g.And(g.Slice(hit, g.ints([1]), g.ints([2]), g.ints([1]), name="line_any"), empty, name="line")
        code = pick(3, 4, "code")
        code = g.Where(band, g.floats([box + 1.0]), code, name="code_band")
        code = g.Where(line, g.floats([dot + 1.0]), code, name="code_line")
        code = g.Cast(code, to=2, name="code_u8")
        if s < 30:
            code = g.Pad(code, g.ints([0, 0, 0, 0, 0, 0, 30 - s, 30 - s]), name="code30")
        return g.model(g.Equal(code, g.const(np.arange(1, 11, dtype=np.uint8).reshape(1, 10, 1, 1), name="codes")))
