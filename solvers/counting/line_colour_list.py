"""Line colour list: the grid holds full lines of colours (all horizontal or all vertical, maybe hidden in part
by a block of one occluding colour); the output is an n x n square listing their colours in order,
one per row (horizontal lines) or per column (vertical ones).

Graph: a 1x1 Conv gives each cell its line code (0 for black and the occluder); ReduceMax per row and
per column gives each line's code; CumSum ranks the lines; Equal of ranks with output indices selects
them through an Einsum; horizontal adjacency of equal codes decides the orientation; one Equal writes
the output.

Profiles variant (`profiles`): the rule on the generator's grids, read by row and column profiles only. The
generator draws n = 3..7 lines across the whole grid (sides 9..24), every third row (or column), and occludes a
box of n + 2 lines' width, which leaves at least one line whole: so a line's code is its row's code sum over
its coloured cells (one colour a line), and the lines are rows exactly when the longest row holds more line
cells than the longest column (a whole line, 9 or more cells, against at most one cell per line). TopK of the chosen list's line cells (keyed by their reversed index) sorts the lines
first, in order; the listed codes X(i) and the square's extent Y(j) (255 on the first n places, else 0;
swapped for vertical lines) meet in one uint8 Min [30,30], decoded by the last op. `profiles<lines>`: TopK
keeps at most `lines` lines (the most the examples show, reached by many: the generator's bound), and the square
is a [lines,lines] code plane decoded by one QLinearConv.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import N, often_largest
from ..local._code_decode import decode_code


def line_list(grid: np.ndarray, occluder: int, most: int = N) -> np.ndarray | None:
    """The n x n list of the grid's lines, or None where it has none or more than `most`."""
    code = np.where((grid > 0) & (grid != occluder), grid, 0)
    horizontal = ((code[:, 1:] == code[:, :-1]) & (code[:, 1:] > 0)).any()
    lines = code.max(axis=1) if horizontal else code.max(axis=0)
    lines = lines[lines > 0]
    n = len(lines)
    if n == 0 or n > most:
        return None
    return np.repeat(lines[:, None], n, axis=1) if horizontal else np.repeat(lines[None, :], n, axis=0)


class LineColourList(Solver, name="line_colour_list", tasks=("task213",), refuses="task070",
                     aliases=("c5_line_list",), fit_splits=("train", "arc-gen")):
    """Full lines' colours (horizontal or vertical, partly occluded) listed in order as an n x n square."""

    def plans(self, examples):
        """(occluder, lines): lines is the most lines (the output's side) the examples show when many reach it,
        the generator's bound; else N (no bound)."""
        i0 = examples[0][0]
        lines = often_largest(o.shape[0] for _, o in examples) or N
        for occluder in sorted(set(i0[i0 > 0].tolist())):
            yield occluder, lines

    def rule(self, plan, grid):
        occluder, lines = plan
        return line_list(grid, occluder, lines)

    def candidates(self, examples):
        plan = self.fit(examples)
        if plan is None:
            return
        occluder, lines = plan
        yield self.name, self.build(plan)
        yield f"{self.name}:profiles", self.build_profiles(occluder)
        if lines < N:
            yield f"{self.name}:profiles{lines}", self.build_profiles(occluder, lines)

    def build_profiles(self, occluder, most=30):
        """The rule on the generator's grids, from row and column profiles only (see the module docstring).
        most < 30: at most `most` lines (the fitted bound), so the square is a [most,most] code plane decoded
        straight into `output` by one QLinearConv (`decode_code`)."""
        g = Graph()
        w = np.arange(10, dtype=np.float32)
        w[occluder] = 0
        codes, counted = g.floats(w, name="line_code_w"), g.floats((w > 0).astype(np.float32), name="line_cell_w")
        one = g.floats(1.0, name="one")
        totals, cells, longest = [], [], []
        for tag, axis in (("row", "h"), ("col", "w")):
            totals.append(g.Einsum(g.input, codes, equation=f"bchw,c->{axis}", name=f"{tag}_code_sum"))  # [30]
            cells.append(g.Einsum(g.input, counted, equation=f"bchw,c->{axis}", name=f"{tag}_cells"))
            longest.append(g.ReduceMax(cells[-1], keepdims=0, name=f"{tag}_longest"))
        horizontal = g.Greater(longest[0], longest[1], name="horizontal")               # a full line is a row
        # the chosen orientation's sums first, one division (a line's code is its sum over its cells)
        total = g.Where(horizontal, totals[0], totals[1], name="line_code_sum")
        count = g.Where(horizontal, cells[0], cells[1], name="line_cells")
        lines = g.Div(total, g.Max(count, one, name="line_cells_1"), name="line_codes")  # [30]
        key = g.Where(g.Greater(lines, g.floats(0.5)), g.floats(np.arange(30, 0, -1)), g.floats(0.0),
                      name="line_key")
        _, order = g.TopK(key, g.ints([most]), axis=0, largest=1, sorted=1, outputs=2, name="line_order")
        listed = g.Cast(g.Gather(lines, order, axis=0), to=2, name="listed")           # lines first, uint8 [30]
        extent = g.Where(g.Greater(listed, g.const(np.uint8(0), name="zero_u8")), g.const(np.uint8(255)),
                         g.const(np.uint8(0), name="zero_u8"), name="extent")
        x = g.Reshape(g.Where(horizontal, listed, extent), g.ints([1, 1, most, 1] if most < 30 else [most, 1]),
                      name="by_row")
        y = g.Where(horizontal, extent, listed, name="by_col")
        square = g.Min(x, y, name="square_code")                                        # [most,most]
        if most < 30:
            codes = np.arange(10)
            codes[0] = 15                                                               # no black in the answer
            return g.model(decode_code(g, square, (most, most), codes=codes))
        codes = np.arange(10, dtype=np.uint8)
        codes[0] = 255                                                                  # no black in the answer
        return g.model(g.Equal(square, g.const(codes.reshape(1, 10, 1, 1))))

    def build(self, plan):
        occluder = plan[0]
        g = Graph()
        w = np.arange(1, 11, dtype=np.float32)
        w[0] = w[occluder] = 0
        code = g.Conv(g.input, g.floats(w.reshape(1, 10, 1, 1)), name="line_code")      # [1,1,30,30]
        same = g.Equal(g.Slice(code, g.ints([1]), g.ints([30]), g.ints([3]), name="code_right"),
                       g.Slice(code, g.ints([0]), g.ints([29]), g.ints([3]), name="code_left"))
        joined = g.And(same, g.Greater(g.Slice(code, g.ints([1]), g.ints([30]), g.ints([3])), g.floats(0.5)))
        horizontal = g.Cast(g.ReduceMax(g.Cast(joined, to=1), keepdims=0), to=9, name="horizontal")
        out_idx = g.floats(np.arange(1, 31, dtype=np.float32).reshape(30, 1))
        lists, counts = [], []
        for tag, axis in (("row", 3), ("col", 2)):
            per_line = g.Reshape(g.ReduceMax(code, axes=[axis], keepdims=1), g.ints([30]), name=f"{tag}_code")
            is_line = g.Cast(g.Greater(per_line, g.floats(0.5)), to=1, name=f"{tag}_is_line")
            rank = g.CumSum(is_line, g.const(np.int64(0)), name=f"{tag}_rank")
            pick = g.Cast(g.And(g.Equal(out_idx, rank), g.Greater(is_line, g.floats(0.5))), to=1,
                          name=f"{tag}_pick")                                               # [30 out, 30 in]
            lists.append(g.Einsum(pick, per_line, equation="ir,r->i", name=f"{tag}_listed"))  # [30]
            counts.append(g.ReduceSum(is_line, keepdims=0, name=f"{tag}_lines"))
        idx = np.arange(30, dtype=np.float32)
        as_rows = g.Mul(g.Reshape(lists[0], g.ints([30, 1])),
                        g.Cast(g.Less(g.floats(idx.reshape(1, 30)), counts[0]), to=1), name="as_rows")
        as_cols = g.Mul(g.Reshape(lists[1], g.ints([1, 30])),
                        g.Cast(g.Less(g.floats(idx.reshape(30, 1)), counts[1]), to=1), name="as_cols")
        square = g.Where(horizontal, as_rows, as_cols, name="square_code")                  # [30,30]
        return g.model(g.Equal(square, g.floats(np.arange(10).reshape(1, 10, 1, 1) + 1.0)))
