"""Hole shape fill: wall-coloured boxes (one in the top half of the grid, one in the bottom half) each
have a background hole; the loose object whose shape is exactly that hole (same pixels up to a shift)
is moved into it: the hole takes the object's colour and the object is erased. Everything else stays.

Shape match without labelling objects: a colour c fits hole k when its pixel count equals the hole's
and some shift lays the hole on c's pixels entirely (the maximum of their cross-correlation equals the
hole's size). The hole is the background inside a box: wall somewhere to its left, right, above and
below. The generator draws distinct object sizes; dust of one further colour could copy a hole's
shape only by chance, and then the rule is ambiguous (the numpy rule answers None).

Graph (on the n x n grid, its colour code read by a dilated corner Conv, uint8 colour planes by Equal): the
hole plane from four uint8 MaxPools of the wall plane (a wall at or above, below, left, right) and the
background; reshaped, its two halves hold the two holes, each moved to the top-left of a 3 x 5 kernel (the box
interiors the generator draws; the rule refuses a larger hole) by one Einsum with one-hot row and column
pickers from its first row and column. One uint8 QLinearConv with them as dynamic kernels correlates every
colour plane with every hole at every shift whose anchor is on the grid (counts fit a byte); ReduceMax ->
match[c, k]. The answer is one uint8 map of colour code + 1 (each colour kept or erased, each hole filled),
decoded onto the canvas by `decode_code`.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_graph import corner_plane
from ..local._code_decode import decode_code
from ._guards import edits_in_place

C = 10
HOLE_ROWS, HOLE_COLS = 3, 5     # generator: boxes 3..5 tall and 5..7 wide, so interiors (holes) fit 3 x 5


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


def _fill(grid, wall, size):
    if grid.shape != (size, size):
        return None
    holes = _holes(grid, wall)
    out = grid.copy()
    half = size // 2
    for band in (slice(0, half), slice(half, size)):
        hole = np.zeros_like(holes)
        hole[band] = holes[band]
        if not hole.any():
            return None
        rows, cols = np.nonzero(hole)
        if np.ptp(rows) >= HOLE_ROWS or np.ptp(cols) >= HOLE_COLS:
            return None                 # a hole larger than the graph's kernel (the generator draws none)
        found = [c for c in range(1, C) if c != wall and _fits(grid == c, hole)]
        if len(found) != 1:
            return None
        out[grid == found[0]] = 0
        out[hole] = found[0]
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

    def build(self, plan):
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
        hole = g.Min(g.Min(sides[0], sides[1], name="walled_rows"), g.Min(sides[2], sides[3], name="walled_cols"),
                     name="walled")
        hole = g.Min(hole, bg_u8, name="hole")                                                  # uint8 [1,1,n,n]
        halves = g.Reshape(hole, g.ints([2, 1, h, n]), name="half_k")                           # the two halves
        # each half's hole moved to the top-left of a HOLE_ROWS x HOLE_COLS kernel (the box interiors the
        # generator draws; the rule refuses a larger hole): one-hot row and column pickers from its first
        # row and column, one Einsum
        picks = []
        for axis, size, span, tag in ((3, h, HOLE_ROWS, "row"), (2, n, HOLE_COLS, "col")):
            first = g.ArgMax(g.ReduceMax(halves, axes=[axis], keepdims=0, name=f"hole_{tag}s"), axis=2, keepdims=1,
                             name=f"hole_first_{tag}")                                           # [2,1,1] int64
            at = g.Add(first, g.const(np.arange(span, dtype=np.int64).reshape(1, span, 1), name=f"{tag}_steps"),
                       name=f"hole_{tag}_at")                                                     # [2,span,1]
            picks.append(g.Cast(g.Equal(at, g.const(np.arange(size, dtype=np.int64).reshape(1, 1, size),
                                                    name=f"{tag}_lines"), name=f"{tag}_pick_b"), to=1,
                                name=f"{tag}_pick"))                                             # [2,span,size]
        kernels = g.Cast(g.Einsum(g.Cast(halves, to=1, name="halves_f"), picks[0], picks[1],
                                  equation="kahw,kih,kjw->kaij", name="hole_kernels_f"), to=2,
                         name="hole_kernels")                                                    # [2,1,HR,HC] u8
        planes = g.Cast(g.Equal(code, g.const(np.arange(2, C + 1, dtype=np.uint8).reshape(C - 1, 1, 1, 1),
                                              name="colour_codes"), name="planes_b"), to=2, name="planes")  # [9,1,n,n]
        one, zero = g.floats(1.0, name="unit_scale"), g.const(np.uint8(0), name="zero_point")
        corr = g.QLinearConv(planes, one, zero, kernels, one, zero, one, zero,
                             pads=[0, 0, HOLE_ROWS - 1, HOLE_COLS - 1], name="corr")           # [9,2,n,n] u8
        best = g.Cast(g.ReduceMax(corr, axes=[2, 3], keepdims=0, name="best_u8"), to=1, name="best")  # [9,2]
        band = np.zeros((2, n), np.float32)
        band[0, :h] = band[1, h:] = 1
        row_cells = g.MatMulInteger(kernels, g.const(np.ones((HOLE_COLS, 1), np.uint8), name="ones"), name="hole_rows")
        size_k = g.Cast(g.ReduceSum(row_cells, axes=[1, 2, 3], keepdims=0, name="hole_size_i"), to=1,
                        name="hole_size")                                                      # [2]
        count = g.Slice(g.ReduceSum(g.input, axes=[0, 2, 3], keepdims=0, name="count10"), g.ints([1]),
                        g.ints([C]), g.ints([0]), name="count")                                 # [9]
        count = g.Reshape(count, g.ints([C - 1, 1]), name="count_c")                            # [9,1]
        # fit: best == size_k == count  <=>  2 best - size_k - count == 0 (best <= both)
        gap = g.Sub(g.Sub(g.Add(best, best, name="twice"), size_k, name="gap1"), count, name="gap")
        ok = g.Cast(g.Equal(gap, g.floats(0.0, name="zero")), to=1, name="fit")
        allowed = np.ones((C - 1, 1), np.float32)
        allowed[wall - 1] = 0
        match = g.Mul(ok, g.const(allowed, name="allowed"), name="match")                       # [9 colour, 2 hole]
        # one map of colour code + 1 on the grid: a colour's cells keep c + 1 or, moved, become background (1);
        # a hole's cells (background, 1) gain the colour that fills it
        value = np.arange(1, C, dtype=np.float32)
        erase = g.ReduceMax(match, axes=[1], keepdims=0, name="erase")                           # [9]
        code_of = g.Sub(g.const(value + 1, name="colour_code"),
                        g.Mul(erase, g.const(value, name="colour_value"), name="moved"), name="code_of")
        fill = g.Einsum(g.const(band, name="bands"), match, g.const(value, name="colour_value"),
                        equation="ki,ck,c->i", name="fill")                                    # [n] per row
        # each cell's kept code + 1 (background 1) by a second corner Conv, its weight computed
        k = 1 if n == 30 else 2
        tap = np.zeros((1, C, k, k), np.float32)
        tap[0, :, 0, 0] = 1
        weight = g.Mul(g.Reshape(g.Concat(g.floats([1.0], name="bg_code"), code_of, axis=0, name="codes_of"),
                                 g.ints([1, C, 1, 1]), name="codes_w"), g.const(tap, name="corner_tap"), name="kept_w")
        kept = g.Conv(g.input, weight, dilations=[max(1, 30 - n)] * 2, name="colour_cells")       # [1,1,n,n]
        base = g.Cast(kept, to=2, name="grid_code_u8")
        filled = g.Mul(hole, g.Cast(g.Reshape(fill, g.ints([1, 1, n, 1]), name="fill_rows"), to=2,
                                    name="fill_rows_u8"), name="filled_cells")
        code = g.Add(base, filled, name="code")                                                 # uint8 [1,1,n,n]
        return g.model(decode_code(g, code, (n, n)))
