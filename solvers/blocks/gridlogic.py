"""Grid logic: the input is a KR x KC array of equal parts (optionally split by 1-wide separator lines);
each output cell is a fixed colour chosen by a boolean function of "the parts' cells are non-background".

Graph: slice the background channel of the input region, one dilated Conv reads every part's cell at
once and yields a signed score z (z > 0: colour T, z < 0: colour F, never 0 inside the grid), and a 1x1
Conv whose zero padding grows the canvas to 30x30 renders it (0 outside the grid, so no channel fires).
Functions that are not linearly separable (XOR-like) square a difference first.

The same split drives three more families: overlay (parts stacked in a priority order), odd_part (the part
unlike the others, fixed layout) and odd_block (equal blocks in any number and layout). They read the parts
straight from the input with one Einsum through row/column selection matrices and render a small uint8
colour map as the one-hot output.
"""
from __future__ import annotations

import itertools

import numpy as np

from neurogolf.graph import Graph

from .. import Solver


def _layouts(H, W, h, w):
    for g in (1, 0):
        for KR in range(1, 5):
            for KC in range(1, 5):
                if KR * KC >= 2 and KR * h + (KR - 1) * g == H and KC * w + (KC - 1) * g == W:
                    yield KR, KC, g


def _truth_table(examples, KR, KC, g, bg):
    table = {}
    for inp, out in examples:
        h, w = out.shape
        if (KR * h + (KR - 1) * g, KC * w + (KC - 1) * g) != inp.shape:
            return None
        bits = np.stack([inp[r * (h + g): r * (h + g) + h, c * (w + g): c * (w + g) + w] != bg
                         for r in range(KR) for c in range(KC)]).reshape(KR * KC, -1)
        for key, v in zip(map(tuple, bits.T.astype(int)), out.reshape(-1)):
            if table.setdefault(key, int(v)) != v:
                return None
    return table


def _separator_ok(examples, KR, KC, g):
    """With g=1 the separator lines must be one uniform colour in every example (else it is no split)."""
    if not g:
        return True
    for inp, out in examples:
        h, w = out.shape
        lines = [inp[r * (h + 1) - 1, :] for r in range(1, KR)] + [inp[:, c * (w + 1) - 1] for c in range(1, KC)]
        if any(len(np.unique(line)) != 1 for line in lines):
            return False
    return True


def _linear(table, n, true_colour):
    """Weights on the non-background bits n_i and a bias with z>0 exactly on true cells, |z|>=0.5."""
    for bound in (1, 2):
        for ws in itertools.product(range(-bound, bound + 1), repeat=n):
            if not any(ws):
                continue
            pos = [sum(w * b for w, b in zip(ws, k)) for k, v in table.items() if v == true_colour]
            neg = [sum(w * b for w, b in zip(ws, k)) for k, v in table.items() if v != true_colour]
            if max(neg) < min(pos):
                return list(ws), -(max(neg) + min(pos)) / 2.0
    return None


class GridLogic(Solver):
    name = "gridlogic"
    description = ("input split into equal parts (by separator lines or halves); each output cell is one of two "
                   "fixed colours by AND/OR/XOR/NOR/and-not of the parts' non-background cells")

    def fit(self, examples):
        if len({(i.shape, o.shape) for i, o in examples}) != 1:
            return None
        inp, out = examples[0]
        bg = 0
        for KR, KC, g in _layouts(*inp.shape, *out.shape):
            if not _separator_ok(examples, KR, KC, g):
                continue
            table = _truth_table(examples, KR, KC, g, bg)
            if table is None:
                continue
            colours = sorted(set(table.values()))
            if len(colours) != 2:
                continue
            n = KR * KC
            # the true colour: the one on fewer combinations (the "hit" of the logic)
            t_col = min(colours, key=lambda c: sum(v == c for v in table.values()))
            f_col = [c for c in colours if c != t_col][0]
            lin = _linear(table, n, t_col)
            plan = dict(KR=KR, KC=KC, g=g, bg=bg, H=inp.shape[0], W=inp.shape[1], h=out.shape[0],
                        w=out.shape[1], t=t_col, f=f_col)
            if lin is not None:
                plan.update(kind="linear", ws=lin[0], b=lin[1])
                return plan
            if n == 2 and len(table) >= 3:
                # XOR-like: the colour depends on whether the two bits differ
                diff = {k[0] != k[1] for k, v in table.items() if v == t_col}
                if len(diff) == 1:
                    plan.update(kind="xor", differ=diff.pop())
                    return plan
        return None

    def build(self, p):
        g = Graph()
        KR, KC, gap, h, w = p["KR"], p["KC"], p["g"], p["h"], p["w"]
        region = g.Slice(g.input, g.ints([0, p["bg"], 0, 0]), g.ints([1, p["bg"] + 1, p["H"], p["W"]]),
                         name="bg_cells")
        dil = [h + gap, w + gap]
        if p["kind"] == "linear":
            # z = sum_i w_i (1 - p_i) + b  ==  sum_i (-w_i) p_i + (sum w_i + b)
            ws = np.asarray(p["ws"], np.float32)
            kern = (-ws).reshape(1, 1, KR, KC)
            bias = np.float32(ws.sum() + p["b"]).reshape(1)
            z = g.Conv(region, g.const(kern), g.const(bias), dilations=dil, name="score")
        else:
            kern = np.asarray([1, -1], np.float32).reshape(1, 1, KR, KC)
            d = g.Conv(region, g.const(kern), dilations=dil, name="bit_diff")
            sq = g.Mul(d, d, name="differ")
            half = g.const(np.float32(0.5).reshape(1, 1, 1, 1))
            z = g.Sub(sq, half, name="score") if p["differ"] else g.Sub(half, sq, name="score")
        paint = np.zeros((10, 1, 1, 1), np.float32)
        paint[p["t"]] = 1
        paint[p["f"]] = -1
        y = g.Conv(z, g.const(paint), pads=[0, 0, 30 - h, 30 - w])
        return g.model(y)


def _split_parts(inp, KR, KC, g, h, w):
    return [inp[r * (h + g): r * (h + g) + h, c * (w + g): c * (w + g) + w] for r in range(KR) for c in range(KC)]


class Overlay(Solver):
    name = "overlay"
    description = ("input split into equal parts (by separator lines or halves); the output stacks the parts, "
                   "each cell taking the colour of the first non-background part in a fixed priority order")

    def fit(self, examples):
        if len({(i.shape, o.shape) for i, o in examples}) != 1:
            return None
        inp, out = examples[0]
        for KR, KC, g in _layouts(*inp.shape, *out.shape):
            K = KR * KC
            if K > 9 or not _separator_ok(examples, KR, KC, g):
                continue
            parts = [_split_parts(i, KR, KC, g, *o.shape) for i, o in examples]
            order, left = [], list(range(K))
            # greedy priority: the next part is the one whose non-background cells always show in the output
            # among the cells no earlier part covers
            while left:
                pick = None
                for k in left:
                    ok = True
                    for ps, (_, o) in zip(parts, examples):
                        free = np.ones(o.shape, bool)
                        for j in order:
                            free &= ps[j] == 0
                        cells = free & (ps[k] != 0)
                        if not np.array_equal(o[cells], ps[k][cells]):
                            ok = False
                            break
                    if ok:
                        pick = k
                        break
                if pick is None:
                    break
                order.append(pick)
                left.remove(pick)
            if left:
                continue
            good = all(np.array_equal(self._stack(ps, order), o) for ps, (_, o) in zip(parts, examples))
            used = sum(any((ps[k] != 0).any() for ps in parts) for k in range(K))
            if good and used == K and not all(np.array_equal(ps[order[0]], o) for ps, (_, o) in zip(parts, examples)):
                return dict(KR=KR, KC=KC, g=g, H=inp.shape[0], W=inp.shape[1], h=out.shape[0], w=out.shape[1],
                            order=order)
        return None

    @staticmethod
    def _stack(ps, order):
        res = np.zeros_like(ps[0])
        for k in reversed(order):
            res = np.where(ps[k] != 0, ps[k], res)
        return res

    def build(self, p):
        g = Graph()
        KR, KC, gap, h, w, order = p["KR"], p["KC"], p["g"], p["h"], p["w"], p["order"]
        K = KR * KC
        # key of part k at a cell: colour + 10 * (K - rank) when non-background; the max key wins.
        # One Einsum reads every part straight from the input through row/column selection matrices.
        colours = np.arange(10, dtype=np.float32)
        wc = np.zeros((KR, KC, 10), np.float32)
        for rank, k in enumerate(order):
            wc[k // KC, k % KC] = colours + (colours > 0) * 10.0 * (K - rank)
        sr, sc = _selectors(KR, KC, gap, h, w)
        keys = g.Einsum(g.input, g.const(wc), g.const(sr), g.const(sc), equation="bcrs,pqc,pir,qjs->pqij",
                        name="part_keys")
        best = g.ReduceMax(keys, axes=[0, 1], keepdims=0, name="top_key")
        top = g.Cast(best, to=2, name="top_key_u8")
        colour = g.Mod(top, g.const(np.uint8(10)), name="colour")
        y = _render_colour_map(g, colour, h, w)
        return g.model(y)


def _selectors(KR, KC, gap, h, w):
    """Row and column selection matrices that read part (p, q)'s cell (i, j) out of the 30x30 canvas."""
    sr = np.zeros((KR, h, 30), np.float32)
    for r in range(KR):
        sr[r, np.arange(h), r * (h + gap) + np.arange(h)] = 1
    sc = np.zeros((KC, w, 30), np.float32)
    for c in range(KC):
        sc[c, np.arange(w), c * (w + gap) + np.arange(w)] = 1
    return sr, sc


def _render_colour_map(g, colour, h, w):
    """A uint8 [h,w] colour map -> one-hot output (Equal broadcasts it over the ten channels), by the
    cheaper of two renders: one-hot then pad, or pad (255 outside) then one-hot straight into `output`."""
    palette = g.const(np.arange(10, dtype=np.uint8).reshape(1, 10, 1, 1))
    if 20 * h * w <= h * w + 900:
        onehot = g.Equal(colour, palette, name="onehot")
        return g.Pad(g.Cast(onehot, to=2, name="onehot_u8"), g.ints([0, 0, 0, 0, 0, 0, 30 - h, 30 - w]))
    canvas = g.Pad(colour, g.ints([0, 0, 30 - h, 30 - w]), g.const(np.uint8(255)), name="colour_canvas")
    return g.Equal(canvas, palette)


class OddPart(Solver):
    name = "odd_part"
    description = ("input split into equal parts (by separator lines or halves), all alike but one; "
                   "the output is the part that differs from the others")

    def fit(self, examples):
        if len({(i.shape, o.shape) for i, o in examples}) != 1:
            return None
        inp, out = examples[0]
        for KR, KC, g in _layouts(*inp.shape, *out.shape):
            K = KR * KC
            if K < 3 or not _separator_ok(examples, KR, KC, g):
                continue
            ok = True
            for i, o in examples:
                parts = _split_parts(i, KR, KC, g, *o.shape)
                # the squared-colour-distance argmax the graph computes must be unique and be the output
                d = [sum(((p.astype(float) - q) ** 2).sum() for q in parts) for p in parts]
                best = int(np.argmax(d))
                if d.count(d[best]) != 1 or not np.array_equal(parts[best], o):
                    ok = False
                    break
            if ok:
                return dict(KR=KR, KC=KC, g=g, h=out.shape[0], w=out.shape[1])
        return None

    def build(self, p):
        g = Graph()
        KR, KC, gap, h, w = p["KR"], p["KC"], p["g"], p["h"], p["w"]
        K = KR * KC
        sr, sc = _selectors(KR, KC, gap, h, w)
        sr, sc = g.const(sr), g.const(sc)
        colours = g.const(np.arange(10, dtype=np.float32), name="colour_values")
        parts = g.Einsum(g.input, colours, sr, sc, equation="bcrs,c,pir,qjs->pqij", name="part_colours")
        # sum_k' (C_k - C_k')^2 = sum_cells (K C_k^2 - 2 C_k S) + const, S = sum of the parts
        total = g.ReduceSum(parts, axes=[0, 1], keepdims=0, name="colour_sum")
        weight = g.Sub(g.Mul(parts, g.const(np.float32(K)), name="k_times"),
                       g.Mul(total, g.const(np.float32(2)), name="twice_sum"), name="cell_weight")
        dist = g.Einsum(parts, weight, equation="pqij,pqij->pq", name="distance")
        odd = g.Equal(dist, g.ReduceMax(dist, keepdims=1, name="max_distance"), name="is_odd")
        odd = g.Cast(odd, to=1, name="odd_f")
        colour = g.Einsum(parts, odd, equation="pqij,pq->ij", name="odd_colours")
        colour = g.Cast(colour, to=2, name="odd_u8")
        return g.model(_render_colour_map(g, colour, h, w))


class OddBlock(Solver):
    name = "odd_block"
    description = ("input tiled with equal blocks (any number, in any layout); the output is the block whose "
                   "shape (non-background mask) differs from all the others")

    def fit(self, examples):
        if len({o.shape for _, o in examples}) != 1 or len({i.shape for i, _ in examples}) == 1:
            return None          # a fixed layout is odd_part's
        h, w = examples[0][1].shape
        for g in (0, 1):
            ok = lines = True
            for i, o in examples:
                H, W = i.shape
                if (H + g) % (h + g) or (W + g) % (w + g):
                    ok = False
                    break
                KR, KC = (H + g) // (h + g), (W + g) // (w + g)
                if KR * KC < 3:
                    ok = False
                    break
                lines = lines and min(KR, KC) == 1
                parts = _split_parts(i, KR, KC, g, h, w)
                masks = np.stack([(p != 0).ravel() for p in parts]).astype(float)
                # the graph's score: sum_cells M_k (N - 2 S), S = sum of masks; the argmax must be unique
                d = masks @ (len(parts) - 2 * masks.sum(0))
                best = int(np.argmax(d))
                if (d == d[best]).sum() != 1 or not np.array_equal(parts[best], o):
                    ok = False
                    break
            if ok:
                return dict(g=g, h=h, w=w, lines=lines)
        return None

    def candidates(self, examples):
        plan = self.fit(examples)
        if plan is not None:
            yield self.name, self.build(plan)
            if plan["lines"]:   # every layout seen is one row or one column of blocks: a cheaper graph
                yield self.name + "_lines", self.build_lines(plan)

    def build_lines(self, p):
        """Blocks of the first block-row and of the first block-column, each list scored on its own with the
        full squared distance (a list holding only the corner block scores 0, below any real odd block)."""
        g = Graph()
        gap, h, w = p["g"], p["h"], p["w"]
        KR, KC = (30 + gap) // (h + gap), (30 + gap) // (w + gap)
        sr, sc = _selectors(KR, KC, gap, h, w)
        sr0, sc0 = g.const(sr[0]), g.const(sc[0])
        sr, sc = g.const(sr), g.const(sc)
        fg = g.const(np.float32(np.arange(10) > 0), name="is_fg")
        one = g.const(np.float32(1))
        bonus = g.const(np.float32(1e4))
        colours = g.const(np.arange(10, dtype=np.float32), name="colour_values")
        lists = {"row": ("ir,kjs", sr0, sc), "col": ("kir,js", sr, sc0)}
        scores = {}
        for tag, (sub, a, b) in lists.items():
            masks = g.Einsum(g.input, fg, a, b, equation=f"bcrs,c,{sub}->kij", name=f"{tag}_masks")
            exists = g.Min(g.Einsum(g.input, a, b, equation=f"bcrs,{sub}->k", name=f"{tag}_cells"), one,
                           name=f"{tag}_exists")
            total = g.Einsum(masks, exists, equation="kij,k->ij", name=f"{tag}_mask_sum")
            count = g.ReduceSum(exists, keepdims=0, name=f"{tag}_count")
            weight = g.Sub(count, g.Add(total, total, name=f"{tag}_twice"), name=f"{tag}_weight")
            dist = g.Einsum(masks, weight, equation="kij,ij->k", name=f"{tag}_dist_part")
            base = g.Add(g.ReduceSum(total, keepdims=0, name=f"{tag}_sum_all"), bonus, name=f"{tag}_base")
            dist = g.Add(dist, g.Mul(exists, base, name=f"{tag}_offset"), name=f"{tag}_score")
            scores[tag] = dist
        best = g.Max(g.ReduceMax(scores["row"], keepdims=0, name="row_best"),
                     g.ReduceMax(scores["col"], keepdims=0, name="col_best"), name="best")
        picked = []
        for tag, (sub, a, b) in lists.items():
            odd = g.Cast(g.Equal(scores[tag], best, name=f"{tag}_is_odd"), to=1, name=f"{tag}_odd")
            picked.append(g.Einsum(g.input, colours, odd, a, b, equation=f"bcrs,c,k,{sub}->ij",
                                   name=f"{tag}_odd_colours"))
        colour = g.Add(picked[0], picked[1], name="odd_colours")
        return g.model(_render_colour_map(g, g.Cast(colour, to=2, name="odd_u8"), h, w))

    def build(self, p):
        g = Graph()
        gap, h, w = p["g"], p["h"], p["w"]
        KR, KC = (30 + gap) // (h + gap), (30 + gap) // (w + gap)
        sr, sc = _selectors(KR, KC, gap, h, w)
        sr, sc = g.const(sr), g.const(sc)
        fg = g.const(np.float32(np.arange(10) > 0), name="is_fg")
        masks = g.Einsum(g.input, fg, sr, sc, equation="bcrs,c,pir,qjs->pqij", name="block_masks")
        cells = g.Einsum(g.input, sr, sc, equation="bcrs,pir,qjs->pq", name="block_cells")
        exists = g.Min(cells, g.const(np.float32(1)), name="block_exists")
        total = g.Einsum(masks, exists, equation="pqij,pq->ij", name="mask_sum")
        count = g.ReduceSum(exists, keepdims=0, name="block_count")
        weight = g.Sub(count, g.Add(total, total, name="twice_sum"), name="cell_weight")
        dist = g.Einsum(masks, weight, equation="pqij,ij->pq", name="distance")
        # blocks outside the grid must never win
        dist = g.Add(dist, g.Mul(exists, g.const(np.float32(1e4)), name="exists_bonus"), name="score")
        odd = g.Cast(g.Equal(dist, g.ReduceMax(dist, keepdims=0, name="best"), name="is_odd"), to=1, name="odd")
        colours = g.const(np.arange(10, dtype=np.float32), name="colour_values")
        colour = g.Einsum(g.input, colours, odd, sr, sc, equation="bcrs,c,pq,pir,qjs->ij", name="odd_colours")
        return g.model(_render_colour_map(g, g.Cast(colour, to=2, name="odd_u8"), h, w))
