"""Feature table: a fixed-size output chosen from a small table by a summary of the input (its most
frequent colour, its number of colours, its cells, full 2x2 windows or objects of one colour, or, for a
small input of one fixed shape, the pattern of its non-background cells or a product of colour-blind
invariants: cells equal to their transpose, squared colour counts of the diagonal, rows, columns); every key
must be seen, and keys must repeat.

Graph: the feature's one-hot over the table's keys, then either one ConvTranspose of a [K,10,h,w] table
or a Gather of a one-byte colour grid by the key's slot.
"""
from __future__ import annotations

import functools
import itertools

import numpy as np

from neurogolf.graph import Graph

from .._common_graph import counts_node, feature_node, render
from .._common_grids import C, N, fixed_out_shape
from ._corner_features import corner_feature
from ._summary import Readings, feature, in_shape, outputs_repeat, rank_key

# colour-blind invariants of a grid, each a sum over two one-hot copies of the input (no weights):
# cells equal to their transpose, the squared colour counts of the diagonal, of each row, of each column
INVARIANTS = {"sym": "bcij,bcji", "diag": "bcii,bcjj", "rows": "bcij,bcik", "cols": "bcij,bckj"}
BLIND = tuple("blind:" + ".".join(names) for n in range(1, len(INVARIANTS) + 1)
              for names in itertools.combinations(INVARIANTS, n))
FEATURES = ("top_colour", "ncolours", *[f"count{c}" for c in range(C)], "objects", *[f"quad{c}" for c in range(C)],
            "pattern", *BLIND)
PATTERN_CELLS = 20          # the pattern key sums 2^k over at most this many cells: exact in float32


def blind(grid, name, shape) -> int | None:
    """The "blind:<invariants>" key: the product of the named colour-blind invariants (`INVARIANTS`) of a grid
    of the one fixed input shape, as `blind_node` computes it; None for another shape, or where the product
    could pass 2^24 (inexact in float32)."""
    if shape is None or grid.shape != tuple(shape):
        return None
    names = name.split(":")[1].split(".")
    h, w = shape
    bound = {"sym": h * w, "diag": min(h, w) ** 2, "rows": h * w * w, "cols": w * h * h}
    if np.prod([float(bound[n]) for n in names]) >= 2 ** 24:
        return None
    values = _invariants(grid.astype(np.int64).tobytes(), grid.shape)
    return int(np.prod([values[n] for n in names], dtype=np.int64))


@functools.lru_cache(maxsize=4096)
def _invariants(cells: bytes, shape) -> dict:
    """Each `INVARIANTS` value of the grid (its int64 cells as bytes), on its square corner (0 beyond it)."""
    grid = np.frombuffer(cells, np.int64).reshape(shape)
    side = max(shape)
    onehot = np.zeros((C, side, side), np.int64)
    onehot[grid, *np.indices(shape)] = 1
    return {n: int(np.einsum(t.replace("b", "") + "->", onehot, onehot)) for n, t in INVARIANTS.items()}


def blind_node(g, name) -> str:
    """[1] float: the "blind" key in one Einsum of two input copies per invariant (exact integers); each
    invariant's channel and cell subscripts renamed to letters of its own."""
    terms = []
    for t, n in enumerate(name.split(":")[1].split(".")):
        fresh = dict(zip("cijk", "cdef"[t] + "ijklmnopqrstuvwxyz"[3 * t:3 * t + 3]))
        terms.append("".join(fresh.get(ch, ch) for ch in INVARIANTS[n]))
    return g.Einsum(*[g.input] * (2 * len(terms)), equation=",".join(terms) + "->b", name="blind_key")


def pattern(grid, shape) -> int | None:
    """The "pattern" key: which cells of a grid of the one fixed input shape are not background, as the
    bits of a number (cell (i, j) is bit i*w + j); None for another shape."""
    if shape is None or grid.shape != tuple(shape):
        return None
    return int(((grid != 0).ravel() * 2 ** np.arange(grid.size)).sum())


def pattern_node(g, shape) -> str:
    """[1] float: the pattern key in one Einsum, its bit weights separable (2^(w i) for the row, 2^j for the
    column; zero beyond the fixed shape)."""
    h, w = shape
    row_bits = np.where(np.arange(N) < h, 2.0 ** (w * np.arange(N)), 0)
    col_bits = np.where(np.arange(N) < w, 2.0 ** np.arange(N), 0)
    ink = np.r_[0.0, np.ones(C - 1)]
    return g.Einsum(g.input, *(g.const(v.astype(np.float32), name=n) for v, n in
                               ((ink, "ink"), (row_bits, "row_bits"), (col_bits, "col_bits"))),
                    equation="bcij,c,i,j->b", name="pattern")


def symmetric_weights(table, shape) -> np.ndarray | None:
    """For a square fixed shape, a row weight r (r_i = b^i, b = 2..5) whose symmetric cell weights r_i r_j
    still tell the table's patterns apart: one [30] vector then weighs both axes (half the key's weights),
    the key being the hash sum of r_i r_j over the non-background cells. None where no such r is found."""
    h, w = shape
    if h != w:
        return None
    for base in (2, 3, 4, 5):
        r = base ** np.arange(h, dtype=np.int64)
        if (r[-1] ** 2) * h * w >= 2 ** 24:       # exact in float32
            return None
        hashes = {int(_hash(k, r)) for k in table}
        if len(hashes) == len(table):
            return r
    return None


def _hash(key: int, r) -> int:
    """sum of r_i r_j over the cells (i, j) set in the pattern key (cell (i, j) is bit i*h + j)."""
    h = len(r)
    bits = (key >> np.arange(h * h)) & 1
    return int((bits.reshape(h, h) * np.outer(r, r)).sum())


def product_mod(shape, k: int) -> np.ndarray:
    """The grid (row x column) mod k, plus one."""
    r, c = np.indices(shape)
    return (r * c) % k + 1


class FeatureTable(Readings, name="feature_table",
                   tasks=("task038", "task056", "task061", "task167", "task186", "task305", "task334", "task399"),
                   refuses="task103", fit_splits=("train", "test", "arc-gen")):
    """Fixed-size output chosen from a small table by a summary of the input (its most frequent colour, number of
    colours, cells of one colour); every key must be seen."""

    def plans(self, examples):
        shape = fixed_out_shape(examples)
        if shape is None or len(examples) < 3:
            return
        outs = np.stack([o for _, o in examples])
        if not outputs_repeat(outs):
            return
        corner = in_shape(examples)
        for name in FEATURES:
            if name == "pattern" and (corner is None or corner[0] * corner[1] > PATTERN_CELLS):
                continue
            keys = [self.key(i, name, corner) for i, _ in examples]
            if None in keys:
                continue
            uniq, first, inverse = np.unique(np.array(keys), return_index=True, return_inverse=True)
            # a table is a rule only if keys repeat: half as many keys as examples at most
            if 1 < len(uniq) and 2 * len(uniq) <= len(examples) and (outs == outs[first][inverse]).all():
                yield shape, name, {int(k): outs[j] for k, j in zip(uniq, first)}, corner

    def key(self, grid, name, corner):
        if name.startswith("blind"):
            return blind(grid, name, corner)
        return pattern(grid, corner) if name == "pattern" else feature(grid, name, corner)

    def rule(self, plan, grid):
        _, name, table, corner = plan
        return table.get(self.key(grid, name, corner))

    def label(self, plan):
        return plan[1]

    def graphs(self, plan, examples):
        yield "", self.build(plan)
        yield ":gather", self.build(plan, gather=True)
        (h, w), name, table, corner = plan
        colours = [int(table[k][0, 0]) for k in table]
        if (h, w) == (1, 1) and name != "top_colour" and len(set(colours)) == len(colours):
            yield ":cell", self.build_cell(plan)
            r = symmetric_weights(table, corner) if name == "pattern" else None
            if r is not None:
                yield ":cell_symmetric", self.build_cell(plan, r)
        if len(np.unique(np.stack(list(table.values())))) == 2:
            for conv in (False, True):      # placed by the Einsum's identities, or by a padding 1x1 Conv
                suffix = ":conv" if conv else ""
                yield ":signed_hits" + suffix, self.build(plan, signed=True, conv=conv)
                if name == "top_colour" and _one_ink(examples):
                    yield ":signed" + suffix, self.build_signed(plan, conv=conv)
        if name == "ncolours" and all(1 < k and (h - 1) * (k - 1) < 256 and (table[k] == product_mod((h, w), k)).all() for k in table):
            yield ":product_mod", self.build_product_mod(plan)

    def build_product_mod(self, plan):
        """Every table grid is (row x column) mod k, plus one, for its key k (the number of colours): the
        grid is computed, not stored, so any k with (h - 1)(k - 1) < 256 renders (the table only names the
        keys it saw). k as one byte; the row index times the column index mod k (one byte, below 256) and
        that product mod k, padded to the canvas with 255 (no code); one Equal against each channel's code
        (colour c is code c - 1; black none) writes the output."""
        (h, w), name, table, corner = plan
        g = Graph()
        n = g.Cast(feature_node(g, None, name, corner), to=2, name="k_u8")          # [1,1,1,1]
        rows = g.const(np.arange(h, dtype=np.uint8).reshape(1, 1, h, 1), name="row_index")
        cols = g.Mod(g.const(np.arange(w, dtype=np.uint8).reshape(1, 1, 1, w), name="col_index"), n,
                     name="cols_mod")
        code = g.Mod(g.Mul(rows, cols, name="product"), n, name="product_mod")              # [1,1,h,w]
        pads = g.ints([0, 0, 0, 0, 0, 0, N - h, N - w], name="pads")
        canvas = g.Pad(code, pads, g.const(np.uint8(255), name="no_code"), name="code_canvas")
        codes = np.r_[254, np.arange(C - 1)].astype(np.uint8).reshape(1, C, 1, 1)
        return g.model(g.Equal(canvas, g.const(codes, name="codes")))

    def build_signed(self, plan, conv=False):
        """Inputs of one non-background colour k, outputs of two colours: one Einsum writes `output`. The
        input's cells of colour k (a count >= 1) times a [10,h,w] table of +1 / -1 (the grid of key k in
        signs, 0 for a colour no key has; or [K,h,w] for the K keys' colours, picked by a [K,10] one-hot) placed by an [h,30] identity on rows and columns, times +1 / -1
        for the two output colours: the right channel is > 0 on the grid, every channel 0 off it."""
        (h, w), _, table, _ = plan
        g = Graph()
        keys = sorted(table)
        by_key = _signed(table)
        if len(keys) * (C + h * w) < C * h * w:          # the keys' colours picked by a [K,10] one-hot
            pick = g.const(np.eye(C, dtype=np.float32)[keys], name="key_colours")
            signs = np.stack([by_key[k] for k in keys])
            return g.model(_signed_render(g, [g.input, pick], signs, table, "bmij,km", conv))
        signs = np.zeros((C, h, w), np.float32)
        for k, grid in by_key.items():
            signs[k] = grid
        return g.model(_signed_render(g, [g.input], signs, table, "bkij", conv))

    def build_cell(self, plan, symmetric=None):
        """A one-cell output whose colours each answer one key: the feature compared with each colour's key
        (-1, which no feature takes, for a colour no key gives) is the one-hot answer, padded to the canvas.

        symmetric (a pattern key's row weights, `symmetric_weights`): the key is hashed by one weight vector
        on both axes; the table's patterns keep distinct hashes (an unseen pattern may share one)."""
        _, name, table, corner = plan
        g = Graph()
        counts = counts_node(g) if name.startswith("count") else None      # ncolours: presence by ReduceMax
        if symmetric is not None:
            r = np.zeros(N, np.float32)
            r[:len(symmetric)] = symmetric
            ink, r = g.const(np.r_[0.0, np.ones(C - 1)].astype(np.float32), name="ink"), g.const(r, name="row_weights")
            n = g.Einsum(g.input, ink, r, r, equation="bcij,c,i,j->b", name="pattern_hash")
        else:
            n = blind_node(g, name) if name.startswith("blind") else pattern_node(g, corner) if name == "pattern" \
                else corner_feature(g, name, corner) or feature_node(g, counts, name, corner)
        keys = np.full((1, C, 1, 1), -1, np.float32)
        for k, out in table.items():
            keys[0, int(out[0, 0])] = k if symmetric is None else _hash(k, symmetric)
        answer = g.Equal(n, g.const(keys, name="colour_keys"), name="answer")                   # [1,10,1,1]
        return g.model(g.Pad(answer, g.ints([0, 0, 0, 0, 0, 0, N - 1, N - 1], name="pads")))

    def build(self, plan, gather=False, signed=False, conv=False):
        """gather: the key's slot (ArgMax of the hits) Gathers a one-byte colour grid (colour + 1) from a
        [K,1,h,w] table, one-hot by Equal and padded; else one ConvTranspose of a [K,10,h,w] table."""
        (h, w), name, table, corner = plan
        keys = sorted(table)
        g = Graph()
        counts = counts_node(g) if name.startswith(("top_colour", "count")) else None      # ncolours: ReduceMax
        if name == "top_colour":
            # one-hot of the most frequent non-background colour; the table has a row per colour
            key = rank_key(g, counts, counts, "most", True)
            onehot = g.Cast(g.Equal(key, g.ReduceMax(key, axes=[1], keepdims=1, name="best"), name="is_top"),
                            to=1, name="is_top_f")
            # keep only the colours the table knows: an unseen top colour renders nothing (and fails)
            onehot = g.Gather(onehot, g.ints(keys, name="known_colours"), axis=1, name="known_top")
        else:
            n = blind_node(g, name) if name.startswith("blind") else pattern_node(g, corner) if name == "pattern" \
                else corner_feature(g, name, corner) or feature_node(g, counts, name, corner)
            onehot = g.Cast(g.Equal(n, g.const(np.array(keys, np.float32).reshape(1, len(keys), 1, 1),
                                               name="keys"), name="key_hit"), to=1, name="key_hit_f")
        if signed:          # two output colours: the hits times a +1/-1 table, placed by one Einsum
            signs = _signed(table)
            return g.model(_signed_render(g, [onehot], np.stack([signs[k] for k in keys]), table, "bkuv", conv))
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



def _one_ink(examples) -> bool:
    """Every input holds exactly one non-background colour."""
    return all(len(set(np.unique(i).tolist()) - {0}) == 1 for i, _ in examples)


def _signed(table) -> dict:
    """Each key's grid as +1 (the first of the table's two colours, the larger) / -1 (the other)."""
    pos = np.unique(np.stack(list(table.values())))[-1]
    return {k: np.where(grid == pos, 1, -1).astype(np.float32) for k, grid in table.items()}


def _signed_render(g, weights, signs, table, weights_axes, conv=False):
    """`output` from one Einsum: the `weights` nodes (axes `weights_axes`, summing to one [b,k] weight per key,
    >= 0 and > 0 for the answer's key) times the [K,h,w] +1 / -1 `signs`, placed on the canvas by an [h,30] identity on rows and
    columns, times +1 for the larger output colour's channel and -1 for the other's: 0 off the grid.

    conv: the Einsum stops at the signed [1,1,h,w] grid (h w floats where the identities hold 30 h); a 1x1
    Conv paints it into the two channels, its end pads reaching the canvas."""
    pos, neg = np.unique(np.stack(list(table.values())))[::-1]
    _, h, w = signs.shape
    channel = np.zeros(C, np.float32)
    channel[pos], channel[neg] = 1, -1
    if conv:
        grid = g.Einsum(*weights, g.const(signs[:, None], name="key_signs"), equation=f"{weights_axes},kzpq->bzpq",
                        name="signed_grid")                                                      # [1,1,h,w]
        return g.Conv(grid, g.const(channel.reshape(C, 1, 1, 1), name="channel_signs"), kernel_shape=[1, 1],
                      pads=[0, 0, N - h, N - w])
    place = np.eye(max(h, w), N, dtype=np.float32)
    rows = g.const(place[:h], name="place")
    cols = rows if h == w else g.const(place[:w], name="place_cols")
    return g.Einsum(*weights, g.const(signs, name="key_signs"), rows, cols, g.const(channel, name="channel_signs"),
                    equation=f"{weights_axes},kpq,py,qx,c->bcyx")
