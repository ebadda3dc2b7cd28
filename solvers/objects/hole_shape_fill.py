"""Hole shape fill: wall-coloured boxes (one in the top half of the grid, one in the bottom half) each
have a background hole; the loose object whose shape is exactly that hole (same pixels up to a shift)
is moved into it: the hole takes the object's colour and the object is erased. Everything else stays.

Shape match without labelling objects: a colour c fits hole k when its pixel count equals the hole's
and some shift lays the hole on c's pixels entirely (the maximum of their cross-correlation equals the
hole's size). The hole is the background inside a box: wall somewhere to its left, right, above and
below. The generator draws distinct object sizes, but the dust of one further colour can copy a hole's
shape (about 1 in 700 draws). The generator drew the moved object in a region of the box's interior size
(the hole is its top-left-anchored copy, so the region starts at the object's top-left), on the grid and
clear of both boxes and of the other object's region: of a hole's first and last fitting colours, the one
whose region is so placed when only one is; else the first (both: the draw is undecidable, a coin flip
either way; neither: a hand-made example, whose objects lie anywhere).

Graph (on the n x n grid, its colour code read by a dilated corner Conv, uint8 colour planes by Equal): the
hole plane from four uint8 MaxPools of the wall plane (a wall at or above, below, left, right) and the
background; reshaped, its two halves hold the two holes, each moved to the top-left of a 3 x 5 kernel (the box
interiors the generator draws; the rule refuses a larger hole) by one Einsum with one-hot row and column
pickers from its first row and column. One uint8 QLinearConv with them as dynamic kernels correlates every
colour plane with every hole at every shift whose anchor is on the grid (counts fit a byte); ReduceMax ->
match[c, k]. The answer is one uint8 map of colour code + 1 (each colour kept or erased, each hole filled),
decoded onto the canvas by `decode_code`. Ties: each hole's first and last fitting colours (ArgMax both
ways), their regions' ends against the boxes (from the hole's top-left and the wall's runs) and the other
hole's region as interval comparisons on [2 slot, 2 hole] tensors.

The cheaper hash variant (`_match_by_hash`) keeps no colour planes, kernels or correlation: a colour fits a hole
when it spans at most 3 x 5 lines and the sum of 2^(5 r + c) over its cells, (r, c) counted from its first row and
column, equals the hole's (within such a span each cell has its own bit, so equal sums are equal shapes). The
colours' sums come from one Einsum of `input`, their first lines (also the ties' top-left corners) from per-colour
end sums' logarithms; the holes' from their halves.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_graph import corner_plane
from ..local._code_decode import decode_code
from ._guards import edits_in_place

C, N = 10, 30
HOLE_ROWS, HOLE_COLS = 3, 5     # generator: boxes 3..5 tall and 5..7 wide, so interiors (holes) fit 3 x 5


def _end_base(n: int):
    """The base B of the per-colour end sums on an n x n grid (a line holds at most n cells of a colour): B = (n + 1)^2
    puts a line's sum at most half a line from its index in log_B; None where B^(n - 1) leaves float32's range."""
    base = float(n + 1) ** 2
    return base if (n + 1) * base ** (n - 1) < 1e36 else None


def _colour_ends(g, n):
    """(first row, first column, spans fit HOLE_ROWS x HOLE_COLS) per colour, [10] each (an absent colour: first lines
    +inf, no fit). One Einsum of `input` gives sum_k cells(k) B^-k and sum_k cells(k) B^k over rows and columns ([10,4],
    the weights scaled by B^-1/4): the end line's term dominates, so -log_B (log_B) of the sums lies within a quarter
    line of it and rounds to it. The logarithms (|ln| < 80) are cast to float16, whose rounding there (< 0.01 line)
    stays far inside that margin."""
    base = _end_base(n)
    k = np.arange(N)
    on = k < n
    powers = lambda sign: np.where(on, base ** (sign * k.astype(np.float64) - 0.25), 0)
    ones = np.where(on, 1.0, 0)
    rows = np.stack([powers(-1), powers(1), ones, ones], 1).astype(np.float32)                    # [30,4]
    cols = np.stack([ones, ones, powers(-1), powers(1)], 1).astype(np.float32)
    sums = g.Einsum(g.input, g.const(rows, name="end_row_weights"), g.const(cols, name="end_col_weights"),
                    equation="bcij,iz,jz->cz", name="end_sums")                                    # [10,4]
    signs = np.array([-1.0, 1.0, -1.0, 1.0])
    logs = g.Cast(g.Log(sums, name="end_logs"), to=10, name="end_logs16")
    ends = g.Round(g.Mul(logs, g.const((signs / np.log(base)).astype(np.float16), name="end_by_base"),
                         name="end_log_base"), name="ends")                                      # [10,4] float16
    span = np.array([[-1, 0], [1, 0], [0, -1], [0, 1]], np.float16)                              # last - first
    over = g.Sub(g.MatMul(ends, g.const(span, name="end_spans"), name="spans"),
                 g.const(np.float16([HOLE_ROWS - 1, HOLE_COLS - 1]), name="hole_spans"), name="span_over")  # [10,2]
    small = g.LessOrEqual(g.ReduceMax(over, axes=[1], keepdims=0, name="span_over_max"),
                          g.const(np.float16(0), name="zero_h"), name="small_span")               # [10] bool
    first_row = g.Cast(g.Gather(ends, g.ints(0, name="first_row_at"), axis=1, name="first_row16"), to=1,
                       name="first_row")                                                         # [10] float
    first_col = g.Cast(g.Gather(ends, g.ints(2, name="first_col_at"), axis=1, name="first_col16"), to=1,
                       name="first_col")
    return first_row, first_col, small


def _holes(grid, wall):
    w = (grid == wall)
    left = np.cumsum(w, 1) - w > 0
    right = np.cumsum(w[:, ::-1], 1)[:, ::-1] - w > 0
    up = np.cumsum(w, 0) - w > 0
    down = np.cumsum(w[::-1], 0)[::-1] - w > 0
    return (grid == 0) & left & right & up & down


def _fits(mask, hole):
    """True when `mask` is exactly `hole` shifted."""
    if mask.sum() != hole.sum() or not hole.any():
        return False
    (r0, c0), (r1, c1) = np.argwhere(mask).min(0), np.argwhere(hole).min(0)
    shifted = np.zeros_like(mask)
    rs, cs = np.nonzero(hole)
    rs, cs = rs - r1 + r0, cs - c1 + c0
    if rs.max() >= mask.shape[0] or cs.max() >= mask.shape[1]:
        return False
    shifted[rs, cs] = True
    return bool((shifted == mask).all())


def _run(line) -> int:
    """Length of the run of True at the start of `line`."""
    return int(np.argmin(np.append(line, False)))


def _region(grid, wall, hole, colour):
    """Where `colour` lay before it moved into `hole`: the box's interior (its wall a one-cell rectangle
    around the hole's top-left corner, as wide and tall as its wall runs) from the colour's top-left corner.
    As (top, left, bottom, right), ends excluded."""
    t, l = np.argwhere(hole).min(0) - 1
    tall, wide = _run(grid[t:, l] == wall), _run(grid[t, l:] == wall)
    r, c = np.argwhere(grid == colour).min(0)
    return r, c, r + tall - 2, c + wide - 2


def _box(grid, wall, hole):
    """The hole's box as (top, left, bottom, right), ends excluded."""
    t, l = np.argwhere(hole).min(0) - 1
    return t, l, t + _run(grid[t:, l] == wall), l + _run(grid[t, l:] == wall)


def _overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _fill(grid, wall, size):
    if grid.shape != (size, size):
        return None
    holes = _holes(grid, wall)
    out = grid.copy()
    half = size // 2
    bands = []
    for band in (slice(0, half), slice(half, size)):
        hole = np.zeros_like(holes)
        hole[band] = holes[band]
        if not hole.any():
            return None
        rows, cols = np.nonzero(hole)
        if np.ptp(rows) >= HOLE_ROWS or np.ptp(cols) >= HOLE_COLS:
            return None                 # a hole larger than the graph's kernel (the generator draws none)
        bands.append((hole, [c for c in range(1, C) if c != wall and _fits(grid == c, hole)]))
    # dust of one colour can copy a hole's shape (about 1 in 700 draws): the moved object lay in an interior-
    # sized region on the grid, clear of both boxes and of the other object's region; the dust's region can
    # break that (the module docstring says which colour wins)
    boxes = [_box(grid, wall, hole) for hole, _ in bands]
    chosen = []
    for k, (hole, found) in enumerate(bands):
        if not found:
            return None
        other_hole, others = bands[1 - k]
        taken = [_region(grid, wall, other_hole, o) for o in others if len(others) == 1]    # the other object

        def clear(c):
            region = _region(grid, wall, hole, c)
            return (region[2] <= size and region[3] <= size and not any(_overlap(region, b) for b in boxes)
                    and not any(_overlap(region, t) for t in taken))
        first, last = found[0], found[-1]
        chosen.append(last if clear(last) and not clear(first) else first)
    for (hole, _), colour in zip(bands, chosen):
        out[grid == colour] = 0
        out[hole] = colour
    return out


class HoleShapeFill(Solver, name="hole_shape_fill", tasks=("task044",), refuses="task045"):
    """Two wall-coloured boxes (top half, bottom half) each hold a background hole; the loose object whose
    shape is exactly that hole (same pixels up to a shift) moves into it: the hole takes the object's colour
    and the object is erased."""

    def plans(self, examples):
        if not edits_in_place(examples):
            return
        sizes = {i.shape for i, _ in examples}
        if len(sizes) != 1:
            return
        (h, w), = sizes
        if h != w or h % 2:                 # two equal halves
            return
        for wall in range(1, C):
            yield (wall, h)

    def rule(self, plan, grid):
        wall, size = plan
        return _fill(grid, wall, size)

    def candidates(self, examples):
        """The correlation graph, and the cheaper hash graph where the colours' end lines fit float32 (`_colour_ends`)."""
        plan = self.fit(examples)
        if plan is None:
            return
        yield self.name, self.build(plan)
        if _end_base(plan[1]) is not None:
            yield f"{self.name}:hash", self.build(plan, by_hash=True)

    def build(self, plan, by_hash: bool = False):
        wall, n = plan
        h = n // 2                                                                              # each hole in its half
        g = Graph()
        # the colour code + 1 of the n x n grid from one dilated corner Conv; uint8 planes from it
        code = g.Cast(corner_plane(g, np.arange(1, C + 1), (n, n), "code"), to=2, name="code_u8")    # [1,1,n,n]
        plane = lambda v, name: g.Cast(g.Equal(code, g.const(np.uint8(v), name=f"{name}_code"), name=f"{name}_b"),
                                       to=2, name=name)
        bg_u8 = plane(1, "background_u8")
        wall_u8 = plane(wall + 1, "wall_u8")
        # a wall cell at or above / below / left / right of each cell: one uint8 MaxPool each (a hole cell is
        # background, so counting the cell itself changes nothing)
        sides = [g.MaxPool(wall_u8, kernel_shape=k, pads=p, name=name) for k, p, name in
                 (([n, 1], [n - 1, 0, 0, 0], "wall_above"), ([n, 1], [0, 0, n - 1, 0], "wall_below"),
                  ([1, n], [0, n - 1, 0, 0], "wall_left"), ([1, n], [0, 0, 0, n - 1], "wall_right"))]
        hole = g.Min(*sides, bg_u8, name="hole")                                                # uint8 [1,1,n,n]
        halves = g.Reshape(hole, g.ints([2, 1, h, n]), name="half_k")                           # the two halves
        # each half's hole moved to the top-left of a HOLE_ROWS x HOLE_COLS kernel (the box interiors the
        # generator draws; the rule refuses a larger hole): one-hot row and column pickers from its first
        # row and column, one Einsum
        picks, firsts = [], []
        for axis, size, span, tag in ((3, h, HOLE_ROWS, "row"), (2, n, HOLE_COLS, "col")):
            first = g.ArgMax(g.ReduceMax(halves, axes=[axis], keepdims=0, name=f"hole_{tag}s"), axis=2, keepdims=1,
                             name=f"hole_first_{tag}")                                           # [2,1,1] int64
            first = g.Cast(first, to=1, name=f"hole_first_{tag}_f")                             # [2,1,1]
            firsts.append(first)
            if by_hash:
                continue
            at = g.Add(first, g.const(np.arange(span, dtype=np.float32).reshape(1, span, 1), name=f"{tag}_steps"),
                       name=f"hole_{tag}_at")                                                     # [2,span,1]
            picks.append(g.Cast(g.Equal(at, g.const(np.arange(size, dtype=np.float32).reshape(1, 1, size),
                                                    name=f"{tag}_lines"), name=f"{tag}_pick_b"), to=1,
                                name=f"{tag}_pick"))                                             # [2,span,size]
        if not by_hash:
            kernels = g.Cast(g.Einsum(g.Cast(halves, to=1, name="halves_f"), picks[0], picks[1],
                                      equation="kahw,kih,kjw->kaij", name="hole_kernels_f"), to=2,
                             name="hole_kernels")                                                # [2,1,HR,HC] u8
        allowed = np.ones((C - 1, 1), np.float32)
        allowed[wall - 1] = 0
        if by_hash:
            match, colour_firsts = self._match_by_hash(g, halves, firsts, n)
            match = g.Mul(match, g.const(allowed, name="allowed"), name="match")                   # [9 colour, 2 hole]
        else:
            planes = g.Cast(g.Equal(code, g.const(np.arange(2, C + 1, dtype=np.uint8).reshape(C - 1, 1, 1, 1),
                                                  name="colour_codes"), name="planes_b"), to=2, name="planes")
            match = g.Mul(self._match_by_correlation(g, planes, kernels), g.const(allowed, name="allowed"),
                          name="match")                                                          # [9 colour, 2 hole]
            colour_firsts = [g.Cast(g.ArgMax(g.ReduceMax(planes, axes=[axis], keepdims=0, name=f"colour_{tag}s"),
                                             axis=2, keepdims=0, name=f"colour_first_{tag}"), to=1,
                                    name=f"colour_{tag}0") for axis, tag in ((3, "row"), (2, "col"))]   # [9,1] each
        band = np.zeros((2, n), np.float32)
        band[0, :h] = band[1, h:] = 1
        match = self._pick_object(g, match, colour_firsts, wall_u8, firsts, n)
        # one map of colour code + 1 on the grid: a colour's cells keep c + 1 or, moved, become background (1);
        # a hole's cells (background, 1) gain the colour that fills it
        value = np.arange(1, C, dtype=np.float32)
        erase = g.ReduceMax(match, axes=[1], keepdims=0, name="erase")                           # [9]
        code_of = g.Sub(g.const(value + 1, name="colour_code"),
                        g.Mul(erase, g.const(value, name="colour_value"), name="moved"), name="code_of")
        fill = g.Einsum(g.const(band, name="bands"), match, g.const(value, name="colour_value"),
                        equation="ki,ck,c->i", name="fill")                                    # [n] per row
        # each cell's kept code + 1 (background 1) by a second corner read (a 1x1 ConvTranspose cropped by its
        # pads, as `corner_plane`), its [10,1,1,1] weights computed
        weight = g.Reshape(g.Concat(g.floats([1.0], name="bg_code"), code_of, axis=0, name="codes_of"),
                           g.ints([C, 1, 1, 1]), name="codes_w")
        kept = g.ConvTranspose(g.input, weight, pads=[0, 0, 30 - n, 30 - n], name="colour_cells")    # [1,1,n,n]
        base = g.Cast(kept, to=2, name="grid_code_u8")
        filled = g.Mul(hole, g.Cast(g.Reshape(fill, g.ints([1, 1, n, 1]), name="fill_rows"), to=2,
                                    name="fill_rows_u8"), name="filled_cells")
        code = g.Add(base, filled, name="code")                                                 # uint8 [1,1,n,n]
        return g.model(decode_code(g, code, (n, n)))

    @staticmethod
    def _match_by_correlation(g, planes, kernels):
        """[9 colour, 2 hole] 1 where colour c fits hole k: one uint8 QLinearConv correlates every colour plane with every
        hole at every shift whose anchor is on the grid (counts fit a byte); its ReduceMax, the hole's size and the
        colour's count are equal."""
        one, zero = g.floats(1.0, name="unit_scale"), g.const(np.uint8(0), name="zero_point")
        corr = g.QLinearConv(planes, one, zero, kernels, one, zero, one, zero,
                             pads=[0, 0, HOLE_ROWS - 1, HOLE_COLS - 1], name="corr")           # [9,2,n,n] u8
        best = g.ReduceMax(corr, axes=[2, 3], keepdims=0, name="best_u8")                      # [9,2] uint8
        row_cells = g.MatMulInteger(kernels, g.const(np.ones((HOLE_COLS, 1), np.uint8), name="ones"), name="hole_rows")
        size_k = g.ReduceSum(row_cells, axes=[1, 2, 3], keepdims=0, name="hole_size_i")            # [2] int32
        count = g.Slice(g.ReduceSum(g.input, axes=[0, 2, 3], keepdims=0, name="count10"), g.ints([1]),
                        g.ints([C]), g.ints([0]), name="count")                                 # [9]
        count = g.Reshape(count, g.ints([C - 1, 1]), name="count_c")                            # [9,1]
        # fit: best == size_k == count (a hole holds at most HOLE_ROWS x HOLE_COLS cells: best fits a byte)
        return g.Cast(g.And(g.Equal(best, g.Cast(size_k, to=2, name="hole_size_u8"), name="covers"),
                            g.Equal(count, g.Cast(size_k, to=1, name="hole_size"), name="as_many"), name="fits"),
                      to=1, name="fit")

    @staticmethod
    def _match_by_hash(g, halves, hole_firsts, n):
        """([9 colour, 2 hole] 1 where colour c fits hole k, [first row, first column] [9,1] each) without colour
        planes: a colour fits a hole when it spans at most HOLE_ROWS x HOLE_COLS lines and its cells' hash equals
        the hole's. The hash of a shape is the sum of 2^(HOLE_COLS r + c) over its cells (r, c) counted from its first
        row and column: inside such a span every cell has its own power of two, so equal hashes are equal shapes
        (and float32 holds the sum exactly, HOLE_ROWS x HOLE_COLS bits). One Einsum of `input` gives each colour's
        sum of 32^i 2^j (exact where the colour spans so little: its terms lie within 15 bits of each other), scaled
        by 2^-(5 first row + first column); the hole's likewise from its half, the columns' 2^j first (a hole row
        sums to at most 2^n - 1, exact in float16), scaled by its own first row and column."""
        first_row, first_col, spans = _colour_ends(g, n)                                        # [10] each

        def anchored(raw, row0, col0, tag):
            """raw * 2^-(HOLE_COLS row0 + col0)."""
            anchor = g.Add(g.Mul(row0, g.floats(float(HOLE_COLS), name=f"{tag}_row_stride"), name=f"{tag}_anchor_rows"),
                           col0, name=f"{tag}_anchor")
            return g.Mul(raw, g.Pow(g.floats(2.0, name=f"{tag}_two"), g.Neg(anchor, name=f"{tag}_minus_anchor"),
                                    name=f"{tag}_anchor_scale"), name=f"{tag}_hash")

        rows_w = np.where(np.arange(N) < n, 2.0 ** (HOLE_COLS * np.arange(N)), 0).astype(np.float32)
        cols_w = np.where(np.arange(N) < n, 2.0 ** np.arange(N), 0).astype(np.float32)
        raw = g.Einsum(g.input, g.const(rows_w, name="row_powers"), g.const(cols_w, name="col_powers"),
                       equation="bcij,i,j->c", name="colour_raw_hash")                            # [10]
        colour_hash = anchored(raw, first_row, first_col, "colour")                             # [10]
        h = n // 2
        hole_rows = g.Einsum(g.Cast(halves, to=10, name="halves_f16"),
                             g.const(cols_w[:n].astype(np.float16), name="hole_col_powers"),
                             equation="kahw,w->kah", name="hole_row_sums")                       # [2,1,h] float16
        hole_raw = g.Einsum(g.Cast(hole_rows, to=1, name="hole_row_sums_f32"),
                            g.const(rows_w[:h], name="hole_row_powers"), equation="kah,h->ka", name="hole_raw_hash")
        hole_hash = g.Reshape(anchored(hole_raw, g.Reshape(hole_firsts[0], g.ints([2, 1]), name="hole_row0"),
                                       g.Reshape(hole_firsts[1], g.ints([2, 1]), name="hole_col0"), "hole"),
                              g.ints([2]), name="hole_hashes")                                   # [2]
        colour_of = lambda t, name: g.Reshape(g.Slice(t, g.ints([1]), g.ints([C]), g.ints([0]), name=f"{name}_9"),
                                              g.ints([C - 1, 1]), name=name)                     # [9,1]
        same = g.Equal(colour_of(colour_hash, "colour_hash_c"), hole_hash, name="same_hash")       # [9,2]
        fits = g.And(same, colour_of(spans, "small_span_c"), name="fits")
        return g.Cast(fits, to=1, name="fit"), [colour_of(first_row, "colour_row0"), colour_of(first_col, "colour_col0")]

    @staticmethod
    def _pick_object(g, match, colour_firsts, wall_u8, firsts, n):
        """Each hole's colour (as in `_fill`): of its first and last fitting colours, the last when only its region
        (`_region`: the box's interior size from the colour's top-left) lies on the grid, clear of both boxes
        and of the other hole's region (when one colour alone fits that); else the first. The tests compare
        interval ends on [2 slot, 2 hole, 1 or 2 box] tensors."""
        h = n // 2
        lines = g.const(np.arange(n, dtype=np.float32).reshape(1, 1, n), name="line_index")     # [1,1,n]
        top = g.Add(firsts[0], g.floats([[[-1.0]], [[h - 1.0]]], name="box_top_step"),
                    name="box_top")                                                            # [2,1,1]
        left = g.Sub(firsts[1], g.floats(1.0, name="one_f"), name="box_left")
        # a box is as wide as the wall on its top line and as tall as the wall down its left line before the
        # next box's top; [2,1] (hole, 1)
        below = g.Concat(g.Slice(top, g.ints([1]), g.ints([2]), g.ints([0]), name="second_top"),
                         g.floats([[[float(n)]]], name="grid_end"), axis=0, name="next_top")  # [2,1,1]
        span = g.And(g.GreaterOrEqual(lines, top, name="from_top"), g.Less(lines, below, name="before_next"),
                     name="box_rows")                                                          # [2,1,n]
        wall_f = g.Cast(wall_u8, to=1, name="wall_f")                                           # [1,1,n,n]
        on = lambda a, b, name: g.Cast(g.Equal(a, b, name=f"{name}_b"), to=1, name=name)
        wide = g.Einsum(wall_f, on(top, lines, "top_line"), equation="abhw,kzh->kz", name="box_wide")
        tall = g.Einsum(wall_f, g.Cast(span, to=1, name="box_rows_f"), on(left, lines, "left_line"),
                        equation="abhw,kzh,kzw->kz", name="box_tall")
        as_boxes = lambda t, name: g.Reshape(t, g.ints([1, 1, 2]), name=name)                  # box on axis 2
        box_r0, box_c0 = as_boxes(top, "box_top_2"), as_boxes(left, "box_left_2")
        box_r1, box_c1 = g.Add(box_r0, as_boxes(tall, "box_tall_2"), name="box_bottom"), \
            g.Add(box_c0, as_boxes(wide, "box_wide_2"), name="box_right")
        # the two slots: each hole's first and last fitting colour, [2 slot, 2 hole] indices
        first = g.ArgMax(match, axis=0, keepdims=1, name="first_fit")                           # [1,2]
        last = g.ArgMax(match, axis=0, keepdims=1, select_last_index=1, name="last_fit")
        slots = g.Concat(first, last, axis=0, name="slots")                                     # [2,2]
        # each slot colour's top-left [2,2,1]; its region for the hole ends interior-size (box - 2) further on
        r0, c0 = (g.Gather(first, slots, axis=0, name=f"slot_{tag}0") for first, tag in zip(colour_firsts, ("row", "col")))
        two = g.floats(2.0, name="two_f")
        r1 = g.Add(r0, g.Sub(tall, two, name="inner_tall"), name="region_row1")
        c1 = g.Add(c0, g.Sub(wide, two, name="inner_wide"), name="region_col1")
        on_grid = g.LessOrEqual(g.Max(r1, c1, name="region_end"), g.floats(float(n), name="n_f"), name="on_grid")

        def meet(a0, a1, b0, b1, tag):
            """[a0, a1) and [b0, b1) overlap on both axes: a0 < b1 and b0 < a1, rows and columns."""
            return g.And(*[g.And(g.Less(x0, y1, name=f"{tag}_{ax}a"), g.Less(y0, x1, name=f"{tag}_{ax}b"),
                                 name=f"{tag}_{ax}") for x0, x1, y0, y1, ax in
                           ((a0[0], a1[0], b0[0], b1[0], "rows"), (a0[1], a1[1], b0[1], b1[1], "cols"))],
                         name=tag)

        on_box = g.ReduceMax(g.Cast(meet((r0, c0), (r1, c1), (box_r0, box_c0), (box_r1, box_c1), "meets_box"),
                                    to=2, name="meets_box_u8"), axes=[2], keepdims=1, name="meets_a_box")  # [2,2,1]
        # the other hole's region when one colour alone fits it (first slot = last), else an empty one at 0
        alone = g.Cast(g.Equal(first, last, name="alone_b"), to=1, name="alone")                # [1,2]
        swap, slot0 = g.floats([[0, 1], [1, 0]], name="swap"), g.floats([1, 0], name="slot0")
        other = [g.Einsum(t, swap, slot0, alone, equation="sjz,kj,s,yj->kz", name=f"other_{tag}")
                 for t, tag in ((r0, "row0"), (r1, "row1"), (c0, "col0"), (c1, "col1"))]     # [2,1] each
        on_other = meet((r0, c0), (r1, c1), (other[0], other[2]), (other[1], other[3]), "meets_other")  # [2,2,1]
        clear = g.And(g.And(on_grid, g.Not(g.Cast(on_box, to=9, name="meets_a_box_b"), name="off_boxes"),
                            name="placed"), g.Not(on_other, name="off_other"), name="clear_b")
        # the last slot when it alone is clear
        last_only = g.Einsum(g.Cast(clear, to=1, name="clear_f"), g.floats([-1, 1], name="last_minus_first"),
                             equation="skz,s->zk", name="last_only_n")                          # [1,2]
        pick = g.Where(g.Greater(last_only, g.floats(0.0, name="zero_f"), name="last_only"), last, first,
                       name="pick")                                                             # [1,2]
        chosen = g.Equal(g.const(np.arange(C - 1, dtype=np.int64).reshape(C - 1, 1), name="colour_index"), pick,
                         name="chosen_b")
        return g.Mul(match, g.Cast(chosen, to=1, name="chosen"), name="picked")                 # [9,2]
