"""The colours tied for the largest cell count become the output's columns, ordered by their leftmost
cell, each column as tall as that count.

Counts and first columns (ArgMax of the column presence) are small vectors; a pairwise Less over
the sort key (first column * 10 + colour) gives each picked colour its slot, and one Einsum of
colour x slot x (row < count) writes the output.

Span variant (`top_colour_columns:spans`), exact only where the picked colours' column spans do not
overlap (ARC-GEN task_a3325580 places the largest boxes left to right without column overlap): the sort
key is a colour's summed column index (all picked colours have the same count, so it orders them as
their leftmost cells do); counts and keys are Einsums of the input, a pairwise Less ranks the picked
colours, and one And of (slot == column) [10,1,C] x (row < count) [1,R,1] writes the output (R x C: the
canvas, or in `spans<R>x<C>` the examples' largest output, padded to the canvas).

Sorted variant (`top_colour_columns:sorted`, the same span keys, so exact where `spans` is): one TopK sorts the
picked keys; a colour's column is where its key meets the sorted list, so no [10,10] comparison is kept.
Scored variant (`scored<H>x<W>`, on grids of the generator's extent, where the scores stay exact float32
integers): count and key folded into one score, count * spread - key, so one Einsum and one TopK rank them.
Ranked variant (`ranked<H>x<W>`, the scores of `scored`, on the generator's largest output R x C): a TopK of
the C best scores gives the columns' colours (its indices) in order; a slot keeps its colour where its score
is within half a spread of the top, and rows below the count are those with r * spread < top. The columns'
(colour, colour^2) pairs (0: no cell; colour 0 is never picked) spread down the rows below the count make the
R x C code pair that one padding QLinearConv decodes into `output`, so no [10, 30] column match is stored.
R x C is the largest output the fitted examples show (train and arc-gen): task247's generator draws at most
3 tied colours of at most 6 cells, within it.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver, corner_extent
from .._common_grids import N, colour_counts, same_shape
from ..local._code_decode import decode_code_pair


def top_colours(grid):
    cnt = colour_counts(grid)
    cnt[0] = 0
    m = cnt.max()
    if m == 0 or m > N:
        return None
    cols = [k for k in range(10) if cnt[k] == m]
    cols.sort(key=lambda k: np.nonzero(grid == k)[1].min())
    return np.tile(np.array(cols), (m, 1))


class TopColourColumns(Solver, name="top_colour_columns", tasks=("task247",), refuses="task146",
                       fit_splits=("train", "arc-gen"),
                       aliases=("c2_top_colours",)):
    """The colours tied for the largest cell count listed as columns, ordered by their leftmost cell, each column as
    tall as that count."""

    def plans(self, examples):
        if not same_shape(examples):
            yield "columns"        # the rule has no parameter

    def rule(self, plan, grid):
        return top_colours(grid)

    def candidates(self, examples):
        plan = self.fit(examples)
        if plan is None:
            return
        yield self.name, self.build(plan)
        yield f"{self.name}:spans", self.build_spans(plan)
        yield f"{self.name}:sorted", self.build_sorted()
        h, w = corner_extent(examples)                          # the generator's largest input
        spread = 2 * h * w * max(w - 1, 1) + 1                  # above twice any colour's summed column index
        if h * w * spread < 2 ** 24:                            # every score an exact float32 integer
            yield f"{self.name}:scored{h}x{w}", self.build_scored(spread)
        window = corner_extent(examples, outputs=True)          # the generator's largest grid
        if max(window) < N:
            yield f"{self.name}:spans{window[0]}x{window[1]}", self.build_spans(plan, window)
            out_h = max(o.shape[0] for _, o in examples)         # the generator's largest output
            out_w = max(o.shape[1] for _, o in examples)
            if h * w * spread < 2 ** 24 and out_w <= 10:
                yield f"{self.name}:ranked{out_h}x{out_w}", self.build_ranked(spread, (out_h, out_w))

    def build_spans(self, plan, window=None):
        """The slot's column and the count's rows as two bool vectors, their And writes `output`. window
        (rows, columns), the generator's largest grid (`corner_extent`): the And writes that corner and a Pad
        writes `output`."""
        g = Graph()
        fg = g.floats(np.r_[0, np.ones(9)].reshape(10, 1, 1))
        x = g.floats(np.arange(N).reshape(N, 1, 1))
        count_c = g.Einsum(g.input, fg, equation="bcyx,ckl->bckl", name="count_c")              # [1,10,1,1]
        count_r = g.Einsum(g.input, fg, equation="bcyx,ckl->bklc", name="count_r")              # [1,1,1,10]
        top = g.ReduceMax(count_c, axes=[1], keepdims=1, name="top_count")                      # [1,1,1,1]
        picked_c = g.Equal(count_c, top, name="picked_c")
        picked_r = g.Equal(count_r, top, name="picked_r")
        key_c = g.Einsum(g.input, x, equation="bcyx,xkl->bckl", name="key_c")                   # [1,10,1,1]
        key_r = g.Einsum(g.input, x, equation="bcyx,xkl->bklc", name="key_r")                   # [1,1,1,10]
        # an unpicked colour's key moves past every key (a sum of at most N * N column indices below N)
        picked_key = g.Where(picked_r, key_r, g.floats(float(N * N * N), name="past_keys"), name="picked_key")
        before = g.Less(picked_key, key_c, name="picked_before")                                  # [1,c,1,c']
        slot = g.ReduceSum(g.Cast(before, to=10, name="before_f16"), axes=[3], keepdims=1, name="slot")
        slot = g.Where(picked_c, slot, g.const(np.float16(-1), name="no_slot"), name="picked_slot")  # [1,10,1,1]
        rows, cols = window or (N, N)
        at = g.Equal(slot, g.const(np.arange(cols, dtype=np.float16).reshape(1, 1, 1, cols), name="column_no"),
                     name="at_column")                                                          # [1,10,1,C]
        tall = g.Less(g.floats(np.arange(rows).reshape(1, 1, rows, 1), name="row_no"), top, name="tall")
        if window is None:
            return g.model(g.And(at, tall))
        return g.model(g.Pad(g.And(at, tall, name="answer"), g.ints([0, 0, 0, 0, 0, 0, N - rows, N - cols])))

    def build_sorted(self):
        """Span sort keys (as `build_spans`) ranked by one TopK instead of a pairwise Less: the picked colours'
        keys (unpicked ones moved past every key) sorted ascending are the output columns' keys, and a colour
        sits in column j where its key (-1 when unpicked) equals the j-th sorted key. No [10,10] comparison
        and its cast; the [10,10] match is padded to the canvas's columns and And-ed with the rows < count."""
        g = Graph()
        fg = g.floats(np.r_[0, np.ones(9)].reshape(10, 1, 1))
        line_no = g.floats(np.arange(N).reshape(1, 1, N, 1), name="line_no")     # column indices, then row indices
        count = g.Einsum(g.input, fg, equation="bcyx,ckl->bckl", name="count")                  # [1,10,1,1]
        top = g.ReduceMax(count, axes=[1], keepdims=1, name="top_count")                        # [1,1,1,1]
        picked = g.Equal(count, top, name="picked")
        key = g.Einsum(g.input, line_no, equation="bcyx,klxm->bckm", name="key")                       # [1,10,1,1]
        # an unpicked colour's key moves past every key (a sum of at most N * N column indices below N)
        sort_key = g.Where(picked, key, g.floats(float(N * N * N), name="past_keys"), name="sort_key")
        sorted_keys, _ = g.op("TopK", sort_key, g.ints([10], name="ten"), axis=1, largest=0, outputs=2,
                              name="sorted_keys")                                               # [1,10,1,1]
        slot_keys = g.Reshape(sorted_keys, g.ints([1, 1, 1, 10], name="as_columns"), name="slot_keys")
        own_key = g.Where(picked, key, g.floats(-1.0, name="no_key"), name="own_key")          # -1: no column
        at = g.Equal(own_key, slot_keys, name="at_slot")                                        # [1,10,1,10]
        at = g.Pad(at, g.ints([0, 0, 0, 0, 0, 0, 0, N - 10], name="to_columns"), name="at_column")  # [1,10,1,30]
        tall = g.Less(line_no, top, name="tall")
        return g.model(g.And(at, tall))

    def build_scored(self, spread):
        """As `build_sorted`, count and key in one score per colour, count * spread - key (spread above twice any
        key, on grids of the generator's extent): the colours of the top count score above top - spread / 2 and
        every other below, ranked by ascending key. One Einsum scores, one TopK sorts, and rows below the count
        are those with row * spread < top (as spread - row > spread - top / spread, on the score's own line table)."""
        g = Graph()
        fg = g.floats(np.r_[0, np.ones(9)].reshape(10, 1, 1), name="fg")
        # spread - i for line i: the score's column weights, and (as rows) the height test below
        spread_less = g.floats(spread - np.arange(N).reshape(1, 1, N, 1), name="spread_less_line")
        score = g.Einsum(g.input, fg, spread_less, equation="bcyx,ckl,klxm->bckm", name="score")  # [1,10,1,1]
        top = g.ReduceMax(score, axes=[1], keepdims=1, name="top_score")                        # [1,1,1,1]
        sorted_scores, _ = g.op("TopK", score, g.ints([10], name="ten"), axis=1, outputs=2,
                                name="sorted_scores")                                           # [1,10,1,1]
        slot_scores = g.Reshape(sorted_scores, g.ints([1, 1, 1, 10], name="as_columns"), name="slot_scores")
        picked = g.Greater(score, g.Sub(top, g.floats(spread / 2, name="half_spread"), name="floor"),
                           name="picked")
        own = g.Where(picked, score, g.floats(-1.0, name="no_score"), name="own_score")         # -1: no column
        at = g.Equal(own, slot_scores, name="at_slot")                                          # [1,10,1,10]
        at = g.Pad(at, g.ints([0, 0, 0, 0, 0, 0, 0, N - 10], name="to_columns"), name="at_column")  # [1,10,1,30]
        # row r < count  <=>  r < top / spread  <=>  spread - r > spread - top / spread
        tall = g.Greater(spread_less, g.Sub(g.floats(float(spread), name="spread"),
                                            g.Div(top, g.floats(float(spread), name="spread")), name="height_floor"),
                         name="tall")
        return g.model(g.And(at, tall))

    def build_ranked(self, spread, shape):
        """See the module docstring: the scores of `build_scored`, the C best ranked by one TopK whose indices
        are the columns' colours; an R x C uint8 plane of colour code pairs decoded by one padding QLinearConv."""
        rows, cols = shape
        g = Graph()
        fg = g.floats(np.r_[0, np.ones(9)].reshape(10, 1, 1), name="fg")
        spread_less = g.floats(spread - np.arange(N).reshape(1, 1, N, 1), name="spread_less_line")
        score = g.Einsum(g.input, fg, spread_less, equation="bcyx,ckl,klxm->bkmc", name="score")  # [1,1,1,10]
        best, colour = g.op("TopK", score, g.ints([cols], name="columns"), axis=3, outputs=2,
                            name="best_scores")                                                  # [1,1,1,C]
        top = g.ReduceMax(score, axes=[3], keepdims=1, name="top_score")                         # [1,1,1,1]
        picked = g.Greater(best, g.Sub(top, g.floats(spread / 2, name="half_spread"), name="floor"),
                           name="picked")                                                        # [1,1,1,C]
        zero = g.const(np.uint8(0), name="no_colour")
        colours = g.Where(picked, g.Cast(colour, to=2, name="colour_u8"), zero, name="column_colour")
        # row r < count  <=>  r * spread < top (= count * spread - key, key below spread / 2)
        tall = g.Less(g.floats(spread * np.arange(rows).reshape(1, 1, rows, 1), name="row_spread"), top,
                      name="tall")                                                               # [1,1,R,1]
        pair = g.Concat(colours, g.Mul(colours, colours, name="colour_square"), axis=1, name="column_pair")
        plane = g.Where(tall, pair, zero, name="code_pair")                                      # [1,2,R,C]
        codes = np.r_[15, np.arange(1, 10)]                    # colour k has code k; colour 0 (never drawn) 15
        return g.model(decode_code_pair(g, plane, shape, codes=codes))

    def build(self, plan):
        g = Graph()
        fg = np.ones((1, 10), np.float32)
        fg[0, 0] = 0
        counts = g.Mul(g.ReduceSum(g.input, axes=[2, 3], keepdims=0, name="colour_counts"), g.const(fg, name="fg"),
                       name="fg_counts")                                                        # [1,10]
        top = g.ReduceMax(counts, axes=[1], keepdims=1, name="top_count")                       # [1,1]
        picked = g.Cast(g.Equal(counts, top, name="is_top_b"), to=1, name="is_top")             # [1,10]
        first_col = g.Cast(g.ArgMax(g.ReduceMax(g.input, axes=[2], keepdims=0, name="col_present"), axis=2,
                                    keepdims=0, name="first_col_i"), to=1, name="first_col")     # [1,10]
        key = g.Add(g.Mul(first_col, g.const(np.float32(10)), name="key10"),
                    g.const(np.arange(10, dtype=np.float32).reshape(1, 10), name="colour_no"), name="sort_key")
        before = g.Cast(g.Less(g.Unsqueeze(key, axes=[2], name="key_other"), g.Unsqueeze(key, axes=[1], name="key_me"),
                               name="before_b"), to=1, name="before")                           # [1,c',c]
        slot = g.Einsum(picked, before, equation="bx,bxc->bc", name="slot")                     # [1,10]
        slots = g.Cast(g.Equal(g.Unsqueeze(slot, axes=[2], name="slot3"),
                               g.const(np.arange(N, dtype=np.float32).reshape(1, 1, N), name="column_no"),
                               name="at_column_b"), to=1, name="at_column")                      # [1,10,30]
        placed = g.Mul(slots, g.Unsqueeze(picked, axes=[2], name="picked3"), name="placed")
        tall = g.Cast(g.Less(g.const(np.arange(N, dtype=np.float32).reshape(1, N), name="row_no"), top,
                             name="tall_b"), to=1, name="tall")                                 # [1,30]
        return g.model(g.Einsum(placed, tall, equation="bcj,br->bcrj"))
