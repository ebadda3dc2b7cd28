"""Blown sprite pick: of two small sprites, output the one whose 2x blow-up is the big partly hidden shape.

The background is the commonest colour; of the three others, two are small sprites (3 to 5 a side) and one
the big shape (it can show as little as 4x4 of itself, so its size does not tell it). A sprite matches when
its 2x blow-up, placed at most three cells before the grid's top or left edge and four past its bottom or
right, has inside the grid exactly the big shape's cells. The generator always hides exactly one sprite line
(two grid lines) past exactly one edge; the hand-made examples hide one to four, on one or two edges. Where
both sprites match (the shown part fits the other sprite's blow-up too, about 1 in 200 draws), a match the
generator can make (two lines past one edge) beats one it cannot (e.g. four past the bottom and four past the
right), then the sprite with more cells wins: the generator needs the first cell it lists hidden, so a fuller
hidden line is likelier (in 8,000 draws with both matching its way: 4 times the drawn sprite had more cells,
2 times fewer). When both have as many cells (8 of those draws) or are equal (3), the input cannot tell which
was drawn: the lower colour is kept, a coin flip (about 1 draw in 1,500 is lost to it).

Graph: colour counts pick the background and the three other colours (TopK). One Einsum writes a code plane
(cropped to the examples' largest side in a variant: the generator's grids are at most 19), and a Gather looks
up each colour's uint8 plane, read less 1: +1 on its cells, -1 on every other grid cell, 0 past the grid. Its
row and column maxima give each colour's rows and columns; float16 OneHot selectors over its first lines and
one Einsum lift each colour's 5x5 corner of the code plane, its sprite where the code is its own. The six
(big colour, other colour) pairs get the other's sprite blown up 2x (int8 Gather, Resize). One grouped
QLinearConv sums each plane under its pairs' kernels at every placement plus the bias 1 - |colour|, saturating
at 0: 1 exactly where the blow-up covers the colour's cells and no other grid cell. A pair matches at most
once, so the rows and columns holding a 1 (ReduceMax) are one-hot at its placement; one Einsum reads its
weight (2 inside one way and two lines past an edge the other, 1 elsewhere within the examples' bounds) as
row states times column states. Weight x 1024 + cells ranks the sprites (ArgMax); the winner's box as a code
plane goes to `output` by one padding QLinearConv (decode_code).
"""
from __future__ import annotations

import numpy as np
from onnx import TensorProto

from neurogolf.graph import Graph

from .. import Solver
from ..local._code_decode import decode_code

SIDE = 5            # the generator's largest sprite side
LEAST = 3           # and its smallest
BEFORE = 3          # the big shape starts at most this many cells before the grid (generator: 2, examples: 3)
AFTER = 4           # and ends at most this many past it (generator: 2, examples: 4)
HIDDEN = 2          # the generator's blow-up sits exactly this many lines past one edge, inside the others
RANK = 1024         # a placement's weight counts above any colour's cells (at most 30 x 30)
PAIR_BIG = [0, 0, 1, 1, 2, 2]       # the six (big colour, sprite colour) pairs of the three colours
PAIR_SPRITE = [1, 2, 0, 2, 0, 1]


def _lines(start, length, size):
    """(inside, the generator's overshoot) for a blow-up of `length` lines starting at `start` of `size`."""
    end = start + length
    return start >= 0 and end <= size, start == -HIDDEN or end == size + HIDDEN


def pick(grid: np.ndarray):
    counts = np.bincount(grid.ravel(), minlength=10)
    bg = int(np.argmax(counts))
    present = [k for k in range(10) if counts[k] and k != bg]
    if len(present) != 3:
        return None
    h, w = grid.shape
    best = None
    for k in present:                   # colours ascending: the lower one wins a full tie
        mask = grid == k
        rows, cols = np.nonzero(mask.any(axis=1))[0], np.nonzero(mask.any(axis=0))[0]
        t, s = min(SIDE, len(rows)), min(SIDE, len(cols))       # a sprite has no empty row or column
        sprite = mask[rows[0]:rows[0] + t, cols[0]:cols[0] + s]
        blown = np.kron(sprite, np.ones((2, 2), bool))
        weight = 0
        for big in present:
            if big == k:
                continue
            shape = grid == big
            for dr in range(-BEFORE, h + AFTER - 2 * t + 1):
                for dc in range(-BEFORE, w + AFTER - 2 * s + 1):
                    canvas = np.zeros((h + 2 * BEFORE + 2 * SIDE, w + 2 * BEFORE + 2 * SIDE), bool)
                    canvas[dr + BEFORE:dr + BEFORE + 2 * t, dc + BEFORE:dc + BEFORE + 2 * s] = blown
                    if np.array_equal(canvas[BEFORE:BEFORE + h, BEFORE:BEFORE + w], shape):
                        (in_r, two_r), (in_c, two_c) = _lines(dr, 2 * t, h), _lines(dc, 2 * s, w)
                        weight = max(weight, 2 if (in_r and two_c) or (two_r and in_c) else 1)
        key = weight * RANK + int(counts[k])
        if weight and (best is None or key > best[0]):
            best = (key, np.where(sprite, k, bg))
    return None if best is None else best[1]


class BlownSpritePick(Solver, name="blown_sprite_pick", tasks=("task319",), refuses="task001"):
    """Output = the one of two small sprites whose 2x blow-up, partly past the grid's edge, is the big shape."""

    def plans(self, examples):
        yield ()

    def rule(self, plan, grid):
        return pick(grid)

    def candidates(self, examples):
        plan = self.fit(examples)
        if plan is None:
            return
        yield self.name, self.build(plan)
        side = max(max(i.shape) for i, _ in examples)       # the generator's grids are at most 19 a side
        if side < 30:
            yield f"{self.name}:crop{side}", self.build(plan, side)

    def build(self, plan, side=30):
        g = Graph()
        f32, f16, i8, u8, i32, b = (TensorProto.FLOAT, TensorProto.FLOAT16, TensorProto.INT8, TensorProto.UINT8,
                                    TensorProto.INT32, TensorProto.BOOL)
        counts = g.ReduceSum(g.input, axes=[2, 3], keepdims=0, name="counts")          # [1,10]
        bg = g.ArgMax(counts, axis=1, keepdims=0, name="bg")                           # [1]
        ar = g.const(np.arange(10, dtype=np.int64), name="ar10")
        not_bg = g.Not(g.Equal(ar, bg, name="is_bg"), name="not_bg")                   # [10]
        present = g.And(not_bg, g.Greater(counts, g.floats([0.0], name="zero_f"), name="present"),
                        name="coloured")                                               # [1,10]
        _, ks = g.TopK(g.Cast(present, to=f32, name="coloured_f"), g.ints([3]), axis=1, outputs=2, name="three")
        ks = g.Reshape(ks, g.ints([3, 1, 1]), name="ks")                               # [3,1,1] colours ascending
        hot = g.Cast(g.Equal(ks, ar, name="hot_b"), to=f32, name="hot")                 # [3,1,10]
        crop = g.const(np.eye(side, 30, dtype=np.float32), name="crop")
        # each colour j's plane (uint8, read less 1): 2 on its cells, 0 on every other grid cell, 1 past the grid
        # (as the padding), looked up from one code plane: 1, 2, 3 on the three colours' cells, 4 on the
        # background's, 0 past the grid
        code_of = g.Sub(g.floats([4.0], name="four"), g.Einsum(hot, g.floats([3.0, 2.0, 1.0], name="code_steps"),
                                                               equation="kzc,k->c", name="colour_steps"),
                        name="code_of")                                                # [10]
        if side < 30:
            code = g.Einsum(crop, g.input, code_of, crop, equation="ar,ncrw,c,bw->ab", name="code")
        else:
            code = g.Einsum(g.input, code_of, equation="ncrw,c->rw", name="code")       # [s,s]
        looks = np.zeros((1, 3, 5), np.uint8)
        looks[0, :, 0] = 1
        looks[0, [0, 1, 2], [1, 2, 3]] = 2
        planes = g.Gather(g.const(looks, name="plane_values"), g.Cast(code, to=i32, name="code_i"), axis=2,
                          name="planes")                                               # [1,3,s,s]
        # each colour's rows and columns (0/1: its plane reads 2 there), its top-left and box (<= SIDE a side)
        two_u8 = g.const(np.uint8(2), name="two_u8")
        rows = g.Cast(g.Equal(g.ReduceMax(planes, axes=[0, 3], keepdims=0, name="row_top"), two_u8, name="rows_b"),
                      to=f32, name="rows_on")                                          # [3,side]
        cols = g.Cast(g.Equal(g.ReduceMax(planes, axes=[0, 2], keepdims=0, name="col_top"), two_u8, name="cols_b"),
                      to=f32, name="cols_on")
        five = g.floats([float(SIDE)], name="side_f")
        side_ar = np.arange(SIDE, dtype=np.int64)

        def window(on, label):
            first = g.ArgMax(on, axis=1, keepdims=1, name=f"{label}_first")            # [3,1]
            span = g.Min(g.ReduceSum(on, axes=[1], keepdims=1, name=f"{label}_n"), five,
                         name=f"{label}_span")                                         # [3,1] float
            inside = g.Less(g.const(side_ar.astype(np.float32).reshape(1, SIDE), name="ar_side_f"), span,
                            name=f"{label}_in")                                         # [3,5]
            # one-hot over the side x side corner's lines (none past the depth); lines past the sprite's span
            # hold none of its colour
            idx = g.Add(first, g.const(side_ar.reshape(1, SIDE), name="ar_side"), name=f"{label}_at")
            sel = g.OneHot(idx, g.ints(side, name="depth"), g.const(np.array([0, 1], np.float16), name="off_on"),
                           name=f"{label}_sel")                                        # [3,5,side] float16
            return sel, span, inside

        r_sel, tall, in_r = window(rows, "r")                                           # [3,5,side]
        c_sel, wide, in_c = window(cols, "c")
        # each colour's 5x5 corner of the code plane; its sprite is where the code is its own
        corner = g.Einsum(r_sel, g.Cast(code, to=f16, name="code_h"), c_sel,
                          g.const(np.ones(1, np.float16), name="one_h"), equation="kaR,RW,kbW,z->kzab",
                          name="corner")                                               # [3,1,5,5]
        sprite = g.Equal(corner, g.const(np.arange(1, 4, dtype=np.float16).reshape(3, 1, 1, 1), name="own_h"),
                         name="sprite")
        # the six (big j, sprite k != j) pairs, j-major: each pair's kernel is k's sprite blown up 2x (int8)
        sprite_i8 = g.Cast(sprite, to=i8, name="sprite_i8")
        kerns = g.Resize(g.Gather(sprite_i8, g.ints(PAIR_SPRITE, name="pair_sprite"),
                                  axis=0, name="pair_sprites"), "", g.floats([1, 1, 2, 2], name="twice"),
                         mode="nearest", name="pair_kernels")                          # [6,1,10,10]
        # one grouped QLinearConv sums each plane under the two other colours' kernels at every placement, plus
        # 1 - |j|: 1 exactly where the blow-up covers j's cells and no other grid cell, 0 or less elsewhere;
        # saturating at 0: 1 marks a match
        sizes = g.Einsum(counts, hot, equation="nc,jzc->j", name="sizes")
        bias = g.Cast(g.Sub(g.floats([1.0], name="one_f"), g.Gather(sizes, g.ints(PAIR_BIG, name="pair_big"),
                                                                    axis=0, name="pair_sizes"), name="bias_f"),
                      to=i32, name="bias")                                             # [6]
        unit, zero8, one_u8 = (g.floats(1.0, name="unit"), g.const(np.int8(0), name="zero8"),
                               g.const(np.uint8(1), name="one_u8"))
        far = 2 * SIDE - 2 * LEAST + AFTER                  # the last placement a LEAST-line sprite may take
        match = g.QLinearConv(planes, unit, one_u8, kerns, unit, zero8, unit, g.const(np.uint8(0), name="zero_u8"),
                              bias, group=3, pads=[BEFORE, BEFORE, far, far], name="match")  # [1,6,H,W]
        # each placement's weight per sprite: 2 inside one way and HIDDEN past an edge the other (the
        # generator's), 1 elsewhere within BEFORE / AFTER of the edges, 0 beyond
        height = g.ReduceSum(g.ReduceMax(g.input, axes=[1, 3], keepdims=0, name="grid_rows"), axes=[1],
                             keepdims=0, name="height")                                 # [1]
        width = g.ReduceSum(g.ReduceMax(g.input, axes=[1, 2], keepdims=0, name="grid_cols"), axes=[1],
                            keepdims=0, name="width")
        n_out = side + BEFORE + far - 2 * SIDE + 1
        start = np.arange(n_out, dtype=np.float32).reshape(1, 1, n_out) - BEFORE

        def states(extent, size, label, order):
            """[3 sprites, 3 states, n_out] float16 for a blow-up of 2 x extent lines: allowed, inside, HIDDEN
            past (in `order`)."""
            past = g.Add(g.Sub(g.const(start, name="start"), size, name=f"{label}_start_past"),
                         g.Mul(g.Unsqueeze(extent, axes=[2], name=f"{label}_extent"), g.floats([2.0], name="two"),
                               name=f"{label}_blown"), name=f"{label}_past")           # [3,1,n_out] lines past the end
            state = {"allowed": g.LessOrEqual(past, g.floats([float(AFTER)], name="after_f"), name=f"{label}_allowed"),
                     "inside": g.And(g.LessOrEqual(past, g.floats([0.0], name="zero_f"), name=f"{label}_ends_in"),
                                     g.const(start >= 0, name="starts_in"), name=f"{label}_inside"),
                     "hidden": g.Or(g.Equal(past, g.floats([float(HIDDEN)], name="hidden_f"),
                                            name=f"{label}_hidden_end"),
                                    g.const(start == -HIDDEN, name="hidden_start"), name=f"{label}_hidden")}
            return g.Cast(g.Concat(*[state[n] for n in order], axis=1, name=f"{label}_states_b"), to=f16,
                          name=f"{label}_states")                                      # [3,3,n_out]

        # a pair matches at most once: its rows and columns (ReduceMax) are one-hot at the match, all 0 without
        rows_hit = g.Cast(g.ReduceMax(match, axes=[3], keepdims=0, name="rows_hit_u8"), to=f16, name="rows_hit")
        cols_hit = g.Cast(g.ReduceMax(match, axes=[2], keepdims=0, name="cols_hit_u8"), to=f16, name="cols_hit")
        # allowed x allowed + inside x hidden + hidden x inside: the columns' states in the swapped order
        r_states = states(tall, height, "r", ("allowed", "inside", "hidden"))
        c_states = states(wide, width, "c", ("allowed", "hidden", "inside"))
        # a sprite matches at most one big colour: the sum over its pairs is its match's weight
        to_sprite = np.eye(3, dtype=np.float16)[PAIR_SPRITE]                           # [6 pairs,3 sprites]
        weight = g.Einsum(rows_hit, r_states, cols_hit, c_states, g.const(to_sprite, name="to_sprite"),
                          equation="npr,ksr,npc,ksc,pk->k", name="weight")             # [3]
        score = g.Add(g.Mul(g.Cast(weight, to=f32, name="weight_f"), g.floats([float(RANK)], name="rank"),
                            name="ranked"), sizes, name="score")                       # the weight, then the cells
        which = g.ArgMax(score, axis=0, keepdims=1, name="which")                      # [1]
        chosen = g.Gather(sprite, which, axis=0, name="chosen")                        # [1,1,5,5]
        box = g.And(g.Gather(g.Reshape(in_r, g.ints([3, 1, SIDE, 1]), name="in_r3"), which, axis=0, name="box_r"),
                    g.Gather(g.Reshape(in_c, g.ints([3, 1, 1, SIDE]), name="in_c3"), which, axis=0, name="box_c"),
                    name="box")                                                        # [1,1,5,5]
        colour = g.Cast(g.Add(g.Gather(g.Reshape(ks, g.ints([3]), name="ks1"), which, axis=0, name="colour_i"),
                              g.ints([1]), name="colour1"), to=u8, name="colour")
        bg1 = g.Cast(g.Add(bg, g.ints([1]), name="bg1i"), to=u8, name="bg1")
        answer = g.Where(chosen, colour, bg1, name="cell_code")                        # [1,1,5,5]
        answer = g.Where(box, answer, g.const(np.uint8(0), name="zero_u8"), name="box_code")
        return g.model(decode_code(g, answer, (SIDE, SIDE)))
