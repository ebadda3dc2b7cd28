"""Scaled turned copy completion: one 3x3 sprite is drawn whole (the one 3x3 window holding three or more
non-background colours); its other copies, blown up 1x to 3x and turned by any rotation/reflection, show
only the cells whose colours also appear outside the whole sprite; each copy is drawn whole.

The background is each grid's most common colour. A copy at scale s and turn o is a placement of the
whole sprite, turned and blown up s times, whose shown cells (colours seen outside the 3x3 window) all lie
on cells of their colour; the match draws the sprite's other non-background cells there. Scales are the
generator's 1 to 3.

Graph (on the 30x30 canvas): colour counts and a uint8 3x3 MaxPool of the input find the window with three
colours (ArgMax), two one-hot selectors and one Einsum lift it as [10, 3, 3]; one Einsum turns and blows it
up into 24 float16 kernels (8 turns x 3 scales, 9x9) of shown cells (match) and hidden cells (paint). One
float16 Conv scores every placement (in a variant only those starting in the first rows and columns up to
the largest side of train and arc-gen: the generator's 26), Greater than each kernel's shown-cell count less 1/2 marks the full matches, one
ConvTranspose draws the sum of the hidden cells' colour codes and how many matches drew each cell (turns
that give the same kernel draw a copy twice), their quotient is the code; Where puts it over the input's colour codes and one Equal writes the output.
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
    pad = np.full((h + K, w + K), -1)
    pad[:h, :w] = grid
    for s in SCALES:
        for o in range(8):
            a = np.kron(orient(win, o), np.ones((s, s), int))
            sh = np.kron(orient(shown, o), np.ones((s, s), bool))
            hd = np.kron(orient(hidden, o), np.ones((s, s), bool))
            hit = np.ones((h, w), bool)
            for i, j in np.argwhere(sh):
                hit &= pad[i:i + h, j:j + w] == a[i, j]
            for i, j in np.argwhere(~sh):
                hit &= ~np.isin(pad[i:i + h, j:j + w], colours)
            for pr, pc in np.argwhere(hit):
                for i, j in np.argwhere(hd):
                    y, x = pr + i, pc + j
                    if not (y < h and x < w) or drawn[y, x] not in (-1, a[i, j]):
                        return None
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
        f32, f16, u8 = TensorProto.FLOAT, TensorProto.FLOAT16, TensorProto.UINT8
        side = 30 - 2
        arange10 = g.const(np.arange(10, dtype=np.int64), name="arange10")
        counts = g.ReduceSum(g.input, axes=[0, 2, 3], keepdims=0, name="counts")           # [10]
        bg = g.ArgMax(counts, axis=0, keepdims=1, name="bg")
        notbg = g.Cast(g.Not(g.Equal(arange10, bg, name="is_bg"), name="not_bg_b"), to=f32, name="not_bg")
        present = g.MaxPool(g.Cast(g.input, to=u8, name="x8"), kernel_shape=[3, 3], name="present")
        colours = g.MatMulInteger(g.Cast(g.Unsqueeze(notbg, axes=[0], name="notbg_row"), to=u8, name="notbg8"),
                                  g.Reshape(present, g.ints([10, side * side]), name="present_flat"),
                                  name="colours_in_window")                                # [1, 784] int32
        three = g.Cast(g.Greater(colours, g.const(np.int32(2), name="two_i32"), name="three_b"), to=f32,
                       name="three")
        flat = g.ArgMax(g.Reshape(three, g.ints([side * side]), name="three_flat"), axis=0, keepdims=1,
                        name="whole_at")
        sels = []
        for term, pos in (("rows", g.Div(flat, g.ints([side]), name="whole_row")),
                          ("cols", g.Mod(flat, g.ints([side]), name="whole_col"))):
            offset = g.Sub(g.const(np.arange(30, dtype=np.int64).reshape(1, 30), name="arange30"), pos,
                           name=f"{term}_offset")
            hit = g.Equal(offset, g.const(np.arange(3, dtype=np.int64).reshape(3, 1), name="steps"),
                          name=f"{term}_hit")
            sels.append(g.Cast(hit, to=f32, name=f"{term}_select"))                      # [3, 30]
        win = g.Einsum(g.input, sels[0], sels[1], equation="bcyx,iy,jx->cij", name="window")   # [10, 3, 3]
        inside = g.ReduceSum(win, axes=[1, 2], keepdims=0, name="inside")
        half = g.floats(0.5, name="half")
        seen = g.Cast(g.And(g.Greater(g.Sub(counts, inside, name="outside"), half, name="outside_b"),
                            g.Greater(inside, half, name="inside_b"), name="seen_b"), to=f32, name="seen")
        sc = g.Mul(seen, notbg, name="shown_colours")                                         # [10]
        sh = g.Einsum(win, sc, equation="cij,c->ij", name="shown_cells")                     # [3, 3]
        ws = g.Einsum(win, sc, equation="cij,c->cij", name="shown_kernel")
        paint_w = np.zeros((10, 2), np.float32)     # per colour: its code (c + 1) and a count of 1
        paint_w[:, 0] = np.arange(10) + 1
        paint_w[:, 1] = 1
        wh = g.Einsum(win, g.Sub(notbg, sc, name="hidden_colours"), g.const(paint_w, name="paint_w"),
                      equation="cij,c,cd->dij", name="hidden_kernel")                         # [2, 3, 3]
        pen = g.Einsum(g.Sub(g.floats(1.0, name="f1"), sh, name="other_cells"), sc, g.floats(-100.0, name="big"),
                       equation="ij,c,->cij", name="penalty")
        wm = g.Add(ws, pen, name="match_base")
        combos = [(s, o) for s in SCALES for o in range(8)]
        n = len(combos)
        pick = np.zeros((n, 2), np.float32)
        rmat = np.zeros((n, K, 3), np.float32)
        cmat = np.zeros((n, K, 3), np.float32)
        rev, eye = np.eye(3, dtype=np.float32)[::-1], np.eye(3, dtype=np.float32)
        thr = np.zeros((1, n, 1, 1), np.float32)
        for a, (s, o) in enumerate(combos):
            up = np.kron(np.eye(3, dtype=np.float32), np.ones((s, 1), np.float32))          # [3s, 3]
            pick[a, (o >> 2) & 1] = 1
            rmat[a, :3 * s] = up @ (rev if o & 2 else eye)
            cmat[a, :3 * s] = up @ (rev if o & 1 else eye)
            thr[0, a] = s * s
        consts = (g.const(pick.astype(np.float16), name="pick_t"), g.const(rmat.astype(np.float16), name="row_map"),
                  g.const(cmat.astype(np.float16), name="col_map"))

        def turned(kernel, label):
            kernel = g.Cast(kernel, to=f16, name=f"{label}_h")
            both = g.Concat(g.Unsqueeze(kernel, axes=[0], name=f"{label}_plain"),
                            g.Unsqueeze(g.Transpose(kernel, perm=[0, 2, 1], name=f"{label}_t"), axes=[0],
                                        name=f"{label}_tt"), axis=0, name=f"{label}_both")
            return g.Einsum(consts[0], both, consts[1], consts[2], equation="nt,tcab,nia,njb->ncij",
                            name=f"{label}_turned")                                     # [n, 10 or 2, K, K]

        count = g.ReduceSum(sh, axes=[0, 1], keepdims=0, name="shown_count")
        limit = g.Cast(g.Sub(g.Mul(g.const(thr, name="scale_sq"), count, name="need"), half, name="limit_f"), to=f16,
                       name="limit")
        # float16 scores are exact at a full match (at most 81); a penalty (-100 a cell) stays far below it.
        # Placements start inside the grid: on a crop, the first `crop` rows and columns
        cut = 30 - crop
        score = g.Conv(g.Cast(g.input, to=f16, name="input_h"), turned(wm, "match"), kernel_shape=[K, K],
                       pads=[0, 0, K - 1 - cut, K - 1 - cut], name="score")
        match = g.Cast(g.Greater(score, limit, name="match_b"), to=f16, name="match")
        drawn = g.Cast(g.ConvTranspose(match, turned(wh, "paint"), kernel_shape=[K, K],
                                       pads=[0, 0, K - 1 - cut, K - 1 - cut], name="drawn_h"), to=f32,
                       name="drawn")                                               # [1, 2, 30, 30]
        code_sum = g.Slice(drawn, g.ints([0]), g.ints([1]), g.ints([1]), name="code_sum")
        times = g.Slice(drawn, g.ints([1]), g.ints([2]), g.ints([1]), name="times")
        painted = g.Greater(times, half, name="painted")
        code = g.Div(code_sum, g.Max(times, g.floats(1.0, name="f1"), name="times1"), name="code")
        codes = (np.arange(10, dtype=np.float32) + 1).reshape(1, 10, 1, 1)
        input_code = g.Conv(g.input, g.const(codes, name="codes"), name="input_code")
        key = g.Where(painted, code, input_code, name="key")
        return g.model(g.Equal(key, g.const(codes, name="codes"), name="out"))
