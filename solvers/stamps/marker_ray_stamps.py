"""Marker ray stamps: a 3x3 sprite sits in the grid; beside it, one stamp-step (4 cells) away in some of
the 8 directions, a few cells of a marker colour show which way to go; the sprite is stamped again and
again (every 4 cells) along each marked direction to the grid's edge, in that direction's marker colour.

The sprite is the one colour whose cells span exactly 3 x 3; the sprite cells are the non-background cells
of its 3x3 window; a direction's colour is the colour in the 3x3 block one step away (none: no ray). A cell
at (rr, cc) from the sprite's corner lies in block (a, b) = (rr // 4, cc // 4), at (rr % 4, cc % 4) in it;
it is painted when that position is a sprite cell, the block is on a ray (a = 0, b = 0 or |a| = |b|) and the
ray's direction (sign a, sign b) has a colour.

Graph: per-colour line moments (count, sum, sum of squares; two small Einsums) find the sprite colour (at least
4 cells, line variance below 0.9 on both axes: the generator's markers never are) and its corner (mean line
rounded, less 1); per row and per column small float vectors (block sign one-hots, position in block one-hots, and
the factors of the on-ray test as a sum of row x column products) are built from the corner; two Einsums
read the direction colours and the sprite out of `input`; one Einsum of the row and column factors with
the small tables writes `output` (background where nothing is painted, zero outside the grid).
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import same_shape

STEP = 4


def analyse(grid: np.ndarray):
    """(row, col, sprite 3x3 mask, {(sa, sb): colour}) or None."""
    found = []
    for colour in range(1, 10):
        rr, cc = np.nonzero(grid == colour)
        if len(rr) and rr.max() - rr.min() == 2 and cc.max() - cc.min() == 2:
            found.append((rr.min(), cc.min()))
    if len(found) != 1:
        return None
    r0, c0 = found[0]
    h, w = grid.shape
    if r0 + 3 > h or c0 + 3 > w:
        return None
    sprite = grid[r0:r0 + 3, c0:c0 + 3] != 0
    colours = {}
    for sa in (-1, 0, 1):
        for sb in (-1, 0, 1):
            top, left = r0 + STEP * sa, c0 + STEP * sb
            block = grid[max(top, 0):max(top + 3, 0), max(left, 0):max(left + 3, 0)]
            vals = set(np.unique(block).tolist()) - {0}
            if len(vals) > 1:
                return None
            if vals:
                colours[sa, sb] = vals.pop()
    return r0, c0, sprite, colours


def ray_factors(g: Graph, mag: str) -> str:
    """float16 [n,4] per line: (1, A^2, A, nz) of its |block index| A (nz: A > 0). For a cell with row and column
    factors, 1 - A^2 nz_c + 2 A B - nz_r B^2 is 1 when a = 0 or b = 0 (on the row, column) and 1 - (A - B)^2
    otherwise: 1 on a diagonal, <= 0 off every ray (integers), so the painted term is sign-correct with no
    [n, 9] magnitude one-hots."""
    a = g.Cast(mag, to=10, name="mag16")
    nz = g.Cast(g.Greater(a, g.const(np.float16(0.5), name="half16"), name="nz_b"), to=10, name="nz")
    ones = g.const(np.ones((30, 1), np.float16), name="ones16")
    return g.Concat(ones, g.Mul(a, a, name="mag_sq"), a, nz, axis=1, name="ray")


class MarkerRayStamps(Solver, name="marker_ray_stamps", tasks=("task005",), refuses="task002",
                      fit_splits=("train", "arc-gen")):
    """Same-shape grids with one 3x3 sprite and marker cells one step (4 cells) away in some of the 8
    directions: the sprite is repeated every 4 cells along each marked direction to the edge, in the
    marker's colour."""

    def plans(self, examples):
        """The rule has no parameter."""
        if same_shape(examples) and any((i != o).any() for i, o in examples):
            yield True

    def rule(self, plan, grid):
        got = analyse(grid)
        if got is None:
            return None
        r0, c0, sprite, colours = got
        out = np.zeros_like(grid)
        h, w = grid.shape
        for r in range(h):
            for c in range(w):
                a, i = divmod(r - r0, STEP)
                b, j = divmod(c - c0, STEP)
                on = a == 0 or b == 0 or abs(a) == abs(b)
                d = (int(np.sign(a)), int(np.sign(b)))
                if i < 3 and j < 3 and sprite[i, j] and on and d in colours:
                    out[r, c] = colours[d]
        return out

    def build(self, plan):
        g = Graph()
        n = 30
        # the sprite colour by line moments (count, sum, sum of squares per colour and axis): the one colour with
        # at least 4 cells whose line variance is below 0.9 on both axes (a 3-line span holds at most 6/7; the
        # markers hold at most 3 cells each, and two of one colour lie a stamp step apart: variance above 1.5);
        # its centre line is its mean line rounded (a sprite of the generator's shapes is within 1/2 of it)
        powers = g.const(np.stack([np.ones(n), np.arange(n), np.arange(n) ** 2], axis=1).astype(np.float32),
                         name="line_powers")                                                         # [30,3]
        moments = [g.Einsum(g.input, powers, equation=eq, name="moments") for eq in ("bcij,ik->bck", "bcij,jk->bck")]
        count = g.Slice(moments[0], g.ints([0]), g.ints([1]), g.ints([2]), name="count")                 # [1,10,1]
        ok = [g.Greater(count, g.const(np.float32(3.5), name="min_cells"), name="enough")]
        sums = []
        for m in moments:
            s1 = g.Slice(m, g.ints([1]), g.ints([2]), g.ints([2]), name="line_sum")
            s2 = g.Slice(m, g.ints([2]), g.ints([3]), g.ints([2]), name="line_sq_sum")
            spread = g.Sub(g.Mul(count, s2, name="n_s2"), g.Mul(s1, s1, name="s1_sq"), name="spread")   # n^2 var
            ok.append(g.Less(spread, g.Mul(g.Mul(count, count, name="n_sq"), g.const(np.float32(0.9), name="var_max"),
                                           name="spread_max"), name="tight"))
            sums.append(s1)
        sel = g.Cast(g.And(g.And(ok[0], ok[1], name="tight_r"), ok[2], name="sprite_colour"), to=1, name="sel")
        sprite_n = g.ReduceSum(g.Mul(sel, count, name="sel_count"), keepdims=0, name="sprite_cells")
        ar = g.const(np.arange(n, dtype=np.float32).reshape(n, 1), name="arange")
        feats = []
        for s1, other in zip(sums, (3, 2)):
            valid = g.Unsqueeze(g.ReduceMax(g.input, axes=[0, 1, other], keepdims=0, name="lines_in_grid"), axes=[1],
                                name="in_grid")                                                # [n, 1]: 1 in the grid
            mean = g.Div(g.ReduceSum(g.Mul(sel, s1, name="pick"), keepdims=0, name="sel_sum"), sprite_n, name="mean")
            pos = g.Sub(g.Round(mean, name="centre"), g.const(np.float32(1), name="one"), name="pos")
            rel = g.Sub(ar, pos, name="rel")                                             # [n, 1]
            blk = g.Floor(g.Mul(rel, g.const(np.float32(1 / STEP), name="quarter"), name="rel4"), name="block")
            within = g.Sub(rel, g.Mul(blk, g.const(np.float32(STEP), name="step"), name="block_start"),
                           name="within")
            mag = g.Abs(blk, name="mag")

            def onehot(v, values, tag, to=1):
                return g.Cast(g.Equal(v, g.const(np.array(values, np.float32).reshape(1, -1), name=f"{tag}_v"),
                                      name=f"{tag}_b"), to=to, name=tag)
            x = g.Mul(onehot(g.Sign(blk, name="sign"), [-1, 0, 1], "dir"), valid, name="dir_in")      # [n, 3]
            pos_in = onehot(within, [0, 1, 2, 3], "cell")                                           # [n, 4]
            near = onehot(mag, [1], "near")                                                         # [n, 1]
            zero_blk = onehot(mag, [0], "home")
            # the 3 x 3 blocks' cells (x times this [n, 1] factor, multiplied inside the Einsum)
            block_cell = g.Mul(g.Sub(g.const(np.float32(1), name="one"), onehot(within, [3], "gap"), name="not_gap"),
                               g.Add(near, zero_blk, name="near_or_home"), name="block_cell")
            feats.append(dict(x=x, pos=pos_in, block_cell=block_cell, home=zero_blk,
                              ray=ray_factors(g, mag)))
        rowf, colf = feats
        # direction colours: count of each colour in each of the 3 x 3 blocks around the sprite
        counts = g.Einsum(g.input, rowf["x"], rowf["block_cell"], colf["x"], colf["block_cell"],
                          equation="bqrc,rx,rz,cy,cw->bqxy", name="counts")
        present = g.Cast(g.Greater(counts, g.const(np.float32(0.5), name="half"), name="present_b"), to=1,
                         name="present")
        not_bg = np.ones((1, 10, 1, 1), np.float32)
        not_bg[0, 0] = 0
        col = g.Mul(present, g.const(not_bg, name="not_bg"), name="colours")            # [1,10,3,3]
        any_col = g.ReduceSum(col, axes=[1], keepdims=1, name="any_colour")
        e0 = np.zeros((1, 10, 1, 1), np.float32)
        e0[0, 0] = 1
        paint = g.Sub(col, g.Mul(any_col, g.const(e0, name="e0"), name="bg_less"), name="paint_tab")
        base = np.zeros((1, 1, 10, 3, 3), np.float32)
        base[0, 0, 0] = 1
        f16 = lambda v, name: g.Cast(v, to=10, name=name)
        tab = g.Concat(g.const(base.astype(np.float16), name="base"),
                       f16(g.Unsqueeze(paint, axes=[1], name="paint5"), "paint16"), axis=1, name="tab")  # [1,2,10,3,3]
        sprite = g.Einsum(g.input, g.const(not_bg.reshape(10), name="not_bg_q"), rowf["pos"], rowf["home"],
                          colf["pos"], colf["home"], equation="bqrc,q,ri,rz,cj,cw->ij", name="sprite")  # [4,4]
        m2 = g.Concat(g.const(np.ones((1, 4, 4), np.float16), name="all_cells"),
                      f16(g.Unsqueeze(sprite, axes=[0], name="sprite3"), "sprite16"), axis=0, name="cells")
        # the on-ray test as a bilinear form of the row and column factors (1, A^2, A, nz), A = |block index|:
        # term 0 is 1; term 1 is 1 - A^2 nz_c + 2 A B - nz_r B^2, 1 on a ray and <= 0 off it (ray_factors)
        q = np.zeros((2, 4, 4), np.float16)
        q[:, 0, 0] = 1
        q[1, 1, 3] = q[1, 3, 1] = -1
        q[1, 2, 2] = 2
        # the render runs in float16 (small one-hots and counts, exact): its operands cast once, output float16
        rx, cx, rp, cp = (f16(v, f"{v}_16") for v in (rowf["x"], colf["x"], rowf["pos"], colf["pos"]))
        return g.model(g.Einsum(tab, rx, cx, rp, cp, m2, rowf["ray"], colf["ray"],
                                g.const(q, name="ray_test"),
                                equation="bkqxy,rx,cy,ri,cj,kij,rm,cn,kmn->bqrc", name="render"))
