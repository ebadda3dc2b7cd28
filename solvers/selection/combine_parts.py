"""Combine parts: the input is n equal parts side by side, stacked, or in 2 x 2 quadrants (maybe split by
one-cell lines); each output cell is decided by the parts' cells at the same place: a boolean function of
which are coloured (AND, OR, NOR, XOR...) drawn in fixed colours, or the colour of the first coloured part in
a fixed priority order (overlay).

One Conv whose kernel spans the parts (dilation = part + line) writes the output: per output colour a linear
threshold over the parts' one-hot cells; a large weight on the last part's presence keeps everything off
where only some parts reach. Two-part XOR tables are not linear: a one-channel Conv, Abs, then a 1x1 Conv.

Strided variant (overlays whose every input holds one colour): one depthwise Conv (group 10, no bias)
whose strides, pads and dilations are searched per axis so that output index I's taps hit exactly I's
source lines among the inked ones, and no inked line once I is past the output. Colour channels sum their
source taps; channel 0 weighs its taps by a per-axis pattern of +1/-1/0 that sums to 1 over the taps inside
the grid (every source tap +1, other inked lines 0, nothing inside the grid past the output): all
background gives 1, each coloured source takes 1 off. 10 x kh x kw weights, no intermediate.

Own-colour variant (every part holds one colour found nowhere else): a grouped Conv with a bias, each
output channel reading a part's bit from whichever of its colour tap or background tap lies in its group
(see `_grouped_overlay`).

Code variant (the output colour a function of the parts' coloured bits: boolean and XOR tables, overlays
of own-coloured parts): one Conv reading only the background taps, its negative end pads cropping it to the
output's extent, sums signed powers of two of the bits into a code x (1..8, or -8..-1, 1..8 for four parts)
whose every colour owns a run [a, b] (0 in none); x and its square as one byte feed one QLinearConv whose
padding reaches the canvas: colour c is 1 - 2 (x - a)(x - b) > 0 on its run, <= -1 off it and on padded
cells (see `_code_weights`).
"""
from __future__ import annotations

import itertools

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import C, N


class CombineParts(Solver, name="combine_parts",
                   tasks=("task006", "task026", "task072", "task144", "task180", "task227", "task236", "task257", "task296", "task318", "task321", "task347", "task372", "task386", "task395"),
                   refuses="task001", aliases=("halves",)):
    """Output = a cell-wise combination of the input's parts (halves, thirds or quadrants, maybe split by separator
    lines): boolean AND/OR/XOR/NOR of which are coloured, or overlay by priority."""

    def plans(self, examples):
        """Per layout: the boolean (or XOR) table of the parts' coloured bits when it is complete, then every
        overlay priority order."""
        shapes = {i.shape for i, _ in examples}
        outs = {o.shape for _, o in examples}
        if len(shapes) != 1 or len(outs) != 1:
            return
        for layout in _layouts(shapes.pop(), outs.pop()):
            table = _bit_table([(_trim(i, layout), o) for i, o in examples])
            n = len(layout[2])
            if table and len(set(table.values())) > 1 and len(table) == 2 ** n:
                lines = {c: _separating_line({k: v == c for k, v in table.items()}) for c in set(table.values())}
                if all(lines.values()):
                    yield "boolean", layout, tuple(sorted(lines.items()))
                elif n == 2 and table[(True, True)] == table[(False, False)] \
                        and table[(True, False)] == table[(False, True)]:
                    yield "xor", layout, (table[(False, False)], table[(True, False)])
            for order in itertools.permutations(range(n)):
                yield "overlay", layout, order

    def rule(self, plan, grid):
        kind, layout, extra = plan
        parts = _trim(grid, layout)
        if parts is None:
            return None
        if kind == "overlay":
            return _overlay([parts[k] for k in extra])
        bits = np.stack([p != 0 for p in parts]).astype(int)
        if kind == "xor":
            same, differ = extra
            return np.where(bits[0] != bits[1], differ, same)
        out = np.zeros_like(parts[0])
        for colour, (weights, w0) in extra:
            out[np.tensordot(weights, bits, axes=1) + w0 > 0] = colour
        return out

    def candidates(self, examples):
        plan = self.fit(examples)
        if plan is None:
            return
        yield self.name, self.build(plan)
        if plan[0] == "xor":
            yield from self._code_candidate(plan, None, examples)
            return
        # grouped Conv: when every colour the parts and outputs use lies in one group of channels, each
        # output channel only needs that group's weights (10/groups times fewer)
        used = set()
        for i, o in examples:
            for part in _trim(i, plan[1]):
                used |= set(np.unique(part).tolist())
            used |= set(np.unique(o).tolist())
        for groups in (5, 2):
            size = 10 // groups
            if len({c // size for c in used}) == 1:
                yield f"{self.name}:groups{groups}", self.build(plan, groups)
        own = _own_colours(examples, plan[1])
        if own is not None:
            for groups in (5, 2):
                if _grouped_overlay(plan, own, groups) is not None:
                    yield f"{self.name}:own_colours{groups}", self.build_own_colours(plan, own, groups)
                    break
        if plan[0] == "overlay" and all(len(set(np.unique(i).tolist()) - {0}) <= 1 for i, _ in examples):
            strided = _strided_taps(examples, plan[1])
            if strided is not None:
                yield f"{self.name}:strided", self.build_strided(*strided)
        yield from self._code_candidate(plan, own, examples)

    def _code_candidate(self, plan, own, examples):
        """The code variant, where the bits decide the colour and the codes fit a byte's square."""
        colours = _bit_colours(plan, own)
        if colours is not None and _code_weights(colours) is not None:
            yield f"{self.name}:code", self.build_code(plan, colours, examples[0][1].shape)

    def build_code(self, plan, colours, shape):
        """The bits' code on the output's extent (one Conv of the background taps, cropped by its end pads),
        as one byte with its square, decoded by one QLinearConv. Codes 1..16 (four parts) are centred to
        -8..-1, 1..8 (the top weight one larger leaves out 0) so that the square fits a signed byte."""
        _, (kernel, dil, offsets), _ = plan
        w, low, lines = _code_weights(colours)
        signed = max(b for _, b in lines.values()) > 15        # 16 squared is past a byte
        if signed:
            w, low, lines = _centred(colours, w)
        ho, wo = shape
        weights = np.zeros((1, C, *kernel), np.float32)
        for k, (dr, dc) in enumerate(offsets):
            weights[0, 0, dr, dc] = -w[k]             # bit k = 1 - background tap k on the grid
        ends = [-(N - dil[a] * (kernel[a] - 1) - (ho, wo)[a]) for a in (0, 1)]
        g = Graph()
        code = g.Conv(g.input, g.const(weights, name="background_taps"), g.const(np.array([low + sum(w)], np.float32),
                      name="code_offset"), kernel_shape=list(kernel), dilations=list(dil), pads=[0, 0, *ends],
                      name="code")                                                                   # [1,1,ho,wo]
        byte = np.int8 if signed else np.uint8
        code_byte = g.Cast(code, to=3 if signed else 2, name="code_byte")
        pair = g.Concat(code_byte, g.Mul(code_byte, code_byte, name="code_square"), axis=1, name="code_pair")
        line_w = np.zeros((C, 2, 1, 1), np.int8)
        line_b = np.zeros(C, np.int32)
        for c, (a, b) in lines.items():            # 1 - 2 (x - a)(x - b) over (x, x^2)
            line_w[c, 0, 0, 0] = 2 * (a + b)
            line_w[c, 1, 0, 0] = -2
            line_b[c] = 1 - 2 * a * b
        unit, zero = g.const(np.float32(1), name="unit_scale"), g.const(byte(0), name="zero_point")
        return g.model(g.QLinearConv(pair, unit, zero, g.const(line_w, name="colour_lines"), unit,
                                     g.const(np.int8(0), name="weight_zero"), unit, zero,
                                     g.const(line_b, name="colour_bias"), pads=[0, 0, N - ho, N - wo]))

    def build_strided(self, rows, cols):
        """One depthwise Conv: colour channels sum the source taps, channel 0 the +1/-1 pattern's outer product."""
        (kh, sh, dh, ph, vh, wh), (kw, sw, dw, pw, vw, ww) = rows, cols
        weights = np.repeat(np.outer(vh, vw)[None, None].astype(np.float32), 10, axis=0)     # [10,1,kh,kw]
        weights[0, 0] = np.outer(wh, ww)
        end = lambda s, d, k, p: 29 * s + d * (k - 1) + 1 - 30 - p       # pad after: 30 outputs
        g = Graph()
        return g.model(g.Conv(g.input, g.const(weights, name="part_taps"), group=10, kernel_shape=[kh, kw],
                              strides=[sh, sw], dilations=[dh, dw],
                              pads=[ph, pw, end(sh, dh, kh, ph), end(sw, dw, kw, pw)]))

    def build_own_colours(self, plan, own, groups):
        """One grouped Conv (10/groups input channels per output channel) with a bias; see `_grouped_overlay`."""
        _, (kernel, dil, offsets), _ = plan
        w, bias = _grouped_overlay(plan, own, groups)
        weights = np.zeros((10, 10 // groups, *kernel), np.float32)
        for k, (dr, dc) in enumerate(offsets):
            weights[:, :, dr, dc] = w[:, :, k]
        g = Graph()
        return g.model(g.Conv(g.input, g.const(weights, name="part_weights"), g.const(bias, name="part_bias"),
                              group=groups, kernel_shape=list(kernel), dilations=list(dil),
                              pads=[0, 0, dil[0] * (kernel[0] - 1), dil[1] * (kernel[1] - 1)]))

    def build(self, plan, groups=1):
        kind, (kernel, dil, offsets), extra = plan
        attrs = dict(kernel_shape=list(kernel), dilations=list(dil),
                     pads=[0, 0, dil[0] * (kernel[0] - 1), dil[1] * (kernel[1] - 1)])
        g = Graph()
        n = len(offsets)
        if kind == "xor":
            return self._xor_model(g, extra, kernel, attrs)
        M = float(2 ** (n + 3))
        w = np.zeros((10, 10, n), np.float32)        # [out colour, in colour, part]
        if kind == "boolean":
            for colour, (weights, w0) in extra:
                w[colour, 1:, :] = np.array(weights, np.float32)
                w[colour, :, 0] += w0
        else:                                        # overlay: the first coloured part in `extra` wins
            for rank, part in enumerate(extra):
                weight = 2.0 ** (n - rank)
                w[1:, 1:, part] -= weight            # another colour in this part votes against
                w[np.arange(1, 10), np.arange(1, 10), part] += 2 * weight
                w[0, 1:, part] -= 1.0                # background only where every part is empty
            w[0, :, 0] += 0.5
        w[:, :, 0] -= M                              # off unless the last part is there too
        w[:, :, n - 1] += M
        kh, kw = kernel
        weights = np.zeros((10, 10, kh, kw), np.float32)
        for k, (dr, dc) in enumerate(offsets):
            weights[:, :, dr, dc] = w[:, :, k]
        if groups > 1:
            size = 10 // groups
            weights = np.stack([weights[d, (d // size) * size:(d // size + 1) * size] for d in range(10)])
            attrs["group"] = groups
        return g.model(g.Conv(g.input, g.const(weights, name="part_weights"), **attrs))

    def _xor_model(self, g, colours, kernel, attrs):
        """u = a - b where both halves reach, -1/2 elsewhere; |u| is 1 exactly where the bits differ."""
        same, differ = colours
        w = np.zeros((1, 10, 2), np.float32)
        w[0, 1:, 0] = 1.0
        w[0, 1:, 1] = -0.5
        w[0, 0, 1] = 0.5
        u = g.Conv(g.input, g.const(w.reshape(1, 10, *kernel), name="difference"),
                   g.const(np.array([-0.5], np.float32), name="outside"), name="difference_u", **attrs)
        mag = g.Abs(u, name="magnitude")
        w2 = np.zeros((10, 1, 1, 1), np.float32)
        b2 = np.zeros(10, np.float32)
        w2[differ, 0], b2[differ] = 1.0, -0.5
        w2[same, 0], b2[same] = -1.0, 0.5
        return g.model(g.Conv(mag, g.const(w2, name="draw"), g.const(b2, name="draw_bias")))


def _layouts(shape, out):
    """(kernel, dilations, part offsets in kernel cells) for every way `shape` splits into parts of `out`."""
    (H, W), (Ho, Wo) = shape, out
    found = []
    for n in (2, 3, 4):
        for sep in (0, 1):
            if W == Wo and H == n * Ho + (n - 1) * sep:
                found.append(((n, 1), (Ho + sep, 1), tuple((k, 0) for k in range(n))))
            if H == Ho and W == n * Wo + (n - 1) * sep:
                found.append(((1, n), (1, Wo + sep), tuple((0, k) for k in range(n))))
    for sep_r in (0, 1, -1):              # quadrants, maybe overlapping by a line (-1)
        for sep_c in (0, 1, -1):
            if H == 2 * Ho + sep_r and W == 2 * Wo + sep_c and min(Ho, Wo) > 1:
                found.append(((2, 2), (Ho + sep_r, Wo + sep_c), ((0, 0), (0, 1), (1, 0), (1, 1))))
    return found


def _bit_table(parts):
    """{parts' coloured bits: output colour} over every cell of every example, or None if a key has two."""
    table = {}
    for cells, o in parts:
        for key, y in zip(zip(*[c.ravel().tolist() for c in cells]), o.ravel().tolist()):
            if table.setdefault(tuple(v != 0 for v in key), y) != y:
                return None
    return table


def _trim(grid, layout):
    """The parts of `grid` (each the output's size), or None where the grid is too small for the layout."""
    kernel, (dh, dw), offsets = layout
    H, W = grid.shape
    ho = (H - (kernel[0] - 1) * dh) if kernel[0] > 1 else H
    wo = (W - (kernel[1] - 1) * dw) if kernel[1] > 1 else W
    if ho < 1 or wo < 1:
        return None
    return [grid[dr * dh:dr * dh + ho, dc * dw:dc * dw + wo] for dr, dc in offsets]


def _strided_taps(examples, layout):
    """Per axis (rows, then columns) the cheapest (k, stride, dilation, pad before, colour taps 0/1,
    channel-0 taps -1/0/1) that `_axis_taps` finds, or None."""
    (_, (dh, dw), offsets), (H, W), (ho, wo) = layout, examples[0][0].shape, examples[0][1].shape
    ink = np.any([i != 0 for i, _ in examples], axis=0)
    rows = _axis_taps(H, ho, set(np.flatnonzero(ink.any(1))), {o[0] * dh for o in offsets})
    cols = _axis_taps(W, wo, set(np.flatnonzero(ink.any(0))), {o[1] * dw for o in offsets})
    return None if rows is None or cols is None else (rows, cols)


def _axis_taps(size, out, inked, steps, n=30):
    """Taps at s*I - p + d*t (t < k) for output index I on an axis of `size` cells: the colour taps hit,
    among the inked lines, exactly I's sources (I + step, inked) for I < out and none past it; the channel-0
    weights sum to 1 over the taps inside the axis for I < out, are +1 on sources, 0 on other inked lines,
    and 0 on every tap inside the axis for I >= out. The fewest taps, then the smallest stride."""
    src = [{i + st for st in steps} & inked if i < out else set() for i in range(n)]
    for k in (1, 2, 3, 4):
        for s in range(1, 9):
            for d in range(1, 7):
                for p in range(d * (k - 1) + 1):
                    pos = s * np.arange(n)[:, None] - p + d * np.arange(k)[None, :]           # [n,k]
                    colour = np.array([any(pos[i, t] in src[i] for i in range(out)) for t in range(k)])
                    if any({pos[i, t] for t in range(k) if colour[t]} & inked != src[i] for i in range(n)):
                        continue
                    for w in itertools.product((1, -1, 0), repeat=k):
                        w = np.array(w)
                        if all(_axis_ok(pos[i], w, src[i], inked, size, i < out) for i in range(n)):
                            return k, s, d, p, colour.astype(np.float32), w.astype(np.float32)
    return None


def _axis_ok(pos, w, src, inked, size, inside):
    grid = (pos >= 0) & (pos < size)
    if not inside:
        return not (w[grid] != 0).any()
    on_src = np.array([x in src for x in pos]) & grid
    other = np.array([x in inked and x not in src for x in pos]) & grid
    return w[grid].sum() == 1 and (w[on_src] == 1).all() and (w[other] == 0).all() \
        and on_src.sum() == len(src)


def _own_colours(examples, layout):
    """Per part the one colour it ever holds, when that colour occurs nowhere else in any input (so a part's
    tap reads its colour only from its own place, i.e. only inside the output's extent), else None."""
    own = []
    for k in range(len(layout[2])):
        colours = set()
        for i, _ in examples:
            colours |= set(np.unique(_trim(i, layout)[k]).tolist()) - {0}
        if len(colours) != 1:
            return None
        own.append(colours.pop())
    for i, _ in examples:
        for k, c in enumerate(own):
            if (i == c).sum() != (_trim(i, layout)[k] == c).sum():
                return None
    return own if len(set(own)) == len(own) else None


def _threshold_lines(plan, n):
    """{colour: (weights over the parts' coloured bits, w0)}: colour fires where sum w_k bit_k + w0 > 0."""
    kind, _, extra = plan
    if kind == "boolean":
        return {c: (np.array(ws, float), w0) for c, (ws, w0) in extra}
    return None if kind != "overlay" else {
        **{extra[rank]: (np.array([1.0 if k == extra[rank] else -1.0 if k in extra[:rank] else 0.0
                                   for k in range(n)]), -0.5) for rank in range(n)},
        0: (-np.ones(n), 0.5)}


def _grouped_overlay(plan, own, groups):
    """([10, 10/groups, n] weights, [10] bias) when every part holds its own colour and each output channel
    reads only its group's input channels, else None.

    Part j's bit is its colour's tap, or 1 minus its background tap, whichever the channel's group holds.
    A colour channel must be anchored: some part k of that colour is read through its colour tap and is set
    in every bit tuple the colour fires on; that tap is 1 only at part k's own place, so the channel stays off
    outside the output's extent. Background reads every background tap and fires only on the empty tuple:
    all taps on the grid, i.e. inside the extent."""
    n = len(own)
    lines = _threshold_lines(plan, n)
    size = 10 // groups
    if lines is None or 0 not in lines or 0 in own:
        return None
    tuples = np.array(list(itertools.product((0, 1), repeat=n)), float)
    w = np.zeros((10, size, n), np.float32)
    bias = np.zeros(10, np.float32)
    for c, (ws, w0) in lines.items():
        fires = tuples[tuples @ ws + w0 > 0]
        if c == 0:
            if len(fires) != 1 or fires.any():
                return None
        elif not any(own[k] == c and fires[:, k].all() for k in range(n)):
            return None
        bias[c] = w0
        for j in range(n):
            if ws[j] == 0:
                continue
            if c != 0 and own[j] // size == c // size:      # bit = colour tap
                w[c, own[j] % size, j] = ws[j]
            elif c // size == 0:                              # bit = 1 - background tap
                w[c, 0, j] = -ws[j]
                bias[c] += ws[j]
            else:
                return None
    return w, bias


def _overlay(cells):
    out = np.zeros_like(cells[0])
    for c in reversed(cells):
        out = np.where(c != 0, c, out)
    return out


def _separating_line(labels):
    """(weights, w0): sum(w_k bit_k) + w0 > 0 exactly on the bit tuples labelled True, else None."""
    n = len(next(iter(labels)))
    for weights in itertools.product((-1, 0, 1), repeat=n):
        for w0 in np.arange(-n - 0.5, n + 0.5):
            if all((sum(w * b for w, b in zip(weights, bits)) + w0 > 0) == on for bits, on in labels.items()):
                return weights, float(w0)
    return None


def _bit_colours(plan, own) -> dict | None:
    """{parts' coloured bits: output colour} over every bit tuple, where the plan's colour is a function of the
    bits (boolean and XOR tables; overlays whose parts each hold their own colour), else None."""
    kind, (_, _, offsets), extra = plan
    n = len(offsets)
    tuples = list(itertools.product((0, 1), repeat=n))
    if kind == "xor":
        same, differ = extra
        return {t: differ if t[0] != t[1] else same for t in tuples}
    if kind == "overlay":
        if own is None:
            return None
        return {t: next((own[k] for k in extra if t[k]), 0) for t in tuples}
    out = {}
    for t in tuples:
        fired = [c for c, (ws, w0) in extra if np.dot(ws, t) + w0 > 0]
        if len(fired) != 1:
            return None
        out[t] = fired[0]
    return out


def _code_runs(colours, w, low):
    """{colour: (a, b)}, the run of codes x = low + sum of w_k b_k each colour spans, when no run holds
    another colour's code, else None."""
    codes = {t: low + int(np.dot(w, t)) for t in colours}
    runs = {}
    for t, x in codes.items():
        a, b = runs.get(colours[t], (x, x))
        runs[colours[t]] = (min(a, x), max(b, x))
    if any(runs[c][0] <= x <= runs[c][1] for c in runs for t, x in codes.items() if colours[t] != c):
        return None
    return runs


def _code_weights(colours) -> tuple[list[int], int, dict] | None:
    """(signed power-of-two weight per part, low, {colour: (a, b)}) such that x = low + sum of w_k b_k
    (from 1) gives every colour one run [a, b] of codes holding no other colour's; x <= 16, and where x
    reaches 16 the codes centre (`_centred`)."""
    n = len(next(iter(colours)))
    for order in itertools.permutations(range(n)):
        for signs in itertools.product((1, -1), repeat=n):
            w = [0] * n
            for rank, k in enumerate(order):
                w[k] = signs[rank] * 2 ** (n - 1 - rank)
            low = 1 - sum(v for v in w if v < 0)
            runs = _code_runs(colours, w, low)
            if runs is None or max(b for _, b in runs.values()) > 16:
                continue
            if max(b for _, b in runs.values()) == 16 and _centred(colours, w) is None:
                continue
            return w, low, runs
    return None


def _centred(colours, w) -> tuple[list[int], int, dict] | None:
    """The codes 1..2^n moved to -2^(n-1)..-1, 1..2^(n-1): the top weight one larger in size leaves out 0
    (the padded cells' code), the square stays below 128; None where a run would straddle 0."""
    top = int(np.argmax(np.abs(w)))
    w = list(w)
    half = abs(w[top])
    w[top] += 1 if w[top] > 0 else -1
    low = 1 - sum(v for v in w if v < 0) - half - 1
    runs = _code_runs(colours, w, low)
    if runs is None or any(a <= 0 <= b for a, b in runs.values()) or \
            max(max(abs(a), abs(b)) for a, b in runs.values()) ** 2 > 127:
        return None
    return w, low, runs
