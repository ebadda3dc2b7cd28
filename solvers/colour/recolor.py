"""Colour rules that need a little in-graph arithmetic.

rank_colours: each colour is replaced by what its frequency rank says (the colour of another rank, or a
fixed colour). Graph: colour counts, TopK sorts them, Equal gives every colour its rank slot, and one Einsum
of the input, the slots and a rank-rule table writes `output`.

bar_rank: cells of one colour A form bars, one per column (or row); each bar is recoloured by the rank of
its length among the bars (tallest first) through a fixed rank -> colour table. Graph: per-column counts
(one Einsum), TopK gives the sorted lengths, Equal finds each column's rank, and one Einsum of the input, the
rank one-hots and a rank -> colour table writes `output`.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver


def _bar_ranks(grid, colour, axis):
    """Rank (0 = longest) of each line's count of `colour`, ties sharing the first rank as TopK+Equal does."""
    counts = (grid == colour).sum(axis=axis)
    order = sorted(counts.tolist(), reverse=True)
    return counts, [order.index(c) for c in counts]


class BarRank(Solver):
    name = "bar_rank"
    description = ("bars of one colour (one per column or row) recoloured by the rank of their length "
                   "through a fixed rank-to-colour table")

    def fit(self, examples):
        if not all(i.shape == o.shape for i, o in examples):
            return None
        colours = {int(c) for i, _ in examples for c in np.unique(i)} - {0}
        if len(colours) != 1:
            return None
        a = colours.pop()
        for axis in (0, 1):   # axis 0: count down each column (vertical bars)
            table = {}
            ok = True
            for i, o in examples:
                if not np.array_equal(o == 0, i == 0):
                    ok = False
                    break
                counts, ranks = _bar_ranks(i, a, axis)
                for line, (cnt, rank) in enumerate(zip(counts, ranks)):
                    if cnt == 0:
                        continue
                    cells = o[:, line] if axis == 0 else o[line, :]
                    vals = set(cells[cells != 0].tolist())
                    if len(vals) != 1 or table.setdefault(rank, vals.pop()) not in (cells[cells != 0][0],):
                        ok = False
                        break
                if not ok:
                    break
            if ok and len(set(table.values())) > 1 and table == {r: table[r] for r in range(len(table))}:
                return {"colour": a, "axis": axis, "table": [table[r] for r in range(len(table))]}
        return None

    def build(self, p):
        g = Graph()
        a, table = p["colour"], p["table"]
        ranks = len(table)
        line = "w" if p["axis"] == 0 else "h"
        onehot_a = np.zeros(10, np.float32)
        onehot_a[a] = 1
        sel = g.const(onehot_a, name="bar_colour")
        counts = g.Einsum(g.input, sel, equation=f"bchw,c->{line}", name="bar_length")        # [30]
        lengths = g.Einsum(g.input, sel, equation=f"bchw,c->{line}b", name="bar_length_col")  # [30,1]
        top, _ = g.TopK(counts, g.ints([ranks]), outputs=2, name="top_lengths")              # [R]
        is_rank = g.Cast(g.Equal(lengths, top, name="rank_hit"), to=1, name="rank_onehot")    # [30,R]
        # one extra always-on rank column routes background cells to colour 0
        is_rank = g.Pad(is_rank, g.ints([0, 0, 0, 1]), g.const(np.float32(1)), name="rank_or_bg")  # [30,R+1]
        paint = np.zeros((2, ranks + 1, 10), np.float32)
        paint[0, ranks, 0] = 1
        paint[1, np.arange(ranks), table] = 1
        route = np.zeros((10, 2), np.float32)
        route[0, 0] = 1
        route[a, 1] = 1
        y = g.Einsum(g.input, g.const(route), is_rank, g.const(paint), equation=f"bkhw,kx,{line}r,xrc->bchw")
        return g.model(y)


def _rank_slots(grid):
    """Colour counts sorted high to low (TopK); each present colour holds every slot equal to its count,
    so tied colours share their slots, as Equal against TopK's values does in the graph."""
    counts = np.bincount(grid.ravel(), minlength=10)
    slots = sorted(counts.tolist(), reverse=True)
    return counts, slots, {c: [r for r, v in enumerate(slots) if v == counts[c]] for c in range(10) if counts[c]}


class RankColours(Solver):
    name = "rank_colours"
    description = ("every colour is replaced according to its frequency rank in the grid: by the colour of "
                   "another rank (e.g. swap the commonest and the rarest) or by a fixed colour")

    def fit(self, examples):
        if not all(i.shape == o.shape for i, o in examples):
            return None
        options: dict[int, set] = {}
        for i, o in examples:
            counts, slots, held = _rank_slots(i)
            alone = {s: int(np.argmax(counts == slots[s])) for s in range(10)
                     if slots[s] > 0 and (counts == slots[s]).sum() == 1}      # slot -> its only colour
            for c, rs in held.items():
                outs = set(o[i == c].tolist())
                if len(outs) != 1:
                    return None
                b = outs.pop()
                opts = {("fix", b)} | {("rank", s) for s, col in alone.items() if col == b}
                for r in rs:    # every slot the colour holds must lead to exactly b
                    options[r] = options.get(r, opts) & opts
        n = max(options) + 1 if options else 0
        if any(not options.get(r) for r in range(n)) or n < 2:
            return None
        rules = [sorted(options[r], key=lambda t: (t[0] != "rank", t[1]))[0] for r in range(n)]
        if all(rule == ("rank", r) for r, rule in enumerate(rules)):
            return None          # identity
        return {"rules": rules}

    def build(self, p):
        g = Graph()
        rules = p["rules"]
        n = len(rules)
        as_row = g.Einsum(g.input, equation="bchw->bc", name="counts_row")        # [1,10]
        as_col = g.Einsum(g.input, equation="bchw->cb", name="counts_col")        # [10,1]
        top, _ = g.TopK(as_row, g.ints([n]), outputs=2, name="slot_counts")      # [1,n]
        at_rank = g.Cast(g.Equal(as_col, top, name="slot_hit"), to=1, name="rank_onehot")   # [10(colour), n]
        perm = np.zeros((n, n), np.float32)
        fixed = np.zeros((n, 10), np.float32)
        for r, (kind, v) in enumerate(rules):
            if kind == "rank":
                perm[r, v] = 1
            else:
                fixed[r, v] = 1
        # output channel k of a cell of colour c: sum_r [rank(c)=r] (sum_s perm[r,s] [rank(k)=s] + fixed[r,k]);
        # one Einsum reads the input through it, the fixed part riding on an identity beside the rank one-hots
        if not fixed.any():
            y = g.Einsum(g.input, at_rank, g.const(perm), at_rank, equation="bchw,cr,rs,ks->bkhw")
        elif not perm.any():
            y = g.Einsum(g.input, at_rank, g.const(fixed), equation="bchw,cr,rk->bkhw")
        else:
            targets = g.Concat(at_rank, g.const(np.eye(10, dtype=np.float32), name="eye"), axis=1,
                               name="rank_or_colour")                                   # [10, n+10]
            both = g.const(np.concatenate([perm, fixed], axis=1), name="rank_rules")    # [n, n+10]
            y = g.Einsum(g.input, at_rank, both, targets, equation="bchw,cr,rs,ks->bkhw")
        return g.model(y)


def _components(mask, conn):
    """Component size of every cell of `mask` (0 elsewhere), 4- or 8-connected."""
    H, W = mask.shape
    size = np.zeros(mask.shape, int)
    seen = np.zeros(mask.shape, bool)
    steps = [(-1, 0), (1, 0), (0, -1), (0, 1)] + ([(-1, -1), (-1, 1), (1, -1), (1, 1)] if conn == 8 else [])
    diameter, found = 0, []
    for r in range(H):
        for c in range(W):
            if mask[r, c] and not seen[r, c]:
                stack, cells = [(r, c)], []
                seen[r, c] = True
                while stack:
                    y, x = stack.pop()
                    cells.append((y, x))
                    for dy, dx in steps:
                        yy, xx = y + dy, x + dx
                        if 0 <= yy < H and 0 <= xx < W and mask[yy, xx] and not seen[yy, xx]:
                            seen[yy, xx] = True
                            stack.append((yy, xx))
                for y, x in cells:
                    size[y, x] = len(cells)
                diameter = max(diameter, len(cells))
                found.append(len(cells))
    return size, diameter, sorted(found, reverse=True)


def _rounds(mask, conn):
    """Rounds of max-over-neighbours the graph needs before every object holds its largest id."""
    H, W = mask.shape
    label = (16 * np.arange(H)[:, None] + np.arange(W)[None, :] + 1) * mask
    near = [(0, 1), (1, 0), (1, 2), (2, 1)] + ([(0, 0), (0, 2), (2, 0), (2, 2)] if conn == 8 else [])
    for r in range(H * W):
        p = np.pad(label, 1)
        grown = label.copy()
        for dy, dx in near:
            grown = np.maximum(grown, p[dy:dy + H, dx:dx + W])
        grown *= mask
        if np.array_equal(grown, label):
            return r
        label = grown
    return H * W


def _steps(examples, a, conn, across):
    """Propagation rounds: the most any example needs when many examples need it (the generator's bound),
    else at least a straight line across the grid."""
    need = [_rounds(i == a, conn) for i, _ in examples]
    top = max(need)
    if need.count(top) >= max(3, len(examples) // 20):
        return max(1, top)
    return max(top, across)


class SizeColours(Solver):
    name = "size_colours"
    fit_splits = ("train", "test", "arc-gen")   # the rounds an object needs are read from every example
    description = ("objects of one colour (connected components) recoloured by their size, or by the rank of "
                   "their size, through a fixed table; grids of one fixed size")

    def fit(self, examples):
        plans = self.plans(examples)
        return plans[0] if plans else None

    def plans(self, examples):
        """One plan per connectivity (8, 4) whose size table explains every example."""
        if len(examples) > 8 and not self.plans(examples[:4]):    # fail fast on the first few
            return []
        shapes = {i.shape for i, _ in examples}
        if len(shapes) != 1 or any(i.shape != o.shape for i, o in examples):
            return []
        H, W = shapes.pop()
        if H * W > 254:
            return []
        changed = {int(v) for i, o in examples for v in i[i != o]}
        if len(changed) != 1:
            return []
        a = changed.pop()
        if any(not np.array_equal(i[i != a], o[i != a]) for i, o in examples):
            return []
        plans = []
        # rounds of label propagation: enough for the longest object seen, and for any object no longer
        # than a straight line across the grid (withheld grids may hold bigger objects than the train ones)
        for conn in (8, 4):
            table, ranks, longest, ok, rank_ok = {}, {}, 1, True, H <= 15 and W <= 15
            for i, o in examples:
                size, biggest, found = _components(i == a, conn)
                longest = max(longest, biggest)
                for s, v in zip(size[i == a], o[i == a]):
                    ok = ok and table.setdefault(int(s), int(v)) == v
                    # rank as TopK + first Equal hit give it: equal sizes share the first slot
                    rank_ok = rank_ok and ranks.setdefault(found.index(int(s)), int(v)) == v
            values = list(table.values())
            if ok and len(set(values)) > 1:
                default = max(set(values), key=values.count)      # sizes never seen take the commonest colour
                plans.append(dict(colour=a, conn=conn, H=H, W=W, table=table, default=default,
                                  steps=_steps(examples, a, conn, H + W - 2)))
            if rank_ok and len(set(ranks.values())) > 1 and sorted(ranks) == list(range(len(ranks))):
                plans.append(dict(colour=a, conn=conn, H=H, W=W, ranks=[ranks[r] for r in range(len(ranks))],
                                  steps=_steps(examples, a, conn, H + W - 2)))
        return plans

    def candidates(self, examples):
        for plan in self.plans(examples):
            yield f"{self.name}{plan['conn']}", self.build(plan)

    def build(self, p):
        g = Graph()
        a, H, W, n = p["colour"], p["H"], p["W"], p["H"] * p["W"]
        sr = np.zeros((H, 30), np.float32)
        sr[np.arange(H), np.arange(H)] = 1
        sc = np.zeros((W, 30), np.float32)
        sc[np.arange(W), np.arange(W)] = 1
        base = g.Einsum(g.input, g.const(np.arange(10, dtype=np.float32).reshape(1, 10)), g.const(sr),
                        g.const(sc), equation="bchw,xc,ih,jw->bxij", name="colours")       # [1,1,H,W]
        base = g.Cast(base, to=2, name="colours_u8")
        is_a = g.Equal(base, g.const(np.uint8(a)), name="is_a")                           # [1,1,H,W] bool
        zero, full = g.const(np.uint8(0)), g.const(np.uint8(255))
        packed = H <= 15 and W <= 15      # id = 16 row + col + 1: row and col come back by BitShift / Mod
        if packed:
            ids = (16 * np.arange(H)[:, None] + np.arange(W)[None, :] + 1).astype(np.uint8)
        else:
            ids = np.arange(1, n + 1, dtype=np.uint8).reshape(H, W)
        ids = g.const(ids.reshape(1, 1, H, W), name="cell_ids")
        label = g.Where(is_a, ids, zero, name="label0")
        cap = g.Where(is_a, full, zero, name="inside")
        # every cell of an object takes the largest id of its object: `steps` rounds of max over neighbours
        for t in range(max(1, p["steps"])):
            if p["conn"] == 8:
                grown = g.MaxPool(label, kernel_shape=[3, 3], pads=[1, 1, 1, 1], name=f"grown{t}")
            else:
                grown = g.Max(g.MaxPool(label, kernel_shape=[1, 3], pads=[0, 1, 0, 1], name=f"grown_h{t}"),
                              g.MaxPool(label, kernel_shape=[3, 1], pads=[1, 0, 1, 0], name=f"grown_v{t}"),
                              name=f"grown{t}")
            label = g.Min(grown, cap, name=f"label{t + 1}")
        if "table" in p:
            lut = np.full(n + 1, p["default"], np.uint8)      # every possible size has an entry: no clamping
            for s_, v in p["table"].items():
                lut[s_] = v
            lut = g.const(lut, name="size_to_colour")
        if packed:
            # object size = how many cells share the label: a (row, col) histogram of the labels by
            # MatMulInteger over uint8 one-hots; the size -> colour table is applied per label, then gathered
            flat = g.Reshape(label, g.ints([1, n]), name="label_flat")                      # uint8 [1,n]
            rows = g.BitShift(flat, g.const(np.uint8(4)), direction="RIGHT", name="label_row")
            cols = g.Reshape(g.Mod(flat, g.const(np.uint8(16)), name="label_col"), g.ints([n, 1]), name="label_col_t")
            by_row = g.Cast(g.Equal(g.const(np.arange(H, dtype=np.uint8).reshape(H, 1)), rows, name="row_hit"),
                            to=2, name="row_onehot")                                      # [H,n]
            narrow = "ranks" not in p       # a table: count columns 1..W only, pad the label colours back
            slots = np.arange(16, dtype=np.uint8)
            slots[0] = 255                                  # label 0 (off the objects) is counted nowhere
            if narrow:
                slots = np.arange(1, W + 1, dtype=np.uint8)
            by_col = g.Cast(g.Equal(cols, g.const(slots.reshape(1, -1)), name="col_hit"),
                            to=2, name="col_onehot")                                      # [n,16] or [n,W]
            sizes = g.MatMulInteger(by_row, by_col, name="object_sizes")                  # [H,16] by label
            if "ranks" in p:
                # rank of a label's size among all labels' sizes: TopK, then the first slot holding it
                flat_sizes = g.Reshape(sizes, g.ints([16 * H, 1]), name="sizes_flat")
                top, _ = g.TopK(g.Reshape(sizes, g.ints([1, 16 * H]), name="sizes_row"),
                                g.ints([len(p["ranks"])]), outputs=2, name="top_sizes")   # [1,R]
                hit = g.Cast(g.Equal(flat_sizes, top, name="rank_hit"), to=2, name="rank_hit_u8")   # [16H,R]
                rank = g.ArgMax(hit, axis=1, keepdims=0, name="size_rank")                 # [16H]
                paint = g.Gather(g.const(np.asarray(p["ranks"], np.uint8), name="rank_to_colour"), rank,
                                 axis=0, name="label_colour_flat")
            elif narrow:    # label 16 r + c + 1 reads slot c + 1 of row r: pad one slot left, the rest right
                paint = g.Pad(g.Gather(lut, sizes, axis=0, name="label_colour"),
                              g.ints([0, 1, 0, 15 - W], name="slot_pads"), name="label_colour_slots")   # [H,16]
                paint = g.Reshape(paint, g.ints([16 * H]), name="label_colour_flat")
            else:
                paint = g.Reshape(g.Gather(lut, sizes, axis=0, name="label_colour"), g.ints([16 * H]),
                                  name="label_colour_flat")
            new = g.Gather(paint, g.Cast(label, to=6, name="label_index"), axis=0, name="new_colour")  # [1,1,H,W]
        else:
            root = g.Sub(g.Reshape(g.Cast(label, to=1, name="label_f"), g.ints([1, n]), name="label_row"),
                         g.const(np.float32(1)), name="root")                               # [1,n], -1 off-object
            root_row = g.Floor(g.Div(root, g.const(np.float32(W)), name="root_row_f"), name="root_row")
            root_col = g.Sub(root, g.Mul(root_row, g.const(np.float32(W)), name="root_row_start"), name="root_col")
            by_row = g.Cast(g.Equal(g.const(np.arange(H, dtype=np.float32).reshape(H, 1)), root_row,
                                    name="row_hit"), to=2, name="row_onehot")               # [H,n]
            by_col = g.Cast(g.Equal(g.Reshape(root_col, g.ints([n, 1]), name="root_col_t"),
                                    g.const(np.arange(W, dtype=np.float32).reshape(1, W)), name="col_hit"),
                            to=2, name="col_onehot")                                        # [n,W]
            sizes = g.Reshape(g.MatMulInteger(by_row, by_col, name="object_sizes"), g.ints([n]), name="sizes_flat")
            size = g.Gather(sizes, g.Cast(root, to=6, name="root_index"), axis=0, name="cell_size")   # [1,n]
            new = g.Reshape(g.Gather(lut, size, axis=0, name="new_colour"), g.ints([H, W]), name="new_colour_grid")
        colour = g.Where(is_a, new, base, name="colour_map")                              # [1,1,H,W]
        canvas = g.Pad(colour, g.ints([0, 0, 0, 0, 0, 0, 30 - H, 30 - W]), full, name="colour_canvas")
        return g.model(g.Equal(canvas, g.const(np.arange(10, dtype=np.uint8).reshape(1, 10, 1, 1))))
