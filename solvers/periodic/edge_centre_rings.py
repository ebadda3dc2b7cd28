"""Edge-centre rings: the input shows the innermost few of a set of concentric one-cell square rings, spaced
evenly, around a centre on the grid's edge; the output continues the rings over the whole grid in the same
colour and fills the gaps with a filler colour.

A ring set is (centre row, centre column, spacing k): in doubled coordinates, with the centre block k x k
cells (k = 1 or 2 ...) the cell (h, w) is on a ring when max(|2h - 2row - (k-1)|, |2w - 2col - (k-1)|)
mod 2(k+1) == k+1. Fitting reads each example's ring set off its output; the candidate centres are every
cell of the fewest grid edges that hold all the centres seen, the candidate spacings those seen. Train
alone leaves the edges ambiguous (a corner centre lies on two), so the fit also reads arc-gen.
The rule picks the candidate that contains the most shown cells less the shown cells it misses (the shown
cells must all lie on it) and draws it.

Graph (centres on the top and left edges): a Conv of the background plane with one [S, 2S-1] ring sign kernel
per spacing scores every centre of an edge; the winner's one-hot reads its centre and spacing as numbers and
the ring is computed per cell (a uint8 Max of the row and column reaches, Mod, Equal), decoded by one
zero-point QLinearConv with the ring colour's +1 and the filler's -1 as int8 weights. Otherwise one Einsum reads the background plane on the S x S grid and scores every candidate (a +1 / -1 ring
sign table) against it (+ a per-candidate constant), ArgMax picks one, Gather reads its ring mask from
the table; the ring colour (ReduceMax over the canvas, background masked off) less the filler colour is a
[10] contrast, and one Einsum writes `output`: contrast x the ring's +1 / -1 sign plane, placed by a
[30, S] embedding.
"""
from __future__ import annotations

from itertools import combinations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import same_shape
from ..local._code_decode import decode_signed


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
        table = self._table(plan)
        scores = (shown[None] * (2 * table.astype(int) - 1)).sum(axis=(1, 2))
        best = int(np.argmax(scores))
        ring = table[best]
        if (shown & ~ring).any():
            return None
        return np.where(ring, colour, filler)

    def build(self, plan):
        size, bg, filler, cands = plan
        if any(r != 0 and c != 0 for r, c, _ in cands):
            return self._build_table(plan)
        return self._build_shifted(plan)

    def _build_shifted(self, plan):
        """Centres on the top and left edges only: every ring of a spacing is one [S, 2S-1] sign kernel slid
        along the edge, so a Conv of the background plane scores all the centres of an edge at once; the
        winner's ring is computed from its numbers (`_render_numbers`). Ties go to the first candidate, as ArgMax does: each score less index / 64."""
        size, bg, filler, cands = plan
        s = size
        spacings = sorted({k for _, _, k in cands})
        u = np.arange(s)[:, None]
        v = np.arange(-(s - 1), s)[None, :]
        top = np.array([2 * (np.maximum(abs(2 * u - (k - 1)), abs(2 * v - (k - 1))) % (2 * (k + 1)) == k + 1) - 1
                        for k in spacings], np.float32)[:, None]                  # [K,1,S,2S-1], ring centred (0, c)
        index = {cand: n for n, cand in enumerate(cands)}
        g = Graph()
        bg_plane = g.Slice(g.input, g.ints([bg, 0, 0]), g.ints([bg + 1, s, s]), g.ints([1, 2, 3]), name="bg_plane")
        scores = []
        for edge, kernel, pads in (("top", top, [0, s - 1, 0, s - 1]),
                                   ("left", top.transpose(0, 1, 3, 2), [s - 1, 0, s - 1, 0])):
            # score = sum(sign) - sum(bg sign) - index / 64; missing candidates (and the corner again) -1000
            base = np.full((len(spacings), s), -1000.0, np.float32)
            for kk, k in enumerate(spacings):
                for p in range(s):
                    cand = (0, p, k) if edge == "top" else (p, 0, k)
                    if cand in index and (edge == "top" or p > 0):
                        base[kk, p] = (2 * ring_mask(s, *cand).astype(int) - 1).sum() - index[cand] / 64
            w = g.const(kernel, name=f"{edge}_rings")
            shape = (1, len(spacings), 1, s) if edge == "top" else (1, len(spacings), s, 1)
            conv = g.Conv(bg_plane, w, pads=pads, name=f"{edge}_bg_score")
            scores.append(g.Sub(g.const(base.reshape(shape), name=f"{edge}_base"), conv, name=f"{edge}_score"))
        best = g.Max(*[g.ReduceMax(sc, keepdims=0, name="best_e") for sc in scores], name="best")
        # the winner's ring in numbers: (a, b, period, ring), a and b the centre's doubled coordinates
        # (2 row + k - 1, 2 col + k - 1), period 2 (k + 1), ring k + 1; read off by the one-hot picks
        numbers = []
        for sc, edge in zip(scores, ("top", "left")):
            table = np.zeros((len(spacings), s, 4), np.float32)
            for kk, k in enumerate(spacings):
                for p in range(s):
                    row, col = (0, p) if edge == "top" else (p, 0)
                    table[kk, p] = (2 * row + k - 1, 2 * col + k - 1, 2 * (k + 1), k + 1)
            picked = g.Cast(g.Equal(sc, best, name="picked_b"), to=1, name="picked")
            numbers.append(g.Einsum(picked, g.const(table, name=f"{edge}_numbers"),
                                    equation="bkip,kpq->bq" if edge == "top" else "bkpi,kpq->bq", name="numbers_e"))
        numbers = g.Add(*numbers, name="numbers")                                             # [1,4]
        return self._render_numbers(g, plan, numbers)

    @staticmethod
    def _render_numbers(g, plan, numbers):
        """`output` from the ring's numbers: cell (h, w) is on it when max(|2h - a|, |2w - b|) mod period = ring,
        a uint8 [S,S] plane (2 on the ring, 0 off) decoded by one QLinearConv (zero point 1: +1 / -1, padding 0)
        whose int8 weights are the ring colour's +1 and the filler's -1."""
        size, bg, filler, _ = plan
        s = size
        u8 = lambda t, name: g.Cast(t, to=2, name=name)
        number = lambda q, name: g.Einsum(numbers, g.const(np.eye(4, dtype=np.float32)[q], name=f"pick_{name}"),
                                          equation="bq,q->b", name=name)                          # [1]
        twice = 2 * np.arange(s, dtype=np.float32)
        across = u8(g.Abs(g.Sub(g.const(twice.reshape(s, 1), name="twice_row"), number(0, "a")), name="row_reach_f"),
                    "row_reach")                                                                   # |2h - a| [S,1]
        along = u8(g.Abs(g.Sub(g.const(twice.reshape(1, s), name="twice_col"), number(1, "b")), name="col_reach_f"),
                   "col_reach")                                                                    # |2w - b| [1,S]
        period, ring = u8(number(2, "period_f"), "period"), u8(number(3, "ring_f"), "ring")
        reach = g.Max(across, along, name="reach")                                                 # [S,S] uint8
        on = g.Equal(g.Mod(reach, period, name="phase"), ring, name="on_ring")
        code = g.Where(on, g.const(np.full((1, 1, 1, 1), 2, np.uint8), name="ring_code"),
                       g.const(np.uint8(0), name="filler_code"), name="cell_code")                 # [1,1,S,S]
        keep = np.ones((1, 10), np.float32)
        keep[0, bg] = 0
        fill = np.zeros((1, 10), np.float32)
        fill[0, filler] = 1
        present = g.ReduceMax(g.input, axes=[2, 3], keepdims=0, name="present")                    # [1,10]
        contrast = g.Sub(g.Mul(present, g.const(keep, name="keep"), name="colour"), g.const(fill, name="filler"),
                         name="contrast")
        return g.model(decode_signed(g, code, contrast, (s, s)))

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
