"""Frame corner swap: a rectangular frame (the most frequent colour) holds a cell at each inner corner; each
such cell jumps diagonally across the box to just outside the opposite corner, and the inside clears.

Frame rows/columns give the jump (height-1, width-1) and the box centre; per axis a stack [identity,
forward jump of the first half, backward jump of the second half] of one-hot matrices, and one Einsum
writes the kept frame (identity image) plus the four jumped images of the non-frame colours.

Cheaper variant on the inputs' largest extent H x W (fitted on train and arc-gen, so the extent is the
generator's: task228's grids are all 10 x 10; exact for every grid within it, and the build keeps it only
if it passes the fresh examples too): a colour code plane of the H x W corner (one dilated Conv, colour + 1,
0 off the grid); per axis a computed 0/1 [H,H] move matrix (line r goes to r + jump in the box's first
half, r - jump in its second), and one Einsum moves the code of every non-frame ink cell; Max with the code
left behind (those cells turned black) is the answer's code, cast to uint8, padded to the canvas and
decoded by one Equal.

Where every jumping cell sits at an inner corner of the frame (plan "corners", a restriction of the rule that
task228's generator always meets), the moves variant's per-axis selector is two rank-one terms of one [n,5]
Equal of the line index with the frame's lines (see `_build_corner_moves`), not a stored [n,2,n] one-hot.
"""
from __future__ import annotations

import numpy as np
from onnx import TensorProto

from neurogolf.graph import Graph

from .. import Solver
from .._common_graph import corner_plane
from .._common_grids import N
from ._guards import edits_in_place


def corner_swap(grid):
    """`swap` where every jumping cell sits at an inner corner of the frame (its row and column each one line
    inside the frame's; the only cells task228's generator draws), else None."""
    vals, counts = np.unique(grid[grid > 0], return_counts=True)
    out = swap(grid)
    if out is None:
        return None
    frame = vals[counts.argmax()]
    rr, cc = np.nonzero(grid == frame)
    for r, c in np.argwhere((grid != 0) & (grid != frame)):
        if r not in (rr.min() + 1, rr.max() - 1) or c not in (cc.min() + 1, cc.max() - 1):
            return None
    return out


def swap(grid):
    """The frame with each inner cell jumped across it; None where a cell sits on a centre line, would leave
    the grid, or lands on the frame or another jumped cell (the graph adds colours there)."""
    vals, counts = np.unique(grid[grid > 0], return_counts=True)
    if vals.size < 2:
        return None
    frame = vals[counts.argmax()]
    if (counts == counts.max()).sum() > 1:
        return None
    rr, cc = np.nonzero(grid == frame)
    r0, r1, c0, c1 = rr.min(), rr.max(), cc.min(), cc.max()
    out = np.where(grid == frame, frame, 0)
    h, w = grid.shape
    for r, c in np.argwhere((grid != 0) & (grid != frame)):
        if 2 * r == r0 + r1 or 2 * c == c0 + c1:
            return None
        p = r + (r1 - r0 if 2 * r < r0 + r1 else r0 - r1)
        q = c + (c1 - c0 if 2 * c < c0 + c1 else c0 - c1)
        if not (0 <= p < h and 0 <= q < w) or out[p, q]:
            return None
        out[p, q] = grid[r, c]
    return out


class FrameCornerSwap(Solver, name="frame_corner_swap", tasks=("task228",), refuses="task020",
                      aliases=("c4_cornerswap",), fit_splits=("train", "arc-gen")):
    """Cells inside a rectangular frame jump diagonally across it to just outside the opposite corner; the frame stays."""

    def plans(self, examples):
        if edits_in_place(examples):
            yield "corners"                 # a restriction of "jump": every graph of "jump" answers it too
            yield "jump"

    def rule(self, plan, grid):
        return corner_swap(grid) if plan == "corners" else swap(grid)

    def candidates(self, examples):
        yield from self.with_corner_variant(examples, self.build_cropped)
        h, w = (max(i.shape[a] for i, _ in examples) for a in (0, 1))
        plan = self.fit(examples)
        if h < N and w < N and plan is not None:
            yield f"{self.name}:moves{h}x{w}", self.build_moves(plan, h, w)

    def build_moves(self, plan, h, w):
        """The rule on grids of at most h x w cells (the inputs' largest extent, as `build_cropped`), one
        Einsum writing the output: per axis a selector S[to, mode, from] on the h x w window, mode 0 the
        identity and mode 1 the jump (line r to r + jump in the box's first half, r - jump in its second),
        and a colour table K[mode, kind, in colour, out colour] (a sum of two [in, out] images) read through each colour's kind (frame or
        black: stays; other ink: moves). The identity keeps the frame and black and leaves black where ink
        was; the jump adds the ink to its own channel at its landing cell and takes one from black there,
        so a landing cell (black in the identity image, the rule refuses any other) decodes to the ink."""
        g = Graph()
        f = lambda v, name: g.const(np.asarray(v, np.float32), name=name)
        win = {}
        for t, n in (("i", h), ("j", w)):
            eye = np.zeros((n, N), np.float32)
            eye[np.arange(n), np.arange(n)] = 1
            win[t] = g.const(eye, name=f"window_{t}")                                          # [n,30]
        ink = np.float32(np.arange(10) > 0)
        count = g.Einsum(g.input, f(ink, "ink"), equation="zcij,c->zc", name="ink_count")
        frame_b = g.Equal(count, g.ReduceMax(count, axes=[1], keepdims=1, name="most"), name="frame_b")
        is_frame = g.Cast(frame_b, to=TensorProto.FLOAT, name="frame_colour")                     # [1,10]
        if plan == "corners":
            return self._build_corner_moves(g, is_frame, frame_b, win, h, w)
        moves = []
        for t, n in (("i", h), ("j", w)):
            lo, hi = _frame_ends(g, is_frame, win[t], t)
            jump = g.Sub(hi, lo, name=f"jump_{t}")                                                  # [1,1]
            first = g.Less(f(2 * np.arange(n)[None], f"twice{n}"), g.Add(hi, lo, name=f"centre2_{t}"),
                           name=f"first_half_{t}")                                                  # [1,n]
            line = f(np.arange(n)[None], f"line{n}")
            target = g.Add(line, g.Where(first, jump, g.Neg(jump, name=f"back_{t}"), name=f"step_{t}"),
                           name=f"target_{t}")                                                      # [1,n]
            modes = g.Concat(line, target, axis=0, name=f"modes_{t}")                             # [2,n]
            # a landing line off the window (the rule refuses those grids) selects nothing, or wraps round
            moves.append(g.OneHot(modes, f(n, f"depth{n}"), f([0, 1], "off_on"), axis=0,
                                  name=f"move_{t}"))                                                # [to,mode,from]
        kind, mix, images = self._colour_kinds(g, frame_b)
        return g.model(g.Einsum(g.input, kind, mix, images,
                                win["i"], win["j"], *moves, win["i"], win["j"],
                                equation="zcrs,zct,umt,ucd,ir,js,pmi,qmj,py,qx->zdyx"))

    @staticmethod
    def _colour_kinds(g, frame_b):
        """[1,10,2] kind of each colour (0 stays: black, the frame; 1 moves: other ink; frame_b [1,10] bool marks
        the frame), and the table
        K[mode, kind, in, out] = sum_u A[u, mode, kind] E[u, in, out] (E[0] keeps the colour, E[1] turns it
        black): mode 0 keeps a staying colour and blackens moving ink, mode 1 writes moving ink and takes one
        from black."""
        f = lambda v, name: g.const(np.asarray(v, np.float32), name=name)
        ink = np.float32(np.arange(10) > 0)
        base = np.stack([1 - ink, ink], 1)                                     # [colour, kind]: kind 1 = moving ink
        kind = g.Where(g.Unsqueeze(frame_b, axes=[2], name="frame_b3"), f([1, 0], "frame_kind"), f(base, "kind_base"),
                       name="colour_kind")                                                  # [1,10,2]: the frame stays
        images = np.zeros((2, 10, 10), np.float32)
        images[0] = np.eye(10)
        images[1, :, 0] = 1
        mix = np.zeros((2, 2, 2), np.float32)                                  # [u, mode, kind]
        mix[0, 0, 0] = mix[1, 0, 1] = mix[0, 1, 1] = 1
        mix[1, 1, 1] = -1
        return kind, g.const(mix, name="mode_mix"), g.const(images, name="colour_images")

    def _build_corner_moves(self, g, is_frame, frame_b, win, h, w):
        """`build_moves` for the "corners" plan (every jumping cell at an inner corner): the jump sends line
        lo + 1 to hi + 1 and line hi - 1 to lo - 1 (lo, hi the frame's first and last line), two rank-one
        terms, so the selector S[to, mode, from] is never stored: per axis one Equal of the line index with
        (0, lo + 1, hi - 1, hi + 1, lo - 1) gives [n,5] flags (column 0 all ones), and a constant table
        T[mode, from flag, to flag] times a constant route per mode (identity, all ones) gives S = identity
        (mode 0) and S = flag1 x flag3 + flag2 x flag4 (mode 1)."""
        f = lambda v, name: g.const(np.asarray(v, np.float32), name=name)
        terms = np.zeros((2, 5, 5), np.float32)
        terms[0, 0, 0] = 1                                         # mode 0: every line stays
        terms[1, 1, 3] = terms[1, 2, 4] = 1                        # mode 1: lo + 1 -> hi + 1, hi - 1 -> lo - 1
        terms = g.const(terms, name="jump_terms")
        flags = []
        for t, n in (("i", h), ("j", w)):
            lo, hi = _frame_ends(g, is_frame, win[t], t)                                   # [1,1]
            ends = g.Add(g.Concat(f([[0]], "zero11"), lo, hi, hi, lo, axis=1, name=f"ends_{t}"),
                         f([[0, 1, -1, 1, -1]], "end_steps"), name=f"corner_lines_{t}")           # [1,5]
            lines = np.repeat(np.arange(n, dtype=np.float32)[:, None], 5, axis=1)
            lines[:, 0] = 0
            flag = g.Cast(g.Equal(f(lines, f"lines{n}"), ends, name=f"flags_{t}_b"), to=TensorProto.FLOAT,
                          name=f"flags_{t}")                                                        # [n,5]
            routes = f(np.stack([np.eye(n), np.ones((n, n))]), f"routes{n}")                        # [2,n,n]
            flags.append((flag, routes))
        kind, mix, images = self._colour_kinds(g, frame_b)
        (fi, ri), (fj, rj) = flags
        images, image_terms = [images], "ucd"
        if 10 in (h, w):    # the colour images from the [identity, all ones] routes already stored: E[1] = ones x [d = 0]
            images = [f(np.stack([np.eye(10), np.ones((10, 10))]), "routes10"),
                      f(np.stack([np.ones(10), np.eye(10)[0]]), "to_black")]
            image_terms = "ucd,ud"
        return g.model(g.Einsum(g.input, kind, mix, *images, win["i"], win["j"], fi, fi, terms, ri,
                                fj, fj, terms, rj, win["i"], win["j"],
                                equation=f"zcrs,zct,umt,{image_terms},ir,js,ie,pg,meg,mpi,jf,qh,mfh,mqj,py,qx->zdyx"))

    def build_cropped(self, plan, h, w):
        """The rule on grids of at most h x w cells (see the module docstring)."""
        g = Graph()
        f = lambda v, name: g.const(np.asarray(v, np.float32), name=name)
        code = corner_plane(g, np.arange(10) + 1, (h, w), "code")                  # colour + 1, 0 off the grid
        count = g.Einsum(g.input, f(np.arange(10) > 0, "ink"), equation="zcij,c->zc", name="ink_count")
        is_frame = g.Cast(g.Equal(count, g.ReduceMax(count, axes=[1], keepdims=1, name="most"), name="frame_b"),
                          to=TensorProto.FLOAT, name="frame_colour")                            # [1,10]
        frame_code = g.Einsum(is_frame, f(np.arange(10) + 1, "codes"), equation="zc,c->z", name="frame_code")
        on_frame = g.Equal(code, frame_code, name="on_frame")                                   # [1,1,h,w]
        moves = []
        for t, n in (("i", h), ("j", w)):
            lo, hi = _frame_ends(g, is_frame, None, t)
            jump = g.Sub(hi, lo, name=f"jump_{t}")                                                  # [1,1]
            mid2 = g.Add(hi, lo, name=f"centre2_{t}")
            # line r moves to r + jump in the first half, r - jump in the second: r + jump * (2 [2r < mid2] - 1)
            first = g.Cast(g.Less(f(2 * np.arange(n)[None], f"twice{n}"), mid2, name=f"first_half_{t}_b"),
                           to=TensorProto.FLOAT, name=f"first_half_{t}")
            sign = g.Sub(g.Add(first, first, name=f"twice_first_{t}"), f(1, "one"), name=f"direction_{t}")
            target = g.Add(f(np.arange(n)[None], f"line{n}"), g.Mul(sign, jump, name=f"step_{t}"),
                           name=f"target_{t}")                                                      # [1,n]
            moves.append(g.Cast(g.Equal(f(np.arange(n)[:, None], f"dest{n}"), target, name=f"move_{t}_b"),
                                to=TensorProto.FLOAT16, name=f"move_{t}"))                          # [dst, src]
        jumping = g.And(g.Greater(code, f(1.5, "black_code"), name="ink_cell"), g.Not(on_frame, name="off_frame"),
                        name="jumping")
        # codes are small integers: the move runs in float16, the rest in uint8
        moving = g.Where(jumping, g.Cast(code, to=TensorProto.FLOAT16, name="code16"),
                         g.const(np.float16(0), name="zero16"), name="moving")
        moved = g.Cast(g.Einsum(moves[0], moving, moves[1], equation="pr,zxrs,qs->zxpq", name="moved16"),
                       to=TensorProto.UINT8, name="moved")
        # a jumping cell leaves black behind; the frame, black and off-grid cells keep their code
        left = g.Where(jumping, g.const(np.uint8(1), name="black_u8"), g.Cast(code, to=TensorProto.UINT8,
                                                                               name="code_u8"), name="left_behind")
        result = g.Max(left, moved, name="result")
        canvas = g.Pad(result, g.ints([0, 0, 0, 0, 0, 0, N - h, N - w], name="to_canvas"), name="result_canvas")
        return g.model(g.Equal(canvas, g.const(np.arange(1, 11, dtype=np.uint8).reshape(1, 10, 1, 1),
                                               name="codes_u8")))

    def build(self, plan):
        g = Graph()
        f = lambda v, name: g.const(np.asarray(v, np.float32), name=name)
        ar = np.arange(30, dtype=np.float32)
        ink = np.float32(np.arange(10) > 0)
        count = g.Einsum(g.input, f(ink, "ink"), equation="zcij,c->zc", name="ink_count")
        is_frame = g.Cast(g.Equal(count, g.ReduceMax(count, axes=[1], keepdims=1, name="most"), name="frame_b"),
                          to=TensorProto.FLOAT, name="frame_colour")
        eye = f(np.eye(30)[None], "eye")
        mats = []
        for t in "ij":
            prof = g.Einsum(g.input, is_frame, equation=f"zcij,zc->z{t}", name=f"frame_{t}")
            has = g.Greater(prof, f(0, "zero"), name=f"has_{t}")
            lo = g.ReduceMin(g.Where(has, f(ar, "ar"), f(99, "big"), name=f"lo_c_{t}"), axes=[1], keepdims=0,
                             name=f"first_{t}")
            hi = g.ReduceMax(g.Where(has, f(ar, "ar"), f(-1, "small"), name=f"hi_c_{t}"), axes=[1], keepdims=0,
                             name=f"last_{t}")
            jump = g.Sub(hi, lo, name=f"jump_{t}")
            mid2 = g.Add(hi, lo, name=f"centre2_{t}")
            diff = f(ar[None, :] - ar[:, None], "dst_minus_src")
            first_half = g.Less(f(2 * ar[:, None], "twice_src"), mid2, name=f"first_half_{t}")
            second_half = g.Greater(f(2 * ar[:, None], "twice_src"), mid2, name=f"second_half_{t}")
            fwd = g.And(g.Equal(diff, jump, name=f"fwd_b_{t}"), first_half, name=f"fwd_{t}")
            bwd = g.And(g.Equal(diff, g.Neg(jump, name=f"neg_jump_{t}"), name=f"bwd_b_{t}"), second_half,
                        name=f"bwd_{t}")
            moves = g.Cast(g.Concat(g.Unsqueeze(fwd, axes=[0], name=f"fwd3_{t}"),
                                    g.Unsqueeze(bwd, axes=[0], name=f"bwd3_{t}"), axis=0, name=f"moves_b_{t}"),
                           to=TensorProto.FLOAT, name=f"moves_{t}")
            mats.append(g.Concat(eye, moves, axis=0, name=f"images_{t}"))                  # [3,30,30]
        # moved colours: ink that is not the frame; they leave background behind (identity image)
        moving = g.Sub(f(ink, "ink"), is_frame, name="moving")                                # [1,10]
        jmix = np.eye(10, dtype=np.float32)
        jmix[:, 0] -= 1
        moved = g.Einsum(moving, f(jmix, "jump_mix"), equation="zc,cd->zcd", name="moved_mix")
        stay = g.Sub(f(np.eye(10)[None], "identity_mix"), moved, name="stay_mix")
        mixes = g.Concat(g.Unsqueeze(stay, axes=[1], name="stay4"), g.Unsqueeze(moved, axes=[1], name="moved4"),
                         axis=1, name="mixes")                                                # [1,2,10,10]
        sel = np.zeros((3, 3, 2), np.float32)
        sel[0, 0, 0] = 1
        sel[1:, 1:, 1] = 1
        return g.model(g.Einsum(g.input, mats[0], mats[1], f(sel, "image_mix"), mixes,
                                equation="zcij,aip,bjq,abs,zscd->zdpq"))


def _frame_ends(g, is_frame, window, t):
    """[1,1] float first and last line (axis t) holding the frame colour, read from `input` through the
    [n,30] window (the whole canvas when None)."""
    if window is None:
        prof = g.Einsum(g.input, is_frame, equation=f"zcij,zc->z{t}", name=f"frame_{t}")         # [1,30]
    else:
        eq = "zcij,zc,ni->zn" if t == "i" else "zcij,zc,nj->zn"
        prof = g.Einsum(g.input, is_frame, window, equation=eq, name=f"frame_{t}")               # [1,n]
    zero = g.const(np.asarray(0, np.float32), name="zero")
    # one byte per line: ArgMax reads uint8
    has = g.Cast(g.Greater(prof, zero, name=f"has_{t}_b"), to=TensorProto.UINT8, name=f"has_{t}")
    lo = g.Cast(g.ArgMax(has, axis=1, keepdims=1, name=f"first_{t}_i"), to=TensorProto.FLOAT, name=f"first_{t}")
    hi = g.Cast(g.ArgMax(has, axis=1, keepdims=1, select_last_index=1, name=f"last_{t}_i"),
                to=TensorProto.FLOAT, name=f"last_{t}")                                           # [1,1]
    return lo, hi
