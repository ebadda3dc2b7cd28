"""Summary families: outputs computed from counts of the input.

Each graph first reduces the input to a few numbers (the ten colour counts are one ReduceSum to a
[1,10,1,1]; 2x2-window and object counts a Conv and two reductions), then renders the output from
them in one last op: a strided ConvTranspose for small fixed outputs (colour_rank, count_bar,
feature_table, symmetry_flag), a Pad for charts and lists (histogram, colour_ranking, line_table),
a 1x1 Conv with run-time weights (rank_recolour) or an Einsum with run-time index maps (count_scale).

Families whose rule is a lookup table (count_bar, feature_table, line_table) fit on every shown
example and demand that keys repeat; `neurogolf audit` checks them on a held-out fifth of arc-gen.
"""
from __future__ import annotations

import itertools

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_graph import counts_node, feature_node, render
from .._common_grids import C, N, colour_counts, count_features, fixed_out_shape

BIG = 1000.0


def _in_shape(examples):
    """The one input shape of every example (window features then read only that corner), else None."""
    shapes = {i.shape for i, _ in examples}
    return shapes.pop() if len(shapes) == 1 else None


def _outputs_repeat(outs: np.ndarray) -> bool:
    """A summary rule maps many inputs to few outputs: at most half as many distinct outputs as examples."""
    return 2 * len(np.unique(outs.reshape(len(outs), -1), axis=0)) <= len(outs)


def _colour_measures(grid) -> dict[str, np.ndarray]:
    """Per colour: cell count, bounding-box area, and box cells it leaves empty (holes)."""
    oh = np.asarray(grid)[None] == np.arange(C)[:, None, None]
    cn = oh.sum(axis=(1, 2))
    area = oh.any(axis=2).sum(axis=1) * oh.any(axis=1).sum(axis=1)
    return {"count": cn, "area": area, "holes": area - cn}


def _rank_colour(cn: np.ndarray, mode: str, skip_bg: bool, value: np.ndarray | None = None) -> int | None:
    """The present colour with the largest (most) or smallest (least) value (default: its count),
    or None on a tie or when no colour qualifies."""
    value = cn if value is None else value
    cand = [c for c in range(C) if cn[c] > 0 and not (skip_bg and c == 0)]
    if not cand:
        return None
    key = [value[c] if mode == "most" else -value[c] for c in cand]
    best = max(key)
    if key.count(best) > 1:
        return None
    return cand[key.index(best)]


class ColourRank(Solver):
    name = "colour_rank"
    description = ("fixed-size output filled with one colour: the input colour with the most or fewest "
                   "cells, the largest or smallest bounding box, or the most empty cells in its box")

    def plans(self, examples):
        shape = fixed_out_shape(examples)
        if shape is None or any(len(np.unique(o)) != 1 for _, o in examples):
            return
        measures = [_colour_measures(i) for i, _ in examples]
        for measure in ("count", "area", "holes"):
            for mode in ("most", "least"):
                for skip_bg in ((False, True) if measure == "count" else (True,)):
                    if all(_rank_colour(m["count"], mode, skip_bg, m[measure]) == o.flat[0]
                           for m, (_, o) in zip(measures, examples)):
                        yield shape, mode, skip_bg, measure

    def fit(self, examples):
        return next(self.plans(examples), None)

    def candidates(self, examples):
        """Every (mode, background) reading the examples allow: they differ only on unseen inputs."""
        for plan in self.plans(examples):
            yield f"{self.name}:{plan[1]}_{plan[3]}{'_nobg' if plan[2] else ''}", self.build(plan)

    def build(self, plan):
        (h, w), mode, skip_bg, measure = plan
        g = Graph()
        counts = counts_node(g)
        value = counts
        if measure != "count":
            # box sides from the projections: rows (columns) where the colour appears
            height = g.ReduceSum(g.ReduceMax(g.input, axes=[3], keepdims=1, name="rows_with"), axes=[2],
                                 keepdims=1, name="box_height")
            width = g.ReduceSum(g.ReduceMax(g.input, axes=[2], keepdims=1, name="cols_with"), axes=[3],
                                keepdims=1, name="box_width")
            value = g.Mul(height, width, name="box_area")
            if measure == "holes":
                value = g.Sub(value, counts, name="box_holes")
        if mode == "most":
            key = value
            if skip_bg:
                key = g.Add(value, g.const(np.r_[-BIG, np.zeros(C - 1)].astype(np.float32).reshape(1, C, 1, 1),
                                            name="drop_bg"), name="key")
        else:
            # absent colours (and the background, if skipped) get -BIG so they never win
            absent = g.Cast(g.Equal(counts, g.floats(0.0, name="zero"), name="absent"), to=1, name="absent_f")
            weight = np.full((1, C, 1, 1), -BIG, np.float32)
            key = g.Sub(g.Mul(absent, g.const(weight, name="absent_penalty"), name="penalty"), value, name="key")
            if skip_bg:
                key = g.Add(key, g.const(np.r_[-BIG, np.zeros(C - 1)].astype(np.float32).reshape(1, C, 1, 1),
                                         name="drop_bg"), name="key")
        best = g.Sub(g.ReduceMax(key, axes=[1], keepdims=1, name="best"), g.floats(0.5, name="half"),
                     name="best_less_half")
        margin = g.Sub(key, best, name="margin")                       # 0.5 for the winner, <= -0.5 else
        return g.model(render(g, margin, np.ones((C, 1, h, w)), groups=C))


class CountBar(Solver):
    name = "count_bar"
    fit_splits = ("train", "test", "arc-gen")   # each cell's threshold is seen once it lights up
    description = ("fixed-size output where cells light up in a fixed order, one more for every d cells "
                   "of a colour in the input (a count drawn as a bar)")

    def fit(self, examples):
        shape = fixed_out_shape(examples)
        if shape is None:
            return None
        outs = np.stack([o for _, o in examples])
        colours = np.unique(outs)
        if len(colours) != 2 or not _outputs_repeat(outs):
            return None
        feats = [count_features(i, windows=True) for i, _ in examples]
        for bg, ink in ((colours[0], colours[1]), (colours[1], colours[0])):
            lit = outs == ink
            for c in [f"count{c}" for c in range(C)] + [f"quad{c}" for c in range(C)] + ["objects"]:
                cnts = np.array([f[c] for f in feats])
                for d in ((1, 2, 3, 4) if c.startswith("count") else (1,)):
                    n = (cnts // d)[:, None, None]
                    if (n == n[0]).all():
                        continue
                    # the smallest count that lights each cell; it must explain every example
                    thr = np.where(lit, n, np.inf).min(axis=0)
                    if ((n >= thr) == lit).all():
                        return shape, int(bg), int(ink), c, d, thr, _in_shape(examples)
        return None

    def build(self, plan):
        (h, w), bg, ink, c, d, thr, in_shape = plan
        g = Graph()
        # (count, 1): the constant lets one ConvTranspose add a per-cell offset
        if c.startswith("count"):
            pick = np.zeros((2, C, 1, 1), np.float32)
            pick[0, int(c.removeprefix("count"))] = 1
            count_one = g.Conv(counts_node(g), g.const(pick, name="pick_count"), g.floats([0, 1], name="one_bias"),
                               name="count_and_one")
        else:
            count_one = g.Concat(feature_node(g, None, c, in_shape), g.const(np.ones((1, 1, 1, 1), np.float32), name="one"),
                                 axis=1, name="count_and_one")
        # lit iff count >= d * thr: channel ink gets count - (d*thr - 0.5), channel bg its negation
        cut = np.where(np.isinf(thr), 1e4, d * thr - 0.5)
        weight = np.zeros((2, C, h, w))                      # other colours stay at 0: off
        weight[0, ink], weight[1, ink] = 1, -cut
        weight[0, bg], weight[1, bg] = -1, cut
        return g.model(render(g, count_one, weight))


class FeatureTable(Solver):
    name = "feature_table"
    fit_splits = ("train", "test", "arc-gen")   # a table fills in from every shown example
    description = ("fixed-size output chosen from a small table by a summary of the input (its most "
                   "frequent colour, number of colours, cells of one colour); every key must be seen")

    def plans(self, examples):
        shape = fixed_out_shape(examples)
        if shape is None or len(examples) < 3:
            return
        outs = np.stack([o for _, o in examples])
        if not _outputs_repeat(outs):
            return
        feats = [count_features(i, windows=True) for i, _ in examples]
        for f, (i, _) in zip(feats, examples):
            f["top_colour"] = _rank_colour(colour_counts(i), "most", True)
        for name in ("top_colour", "ncolours", *[f"count{c}" for c in range(C)], "objects",
                     *[f"quad{c}" for c in range(C)]):
            if any(f[name] is None for f in feats):
                continue
            keys = np.array([f[name] for f in feats])
            uniq, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
            # a table is a rule only if keys repeat: half as many keys as examples at most
            if 1 < len(uniq) and 2 * len(uniq) <= len(examples) and (outs == outs[first][inverse]).all():
                yield shape, name, {int(k): outs[j] for k, j in zip(uniq, first)}, _in_shape(examples)

    def fit(self, examples):
        return next(self.plans(examples), None)

    def candidates(self, examples):
        for plan in self.plans(examples):
            yield f"{self.name}:{plan[1]}", self.build(plan)
            yield f"{self.name}:{plan[1]}:gather", self.build(plan, gather=True)

    def build(self, plan, gather=False):
        """gather: the key's slot (ArgMax of the hits) Gathers a one-byte colour grid (colour + 1) from a
        [K,1,h,w] table, one-hot by Equal and padded; else one ConvTranspose of a [K,10,h,w] table."""
        (h, w), name, table, in_shape = plan
        keys = sorted(table)
        g = Graph()
        counts = counts_node(g)
        if name == "top_colour":
            # one-hot of the most frequent non-background colour; the table has a row per colour
            key = g.Add(counts, g.const(np.r_[-BIG, np.zeros(C - 1)].astype(np.float32).reshape(1, C, 1, 1),
                                        name="drop_bg"), name="key")
            onehot = g.Cast(g.Equal(key, g.ReduceMax(key, axes=[1], keepdims=1, name="best"), name="is_top"),
                            to=1, name="is_top_f")
            # keep only the colours the table knows: an unseen top colour renders nothing (and fails)
            onehot = g.Gather(onehot, g.ints(keys, name="known_colours"), axis=1, name="known_top")
        else:
            n = feature_node(g, counts if name.startswith(("count", "ncolours")) else None, name, in_shape)
            onehot = g.Cast(g.Equal(n, g.const(np.array(keys, np.float32).reshape(1, len(keys), 1, 1),
                                               name="keys"), name="key_hit"), to=1, name="key_hit_f")
        if gather:
            slot = g.ArgMax(g.Reshape(onehot, g.ints([1, len(keys)], name="hits_shape"), name="hits_row"),
                            axis=1, keepdims=0, name="key_slot")                                # [1]
            grids = np.stack([table[k] + 1 for k in keys]).astype(np.uint8).reshape(len(keys), 1, h, w)
            grid = g.Gather(g.const(grids, name="table_codes"), slot, axis=0, name="key_grid")  # [1,1,h,w]
            codes = g.const(np.arange(1, C + 1, dtype=np.uint8).reshape(1, C, 1, 1), name="codes")
            pads = g.ints([0, 0, 0, 0, 0, 0, N - h, N - w], name="pads")
            if 20 * h * w < N * N:      # small grid: one-hot first, then pad the one-byte planes
                hot = g.Cast(g.Equal(grid, codes, name="grid_hot"), to=2, name="grid_hot_u8")
                return g.model(g.Pad(hot, pads))
            return g.model(g.Equal(g.Pad(grid, pads, name="grid_canvas"), codes))
        table_w = np.stack([np.arange(C)[:, None, None] == table[k][None] for k in keys])   # [K,10,h,w]
        return g.model(render(g, onehot, table_w))


_FLIPS = {"lr": lambda a: a[:, ::-1], "ud": lambda a: a[::-1], "rot180": lambda a: a[::-1, ::-1],
          "transpose": lambda a: a.T}


class SymmetryFlag(Solver):
    name = "symmetry_flag"
    description = ("one fixed output when the input grid is mirror symmetric (left-right, up-down, "
                   "180 degrees or diagonal) and another when it is not")

    def plans(self, examples):
        outs = {o.tobytes(): o for _, o in examples}
        ins = {i.shape for i, _ in examples}
        if len(outs) != 2 or len(ins) != 1 or len({o.shape for o in outs.values()}) != 1:
            return
        (h, w), = ins
        for kind, flip in _FLIPS.items():
            if kind == "transpose" and h != w:
                continue
            sym = [np.array_equal(i, flip(i)) for i, _ in examples]
            yes = {o.tobytes() for (_, o), s in zip(examples, sym) if s}
            no = {o.tobytes() for (_, o), s in zip(examples, sym) if not s}
            if len(yes) == 1 and len(no) == 1 and yes != no:
                yield kind, (h, w), outs[yes.pop()], outs[no.pop()]

    def fit(self, examples):
        return next(self.plans(examples), None)

    def candidates(self, examples):
        for plan in self.plans(examples):
            yield f"{self.name}:{plan[0]}", self.build(plan)

    def build(self, plan):
        kind, (h, w), yes, no = plan
        g = Graph()
        grid = g.Slice(g.input, g.ints([0, 0], name="zero2"), g.ints([h, w], name="grid_end"),
                       g.ints([2, 3], name="hw_axes"), name="grid")
        if kind == "transpose":
            mirrored = g.Transpose(grid, perm=[0, 1, 3, 2], name="mirrored")
        else:
            rows = kind in ("ud", "rot180")
            cols = kind in ("lr", "rot180")
            starts = [h - 1 if rows else 0, w - 1 if cols else 0]
            ends = [-N - 1 if rows else h, -N - 1 if cols else w]
            mirrored = g.Slice(g.input, g.ints(starts, name="flip_start"), g.ints(ends, name="flip_end"),
                               g.ints([2, 3], name="hw_axes"), g.ints([-1 if rows else 1, -1 if cols else 1],
                                                                      name="flip_step"), name="mirrored")
        # cells agreeing with their mirror: h*w exactly when the grid is symmetric
        agree = g.Conv(grid, mirrored, g.floats([0.5 - h * w], name="minus_cells"), name="agree_margin")
        flag = g.Concat(agree, g.const(np.ones((1, 1, 1, 1), np.float32), name="one"), axis=1, name="flag_one")
        oh, ow = yes.shape
        eye = np.arange(C)[:, None, None]
        a, b = (eye == yes[None]).astype(float), (eye == no[None]).astype(float)
        # margin 0.5 when symmetric, <= -0.5 when not: a-only cells follow it, b-only ones its negation
        weight = np.stack([a - b, (a + b) / 2 + (a * b) / 2])
        return g.model(render(g, flag, weight))


class LineTable(Solver):
    name = "line_table"
    fit_splits = ("train", "test", "arc-gen")   # the table fills in from every shown example
    description = ("each output row (or column) is one colour, looked up from the matching input row: "
                   "by its exact content or by how many colours it holds")

    @staticmethod
    def _key(line, key):
        return tuple(int(v) for v in line) if key == "content" else len(set(line.tolist()))

    def plans(self, examples):
        shapes = {i.shape for i, _ in examples}
        if len(shapes) != 1 or any(i.shape != o.shape for i, o in examples):
            return
        for axis in ("row", "col"):
            lines = [(i, o) if axis == "row" else (i.T, o.T) for i, o in examples]
            if any((o != o[:, :1]).any() for _, o in lines):
                continue
            for key in ("content", "ncolours"):
                table, ok = {}, True
                for i, o in lines:
                    for line, colour in zip(i, o[:, 0]):
                        if table.setdefault(self._key(line, key), colour) != colour:
                            ok = False
                            break
                    if not ok:
                        break
                nlines = sum(len(i) for i, _ in lines)
                if ok and 1 < len(table) <= 32 and 4 * len(table) <= nlines:    # keys must repeat
                    yield axis, key, shapes.copy().pop(), table

    def fit(self, examples):
        return next(self.plans(examples), None)

    def candidates(self, examples):
        for plan in self.plans(examples):
            yield f"{self.name}:{plan[0]}_{plan[1]}", self.build(plan)

    def build(self, plan):
        axis, key, (h, w), table = plan
        keys = sorted(table)
        length = w if axis == "row" else h
        along = 3 if axis == "row" else 2                  # the axis a line runs along
        kshape = (1, length) if axis == "row" else (length, 1)
        g = Graph()
        grid = g.Slice(g.input, g.ints([0, 0], name="zero2"), g.ints([h, w], name="grid_end"),
                       g.ints([2, 3], name="hw_axes"), name="grid")
        if key == "content":
            pat = np.zeros((len(keys), C, length), np.float32)
            for k, line in enumerate(keys):
                pat[k, list(line), np.arange(length)] = 1
            # cells agreeing with pattern k, less length-1: 1 on a full match, <= 0 otherwise
            score = g.Conv(grid, g.const(pat.reshape(len(keys), C, *kshape), name="line_patterns"),
                           g.const(np.full(len(keys), 1.0 - length, np.float32), name="minus_len"),
                           name="pattern_score")
            hit = g.Relu(score, name="pattern_hit")
        else:
            present = g.ReduceMax(grid, axes=[along], keepdims=1, name="colour_in_line")
            n = g.ReduceSum(present, axes=[1], keepdims=1, name="colours_in_line")
            hit = g.Cast(g.Equal(n, g.const(np.array(keys, np.float32).reshape(1, -1, 1, 1), name="keys"),
                                 name="key_hit"), to=1, name="key_hit_f")
        weight = np.zeros((len(keys), C, *kshape), np.float32)
        for k, kk in enumerate(keys):
            weight[k, table[kk]] = 1
        lines = g.ConvTranspose(hit, g.const(weight, name="line_colours"), name="lines")   # [1,10,h,w]
        return g.model(g.Pad(lines, g.ints([0, 0, 0, 0, 0, 0, N - h, N - w], name="pads"), name="canvas"))


class RankRecolour(Solver):
    name = "rank_recolour"
    description = ("same-shape grid where the cells of the most (or least) frequent colour, or all the "
                   "other non-background cells, turn one fixed colour")

    def plans(self, examples):
        if any(i.shape != o.shape for i, o in examples) or all((i == o).all() for i, o in examples):
            return
        for mode in ("most", "least"):
            for skip_bg in (True, False):
                picked = [_rank_colour(colour_counts(i), mode, skip_bg) for i, _ in examples]
                if None in picked:
                    continue
                for others in (False, True):
                    sel = [(i != p) & ((i != 0) | (not skip_bg)) if others else i == p
                           for p, (i, _) in zip(picked, examples)]
                    targets = {int(v) for s, (_, o) in zip(sel, examples) for v in o[s]}
                    if len(targets) == 1:
                        t = targets.pop()
                        if all(np.array_equal(np.where(s, t, i), o) for s, (i, o) in zip(sel, examples)):
                            yield mode, skip_bg, others, t

    def fit(self, examples):
        return next(self.plans(examples), None)

    def candidates(self, examples):
        for plan in self.plans(examples):
            yield f"{self.name}:{plan[0]}{'_nobg' if plan[1] else ''}{'_others' if plan[2] else ''}", \
                self.build(plan)

    def build(self, plan):
        mode, skip_bg, others, target = plan
        g = Graph()
        counts = counts_node(g)
        drop_bg = g.const(np.r_[-BIG, np.zeros(C - 1)].astype(np.float32).reshape(1, C, 1, 1), name="drop_bg")
        if mode == "most":
            key = g.Add(counts, drop_bg, name="key") if skip_bg else counts
        else:
            absent = g.Cast(g.Equal(counts, g.floats(0.0, name="zero"), name="absent"), to=1, name="absent_f")
            key = g.Sub(g.Mul(absent, g.const(np.full((1, C, 1, 1), -BIG, np.float32), name="absent_penalty"),
                              name="penalty"), counts, name="key")
            if skip_bg:
                key = g.Add(key, drop_bg, name="key_nobg")
        best = g.Cast(g.Equal(key, g.ReduceMax(key, axes=[1], keepdims=1, name="best"), name="is_best"),
                      to=1, name="is_best_f")                                   # [1,10,1,1] one-hot
        if others:
            # 1 on every colour allowed to change, less the picked one
            allowed = np.ones((1, C, 1, 1), np.float32)
            allowed[0, 0] = 0 if skip_bg else 1
            best = g.Sub(g.const(allowed, name="allowed"), best, name="others")
        # a 1x1 Conv with weights built at run time recolours every cell at once: column k of the
        # weight is e_k for a kept colour and e_target for a selected one: W = I + (E_t - I) * sel
        eye = np.eye(C, dtype=np.float32).reshape(C, C, 1, 1)
        to_target = np.zeros((C, C, 1, 1), np.float32)
        to_target[target] = 1
        w = g.Add(g.const(eye, name="identity"), g.Mul(g.const(to_target - eye, name="redirect"), best,
                                                       name="redirect_selected"), name="recolour_w")
        return g.model(g.Conv(g.input, w))


class CountScale(Solver):
    name = "count_scale"
    description = ("the input grid scaled up by a factor read from the input: its number of colours, or "
                   "its count of cells of one colour")

    def plans(self, examples):
        if len({o.shape for _, o in examples}) == 1 and len(examples) > 1:
            return                                   # a fixed factor: the geometry families' job
        feats = [count_features(i, windows=True) for i, _ in examples]
        for name in ("ncolours", *[f"count{c}" for c in range(C)], "objects"):
            ok = True
            for f, (i, o) in zip(feats, examples):
                k = f[name]
                if k < 1 or o.shape != (k * i.shape[0], k * i.shape[1]) or \
                        not np.array_equal(np.kron(i, np.ones((k, k), np.int64)), o):
                    ok = False
                    break
            if ok:
                yield name, _in_shape(examples)

    def fit(self, examples):
        return next(self.plans(examples), None)

    def candidates(self, examples):
        for plan in self.plans(examples):
            yield f"{self.name}:{plan[0]}", self.build(plan)

    def build(self, plan):
        name, in_shape = plan
        g = Graph()
        counts = counts_node(g)
        k = feature_node(g, counts if name.startswith(("count", "ncolours")) else None, name, in_shape)
        factor = g.ReduceSum(k, axes=[0, 1, 2, 3], keepdims=0, name="factor")          # a scalar
        src_row = g.Floor(g.Div(g.const(np.arange(N, dtype=np.float32).reshape(N, 1), name="rows"), factor,
                                name="row_over_factor"), name="source_row")             # [30,1]
        # output row y reads input row y // k, column x reads column x // k; with one small input
        # shape only its corner is read, so the maps are [30,h] and [30,w]
        h, w = in_shape if in_shape is not None else (N, N)
        src = g.input
        if in_shape is not None:
            src = g.Slice(g.input, g.ints([0, 0], name="zero2"), g.ints([h, w], name="grid_end"),
                          g.ints([2, 3], name="hw_axes"), name="grid")
        picks = {}
        for size in {h, w}:
            picks[size] = g.Cast(g.Equal(src_row, g.const(np.arange(size, dtype=np.float32).reshape(1, size),
                                                          name="src_index"), name="reads"), to=1, name="reads_f")
        return g.model(g.Einsum(picks[h], src, picks[w], equation="yi,bcij,xj->bcyx"))


def _histogram(grid, skip_bg: bool) -> np.ndarray:
    """One bar per colour, tallest first (ties: lower colour first), bars hanging from the top row."""
    cn = colour_counts(grid)
    cols = sorted((c for c in range(C) if cn[c] > 0 and not (skip_bg and c == 0)), key=lambda c: (-cn[c], c))
    out = np.zeros((max(cn[c] for c in cols), len(cols)), np.int64)
    for x, c in enumerate(cols):
        out[:cn[c], x] = c
    return out


class Histogram(Solver):
    name = "histogram"
    description = ("a bar chart of the colour counts: one bar per colour, as long as its count, tallest "
                   "first, in columns from the top or in rows from the left")

    def plans(self, examples):
        if all(i.shape == o.shape for i, o in examples):
            return
        for skip_bg in (True, False):
            for transpose in (False, True):
                try:
                    ok = all(np.array_equal(_histogram(i, skip_bg).T if transpose else _histogram(i, skip_bg), o)
                             for i, o in examples)
                except ValueError:                       # a grid with no colour to count
                    ok = False
                if ok:
                    yield skip_bg, transpose

    def fit(self, examples):
        return next(self.plans(examples), None)

    def candidates(self, examples):
        for plan in self.plans(examples):
            label = f"{self.name}:{'nobg' if plan[0] else 'all'}{'_rows' if plan[1] else ''}"
            yield label, self.build(plan)
            # every grid holding one colour: the chart is a single bar, a much smaller graph
            if plan[0] and all(len(np.unique(i[i != 0])) == 1 for i, _ in examples):
                yield label + "_single", self.build_single(plan)

    def build_single(self, plan):
        _, transpose = plan
        g = Graph()
        counts = counts_node(g)
        keep = np.ones((1, C, 1, 1), np.float32)
        keep[0, 0] = 0
        kept = g.Mul(counts, g.const(keep, name="keep"), name="counted")
        colour = g.Greater(kept, g.floats(0.0, name="zero"), name="bar_colour")              # [1,10,1,1]
        length = g.ReduceSum(kept, axes=[1], keepdims=1, name="bar_length")
        along = np.arange(N, dtype=np.float32).reshape((1, 1, 1, N) if transpose else (1, 1, N, 1))
        reach = g.Less(g.const(along, name="along"), length, name="bar_reach")
        bar = g.Cast(g.And(colour, reach, name="bar"), to=2, name="bar_u8")
        pads = [0, 0, 0, 0, 0, 0, N - 1, 0] if transpose else [0, 0, 0, 0, 0, 0, 0, N - 1]
        return g.model(g.Pad(bar, g.ints(pads, name="pads"), name="canvas"))

    def build(self, plan):
        skip_bg, transpose = plan
        g = Graph()
        counts = counts_node(g)
        keep = np.ones((1, C, 1, 1), np.float32)
        keep[0, 0] = 0 if skip_bg else 1
        n = g.Mul(counts, g.const(keep, name="keep"), name="bar_length")            # [1,10,1,1]
        # bars sort by length, ties by colour: a key that is distinct for every colour
        key = g.Sub(n, g.const((np.arange(C) * 0.01).astype(np.float32).reshape(1, C, 1, 1), name="tie_break"),
                    name="sort_key")
        key_t = g.Reshape(key, g.ints([1, 1, C, 1], name="key_t_shape"), name="sort_key_t")
        beaten = g.Cast(g.Less(key, key_t, name="beaten_by"), to=1, name="beaten_by_f")   # [1,10,10,1]
        rank = g.ReduceSum(beaten, axes=[2], keepdims=1, name="rank")                   # [1,10,1,1]
        # at most ten bars: the chart is built ten cells wide and padded to the canvas at the end
        if transpose:     # bars are rows growing rightwards
            along = g.const(np.arange(N, dtype=np.float32).reshape(1, 1, 1, N), name="along")
            across = g.const(np.arange(C, dtype=np.float32).reshape(1, 1, C, 1), name="across")
        else:             # bars are columns growing downwards
            along = g.const(np.arange(N, dtype=np.float32).reshape(1, 1, N, 1), name="along")
            across = g.const(np.arange(C, dtype=np.float32).reshape(1, 1, 1, C), name="across")
        slot = g.Equal(rank, across, name="bar_slot")                     # bar c sits at position rank c
        grown = g.Less(along, n, name="bar_reach")
        one, ten = g.ints([1], name="one_i"), g.ints([C], name="ten_i")
        chan = g.ints([1], name="channel_axis")
        fill = g.And(g.Slice(slot, one, ten, chan, name="slot_colours"),
                     g.Slice(grown, one, ten, chan, name="reach_colours"), name="bars")   # [1,9,30,30]
        # the rest of the chart's box is background: inside (longest bar) x (number of bars)
        slot_len = g.ReduceSum(g.Mul(g.Cast(slot, to=1, name="bar_slot_f"), n, name="slot_bar"), axes=[1],
                               keepdims=1, name="slot_length")
        longest = g.ReduceMax(n, axes=[1], keepdims=1, name="longest")
        nbars = g.ReduceSum(g.Cast(g.Greater(n, g.floats(0.0, name="zero"), name="has_bar"), to=1,
                                   name="has_bar_f"), axes=[1], keepdims=1, name="bars_count")
        inbox = g.And(g.Less(along, longest, name="in_length"), g.Less(across, nbars, name="in_width"),
                      name="in_chart")
        empty = g.And(inbox, g.Not(g.Less(along, slot_len, name="on_bar"), name="off_bar"), name="empty")
        if not skip_bg:
            zero_i = g.ints([0], name="zero_i")
            bar0 = g.And(g.Slice(slot, zero_i, one, chan, name="slot_bg"), g.Slice(grown, zero_i, one, chan,
                                                                                 name="reach_bg"), name="bar_bg")
            empty = g.Or(empty, bar0, name="background")
        chart = g.Cast(g.Concat(empty, fill, axis=1, name="chart"), to=2, name="chart_u8")
        pads = [0, 0, 0, 0, 0, 0, N - C, 0] if transpose else [0, 0, 0, 0, 0, 0, 0, N - C]
        return g.model(g.Pad(chart, g.ints(pads, name="pads"), name="canvas"))


def _ranking(grid, desc: bool, skip_bg: bool, drop: int):
    """Colours present, by count (most first if desc; ties: lower colour first), less the first `drop`."""
    cn = colour_counts(grid)
    cols = sorted((c for c in range(C) if cn[c] > 0 and not (skip_bg and c == 0)),
                  key=lambda c: (-cn[c] if desc else cn[c], c))
    return cols[drop:]


class ColourRanking(Solver):
    name = "colour_ranking"
    description = ("the input's colours listed in one column (or row), ordered by how many cells each "
                   "has, optionally without the most common one")

    def plans(self, examples):
        if any(min(o.shape) != 1 for _, o in examples):
            return
        for as_row in (False, True):
            if any(o.shape[0 if as_row else 1] != 1 for _, o in examples):
                continue
            for desc, skip_bg, drop in itertools.product((True, False), (True, False), (0, 1)):
                if all(_ranking(i, desc, skip_bg, drop) == o.ravel().tolist() for i, o in examples):
                    yield desc, skip_bg, drop, as_row

    def fit(self, examples):
        return next(self.plans(examples), None)

    def candidates(self, examples):
        for plan in self.plans(examples):
            yield f"{self.name}:{'most' if plan[0] else 'least'}{'_nobg' if plan[1] else ''}" \
                  f"{'_drop1' if plan[2] else ''}{'_row' if plan[3] else ''}", self.build(plan)

    def build(self, plan):
        desc, skip_bg, drop, as_row = plan
        g = Graph()
        counts = counts_node(g)
        keep = np.ones((1, C, 1, 1), np.float32)
        keep[0, 0] = 0 if skip_bg else 1
        n = g.Mul(counts, g.const(keep, name="keep"), name="counted")
        present = g.Greater(n, g.floats(0.0, name="zero"), name="present")
        # a sort key distinct per colour; absent colours sort after every present one
        tie = (np.arange(C) * 0.01).astype(np.float32).reshape(1, C, 1, 1)
        if desc:
            key = g.Sub(n, g.const(tie, name="tie_break"), name="sort_key")
        else:
            absent = g.Cast(g.Not(present, name="absent"), to=1, name="absent_f")
            key = g.Sub(g.Neg(g.Add(n, g.Mul(absent, g.floats(100.0, name="big"), name="absent_penalty"),
                                    name="penalised"), name="neg_count"), g.const(tie, name="tie_break"),
                        name="sort_key")
        key_t = g.Reshape(key, g.ints([1, 1, C, 1], name="key_t_shape"), name="sort_key_t")
        rank = g.ReduceSum(g.Cast(g.Less(key, key_t, name="beaten_by"), to=1, name="beaten_by_f"), axes=[2],
                           keepdims=1, name="rank")
        slots = np.arange(drop, drop + N, dtype=np.float32)
        slots = slots.reshape(1, 1, 1, N) if as_row else slots.reshape(1, 1, N, 1)
        at = g.And(g.Equal(rank, g.const(slots, name="slots"), name="at_slot"), present, name="listed")
        listed = g.Cast(at, to=2, name="listed_u8")
        pads = [0, 0, 0, 0, 0, 0, N - 1, 0] if as_row else [0, 0, 0, 0, 0, 0, 0, N - 1]
        return g.model(g.Pad(listed, g.ints(pads, name="pads"), name="canvas"))


class RankBox(Solver):
    name = "rank_box"
    description = ("output is a box of one colour as big as that colour's bounding box in the input, the "
                   "colour chosen by rank (most or fewest cells, largest or smallest box)")

    def plans(self, examples):
        if any(len(np.unique(o)) != 1 for _, o in examples):
            return
        measures = [_colour_measures(i) for i, _ in examples]
        for measure in ("count", "area"):
            for mode in ("most", "least"):
                ok = True
                for m, (i, o) in zip(measures, examples):
                    c = _rank_colour(m["count"], mode, True, m[measure])
                    box = i == c
                    if c != o.flat[0] or o.shape != (box.any(axis=1).sum(), box.any(axis=0).sum()):
                        ok = False
                        break
                if ok:
                    yield mode, measure

    def fit(self, examples):
        return next(self.plans(examples), None)

    def candidates(self, examples):
        for plan in self.plans(examples):
            yield f"{self.name}:{plan[0]}_{plan[1]}", self.build(plan)

    def build(self, plan):
        mode, measure = plan
        g = Graph()
        counts = counts_node(g)
        rows_with = g.ReduceMax(g.input, axes=[3], keepdims=1, name="rows_with")           # [1,10,30,1]
        cols_with = g.ReduceMax(g.input, axes=[2], keepdims=1, name="cols_with")           # [1,10,1,30]
        height = g.ReduceSum(rows_with, axes=[2], keepdims=1, name="box_height")
        width = g.ReduceSum(cols_with, axes=[3], keepdims=1, name="box_width")
        value = counts if measure == "count" else g.Mul(height, width, name="box_area")
        drop_bg = g.const(np.r_[-BIG, np.zeros(C - 1)].astype(np.float32).reshape(1, C, 1, 1), name="drop_bg")
        if mode == "most":
            key = g.Add(value, drop_bg, name="key")
        else:
            absent = g.Cast(g.Equal(counts, g.floats(0.0, name="zero"), name="absent"), to=1, name="absent_f")
            key = g.Add(g.Sub(g.Mul(absent, g.const(np.full((1, C, 1, 1), -BIG, np.float32), name="absent_penalty"),
                                    name="penalty"), value, name="neg_value"), drop_bg, name="key")
        chosen = g.Equal(key, g.ReduceMax(key, axes=[1], keepdims=1, name="best"), name="chosen")  # [1,10,1,1]
        chosen_f = g.Cast(chosen, to=1, name="chosen_f")
        h = g.ReduceSum(g.Mul(height, chosen_f, name="chosen_height"), axes=[1], keepdims=1, name="height")
        w = g.ReduceSum(g.Mul(width, chosen_f, name="chosen_width"), axes=[1], keepdims=1, name="width")
        in_rows = g.Less(g.const(np.arange(N, dtype=np.float32).reshape(1, 1, N, 1), name="row_index"), h,
                         name="in_rows")
        in_cols = g.Less(g.const(np.arange(N, dtype=np.float32).reshape(1, 1, 1, N), name="col_index"), w,
                         name="in_cols")
        return g.model(g.And(g.And(chosen, in_rows, name="chosen_rows"), in_cols))


class RankCrop(Solver):
    name = "rank_crop"
    description = ("output is the input cropped to the bounding box of one colour, the colour chosen by "
                   "rank (most or fewest cells, largest or smallest box, most or fewest empty box cells)")

    def plans(self, examples):
        if all(i.shape == o.shape for i, o in examples):
            return
        measures = [_colour_measures(i) for i, _ in examples]
        for measure in ("count", "area", "holes"):
            for mode in ("most", "least"):
                ok = True
                for m, (i, o) in zip(measures, examples):
                    c = _rank_colour(m["count"], mode, True, m[measure])
                    if c is None:
                        ok = False
                        break
                    ys, xs = np.nonzero(i == c)
                    crop = i[ys.min():ys.max() + 1, xs.min():xs.max() + 1]
                    if crop.shape != o.shape or (crop != o).any():
                        ok = False
                        break
                if ok:
                    yield mode, measure

    def fit(self, examples):
        return next(self.plans(examples), None)

    def candidates(self, examples):
        for plan in self.plans(examples):
            yield f"{self.name}:{plan[0]}_{plan[1]}", self.build(plan)

    def build(self, plan):
        """The crop is out = R input C^T with run-time 0/1 maps: R[y,i] = 1 where i = y0 + y and y is
        inside the box's height (C likewise), one Einsum writing the output."""
        mode, measure = plan
        g = Graph()
        counts = counts_node(g)
        value = counts
        if measure != "count":
            rows_with = g.ReduceMax(g.input, axes=[3], keepdims=1, name="rows_with")       # [1,10,30,1]
            cols_with = g.ReduceMax(g.input, axes=[2], keepdims=1, name="cols_with")       # [1,10,1,30]
            value = g.Mul(g.ReduceSum(rows_with, axes=[2], keepdims=1, name="rows_count"),
                          g.ReduceSum(cols_with, axes=[3], keepdims=1, name="cols_count"), name="box_area")
            if measure == "holes":
                value = g.Sub(value, counts, name="box_holes")
        drop_bg = g.const(np.r_[-BIG, np.zeros(C - 1)].astype(np.float32).reshape(1, C, 1, 1), name="drop_bg")
        if mode == "most":
            key = g.Add(value, drop_bg, name="key")
        else:
            absent = g.Cast(g.Equal(counts, g.floats(0.0, name="zero"), name="absent"), to=1, name="absent_f")
            key = g.Add(g.Sub(g.Mul(absent, g.const(np.full((1, C, 1, 1), -BIG, np.float32), name="absent_penalty"),
                                    name="penalty"), value, name="neg_value"), drop_bg, name="key")
        chosen = g.Cast(g.Equal(key, g.ReduceMax(key, axes=[1], keepdims=1, name="best"), name="chosen"), to=1,
                        name="chosen_f")                                                 # [1,10,1,1]
        maps = []
        for label, eq in (("row", "bcyx,bcij->y"), ("col", "bcyx,bcij->x")):
            # 1 on the rows (columns) holding the chosen colour: [30]
            if measure != "count":        # the projections are at hand already
                line = g.Einsum(rows_with if label == "row" else cols_with, chosen, equation=eq,
                                name=f"{label}s_chosen")
            else:
                line = g.Cast(g.Greater(g.Einsum(g.input, chosen, equation=eq, name=f"{label}_chosen_cells"),
                                        g.floats(0.5, name="half"), name=f"{label}s_chosen_b"), to=1,
                              name=f"{label}s_chosen")
            index = g.const(np.arange(N, dtype=np.float32), name="index")
            first = g.ReduceMin(g.Add(index, g.Mul(g.Sub(g.floats(1.0, name="one"), line, name=f"{label}_off"),
                                                   g.floats(float(N), name="far"), name=f"{label}_push"),
                                      name=f"{label}_candidates"), axes=[0], keepdims=1, name=f"first_{label}")
            last = g.ReduceMax(g.Mul(line, index, name=f"{label}_at"), axes=[0], keepdims=1, name=f"last_{label}")
            size = g.Sub(last, first, name=f"{label}_span")                                # box size - 1
            # output line y reads input line first + y while y <= size, nothing after
            target = g.Where(g.Not(g.Greater(index, size, name=f"{label}_past"), name=f"{label}_inside"),
                             g.Add(index, first, name=f"{label}_source"), g.floats(-1.0, name="none"),
                             name=f"{label}_target")                                        # [30]
            maps.append(g.Cast(g.Equal(g.Unsqueeze(target, axes=[1], name=f"{label}_target_col"),
                                       g.Unsqueeze(index, axes=[0], name="index_row"), name=f"{label}_map_b"),
                               to=1, name=f"{label}_map"))                                  # [30,30]
        return g.model(g.Einsum(maps[0], g.input, maps[1], equation="yi,bcij,xj->bcyx"))
