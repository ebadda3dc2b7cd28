"""Marker pile: marker cells beside a solid block fall onto it and stack: on each row/column, the markers
on one side of the block become a pile of as many cells against that side, in a fitted colour.

Graph: the block's first row/column (ArgMax) and extent bound it; per-column counts of markers above
and below it (and per-row counts left and right) come from Einsums with side masks, and each side's
pile is one comparison of the cell index with the bound and the count. One Equal of a per-cell colour
code against channel codes writes the output.

Corner variant (`crop<S>`): the rule on the grid's S x S top-left corner, S the largest side of the fitted
examples (train and arc-gen; the generator draws only 14 x 14 grids). The block's bounds and the markers'
per-side counts come from Einsums of the input (vectors); each axis's piles are one uint8 Where (the count of
the cell's side) and one Less against the cell's distance to the block; the paint overwrites a one-byte cell
code (QuantizeLinear of a dilated 2x2 Conv read of the corner), decoded onto the canvas by `decode_code`.

Band variant (`crop<S>:band`): where every grid is S x S, the block is a band across the grid and the
answers hold only the block's colour and black (4093f84a: a grey band, markers of one colour), no colour code
is read at all. Per axis a cell scores 2 count - 2 distance + 128 (count: the markers on its side of the band
in its cross line; distance to the band, 0 on a band line): grey exactly where it is at least 128. The axis
the band does not cross scores 0 (no markers counted, distances clamped to 64), so one uint8 Add of the two
axes' planes (each a Where of count lines, the other axis's offsets riding on them) is decoded by one
QLinearConv with zero point 127 (grey >= +1, black <= -1, its padding 0): the block colour weighs +1, black -1.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from ..local._code_decode import decode_code
from ._blocks import block_marker_pairs, marker_mask, solid_block
from ._guards import edits_in_place


def _spans(mask: np.ndarray) -> bool:
    """The mask's cells fill whole rows or whole columns of the grid (a band across it)."""
    return bool(mask.any() and (mask.all(axis=0).any() or mask.all(axis=1).any()))


def pile(grid: np.ndarray, block: int, marker: int, paint: int) -> np.ndarray | None:
    """Each side's markers become a pile against the solid block; None for a marker on no side of it."""
    box = solid_block(grid, block)
    if box is None:
        return None
    t, b, l, r = box
    m = marker_mask(grid, block, marker)
    rows, cols = np.arange(grid.shape[0])[:, None], np.arange(grid.shape[1])[None, :]
    beside_rows, beside_cols = (rows >= t) & (rows <= b), (cols >= l) & (cols <= r)
    if (m & ~beside_rows & ~beside_cols).any():
        return None                                   # a diagonal marker: no side to fall to
    up = (m & (rows < t)).sum(0)[None, :]
    down = (m & (rows > b)).sum(0)[None, :]
    left = (m & (cols < l)).sum(1)[:, None]
    right = (m & (cols > r)).sum(1)[:, None]
    paint_at = ((rows < t) & (rows + up >= t)) | ((rows > b) & (rows - down <= b)) \
        | ((cols < l) & (cols + left >= l)) | ((cols > r) & (cols - right <= r))
    return np.where(paint_at, paint, np.where(m, 0, grid))



def _block_bounds(g: Graph, block: int) -> tuple[dict, dict]:
    """{"row": (top, bottom), "col": (left, right)}: [1,1] floats, the block colour's first line and its last
    (first + the cells per line across - 1), from two per-line counts (the block is a solid rectangle); and
    {"row": .., "col": ..}: the most block cells a row / a column holds."""
    first, span = {}, {}
    for tag, spec in (("row", "bkrc,k->br"), ("col", "bkrc,k->bc")):
        count = g.Einsum(g.input, g.floats(np.eye(10)[block]), equation=spec, name=f"block_per_{tag}")
        first[tag] = g.Cast(g.ArgMax(count, axis=1, keepdims=1), to=1, name=f"block_first_{tag}")  # [1,1]
        span[tag] = g.ReduceMax(count, axes=[1], keepdims=1, name=f"block_cells_per_{tag}")
    return ({"row": (first["row"], g.Add(first["row"], g.Sub(span["col"], g.floats(1.0)), name="bottom")),
             "col": (first["col"], g.Add(first["col"], g.Sub(span["row"], g.floats(1.0)), name="right"))}, span)

class MarkerPile(Solver, name="marker_pile", tasks=("task093",), refuses="task250", aliases=("c5_marker_pile",),
                 fit_splits=("train", "arc-gen")):
    """Markers (one colour or all but the block's) fall onto a solid block/band from each side and stack against it as
    piles."""

    def plans(self, examples):
        if not edits_in_place(examples):
            return
        i0, o0 = examples[0]
        for block, marker in block_marker_pairs(i0):
            for paint in sorted({block} | set(o0[o0 > 0].tolist())):
                yield block, marker, paint

    def rule(self, plan, grid):
        return pile(grid, *plan)

    def candidates(self, examples):
        yield from self.with_corner_variant(examples, self.build_corner, square=True)
        plan = self.fit(examples)
        if plan is None:
            return
        block, _, paint = plan
        side = examples[0][0].shape[0]
        if paint == block and side < 30 and all(i.shape == (side, side) for i, _ in examples) \
                and all(set(np.unique(o).tolist()) <= {0, paint} for _, o in examples) \
                and all(_spans(i == block) for i, _ in examples):
            yield f"{self.name}:crop{side}:band", self.build_band(plan, side)

    def build_band(self, plan, s):
        """The rule on S x S grids whose block is a band across the grid and whose answers are the block colour
        and black (see the module docstring)."""
        block, marker, paint = plan
        g = Graph()
        mark_w = marker_mask(np.arange(10), block, marker).astype(np.float32)
        idx = g.floats(np.arange(30).reshape(1, 30))
        bounds, span = _block_bounds(g, block)
        # the column lines 4-D, so the planes come out [1,1,s,s]
        pos = {"row": g.floats(np.arange(s).reshape(s, 1)), "col": g.floats(np.arange(s).reshape(1, 1, 1, s))}
        parts = {}
        for tag, spec, spec_all, axis in (("row", "bkrc,k,br->bc", "bkrc,k->bc", 1),
                                          ("col", "bkrc,k,bc->rb", "bkrc,k->rb", 0)):
            lo, hi = bounds[tag]
            # the markers before the block by a masked Einsum, those after it as all of them less those (the
            # block's own lines hold none)
            ahead = g.Einsum(g.input, g.floats(mark_w), g.Cast(g.Less(idx, lo), to=1), equation=spec,
                             name=f"markers_before_{tag}")                          # [1,30] / [30,1]
            every = g.Einsum(g.input, g.floats(mark_w), equation=spec_all, name=f"markers_{tag}")
            corner = lambda t, name: g.Slice(g.Cast(t, to=2), g.ints([0]), g.ints([s]), g.ints([axis]), name=name)
            before_n = corner(ahead, f"piled_before_{tag}")                            # uint8 [1,s] / [s,1]
            # the block spans the other axis: this axis's lines cross the band (else they all run along it,
            # holding every marker, and count none)
            spans = g.Greater(span[tag], g.floats(s - 0.5), name=f"spans_{tag}")
            after_n = g.Where(spans, g.Sub(corner(every, f"markers_u8_{tag}"), before_n, name=f"beyond_{tag}"),
                              g.const(np.uint8(0), name="none_u8"), name=f"piled_after_{tag}")
            p = pos[tag]
            before = g.Less(p, lo, name=f"before_{tag}")
            # a block line: distance 0 where the block spans the grid's other axis (the band: every cell grey),
            # 255 where it does not (no pile crosses the block)
            block_line = g.Where(spans, g.floats(0.0), g.floats(255.0), name=f"block_line_{tag}")
            distance = g.Where(before, g.Sub(lo, p), g.Where(g.Greater(p, hi), g.Sub(p, hi), block_line))
            # 128 - 2 min(distance, 64): exactly 0 on every line of the axis the band does not cross
            offset = g.Cast(g.Sub(g.floats(128.0), g.Mul(g.Min(distance, g.floats(64.0)), g.floats(2.0))), to=2,
                            name=f"offset_{tag}")
            double = lambda t, name: g.Add(t, t, name=name)
            parts[tag] = (before, double(before_n, f"twice_before_{tag}"), double(after_n, f"twice_after_{tag}"),
                          offset)
        # per cell 2 count - 2 distance + 128 of the axis the band crosses (the other axis adds 0; each axis's
        # offset rides on the other's count lines), read by a QLinearConv with zero point 127: grey (the count
        # reaches the distance) >= +1, black <= -1, the padding 0
        (before_r, up, down, off_r), (before_c, left, right, off_c) = parts["row"], parts["col"]
        piles_rows = g.Where(before_r, g.Add(up, off_c, name="up_line"), g.Add(down, off_c, name="down_line"),
                             name="piles_rows")                                        # [1,1,s,s]
        piles_cols = g.Where(before_c, g.Add(left, off_r, name="left_line"), g.Add(right, off_r, name="right_line"),
                             name="piles_cols")
        code = g.Add(piles_rows, piles_cols, name="cell_code")
        weights = np.zeros((10, 1, 1, 1), np.int8)
        weights[0], weights[paint] = -1, 1
        unit, zero = g.const(np.float32(1), name="unit_scale"), g.const(np.uint8(0), name="zero_point")
        return g.model(g.QLinearConv(code, unit, g.const(np.uint8(127), name="code_zero"),
                                     g.const(weights, name="black_or_block"), unit,
                                     g.const(np.int8(0), name="weight_zero"), unit, zero, pads=[0, 0, 30 - s, 30 - s]))

    def build_corner(self, plan, s):
        """The rule on grids of at most s x s cells (see the module docstring)."""
        block, marker, paint = plan
        g = Graph()
        mark_w = marker_mask(np.arange(10), block, marker).astype(np.float32)
        kernel = np.zeros((1, 10, 2, 2), np.float32)
        kernel[0, :, 0, 0] = np.where(mark_w > 0, 1, np.arange(10) + 1)      # markers turn black
        code = g.Conv(g.input, g.const(kernel, name="colour_w"), g.const(np.array([-1], np.float32)),
                      dilations=[30 - s, 30 - s], name="colour_code")          # colour, -1 outside
        cells = g.QuantizeLinear(code, g.const(np.float32(1), name="unit_scale"), g.const(np.uint8(1)),
                                 name="cells")                                   # colour + 1, 0 outside
        idx = g.floats(np.arange(30).reshape(1, 30))
        bounds, _ = _block_bounds(g, block)
        pos = {"row": g.floats(np.arange(s).reshape(s, 1)), "col": g.floats(np.arange(s).reshape(1, s))}
        along = {"row": "col", "col": "row"}
        piles = []
        for tag, spec, axis in (("row", "bkrc,k,br->bc", 1), ("col", "bkrc,k,bc->rb", 0)):  # piles run along tag
            lo, hi = bounds[tag]
            counts = []
            for side, mask in (("before", g.Less(idx, lo)), ("after", g.Greater(idx, hi))):
                n = g.Einsum(g.input, g.floats(mark_w), g.Cast(mask, to=1), equation=spec,
                             name=f"markers_{side}_{tag}")                         # [1,30] / [30,1]
                counts.append(g.Slice(g.Cast(n, to=2), g.ints([0]), g.ints([s]), g.ints([axis]),
                                      name=f"piled_{side}_{tag}"))                 # uint8 [1,s] / [s,1]
            p = pos[tag]
            before = g.Less(p, lo, name=f"before_{tag}")
            gap = g.Where(before, g.Sub(g.Sub(lo, g.floats(1.0)), p),                     # cells between it
                          g.Where(g.Greater(p, hi), g.Sub(g.Sub(p, hi), g.floats(1.0)), g.floats(255.0)))
            gap = g.Cast(gap, to=2, name=f"gap_{tag}")                                   # 255 beside the block
            n_side = g.Where(before, counts[0], counts[1], name=f"count_{tag}")        # [s,s] uint8
            piles.append(g.Less(gap, n_side, name=f"pile_{tag}"))
        piled = g.Or(piles[0], piles[1], name="piled")
        code = g.Where(piled, g.const(np.uint8(paint + 1)), cells, name="cell_code")
        return g.model(decode_code(g, code, (s, s)))

    def build(self, plan):
        block, marker, paint = plan
        g = Graph()
        bounds, _ = _block_bounds(g, block)
        (top, bottom), (left, right) = bounds["row"], bounds["col"]
        idx = g.floats(np.arange(30).reshape(1, 30))
        mark_w = marker_mask(np.arange(10), block, marker).astype(np.float32)
        marks = g.Einsum(g.input, g.floats(mark_w), equation="bkrc,k->brc", name="markers")
        rows = g.floats(np.arange(30).reshape(30, 1))
        cols = idx
        parts = []
        for tag, lo, hi, spec, along, across in (
                ("col", top, bottom, "brc,br->bc", rows, cols),     # piles above/below, per column
                ("row", left, right, "brc,bc->br", cols, rows)):    # piles left/right, per row
            before = g.Cast(g.Less(idx, lo), to=1, name=f"before_{tag}_block")        # [1,30]
            after = g.Cast(g.Greater(idx, hi), to=1, name=f"after_{tag}_block")
            n_before = g.Einsum(marks, before, equation=spec, name=f"piled_before_{tag}")  # [1,30]
            n_after = g.Einsum(marks, after, equation=spec, name=f"piled_after_{tag}")
            if tag == "row":     # counts per row: lay them along rows
                n_before = g.Transpose(n_before, perm=[1, 0], name="piled_left")
                n_after = g.Transpose(n_after, perm=[1, 0], name="piled_right")
            near = g.And(g.Less(along, lo), g.Less(g.Sub(lo, along), g.Add(n_before, g.floats(0.5))),
                         name=f"pile_before_{tag}")
            far = g.And(g.Greater(along, hi), g.Less(g.Sub(along, hi), g.Add(n_after, g.floats(0.5))),
                        name=f"pile_after_{tag}")
            parts += [near, far]
        piled = g.Or(g.Or(parts[0], parts[1]), g.Or(parts[2], parts[3]), name="piled")     # [30,30]
        weights = np.arange(1, 11, dtype=np.float32)
        weights[mark_w > 0] = 1                               # old marker cells turn black
        code = g.Einsum(g.input, g.floats(weights), equation="bkrc,k->brc", name="colour_code")
        code = g.Where(piled, g.floats(paint + 1.0), code, name="cell_code")
        return g.model(g.Equal(code, g.floats(np.arange(1, 11).reshape(1, 10, 1, 1))))
