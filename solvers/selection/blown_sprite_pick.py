"""Blown sprite pick: of two small sprites, output the one whose 2x blow-up is the big partly hidden shape.

The background is the commonest colour; the big shape is the colour that spans 6 or more rows or columns
(the small sprites span 3 to 5); the two other colours are the small sprites. A sprite matches when its
2x blow-up, placed at most three cells before the grid's top or left edge and four past its bottom or right, has inside the grid exactly the big shape's cells. The output is the matching sprite's box
(rows x columns it spans), its cells in its colour and the rest background. When both sprites match
(the big shape shows too little of itself: 1 of 400 fresh draws), the one with more cells is kept: the
input cannot tell them apart, so this is a tie-break, not the rule (it was right in that one draw).

Graph: colour counts pick the background and the three other colours (TopK); a GatherElements cuts each
colour's 5x5 corner; a constant Einsum blows them up to 10x10 kernels, and one Conv of the three colour
planes and of the grid's plane with them counts, for every placement, the cells of each colour and of the
grid covered; a colour is the sprite when another colour's plane and the grid both reach that colour's
size at a placement within the edges' bounds; a Pad and an Equal write its box.
"""
from __future__ import annotations

import numpy as np
from onnx import TensorProto

from neurogolf.graph import Graph

from .. import Solver

SIDE = 5            # the generator's largest sprite side
BIG = 6             # the big shape spans at least this many rows or columns
BEFORE = 3          # the big shape starts at most this many cells before the grid (generator: 2, examples: 3)
AFTER = 4           # and ends at most this many past it (generator: 2, examples: 4)


def _spans(mask):
    return int(mask.any(axis=1).sum()), int(mask.any(axis=0).sum())


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
        for big in present:
            if big == k:
                continue
            shape = grid == big
            hit = False
            for dr in range(-BEFORE, h + AFTER - 2 * t + 1):
                for dc in range(-BEFORE, w + AFTER - 2 * s + 1):
                    canvas = np.zeros((h + 2 * BEFORE + 2 * SIDE, w + 2 * BEFORE + 2 * SIDE), bool)
                    canvas[dr + BEFORE:dr + BEFORE + 2 * t, dc + BEFORE:dc + BEFORE + 2 * s] = blown
                    hit |= np.array_equal(canvas[BEFORE:BEFORE + h, BEFORE:BEFORE + w], shape)
            if hit:
                found.append((int(sprite.sum()), np.where(sprite, k, bg)))
                break
    if not found:
        return None
    found.sort(key=lambda f: -f[0])
    if len(found) > 1 and found[0][0] == found[1][0]:
        return None
    return found[0][1]


class BlownSpritePick(Solver, name="blown_sprite_pick", tasks=("task319",), refuses="task001"):
    """Output = the one of two small sprites whose 2x blow-up, partly past the grid's edge, is the big shape."""

    def plans(self, examples):
        yield ()

    def rule(self, plan, grid):
        return pick(grid)

    def build(self, plan):
        g = Graph()
        f32, u8, i64, b = TensorProto.FLOAT, TensorProto.UINT8, TensorProto.INT64, TensorProto.BOOL
        counts = g.ReduceSum(g.input, axes=[2, 3], keepdims=0, name="counts")          # [1,10]
        bg = g.ArgMax(counts, axis=1, keepdims=0, name="bg")                           # [1]
        ar = g.const(np.arange(10, dtype=np.int64), name="ar10")
        not_bg = g.Not(g.Equal(ar, bg, name="is_bg"), name="not_bg")                   # [10]
        present = g.And(not_bg, g.Greater(counts, g.floats([0.0], name="zero_f"), name="present"),
                        name="coloured")                                               # [1,10]
        _, ks = g.TopK(g.Cast(present, to=f32, name="coloured_f"), g.ints([3]), axis=1, outputs=2, name="three")
        ks = g.Reshape(ks, g.ints([3]), name="ks")                                     # [3] colours
        planes = g.Reshape(g.Gather(g.input, ks, axis=1, name="planes4"), g.ints([3, 1, 30, 30]),
                           name="planes")                                             # [3,1,30,30]
        rows = g.ReduceMax(planes, axes=[3], keepdims=1, name="rows_on")               # [2,1,30,1]
        cols = g.ReduceMax(planes, axes=[2], keepdims=1, name="cols_on")               # [2,1,1,30]
        top = g.ArgMax(rows, axis=2, keepdims=0, name="top")                           # [2,1,1]
        left = g.ArgMax(cols, axis=3, keepdims=0, name="left")                         # [2,1,1]
        five = g.floats([float(SIDE)], name="side_f")
        tall = g.Min(g.ReduceSum(rows, axes=[2, 3], keepdims=0, name="rows_n"), five, name="tall")   # [3,1]
        wide = g.Min(g.ReduceSum(cols, axes=[2, 3], keepdims=0, name="cols_n"), five, name="wide")
        side = np.arange(SIDE, dtype=np.int64)
        r_idx = g.Min(g.Add(g.Reshape(top, g.ints([3, 1, 1]), name="top3"), g.const(side.reshape(1, SIDE, 1),
                            name="ar_r"), name="r_raw"), g.ints([29]), name="r_idx")   # [2,5,1]
        c_idx = g.Min(g.Add(g.Reshape(left, g.ints([3, 1, 1]), name="left3"), g.const(side.reshape(1, 1, SIDE),
                            name="ar_c"), name="c_raw"), g.ints([29]), name="c_idx")   # [2,1,5]
        flat = g.Reshape(planes, g.ints([3, 900]), name="planes_flat")
        idx = g.Add(g.Mul(r_idx, g.ints([30]), name="r30"), c_idx, name="win_idx")     # [2,5,5]
        sprite = g.GatherElements(flat, g.Reshape(idx, g.ints([3, SIDE * SIDE]), name="win_idx2"), axis=1,
                                  name="sprite_flat")                                  # [2,25]
        in_r = g.Less(g.const(side.astype(np.float32).reshape(1, SIDE, 1), name="ar_rf"),
                      g.Reshape(tall, g.ints([3, 1, 1]), name="tall3"), name="in_r")
        in_c = g.Less(g.const(side.astype(np.float32).reshape(1, 1, SIDE), name="ar_cf"),
                      g.Reshape(wide, g.ints([3, 1, 1]), name="wide3"), name="in_c")
        inside = g.And(in_r, in_c, name="in_box")                                      # [2,5,5]
        sprite = g.Mul(g.Reshape(sprite, g.ints([3, SIDE, SIDE]), name="sprite3"),
                       g.Cast(inside, to=f32, name="in_box_f"), name="sprite")
        up = np.zeros((2 * SIDE, SIDE), np.float32)
        for i in range(2 * SIDE):
            up[i, i // 2] = 1
        kern = g.Reshape(g.Einsum(g.const(up, name="blow"), sprite, g.const(up, name="blow"),
                                  equation="ia,kab,jb->kij", name="blown"),
                         g.ints([3, 1, 2 * SIDE, 2 * SIDE]), name="kern")              # [3,1,10,10]
        grid_plane = g.ReduceSum(g.input, axes=[1], keepdims=1, name="grid_plane")
        both = g.Concat(planes, grid_plane, axis=0, name="both")                       # [4,1,30,30]
        far = 2 * SIDE - 1
        cover = g.Conv(both, kern, pads=[BEFORE, BEFORE, far, far], name="cover")      # [4,3,H,W]
        need = g.ReduceSum(planes, axes=[1, 2, 3], keepdims=1, name="sizes")           # [3,1,1,1]
        own = g.Equal(g.Slice(cover, g.ints([0]), g.ints([3]), g.ints([0]), name="cover_big"), need, name="own")
        grid_ok = g.Equal(g.Slice(cover, g.ints([3]), g.ints([4]), g.ints([0]), name="cover_grid"), need,
                          name="grid_ok")                                              # [3,3,H,W]
        # placements at most BEFORE cells past any edge of the grid
        height = g.ReduceSum(g.ReduceMax(grid_plane, axes=[3], keepdims=1, name="grid_rows"), axes=[2, 3],
                             keepdims=0, name="height")                               # [1,1]
        width = g.ReduceSum(g.ReduceMax(grid_plane, axes=[2], keepdims=1, name="grid_cols"), axes=[2, 3],
                            keepdims=0, name="width")
        n_out = 30 + BEFORE + far - 2 * SIDE + 1
        start = np.arange(n_out, dtype=np.float32) - BEFORE
        lim_r = g.Add(height, g.floats([float(AFTER)], name="after_f"), name="lim_r")
        lim_c = g.Add(width, g.floats([float(AFTER)], name="after_f"), name="lim_c")
        end_r = g.Add(g.const(start.reshape(1, n_out, 1), name="start_r"),
                      g.Mul(g.Reshape(tall, g.ints([3, 1, 1]), name="tall3"), g.floats([2.0], name="two"),
                            name="tall2"), name="end_r")                               # [3,H,1]
        end_c = g.Add(g.const(start.reshape(1, 1, n_out), name="start_c"),
                      g.Mul(g.Reshape(wide, g.ints([3, 1, 1]), name="wide3"), g.floats([2.0], name="two"),
                            name="wide2"), name="end_c")                               # [3,1,W]
        placed = g.And(g.LessOrEqual(end_r, g.Min(lim_r, g.floats([30.0 + AFTER], name="cap")), name="fit_r"),
                       g.LessOrEqual(end_c, g.Min(lim_c, g.floats([30.0 + AFTER], name="cap")), name="fit_c"),
                       name="placed")                                                  # [3,H,W]
        full = g.Cast(g.And(g.And(own, grid_ok, name="match"), placed, name="full"), to=u8, name="full_u8")
        pair = g.ReduceMax(full, axes=[2, 3], keepdims=0, name="pair")                 # [3 big, 3 sprite]
        pair = g.Mul(pair, g.const((1 - np.eye(3)).astype(np.uint8), name="off_diagonal"), name="pair_off")
        hit = g.ReduceMax(pair, axes=[0], keepdims=0, name="hit")                      # [3]
        cells = g.ReduceSum(sprite, axes=[1, 2], keepdims=0, name="cells")              # [3]
        score = g.Mul(g.Cast(hit, to=f32, name="hit_f"), cells, name="score")           # the larger one wins
        which = g.ArgMax(score, axis=0, keepdims=1, name="which")                      # [1]
        chosen = g.Gather(sprite, which, axis=0, name="chosen")                        # [1,5,5]
        box = g.Gather(g.Reshape(inside, g.ints([3, SIDE * SIDE]), name="in_box2"), which, axis=0, name="box")
        colour = g.Cast(g.Add(g.Gather(ks, which, axis=0, name="colour_i"), g.ints([1]), name="colour1"), to=u8,
                        name="colour")
        bg1 = g.Cast(g.Add(bg, g.ints([1]), name="bg1i"), to=u8, name="bg1")
        code = g.Where(g.Cast(chosen, to=b, name="chosen_b"), colour, bg1, name="cell_code")      # [1,5,5]
        code = g.Where(g.Reshape(box, g.ints([1, SIDE, SIDE]), name="box3"), code,
                       g.const(np.uint8(0), name="zero8"), name="box_code")
        canvas = g.Pad(g.Reshape(code, g.ints([1, 1, SIDE, SIDE]), name="code4"),
                       g.ints([0, 0, 0, 0, 0, 0, 30 - SIDE, 30 - SIDE], name="pads"), name="canvas")
        return g.model(g.Equal(canvas, g.const(np.arange(1, 11, dtype=np.uint8).reshape(1, 10, 1, 1), name="codes"),
                               name="out"))
