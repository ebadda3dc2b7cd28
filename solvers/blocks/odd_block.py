"""Odd block: the input is tiled with equal blocks (any number, in any layout, maybe split by 1-wide lines);
the output is the block whose shape (non-background mask) differs from all the others.

Graph: blocks are read through row/column selections over the whole canvas (block x cell-in-block
factors); each block's mask
distance to the others is sum_cells M_k (N - 2 S) (S the summed masks, N the blocks inside the grid),
blocks off the grid never win, and the winner's colours are rendered from a uint8 map. Layouts that
are one row or one column of blocks get a cheaper graph that scores only the first block row and column.

`odd_block_lines:blocksK` scores only the first K blocks of that row and column, K the most blocks in a line
over the train and arc-gen examples (task263's generator draws randint(3, 5) blocks, so K = 5): every
per-block tensor and block selector shrinks from 30 // side to K entries. Exact for every grid of at most K
blocks a line; the build keeps it only if it passes the fresh examples too.

`odd_block_lines:odd_count` is exact where every block has a colour of its own and the odd block's cell count
differs from the others' (they share one shape, so one count): task263's generator draws distinct colours
(random_colors) and redraws the odd shape until its pixel count differs. The odd colour is then the one whose
count stands alone at the top or the bottom of the present counts (the top when the largest count belongs to
one colour only), and one Einsum folds that colour's cells onto the h x w block through cell-in-block row and
column selectors (only the odd block holds the colour). The build keeps it only if it passes the fresh
examples too.
"""
from __future__ import annotations

import numpy as np

from onnx import TensorProto

from neurogolf.graph import Graph

from .. import Solver, corner_extent
from .._common_grids import N
from ._parts import odd_one, render_colour_map, split_parts


def _line_selectors(blocks, gap, size):
    """([blocks, 30] B, [size, 30] S): B[k, r] = 1 where line r is in block k, S[i, r] = 1 where r is
    cell i of its block, so B[k, r] S[i, r] = [r = k (size + gap) + i]: the [blocks, size, 30] selector
    as a product read inside the Einsum, (blocks + size) x 30 weights instead of blocks x size x 30."""
    r = np.arange(N)
    phase = r % (size + gap)
    block = ((r // (size + gap))[None] == np.arange(blocks)[:, None]) & (phase < size)[None]
    cell = phase[None] == np.arange(size)[:, None]
    return block.astype(np.float32), cell.astype(np.float32)


def _tiling(shape, g, h, w):
    """(KR, KC) of a grid tiled by h x w blocks with gap g, else None."""
    H, W = shape
    if (H + g) % (h + g) or (W + g) % (w + g):
        return None
    return (H + g) // (h + g), (W + g) // (w + g)


class OddBlock(Solver, name="odd_block", tasks=("task263",), refuses="task207", fit_splits=("train", "arc-gen")):
    """Input tiled with equal blocks (any number, in any layout); the output is the block whose shape (non-background
    mask) differs from all the others."""

    def plans(self, examples):
        if len({o.shape for _, o in examples}) != 1 or len({i.shape for i, _ in examples}) == 1:
            return          # a fixed layout is odd_part's
        h, w = examples[0][1].shape
        for g in (0, 1):
            tilings = [_tiling(i.shape, g, h, w) for i, _ in examples]
            if all(t is not None and t[0] * t[1] >= 3 for t in tilings):
                yield dict(g=g, h=h, w=w, lines=all(min(t) == 1 for t in tilings))

    def rule(self, plan, grid):
        g, h, w = plan["g"], plan["h"], plan["w"]
        tiling = _tiling(grid.shape, g, h, w)
        if tiling is None:
            return None
        parts = split_parts(grid, *tiling, g, h, w)
        masks = np.stack([(p != 0).ravel() for p in parts]).astype(float)
        # the graph's score: sum_cells M_k (N - 2 S), S = sum of masks
        return odd_one(parts, masks @ (len(parts) - 2 * masks.sum(0)))

    def candidates(self, examples):
        plan = self.fit(examples)
        if plan is not None:
            yield self.name, self.build(plan)
            if plan["lines"]:   # every layout seen is one row or one column of blocks: a cheaper graph
                yield self.name + "_lines", self.build_lines(plan)
                gap, h, w = plan["g"], plan["h"], plan["w"]
                most = max(_tiling(corner_extent(examples), gap, h, w))   # the generator's largest grid
                if most < min((30 + gap) // (h + gap), (30 + gap) // (w + gap)):
                    yield f"{self.name}_lines:blocks{most}", self.build_lines(plan, most)
                yield f"{self.name}_lines:odd_count", self.build_odd_count(plan)

    def build_lines(self, p, most=None):
        """Blocks of the first block-row and of the first block-column, each list scored on its own with the
        full squared distance (a list holding only the corner block scores 0, below any real odd block).
        most: read only the first `most` blocks of each list (exact on grids of at most that many blocks)."""
        g = Graph()
        gap, h, w = p["g"], p["h"], p["w"]
        KR, KC = (30 + gap) // (h + gap), (30 + gap) // (w + gap)
        if most is not None:
            KR, KC = min(KR, most), min(KC, most)
        (br, cr), (bc, cc) = _line_selectors(KR, gap, h), _line_selectors(KC, gap, w)
        br0, bc0 = g.const(br[0], name="first_block_rows"), g.const(bc[0], name="first_block_cols")
        br, cr = g.const(br, name="block_rows"), g.const(cr, name="cell_rows")
        bc, cc = g.const(bc, name="block_cols"), g.const(cc, name="cell_cols")
        fg = g.const(np.float32(np.arange(10) > 0), name="is_fg")
        one = g.const(np.float32(1))
        bonus = g.const(np.float32(1e4))
        colours = g.const(np.arange(10, dtype=np.float32), name="colour_values")
        lists = {"row": ("ir,r,ks,js", (cr, br0, bc, cc)), "col": ("kr,ir,js,s", (br, cr, cc, bc0))}
        scores = {}
        for tag, (sub, sel) in lists.items():
            masks = g.Einsum(g.input, fg, *sel, equation=f"bcrs,c,{sub}->kij", name=f"{tag}_masks")
            exists = g.Min(g.Einsum(g.input, *sel, equation=f"bcrs,{sub}->k", name=f"{tag}_cells"), one,
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
        for tag, (sub, sel) in lists.items():
            odd = g.Cast(g.Equal(scores[tag], best, name=f"{tag}_is_odd"), to=1, name=f"{tag}_odd")
            picked.append(g.Einsum(g.input, colours, odd, *sel, equation=f"bcrs,c,k,{sub}->ij",
                                   name=f"{tag}_odd_colours"))
        colour = g.Add(picked[0], picked[1], name="odd_colours")
        return g.model(render_colour_map(g, g.Cast(colour, to=2, name="odd_u8"), h, w))

    def build_odd_count(self, p):
        """Blocks of one colour each, the odd block's cell count unlike the others' (module docstring):
        the odd colour from the colour counts, its block folded onto h x w by the cell-in-block selectors."""
        g = Graph()
        gap, h, w = p["g"], p["h"], p["w"]
        cell_rows, cell_cols = (np.array([(np.arange(N) % (size + gap)) == i for i in range(size)], np.float32)
                                for size in (h, w))          # every block's cell i, not only the first block's
        fg = np.float32(np.arange(10) > 0)
        counts = g.Mul(g.ReduceSum(g.input, axes=[0, 2, 3], keepdims=0, name="colour_counts"),
                       g.const(fg, name="is_fg"), name="fg_counts")                                     # [10]
        zero = g.const(np.float32(0), name="zero")
        most = g.ReduceMax(counts, keepdims=0, name="most")
        least = g.ReduceMin(g.Where(g.Greater(counts, zero, name="present"), counts,
                                    g.const(np.float32(1e4), name="absent"), name="present_counts"),
                            keepdims=0, name="least")
        at_most = g.ReduceSum(g.Cast(g.Equal(counts, most, name="is_most"), to=TensorProto.FLOAT, name="is_most_f"),
                              keepdims=0, name="most_shared")                 # colours holding the largest count
        odd_count = g.Where(g.Equal(at_most, g.const(np.float32(1), name="one"), name="most_alone"), most, least,
                            name="odd_count")        # the others share one count: the odd one is alone at an end
        odd = g.Where(g.Equal(counts, odd_count, name="is_odd"), g.const(np.arange(10, dtype=np.float32),
                      name="colour_values"), zero, name="odd_colour")                                   # [10]
        colour = g.Einsum(g.input, odd, g.const(cell_rows, name="cell_rows"), g.const(cell_cols, name="cell_cols"),
                          equation="bcrs,c,ir,js->ij", name="odd_colours")                              # [h,w]
        return g.model(render_colour_map(g, g.Cast(colour, to=2, name="odd_u8"), h, w))

    def build(self, p):
        g = Graph()
        gap, h, w = p["g"], p["h"], p["w"]
        KR, KC = (30 + gap) // (h + gap), (30 + gap) // (w + gap)
        (br, cr), (bc, cc) = _line_selectors(KR, gap, h), _line_selectors(KC, gap, w)
        sel = (g.const(br, name="block_rows"), g.const(cr, name="cell_rows"), g.const(bc, name="block_cols"),
               g.const(cc, name="cell_cols"))
        fg = g.const(np.float32(np.arange(10) > 0), name="is_fg")
        masks = g.Einsum(g.input, fg, *sel, equation="bcrs,c,pr,ir,qs,js->pqij", name="block_masks")
        cells = g.Einsum(g.input, *sel, equation="bcrs,pr,ir,qs,js->pq", name="block_cells")
        exists = g.Min(cells, g.const(np.float32(1)), name="block_exists")
        total = g.Einsum(masks, exists, equation="pqij,pq->ij", name="mask_sum")
        count = g.ReduceSum(exists, keepdims=0, name="block_count")
        weight = g.Sub(count, g.Add(total, total, name="twice_sum"), name="cell_weight")
        dist = g.Einsum(masks, weight, equation="pqij,ij->pq", name="distance")
        # blocks outside the grid must never win
        dist = g.Add(dist, g.Mul(exists, g.const(np.float32(1e4)), name="exists_bonus"), name="score")
        odd = g.Cast(g.Equal(dist, g.ReduceMax(dist, keepdims=0, name="best"), name="is_odd"), to=1, name="odd")
        colours = g.const(np.arange(10, dtype=np.float32), name="colour_values")
        colour = g.Einsum(g.input, colours, odd, *sel, equation="bcrs,c,pq,pr,ir,qs,js->ij", name="odd_colours")
        return g.model(render_colour_map(g, g.Cast(colour, to=2, name="odd_u8"), h, w))
