"""Block picture colour: a fixed-size input is a row, column or grid of equal blocks (maybe with one-cell
separators); each block's exact picture is one of a few known patterns, each standing for a colour, and the
output shows those colours, one cell per block (or one line per block, transposed or broadcast along the
other axis).

Graph: a strided Conv scores every block against every pattern (a match scores the block's area), Equal
picks the matching pattern, and one Einsum of the match one-hots, the pattern -> colour table and two
placement matrices writes `output`.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import C, N, fixed_out_shape, fixed_shape


def _splits(n):
    """(blocks, size, stride) ways to cut n cells into equal blocks, with or without 1-cell separators."""
    out = []
    for b in range(1, n + 1):
        for gap in (0, 1):
            size = (n - (b - 1) * gap) / b
            if size >= 1 and size == int(size) and (b > 1 or gap == 0):
                out.append((b, int(size), int(size) + gap))
    return out


def _axis_map(out_len, blocks):
    """Output index -> block index along one axis: one block per index, or the single block broadcast."""
    if blocks == out_len:
        return list(range(out_len))
    if blocks == 1:
        return [0] * out_len
    return None


def _block(grid, plan, a, b):
    """The picture of the block that output cell (a, b) shows."""
    (_, kh, sh), (_, kw, sw) = plan["rgeo"], plan["cgeo"]
    ra, cb = plan["rows"][a], plan["cols"][b]
    y, z = (cb, ra) if plan["transpose"] else (ra, cb)
    return grid[y * sh:y * sh + kh, z * sw:z * sw + kw]


def _pattern_weights(pats):
    """(Conv weights, group, per-pattern match score) that score a block against each pattern.

    Every colour: weights 1 on the pattern's colour in each cell, a match scores the area. When all the
    patterns paint with the same two colours, one channel per pattern tells them apart (+1 where the pattern
    holds that colour, -1 where it holds the other: a match scores its count of that colour, a block of the
    two colours scores it only as that picture), so a grouped Conv reading half the channels does, when
    each pattern's half holds one of the two colours."""
    p, kh, kw = pats.shape
    full = np.zeros((p, C, kh, kw), np.float32)
    full[np.arange(p)[:, None, None], pats, np.arange(kh)[:, None], np.arange(kw)[None, :]] = 1
    area = np.full((1, p, 1, 1), kh * kw, np.float32)
    colours = np.unique(pats)
    if len(colours) != 2 or p % 2:
        return full, 1, area
    half = C // 2
    weight = np.zeros((p, half, kh, kw), np.float32)
    for k, pat in enumerate(pats):
        part = k // (p // 2)                                    # the input half output channel k reads
        ours = [c for c in colours if c // half == part]
        if not ours:
            return full, 1, area
        weight[k, ours[0] - part * half] = np.where(pat == ours[0], 1, -1)
        area[0, k] = (pat == ours[0]).sum()
    return weight, 2, area


class BlockPictureColour(Solver, name="block_picture_colour", tasks=("task235",), refuses="task149",
                         aliases=("c1_block_classify",), fit_splits=("train", "arc-gen")):
    """The input is a row/column/grid of equal blocks; each block's exact picture is one of a few patterns standing for
    a colour, shown one output cell (or line) per block."""

    def plans(self, examples):
        shape, out_shape = fixed_shape(examples), fixed_out_shape(examples)
        if shape is None or out_shape is None:
            return
        (h, w), (oh, ow) = shape, out_shape
        if (oh, ow) == (h, w) or oh * ow > 100:
            return
        for br, kh, sh in _splits(h):
            for bc, kw, sw in _splits(w):
                if br * bc < 2 or kh * kw < 2 or br * bc > 30:
                    continue
                for transpose in (False, True):
                    rows = _axis_map(oh, bc if transpose else br)
                    cols = _axis_map(ow, br if transpose else bc)
                    if rows is not None and cols is not None:
                        plan = {"rgeo": [br, kh, sh], "cgeo": [bc, kw, sw], "transpose": transpose,
                                "rows": rows, "cols": cols, "shape": [h, w]}
                        if self._learn(examples, plan):
                            yield plan

    @staticmethod
    def _learn(examples, plan):
        """Fill in the plan's picture -> colour table from the examples; False if a picture has two colours."""
        patterns: dict = {}
        for i, o in examples:
            for a in range(len(plan["rows"])):
                for b in range(len(plan["cols"])):
                    if patterns.setdefault(_block(i, plan, a, b).tobytes(), int(o[a, b])) != o[a, b]:
                        return False
        if len(patterns) > 12 or len(set(patterns.values())) < 2:
            return False
        (_, kh, _), (_, kw, _) = plan["rgeo"], plan["cgeo"]
        dtype = examples[0][0].dtype
        plan["patterns"] = [np.frombuffer(p, dtype=dtype).reshape(kh, kw).tolist() for p in patterns]
        plan["colours"] = list(patterns.values())
        return True

    def rule(self, plan, grid):
        if list(grid.shape) != plan["shape"]:
            return None
        colour = {np.asarray(p).tobytes(): c for p, c in zip(plan["patterns"], plan["colours"])}
        out = np.zeros((len(plan["rows"]), len(plan["cols"])), np.int64)
        for a in range(out.shape[0]):
            for b in range(out.shape[1]):
                key = _block(grid, plan, a, b).astype(np.int64).tobytes()
                if key not in colour:
                    return None       # no pattern matches: the graph lights no colour
                out[a, b] = colour[key]
        return out

    def candidates(self, examples):
        plan = self.fit(examples)
        if plan is None:
            return
        yield self.name, self.build(plan)
        model = _code_model(plan)
        if model is not None:
            yield f"{self.name}:code", model
        model = _code_equal_model(plan)
        if model is not None:
            yield f"{self.name}:code_equal", model
        model = _code_equal_model(plan, pair=True)
        if model is not None:
            yield f"{self.name}:code_pair", model

    def build(self, plan):
        (br, kh, sh), (bc, kw, sw) = plan["rgeo"], plan["cgeo"]
        pats = np.array(plan["patterns"])
        weight, group, area = _pattern_weights(pats)
        # a single block along an axis: a stride past the canvas leaves one position there, not one per stride
        sh, sw = (N if br == 1 else sh), (N if bc == 1 else sw)
        ny, nz = (N - kh) // sh + 1, (N - kw) // sw + 1
        table, place_r, place_c = _placing(plan, ny, nz)
        g = Graph()
        score = g.Conv(g.input, g.const(weight, name="patterns"), strides=[sh, sw], group=group,
                       name="pattern_score")                                                        # [1,P,ny,nz]
        match = g.Cast(g.Equal(score, g.const(area, name="area"), name="is_pattern"), to=1, name="pattern_onehot")
        eq = "bkyz,kc,iz,jy->bcij" if plan["transpose"] else "bkyz,kc,iy,jz->bcij"
        y = g.Einsum(match, g.const(table, name="pattern_colour"), g.const(place_r, name="place_rows"),
                     g.const(place_c, name="place_cols"), equation=eq)
        return g.model(y)


def _placing(plan, ny, nz):
    """(pattern -> colour table, output row <- block row, output column <- block column) for the placing
    Einsum over a [ny, nz] grid of block positions."""
    table = np.zeros((len(plan["patterns"]), C), np.float32)
    table[np.arange(len(plan["patterns"])), plan["colours"]] = 1
    place_r = np.zeros((N, nz if plan["transpose"] else ny), np.float32)
    place_c = np.zeros((N, ny if plan["transpose"] else nz), np.float32)
    for a, src in enumerate(plan["rows"]):
        place_r[a, src] = 1
    for b, src in enumerate(plan["cols"]):
        place_c[b, src] = 1
    return table, place_r, place_c


def _code_model(plan):
    """Patterns painted with the same two colours: a one-output Conv reads a block as one number, the bitmask
    of the cells of one colour (2^cell on that colour's channel, exact in float32 up to 24 cells), Equal
    against the patterns' masks picks the pattern, and only the block positions some output cell shows are
    sliced out before the placing Einsum. Only the smallest grid of cells (from the block's corner, maybe
    spaced) whose masks still tell the patterns apart is read, so a block off the known pictures reads as
    the pattern whose mask it shares there. None for other palettes or larger blocks."""
    (br, kh, sh), (bc, kw, sw) = plan["rgeo"], plan["cgeo"]
    pats = np.array(plan["patterns"])
    colours = np.unique(pats)
    if len(colours) != 2 or kh * kw > 24:
        return None
    marked = colours[-1]
    (th, dh), (tw, dw) = _smallest_reading(pats == marked)
    pats = pats[:, :(th - 1) * dh + 1:dh, :(tw - 1) * dw + 1:dw]
    bits = (2.0 ** np.arange(th * tw)).reshape(th, tw)
    weight = np.zeros((1, C, th, tw), np.float32)
    weight[0, marked] = bits
    codes = ((pats == marked) * bits).sum(axis=(1, 2)).astype(np.float32)
    p = len(pats)
    sh, sw = (N if br == 1 else sh), (N if bc == 1 else sw)
    rows_used, cols_used = max(plan["rows"]) + 1, max(plan["cols"]) + 1
    ny, nz = (cols_used, rows_used) if plan["transpose"] else (rows_used, cols_used)
    table, place_r, place_c = _placing(plan, ny, nz)
    g = Graph()
    code = g.Conv(g.input, g.const(weight, name="cell_bits"), strides=[sh, sw], dilations=[dh, dw],
                  name="block_code")                                                                # [1,1,Y,Z]
    span_h, span_w = (th - 1) * dh + 1, (tw - 1) * dw + 1
    cut = [(axis, n) for axis, n, full in ((2, ny, (N - span_h) // sh + 1), (3, nz, (N - span_w) // sw + 1))
           if n != full]
    if cut:
        code = g.Slice(code, g.ints([0] * len(cut), name="starts"), g.ints([n for _, n in cut], name="ends"),
                       g.ints([axis for axis, _ in cut], name="axes"), name="shown_codes")
    match = g.Cast(g.Equal(code, g.const(codes.reshape(1, p, 1, 1), name="pattern_codes"), name="is_pattern"),
                   to=1, name="pattern_onehot")
    eq = "bkyz,kc,iz,jy->bcij" if plan["transpose"] else "bkyz,kc,iy,jz->bcij"
    y = g.Einsum(match, g.const(table, name="pattern_colour"), g.const(place_r, name="place_rows"),
                 g.const(place_c, name="place_cols"), equation=eq)
    return g.model(y)


def _smallest_reading(masks):
    """((rows, row step), (cols, col step)) of the fewest cells from the block's corner whose masks still
    differ between every two patterns (the whole block when nothing smaller does)."""
    p, kh, kw = masks.shape
    best = ((kh, 1), (kw, 1))
    for th in range(1, kh + 1):
        for dh in range(1, kh if th > 1 else 2):
            for tw in range(1, kw + 1):
                for dw in range(1, kw if tw > 1 else 2):
                    if (th - 1) * dh >= kh or (tw - 1) * dw >= kw or th * tw >= best[0][0] * best[1][0]:
                        continue
                    seen = masks[:, :(th - 1) * dh + 1:dh, :(tw - 1) * dw + 1:dw].reshape(p, -1)
                    if len({row.tobytes() for row in seen}) == p:
                        best = ((th, dh), (tw, dw))
    return best


def _code_equal_model(plan, pair=False):
    """The code model's block codes (see `_code_model`) shown without a placing Einsum: when every colour
    stands for one pattern, one Equal of the codes (laid out as the output: transposed, a broadcast axis
    left at size 1) against a [1,10,oh|1,ow|1] table of each colour's code (-1: no pattern) writes the
    one-hot answer, and a Pad places it. The Conv's negative pads start it at the first cell read and crop
    it to the blocks shown. None where the code model does not apply or two patterns share a colour.

    `pair`: the codes + 1 (1..15) as uint8 with their squares, decoded by one QLinearConv straight into
    `output` (`decode_code_pair`'s lines 1 - 2 (k - code)^2, colours no pattern shows given an unused code);
    a broadcast axis is an Expand of the pair (or, where that holds more, a kernel of ones as long as the output
    line), so no [1,10,oh,ow] answer or Pad."""
    (br, kh, sh), (bc, kw, sw) = plan["rgeo"], plan["cgeo"]
    pats = np.array(plan["patterns"])
    colours = np.unique(pats)
    if len(colours) != 2 or kh * kw > 24 or len(set(plan["colours"])) != len(plan["colours"]):
        return None
    marked = colours[-1]
    (y0, th, dh), (x0, tw, dw) = _smallest_offset_reading(pats == marked)
    pats = pats[:, y0:y0 + (th - 1) * dh + 1:dh, x0:x0 + (tw - 1) * dw + 1:dw]
    if pair and (pats == marked).all(axis=(1, 2)).any():   # a read all of one colour: code the other (k <= 15)
        marked = colours[0]
    bits = (2.0 ** np.arange(th * tw)).reshape(th, tw)
    weight = np.zeros((1, C, th, tw), np.float32)
    weight[0, marked] = bits
    codes = ((pats == marked) * bits).sum(axis=(1, 2))
    oh, ow = len(plan["rows"]), len(plan["cols"])
    rows_used, cols_used = max(plan["rows"]) + 1, max(plan["cols"]) + 1
    ny, nz = (cols_used, rows_used) if plan["transpose"] else (rows_used, cols_used)
    sh, sw = (N if br == 1 else sh), (N if bc == 1 else sw)
    span_h, span_w = (th - 1) * dh + 1, (tw - 1) * dw + 1
    # end pads leaving exactly ny x nz positions (start y0, x0 cut by the begin pads)
    pads = [-y0, -x0, (ny - 1) * sh + span_h - (N - y0), (nz - 1) * sw + span_w - (N - x0)]
    if pads[2] > 0 or pads[3] > 0:
        return None
    g = Graph()
    bias = [g.const(np.float32([1]), name="code_plus_one")] if pair else []     # pair: codes from 1, 0 = none
    code = g.Conv(g.input, g.const(weight, name="cell_bits"), *bias, strides=[sh, sw], dilations=[dh, dw], pads=pads,
                  name="block_code")                                                                # [1,1,ny,nz]
    if pair:        # one byte a code before it is transposed
        code = g.Cast(code, to=2, name="code_u8")
    if plan["transpose"]:
        code = g.Transpose(code, perm=[0, 1, 3, 2], name="block_code_t")
    a, b = (nz, ny) if plan["transpose"] else (ny, nz)
    if pair:
        return _pair_decoded(g, code, codes, plan["colours"], (a, b), (oh, ow))
    table = np.full((C, oh if a == 1 else 1, ow if b == 1 else 1), -1, np.float32)
    for colour, value in zip(plan["colours"], codes):
        table[colour] = value
    answer = g.Equal(code, g.const(table[None], name="colour_codes"), name="answer")               # [1,10,oh,ow]
    return g.model(g.Pad(answer, g.ints([0, 0, 0, 0, 0, 0, N - oh, N - ow], name="pads")))


def _pair_decoded(g, code, codes, colours, shape, out_shape):
    """The model writing `output` from the uint8 [1,1,a,b] block codes + 1 (k) by one QLinearConv over (k, k^2);
    None where a k passes 15 (its square would pass uint8)."""
    k = np.asarray(codes, np.int64) + 1
    if k.max() > 15:
        return None
    unused = [v for v in range(1, 16) if v not in set(k.tolist())]
    channel = np.full(C, unused[0] if unused else 0, np.int64)
    channel[list(colours)] = k
    if not unused and len(set(colours)) < C:
        return None
    (a, b), (oh, ow) = shape, out_shape
    kh, kw = (oh if a == 1 else 1), (ow if b == 1 else 1)
    pair = g.Concat(code, g.Mul(code, code, name="code_square"), axis=1, name="code_pair")
    if 2 * oh * ow + 4 < 2 * C * (kh * kw - 1):   # the pair broadcast by Expand holds less than a kernel of ones
        pair = g.Expand(pair, g.ints([1, 2, oh, ow], name="pair_shape"), name="pair_lines")
        (a, b), kh, kw = (oh, ow), 1, 1
    weights = np.zeros((C, 2, kh, kw), np.int8)
    weights[:, 0] = (4 * channel).reshape(C, 1, 1)
    weights[:, 1] = -2
    unit, zero = g.const(np.float32(1), name="unit_scale"), g.const(np.uint8(0), name="zero_point")
    pads = [kh - 1, kw - 1, N - a, N - b]     # output line y reads code line y - (kh - 1) + t, t < kh
    return g.model(g.QLinearConv(pair, unit, zero, g.const(weights, name="colour_lines"), unit,
                                 g.const(np.int8(0), name="weight_zero"), unit, zero,
                                 g.const((1 - 2 * channel * channel).astype(np.int32), name="colour_bias"),
                                 pads=pads))


def _smallest_offset_reading(masks):
    """((first row, rows, row step), (first col, cols, col step)) of the fewest cells, a (maybe spaced) grid
    starting anywhere in the block, whose masks still differ between every two patterns."""
    p, kh, kw = masks.shape
    best, size = ((0, kh, 1), (0, kw, 1)), kh * kw
    for y0 in range(kh):
        for th in range(1, kh - y0 + 1):
            for dh in range(1, kh if th > 1 else 2):
                for x0 in range(kw):
                    for tw in range(1, kw - x0 + 1):
                        for dw in range(1, kw if tw > 1 else 2):
                            if y0 + (th - 1) * dh >= kh or x0 + (tw - 1) * dw >= kw or th * tw >= size:
                                continue
                            seen = masks[:, y0:y0 + (th - 1) * dh + 1:dh, x0:x0 + (tw - 1) * dw + 1:dw]
                            if len({row.tobytes() for row in seen.reshape(p, -1)}) == p:
                                best, size = ((y0, th, dh), (x0, tw, dw)), th * tw
    return best
