"""Clear corridors: every row or column that is all black between its two border cells is painted, on its
black cells, in one fitted colour (straight corridors through a walled grid).

Graph: a 1x1 Conv marks non-black cells; row and column sums minus the two border cells (the far one
read by a Gather at the grid's last index) flag clear lines; a Where paints black cells on them.

Flags variant: no plane at all; per axis the non-black cells at inner positions per line (one Einsum, the
positions from the grid's length) flag blocked lines, and one Einsum of the input, the [1, blocked] row and
column factors and a keep/undo colour table writes `output`.

Signs variant: nothing computed but `output`; one Einsum reads the input three times (the cell, its row,
its column) and lets the sign of a product of inner-ink counts decide (the scorer thresholds at 0).
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver, corner_extent
from .._common_grids import same_shape


def clear_lines(grid: np.ndarray, paint: int, whole: bool = False) -> np.ndarray | None:
    """Black cells on lines black between their two border cells (`whole`: black from end to end) painted."""
    if min(grid.shape) < 3:
        return None
    inner = slice(None) if whole else slice(1, -1)
    cols = (grid[inner] == 0).all(0)
    rows = (grid[:, inner] == 0).all(1)
    return np.where((grid == 0) & (cols[None, :] | rows[:, None]), paint, grid)


class ClearCorridors(Solver, name="clear_corridors", tasks=("task063", "task303"), refuses="task190",
                     aliases=("c5_clear_lines", "c3_openlines"), fit_splits=("train", "test", "arc-gen")):
    """Rows/columns black between their two border cells are painted in one colour."""

    def plans(self, examples):
        if not same_shape(examples) or all(np.array_equal(i, o) for i, o in examples):
            return
        i0, o0 = examples[0]
        new = set(o0[i0 != o0].tolist())
        if len(new) == 1:
            paint = new.pop()
            yield paint, True              # the simpler rule first: lines black from end to end
            yield paint, False

    def rule(self, plan, grid):
        paint, whole = plan
        return clear_lines(grid, paint, whole)

    def candidates(self, examples):
        plan = self.fit(examples)
        if plan is None:
            return
        if plan[1]:                        # whole lines: the signs graph with every cell of a line counted
            yield f"{self.name}:whole_signs", self.build_signs(plan)
            return
        yield self.name, self.build(plan)
        yield f"{self.name}:flags", self.build_flags(plan)
        yield f"{self.name}:signs", self.build_signs(plan)
        extent = max(corner_extent(examples))
        if extent < 30:
            yield f"{self.name}:extent", self.build(plan, extent)

    def build_flags(self, plan):
        """Line flags only, no plane: per axis the grid's length along the other axis (the cells of its first
        line, one Einsum), the inner positions 1..n-2 (Less against n - 1, position 0 read as 100) and the
        non-black cells on them per line (one Einsum): a line is blocked when that is > 0. One Einsum writes
        `output`: per cell x P + x N' [blocked row][blocked column], P keeping colours but black -> paint and
        N' undoing that (black back, paint off), so a black cell is painted unless both its lines are
        blocked; off the grid the input is zero and so is the output."""
        paint, _ = plan
        g = Graph()
        pos = g.floats(np.r_[100.0, np.arange(1, 30)].reshape(1, 30), name="inner_position")
        first = g.floats(np.eye(30)[0], name="first_line")
        nonblack = g.floats(np.r_[0.0, np.ones(9)], name="non_black")
        ones = g.floats(np.ones((1, 1, 30)), name="ones")
        factors = []
        for tag, length_eq, count_eq in (("row", "bcij,i->b", "bcij,c,kj->bki"), ("col", "bcij,j->b", "bcij,c,ki->bkj")):
            n = g.Einsum(g.input, first, equation=length_eq, name=f"{tag}_length")       # cells along the line
            inner = g.Cast(g.Less(pos, g.Sub(n, g.floats(1.0), name=f"{tag}_last")), to=1,
                           name=f"{tag}_inner")                                             # [1,30] 1..n-2
            blocked = g.Greater(g.Einsum(g.input, nonblack, inner, equation=count_eq, name=f"{tag}_inner_ink"),
                                g.floats(0.5), name=f"{tag}_blocked")                       # [1,1,30]
            blocked = g.Cast(blocked, to=1, name=f"{tag}_blocked_f")
            factors.append(g.Concat(ones, blocked, axis=1, name=f"{tag}_factors"))         # [1,2,30]
        keep = np.eye(10, dtype=np.float32)
        keep[0, 0], keep[0, paint] = 0.0, 1.0
        undo = np.zeros((10, 10), np.float32)
        undo[0, 0], undo[0, paint] = 1.0, -1.0
        return g.model(g.Einsum(g.input, *factors, g.const(np.stack([keep, undo]), name="keep_undo"),
                                equation="bcij,bsi,bsj,scd->bdij"))

    def build_signs(self, plan):
        """One Einsum from `input` to `output`, no intermediate. Where both border cells of a line are
        non-black (checked by the examples and fresh samples), weighting its cells -1 at position 0 and +1
        after gives per line a size term L = length - 2 > 0 (all colours) and its inner ink m (non-black
        cells). Per cell, channel d gets x_c [L_row L_col P0[c,d] + m_row m_col P1[c,d]]: colours c > 0
        keep c (P1 is zero on them); a black cell gets paint a/1024 - m_row m_col and black its negation,
        so it is painted exactly when one of its lines has no inner ink (L_row L_col <= 28^2 < 1024).
        Each Ps is diag(per_source[s]) shift diag(per_target[s]), shift the identity plus black -> paint.
        `whole` (lines black from end to end): every cell weighs +1, so L is the length and m all its ink."""
        paint, whole = plan
        g = Graph()
        weight = 1.0 / 1024
        line_weights = g.floats(np.ones(30) if whole else np.r_[-1.0, np.ones(29)], name="line_position_weight")
        line_colours = g.floats(np.stack([np.ones(10), np.r_[0.0, np.ones(9)]]), name="size_and_ink_colours")
        shift = np.eye(10, dtype=np.float32)
        shift[0, paint] = 1.0
        per_source = np.stack([np.ones(10), np.eye(10)[0]])
        per_target = np.stack([np.ones(10), np.zeros(10)])
        per_target[0, 0], per_target[0, paint] = -weight, weight
        per_target[1, 0], per_target[1, paint] = 1.0, -1.0
        return g.model(g.Einsum(line_weights, line_colours, g.input, line_weights, line_colours, g.input, g.input,
                                g.floats(per_source, name="per_source"), g.floats(shift, name="black_to_paint"),
                                g.floats(per_target, name="per_target"),
                                equation="l,se,beil,k,sf,bfkj,bcij,sc,cd,sd->bdij"))

    def build(self, plan, extent=None):
        """`extent` E: grids are at most E x E (solvers.corner_extent: the generator's bound; task063's draws
        sides 10 to 14): the non-black and black maps are read from the E x E
        corner by 2x2 Convs dilated by 30-E (only their first tap nonzero), and the paint mask is padded.
        Lines black from end to end (plan's `whole`) take the signs graph."""
        paint, whole = plan
        if whole:
            return self.build_signs(plan)
        g = Graph()
        idx = np.arange(30, dtype=np.float32)
        E = extent or 30

        def plane(weights, name):
            if extent is None:
                return g.Conv(g.input, g.floats(weights.reshape(1, 10, 1, 1)), name=name)
            taps = np.zeros((1, 10, 2, 2), np.float32)
            taps[0, :, 0, 0] = weights
            return g.Conv(g.input, g.floats(taps), dilations=[30 - E, 30 - E], name=name)

        filled = plane(np.r_[0, np.ones(9)], "non_black")
        clear = []
        for tag, axis, reduce_axes in (("col", 2, [1, 3]), ("row", 3, [1, 2])):
            # the grid's last index along `axis`
            used = g.Cast(g.Greater(g.ReduceSum(g.input, axes=reduce_axes, keepdims=0), g.floats(0.5)), to=1)
            last = g.Cast(g.ReduceMax(g.Mul(used, g.floats(idx)), axes=[1], keepdims=0), to=7, name=f"last_{tag}_i")
            total = g.ReduceSum(filled, axes=[axis], keepdims=1, name=f"filled_per_{tag}")
            first_cell = g.Gather(filled, g.const(np.array([0], dtype=np.int64)), axis=axis, name=f"{tag}_first_cell")
            last_cell = g.Gather(filled, last, axis=axis, name=f"{tag}_last_cell")
            inner = g.Sub(g.Sub(total, first_cell), last_cell, name=f"{tag}_inner_filled")
            clear.append(g.Less(inner, g.floats(0.5), name=f"clear_{tag}"))
        black = g.Greater(plane(np.eye(10)[0], "black_f"), g.floats(0.5), name="black")
        paint_at = g.And(black, g.Or(clear[0], clear[1]), name="paint")
        if extent is not None:
            paint_at = g.Pad(paint_at, g.ints([0, 0, 0, 0, 0, 0, 30 - E, 30 - E]), name="paint30")
        return g.model(g.Where(paint_at, g.floats(np.eye(10)[paint].reshape(1, 10, 1, 1)), g.input))
