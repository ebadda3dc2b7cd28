"""Blown sprite pick: of two small sprites, output the one whose 2x blow-up is the big partly hidden shape.

The background is the commonest colour; the big shape is the colour that spans 6 or more rows or columns
(the small sprites span 3 to 5); the two other colours are the small sprites. A sprite matches when its
2x blow-up, placed at most three cells before the grid's top or left edge and four past its bottom or right,
has inside the grid exactly the big shape's cells. The output is the matching sprite's box (rows x columns it
spans), its cells in its colour and the rest background. The generator places the blow-up 2 cells past one
edge and within the grid along the other axis; a match from such a placement beats one from a looser
placement (allowed for the hand-made examples: a larger sprite can cover a small visible corner that way,
4 in 1,200 fresh draws). When both sprites still match (about 1 in 300 draws), the one with more cells is
kept: the likelier one when it is longer along the edge (fewer placements there), else a coin flip, as for
equal sprites (the same shape in two colours), where the first colour wins; no rule does better.

Graph: colour counts pick the background and the three other colours (TopK); per-line counts of the three
(one Einsum per axis) give each colour's top-left and box. One Einsum writes each colour's plane as
grid - 2 x colour (cropped to the examples' largest side in a variant: the generator's grids are at most 19;
int8 by QuantizeLinear); one-hot line pickers and two int8 QLinearMatMuls read each colour's 5x5 corner off
its plane, and a nearest Resize blows them up to int8 10x10 kernels. One int8 QLinearConv with the kernels
sums each plane, doubled and shifted by ZERO, over every placement: -|colour| exactly where the blow-up
covers that colour's cells and no other grid cell (never less). An int8 QLinearMatMul of per-line kinds
(placed, past the edge as the generator does, inside) offsets the doubled sum by -4 at the generator's
placements, -3 at the looser ones and 0 elsewhere, so the least offset sum over the placements (a
ReduceMin) tells the two levels apart; the best level, then the most cells, picks the sprite; an Equal and
a Pad write its box.
"""
from __future__ import annotations

import numpy as np
from onnx import TensorProto

from neurogolf.graph import Graph

from .. import Solver

SIDE = 5            # the generator's largest sprite side
MIN_SIDE = 3        # and its smallest
BIG = 6             # the big shape spans at least this many rows or columns
BEFORE = 3          # the big shape starts at most this many cells before the grid (generator: 2, examples: 3)
AFTER = 4           # and ends at most this many past it (generator: 2, examples: 4)
ZERO = 60           # the int8 cover's zero point


def _spans(mask):
    return int(mask.any(axis=1).sum()), int(mask.any(axis=0).sum())


def _generated(dr, dc, h, w, t, s):
    """The generator's placements: the blow-up 2 cells past one edge (top, bottom, left or right) and within
    the grid along the other axis."""
    in_r, in_c = 0 <= dr <= h - 2 * t, 0 <= dc <= w - 2 * s
    return (dr in (-2, h - 2 * t + 2) and in_c) or (dc in (-2, w - 2 * s + 2) and in_r)


def pick(grid: np.ndarray):
    counts = np.bincount(grid.ravel(), minlength=10)
    bg = int(np.argmax(counts))
    present = [k for k in range(10) if counts[k] and k != bg]
    if len(present) != 3:
        return None
    h, w = grid.shape
    found = []
    for k in present:
        mask = grid == k
        rows, cols = np.nonzero(mask.any(axis=1))[0], np.nonzero(mask.any(axis=0))[0]
        t, s = min(SIDE, len(rows)), min(SIDE, len(cols))       # a sprite has no empty row or column
        sprite = mask[rows[0]:rows[0] + t, cols[0]:cols[0] + s]
        blown = np.kron(sprite, np.ones((2, 2), bool))
        level = 0       # 2: a generator placement matches; 1: only a looser one (the hand-made examples)
        for big in present:
            if big == k:
                continue
            shape = grid == big
            for dr in range(-BEFORE, h + AFTER - 2 * max(t, MIN_SIDE) + 1):
                for dc in range(-BEFORE, w + AFTER - 2 * max(s, MIN_SIDE) + 1):
                    canvas = np.zeros((h + 2 * BEFORE + 2 * SIDE, w + 2 * BEFORE + 2 * SIDE), bool)
                    canvas[dr + BEFORE:dr + BEFORE + 2 * t, dc + BEFORE:dc + BEFORE + 2 * s] = blown
                    if np.array_equal(canvas[BEFORE:BEFORE + h, BEFORE:BEFORE + w], shape):
                        level = max(level, 2 if _generated(dr, dc, h, w, t, s) else 1)
        if level:
            found.append((level, int(mask.sum()), np.where(sprite, k, bg)))
    if not found:
        return None
    found.sort(key=lambda f: (-f[0], -f[1]))
    if len(found) > 1 and found[0][:2] == found[1][:2]:
        return None
    return found[0][2]


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
        f32, f16, u8, i8, b = (TensorProto.FLOAT, TensorProto.FLOAT16, TensorProto.UINT8, TensorProto.INT8,
                               TensorProto.BOOL)
        counts = g.ReduceSum(g.input, axes=[2, 3], keepdims=0, name="counts")          # [1,10]
        bg = g.ArgMax(counts, axis=1, keepdims=0, name="bg")                           # [1]
        ar = g.const(np.arange(10, dtype=np.int64), name="ar10")
        not_bg = g.Not(g.Equal(ar, bg, name="is_bg"), name="not_bg")                   # [10]
        present = g.And(not_bg, g.Greater(counts, g.floats([0.0], name="zero_f"), name="present"),
                        name="coloured")                                               # [1,10]
        _, ks = g.TopK(g.Cast(present, to=f32, name="coloured_f"), g.ints([3]), axis=1, outputs=2, name="three")
        ks = g.Reshape(ks, g.ints([3, 1, 1]), name="ks")                               # [3,1,1] colours
        hot = g.Cast(g.Equal(ks, ar, name="hot_b"), to=f32, name="hot")                 # [3,1,10]
        # each colour's rows and columns, its top-left and box (at most SIDE a side)
        # the three colours' cell counts per line (one Einsum each, no [10,30] profile), 1 where any
        rows = g.Sign(g.Einsum(g.input, hot, equation="nchw,kzc->nkh", name="rows_n"), name="rows_on")  # [1,3,30]
        cols = g.Sign(g.Einsum(g.input, hot, equation="nchw,kzc->nkw", name="cols_n"), name="cols_on")
        five = g.floats([float(SIDE)], name="side_f")
        side_ar = np.arange(SIDE, dtype=np.int64)

        def window(on, label):
            first = g.Cast(g.Reshape(g.ArgMax(on, axis=2, keepdims=0, name=f"{label}_first"), g.ints([3, 1]),
                                     name=f"{label}_first3"), to=f16, name=f"{label}_first_h")  # [3,1]
            span = g.Min(g.Reshape(g.ReduceSum(on, axes=[2], keepdims=0, name=f"{label}_n"), g.ints([3, 1]),
                                   name=f"{label}_n3"), five, name=f"{label}_span")      # [3,1] float
            inside = g.Less(g.const(side_ar.astype(np.float32).reshape(1, SIDE), name="ar_side_f"), span,
                            name=f"{label}_in")                                         # [3,5]
            # the corner's lines (30: none, past the box)
            idx = g.Where(inside, g.Add(first, g.const(side_ar.astype(np.float16).reshape(1, SIDE), name="ar_side"),
                                        name=f"{label}_at"), g.const(np.float16(30), name="no_line"),
                          name=f"{label}_idx")                                          # [3,5] float16
            return idx, span, inside

        r_idx, tall, in_r = window(rows, "r")
        c_idx, wide, in_c = window(cols, "c")
        # each colour's plane as grid - 2 x colour on the side x side corner (int8): a placement matches colour j
        # exactly when the kernel's sum over it is -|j| (every j cell covered, no other grid cell)
        sign = g.Sub(g.floats([1.0], name="one_f"), g.Mul(hot, g.floats([2.0], name="two"), name="hot2"),
                     name="sign")                                                       # [3,1,10]
        if side < 30:
            crop = g.const(np.eye(side, 30, dtype=np.float32), name="crop")
            planes = g.Einsum(crop, g.input, sign, crop, equation="ar,ncrw,jzc,bw->jzab", name="planes")
        else:
            planes = g.Einsum(g.input, sign, equation="ncrw,jzc->jzrw", name="planes")  # [3,1,s,s]
        one, zero = g.floats(1.0, name="unit_scale"), g.const(np.int8(0), name="zero_i8")
        planes = g.QuantizeLinear(planes, one, zero, name="planes_i8")                       # [3,1,s,s]
        # each colour's SIDE x SIDE corner read off its own plane by two int8 QLinearMatMuls with one-hot line
        # pickers: -plane is 1 on its cells, -1 on the grid's other cells (0 by Relu), 0 past its box
        lines = np.arange(side, dtype=np.float16)
        pick = lambda idx, shape, lshape, name: g.Cast(g.Equal(g.Reshape(idx, g.ints(shape), name=f"{name}_at"),
                                                               g.const(lines.reshape(lshape), name=f"{name}_lines"),
                                                               name=f"{name}_b"), to=i8, name=name)
        r_pick = pick(r_idx, [3, 1, SIDE, 1], (1, 1, 1, side), "row_pick")                  # [3,1,5,s]
        c_pick = pick(c_idx, [3, 1, 1, SIDE], (1, 1, side, 1), "col_pick")                  # [3,1,s,5]
        corner_rows = g.QLinearMatMul(r_pick, one, zero, planes, one, zero, one, zero, name="corner_rows")
        corner = g.QLinearMatMul(corner_rows, one, zero, c_pick, one, zero, one, zero, name="corner")
        sprite = g.Relu(g.Neg(corner, name="minus_corner"), name="sprite")                  # [3,1,5,5] int8
        # the 10x10 blow-ups as int8 kernels (nearest Resize)
        kern = g.Resize(sprite, "", g.floats([1, 1, 2, 2], name="blow_up"), mode="nearest",
                        coordinate_transformation_mode="asymmetric", nearest_mode="floor",
                        name="blown")                                                   # [3,1,10,10] int8
        # one int8 QLinearConv: 2 x sum + ZERO (the doubled sum keeps the offsets' half steps whole; ZERO keeps
        # the least sums, -2 |j| - 4 and up, inside int8 for |j| up to 92; large sums saturate, harmlessly)
        # placements from BEFORE lines before the grid to AFTER past it for the shortest sprite side
        far = AFTER + 2 * SIDE - 2 * MIN_SIDE
        cover = g.QLinearConv(planes, one, zero, kern, one, zero, g.floats(0.5, name="half_scale"),
                              g.const(np.int8(ZERO), name="cover_zero"), pads=[BEFORE, BEFORE, far, far],
                              name="cover")                                             # [3 j,3 k,H,W] int8
        sizes = g.Einsum(counts, g.Reshape(hot, g.ints([3, 10]), name="hot2d"), equation="nc,jc->j", name="sizes")
        need = g.Cast(g.Neg(g.Reshape(sizes, g.ints([3, 1]), name="sizes2"), name="neg_sizes"), to=f16,
                      name="neg_sizes_h")                                               # -|j|, [3,1]
        # placements at most BEFORE cells past the grid's top or left edge and AFTER past its bottom or right
        height = g.ReduceSum(g.ReduceMax(g.input, axes=[1, 3], keepdims=0, name="grid_rows"), axes=[1],
                             keepdims=0, name="height")                                 # [1]
        width = g.ReduceSum(g.ReduceMax(g.input, axes=[1, 2], keepdims=0, name="grid_cols"), axes=[1],
                            keepdims=0, name="width")
        n_out = side + BEFORE + far - 2 * SIDE + 1
        start = np.arange(n_out, dtype=np.float32) - BEFORE
        lim_r = g.Add(height, g.floats([float(AFTER)], name="after_f"), name="lim_r")
        lim_c = g.Add(width, g.floats([float(AFTER)], name="after_f"), name="lim_c")

        def kinds(size, extent, lim, label, order, axis):
            """Per start line of the blow-up along one axis: placed (ends at most AFTER past the grid), the
            generator's past-the-edge start (2 before the first line or ending 2 past the last) and within the
            grid; as int8 factors in `order` on `axis` ([3, lines, 3] or [3, 3, lines])."""
            shape = (1, n_out, 1) if axis == 2 else (1, 1, n_out)
            end = g.Add(g.const(start.reshape(shape), name=f"start_{label}"),
                        g.Mul(g.Reshape(size, g.ints([3, 1, 1]), name=f"{label}_size3"), g.floats([2.0], name="two"),
                              name=f"{label}_size2"), name=f"end_{label}")
            placed = g.LessOrEqual(end, lim, name=f"placed_{label}")
            edge = g.Or(g.const((start == -2).reshape(shape), name=f"start_edge_{label}"),
                        g.Equal(end, g.Add(extent, g.floats([2.0], name="two"), name=f"edge_{label}"),
                                name=f"end_edge_{label}"), name=f"edge_{label}")
            inside = g.And(g.const((start >= 0).reshape(shape), name=f"start_in_{label}"),
                           g.LessOrEqual(end, extent, name=f"end_in_{label}"), name=f"inside_{label}")
            parts = {"placed": placed, "edge": edge, "inside": inside}
            return g.Cast(g.Concat(*[parts[k] for k in order], axis=axis, name=f"kinds_{label}"), to=i8,
                          name=f"kinds_{label}_i8")

        # a placement's offset to the doubled cover: -4 where the generator puts the blow-up (2 past one edge,
        # within the grid along the other axis), -3 at the other placements allowed (the hand-made examples go
        # 3 before and 4 past), 0 elsewhere: -3 placed_r placed_c - edge_r inside_c - inside_r edge_c, one
        # int8 QLinearMatMul of the weighted row kinds and the column kinds
        rows_k = g.Mul(kinds(tall, height, lim_r, "r", ("placed", "edge", "inside"), 2),
                       g.const(np.array([-3, -1, -1], np.int8).reshape(1, 1, 3), name="kind_weights"),
                       name="kinds_r_weighted")                                         # [3,H,3]
        cols_k = kinds(wide, width, lim_c, "c", ("placed", "inside", "edge"), 1)       # [3,3,W]
        offset = g.QLinearMatMul(rows_k, one, zero, cols_k, one, zero, one, zero,
                                 name="placement_offset")                               # [3,H,W] int8
        # the sum is never below -|j|: the least offset cover is 2 (-|j|) + ZERO - 4 when a generator placement
        # matches, ... - 3 when only another allowed one does, and at least ... - 2 otherwise
        allowed = g.Add(cover, offset, name="offset_cover")
        least = g.Cast(g.ReduceMin(allowed, axes=[2, 3], keepdims=0, name="least_cover"), to=f16,
                       name="least_h")                                                  # [3 big, 3 sprite]
        # 2 for a generator placement, 1 for another allowed one, else 0
        floor = g.Add(g.Add(need, need, name="twice_need"), g.const(np.float16(ZERO - 2), name="floor_step"),
                      name="match_floor")                                              # [3,1]
        level = g.Relu(g.Sub(floor, least, name="below"), name="level_pair")
        level = g.Mul(level, g.const((1 - np.eye(3)).astype(np.float16), name="off_diagonal"), name="level_off")
        hit = g.ReduceMax(level, axes=[0], keepdims=0, name="hit")                     # [3]
        cells = sizes                                   # a small sprite's cells are all its colour's cells
        # a generator placement first, then the sprite with more cells
        score = g.Mul(g.Cast(hit, to=f32, name="hit_f"), g.Add(cells, g.floats([100.0], name="hundred"),
                                                               name="cells_plus"), name="score")
        which = g.ArgMax(score, axis=0, keepdims=1, name="which")                      # [1]
        chosen = g.Gather(g.Reshape(sprite, g.ints([3, SIDE, SIDE]), name="sprite3"), which, axis=0,
                          name="chosen")                                               # [1,5,5]
        box = g.And(g.Gather(g.Reshape(in_r, g.ints([3, SIDE, 1]), name="in_r3"), which, axis=0, name="box_r"),
                    g.Gather(g.Reshape(in_c, g.ints([3, 1, SIDE]), name="in_c3"), which, axis=0, name="box_c"),
                    name="box")                                                        # [1,5,5]
        colour = g.Cast(g.Add(g.Gather(g.Reshape(ks, g.ints([3]), name="ks1"), which, axis=0, name="colour_i"),
                              g.ints([1]), name="colour1"), to=u8, name="colour")
        bg1 = g.Cast(g.Add(bg, g.ints([1]), name="bg1i"), to=u8, name="bg1")
        code = g.Where(g.Cast(chosen, to=b, name="chosen_b"), colour, bg1, name="cell_code")      # [1,5,5]
        code = g.Where(box, code, g.const(np.uint8(0), name="zero8"), name="box_code")
        hot_out = g.Equal(g.Reshape(code, g.ints([1, 1, SIDE, SIDE]), name="code4"),
                          g.const(np.arange(1, 11, dtype=np.uint8).reshape(1, 10, 1, 1), name="codes"), name="box_hot")
        return g.model(g.Pad(hot_out, g.ints([0, 0, 0, 0, 0, 0, 30 - SIDE, 30 - SIDE], name="pads"), name="out"))
