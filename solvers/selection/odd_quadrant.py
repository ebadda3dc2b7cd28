"""Odd quadrant: the grid is split in half both ways (optionally by a one-cell separator line); the
output is the quadrant holding the cell whose colour occurs exactly once.

Graph: per-colour counts pick the unique colour, two Einsums with it give the row and column profiles of its
cell, ArgMax finds its row and column, and one GridSample (nearest, `sample_lines`) reads the quadrant straight
into the output.

Cheaper variant (`odd_quadrant:crop<q>`) on the examples' largest side S (fitted on train and arc-gen, so the
extent is the generator's: task065's grids are at most 15 a side): quadrants are at most q = (S - gap) / 2 a
side, so the GridSample reads a q x q corner, padded to the canvas by the last op.

Code variant (`odd_quadrant:code<q>`, the same corners): the GridSample reads a one-channel colour code
(colour + 1, 0 outside the grid) of the S x S input corner (one dilated Conv) instead of the ten channels, and
one Equal decodes the q x q window (bool) before the Pad.

Square variant (`odd_quadrant:square<q>`, when every example is square, as task065's generator draws them):
the code variant with the side from the cell count (a Sqrt) and the sampling grid from three scalars, no
[30] profiles, ArgMax or per-axis integer arithmetic; the sampled q x q code, cast to one byte, is decoded by one
padding QLinearConv straight into `output` (`decode_code`) instead of a ten-channel Equal and a Pad.

Dot variant (`odd_quadrant:dot<q>`, square grids whose every example quadrant is the majority colour but for the
odd cell, as task065's generator draws them): no sampling at all; the majority colour's code fills an h x h square
and the odd cell's code sits at its place within its quadrant, decoded by one zero-point QLinearConv whose int8
weights are the two colours' signs (`build_dot`)."""
from __future__ import annotations

import numpy as np
from onnx import TensorProto

from neurogolf.graph import Graph

from .. import Solver
from .._common_graph import corner_plane, last_index
from .._common_grids import N
from ..local._code_decode import decode_code, decode_signed
from ._once import once_colours
from ._sample_grid import sample_lines


def odd_quadrant(grid: np.ndarray, gap: int) -> np.ndarray | None:
    H, W = grid.shape
    if (H - gap) % 2 or (W - gap) % 2 or H < 2 + gap or W < 2 + gap:
        return None
    cnt = np.bincount(grid.ravel(), minlength=10)
    cells = np.argwhere(np.isin(grid, [c for c in range(10) if cnt[c] == 1]))
    if len(cells) != 1:
        return None
    (r, c), h, w = cells[0], (H - gap) // 2, (W - gap) // 2
    r0, c0 = (h + gap if r >= h else 0), (w + gap if c >= w else 0)
    return grid[r0:r0 + h, c0:c0 + w]


def plain_quadrant(grid: np.ndarray, out: np.ndarray) -> bool:
    """Whether `out` is one colour, the grid's most common, but for the grid's odd cell (a colour occurring once),
    alone in it: the quadrants the generator draws are background but for the dot (one cell: the dot alone)."""
    cnt = np.bincount(grid.ravel(), minlength=10)
    odd = [c for c in range(10) if cnt[c] == 1]
    if len(odd) != 1 or (out == odd[0]).sum() != 1:
        return False
    rest = out[out != odd[0]]
    return rest.size == 0 or bool((rest == int(cnt.argmax())).all()) and list(cnt).count(cnt.max()) == 1


class OddQuadrant(Solver, name="odd_quadrant", tasks=("task065",), refuses="task178", aliases=("c3_oddquadrant",),
                  fit_splits=("train", "arc-gen")):
    """Grid split in four quadrants (halves both ways, maybe by separator lines); output = the quadrant containing the
    one cell whose colour occurs only once."""

    def plans(self, examples):
        yield from (1, 0)

    def rule(self, gap, grid):
        return odd_quadrant(grid, gap)

    def candidates(self, examples):
        gap = self.fit(examples)
        if gap is None:
            return
        yield self.name, self.build(gap)
        side = (max(max(i.shape) for i, _ in examples) - gap) // 2
        if side < N:
            yield f"{self.name}:crop{side}", self.build(gap, side)
            corner = max(max(i.shape) for i, _ in examples)
            yield f"{self.name}:code{side}", self.build(gap, side, corner)
            if all(i.shape[0] == i.shape[1] for i, _ in examples):
                yield f"{self.name}:square{side}", self.build_square(gap, side, corner)
                if all(plain_quadrant(i, o) for i, o in examples):
                    yield f"{self.name}:dot{side}", self.build_dot(gap, side)

    def build_dot(self, gap, side):
        """Square grids whose quadrants are plain (see `plain_quadrant`): the answer is drawn, not read. The odd
        cell's row and column (two Einsums) less its quadrant's start place the dot; a side-h square of the
        majority colour's code holds it; one zero-point QLinearConv (int8 weights +1 the dot's colour, -1 the
        majority's) writes that one-byte side x side code (2 / 0 / 1 for none) into `output`."""
        g = Graph()
        counts = g.ReduceSum(g.input, axes=[2, 3], keepdims=1, name="colour_counts")           # [1,10,1,1]
        once = g.Cast(g.Equal(counts, g.floats(np.ones(1), name="one"), name="single"), to=TensorProto.FLOAT,
                      name="once")
        most = g.Cast(g.Equal(counts, g.ReduceMax(counts, keepdims=1, name="top_count"), name="majority"),
                      to=TensorProto.FLOAT, name="most")
        extent = g.Sqrt(g.ReduceSum(g.input, keepdims=0, name="cell_count"), name="grid_side")         # H
        half = g.Mul(g.Sub(extent, g.floats(gap, name="gap"), name="span"), g.floats(0.5, name="half_w"),
                     name="half")                                                                    # h
        second = g.Add(half, g.floats(gap, name="gap_f"), name="second_start")
        masks = []
        for label, term, shape in (("row", "i", (1, 1, side, 1)), ("col", "j", (1, 1, 1, side))):
            at = g.Einsum(g.input, once, g.floats(np.arange(N), name=f"{label}_index"),
                          equation=f"bcij,bcxy,{term}->", name=f"odd_{label}")
            start = g.Where(g.Less(at, half, name=f"{label}_first"), g.floats(0, name="zero_f"), second,
                            name=f"{label}_start")
            local = g.Sub(at, start, name=f"{label}_local")
            line = g.floats(np.arange(side).reshape(shape), name=f"{label}_line")
            masks.append((g.Less(line, half, name=f"{label}_kept"), g.Equal(line, local, name=f"{label}_hit")))
        # codes 2 (the dot), 0 (the plain colour), 1 (no cell): zero point 1 reads them +1 / -1 / 0, as it reads
        # the padding; the int8 weights are +1 for the dot's colour, -1 for the majority's
        none, plain_code = g.const(np.uint8(1), name="none"), g.const(np.uint8(0), name="plain_code")
        plain_rows = g.Where(masks[0][0], plain_code, none, name="plain_rows")                # [1,1,side,1]
        plain = g.Where(masks[1][0], plain_rows, none, name="plain")
        dot = g.And(masks[0][1], masks[1][1], name="dot")
        code = g.Where(dot, g.const(np.uint8(2), name="dot_code"), plain, name="quadrant_code")
        return g.model(decode_signed(g, code, g.Sub(once, most, name="dot_less_plain"), (side, side)))

    def build_square(self, gap, side, corner):
        """The code variant for square grids (side H from the cell count), with the sampling grid built from
        scalars: the odd cell's (2 col + 1 + gap, 2 row + 1 + gap) from two Einsums, its quadrant is the second
        along an axis iff that exceeds H (the rule's r >= h, h = (H - gap) / 2), which starts at (H + gap) / 2;
        output lines x >= h (2x + gap >= H) are pushed off the code, where GridSample reads zeros."""
        g = Graph()
        once = once_colours(g)
        weight = g.floats(2 * np.arange(N) + 1 + gap, name="twice_line")
        odd = g.Concat(*(g.Einsum(g.input, once, weight, equation=f"bcij,bcxy,{term}->b", name=f"odd_{label}")
                         for label, term in (("col", "j"), ("row", "i"))), axis=0, name="odd_cell")      # [2]
        cells = g.ReduceSum(g.input, keepdims=0, name="cell_count")
        extent = g.Sqrt(cells, name="grid_side")                                                         # H
        step = 2 / (corner - 1)
        second = g.Add(g.Mul(extent, g.floats(step / 2, name="half_step"), name="half_side"),
                       g.floats(gap * step / 2 - 1, name="second_origin"), name="second_start")
        origin = g.Cast(g.Where(g.Greater(odd, extent, name="second_half"), second, g.floats(-1, name="first_start"),
                                name="start"), to=TensorProto.FLOAT16, name="start16")                   # [2] (x, y)
        away = g.const(np.float16(8), name="away")
        parts = []
        for label, shape, unit in (("col", (1, 1, side, 1), [1, 0]), ("row", (1, side, 1, 1), [0, 1])):
            lines = np.arange(side, dtype=np.float32).reshape(shape)
            kept = g.Less(g.floats(2 * lines + gap, name=f"{label}_twice"), extent, name=f"{label}_kept")
            coord = g.const((lines * step * np.array(unit)).astype(np.float16), name=f"{label}_coord")
            if label == "col":
                coord = g.Add(coord, origin, name="col_origin")
            parts.append(g.Where(kept, coord, away, name=f"{label}_sample"))
        grid = g.Add(parts[0], parts[1], name="sample_grid")                                     # [1,side,side,2]
        code = corner_plane(g, np.arange(1, 11), (corner, corner), "code", weight_name="code_tap")
        window = g.GridSample(code, grid, mode="nearest", align_corners=1, padding_mode="zeros")
        window_code = g.Cast(window, to=TensorProto.UINT8, name="window_code")
        return g.model(decode_code(g, window_code, (side, side)))

    def build(self, gap, side=N, corner=None):
        """side < 30: the quadrant is read into a side x side corner, padded to the canvas by the last op;
        corner: read from the colour code of the input's corner x corner corner (see the module docstring)."""
        g = Graph()
        once = once_colours(g)
        parts = []
        for axis, label, shape, term in ((2, "row", (1, side, 1, 1), "i"), (3, "col", (1, 1, side, 1), "j")):
            profile = g.Einsum(g.input, once, equation=f"bcij,bcxy->{term}", name=f"odd_{label}s")   # [30]
            where = g.ArgMax(profile, axis=0, keepdims=1, name=f"odd_{label}")                       # [1]
            extent = g.Add(last_index(g, axis), g.ints([1], name="one_i"), name=f"{label}_extent")
            half = g.Div(g.Sub(extent, g.ints([gap], name="gap"), name=f"{label}_span"), g.ints([2], name="two"),
                         name=f"{label}_half")
            second = g.Cast(g.Not(g.Less(where, half, name=f"{label}_first"), name=f"{label}_second"),
                            to=TensorProto.FLOAT, name=f"{label}_second_f")
            start = g.Mul(second, g.Cast(g.Add(half, g.ints([gap], name="gap"), name=f"{label}_next"),
                                         to=TensorProto.FLOAT, name=f"{label}_next_f"), name=f"{label}_start")
            source = g.Add(g.const(np.arange(side, dtype=np.float32).reshape(shape), name=f"{label}_line"), start,
                           name=f"{label}_source")
            kept = g.Less(g.const(np.arange(side, dtype=np.int64).reshape(shape), name=f"{label}_index"), half,
                          name=f"{label}_kept")
            parts.append(g.Where(kept, source, g.floats([-N], name="outside"), name=f"{label}_sample"))
        if corner is not None:
            code = corner_plane(g, np.arange(1, 11), (corner, corner), "code", weight_name="code_tap")
            window = sample_lines(g, parts[0], parts[1], source=code, size=corner)          # [1,1,side,side]
            onehot = g.Equal(window, g.const(np.arange(1, 11, dtype=np.float32).reshape(1, 10, 1, 1), name="codes"),
                             name="window")
            return g.model(g.Pad(onehot, g.ints([0, 0, 0, 0, 0, 0, N - side, N - side], name="to_canvas")))
        quadrant = sample_lines(g, parts[0], parts[1])
        if side < N:
            quadrant = g.Pad(quadrant, g.ints([0, 0, 0, 0, 0, 0, N - side, N - side], name="to_canvas"))
        return g.model(quadrant)
