"""Diagonal sprite trail: a black sprite (at most 5 x 5) and one single-cell hint of another colour; copies of
the sprite in the hint's colour are stamped again and again along the diagonal from the sprite towards the
hint, to the grid's edge. The step is the smallest one whose first copy covers the hint and does not overlap
the sprite.

Graph: profiles (Einsums of the input with a channel pick) give the sprite's top-left corner (first black
row and column, ArgMax), and two scalar Einsums the hint's cell (its channel's first moments); the sign of their difference is the diagonal. An Einsum with a
constant [5,30] residue-mod-5 table and two [5,5] OneHot residue picks reads the sprite's 5 x 5 window
(flipped) into a tiny kernel (black lies only in that window); for every step 1..5 two small Einsums test
"the copy covers the hint" and "the copy misses the sprite", and ArgMax takes the first step that passes.
Index arithmetic marks the copies' anchor cells on the canvas (bool), a uint8 QLinearConv with the sprite
kernel stamps them, and one Where paints the hint colour into `input` inside the grid.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import same_shape

K = 5           # largest sprite side (the generator draws 3 or 4; a train example has 5)
REACH = 26      # copies are anchored at their window's far corner, which must stay on the 30 x 30 canvas


def trail(grid: np.ndarray):
    if max(grid.shape) > REACH:
        return None
    colours, counts = np.unique(grid, return_counts=True)
    ones = [int(c) for c, n in zip(colours, counts) if n == 1 and c != 0]
    if len(ones) != 1 or 0 not in colours:
        return None
    colour = ones[0]
    hr, hc = (int(v[0]) for v in np.nonzero(grid == colour))
    rows, cols = np.nonzero(grid == 0)
    br, bc = int(rows.min()), int(cols.min())
    if rows.max() - br >= K or cols.max() - bc >= K:
        return None
    sprite = np.zeros((K, K), bool)
    sprite[rows - br, cols - bc] = True
    sr, sc = (1 if hr > br else -1), (1 if hc > bc else -1)
    step = None
    for s in range(1, K + 1):
        i, j = hr - br - s * sr, hc - bc - s * sc
        if not (0 <= i < K and 0 <= j < K and sprite[i, j]):
            continue
        pad = np.zeros((3 * K, 3 * K), bool)
        moved = pad.copy()
        pad[K:2 * K, K:2 * K] = sprite
        moved[K + s * sr:2 * K + s * sr, K + s * sc:2 * K + s * sc] = sprite
        if not (pad & moved).any():
            step = s
            break
    if step is None:
        return None
    out = grid.copy()
    h, w = grid.shape
    k = 1
    while -K < br + k * step * sr < h and -K < bc + k * step * sc < w:
        r0, c0 = br + k * step * sr, bc + k * step * sc
        for i, j in zip(*np.nonzero(sprite)):
            if 0 <= r0 + i < h and 0 <= c0 + j < w:
                out[r0 + i, c0 + j] = colour
        k += 1
    return out


class DiagonalSpriteTrail(Solver, name="diagonal_sprite_trail", tasks=("task370",), refuses="task208",
                          fit_splits=("train", "arc-gen")):
    """A black sprite and one hint cell of another colour: the sprite is copied in the hint's colour again and
    again along the diagonal towards the hint, to the grid's edge; the step is the smallest whose first copy
    covers the hint without overlapping the sprite."""

    def plans(self, examples):
        if same_shape(examples) and all(trail(i) is not None for i, _ in examples):
            yield "trail"

    def rule(self, plan, grid):
        return trail(grid)

    def candidates(self, examples):
        return self.with_corner_variant(examples, self.build, square=True)

    def build(self, plan, side=30):
        """side < 30: the grids fit the side x side corner, so the copies' anchors are marked on a
        (side + 4)^2 plane (a copy clipped by the grid's far edge keeps its anchor past it), the stamp is
        side x side, and only the paint mask is padded to the canvas."""
        g = Graph()
        f = lambda v, name: g.const(np.asarray(v, np.float32), name=name)
        counts = g.ReduceSum(g.input, axes=[2, 3], keepdims=1, name="counts")                 # [1,10,1,1]
        colour = g.Cast(g.Equal(counts, f(1, "one"), name="single"), to=1, name="colour")     # hint colour
        pick = g.Reshape(colour, g.ints([1, 10]), name="pick")
        black = f(np.eye(10)[:1], "black")                                                   # [1,10]

        def first(profile, tag):                                                             # first index > 0
            on = g.Cast(g.Greater(profile, f(0.5, "half"), name=tag + "_on"), to=2, name=tag + "_u8")
            return g.Cast(g.ArgMax(on, axis=1, keepdims=0, name=tag + "_i"), to=1, name=tag)  # [1] float

        br = first(g.Einsum(g.input, black, equation="nchw,nc->nh", name="black_rows"), "br")
        bc = first(g.Einsum(g.input, black, equation="nchw,nc->nw", name="black_cols"), "bc")
        # the hint is one cell: its row and column are its channel's first moments
        line = f(np.arange(30), "line_index")
        hr = g.Einsum(g.input, pick, line, equation="nchw,nc,h->n", name="hr")                # [1] float
        hc = g.Einsum(g.input, pick, line, equation="nchw,nc,w->n", name="hc")
        rr, rc = g.Sub(hr, br, name="rel_r"), g.Sub(hc, bc, name="rel_c")
        sr = g.Sign(g.Sub(rr, f(0.5, "half"), name="rr_h"), name="sr")
        sc = g.Sign(g.Sub(rc, f(0.5, "half"), name="rc_h"), name="sc")
        # the sprite window, flipped: flip[a, b] = black[br + 4 - a, bc + 4 - b]
        last = f(K - 1, "last")
        lane = np.arange(K, dtype=np.float32)

        def flip_sel(b, tag):
            """[5,5] float: lane a picks the residue (b + 4 - a) mod 5, by one OneHot. Black lies only in the
            sprite's 5 x 5 window, where one row (column) of each residue mod 5 sits: a periodic [5,30]
            residue table then reads row b + 4 - a exactly, with no [5,30] canvas-long pick."""
            at = g.Sub(g.Add(b, last, name=tag + "_end"), f(lane, "lane"), name=tag + "_at")      # [5], >= 0
            return g.OneHot(g.Mod(at, f(K, "period"), fmod=1, name=tag + "_res"), f(K, "period"), f([0, 1], "off_on"),
                            axis=-1, name=tag)

        residues = f(np.equal.outer(np.arange(K), np.arange(30) % K), "residue_lines")         # [5,30]
        flip = g.Einsum(g.input, f(np.eye(10)[0], "black_c"), residues, flip_sel(br, "sel_r"), residues,
                        flip_sel(bc, "sel_c"), equation="nchw,c,dh,ad,ew,be->ab", name="flip")   # [5,5]
        steps = np.arange(1, K + 1, dtype=np.float32)
        # covers the hint: sprite[rr - s sr, rc - s sc] = flip[4 - rr + s sr, 4 - rc + s sc]
        def hit_sel(rel, sgn, tag):
            at = g.Add(g.Sub(last, rel, name=tag + "_o"), g.Mul(f(steps.reshape(K, 1), "steps_col"), sgn,
                                                                  name=tag + "_m"), name=tag + "_at")
            return g.Cast(g.Equal(f(lane.reshape(1, K), "lane_row"), at, name=tag + "_b"), to=1, name=tag)

        hit = g.Einsum(flip, hit_sel(rr, sr, "hit_r"), hit_sel(rc, sc, "hit_c"), equation="ab,sa,sb->s",
                       name="hit")
        # overlap with the sprite: sum flip[a, b] flip[a - s sr, b - s sc]
        # the shift tables of both signs are fixed [sign, s, a, c] (c = a - s sign); the signs pick one by a
        # one-hot weight [(1 + sgn) / 2, (1 - sgn) / 2] inside the Einsum
        shift = np.zeros((2, K, K, K), np.float32)
        for k, sgn in enumerate((1, -1)):
            for st in range(1, K + 1):
                for a in range(K):
                    if 0 <= a - st * sgn < K:
                        shift[k, st - 1, a, a - st * sgn] = 1

        def sign_pick(sgn, tag):
            return g.Add(g.Mul(sgn, f([0.5, -0.5], "half_pm"), name=tag + "_pm"), f([0.5, 0.5], "halves"),
                         name=tag)                                                        # [2]

        shifts = f(shift, "shifts")
        overlap = g.Einsum(flip, shifts, shifts, flip, sign_pick(sr, "pick_r"), sign_pick(sc, "pick_c"),
                           equation="ab,ksac,lsbd,cd,k,l->s", name="overlap")
        ok = g.And(g.Greater(hit, f(0.5, "half"), name="hits"), g.Less(overlap, f(0.5, "half"), name="free"),
                   name="ok")
        step = g.Add(g.Cast(g.ArgMax(g.Cast(ok, to=1, name="ok_f"), axis=0, keepdims=1, name="step_i"), to=1,
                            name="step_f"), f(1, "one"), name="step")                      # [1]
        # anchors (a copy's far window corner): t = (r - br - 4) sr > 0, t % step == 0, same t on both axes
        reach = min(side + K - 1, 30)
        lines = np.arange(reach, dtype=np.float32)
        t_r = g.Mul(g.Sub(f(lines.reshape(1, 1, reach, 1), "rows"), g.Add(br, last, name="br4"), name="dr"), sr,
                    name="t_r")
        t_c = g.Mul(g.Sub(f(lines.reshape(1, 1, 1, reach), "cols"), g.Add(bc, last, name="bc4"), name="dc"), sc,
                    name="t_c")
        on_row = g.And(g.Greater(t_r, f(0.5, "half"), name="ahead"),
                       g.Equal(g.Mod(t_r, step, fmod=1, name="phase"), f(0, "zero"), name="in_step"), name="on_row")
        # rows off the trail take a t no column has, so one Equal marks the anchors
        t_r = g.Where(on_row, t_r, f(-1000, "off_trail"), name="t_on_row")
        anchors = g.Cast(g.Equal(t_r, t_c, name="anchor_b"), to=2, name="anchors")
        kernel = g.Cast(g.Reshape(flip, g.ints([1, 1, K, K]), name="kernel_f"), to=2, name="kernel")
        one, zp = f(1, "one"), g.const(np.uint8(0), name="zp")
        tail = K - 1 - (reach - side)       # zero rows/columns past the canvas, where the plane stops short
        stamped = g.QLinearConv(anchors, one, zp, kernel, one, zp, one, zp, pads=[0, 0, tail, tail],
                                name="stamped")                                         # [1,1,side,side]
        cells = g.ReduceSum(counts, keepdims=0, name="cells")                                 # the grid's area

        def grid_line(axes, axis, tag):
            """[1,1,side,1] / [1,1,1,side] bool: the grid's rows / columns (over all its cells the mean line
            is (extent - 1) / 2, so the extent is 2 sum / area + 1)."""
            extent = g.Add(g.Div(g.Einsum(g.input, line, f([2], "two_f"),
                                          equation=f"nchw,{'h' if axis == 2 else 'w'},x->n", name=f"{tag}_sum2"),
                                 cells, name=f"{tag}_extent1"), f(0.5, "half"), name=f"{tag}_extent")  # + 1 - 1/2
            shape = [1, 1, side, 1] if axis == 2 else [1, 1, 1, side]
            return g.Less(f(np.arange(side).reshape(shape), f"{tag}_index"), extent, name=f"{tag}_in")

        # copies are clipped to the grid: stamped above 0 on a grid row (255 bars the rows off the grid), on a
        # grid column
        row_floor = g.Where(grid_line([1, 3], 2, "rows"), zp, g.const(np.uint8(255), name="off_row"),
                            name="row_floor")                                              # uint8 [1,1,side,1]
        paint = g.And(g.Greater(stamped, row_floor, name="stamp_on_row"), grid_line([1, 2], 3, "cols"),
                      name="paint")
        if side < 30:
            paint = g.Pad(paint, g.ints([0, 0, 0, 0, 0, 0, 30 - side, 30 - side]), name="paint30")
        return g.model(g.Where(paint, colour, g.input))
