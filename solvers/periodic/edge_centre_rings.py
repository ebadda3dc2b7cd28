"""Edge-centre rings: the input shows the innermost few of a set of concentric one-cell square rings, spaced
evenly, around a centre on the grid's edge; the output continues the rings over the whole grid in the same
colour and fills the gaps with a filler colour.

A ring set is (centre row, centre column, spacing k): in doubled coordinates, with the centre block k x k
cells (k = 1 or 2 ...) the cell (h, w) is on a ring when max(|2h - 2row - (k-1)|, |2w - 2col - (k-1)|)
mod 2(k+1) == k+1. Fitting reads each example's ring set off its output; the candidate centres are every
cell of the fewest grid edges that hold all the centres seen, the candidate spacings those seen. Train
alone leaves the edges ambiguous (a corner centre lies on two), so the fit also reads arc-gen.
Centres on the top and left edges (task392's generator): the rule finds the centre by a local template, the
centre block's first column background and its first ring's cells on the grid not (`_template`), which fits
exactly one top centre or left centre below the corner on every grid the generator draws; other edges: the
rule picks the candidate that contains the most shown cells less the shown cells it misses. Either way the
shown cells must all lie on the ring it draws.

Graph (top and left edges, `_build_centre`): the template tested on the background's top three rows and left
three columns by two uint8 QLinearConvs (1 / 0 hits), the winner's reach-table offsets by two MatMulIntegers,
its row and column reaches by two Gathers, their Max Mod M (0 on the ring), and one zero-point QLinearConv
decode. Otherwise one Einsum reads the background plane on the S x S grid and scores every candidate (a +1 / -1 ring
sign table) against it (+ a per-candidate constant), ArgMax picks one, Gather reads its ring mask from
the table; the ring colour (ReduceMax over the canvas, background masked off) less the filler colour is a
[10] contrast, and one Einsum writes `output`: contrast x the ring's +1 / -1 sign plane, placed by a
[30, S] embedding.
"""
from __future__ import annotations

from itertools import combinations

import numpy as np

from onnx import TensorProto

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import same_shape


def ring_mask(size: int, row: int, col: int, k: int) -> np.ndarray:
    h = np.arange(size)[:, None]
    w = np.arange(size)[None, :]
    d = np.maximum(abs(2 * h - 2 * row - (k - 1)), abs(2 * w - 2 * col - (k - 1)))
    return d % (2 * (k + 1)) == k + 1


def _edges(size: int, row: int, col: int) -> set[str]:
    return {e for e, on in (("top", row == 0), ("bottom", row == size - 1), ("left", col == 0),
                             ("right", col == size - 1)) if on}


def _centres(size: int, edges) -> list[tuple[int, int]]:
    cells = []
    for r in range(size):
        for c in range(size):
            if _edges(size, r, c) & set(edges):
                cells.append((r, c))
    return cells


def _fewest_edges(centres: list[set[str]]) -> set[str]:
    """The fewest edges that hold every centre seen (the union of the ties)."""
    names = ("top", "bottom", "left", "right")
    for n in range(1, 5):
        covers = [set(c) for c in combinations(names, n) if all(e & set(c) for e in centres)]
        if covers:
            return set().union(*covers)
    return set(names)

def _template(k: int):
    """(must_bg, must_ring) offsets from a top-edge centre (0, x) with spacing k: the centre block's first
    column (always on the grid) is background, its first ring's cells on the grid are not (cells off the grid
    are free)."""
    must_bg = [(i, 0) for i in range(k)]
    must_ring = [(i, -1) for i in range(k)] + [(i, k) for i in range(k)] + [(k, j) for j in range(-1, k + 1)]
    return must_bg, must_ring


def centre_hits(bg: np.ndarray, spacings) -> list[tuple[int, int, int]]:
    """(row, col, k) of every top-edge centre, and every left-edge centre below the corner, whose template
    `_template(k)` the background mask `bg` fits (the left edge reads the template transposed)."""
    size = bg.shape[0]
    found = []
    for edge in ("top", "left"):
        for k in spacings:
            must_bg, must_ring = _template(k)
            for p in range(size) if edge == "top" else range(1, size):
                cells = [((dy, p + dx) if edge == "top" else (p + dx, dy), want)
                         for offs, want in ((must_bg, True), (must_ring, False)) for dy, dx in offs]
                if all(bg[r, c] == want for (r, c), want in cells if 0 <= r < size and 0 <= c < size):
                    found.append((0, p, k) if edge == "top" else (p, 0, k))
    return found


def _top_left(cands) -> bool:
    return all(r == 0 or c == 0 for r, c, _ in cands)


class EdgeCentreRings(Solver, name="edge_centre_rings", tasks=("task392",), refuses="task243",
                      fit_splits=("train", "arc-gen")):
    """Square grids showing the inner part of evenly spaced concentric one-cell square rings around a centre on
    the grid edge; the output continues the rings over the whole grid and fills the gaps with a filler colour."""

    def plans(self, examples):
        """(size, background, filler, candidates): the grids are S x S, the inputs hold one background and one
        ring colour, the outputs the ring colour and one filler; each output is one ring set whose centre lies
        on an edge; candidates = every centre on the edges seen x every spacing seen."""
        if not same_shape(examples):
            return
        sizes = {i.shape for i, _ in examples}
        if len(sizes) != 1:
            return
        h, w = sizes.pop()
        if h != w:
            return
        size = h
        bgs = {int(np.bincount(i.ravel(), minlength=10).argmax()) for i, _ in examples}
        if len(bgs) != 1:
            return
        bg = bgs.pop()
        fillers, centres, spacings = set(), [], set()
        for inp, out in examples:
            colours = set(np.unique(inp).tolist()) - {bg}
            if len(colours) != 1:
                return
            colour = colours.pop()
            outs = set(np.unique(out).tolist())
            if colour not in outs or len(outs) != 2:
                return
            fillers |= outs - {colour}
            ring = out == colour
            found = [(r, c, k) for k in (1, 2, 3) for r in range(size) for c in range(size)
                     if _edges(size, r, c) and np.array_equal(ring_mask(size, r, c, k), ring)]
            if not found:
                return
            r, c, k = found[0]
            centres.append(_edges(size, r, c))
            spacings.add(k)
        if len(fillers) != 1:
            return
        edges = _fewest_edges(centres)
        cands = tuple((r, c, k) for k in sorted(spacings) for r, c in _centres(size, edges))
        yield size, bg, fillers.pop(), cands

    @staticmethod
    def _table(plan):
        size, _, _, cands = plan
        return np.array([ring_mask(size, r, c, k) for r, c, k in cands])

    def rule(self, plan, grid):
        size, bg, filler, cands = plan
        if grid.shape != (size, size):
            return None
        colours = set(np.unique(grid).tolist()) - {bg}
        if len(colours) != 1 or filler in colours:
            return None
        colour = colours.pop()
        shown = grid != bg
        if _top_left(cands):
            found = centre_hits(grid == bg, sorted({k for _, _, k in cands}))
            if len(found) != 1:
                return None
            ring = ring_mask(size, *found[0])
        else:
            table = self._table(plan)
            scores = (shown[None] * (2 * table.astype(int) - 1)).sum(axis=(1, 2))
            ring = table[int(np.argmax(scores))]
        if (shown & ~ring).any():
            return None
        return np.where(ring, colour, filler)

    def build(self, plan):
        if _top_left(plan[3]):
            return self._build_centre(plan)
        return self._build_table(plan)

    def _build_centre(self, plan):
        """Centres on the top and left edges: the centre block's first column and its first ring are tested
        on the top three rows (every top centre) and the left three columns (every left centre below the
        corner) by one uint8 QLinearConv each, whose output saturates to a 1 / 0 hit; one MatMulInteger per
        edge turns the hits into the first index of the winner's row and column reaches in a [K * (2S-1)]
        reach table (two Gathers read them), scaled per spacing so that one Mod by a common M reads 0 on the
        ring, at least 2 off it. The ring colour's -count and the filler's +1 (a per-channel quantizing zero
        point) decode it by one zero-point QLinearConv."""
        size, bg, filler, cands = plan
        s = size
        spacings = sorted({k for _, _, k in cands})
        deep = max(spacings) + 1                                             # rows (columns) a template reads
        span = 2 * s - 1
        g = Graph()
        unit, zero_u8, zero_i8 = (g.const(np.float32(1), name="unit"), g.const(np.uint8(0), name="zero_u8"),
                                  g.const(np.int8(0), name="zero_i8"))
        kernel = np.zeros((len(spacings), 1, deep, deep + 1), np.int8)         # top centre at column 1
        for kk, k in enumerate(spacings):
            must_bg, must_ring = _template(k)
            for (dy, dx), sign in [(c, 1) for c in must_bg] + [(c, -1) for c in must_ring]:
                kernel[kk, 0, dy, dx + 1] = sign
        bias = g.const((1 - np.array(spacings)).astype(np.int32), name="hit_bias")   # 1 on a full match
        hits = []
        for edge, end, shape, w, pads in (
                ("top", [bg + 1, deep, s], [s], kernel, [0, 1, 0, deep - 1]),
                ("left", [bg + 1, s, deep], [s - 1], kernel.transpose(0, 1, 3, 2), [0, 0, deep - 1, 0])):
            strip = g.Cast(g.Slice(g.input, g.ints([bg, 0, 0], name="strip_start"), g.ints(end, name=f"{edge}_end"),
                                   g.ints([1, 2, 3], name="strip_axes"), name=f"{edge}_bg_f"),
                           to=TensorProto.UINT8, name=f"{edge}_bg")
            hit = g.QLinearConv(strip, unit, zero_u8, g.const(w, name=f"{edge}_template"), unit, zero_i8, unit,
                                zero_u8, bias, pads=pads, name=f"{edge}_hit")        # uint8 [1,K,1,S] / [1,K,S-1,1]
            hits.append((edge, g.Reshape(hit, g.ints([-1], name="flat"), name=f"{edge}_hits")))
        # per hit, the first (row, column) reach in the table: (k's block + S-1 - row, k's block + S-1 - column)
        starts = []
        for edge, hit in hits:
            table = [[kk * span + s - 1 - y, kk * span + s - 1 - x] for kk in range(len(spacings))
                     for y, x in (((0, p) for p in range(s)) if edge == "top" else ((p, 0) for p in range(1, s)))]
            starts.append(g.MatMulInteger(hit, g.const(np.array(table, np.uint8), name=f"{edge}_starts"),
                                          name=f"{edge}_start"))
        row_start, col_start = g.Split(g.Add(*starts, name="starts"), axis=0, outputs=2, name="start")   # int32 [1]
        # reach table: f_k(X) = (M / P)(X + P / 2), X = |2 d - (k - 1)| for d = -(S-1)..S-1, P = 2 (k + 1)
        periods = [2 * (k + 1) for k in spacings]
        m = int(np.lcm.reduce(periods))
        m *= 2 if m // max(periods) < 2 else 1
        d = np.arange(-(s - 1), s)
        reach = np.concatenate([(m // p) * (abs(2 * d - (k - 1)) + p // 2) for k, p in zip(spacings, periods)])
        assert reach.max() < 256
        reach = g.const(reach.astype(np.uint8), name="reach_table")
        step = np.arange(s, dtype=np.int32)
        rows = g.Gather(reach, g.Add(row_start, g.const(step.reshape(1, 1, s, 1), name="down"), name="row_index"),
                        name="row_reach")                                                        # [1,1,S,1]
        cols = g.Gather(reach, g.Add(col_start, g.const(step.reshape(1, 1, 1, s), name="across"), name="col_index"),
                        name="col_reach")                                                        # [1,1,1,S]
        code = g.Mod(g.Max(rows, cols, name="cell_reach"), g.const(np.uint8(m), name="common_period"),
                     name="cell_code")                                                           # 0 on the ring
        # weights: the ring colour's -count (saturated), the filler's +1 (a per-channel zero point), 0 elsewhere
        signs = -np.ones(10, np.float32)
        signs[bg] = 0
        counts = g.Einsum(g.input, g.const(signs, name="colour_signs"),
                          g.const(np.ones((1, 1, 1), np.float32), name="weight_dims"), equation="bchw,c,xyz->cxyz",
                          name="signed_counts")
        filler_one = np.zeros(10, np.int8)
        filler_one[filler] = 1
        weights = g.QuantizeLinear(counts, g.const(np.ones(10, np.float32), name="unit_scales"),
                                   g.const(filler_one, name="filler_one"), axis=0, name="colour_weights")
        return g.model(g.QLinearConv(code, unit, g.const(np.uint8(1), name="one_u8"), weights, unit, zero_i8,
                                     unit, zero_u8,
                                     pads=[0, 0, 30 - s, 30 - s], name="decoded"))

    def _build_table(self, plan):
        size, bg, filler, cands = plan
        s = size
        sign = 2 * self._table(plan).astype(np.float32) - 1                # [T,S,S]: +1 on the ring, -1 off it
        g = Graph()
        embed = g.const(np.eye(30, s, dtype=np.float32), name="embed")     # the S x S grid's cells on the canvas
        # score = sum (1 - bg) sign = sum(sign) - sum(bg sign); the background plane read inside the Einsum
        rings = g.const(sign[:, None], name="ring_signs")                   # [T,1,S,S]
        e = g.Einsum(g.input, g.const(np.eye(10, 1, -bg, dtype=np.float32), name="background"), embed, embed, rings,
                     equation="bkyz,kc,yh,zw,tchw->bt", name="score_e")
        score = g.Sub(g.const(sign.sum(axis=(1, 2))[None], name="score_k"), e, name="score")
        best = g.ArgMax(score, axis=1, keepdims=0, name="best")             # int64 [1]
        ring = g.Gather(rings, best, axis=0, name="ring")                   # [1,1,S,S] +1 / -1
        return self._render(g, plan, ring)

    @staticmethod
    def _render(g, plan, ring):
        """`output` = the ring colour on the ring's +1 cells, the filler on its -1 cells."""
        size, bg, filler, _ = plan
        embed = g.const(np.eye(30, size, dtype=np.float32), name="embed")
        # colour - filler: x ring's +1 / -1 the ring colour is positive on the ring, the filler off it
        keep = np.ones((1, 10), np.float32)
        keep[0, bg] = 0
        present = g.ReduceMax(g.input, axes=[2, 3], keepdims=0, name="present")       # [1,10]
        fill = np.zeros((1, 10), np.float32)
        fill[0, filler] = 1
        contrast = g.Sub(g.Mul(present, g.const(keep, name="keep"), name="colour"), g.const(fill, name="filler"),
                         name="contrast")
        return g.model(g.Einsum(contrast, ring, embed, embed, equation="bc,bkhw,rh,sw->bcrs"))
