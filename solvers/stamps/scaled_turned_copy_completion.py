"""Scaled turned copy completion: one 3x3 sprite is drawn whole (the one 3x3 window holding three or more
non-background colours); its other copies, blown up 1x to 3x and flipped across rows and/or columns (the
generator never transposes them), show only the cells whose colours also appear outside the whole sprite;
each copy is drawn whole.

The background is each grid's most common colour. A copy at scale s and turn o is a placement of the
whole sprite, turned and blown up s times, whose shown cells (colours seen outside the 3x3 window) all lie
on cells of their colour and whose 1-cell ring around the 3s x 3s box holds only background (the generator
keeps the boxes 2 cells apart; without the ring a 2x2 corner inside a 3x3 block of another copy made a false
copy). Two copies 2 cells apart can still make a false one of one's corner and the other's (3 of 5,000
fresh draws): a match is kept only where some shown cell of it is covered by no other match. A kept match draws
the sprite's other non-background cells there. Scales are the generator's 1 to 3.

Graph (uint8 throughout): colour counts and one Einsum of the input with 3-row bands find the first window
with three colours (its count of cell triples of three increasing non-background colours is > 0; ArgMax of
the first row with one, then of that row),
two Gathers lift it; one Einsum gives each window cell its weights, a Gather turns them (the generator's 4
flips) and nearest Resizes blow them up (scales 2, 3) into int8 kernels. A run-time 1x1 QLinearConv makes three planes
v^2, v and u (v = colour + 1, 0 off the grid and on the background; u = 1 on a shown colour); the match
kernels get a ring weighing (v^2, v, u) alike (a Pad of the 3x3 kernels, read at scales 2, 3 by one
tf_crop_and_resize Resize each); per scale one QLinearConv scores 1 - (sum over shown cells of (v - v_shown)^2
+ sum over the other cells of u + sum over the ring of v^2 + v + u), saturated: 1 exactly at a
full match (placements whose 3s x 3s box starts in the grid; in a variant whose box lies in the first rows
and columns up to the largest side of train and arc-gen: the generator's 26, read from the top-left corner
by a dilated 2x2 kernel; the generator's sprites have coloured corners, so every copy's box is in the
grid). Per scale a QLinearConv with the flipped shown-cell kernels counts the matches on each cell, and one
with the shown-cell kernels finds the matches with a cell counted once (a Min keeps those). Per scale one
QLinearConv with the flipped hidden-cell kernels then draws the hidden cells' colour codes (one match at
most per cell: a sprite with two corner colours differs from its flips and the boxes lie
apart; the rule refuses otherwise), Where puts their sum over the input's colour code (a 1x1 QLinearConv)
and one Equal writes the output.
"""
from __future__ import annotations

import numpy as np
from onnx import TensorProto

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import same_shape
from .oriented_copy_completion import orient

SCALES = (1, 2, 3)
K = 3 * max(SCALES)
TURNS = 4           # the generator flips copies across rows and columns, never transposes them: orient's 0-3


def whole_sprite(grid):
    """(background, top, left) of the one 3x3 window with three or more non-background colours, or None."""
    bg = int(np.bincount(grid.ravel(), minlength=10).argmax())
    h, w = grid.shape
    found = [(r, c) for r in range(h - 2) for c in range(w - 2)
             if len(set(grid[r:r + 3, c:c + 3].ravel().tolist()) - {bg}) >= 3]
    if not found:
        return None
    return bg, found[0][0], found[0][1]


def complete(grid):
    found = whole_sprite(grid)
    if found is None:
        return None
    bg, r0, c0 = found
    h, w = grid.shape
    win = grid[r0:r0 + 3, c0:c0 + 3]
    outside = grid.copy()
    outside[r0:r0 + 3, c0:c0 + 3] = -1
    shown = np.isin(win, np.unique(outside)) & (win != bg)
    colours = np.unique(win[shown])
    hidden = ~shown & (win != bg)
    if not shown.any():
        return None
    drawn = np.full((h, w), -1)
    pad = np.full((h + K + 2, w + K + 2), -1)          # one cell of margin before the grid, K + 1 after it
    pad[1:h + 1, 1:w + 1] = grid
    found = []
    for s in SCALES:
        side = 3 * s + 2
        ring = np.ones((side, side), bool)
        ring[1:-1, 1:-1] = False
        for o in range(TURNS):
            a = np.kron(orient(win, o), np.ones((s, s), int))
            sh = np.kron(orient(shown, o), np.ones((s, s), bool))
            hd = np.kron(orient(hidden, o), np.ones((s, s), bool))
            hit = np.ones((h, w), bool)
            for i, j in np.argwhere(sh):
                hit &= pad[i + 1:i + 1 + h, j + 1:j + 1 + w] == a[i, j]
            for i, j in np.argwhere(~sh):
                hit &= ~np.isin(pad[i + 1:i + 1 + h, j + 1:j + 1 + w], colours)
            for i, j in np.argwhere(ring):            # the generator keeps boxes 2 cells apart
                hit &= np.isin(pad[i:i + h, j:j + w], (-1, bg))
            found += [(pr, pc, a, sh, hd) for pr, pc in np.argwhere(hit)]
    # copies 2 cells apart can make a false one of one's corner and the other's: keep the matches with a shown
    # cell no other match covers
    covers = np.zeros((h + K, w + K), int)
    for pr, pc, a, sh, hd in found:
        covers[pr:pr + len(sh), pc:pc + len(sh)] += sh
    for pr, pc, a, sh, hd in found:
        if not (covers[pr:pr + len(sh), pc:pc + len(sh)][sh] == 1).any():
            continue
        for i, j in np.argwhere(hd):
            y, x = pr + i, pc + j
            if not (y < h and x < w) or drawn[y, x] >= 0:
                return None                           # the graph adds the codes of matches on a cell
            drawn[y, x] = a[i, j]
    return np.where(drawn >= 0, drawn, grid)


class ScaledTurnedCopyCompletion(Solver, name="scaled_turned_copy_completion", tasks=("task158",),
                                 refuses="task076", fit_splits=("train", "arc-gen")):
    """Same-shape grids: one 3x3 sprite drawn whole; copies blown up 1x-3x and turned show only the colours seen
    elsewhere; each is drawn whole."""

    def plans(self, examples):
        if same_shape(examples):
            yield ()

    def rule(self, plan, grid):
        return complete(grid)

    def candidates(self, examples):
        plan = self.fit(examples)
        if plan is None:
            return
        yield self.name, self.build(plan)
        side = max(max(i.shape) for i, _ in examples)       # arc-gen's largest: the generator's bound, 26
        if 30 - K + 1 <= side < 30:
            yield f"{self.name}:crop{side}", self.build(plan, side)

    def build(self, plan, crop=30):
        g = Graph()
        f32, u8, i8, i32 = TensorProto.FLOAT, TensorProto.UINT8, TensorProto.INT8, TensorProto.INT32
        one_f = g.const(np.float32(1), name="unit_scale")
        zp_u8, zp_i8 = g.const(np.uint8(0), name="zp_u8"), g.const(np.int8(0), name="zp_i8")

        def qconv(x, w, w_zero, bias=None, **attrs):
            """uint8 Conv, scales 1: sum x w + bias, saturated to 0..255."""
            ins = [x, one_f, zp_u8, w, one_f, w_zero, one_f, zp_u8] + ([bias] if bias is not None else [])
            return g.QLinearConv(*ins, **attrs)

        arange10 = g.const(np.arange(10, dtype=np.int64), name="arange10")
        counts = g.ReduceSum(g.input, axes=[0, 2, 3], keepdims=0, name="counts")           # [10]
        bg = g.ArgMax(counts, axis=0, keepdims=1, name="bg")
        notbg = g.Where(g.Equal(arange10, bg, name="is_bg"), g.floats(0.0, name="f0"), g.floats(1.0, name="f1"),
                        name="not_bg")                                                     # [10]
        x8 = g.Cast(g.input, to=u8, name="x8")
        # the whole sprite: the first 3x3 window (row-major) with three or more non-background colours. One
        # Einsum counts each window's cell triples of three increasing non-background colours (y < d < e: two
        # [10,10] order tables), > 0 exactly there: no per-colour presence planes
        wins = crop - 2                                                                    # windows in the corner
        band = np.zeros((wins, 30), np.float32)
        for a in range(wins):
            band[a, a:a + 3] = 1
        band = g.const(band, name="window_rows")
        before = g.const(np.triu(np.ones((10, 10), np.float32), 1), name="colour_before")
        triples = g.Einsum(band, g.input, band, notbg, before, band, g.input, band, notbg, before, band, g.input, band,
                           notbg, equation="ar,nyrw,bw,y,yd,as,ndst,bt,d,de,aq,nequ,bu,e->ab",
                           name="triples")                                                 # [wins,wins]
        half_f = g.floats(0.5, name="half")

        def first(line, name):
            """the index of the first entry of a float line above 0.5"""
            flags = g.Cast(g.Greater(line, half_f, name=f"{name}_b"), to=u8, name=f"{name}_u8")
            return g.ArgMax(flags, axis=0, keepdims=1, name=name)                          # [1]

        row = first(g.ReduceMax(triples, axes=[1], keepdims=0, name="triple_rows"), "whole_row")
        col = first(g.Reshape(g.Gather(triples, row, axis=0, name="triple_row"), g.ints([wins], name="wins"),
                              name="triple_cols"), "whole_col")
        steps = g.const(np.arange(3, dtype=np.int64), name="steps")
        win = g.Gather(g.Gather(x8, g.Add(row, steps, name="win_rows_i"), axis=2, name="win_rows"),
                       g.Add(col, steps, name="win_cols_i"), axis=3, name="win8")          # [1,10,3,3]
        win = g.Cast(win, to=f32, name="window")
        inside = g.ReduceSum(win, axes=[0, 2, 3], keepdims=0, name="inside")
        half = g.floats(0.5, name="half")
        seen = g.And(g.Greater(g.Sub(counts, inside, name="outside"), half, name="outside_b"),
                     g.Greater(inside, half, name="inside_b"), name="seen_b")
        sc = g.Where(seen, notbg, g.floats(0.0, name="f0"), name="shown_colours")           # [10]
        # per window cell: match weights on the planes (v^2, v, u) and paint weights (hidden code, hidden count);
        # v = colour + 1 (0 off the grid), u = 1 on a shown colour. A placement matches where
        # sum over shown cells (v - v_a)^2 + sum over the other cells u = 0: its score 1 - that, saturated
        code = np.arange(10, dtype=np.float32) + 1
        a = np.stack([-np.ones(10), 2 * code, np.ones(10), -code, -np.ones(10), code * code], 1).astype(np.float32)
        b = np.stack([np.zeros(10), np.zeros(10), np.zeros(10), code, np.ones(10), np.zeros(10)], 1).astype(np.float32)
        feat = g.Add(g.Add(g.Mul(g.Unsqueeze(sc, axes=[1], name="sc_col"), g.const(a, name="feat_shown"), name="feat_a"),
                           g.Mul(g.Unsqueeze(notbg, axes=[1], name="notbg_col"), g.const(b, name="feat_ink"),
                                 name="feat_b"), name="feat_ab"),
                     g.const(np.array([0, 0, -1, 0, 0, 0], np.float32), name="feat_c"), name="feat")  # [10,6]
        cells = g.Einsum(win, feat, equation="bcij,cf->ijf", name="cells")                 # [3,3,6]
        sq = g.ReduceSum(g.Slice(cells, g.ints([5], name="five"), g.ints([6], name="six"), g.ints([2], name="ax2"),
                                 name="cell_sq"), axes=[0, 1, 2], keepdims=0, name="shown_sq")   # sum of v_a^2
        cells8 = g.Reshape(g.Cast(g.Slice(cells, g.ints([0], name="zero"), g.ints([5], name="five"), g.ints([2], name="ax2"),
                                          name="cell_w"), to=i8, name="cells_i8"), g.ints([9, 5], name="flat9"),
                           name="cells_flat")                                              # [9,5]
        grid9 = np.arange(9).reshape(3, 3)
        turns = np.stack([orient(grid9, o) for o in range(TURNS)])
        flips = np.stack([orient(grid9, o)[::-1, ::-1] for o in range(TURNS)])
        match3 = g.Slice(g.Transpose(g.Gather(cells8, g.ints(turns, name="turns"), axis=0, name="match_g"),
                                     perm=[0, 3, 1, 2], name="match_t"), g.ints([0]), g.ints([3]), g.ints([1]),
                         name="match_w1")                                                  # [T,3,3,3]
        paint_t = g.Transpose(g.Gather(cells8, g.ints(flips, name="flips"), axis=0, name="paint_g"), perm=[3, 0, 1, 2],
                              name="paint_t")                                              # [5,T,3,3] (flipped)
        paint3 = g.Slice(paint_t, g.ints([3]), g.ints([4]), g.ints([0]), name="paint_w1")   # [1,T,3,3]
        # the shown cells (weight -1 on v^2), flipped to draw them and as matched to read them back
        shown_p3 = g.Neg(g.Slice(paint_t, g.ints([0]), g.ints([1]), g.ints([0]), name="shown_p_neg"), name="shown_p1")
        shown_m3 = g.Neg(g.Slice(match3, g.ints([0]), g.ints([1]), g.ints([1]), name="shown_m_neg"), name="shown_m1")
        bias = g.Cast(g.Sub(g.floats(1.0, name="f1"), g.Mul(g.const(np.array([float(s * s) for s in SCALES], np.float32),
                                                                   name="scale_sq"), sq, name="need"), name="bias_f"),
                      to=i32, name="bias")                                                  # [3]
        # planes (uint8, a run-time 1x1 QLinearConv; on a crop the dilated 2x2 kernel reads the top-left corner)
        # v is 0 on the background too, so that a ring cell weighing -(1, 1, 1) costs v^2 + v + u = 0 only there
        vw = g.Mul(g.const(np.stack([code * code, code]), name="plane_static"), notbg, name="plane_v_w")
        pw = g.Concat(vw, g.Unsqueeze(sc, axes=[0], name="sc_row"), axis=0, name="plane_w_f")   # [3,10]
        pw = g.Cast(g.Reshape(pw, g.ints([3, 10, 1, 1], name="pw_shape"), name="plane_w4"), to=u8, name="plane_w")
        cw = g.const(code.astype(np.uint8).reshape(1, 10, 1, 1), name="code_w")
        if crop < 30:
            tap = g.ints([0, 0, 0, 0, 0, 0, 1, 1], name="tap_pad")
            planes = qconv(x8, g.Pad(pw, tap, name="plane_w_tap"), zp_u8, dilations=[30 - crop] * 2,
                           name="planes")                                                  # [1,3,crop,crop]
            input_code = qconv(x8, g.Pad(cw, tap, name="code_w_tap"), zp_u8, dilations=[30 - crop] * 2,
                               name="input_code")                                          # [1,1,crop,crop]
        else:
            planes = qconv(x8, pw, zp_u8, name="planes")
            input_code = qconv(x8, cw, zp_u8, name="input_code")
        # the match kernels with a ring of -(1, 1, 1) around the 3s x 3s box: the generator keeps every copy's box
        # 2 cells from the others, so a copy's ring is background (a shown block inside a bigger one is no copy).
        # Scale s reads the 5x5 ringed kernel at (y + (s - 1) / 2) / s, rounded: ring, each cell s times, ring
        ringed = g.Pad(match3, g.ints([0, 0, 1, 1, 0, 0, 1, 1], name="ring_pad"), g.const(np.int8(-1), name="i8_minus1"),
                       name="match_ring1")                                                 # [T,3,5,5]
        codes_sum, matches, covers = [], [], []
        for k, s in enumerate(SCALES):
            mw, pwk, spk, smk = ringed, paint3, shown_p3, shown_m3
            if s > 1:
                scale = g.floats([1, 1, s, s], name=f"scale{s}")
                start, end_ = (s - 1) / (8 * s), (s - 1) / (8 * s) + (3 * s + 1) / (4 * s)
                roi = g.floats([0, 0, start, start, 1, 1, end_, end_], name=f"ring_roi{s}")
                mw = g.Resize(mw, roi, "", g.ints([TURNS, 3, 3 * s + 2, 3 * s + 2], name=f"ring_size{s}"), mode="nearest",
                              coordinate_transformation_mode="tf_crop_and_resize", nearest_mode="round_prefer_floor",
                              name=f"match_ring{s}")                                       # [T,3,3s+2,3s+2]
                pwk, spk, smk = (g.Resize(w, "", scale, mode="nearest", coordinate_transformation_mode="asymmetric",
                                          nearest_mode="floor", name=f"{what}_w{s}")
                                 for w, what in ((pwk, "paint"), (spk, "shown_p"), (smk, "shown_m")))
            bk = g.Expand(g.Gather(bias, g.const(np.array([k], np.int64), name=f"k{k}"), axis=0, name=f"bias{s}_1"),
                          g.ints([TURNS], name="turns_n"), name=f"bias{s}")
            # placements whose 3s x 3s box lies in the crop (on the full canvas: every start in the grid)
            end = 0 if crop < 30 else 3 * s - 1
            match = qconv(planes, mw, zp_i8, bk, pads=[1, 1, end + 1, end + 1], name=f"match{s}")  # [1,T,P,P] 0/1
            back = 3 * s - 1 - end
            pads = [3 * s - 1, 3 * s - 1, back, back]
            matches.append((match, pwk, smk, pads, end))
            covers.append(qconv(match, spk, zp_i8, pads=pads, name=f"covers{s}"))           # [1,1,crop,crop]
        # copies 2 cells apart can make a false one of one's corner and the other's: a match is kept where a
        # shown cell of it is covered by no other match
        covers = g.Add(g.Add(covers[0], covers[1], name="covers12"), covers[2], name="covers")
        sole = g.Cast(g.Equal(covers, g.const(np.uint8(1), name="u8_one"), name="sole_b"), to=u8, name="sole")
        for s, (match, pwk, smk, pads, end) in zip(SCALES, matches):
            has_sole = qconv(sole, smk, zp_i8, pads=[0, 0, end, end], name=f"has_sole{s}")  # [1,T,P,P]
            kept = g.Min(match, has_sole, name=f"kept{s}")
            codes_sum.append(qconv(kept, pwk, zp_i8, pads=pads, name=f"code_sum{s}"))
        # a cell is drawn by one match at most (the flips of a sprite with two corner colours differ, boxes
        # lie apart; the rule refuses otherwise): the sum of the drawn codes is the code
        code_sum = g.Add(g.Add(codes_sum[0], codes_sum[1], name="code_sum12"), codes_sum[2], name="code_sum")
        key = g.Where(g.Greater(code_sum, zp_u8, name="painted"), code_sum, input_code, name="key")
        if crop < 30:
            key = g.Pad(key, g.ints([0, 0, 0, 0, 0, 0, 30 - crop, 30 - crop], name="to_canvas"), name="key30")
        codes = (np.arange(10, dtype=np.uint8) + 1).reshape(1, 10, 1, 1)
        return g.model(g.Equal(key, g.const(codes, name="codes"), name="out"))
