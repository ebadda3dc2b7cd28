"""Grid lines: the grid's diagonals (45-degree lines from its corners) and edge lines are painted, each
line its own fixed colour, on every cell or on background cells only, whatever the grid's size.

A diagonal is r - c = const or r + c = const (0, h - w, w - 1 or h - 1); an edge is a row or column index
equal to 0 or h - 1 (w - 1). The grid's height and width are read from the input, the lines are Equal of the
row index against a column index shifted or mirrored by the size (a colour's two crossing diagonals, one of
each direction, are one Equal: |r - (s + d) / 2| = |c - (s - d) / 2| for r - c = d and r + c = s), and one
Where per colour paints (the first on a uint8 copy when there are two; with a colour-code plane, on the code
cast to uint8 first; background-only codes build the lines' ink code from the masks alone, then one Where on
the background).

Cheaper variant on the examples' largest extent H x W (fitted on train and arc-gen, so as large as the
generator's grids as far as its examples show; exact for every grid within it; the build keeps it only if
it passes the fresh examples too): the index tables and masks are H x W, the colour-code plane comes from
one dilated 2x2 Conv whose output is exactly the H x W corner, and what the last op reads is padded to the
canvas (the paint masks as bool, the code plane as uint8).

Cheaper variant for two colours painted on the background, one on a row line (top or bottom), the other on a
line with one cell per row (`build_row_colours`): no code plane at all; the background is read only at the
lines' cells, and one Where writes a per-row colour into `input` wherever one [30,30] mask says.
"""
from __future__ import annotations

from itertools import combinations, permutations, product

import numpy as np

from onnx import TensorProto

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import reproduces, same_shape

LINES = ("tl", "tr", "bl", "br", "top", "bottom", "left", "right")
ONE_PER_ROW = ("tl", "tr", "bl", "br", "left", "right")     # lines with one cell in each row


def line_mask(h, w, name):
    r, c = np.indices((h, w))
    return {"tl": r - c == 0, "br": r - c == h - w, "tr": r + c == w - 1, "bl": r + c == h - 1,
            "top": r == 0, "bottom": r == h - 1, "left": c == 0, "right": c == w - 1}[name]


def paint(grid, lines, bg_only):
    """lines: [(line names, colour)], later entries painted first (the first one wins)."""
    out = grid.copy()
    for names, colour in reversed(lines):
        m = np.zeros(grid.shape, bool)
        for n in names:
            m |= line_mask(*grid.shape, n)
        if bg_only:
            m &= grid == 0
        out[m] = colour
    return out


class CornerDiagonals(Solver, name="corner_diagonals", tasks=("task084", "task375"), refuses="task041",
                      aliases=("c2_diagonals",), fit_splits=("train", "arc-gen")):
    """Same-shape grids where diagonal lines from the grid's corners and/or its edge lines are painted, each colour on
    a fixed set of lines (all cells or background only), any size."""

    def plans(self, examples):
        if not same_shape(examples):
            return
        changed = np.concatenate([o[i != o] for i, o in examples])
        colours = sorted(set(changed.tolist()))
        if changed.size == 0 or len(colours) > 2:
            return
        # per colour, the lines whose changed cells all got that colour
        per_colour = []
        for k in colours:
            names = [n for n in LINES if all(
                not ((i != o) & line_mask(*i.shape, n)).any()
                or set(o[(i != o) & line_mask(*i.shape, n)].tolist()) == {k} for i, o in examples)
                and any(((i != o) & line_mask(*i.shape, n)).any() for i, o in examples)]
            per_colour.append(names)
        options = [[frozenset(s) for n in range(1, 3) for s in combinations(names, n)] for names in per_colour]
        for bg_only in (False, True):
            for order in permutations(range(len(colours))):
                for choice in product(*[options[k] for k in order]):
                    yield [(tuple(sorted(s)), colours[k]) for s, k in zip(choice, order)], bg_only

    def rule(self, plan, grid):
        return paint(grid, *plan)

    def candidates(self, examples):
        plan = self.fit(examples)
        if plan is None:
            return
        yield self.name, self.build(plan)
        if len(plan[0]) > 1:
            yield self.name + "_codes", self.build(plan, codes=True)
        hh, ww = (max(i.shape[a] for i, _ in examples) for a in (0, 1))
        if hh < 30 and ww < 30:
            yield f"{self.name}:crop{hh}x{ww}", self.build(plan, codes=len(plan[0]) > 1, extent=(hh, ww))
        rows_plan = self._row_colours_plan(plan)
        if rows_plan is not None and reproduces(lambda grid: self.rule(rows_plan, grid), examples):
            yield f"{self.name}:rows", self.build_row_colours(rows_plan)
        if self._centre_marked(plan, examples):
            yield f"{self.name}:centre_einsum", self.build_centre_einsum()
        if self._square_single_lines(plan, examples):
            yield f"{self.name}:line_einsum", self.build_line_einsum(plan)

    @staticmethod
    def _square_single_lines(plan, examples):
        """Background only, one or two colours each on one line, every grid square: what
        `build_line_einsum` renders."""
        lines, bg_only = plan
        return bg_only and len(lines) <= 2 and all(len(names) == 1 and colour != 0 for names, colour in lines) \
            and all(i.shape[0] == i.shape[1] for i, _ in examples)

    @staticmethod
    def _centre_marked(plan, examples):
        """Both diagonals painted background on every cell, and every input an odd square of one colour
        whose only background cell is its centre: what `build_centre_einsum` reads off the input."""
        lines, bg_only = plan
        if bg_only or len(lines) != 1 or lines[0][1] != 0 or set(lines[0][0]) not in ({"tl", "tr"}, {"bl", "br"}):
            return False
        for grid, _ in examples:
            n = grid.shape[0]
            if grid.shape != (n, n) or n % 2 == 0 or grid[n // 2, n // 2] != 0 or (grid == 0).sum() != 1 \
                    or len(set(grid.ravel().tolist())) != 2:
                return False
        return True

    @staticmethod
    def _row_colours_plan(plan):
        """The plan with its colours ordered for `build_row_colours`, or None: background only, one colour on
        one row line (top or bottom) painted first, another on one line with a cell in each row. When the
        plan paints them the other way round it is returned swapped (they differ only where the two lines
        cross on the background; the caller keeps it only if it still reproduces every example)."""
        lines, bg_only = plan
        if not bg_only or len(lines) != 2 or any(len(names) != 1 for names, _ in lines):
            return None
        flat = sorted(lines, key=lambda entry: entry[0][0] not in ("top", "bottom"))
        if flat[0][0][0] not in ("top", "bottom") or flat[1][0][0] not in ONE_PER_ROW:
            return None
        return flat, True

    def build_row_colours(self, plan):
        """Background-only paint of a row line (colour a, first) and a line with one cell per row (colour b),
        written into `input` by one Where: its condition a [30,30] bool plane (one Equal of a uint8 plane), its
        value a [1,10,30,1] colour per row (a on the row line's row, b elsewhere).

        The background test reads only the lines' cells: GatherElements picks channel 0 at each row's line
        cell (its column an index vector from the grid's size; a negative column wraps to cells past the
        grid, which read 0), an Einsum the row line's row; a line cell off the background gets column 255, which
        no cell matches."""
        ((row_line,), a), ((line,), b) = plan[0]
        g = Graph()
        first = g.const(np.eye(30, dtype=np.float32)[0], name="is_first")
        # the index arithmetic in float16 (exact small integers)
        h = g.Cast(g.Einsum(g.input, first, equation="bchw,w->b", name="height_f"), to=TensorProto.FLOAT16,
                   name="height")                                                                 # [1]
        w = g.Cast(g.Einsum(g.input, first, equation="bchw,h->b", name="width_f"), to=TensorProto.FLOAT16,
                   name="width")
        one = g.const(np.float16(1), name="one")
        rows = g.const(np.arange(30, dtype=np.float16).reshape(1, 1, 30, 1), name="row_index")
        # the line's column in each row: r + offset (tl, br), offset - r (tr, bl), or a fixed column
        if line == "tl":
            column = rows
        elif line == "br":       # past the grid's rows the column may pass 29: clamp it (those rows read 0)
            column = g.Min(g.Add(rows, g.Sub(w, h, name="w_minus_h"), name="col_shifted"),
                           g.const(np.float16(29), name="last_col"), name="line_col")
        elif line in ("tr", "bl"):
            column = g.Sub(g.Sub(w if line == "tr" else h, one, name="last"), rows, name="line_col")
        else:
            fixed = g.const(np.float16(0), name="zero") if line == "left" else g.Sub(w, one, name="last")
            column = g.Add(fixed, g.const(np.zeros((1, 1, 30, 1), np.float16), name="every_row"), name="line_col")
        cell = g.GatherElements(g.input, g.Cast(column, to=TensorProto.INT32, name="line_col_i"), axis=3,
                                name="line_cell_bg")                                             # [1,1,30,1]
        free = g.Greater(cell, g.const(np.float32(0.5), name="half"), name="line_cell_free")
        # one Equal paints both lines on uint8 columns: a row's paint column (255: none), and on the row
        # line's row the mark 254, met by its background cells alone
        target = g.Cast(g.Where(free, column, g.const(np.float16(255), name="none"), name="paint_col_f"),
                        to=TensorProto.UINT8, name="paint_col")    # [1,1,30,1]
        background = g.const(np.eye(10, dtype=np.float32)[0], name="background")
        if row_line == "top":
            y = g.const(np.float16(0), name="zero")
            row_cells = g.Einsum(g.input, first, background, equation="bchw,h,c->bw", name="row_cells")    # [1,30]
        else:
            y = g.Sub(h, one, name="last_row")
        is_row = g.Equal(rows, y, name="is_row")                                                 # [1,1,30,1]
        if row_line == "bottom":
            row_cells = g.Einsum(g.input, g.Cast(is_row, to=TensorProto.FLOAT, name="is_row_f"), background,
                                 equation="bchw,xyhz,c->bw", name="row_cells")
        mark, unmarked = g.const(np.uint8(254), name="mark"), g.const(np.uint8(253), name="unmarked")
        row_marks = g.Where(g.Greater(row_cells, g.const(np.float32(0.5), name="half"), name="row_free"), mark,
                            unmarked, name="row_marks")                                            # [1,30]
        cell_marks = g.Where(is_row, row_marks, g.const(np.arange(30, dtype=np.uint8).reshape(1, 30), name="col_u8"),
                             name="cell_marks")                                                   # [1,1,30,30]
        paint = g.Equal(cell_marks, g.Where(is_row, mark, target, name="row_target"), name="paint")
        ink = np.eye(10, dtype=np.float32)[[a, b]].reshape(2, 1, 10, 1, 1)
        colour = g.Where(is_row, g.const(ink[0], name="ink_row"), g.const(ink[1], name="ink_line"), name="row_colour")
        return g.model(g.Where(paint, colour, g.input))

    def build_centre_einsum(self):
        """One Einsum writes `output` = v[c] * inside[r,w] * T[r,w], read by sign. v: each channel's cell count
        times (+1 for background, -1 else), so positive for the background, negative for the grid's colour,
        0 elsewhere. inside: the channel sum. T = 1/4 - Q^2 with Q = (r-m)^2 - (w-m)^2 = r^2 - w^2 - 2m(r - w), an
        integer that is 0 exactly on the diagonals through the centre (m, m): T > 0 there, T < 0 off them.

        Q comes from the monomials (1, x, x^2) of one [3,30] table: m^s is that table read at the centre
        (channel 0's one cell), and `q_terms` holds Q's coefficients (index 0: the constant 1/2, index 1: Q),
        used twice, so sum_z sign_z * q_z * q_z = 1/4 - Q^2. The operands are ordered so that every partial
        sum ORT forms is a small exact integer (or half) in float32."""
        g = Graph()
        powers = g.const(np.stack([np.arange(30) ** k for k in range(3)]).astype(np.float32), name="powers")
        q_terms = np.zeros((2, 3, 3, 3), np.float32)      # [z, power of m, power of r, power of w]
        q_terms[0, 0, 0, 0] = 0.5
        q_terms[1, 0, 2, 0], q_terms[1, 0, 0, 2], q_terms[1, 1, 1, 0], q_terms[1, 1, 0, 1] = 1, -1, -2, 2
        q_terms = g.const(q_terms, name="q_terms")
        background = g.const(np.eye(10, dtype=np.float32)[0], name="background")
        channel_sign = g.const(np.array([1] + [-1] * 9, np.float32), name="channel_sign")
        square_sign = g.const(np.array([1, -1], np.float32), name="square_sign")
        return g.model(g.Einsum(g.input, background, powers, powers, q_terms, powers, powers, q_terms, powers,
                                powers, square_sign, g.input, g.input, channel_sign,
                                equation="bgxy,g,sx,tx,zsil,ir,lw,ztjk,jr,kw,z,berw,bcpq,c->bcrw", name="output"))

    # a line's equation on a square n x n grid, alpha r + beta c + gamma (n - 1) = 0
    LINE_COEFFS = {"tl": (1, -1, 0), "br": (1, -1, 0), "tr": (1, 1, -1), "bl": (1, 1, -1),
                   "top": (1, 0, 0), "bottom": (1, 0, -1), "left": (0, 1, 0), "right": (0, 1, -1)}

    def build_line_einsum(self, plan):
        """Square grids, background-only paint of one or two lines: one Einsum writes `output`, read by sign.

        Per cell, with p its input channel: a background cell (branch t = 0) gets F1[c] * F2[c], a coloured
        one (t = 1) gets 1/4 - (c - p)^2 (its own colour). F1 = A1[c] (n L1)^2 + B1[c] n^2, F2 likewise for the
        second line, where n L = alpha r n + beta c n + gamma n (n - 1) is n times the line's equation:
        channel a (first line) gets (1/4 - L1^2) n^4, channel b L1^2 (1/4 - L2^2) n^4, the background
        (L1^2 - 1/4) L2^2 n^4, any other channel -n^4: positive exactly where `paint` puts that colour.
        n and n (n - 1) / 2 come from the grid's diagonal (sum_x x over its cells); every line form is an
        exact small integer, the factors are squared by using each form twice."""
        lines, _ = plan
        g = Graph()
        powers = g.const(np.stack([np.ones(30), np.arange(30)]).astype(np.float32), name="powers")   # [2,30]
        # size[e] = (n, n (n - 1) / 2): the diagonal's cells weighted by 1 and by their index
        size = g.Einsum(g.input, powers, equation="bgxx,ex->e", name="size_sums")                   # [2]
        forms, gains = [], []
        for k in range(2):
            form = np.zeros((2, 2, 2, 2), np.float32)          # [s, r power, c power, size term]: s 0 n L, 1 n
            form[1, 0, 0, 0] = 1
            gain = np.zeros((2, 2, 10), np.float32)            # [s, branch, channel]
            gain[1, 1] = 1                                     # coloured cells: F = n^2
            if k < len(lines):
                alpha, beta, gamma = self.LINE_COEFFS[lines[k][0][0]]
                form[0, 1, 0, 0], form[0, 0, 1, 0], form[0, 0, 0, 1] = alpha, beta, 2 * gamma
                mine = lines[k][1]
                gain[:, 0] = [[0] * 10, [1 if k else -1] * 10]      # other channels: n^2 (k = 1), -n^2 (k = 0)
                gain[:, 0, mine] = [-1, 0.25]                         # my colour: (1/4 - L^2)
                if k == 0 and len(lines) > 1:
                    gain[:, 0, lines[1][1]] = [1, 0]                    # the second colour: L1^2
                gain[:, 0, 0] = [1, -0.25] if k == 0 else [1, 0]       # background: (L1^2 - 1/4) L2^2
                if len(lines) == 1:
                    gain[:, 0, 0] = [1, -0.25]
            else:
                gain[1, 0] = 1                                     # no second line: F2 = n^2
            forms.append(g.const(form, name=f"line{k + 1}_form"))
            gains.append(g.const(gain, name=f"line{k + 1}_gain"))
        branch = np.zeros((2, 10), np.float32)
        branch[0, 0] = 1
        branch[1, 1:] = 1
        branch = g.const(branch, name="branch")                       # [t, p]: background / coloured cell
        ch_powers = g.const(np.stack([np.ones(10), np.arange(10)]).astype(np.float32), name="channel_powers")
        ch_form = np.zeros((2, 2, 2), np.float32)                     # [u, c power, p power]: c - p, and 1
        ch_form[0, 1, 0], ch_form[0, 0, 1], ch_form[1, 0, 0] = 1, -1, 1
        ch_form = g.const(ch_form, name="channel_form")
        ch_gain = g.const(np.array([[0, -1], [1, 0.25]], np.float32), name="channel_gain")   # [u, t]
        operands, terms = [], []

        def add(*pairs):
            for name, term in pairs:
                operands.append(name)
                terms.append(term)
        for (form, gain), (s, letters) in zip(zip(forms, gains), (("s", ("adef", "ghij")), ("k", ("lmno", "qxyz")))):
            for a, d, e, _ in letters:
                add((form, s + a + d + e), (size, e), (powers, a + "r"), (powers, d + "w"))
            add((gain, s + "tc"))
        for a, d in ("AB", "CD"):
            add((ch_form, "u" + a + d), (ch_powers, a + "c"), (ch_powers, d + "p"))
        add((ch_gain, "ut"), (branch, "tp"), (g.input, "Eprw"))
        equation = ",".join(terms) + "->Ecrw"
        return g.model(g.Einsum(*operands, equation=equation, name="output"))

    def build(self, plan, codes=False, extent=(30, 30)):
        """codes: paint a per-cell colour-code plane (colour + 1, 0 outside) and decode it with one Equal.
        extent: compute on that top-left corner only (both sides below 30), then pad to the canvas."""
        lines, bg_only = plan
        hh, ww = extent
        crop = extent != (30, 30)
        g = Graph()
        first = np.zeros(30, np.float32)
        first[0] = 1
        first = g.const(first, name="is_first")
        # the index arithmetic in float16 (exact small integers and halves)
        h = g.Cast(g.Einsum(g.input, first, equation="bchw,w->b", name="height_f"), to=10, name="height")  # [1]
        w = g.Cast(g.Einsum(g.input, first, equation="bchw,h->b", name="width_f"), to=10, name="width")
        one = g.const(np.float16(1))
        rows = g.const(np.arange(hh, dtype=np.float16).reshape(hh, 1), name="row_index")
        cols = g.const(np.arange(ww, dtype=np.float16).reshape(1, ww), name="col_index")
        def to_canvas(x, name, rank=4):
            """Pad an hh x ww corner (rank 2, or rank 4 [1,1,hh,ww]) to the canvas with zeros / False."""
            if not crop:
                return x
            pads = [0] * (rank - 2) + [0, 0] + [0] * (rank - 2) + [30 - hh, 30 - ww]
            return g.Pad(x, g.ints(pads, name=f"to_canvas{rank}"), name=name)
        cache = {}
        across = None           # per axis, the cells inside the grid (only where no background mask bounds the paint)

        def value(key):
            if key not in cache:
                cache[key] = {"h-w": lambda: g.Sub(h, w, name="h_minus_w"), "w-1": lambda: g.Sub(w, one, name="w_last"),
                              "h-1": lambda: g.Sub(h, one, name="h_last")}[key]()
            return cache[key]

        def mask_of(n):
            if n == "tl":                       # r = c
                return g.Equal(rows, cols, name="line_tl")
            if n == "br":                       # r = c + h - w
                return g.Equal(rows, g.Add(cols, value("h-w"), name="col_shifted"), name="line_br")
            if n in ("tr", "bl"):               # r = (w - 1) - c, r = (h - 1) - c
                return g.Equal(rows, g.Sub(value("w-1" if n == "tr" else "h-1"), cols, name=f"col_mirrored_{n}"),
                               name=f"line_{n}")
            if n in ("top", "bottom"):
                line = g.Equal(rows, g.const(np.float16(0)) if n == "top" else value("h-1"), name=f"line_{n}")
                return line if across is None else g.And(line, across["cols"], name=f"line_{n}_inside")
            line = g.Equal(cols, g.const(np.float16(0)) if n == "left" else value("w-1"), name=f"line_{n}")
            return line if across is None else g.And(line, across["rows"], name=f"line_{n}_inside")

        diff_of = {"tl": None, "br": "h-w"}          # r - c = d: d's key (None: 0)
        sum_of = {"tr": "w-1", "bl": "h-1"}           # r + c = s

        def lines_mask(names):
            """The union of a colour's lines: one diagonal of each direction (r - c = d and r + c = s) is one
            Equal, |r - (s + d) / 2| = |c - (s - d) / 2|; else one Equal per line, joined by Or."""
            diff = [n for n in names if n in diff_of]
            summ = [n for n in names if n in sum_of]
            if len(names) == 2 and len(diff) == 1 and len(summ) == 1:
                s = value(sum_of[summ[0]])
                d = diff_of[diff[0]]
                half = g.const(np.float16(0.5), name="half")
                if d is None:
                    a = b = g.Mul(s, half, name="half_sum")
                else:
                    a = g.Mul(g.Add(s, value(d), name="sum_plus_diff"), half, name="row_centre")
                    b = g.Mul(g.Sub(s, value(d), name="sum_minus_diff"), half, name="col_centre")
                return g.Equal(g.Abs(g.Sub(rows, a, name="row_off"), name="row_dist"),
                               g.Abs(g.Sub(cols, b, name="col_off"), name="col_dist"), name="lines")
            mask = mask_of(names[0])
            for extra in names[1:]:
                mask = g.Or(mask, mask_of(extra), name="lines")
            return mask

        if codes and crop:      # a 2x2 kernel dilated to span the cells beyond the corner: an hh x ww output
            w_code = np.zeros((1, 10, 2, 2), np.float32)
            w_code[0, :, 0, 0] = np.arange(1, 11)
            code = g.Conv(g.input, g.const(w_code, name="code_w"), dilations=[30 - hh, 30 - ww], name="code")
        elif codes:
            code = g.Conv(g.input, g.const(np.arange(1, 11, dtype=np.float32).reshape(1, 10, 1, 1), name="code_w"),
                          name="code")                                                  # [1,1,30,30]
        if codes:           # codes 0..10 as one byte from here on: the paint and the decode read uint8
            code = g.Cast(code, to=2, name="code_u8")
        if bg_only and codes:
            where_ok = g.Equal(code, g.const(np.uint8(1)), name="background")
        elif bg_only:
            bg = g.Slice(g.input, g.ints([0, 0, 0]), g.ints([1, hh, ww]), g.ints([1, 2, 3]), name="bg_f") if crop \
                else g.Slice(g.input, g.ints([0]), g.ints([1]), g.ints([1]), name="bg_f")
            where_ok = g.Greater(bg, g.const(np.float32(0.5)), name="background")           # [1,1,30,30]
        else:   # the grid's extent goes into the index vectors: a row (column) beyond it reads -100 (-200),
            # which no line equation meets, so a diagonal needs no h x w inside mask
            across = {"rows": g.Less(rows, h, name="row_inside"), "cols": g.Less(cols, w, name="col_inside")}
            rows = g.Where(across["rows"], rows, g.const(np.float16(-100), name="row_beyond"), name="rows_inside")
            cols = g.Where(across["cols"], cols, g.const(np.float16(-200), name="col_beyond"), name="cols_inside")
            where_ok = None
        if codes and where_ok is not None:
            # background only: the code a background cell takes (its lines' ink, else 1, background), built
            # on the line masks alone, then one Where on the background
            line_code = g.const(np.uint8(1))
            for names, colour in reversed(lines):
                line_code = g.Where(lines_mask(names), g.const(np.uint8(colour + 1), name="ink"), line_code,
                                    name="line_code")
            code = g.Where(where_ok, line_code, code, name="painted")
        elif codes:
            for names, colour in reversed(lines):
                code = g.Where(lines_mask(names), g.const(np.uint8(colour + 1), name="ink"), code, name="painted")
        if codes:
            code = to_canvas(code, "code_canvas")          # 0 (no colour) beyond the corner
            return g.model(g.Equal(code, g.const(np.arange(1, 11, dtype=np.uint8).reshape(1, 10, 1, 1),
                                                 name="channel_code_u8")))
        base = g.input if len(lines) == 1 else g.Cast(g.input, to=2, name="cells")
        dtype = np.float32 if len(lines) == 1 else np.uint8
        for k, (names, colour) in enumerate(reversed(lines)):
            mask = lines_mask(names)
            here = mask if where_ok is None else g.And(mask, where_ok, name="paint_here")
            here = to_canvas(here, "paint_canvas", 4 if bg_only else 2)
            ink = np.zeros((1, 10, 1, 1), dtype)
            ink[0, colour] = 1
            base = g.Where(here, g.const(ink, name="ink"), base, name="painted")
        return g.model(base)
