"""Bracket mirror: two facing brackets; every marker cell is mirrored across the bracket line nearer to
it (inside moves out, outside moves in), the brackets stay.

The bracket lines are the rows (or columns, whichever holds more bracket cells) with the most bracket
cells: ArgMax picks the first and, with select_last_index, the last. Output row r then reads input row
2a-r (or 2b-r on the far half), kept only when source and target lie on the same side of the middle;
the reflection is a [2,n,n] 0/1 read matrix per axis (in place, and reflected along the brackets' axis; a
dropped line reads nothing; one OneHot of the source lines), and one Einsum of the input through them and a
two-image colour mix writes the output ([n,30] identity embeddings bring the grid down and the answer back).

Square variant (h = w): only the brackets' axis is reflected, so one [2,n,n] OneHot (in place, reflected along
that axis, from the wall counts of that axis) serves rows and columns alike; three Einsum terms (in place; rows
reflected; columns reflected, the last two weighted 1/0 by the axis) pick its images, half the OneHot bytes.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import fixed_shape, same_shape


def bracket_mirror(grid, wall_colour, marker):
    wall, mark = grid == wall_colour, grid == marker
    rows, cols = wall.sum(1), wall.sum(0)
    if not wall.any() or rows.max() == cols.max():
        return None
    flip = cols.max() > rows.max()
    if flip:
        wall, mark = wall.T, mark.T
        rows = cols
    a, b = int(np.argmax(rows)), len(rows) - 1 - int(np.argmax(rows[::-1]))
    out = np.zeros_like(mark)
    n = len(rows)
    for r in range(n):
        s = 2 * a - r if 2 * r < a + b else 2 * b - r
        if 0 <= s < n and (2 * s < a + b) == (2 * r < a + b):
            out[r] = mark[s]
    if (out & wall).any():          # the graph adds the two codes there
        return None
    res = np.where(wall, wall_colour, np.where(out, marker, 0))
    return res.T if flip else res


class BracketMirror(Solver, name="bracket_mirror", tasks=("task154", "task390"), refuses="task042",
                    aliases=("c6_bracket_mirror",)):
    """Marker cells mirror across the nearer of two facing bracket lines."""

    def plans(self, examples):
        """(shape, bracket colour, marker colour) for either role of the inputs' two colours."""
        shape = fixed_shape(examples)
        if shape is None or max(shape) >= 30 or not same_shape(examples):
            return
        ins = set().union(*(set(np.unique(i).tolist()) for i, _ in examples)) - {0}
        if len(ins) != 2 or all(np.array_equal(i, o) for i, o in examples):
            return
        for wall in ins:
            yield shape, wall, (ins - {wall}).pop()

    def rule(self, plan, grid):
        shape, wall, marker = plan
        return bracket_mirror(grid, wall, marker) if grid.shape == shape else None

    def candidates(self, examples):
        plan = self.fit(examples)
        if plan is None:
            return
        yield self.name, self.build(plan)
        if plan[0][0] == plan[0][1]:
            yield f"{self.name}:square", self.build(plan, shared_images=True)

    def build(self, plan, shared_images=False):
        """shared_images (square grids): one [2,n,n] OneHot (in place, reflected along the brackets' axis)
        serves both axes; three terms (in place; rows reflected; columns reflected), the last two weighted
        by the brackets' axis, pick its images for rows and columns."""
        (h, w), wall_colour, marker = plan
        g = Graph()
        f = lambda v, name: g.const(np.asarray(v, np.float32), name=name)
        # [h,30] / [w,30] identity embeddings read the grid inside the Einsums and write the answer back
        embed_h = f(np.eye(h, 30), "embed_h")
        embed_w = embed_h if w == h else f(np.eye(w, 30), "embed_w")                # one tensor on a square
        wall_pick = f(np.eye(10)[wall_colour], "wall_pick")
        per_row = g.Einsum(g.input, wall_pick, embed_h, equation="zcab,c,ia->i", name="wall_per_row")   # [h]
        per_col = g.Einsum(g.input, wall_pick, embed_w, equation="zcab,c,jb->j", name="wall_per_col")   # [w]
        by_rows = g.Greater(g.ReduceMax(per_row, keepdims=0, name="row_peak"),
                            g.ReduceMax(per_col, keepdims=0, name="col_peak"), name="brackets_by_rows")

        def source(counts, n, name):
            """Reflected source line for each target line, as floats (n, matching no line, when dropped)."""
            first = g.Cast(g.ArgMax(counts, axis=0, keepdims=1, name=f"{name}_first_i"), to=1, name=f"{name}_first")
            last = g.Cast(g.ArgMax(counts, axis=0, keepdims=1, select_last_index=1, name=f"{name}_last_i"), to=1,
                          name=f"{name}_last")                                                    # [1]
            idx = f(np.arange(n), f"line{n}")
            span = g.Add(first, last, name=f"{name}_span")                        # a+b
            near_first = g.Less(f(np.arange(n) * 2, f"twice{n}"), span, name=f"{name}_near_first")
            axis_at = g.Where(near_first, first, last, name=f"{name}_axis")
            src = g.Sub(g.Add(axis_at, axis_at, name=f"{name}_2axis"), idx, name=f"{name}_src")
            same_side = g.Equal(g.Less(g.Add(src, src, name=f"{name}_2src"), span, name=f"{name}_src_first"),
                                near_first, name=f"{name}_same_side")
            inside = g.And(g.Greater(src, f(-1, "minus_one"), name=f"{name}_ge0"),
                           g.Less(src, f(n, f"past{n}"), name=f"{name}_ltn"), name=f"{name}_inside")
            kept = g.Where(g.And(inside, same_side, name=f"{name}_kept"), src, f(n, f"past{n}"),
                           name=f"{name}_reflected")
            return kept, idx

        def images(src, idx, n, kept_by, name):
            """[2,n,n] float: image 0 reads every line in place, image 1 reads line src[p] into line p (along
            the brackets' axis; in place along the other); [k,p,i] = 1 where line p reads line i, one OneHot
            (a source n, past its depth, reads nothing)."""
            moved = g.Where(kept_by, src, idx, name=f"{name}_source")
            lines = g.Where(g.const(np.array([True, False]).reshape(2, 1), name="in_place"),
                            f(np.arange(n).reshape(1, n), f"line_row{n}"), moved, name=f"{name}_lines")  # [2,n]
            return g.OneHot(lines, f(n, f"past{n}"), f([0, 1], "off_on"), name=f"{name}_images")

        mix = np.zeros((2, 10, 10), np.float32)
        mix[0, 0, 0] = mix[0, marker, 0] = mix[0, wall_colour, wall_colour] = 1    # in place: markers leave
        mix[1, marker, marker], mix[1, marker, 0] = 1, -1                           # moved: marker over background
        if shared_images:
            n = h
            src, idx = source(g.Where(by_rows, per_row, per_col, name="wall_per_line"), n, "line")
            lines = g.Where(g.const(np.array([True, False]).reshape(2, 1), name="in_place"),
                            f(np.arange(n).reshape(1, n), f"line_row{n}"), src, name="lines")    # [2,n]
            images = g.OneHot(lines, f(n, f"past{n}"), f([0, 1], "off_on"), name="images")      # [2,n,n]
            axis_f = g.Cast(by_rows, to=1, name="by_rows_f")
            terms = g.Add(f([1, 0, 1], "term_base"), g.Mul(axis_f, f([0, 1, -1], "term_axis"), name="term_tilt"),
                          name="terms")                                       # [3]: in place, rows, columns
            row_pick, col_pick = f(np.eye(2)[[0, 1, 0]], "row_image"), f(np.eye(2)[[0, 0, 1]], "col_image")
            return g.model(g.Einsum(g.input, embed_h, embed_w, row_pick, images, col_pick, images, terms,
                                    f(np.eye(2)[[0, 1, 1]], "mix_pick"), f(mix, "mix"), embed_h, embed_w,
                                    equation="zcab,ia,jb,kt,tpi,ku,uqj,k,km,mcd,pr,qs->zdrs", name="answer"))
        row_src, row_idx = source(per_row, h, "row")
        col_src, col_idx = source(per_col, w, "col")
        rows = images(row_src, row_idx, h, by_rows, "row")
        cols = images(col_src, col_idx, w, g.Not(by_rows, name="brackets_by_cols"), "col")
        return g.model(g.Einsum(g.input, embed_h, embed_w, rows, cols, f(mix, "mix"), embed_h, embed_w,
                                equation="zcab,ia,jb,kpi,kqj,kcd,pr,qs->zdrs", name="answer"))
