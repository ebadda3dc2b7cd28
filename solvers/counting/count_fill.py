"""Count fill: the output is a block of one colour whose height and width are counted from the input.

The colour is the most frequent (non-background or any) or the rarest present colour; each side is a fixed
number, the number of non-background cells, or one more than the number of full lines of the rarest colour
(the cells a grid of separator lines cuts the input into). Graph: colour counts and per-line counts are tiny
Einsums/reductions; each side becomes a [30] 0/1 mask, and one Einsum colour x rows x cols writes `output`.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import N

_COLOUR_RULES = ("mostany", "most", "least")   # the simplest rule first
_SIZE_RULES = ("const", "nonbg", "lines")


def _colour(grid, rule):
    counts = np.bincount(grid.ravel(), minlength=10)
    fg = np.arange(10) > 0
    if rule == "most":
        key = np.where(fg, counts, -1)
        hit = key == key.max()
    elif rule == "mostany":
        hit = counts == counts.max()
    else:
        key = np.where(fg & (counts > 0), counts, 10 ** 6)
        hit = key == key.min()
    return int(np.argmax(hit)) if hit.sum() == 1 else None


def _size(grid, rule, axis, const):
    if rule == "const":
        return const
    if rule == "nonbg":
        return int((grid != 0).sum())
    sep = _colour(grid, "least")
    if sep is None:
        return None
    lines = grid if axis == 0 else grid.T
    return int(sum((line == sep).all() for line in lines)) + 1


class CountFill(Solver, name="count_fill", tasks=("task021", "task129", "task339"), refuses="task006"):
    """Output is a block of one colour (most / least frequent) whose sides are fixed, the number of non-background
    cells, or the number of cells a grid of separator lines makes."""

    def plans(self, examples):
        if not all(len(np.unique(o)) == 1 for _, o in examples):
            return
        for crule in _COLOUR_RULES:
            sides = []
            for axis in (0, 1):
                const = examples[0][1].shape[axis]
                fits = [r for r in _SIZE_RULES
                        if all(_size(i, r, axis, const) == o.shape[axis] for i, o in examples)]
                if fits:
                    sides.append((fits[0], const))
            if len(sides) == 2:
                yield {"colour": crule, "sides": sides}

    def rule(self, plan, grid):
        colour = _colour(grid, plan["colour"])
        h, w = (_size(grid, rule, axis, const) for axis, (rule, const) in enumerate(plan["sides"]))
        if colour is None or h is None or w is None or not (0 < h <= N and 0 < w <= N):
            return None
        return np.full((h, w), colour)

    def build(self, p):
        g = Graph()
        counts = g.ReduceSum(g.input, axes=[2, 3], keepdims=0, name="colour_counts")          # [1,10]
        fg = np.float32(np.arange(10) > 0)
        big = g.const(np.float32(1000))

        def pick(rule):
            if rule == "most":
                key = g.Mul(counts, g.const(fg), name="fg_counts")
                return g.Equal(key, g.ReduceMax(key, keepdims=0, name="top_count"), name="is_most")
            if rule == "mostany":
                return g.Equal(counts, g.ReduceMax(counts, keepdims=0, name="top_any"), name="is_mostany")
            present = g.Min(counts, g.const(np.float32(1)), name="present")
            key = g.Sub(g.Add(counts, g.const(1000 * (1 - fg)), name="fg_counts_bg_high"),
                        g.Mul(present, big, name="present_bonus"), name="rarity")
            return g.Equal(key, g.ReduceMin(key, keepdims=0, name="min_count"), name="is_least")

        colour = g.Cast(pick(p["colour"]), to=1, name="fill_colour")                          # [1,10]
        index = g.const(np.arange(30, dtype=np.float32) - 1, name="index_minus_one")
        least = None

        def side_mask(rule, const, axis):
            nonlocal least
            if rule == "const":
                return g.const(np.float32(np.arange(30) < const), name=f"first_{const}")
            if rule == "nonbg":
                n = g.ReduceSum(g.Mul(counts, g.const(fg), name="fg_only"), keepdims=0, name="fg_total")
            else:
                if least is None:
                    least = g.Cast(pick("least"), to=1, name="line_colour")
                line = "h" if axis == 0 else "w"
                cells = g.Einsum(g.input, equation=f"bchw->{line}", name=f"{line}_cells")
                length = g.ReduceMax(cells, keepdims=0, name=f"{line}_line_length")    # cells in a full line
                sep = g.Einsum(g.input, least, equation=f"bchw,bc->{line}", name=f"{line}_sep_cells")
                full = g.Floor(g.Div(sep, length, name=f"{line}_sep_share"), name=f"{line}_full")
                n = g.ReduceSum(full, keepdims=0, name=f"{line}_lines")
            # mask[i] = i < n (+1 for lines): index - 1 < n  <=>  i <= n
            if rule == "nonbg":
                return g.Cast(g.Less(g.const(np.arange(30, dtype=np.float32)), n, name=f"{axis}_in"), to=1,
                              name=f"side{axis}")
            return g.Cast(g.Less(index, n, name=f"{axis}_in"), to=1, name=f"side{axis}")

        rows = side_mask(*p["sides"][0], 0)
        cols = side_mask(*p["sides"][1], 1)
        y = g.Einsum(colour, rows, cols, equation="bc,i,j->bcij")
        return g.model(y)

    def candidates(self, examples):
        plan = self.fit(examples)
        if plan is None:
            return
        yield self.name, self.build(plan)
        if [rule for rule, _ in plan["sides"]] == ["lines", "lines"]:
            yield self.name + ":corner", self._build_corner()
        fixed = tuple(const for _, const in plan["sides"])
        if (plan["colour"] in ("most", "mostany") and all(rule == "const" for rule, _ in plan["sides"])
                and all(i.shape == fixed for i, _ in examples)):
            yield self.name + ":in_grid", self._build_in_grid(plan)
        rules = sorted(rule for rule, _ in plan["sides"])
        if (plan["colour"] == "most" and rules == ["const", "nonbg"] and len({i.shape for i, _ in examples}) == 1
                and all(len(np.unique(i[i != 0])) == 1 for i, _ in examples)):
            yield self.name + ":single", self._build_single(plan, examples[0][0].size)

    def _build_in_grid(self, plan):
        """Block variant where every output is its input's own shape (fixed sides equal to the input's): the
        block is the input's grid itself (its cell count per cell, 1 on the grid, 0 off it), so one Einsum
        of the colour score and `input` writes `output`, with no side masks. Score = count - (top count - 1/2),
        positive for the most frequent colour alone."""
        g = Graph()
        counts = g.Einsum(g.input, equation="bchw->bc", name="colour_counts")                   # [1,10], no axes
        if plan["colour"] == "most":
            counts = g.Mul(counts, g.const(np.float32(np.arange(10) > 0)), name="fg_counts")
        top = g.Sub(g.ReduceMax(counts, keepdims=0, name="top_count"), g.const(np.float32(0.5), name="half"),
                    name="top_less_half")
        score = g.Sub(counts, top, name="colour_score")
        return g.model(g.Einsum(score, g.input, equation="bc,bkij->bcij"))

    def _build_single(self, plan, cells):
        """One Einsum, no intermediate, for inputs of one shape holding a single non-background colour (one
        fixed side, the other the count k of coloured cells): cell (i, j) of colour c scores
        [c > 0] count(c) [i < fixed] T (k - j - 1/2) along the counted side, the last factor summed over the
        T input cells: a coloured one adds T - j - 1/2, a background one -(j + 1/2). Only the present colour
        has count(c) > 0, so it alone scores > 0, exactly on the first k cells."""
        fg = np.float32(np.arange(10) > 0)
        along = np.arange(N, dtype=np.float32) + 0.5
        per_cell = np.stack([fg, 1 - fg], axis=1)                                     # [10, 2] coloured / bg
        votes = np.stack([cells - along, -along])                                     # [2, 30]
        (rule0, const0), (_, const1) = plan["sides"]
        fixed = np.float32(np.arange(N) < (const0 if rule0 == "const" else const1))
        counted, kept = ("j", "i") if rule0 == "const" else ("i", "j")
        g = Graph()
        return g.model(g.Einsum(g.const(fg, name="is_colour"), g.input, g.input, g.const(per_cell, name="cell_kind"),
                                g.const(votes, name="count_votes"), g.const(fixed, name="fixed_side"),
                                equation=f"c,bcrs,bxuv,xh,h{counted},{kept}->bcij"))

    def _build_corner(self):
        """Corner variant (exact only on inputs like task021's generator draws: full separator lines of one colour
        over a background that holds the top-left cell, the output that background): the lines crossing column 0
        (row 0) are its cells of another colour than the corner, counted by two Einsums (all cells, and those
        of the corner's colour); one Resize of the 2x2 corner writes the block into `output`."""
        g = Graph()
        e0 = g.const(np.eye(N, dtype=np.float32)[0], name="e0")

        def lines(axis):                            # lines crossing column 0 (axis 0) or row 0 (axis 1)
            cells = g.Einsum(g.input, e0, equation=f"ncrs,{'s' if axis == 0 else 'r'}->n", name=f"line{axis}_cells")
            same = g.Einsum(g.input, e0, g.input, e0, e0,
                            equation=f"ncrs,{'s' if axis == 0 else 'r'},nckl,k,l->n", name=f"line{axis}_same")
            return g.Sub(cells, same, name=f"line{axis}_n")                                     # [1]

        # the (n_h + 1) x (n_w + 1) block of the corner cell's colour: one Resize (nearest, tf_crop_and_resize,
        # floor) of the 2x2 corner whose region of interest [0, (N - 1) / (n + 1/2)] makes output line x read
        # corner line x / (n + 1/2): the corner cell for x <= n, past line 1 (the extrapolated zero) from
        # x = n + 1 on (never within 1 / (2n + 1) of a boundary, so float rounding cannot move it)
        corner = g.Slice(g.input, g.ints([0, 0], name="corner_start"), g.ints([2, 2], name="corner_end"),
                         g.ints([2, 3], name="corner_axes"), name="corner")                 # [1,10,2,2]
        half, span = g.const(np.float32([0.5]), name="half"), g.const(np.float32([N - 1]), name="span")
        ends = [g.Div(span, g.Add(lines(axis), half, name=f"side{axis}"), name=f"end{axis}") for axis in (0, 1)]
        roi = g.Concat(g.const(np.float32([0, 0, 0, 0, 1, 1]), name="roi_fixed"), *ends, axis=0, name="roi")
        return g.model(g.Resize(corner, roi, "", g.ints([1, 10, N, N], name="sizes"), mode="nearest",
                                coordinate_transformation_mode="tf_crop_and_resize", nearest_mode="floor",
                                extrapolation_value=0.0))
