"""Block count colour: the input is a grid of k x k blocks (stride s, so separators of width s - k may run
between them); each output cell is the colour a fitted table gives the count of one colour X in the
matching block (e.g. "1 where a block holds exactly two 6s").

Graph: one strided Conv counts X per block, Equal against the counts that change the colour gives a
one-hot (plus an always-on slot for the usual colour), and one Einsum of it, the count -> colour table
and two placement matrices writes `output`.

Variant (one count changes the colour, as in task149): one Einsum sums X over each block's rows and columns
straight from the input ([1,1,oh,ow]), an Equal marks the blocks holding the special count, a Where picks one
of two uint8 colour one-hots ([1,10,oh,ow] uint8) and a Pad writes the uint8 `output`.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import C, N, fixed_out_shape, fixed_shape


def _counts(grid, x, k, s, oh, ow):
    return np.array([[(grid[r * s:r * s + k, c * s:c * s + k] == x).sum() for c in range(ow)] for r in range(oh)])


class BlockCountColour(Solver, name="block_count_colour", tasks=("task149",), refuses="task007",
                       aliases=("c1_block_count",), fit_splits=("train", "arc-gen")):
    """The input is a grid of equal blocks (maybe with separator lines); each output cell is a fixed colour chosen by
    how many cells of one colour its block holds."""

    def plans(self, examples):
        shape, out_shape = fixed_shape(examples), fixed_out_shape(examples)
        if shape is None or out_shape is None:
            return
        (h, w), (oh, ow) = shape, out_shape
        if oh * ow < 2 or (oh, ow) == (h, w) or oh > h or ow > w:
            return
        colours = sorted({int(c) for i, _ in examples[:5] for c in np.unique(i)})
        for s in range(2, 11):
            for k in (s - 1, s):
                if k < 1 or (oh - 1) * s + k > h or (ow - 1) * s + k > w or h - ((oh - 1) * s + k) > s:
                    continue
                for x in colours:
                    plan = self._learn(examples, x, k, s, oh, ow)
                    if plan is not None:
                        yield plan

    @staticmethod
    def _learn(examples, x, k, s, oh, ow):
        """The count -> colour table the examples give (the commonest colour is the default), else None."""
        table = {}
        for i, o in examples:
            for n, v in zip(_counts(i, x, k, s, oh, ow).ravel().tolist(), o.ravel().tolist()):
                if table.setdefault(n, v) != v:
                    return None
        if len(set(table.values())) < 2:
            return None
        vals, freq = np.unique(list(table.values()), return_counts=True)
        return {"x": x, "k": k, "s": s, "oh": oh, "ow": ow,
                "table": [[n, v] for n, v in table.items()], "default": int(vals[freq.argmax()])}

    def rule(self, plan, grid):
        colour = dict((n, v) for n, v in plan["table"])
        counts = _counts(grid, plan["x"], plan["k"], plan["s"], plan["oh"], plan["ow"])
        return np.vectorize(lambda n: colour.get(n, plan["default"]), otypes=[np.int64])(counts)

    def candidates(self, examples):
        plan = self.fit(examples)
        if plan is None:
            return
        yield self.name, self.build(plan)
        if sum(v != plan["default"] for _, v in plan["table"]) == 1:
            yield f"{self.name}:one_count", self.build_one_count(plan)
            yield f"{self.name}:one_count_product", self.build_one_count_product(plan)

    def build_one_count_product(self, plan):
        """One Einsum, the input read twice, scores each block (n cells of X among its K = k*k) with
        (n - m + 1/2) (m + 1/2 - n), > 0 exactly when n is the special count m: each factor is linear in the
        block's cells (X cells weigh one value, the others another, their K cells give the constant), scaled
        by 2K to stay integer. One bias-free 1x1 Conv gives the special colour's channel the score and the
        default's its negation, its padding writing the canvas (a [1,1,oh,ow] score, no Pad or channel span)."""
        x, k, s, oh, ow = plan["x"], plan["k"], plan["s"], plan["oh"], plan["ow"]
        (m, colour), = [(n, v) for n, v in plan["table"] if v != plan["default"]]
        cells = k * k
        rise = np.full(C, -(2 * m - 1), np.float32)         # 2K (n - m + 1/2) summed over the block's cells
        rise[x] += 2 * cells
        fall = np.full(C, 2 * m + 1, np.float32)            # 2K (m + 1/2 - n)
        fall[x] -= 2 * cells
        paint = np.zeros((C, 1, 1, 1), np.float32)          # the score's sign per colour channel
        paint[colour], paint[plan["default"]] = 1, -1

        def blocks(n):                                       # [30, n]: the block each row (column) lies in
            member = np.zeros((N, n), np.float32)
            for b in range(n):
                member[b * s:b * s + k, b] = 1
            return member

        g = Graph()
        rows, cols = g.const(blocks(oh), name="block_rows"), g.const(blocks(ow), name="block_cols")
        scores = g.Einsum(g.input, g.const(rise, name="rise"), rows, cols, g.input, g.const(fall, name="fall"),
                          rows, cols, equation="bcyx,c,yi,xj,deuv,e,ui,vj->bdij",
                          name="block_scores")              # [1,1,oh,ow]: the second read's batch is the channel
        # one bias-free 1x1 Conv signs the score into the two colours' channels, its padding to the canvas
        return g.model(g.Conv(scores, g.const(paint, name="colour_paint"), pads=[0, 0, N - oh, N - ow]))

    def build_one_count(self, plan):
        """Blocks holding the one special count show its colour, the others the default colour."""
        x, k, s, oh, ow = plan["x"], plan["k"], plan["s"], plan["oh"], plan["ow"]
        (count, colour), = [(n, v) for n, v in plan["table"] if v != plan["default"]]

        def blocks(n):                                       # [30, n]: the block each row (column) lies in
            member = np.zeros((N, n), np.float32)
            for b in range(n):
                member[b * s:b * s + k, b] = 1
            return member

        pick = np.zeros((C, 1), np.float32)
        pick[x] = 1
        onehot = lambda c, nm: g.const(np.eye(C, dtype=np.uint8)[c].reshape(1, C, 1, 1), name=nm)
        g = Graph()
        counts = g.Einsum(g.input, g.const(pick, name="count_colour"), g.const(blocks(oh), name="block_rows"),
                          g.const(blocks(ow), name="block_cols"), equation="bcyx,ck,yi,xj->bkij",
                          name="block_counts")                                                   # [1,1,oh,ow]
        special = g.Equal(counts, g.const(np.float32(count), name="special_count"), name="special")
        colours = g.Where(special, onehot(colour, "special_colour"), onehot(plan["default"], "default_colour"),
                          name="block_colours")                                                  # [1,10,oh,ow]
        return g.model(g.Pad(colours, g.ints([0, 0, 0, 0, 0, 0, N - oh, N - ow], name="to_canvas")))

    def build(self, plan):
        x, k, s, oh, ow = plan["x"], plan["k"], plan["s"], plan["oh"], plan["ow"]
        n = (N - k) // s + 1
        default = plan["default"]
        special = sorted((cnt, v) for cnt, v in plan["table"] if v != default)   # counts that change colour
        levels = len(special)
        w = np.zeros((1, C, k, k), np.float32)
        w[0, x] = 1
        table = np.zeros((levels + 1, C), np.float32)       # [level (+ always-on slot), colour]
        for lv, (_, v) in enumerate(special):
            table[lv, v] = 1
            table[lv, default] = -1
        table[levels, default] = 1
        place_r = np.zeros((N, n), np.float32)
        place_r[np.arange(oh), np.arange(oh)] = 1
        place_c = np.zeros((N, n), np.float32)
        place_c[np.arange(ow), np.arange(ow)] = 1
        g = Graph()
        counts = g.Conv(g.input, g.const(w, name="count_kernel"), strides=[s, s], name="block_counts")  # [1,1,n,n]
        values = g.const(np.array([c for c, _ in special], np.float32).reshape(1, levels, 1, 1), name="levels")
        onehot = g.Cast(g.Equal(counts, values, name="is_count"), to=1, name="count_onehot")          # [1,L,n,n]
        onehot = g.Concat(onehot, g.const(np.ones((1, 1, n, n), np.float32), name="always"), axis=1,
                          name="count_slots")
        y = g.Einsum(onehot, g.const(table, name="count_colour"), g.const(place_r, name="place_rows"),
                     g.const(place_c, name="place_cols"), equation="bkyz,kc,iy,jz->bcij")
        return g.model(y)
