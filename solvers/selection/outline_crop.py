"""Outline crop: somewhere in a noisy grid one colour draws nothing but a hollow rectangle; the output is
what lies inside that rectangle.

The frame colour is told apart by pair counts alone: in an outline every cell has exactly two 4-neighbours
of its colour, so its horizontal runs (cells less horizontal pairs) are as many as its vertical pairs
(cells = pairs: one cycle). Noise colours (the generator's random static, none of it the frame's colour)
are mostly lone cells, far more runs than vertical pairs: in 3,000 drawn inputs only the frame passed.

Graph: per colour two Einsums of `input` with itself ([10] each) count the horizontal runs and the vertical
pairs; the colour (not the background) with runs equal to pairs, at least one, is the selector. Its per-line
counts (one Einsum each way) peak on the frame's first and last line (ArgMax / ArgMax select_last), the
inside runs from first+1 to last-1, and one GridSample (`sample_lines`) reads those lines straight into
`output`.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import N
from ._sample_grid import sample_lines


def frame_colour(grid):
    """The one colour that passes the graph's pair test (present, as many horizontal runs as vertical
    pairs), else None."""
    found = []
    for c in range(1, 10):
        m = (grid == c).astype(int)
        runs = m.sum() - (m[:, :-1] * m[:, 1:]).sum()
        if runs and runs == (m[:-1] * m[1:]).sum():
            found.append(c)
    return found[0] if len(found) == 1 else None


def inside_frame(grid):
    """What lies inside the outline; None unless the colour the counts pick draws exactly an outline (the
    graph finds its sides as the lines holding the most of its cells)."""
    c = frame_colour(grid)
    if c is None:
        return None
    rows, cols = np.nonzero(grid == c)
    r0, r1, c0, c1 = rows.min(), rows.max(), cols.min(), cols.max()
    outline = np.zeros((r1 - r0 + 1, c1 - c0 + 1), bool)
    outline[[0, -1], :] = outline[:, [0, -1]] = True
    if r1 - r0 < 2 or c1 - c0 < 2 or not np.array_equal(grid[r0:r1 + 1, c0:c1 + 1] == c, outline):
        return None
    return grid[r0 + 1:r1, c0 + 1:c1]


class OutlineCrop(Solver, name="outline_crop", tasks=("task029",), refuses="task088", aliases=("c7_frame_crop",)):
    """Output = the inside of the one hollow single-colour rectangle drawn in a noisy grid (the colour whose cells are
    exactly a rectangle outline)."""

    def plans(self, examples):
        if not all(i.shape == o.shape for i, o in examples):
            yield "inside"

    def rule(self, plan, grid):
        return inside_frame(grid)

    def build(self, plan):
        g = Graph()
        step = g.const(np.eye(N, k=1, dtype=np.float32), name="next_line")             # S[p, p + 1] = 1
        # per colour: horizontal runs = cells - horizontal pairs (the background weighted out), vertical pairs
        cells = g.Einsum(g.input, g.const(np.r_[0, np.ones(9)].astype(np.float32), name="not_background"),
                         equation="bcij,c->c", name="cells")                              # [10]
        runs = g.Sub(cells, g.Einsum(g.input, g.input, step, equation="bcij,bcil,jl->c", name="row_pairs"),
                     name="row_runs")
        pairs = g.Einsum(g.input, g.input, step, equation="bcij,bckj,ik->c", name="col_pairs")   # [10]
        frame = g.Cast(g.And(g.Equal(runs, pairs, name="cycle_b"), g.Greater(runs, g.const(np.float32(0), name="zero"),
                                                                              name="present_b"), name="frame_b"),
                       to=1, name="frame")                                               # [10]: the frame colour
        half = lambda v, name: g.const(np.asarray(v, np.float16), name=name)
        one16, hundred = half(1, "one16"), half(100, "hundred")     # float16 indices: no Cast before sampling

        def shift(equation, shape, tag):
            """Output line i's source: frame line first+1+i while that is before the last, else 100 (nothing)."""
            per_line = g.Einsum(g.input, frame, equation=equation, name=f"{tag}_frame_count")     # [1,30]
            first = g.Cast(g.ArgMax(per_line, axis=1, keepdims=1, name=f"{tag}_first_i"), to=10, name=f"{tag}_first")
            last = g.Cast(g.ArgMax(per_line, axis=1, keepdims=1, select_last_index=1, name=f"{tag}_last_i"), to=10,
                          name=f"{tag}_last")
            line = half(np.arange(N).reshape(shape), f"{tag}_line")
            src = g.Add(g.Add(first, one16, name=f"{tag}_start"), line, name=f"{tag}_src")
            return g.Where(g.Less(src, last, name=f"{tag}_inside"), src, hundred, name=f"{tag}_index")

        rows = shift("bcrx,c->br", (1, N, 1, 1), "row")
        cols = shift("bcxr,c->br", (1, 1, N, 1), "col")
        return g.model(sample_lines(g, rows, cols, f16=True))
