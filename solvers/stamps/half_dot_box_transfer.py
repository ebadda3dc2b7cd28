"""Half dot box transfer: the grid is two halves side by side (or stacked), each on its own background. One
half (the one with more colours) holds up to three separated rectangles ("boxes", at most 7x7) of one colour
with a few "dot" cells inside; the other holds only dots. The output is the dot half with each box drawn at
its candidates: windows of the box's size whose dots are exactly the box's (same colours, same places) and
whose other cells are background. Every true placement is a candidate and each box is drawn at most once,
so a dot that one candidate alone covers is that candidate's, and its box keeps only such candidates (a
two-dot box can fit a chain of three dots two ways, the one-dot box of its colour fitting two of them: the
chain's end that only one candidate covers decides). Then boxes with more dots place first (ties in raster
order of their corners), and a box never places on dots an earlier box already covers (a one-dot box would
otherwise also fit a dot of a two-dot box of its colour).

The box half's background is its most common colour with no 2x2 window (inside the half) holding exactly
one cell of it: separated rectangles never leave a lone background cell in a window, while the box colour
(more common than the background when the boxes are large) has one at every free box corner. The box
colour is the box half's most common other colour; the dot half's background its most common colour.

Measured on 21,346 fresh draws of task366's generator (seeds 1, 2, 3, 5, 6, 7, 11, 31-38, 1,500 each): this
rule reproduces every output but two that two placements fit equally (seed 2 draw 1241, seed 38 draw 63: a
two-dot box and a one-dot box on three evenly spaced dots, either box may take the middle one). Without the "more dots
first, never on covered dots" order 1 draw in 16 goes wrong; the single-candidate rule this family used
before the sole-dot rule (a box with several candidates leaves the dots of a box with one) failed 1 of 400
at fresh seed 5 and is no longer needed.

Graph: row and column profiles give the grid's sides, the cut and the box half; colour counts per half give
the box half. Selector Einsums lift each half to the top-left 15x17 corner (the generator's largest half), so
all per-cell work is on a half, not on 30x30: the dot half as one plane, v = colour + 1 (quantized, its uint8
square v^2 beside it); the box half as three, its two most common colours (its background is one: the dots'
colours have at most three cells there) and its cells. One uint8 QLinearConv (of the quantized planes) gives,
per top colour and 2x2 window, 5 x (colour cells) - (half cells) - 1, 0 exactly at a lone cell: the background
is the more common top colour with none; the box colour is the most common other one. The box corners (a 2x2
uint8 QLinearConv of the box half's planes) are the TopK(3) of the flat corner map; one-hot selectors lift
each corner's 7x7 window inside the Einsums that read it, CumSums of its first row and column cut the box's
rectangle, TopK of the dot counts orders the slots. One Einsum writes every slot's match kernel (box colour
read as the dot half's background; -2k on v, 1 on v^2, bias sum k^2), one uint8 QLinearConv of the quantized
planes gives each placement's sum (v - k)^2 on the dot half (0 at a match); from there on the planes are uint8
and every (transposed) convolution a uint8 QLinearConv with int8 kernels (a ConvTranspose as the Conv of its
flipped kernel, padded before): one counts the candidates on each dot, one finds the candidates on a dot
counted once (a slot with one keeps those only), one per slot draws its kept dots to mark what is covered
before the next slot matches, two draw the boxes' colour codes and cell counts (their uint8 quotient is the
code), Where puts it over the dot half's code, a Pad takes it to 30x30 and one Equal against the ten codes
writes the output.
"""
from __future__ import annotations

import numpy as np
from onnx import TensorProto

from neurogolf.graph import Graph

from .. import Solver

WINDOW = 7          # the generator's largest box side
BOXES = 3           # the generator's most boxes on a side
ROWS, COLS = 15, 17  # the generator's largest half: height 10..15, width height-2..height+2


def halves(grid):
    """(first half, second half) split across the longer side, or None for an odd longer side."""
    h, w = grid.shape
    if w > h:
        return None if w % 2 else (grid[:, :w // 2], grid[:, w // 2:])
    return None if h % 2 else (grid[:h // 2], grid[h // 2:])


def lone_colours(half):
    """Colours that some 2x2 window of the half holds exactly once."""
    found = set()
    for c in range(10):
        m = (half == c).astype(int)
        s = m[:-1, :-1] + m[1:, :-1] + m[:-1, 1:] + m[1:, 1:]
        if (s == 1).any():
            found.add(c)
    return found


def boxes_of(mask):
    """4-connected components of mask as (top, left, bottom, right) bounding boxes, in raster order."""
    seen = np.zeros(mask.shape, bool)
    found = []
    for y, x in zip(*np.nonzero(mask)):
        if seen[y, x]:
            continue
        stack, cells = [(y, x)], []
        seen[y, x] = True
        while stack:
            a, b = stack.pop()
            cells.append((a, b))
            for p, q in ((a + 1, b), (a - 1, b), (a, b + 1), (a, b - 1)):
                if 0 <= p < mask.shape[0] and 0 <= q < mask.shape[1] and mask[p, q] and not seen[p, q]:
                    seen[p, q] = True
                    stack.append((p, q))
        ys, xs = zip(*cells)
        found.append((min(ys), min(xs), max(ys), max(xs), len(cells)))
    return found


def transfer(grid):
    split = halves(grid)
    if split is None:
        return None
    a, b = split
    na, nb = len(np.unique(a)), len(np.unique(b))
    if na == nb:
        return None
    box, dot = (a, b) if na > nb else (b, a)
    counts = np.bincount(box.ravel(), minlength=10)
    lone = lone_colours(box)
    free = [c for c in range(10) if counts[c] and c not in lone]
    if not free:
        return None
    bg_box = max(free, key=lambda c: (counts[c], -c))
    rest = counts.copy()
    rest[bg_box] = 0
    fore = int(rest.argmax())
    bg_dot = int(np.bincount(dot.ravel(), minlength=10).argmax())
    wins = []
    found = boxes_of(box != bg_box)
    if len(found) > BOXES:
        return None
    for top, left, bottom, right, size in sorted(found):       # raster order of the top-left corners
        th, tw = bottom - top + 1, right - left + 1
        if th > WINDOW or tw > WINDOW or size != th * tw:
            return None                       # not a rectangle the graph's window can lift
        wins.append(box[top:bottom + 1, left:right + 1])
    wins.sort(key=lambda win: -int((win != fore).sum()))       # more dots first; ties in raster order
    h, w = dot.shape

    def hits(win):
        code = np.where(win == fore, bg_dot, win)
        th, tw = win.shape
        return [(r, c) for r in range(h - th + 1) for c in range(w - tw + 1)
                if (dot[r:r + th, c:c + tw] == code).all()]

    def cover(win, places):
        mask = np.zeros((h, w), bool)
        th, tw = win.shape
        for r, c in places:
            mask[r:r + th, c:c + tw] |= win != fore
        return mask

    cands = [hits(win) for win in wins]
    # every true placement is a candidate and each box is drawn once: a dot that one candidate alone covers
    # is that candidate's, and its box keeps it only (a two-dot box on a chain of three dots, the one-dot box
    # of its colour fitting the chain's middle and one end, is placed by the other end)
    covers = sum((cover(win, [p]).astype(int) for win, ps in zip(wins, cands) for p in ps), np.zeros((h, w), int))
    sole = covers == 1
    for j, (win, ps) in enumerate(zip(wins, cands)):
        sure = [p for p in ps if (cover(win, [p]) & sole).any()]
        if sure:
            cands[j] = sure
    claimed = np.zeros((h, w), bool)
    drawn = np.full((h, w), -1)
    for k, win in enumerate(wins):
        th, tw = win.shape
        dots = win != fore
        kept = [(r, c) for r, c in cands[k] if not (claimed[r:r + th, c:c + tw] & dots).any()]
        claimed |= cover(win, kept)
        for r, c in kept:
            region = drawn[r:r + th, c:c + tw]
            if ((region >= 0) & (region != win)).any():
                return None                   # two boxes paint one cell differently: the graph would add them
            region[...] = win
    return np.where(drawn >= 0, drawn, dot)


class HalfDotBoxTransfer(Solver, name="half_dot_box_transfer", tasks=("task366",), refuses="task018"):
    """Two halves on different backgrounds: boxes with 1-3 dots on one, loose dots on the other; output = the dot
    half with each box drawn where its dot pattern lies (a dot only one candidate covers places its box; more
    dots first, never on covered dots)."""

    def plans(self, examples):
        yield ()

    def rule(self, plan, grid):
        return transfer(grid)

    def build(self, plan):
        g = Graph()
        f32 = TensorProto.FLOAT
        k, n = WINDOW, 30
        x = g.input
        half = g.floats(0.5, name="half")
        one = g.floats(1.0, name="one")
        ar = np.arange(n, dtype=np.float32)

        def flag(t, name):
            return g.Cast(g.Greater(t, half, name=f"{name}_b"), to=f32, name=name)

        row_occ = flag(g.Einsum(x, equation="bcyx->y", name="row_count"), "row_occ")          # [30]
        col_occ = flag(g.Einsum(x, equation="bcyx->x", name="col_count"), "col_occ")
        height = g.ReduceSum(row_occ, axes=[0], keepdims=0, name="height")
        width = g.ReduceSum(col_occ, axes=[0], keepdims=0, name="width")
        hz = g.Cast(g.Greater(width, height, name="horiz_b"), to=f32, name="horiz")
        twice = g.const(2 * ar + 1, name="twice")
        second_x = flag(g.Sub(twice, width, name="sx_d"), "second_x")                          # 2x >= W
        second_y = flag(g.Sub(twice, height, name="sy_d"), "second_y")
        vert = g.Sub(one, hz, name="vert")
        cnt_all = g.Einsum(x, equation="bcyx->c", name="cnt_all")
        cnt1 = g.Add(g.Mul(hz, g.Einsum(x, second_x, equation="bcyx,x->c", name="cnt_right"), name="cnt1_h"),
                     g.Mul(vert, g.Einsum(x, second_y, equation="bcyx,y->c", name="cnt_below"), name="cnt1_v"),
                     name="cnt1")                                                               # second half
        cnt0 = g.Sub(cnt_all, cnt1, name="cnt0")
        n1 = g.ReduceSum(flag(cnt1, "has1"), axes=[0], keepdims=0, name="n1")
        n0 = g.ReduceSum(flag(cnt0, "has0"), axes=[0], keepdims=0, name="n0")
        bs = g.Cast(g.Greater(n1, n0, name="bs_b"), to=f32, name="box_second")
        nbs = g.Sub(one, bs, name="box_first")
        cnt_box = g.Add(g.Mul(bs, cnt1, name="cb1"), g.Mul(nbs, cnt0, name="cb0"), name="cnt_box")
        cnt_dot = g.Sub(cnt_all, cnt_box, name="cnt_dot")
        codes10 = g.const(np.arange(10, dtype=np.int64), name="arange10")

        def onehot(t, name):
            return g.Cast(g.Equal(codes10, g.ArgMax(t, axis=0, keepdims=1, name=f"{name}_at"), name=f"{name}_b"),
                          to=f32, name=name)

        bg_dot = onehot(cnt_dot, "bg_dot")
        hh = g.Mul(height, half, name="half_h")
        hw = g.Mul(width, half, name="half_w")
        half_rows = g.Sub(height, g.Mul(vert, hh, name="cut_rows"), name="half_rows")
        half_cols = g.Sub(width, g.Mul(hz, hw, name="cut_cols"), name="half_cols")

        eye_rows = g.const(np.eye(n + 1, n, dtype=np.float32), name="eye_rows")            # one-hot rows, then 0

        def lift(second, name, planes):
            """The half (second: 1 when it is the right/lower one) moved to the top-left ROWS x COLS corner, the
            other half's cells zeroed, as planes sum_c planes[c, z] input[c]: ([1,Z,ROWS,COLS], its two selectors)."""
            sels = []
            for term, size, extent, shift in (("r", ROWS, half_rows, g.Mul(g.Mul(second, vert), hh)),
                                              ("c", COLS, half_cols, g.Mul(g.Mul(second, hz), hw))):
                steps = g.const(ar[:size], name=f"arange_{term}")
                # row (column) i of the half is canvas row i + shift; past the half: the zero row n
                source = g.Where(g.Less(steps, extent, name=f"{name}_{term}_in"),
                                 g.Add(steps, shift, name=f"{name}_{term}_shifted"), g.floats(float(n), name="past"),
                                 name=f"{name}_{term}_source")
                sels.append(g.Gather(eye_rows, g.Cast(source, to=TensorProto.INT64, name=f"{name}_{term}_index"),
                                     axis=0, name=f"{name}_{term}_sel"))                    # [size, n]
            return g.Einsum(x, sels[0], sels[1], planes, equation="bcyx,iy,jx,cz->bzij", name=name), sels

        code = np.arange(1, 11, dtype=np.float32)
        # the dot half as v = colour + 1 and v^2 (0 off the half): a window matches a kernel of codes k exactly
        # where sum (v - k)^2 = sum v^2 - 2 sum v k + sum k^2 is 0
        dot_v, _ = lift(nbs, "dot_v", g.const(code.reshape(10, 1), name="code_col"))          # [1,1,ROWS,COLS]
        # the box half's background is one of its two most common colours (its dots' colours have at most three
        # cells): their masks and the half's cells are the box half's only planes
        top_counts, top_colours = g.TopK(cnt_box, g.ints([2]), axis=0, outputs=2, name="top2")   # ties: lower first
        top = g.Cast(g.Equal(g.const(np.arange(10, dtype=np.int64).reshape(10, 1), name="arange10_col"),
                             g.Reshape(top_colours, g.ints([1, 2]), name="top2_row"), name="top_b"),
                     to=f32, name="top")                                                     # [10, 2]
        box_planes, box_sels = lift(bs, "box_planes", g.Concat(top, g.const(np.ones((10, 1), np.float32),
                                                                            name="ones10"), axis=1, name="top_half"))
        # per top colour and 2x2 window: 5 x (cells of the colour) - (cells in the half) - 1, which is 0 exactly
        # where the window lies in the half and holds one cell of the colour
        lone_w = np.zeros((2, 3, 2, 2), np.float32)
        lone_w[0, 0] = lone_w[1, 1] = 5
        lone_w[:, 2] = -1
        # on the box half's uint8 0/1 planes by a QLinearConv with zero point 128 (so 128 exactly there)
        unit, zero_u8, mid_u8 = g.floats(1.0, name="unit"), g.const(np.uint8(0), name="zero_u8"), g.const(
            np.uint8(128), name="mid_u8")
        zero_i8 = g.const(np.int8(0), name="zero_i8")
        box8 = g.QuantizeLinear(box_planes, unit, zero_u8, name="box8")
        lone_at = g.QLinearConv(box8, unit, zero_u8, g.const(lone_w.astype(np.int8), name="lone_w"), unit, zero_i8,
                                unit, mid_u8, g.const(-np.ones(2, np.int32), name="minus_ones"),
                                name="lone_at")                                              # [1,2,ROWS-1,COLS-1]
        lone = g.Cast(g.Equal(lone_at, mid_u8, name="lone_b"), to=TensorProto.UINT8, name="lone")
        lone2 = g.Cast(g.ReduceMax(lone, axes=[0, 2, 3], keepdims=0, name="lone2_8"), to=f32, name="lone2")
        pick = g.Cast(g.Equal(g.const(np.arange(2, dtype=np.int64), name="arange2"),
                              g.ArgMax(g.Sub(top_counts, g.Mul(lone2, g.floats(1000.0, name="big"), name="pen"),
                                             name="bg_key"), axis=0, keepdims=1, name="bg_at"), name="pick_b"),
                      to=f32, name="pick")                                                   # [2]
        bg_box = g.Einsum(top, pick, equation="cz,z->c", name="bg_box")
        fore = onehot(g.Mul(cnt_box, g.Sub(one, bg_box, name="not_bg_box"), name="fore_key"), "fore")
        off_bg = g.Concat(g.Neg(pick, name="minus_pick"), g.floats([1.0], name="one1"), axis=0,
                          name="off_bg")                                                     # the half less bg
        # the box mask's top-left corners: a uint8 QLinearConv of the box planes, its kernel off_bg x [[0, -1], [-1, 1]]
        corner_k = g.Cast(g.Einsum(off_bg, g.const(np.array([[[[0, -1], [-1, 1]]]], np.float32), name="corner_w"),
                                   equation="z,bcij->bzij", name="corner_kf"), to=TensorProto.INT8, name="corner_k")
        corner = g.QLinearConv(box8, unit, zero_u8, corner_k, unit, zero_i8, unit, zero_u8, pads=[1, 1, 0, 0],
                               name="corner")                                                # uint8, > 0 there
        flat = g.Reshape(g.Cast(g.Greater(corner, zero_u8, name="corner_b"), to=f32, name="corner_f"),
                         g.ints([ROWS * COLS]), name="corner_flat")
        exists, at = g.TopK(flat, g.ints([3]), axis=0, outputs=2, name="corners")
        sels = []
        for term, size, pos in (("rows", ROWS, g.Div(at, g.ints([COLS]), name="corner_row")),
                                ("cols", COLS, g.Mod(at, g.ints([COLS]), name="corner_col"))):
            off = g.Sub(g.const(np.arange(size, dtype=np.int64).reshape(1, 1, size), name=f"arange_{term}"),
                        g.Reshape(pos, g.ints([3, 1, 1]), name=f"{term}_3"), name=f"{term}_off")
            hit = g.Equal(off, g.const(np.arange(k, dtype=np.int64).reshape(1, k, 1), name="steps"),
                          name=f"{term}_hit")
            sels.append(g.Cast(hit, to=f32, name=f"{term}_sel"))                                  # [3, 7, side]
        # each corner's 7x7 window of the box half is lifted inside every Einsum that reads it (not stored)
        win_ops, win_terms = (x, *box_sels, sels[0], sels[1]), "bcYX,yY,xX,kiy,kjx"
        # the box mask (the half less its background) read inside the Einsum, not stored
        mw = g.Einsum(box_planes, off_bg, sels[0], sels[1], equation="bzyx,z,kiy,kjx->kij", name="win_boxes")  # [3,7,7]
        top = g.Slice(mw, g.ints([0]), g.ints([1]), g.ints([1]), name="top_row")
        left = g.Slice(mw, g.ints([0]), g.ints([1]), g.ints([2]), name="left_col")
        lead_r = g.Cast(g.Less(g.CumSum(g.Sub(one, top, name="top_gap"), g.const(np.int64(2), name="ax2"),
                                        name="top_cum"), half, name="lead_r_b"), to=f32, name="lead_r")
        lead_c = g.Cast(g.Less(g.CumSum(g.Sub(one, left, name="left_gap"), g.const(np.int64(1), name="ax1"),
                                        name="left_cum"), half, name="lead_c_b"), to=f32, name="lead_c")
        rect = g.Einsum(lead_r, lead_c, exists, equation="kaj,kib,k->kij", name="rect")          # [3, 7, 7]
        fw = g.Einsum(*win_ops, fore, equation=f"{win_terms},c->kij", name="win_fore")
        dots = g.Mul(rect, g.Sub(one, fw, name="not_fore"), name="dots")
        dcount = g.ReduceSum(dots, axes=[1, 2], keepdims=0, name="dcount")                      # [3]
        _, order = g.TopK(dcount, g.ints([3]), axis=0, outputs=2, name="by_dots")               # ties: lower first
        slot = g.Cast(g.Equal(g.const(np.arange(3, dtype=np.int64).reshape(3, 1), name="arange3"),
                              g.Reshape(order, g.ints([1, 3]), name="order_row"), name="slot_b"),
                      to=f32, name="slot")                                                       # [k, s]
        eye = g.const(np.eye(10, dtype=np.float32), name="eye10")
        cmap = g.Add(g.Einsum(eye, g.Sub(one, fore, name="not_fore_c"), equation="cd,c->cd", name="keep"),
                     g.Einsum(fore, bg_dot, equation="c,d->cd", name="fore_to_bg"), name="cmap")
        # per slot: -2 x its match codes (box colour read as the dot half's background) on v, its cells on v^2
        match_w = g.const(np.stack([-2 * code, np.ones(10, np.float32)], 1), name="match_w")
        kmatch = g.Einsum(slot, *win_ops, rect, cmap, match_w, equation=f"ks,{win_terms},kij,cd,dz->szij",
                          name="kmatch")                                                   # [3,2,7,7]
        ksq = g.Einsum(slot, *win_ops, rect, cmap, g.const(code * code, name="code_sq1"),
                       equation=f"ks,{win_terms},kij,cd,d->s", name="kernel_sq")           # [3]
        # per slot: the box's colour codes (colour + 1) and its cells, the kernels of two ConvTransposes
        paint = g.Einsum(slot, *win_ops, rect, g.const(code.reshape(10, 1), name="code_col"),
                         equation=f"ks,{win_terms},kij,cz->szij", name="paint")          # [3,1,7,7]
        cells = g.Einsum(slot, rect, g.floats([1.0], name="one1"), equation="ks,kij,z->szij", name="cells")
        area = g.Einsum(slot, rect, equation="ks,kij->s", name="area")
        dotk = g.Einsum(slot, dots, equation="ks,kij->sij", name="dot_kernels")
        pads = [0, 0, k - 1, k - 1]
        # from here on uint8 planes and counts: QLinearConvs (scales 1, zero points 0) with int8 kernels; a
        # ConvTranspose of kernel W is a Conv of W flipped (and its in/out channels swapped) padded before
        u8, i8 = TensorProto.UINT8, TensorProto.INT8
        dot_code = g.QuantizeLinear(dot_v, unit, zero_u8, name="dot_code")
        dot8 = g.Concat(dot_code, g.Mul(dot_code, dot_code, name="dot_sq"), axis=1, name="dot8")  # v, v^2 <= 100
        # sum (v - k)^2 >= 0, exact in the int32 accumulator: 0 at a match
        misfit = g.QLinearConv(dot8, unit, zero_u8, g.Cast(kmatch, to=i8, name="kmatch_i8"), unit, zero_i8, unit,
                               zero_u8, g.Cast(ksq, to=TensorProto.INT32, name="ksq_i32"), pads=pads,
                               name="misfit")                                                  # [1,3,ROWS,COLS]

        def qconv(plane, kernel, name, before=False):
            """uint8 sum of `plane` under the int8 `kernel`: read onwards (Conv) or, before=True, drawn onwards
            (ConvTranspose: the kernel given already flipped)."""
            return g.QLinearConv(plane, unit, zero_u8, kernel, unit, zero_i8, unit, zero_u8,
                                 pads=[k - 1, k - 1, 0, 0] if before else pads, name=name)

        def int8(t, name):
            return g.Cast(t, to=i8, name=name)

        def flipped(t, name):
            """[S,1,k,k] ConvTranspose kernels as one [1,S,k,k] int8 Conv kernel"""
            t = g.Reshape(t, g.ints([1, 3, k, k], name="kernel_row"), name=f"{name}_row")
            return int8(g.Slice(t, g.ints([-1, -1], name="last2"), g.ints([-k - 1, -k - 1], name="before2"),
                                g.ints([2, 3], name="ax23"), g.ints([-1, -1], name="back2"), name=f"{name}_flip"),
                        f"{name}_i8")

        present = g.Greater(g.Reshape(area, g.ints([1, 3, 1, 1]), name="area4"), half, name="present")
        ok_b = g.And(g.Equal(misfit, zero_u8, name="fits_b"), present, name="ok_b")
        ok = g.Cast(ok_b, to=u8, name="ok")
        dotk_q = int8(g.Reshape(dotk, g.ints([3, 1, k, k]), name="dotk_g"), "dotk_q")          # [3,1,k,k]
        kern = [g.Slice(dotk_q, g.ints([s]), g.ints([s + 1]), g.ints([0]), name=f"dotk{s}") for s in range(3)]
        dotk_flip = flipped(dotk, "dotk")                                                  # [1,3,k,k]
        # a dot that one candidate alone covers is that candidate's: its slot keeps only such candidates
        covers = qconv(ok, dotk_flip, "covers", before=True)                                # [1,1,ROWS,COLS]
        sole = g.Cast(g.Equal(covers, g.const(np.uint8(1), name="one_u8"), name="sole_b"), to=u8, name="sole")
        sole_hits = qconv(sole, dotk_q, "sole_hits")                                        # [1,3,ROWS,COLS]
        has_sure = g.Greater(g.ReduceMax(g.Min(ok, sole_hits, name="sure_cells"), axes=[2, 3], keepdims=1,
                                         name="sure_hits"), zero_u8, name="has_sure")        # [1,3,1,1]
        keep = g.Or(g.Greater(sole_hits, zero_u8, name="on_sole"), g.Not(has_sure, name="no_sure"), name="keep")
        ok = g.Cast(g.And(ok_b, keep, name="ok_sure_b"), to=u8, name="ok_sure")
        picks = [g.Slice(ok, g.ints([s]), g.ints([s + 1]), g.ints([1]), name=f"ok{s}") for s in range(3)]
        kept, claimed = [], None
        for s in range(3):
            if claimed is None:
                kept.append(picks[s])
            else:
                clash = g.Greater(qconv(claimed, kern[s], f"clash_n{s}"), zero_u8, name=f"clash{s}")
                kept.append(g.Where(clash, zero_u8, picks[s], name=f"kept{s}"))
            if s < 2:
                kern_flip = g.Slice(kern[s], g.ints([-1, -1], name="last2"), g.ints([-k - 1, -k - 1], name="before2"),
                                    g.ints([2, 3], name="ax23"), g.ints([-1, -1], name="back2"),
                                    name=f"dotk{s}_flip")
                drawn_dots = qconv(kept[-1], kern_flip, f"claim_add{s}", before=True)
                claimed = drawn_dots if claimed is None else g.Add(claimed, drawn_dots, name=f"claimed{s}")
        matches = g.Concat(*kept, axis=1, name="matches")                                  # uint8 [1,3,ROWS,COLS]
        code_sum = qconv(matches, flipped(paint, "paint"), "code_sum", before=True)        # [1,1,ROWS,COLS]
        times = qconv(matches, flipped(cells, "cells"), "times", before=True)
        painted = g.Greater(times, zero_u8, name="painted")
        # boxes overlapping on a cell paint it one colour (else the rule refuses): the code is the mean
        boxes_code = g.Div(code_sum, g.Max(times, g.const(np.uint8(1), name="one_u8"), name="times1"),
                           name="boxes_code")
        key = g.Where(painted, boxes_code, dot_code, name="key")
        key = g.Pad(key, g.ints([0, 0, 0, 0, 0, 0, n - ROWS, n - COLS]), name="key30")
        return g.model(g.Equal(key, g.const(np.arange(1, 11, dtype=np.uint8).reshape(1, 10, 1, 1), name="codes")))
