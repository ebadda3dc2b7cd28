"""Sprite part completion: each small sprite type (an outer colour in one of four shapes around a centre of
another colour: the two cells left and right, the two above and below, the four orthogonal or the four
diagonal neighbours) appears once whole; its other copies show only the outer cells or only the centre,
and are completed: a background cell ringed by an outer colour's shape gets that colour's centre colour,
and a background cell at a shape offset from a lone centre gets the outer colour.

The shape of an outer colour is the one its cells make around some non-background cell (the whole
sprite); the centre colour is that cell's. Sprites of different types never share colours.

Graph (on the side x side square the generator's grids fit, read by one dilated Conv): a grouped Conv with
bias and Relu fires four shape detectors per colour; Einsums read, per colour, which shapes fire on a
non-background cell and the centre colour under them; those pick, per colour, a 3x3 kernel (and bias),
which one grouped Conv uses to find the rings (centres to paint) and another to spread lone centres into
their rings; Where paints the completed colour on background cells.

Pair variant (`sprite_part_completion:pairs`, the cheapest): one Einsum writes the output as a 3x3 convolution
of `input` whose kernel it reads off the grid itself. Sprites of different types use different colours, each
type shows exactly one whole sprite, and the generator keeps sprite boxes two cells apart, so the number of
(colour c cell, colour d cell at offset uv) pairs is 1 exactly at the whole sprite's shape offsets (for the
centre c round its outer d, and for the outer c seeing its centre d) and 0 for every other pair of different
colours. That count, weighted per colour, is the kernel: a centre colour's channel sums its ring (weight
31 - 6.5 * ring size, so a full ring of 2 or 4 clears the threshold 19 and a partial one does not), an outer
colour's channel sums its centre (weight 31: a lone centre spreads its ring), each colour keeps itself (its own
count at the centre tap) and channel 0 gets 19 per background cell minus every other channel's sum. Outer
colours are told from centres by a cell of their own colour two cells away in a row or column (centres are
never that close). A final factor, the sum of input's channels, zeroes every cell off the grid. Offsets are
read through one [3,30,30] shift table; every sum is a small integer, exact in float32.

Half variant (`sprite_part_completion:f16`): the same graph in float16 after the crop (every value is a
small integer: detector sums -3..4, counts up to side^2 = 625 < 2048, all exact), and Where picks on the
side x side square before one Pad writes the output (cells past `side` are off every grid the plan accepts).
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import same_shape

SHAPES = {"h": [(0, -1), (0, 1)], "v": [(-1, 0), (1, 0)], "d": [(-1, -1), (-1, 1), (1, -1), (1, 1)],
          "p": [(0, -1), (0, 1), (-1, 0), (1, 0)]}
ORDER = "hvdp"


def _at(grid, r, c):
    h, w = grid.shape
    return grid[r, c] if 0 <= r < h and 0 <= c < w else -1


def _fires(grid, colour, shape, r, c):
    return all(_at(grid, r + dr, c + dc) == colour for dr, dc in SHAPES[shape])


def _types(grid):
    """{outer colour: (shape, {centre colours})} read from the whole sprites."""
    found = {}
    h, w = grid.shape
    for colour in set(np.unique(grid).tolist()) - {0}:
        fired, centres = set(), set()
        for r in range(h):
            for c in range(w):
                if grid[r, c] == 0:
                    continue
                for shape in ORDER:
                    if _fires(grid, colour, shape, r, c):
                        fired.add(shape)
                        centres.add(int(grid[r, c]))
        if not fired:
            continue
        if fired == {"d"}:
            shape = "d"
        elif "p" in fired and fired <= {"p", "h", "v"}:
            shape = "p"
        elif len(fired) == 1:
            shape = fired.pop()
        else:
            return None
        found[colour] = (shape, centres)
    return found


class SpritePartCompletion(Solver, name="sprite_part_completion", tasks=("task173",), refuses="task165",
                           fit_splits=("train", "arc-gen")):
    """Sprites (an outer colour in a small shape round a centre colour) appear once whole; copies showing only the
    outer ring get the centre, copies showing only the centre get the ring."""

    def plans(self, examples):
        """(side,): the largest grid side."""
        if same_shape(examples):
            yield (max(max(i.shape) for i, _ in examples),)

    def rule(self, plan, grid):
        (side,) = plan
        if max(grid.shape) > side:
            return None
        types = _types(grid)
        if types is None:
            return None
        out = grid.copy()
        h, w = grid.shape
        for r in range(h):
            for c in range(w):
                if grid[r, c] != 0:
                    continue
                paint = set()
                for outer, (shape, centres) in types.items():
                    if _fires(grid, outer, shape, r, c):
                        paint |= centres
                    if any(_at(grid, r - dr, c - dc) in centres for dr, dc in SHAPES[shape]):
                        paint.add(outer)
                if len(paint) > 1:
                    return None
                if paint:
                    out[r, c] = paint.pop()
        return out

    def candidates(self, examples):
        plan = self.fit(examples)
        if plan is None:
            return
        yield f"{self.name}:pairs", self.build_pairs()
        yield self.name, self.build(plan)
        yield f"{self.name}:f16", self.build(plan, half=True)
        yield f"{self.name}:u8", self.build_u8(plan)

    def build_pairs(self):
        """The whole rule as one Einsum over `input` (see the module docstring's pair variant)."""
        g = Graph()
        x = g.input
        shift = np.zeros((3, 30, 30), np.float32)           # shift[u, i, m] = [m == i + u - 1]
        for u in range(3):
            for i in range(max(0, 1 - u), min(30, 31 - u)):
                shift[u, i, i + u - 1] = 1
        t = g.floats(shift, name="shift")
        pair_mask = np.zeros((10, 10, 3), np.float32)       # [c, d, u] * [c, d, v]: two colours at any offset,
        pair_mask[1:, 1:, :] = 1                            # a colour with itself at the centre only
        pair_mask[np.arange(10), np.arange(10), :] = 0
        pair_mask[np.arange(10), np.arange(10), 1] = 1
        pair_mask = g.floats(pair_mask, name="pair_mask")
        to_channel = np.eye(10, dtype=np.float32)           # colour c's kernel row: channel c, minus in channel 0
        to_channel[0, 1:] = to_channel[1:, 0] = -1
        # outer colours: a cell of their own colour two away in a row or a column ((0,2) and (2,0) as two shifts each)
        two_away = np.zeros((3, 3, 3, 3), np.float32)
        two_away[1, 2, 1, 2] = two_away[2, 1, 2, 1] = 1
        self_pairs = g.Einsum(x, t, t, g.floats(two_away, name="two_away"), t, t, x,
                              equation="zkmn,aim,bjn,abce,cpi,eqj,zkpq->k", name="self_pairs")
        is_centre = g.Cast(g.Less(self_pairs, g.floats(0.5, name="half")), to=1, name="is_centre")
        ring_step = np.full((3, 3), 6.5, np.float32)
        ring_step[1, 1] = 0
        ring_cut = g.Einsum(x, t, t, x, pair_mask, pair_mask, g.floats(ring_step, name="ring_step"), is_centre,
                            equation="zdmn,upm,vqn,zcpq,cdu,cdv,uv,c->c", name="ring_cut")    # 6.5 * ring size
        weight_num = g.Sub(g.floats(np.r_[19, [31] * 9].astype(np.float32), name="weight_top"), ring_cut,
                           name="weight_num")
        bg_only = np.zeros(10, np.float32)
        bg_only[0] = 1
        bg_cells = g.Einsum(x, g.floats(bg_only, name="bg_only"), equation="zcij,c->c", name="bg_cells")
        weight = g.Div(weight_num, g.Max(bg_cells, g.floats(1.0, name="one"), name="weight_den"),
                       name="weight")                   # background: 19 / its count (its pair count is that count)
        out = g.Einsum(x, t, t, x, pair_mask, pair_mask, weight, g.floats(to_channel, name="to_channel"), x, t, t, x,
                       equation="zdmn,upm,vqn,zcpq,cdu,cdv,c,kc,zdrs,uir,vjs,zeij->zkij", name="answer")
        return g.model(out)

    def build_u8(self, plan):
        """The same rule at one byte a cell (see the module docstring's one-byte variant)."""
        (side,) = plan
        g = Graph()
        scale, zero = g.const(np.float32(1), name="scale"), g.const(np.uint8(0), name="zero")

        def qconv(x, w, bias=None, **attrs):       # a uint8 Conv whose sums saturate at 0: a built-in Relu
            inputs = [x, scale, zero, w, scale, zero, scale, zero] + ([bias] if bias is not None else [])
            return g.QLinearConv(*inputs, **attrs)
        x = g.QuantizeLinear(g.input, scale, zero, name="onehot_u8")                            # [1,10,30,30]
        if side < 30:
            x = g.Slice(x, g.ints([0, 0]), g.ints([side, side]), g.ints([2, 3]), name="x")     # [1,10,s,s]
        kt = np.zeros((4, 3, 3), np.float32)
        for t, shape in enumerate(ORDER):
            for dr, dc in SHAPES[shape]:
                kt[t, 1 + dr, 1 + dc] = 1
        sizes = kt.sum(axis=(1, 2))
        # detector (colour c >= 1, shape t): 16 per shape cell of colour c, the centre cell's colour index
        # (0 for background) once; bias 16 - 16 size. A full shape round a cell of colour d scores 16 + d,
        # anything less at most 9 (saturating at 0), so the largest score of a detector over the grid tells
        # whether it fires round some coloured cell (>= 17) and the centre colour there (score - 16).
        det_w = np.zeros((9, 4, 10, 3, 3), np.uint8)
        for c in range(1, 10):
            det_w[c - 1, :, c] = 16 * kt
            det_w[c - 1, :, 1:, 1, 1] += np.arange(1, 10, dtype=np.uint8)
        det_b = np.tile(16 - 16 * sizes, 9).astype(np.int32)
        det = qconv(x, g.const(det_w.reshape(36, 10, 3, 3), name="det_w"), g.const(det_b, name="det_b"),
                    pads=[1] * 4, name="det")                                                   # [1,36,s,s]
        best = g.Reshape(g.Cast(g.ReduceMax(det, axes=[2, 3], keepdims=0, name="det_best"), to=1, name="det_best_f"),
                         g.ints([1, 9, 4], name="colour_shape"), name="best_ct")                 # [1,9,4]
        fired = g.Cast(g.Greater(best, g.floats(16.5, name="fires")), to=1, name="fired01")
        centre = g.ReduceMax(g.Mul(fired, g.Sub(best, g.floats(16.0, name="sixteen"), name="centre_code_t"),
                                   name="fired_centre"), axes=[2], keepdims=0, name="centre_code")   # [1,9]
        centre = g.Pad(centre, g.ints([0, 1, 0, 0], name="colour0"), name="centre_code10")         # [1,10]
        # shape weights: plus wins over h and v
        pick = np.eye(4, dtype=np.float32)
        pick[3, 0] = pick[3, 1] = -1                                        # w_h = f_h - f_p, w_v = f_v - f_p
        weights = g.Pad(g.Einsum(fired, g.floats(pick, name="pick"), equation="bct,ts->bcs", name="weights"),
                        g.ints([0, 1, 0, 0, 0, 0], name="colour0_ct"), name="weights10")            # [1,10,4]
        kernel = g.Cast(g.Einsum(weights, g.floats(kt, name="shapes"), equation="bct,tuv->cbuv", name="kernel_f"),
                        to=2, name="kernel")                                                     # [10,1,3,3]
        bias = g.Cast(g.Einsum(weights, g.floats(1 - sizes, name="one_less"), equation="bct,t->c", name="bias_f"),
                      to=6, name="bias")
        codes = g.floats(np.r_[-1, np.arange(1, 10)].astype(np.float32), name="colour_codes")     # colour 0: none
        # [c, d, 1, 1]: colour c's centre is d (lone centres of d spread c); [d, c, 1, 1]: rings of c get d
        to_centre = g.Cast(g.Equal(g.Reshape(centre, g.ints([10, 1, 1, 1], name="as_rows"), name="centre_rows"),
                                   g.Reshape(codes, g.ints([1, 10, 1, 1], name="as_cols"), name="codes_cols"),
                                   name="is_centre_b"), to=2, name="is_centre")
        from_ring = g.Transpose(to_centre, perm=[1, 0, 2, 3], name="centre_of")
        ring = qconv(x, kernel, bias, pads=[1] * 4, group=10, name="ring")                       # [1,c,s,s]
        middles = qconv(ring, from_ring, name="middles")                                          # [1,d,s,s]
        # lone centres of d spread colour c over c's shape: one 3x3 QLinearConv of x with [c, d] kernels
        spread = qconv(x, g.Mul(to_centre, kernel, name="spread_w"), pads=[1] * 4, name="spread")   # [1,c,s,s]
        add = g.Add(middles, spread, name="add")
        bg = g.Slice(x, g.ints([0]), g.ints([1]), g.ints([1]), name="bg")
        cond = g.Greater(g.Min(g.ReduceMax(add, axes=[1], keepdims=1, name="any_add"), bg, name="hit"), zero,
                         name="cond")
        picked = g.Where(cond, add, x, name="picked")                                             # [1,10,s,s]
        if side < 30:
            picked = g.Pad(picked, g.ints([0, 0, 0, 0, 0, 0, 30 - side, 30 - side]), name="picked30")
        return g.model(picked)

    def build(self, plan, half: bool = False):
        (side,) = plan
        g = Graph()
        ft = np.float16 if half else np.float32

        def const(value, name):
            return g.const(np.asarray(value, ft), name=name)
        eye = np.zeros((10, 10, 2, 2), np.float32)
        eye[np.arange(10), np.arange(10), 0, 0] = 1
        if side < 30:
            x = g.Conv(g.input, g.const(eye, name="crop_w"), kernel_shape=[2, 2], dilations=[30 - side] * 2, name="x")
        else:
            x = g.Conv(g.input, g.const(eye[:, :, :1, :1], name="crop_w"), kernel_shape=[1, 1], name="x")
        if half:
            x = g.Cast(x, to=10, name="x_h")
        kt = np.zeros((4, 3, 3), np.float32)
        for t, shape in enumerate(ORDER):
            for dr, dc in SHAPES[shape]:
                kt[t, 1 + dr, 1 + dc] = 1
        sizes = kt.sum(axis=(1, 2))
        det_w = np.tile(kt[None], (10, 1, 1, 1)).reshape(40, 1, 3, 3)
        det_b = np.tile(1 - sizes, 10).astype(np.float32)
        det = g.Relu(g.Conv(x, const(det_w, "det_w"), const(det_b, "det_b"), kernel_shape=[3, 3],
                            pads=[1] * 4, group=10, name="det_sum"), name="det")                    # [1,40,s,s]
        colour_of = np.zeros((40, 10), np.float32)
        colour_of[np.arange(40), np.arange(40) // 4] = 1
        colour_of[:4] = 0                                                   # background has no sprite
        nz = np.ones(10, np.float32)
        nz[0] = 0
        group_c, nz_c = const(colour_of, "colour_of"), const(nz, "nz")
        half_c = const(0.5, "half")
        fired = g.Einsum(det, x, nz_c, group_c, equation="bkrj,bdrj,d,kc->bk", name="fired")         # [1,40]
        fired = g.Cast(g.Greater(fired, half_c, name="fired_b"), to=10 if half else 1, name="fired01")
        fired = g.Reshape(fired, g.ints([1, 10, 4]), name="fired_ct")
        # shape weights: plus wins over h and v
        pick = np.eye(4, dtype=np.float32)
        pick[3, 0] = pick[3, 1] = -1                                        # w_h = f_h - f_p, w_v = f_v - f_p
        weights = g.Einsum(fired, const(pick, "pick"), equation="bct,ts->bcs", name="weights")   # [1,10,4]
        kernel = g.Einsum(weights, const(kt, "shapes"), equation="bct,tuv->cbuv", name="kernel")  # [10,1,3,3]
        bias = g.Einsum(weights, const(1 - sizes, "one_less"), equation="bct,t->c",
                        name="bias")
        centre = g.Einsum(det, x, group_c, const(nz.reshape(1, 10), "nz_row"), equation="bkrj,bdrj,kc,xd->bcd",
                          name="centre_n")
        centre = g.Cast(g.Greater(centre, half_c, name="centre_b"), to=10 if half else 1, name="centre")   # [1,c,d]
        ring = g.Relu(g.Conv(x, kernel, bias, kernel_shape=[3, 3], pads=[1] * 4, group=10, name="ring_sum"),
                      name="ring")                                                                   # [1,c,s,s]
        middles = g.Einsum(ring, centre, equation="bcrj,bcd->bdrj", name="middles")
        lone = g.Einsum(x, centre, equation="bdrj,bcd->bcrj", name="lone")                         # X of c's centre
        spread = g.Conv(lone, kernel, kernel_shape=[3, 3], pads=[1] * 4, group=10, name="spread")
        add = g.Add(middles, spread, name="add")
        bg = g.Slice(x, g.ints([0]), g.ints([1]), g.ints([1]), name="bg")
        hit = g.Mul(g.ReduceMax(add, axes=[1], keepdims=1, name="any_add"), bg, name="hit")
        if half:            # pick on the square, then one Pad writes the output (cells past side are off the grid)
            picked = g.Where(g.Greater(hit, half_c, name="cond"), add, x, name="picked")          # [1,10,s,s]
            if side < 30:
                picked = g.Pad(picked, g.ints([0, 0, 0, 0, 0, 0, 30 - side, 30 - side]), name="picked30")
            return g.model(picked)
        if side < 30:
            pads = g.ints([0, 0, 0, 0, 0, 0, 30 - side, 30 - side])
            add = g.Pad(add, pads, name="add30")
            hit = g.Pad(hit, pads, name="hit30")
        cond = g.Greater(hit, half_c, name="cond")
        return g.model(g.Where(cond, add, g.input))
