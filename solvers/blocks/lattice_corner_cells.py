"""Lattice corner cells: a grid of lines (one colour, every s+1 rows and columns) carries a small picture
drawn on its crossings: each coloured cell of an n x n picture paints the four crossings at its corners. The
output is the picture: a cell takes a colour where its four corner crossings all hold that colour.

Why this reading (task185, generator 7837ac64): the generator draws a 3x3 picture whose same-coloured cells
may touch but cells of different colours never do, and whose rows 0 and 2 and columns 0 and 2 each hold a
coloured cell, so the first coloured crossing row and column are the picture's corner. A black cell whose
four corners are painted by its neighbours (c . c over . c .) would read as coloured; the generator can draw
it, but none of 4,380 fresh draws (seeds 5 and 6) held one.

The lines never touch column 0 except where a horizontal line crosses it, so column 0 holds only black and the
line colour: the line colour is whatever column 0 shows, and the first non-black cell of column 0 is the first
line's row s (the spacing). Graph: Einsums read the column-0 colours, the row and column profiles of the
picture colours (ArgMax: the first picture row y0 and column x0) and the first line row s; one-hot selectors
of rows y0 + k(s+1) and columns x0 + k(s+1), k = 0..n, pick the (n+1)x(n+1) crossings, each output cell summing
its four (an [n,n+1] pair table per axis), in one Einsum; a sum of 4 is a colour, black is where none is.
Sample variant: the crossings read by one GridSample, y0 and x0 by `first_last_lines`.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver, corner_extent
from .._common_graph import first_last_lines
from .._common_grids import C, N
from ..selection._sample_grid import sample_lines


def corners(grid: np.ndarray, n: int):
    """The (n+1)x(n+1) crossings (picture colours only, 0 elsewhere), or None where the grid is no lattice."""
    h, w = grid.shape
    col0 = grid[:, 0]
    lines = np.flatnonzero(col0)
    if len(lines) == 0 or len(set(col0[lines].tolist())) != 1:
        return None
    s, lc = int(lines[0]), int(col0[lines[0]])
    picture = (grid != 0) & (grid != lc)
    if not picture.any():
        return None
    rows, cols = np.flatnonzero(picture.any(1)), np.flatnonzero(picture.any(0))
    rr = rows[0] + (s + 1) * np.arange(n + 1)
    cc = cols[0] + (s + 1) * np.arange(n + 1)
    covered = np.zeros_like(picture)
    covered[np.ix_(rr[rr < h], cc[cc < w])] = True
    if (picture & ~covered).any():              # a picture pixel off the sampled crossings: not this rule
        return None
    p = np.zeros((n + 1, n + 1), np.int64)
    for i, r in enumerate(rr):
        for j, c in enumerate(cc):
            if r < h and c < w and picture[r, c]:
                p[i, j] = grid[r, c]
    return p


def cells(p: np.ndarray) -> np.ndarray:
    """Cell (r, c) takes the colour its four corners share, else black."""
    a, b, c, d = p[:-1, :-1], p[:-1, 1:], p[1:, :-1], p[1:, 1:]
    return np.where((a == b) & (a == c) & (a == d), a, 0)


FIRST_COLUMN = np.eye(1, N, dtype=np.float32)[0]      # selects column 0


def _picture_colours(g: Graph, one: str) -> str:
    """[1,10] float: 1 for the colours column 0 does not show (the picture's), 0 for the lattice's."""
    shows = g.Einsum(g.input, g.const(FIRST_COLUMN, name="col0_sel"), equation="bchw,w->bc", name="col0_colours")
    return g.Sub(one, g.Min(shows, one, name="shown"), name="ink")


class LatticeCornerCells(Solver, name="lattice_corner_cells", tasks=("task185",), refuses="task001",
                         fit_splits=("train", "arc-gen")):
    """A line lattice carries an n x n picture on its crossings (each coloured cell paints its four corner
    crossings); output the picture: a cell is coloured where its four corners share a colour."""

    def plans(self, examples):
        """n: the output side, the same square for every example."""
        shapes = {o.shape for _, o in examples}
        if len(shapes) == 1 and (shape := shapes.pop())[0] == shape[1] and 1 <= shape[0] < 10:
            yield int(shape[0])

    def rule(self, plan, grid):
        p = corners(grid, plan)
        return None if p is None else cells(p)

    def candidates(self, examples):
        plan = self.fit(examples)
        if plan is not None:
            yield self.name, self.build(plan)
            yield f"{self.name}:sample", self.build_sample(plan, max(corner_extent(examples)))

    def build_sample(self, n, lines):
        """`build` with the crossings read by one GridSample (`sample_lines`: rows y0 + k(s+1), columns
        x0 + k(s+1)) instead of two [n+1,30] one-hot selectors, and y0, x0 by `first_last_lines` (a line holds at
        most n + 1 picture cells, the rule's crossings, on the grids' `lines` lines) instead of profiles."""
        g = Graph()
        one = g.const(np.float32(1), name="one")
        ink = _picture_colours(g, one)                                          # [1,10]
        starts = [first_last_lines(g, ink, term, n + 1, lines, f"picture_{tag}", last=False)
                  for term, tag in (("i", "row"), ("j", "col"))]
        if None in starts:
            return self.build(n)
        nonblack = np.ones(C, np.float32)
        nonblack[0] = 0
        col0 = g.Einsum(g.input, g.const(nonblack, name="nonblack"), g.const(FIRST_COLUMN, name="col0_sel"),
                        equation="bchw,c,w->bh", name="col0_lines")
        step = g.Add(g.Cast(g.ArgMax(col0, axis=1, keepdims=0, name="s"), to=1, name="s_f"), one, name="step")
        ks = np.arange(n + 1, dtype=np.float32)
        offsets = [g.Mul(step, g.const(ks.reshape(shape), name=f"{tag}_ks"), name=f"{tag}_off")
                   for tag, shape in (("row", (1, n + 1, 1, 1)), ("col", (1, 1, n + 1, 1)))]
        crossings = sample_lines(g, g.Add(offsets[0], starts[0][0], name="row_at"),
                                 g.Add(offsets[1], starts[1][0], name="col_at"))          # [1,10,n+1,n+1]
        window = np.zeros((n, n + 1), np.float32)
        window[np.arange(n), np.arange(n)] = window[np.arange(n), np.arange(n) + 1] = 1
        win = g.const(window, name="corner_pairs")
        four = g.Einsum(crossings, ink, win, win, equation="bcrs,bc,ur,vs->bcuv", name="corner_sums")  # [1,10,n,n]
        return self._answer(g, four, n)

    @staticmethod
    def _answer(g, four, n):
        """A sum of 4 is a colour, black where no colour has one; padded to the canvas."""
        three = g.const(np.float32(3.5), name="three_half")
        all_four = g.Cast(g.Greater(four, three, name="all_four_b"), to=2, name="all_four")      # a colour
        black = g.Cast(g.Less(g.ReduceMax(four, axes=[1], keepdims=1, name="most"), three, name="black_b"), to=2,
                       name="black")                                                             # no colour
        first = np.zeros((1, C, 1, 1), bool)
        first[0, 0] = True
        small = g.Where(g.const(first, name="background_channel"), black, all_four, name="small")
        return g.model(g.Pad(small, g.ints([0, 0, 0, 0, 0, 0, N - n, N - n]), name="canvas"))

    def build(self, plan):
        n = plan
        g = Graph()
        one = g.const(np.float32(1), name="one")
        ink = _picture_colours(g, one)                                          # [1,10]
        rowp = g.Einsum(g.input, ink, equation="bchw,bc->bh", name="row_profile")
        colp = g.Einsum(g.input, ink, equation="bchw,bc->bw", name="col_profile")
        y0 = g.ArgMax(g.Min(rowp, one, name="row_any"), axis=1, keepdims=1, name="y0")       # [1,1]
        x0 = g.ArgMax(g.Min(colp, one, name="col_any"), axis=1, keepdims=1, name="x0")
        nonblack = np.ones(C, np.float32)
        nonblack[0] = 0
        col0 = g.Einsum(g.input, g.const(nonblack, name="nonblack"), g.const(FIRST_COLUMN, name="col0_sel"),
                        equation="bchw,c,w->bh", name="col0_lines")
        step = g.Add(g.ArgMax(col0, axis=1, keepdims=1, name="s"), g.ints([1], name="one_i"), name="step")
        ks = g.ints(np.arange(n + 1), name="ks")
        ramp = g.ints(np.arange(N).reshape(1, 1, N), name="ramp")

        def selector(start, tag):
            at = g.Add(start, g.Mul(step, ks, name=f"{tag}_off"), name=f"{tag}_at")            # [1,n+1]
            hit = g.Equal(g.Unsqueeze(at, axes=[2], name=f"{tag}_col"), ramp, name=f"{tag}_hit")
            return g.Cast(hit, to=1, name=f"{tag}_sel")                                        # [1,n+1,30]

        # each output cell sums its four corner crossings: the [n, n+1] window table folds the 2x2 sum in
        window = np.zeros((n, n + 1), np.float32)
        window[np.arange(n), np.arange(n)] = window[np.arange(n), np.arange(n) + 1] = 1
        win = g.const(window, name="corner_pairs")
        four = g.Einsum(g.input, selector(y0, "r"), selector(x0, "c"), ink, win, win,
                        equation="bchw,brh,bsw,bc,ur,vs->bcuv", name="corner_sums")                # [1,10,n,n]
        return self._answer(g, four, n)
