"""Histogram: a bar chart of the colour counts: one bar per colour, as long as its count, tallest first (ties:
lower colour first), in columns hanging from the top or in rows from the left.

Graph: each colour's rank among the counts (a [10,10] comparison), its bar slot and reach compared with
the slot and line indices, the rest of the chart's box as background, padded to the canvas. When every
grid holds one colour the chart is a single bar: a much smaller graph.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import corner_extent
from .._common_graph import counts_node
from .._common_grids import C, N, colour_counts
from ._summary import Readings, drawable


def _histogram(grid, skip_bg: bool) -> np.ndarray | None:
    """One bar per colour, tallest first (ties: lower colour first), bars hanging from the top row."""
    cn = colour_counts(grid)
    cols = sorted((c for c in range(C) if cn[c] > 0 and not (skip_bg and c == 0)), key=lambda c: (-cn[c], c))
    if not cols:
        return None                                   # a grid with no colour to count
    out = np.zeros((max(cn[c] for c in cols), len(cols)), np.int64)
    for x, c in enumerate(cols):
        out[:cn[c], x] = c
    return drawable(out)


class Histogram(Readings, name="histogram", tasks=("task239", "task339"), refuses="task100",
                fit_splits=("train", "arc-gen")):
    """A bar chart of the colour counts: one bar per colour, as long as its count, tallest first, in columns from the
    top or in rows from the left."""

    def plans(self, examples):
        if not all(i.shape == o.shape for i, o in examples):
            for skip_bg in (True, False):
                for transpose in (False, True):
                    yield skip_bg, transpose

    def rule(self, plan, grid):
        chart = _histogram(grid, plan[0])
        return chart.T if chart is not None and plan[1] else chart

    def label(self, plan):
        return f"{'nobg' if plan[0] else 'all'}{'_rows' if plan[1] else ''}"

    def graphs(self, plan, examples):
        yield "", self.build(plan)
        # every grid holding one colour: the chart is a single bar, a much smaller graph
        if plan[0] and all(len(np.unique(i[i != 0])) == 1 for i, _ in examples):
            yield "_single", self.build_single(plan)
        if plan[0]:
            yield "_slots", self.build_slots(plan)
            bars = min(C - 1, max(corner_extent(examples, outputs=True)))   # no more bars than colours or canvas lines
            if bars < C:
                yield f"_slots{bars}", self.build_slots(plan, bars)

    def build_slots(self, plan, bars=C):
        """Background not counted: each colour's rank among the sort keys gives its slot, a [10 colours,
        10 slots] one-hot S; one Einsum writes output from S, the counts n and the longest bar L as a product
        of three factors, each linear in the slot's data: channel c >= 1 is S[c,j] (n_j - y) (y = line + 1/2,
        n_j the count at slot j), channel 0 is n_j (y - n_j) (L - y); a colour with no cell sits at a slot
        past the bars with n_j = 0, so nothing is drawn there. bars: the slots held (9, every non-background
        colour, or fewer where the generator's canvas has fewer lines): the TopK keeps only that many."""
        _, transpose = plan
        g = Graph()
        keep = np.ones(C, np.float32)
        keep[0] = 0
        n = g.Einsum(g.input, g.const(keep, name="keep"), equation="bkpq,k->bk", name="bar_length")      # [1,10]
        if bars < C:
            # the colour at each slot: TopK of the counts (ONNX TopK breaks ties by the lower index: the lower
            # colour first, as the rule does), one Equal of the colour index [1,10,1] against it [1,s]; its
            # values are the lengths slot by slot
            lengths, order = g.TopK(g.Cast(n, to=10, name="bar_length_f16"), g.ints([bars], name="bar_count"),
                                    axis=1, largest=1, sorted=1, outputs=2, name="ranked")         # [1,s]
            slot = g.Cast(g.Equal(g.const(np.arange(C, dtype=np.int64).reshape(1, C, 1), name="colour_index"),
                                  order, name="slot_b"), to=10, name="slot")                       # [1,c,s]
            held, per_slot = bars, True
        else:
            key = g.Sub(n, g.const((np.arange(C) * 0.01).astype(np.float32), name="tie_break"), name="sort_key")
            key_c = g.Reshape(key, g.ints([1, C, 1], name="column_shape"), name="sort_key_c")           # [1,10,1]
            beaten = g.Cast(g.Less(key_c, key, name="beaten_by"), to=10, name="beaten_by_f16")         # [1,c,c']
            rank = g.ReduceSum(beaten, axes=[2], keepdims=1, name="rank")                                # [1,10,1]
            slot = g.Cast(g.Equal(rank, g.const(np.arange(bars, dtype=np.float16).reshape(1, 1, bars), name="slots"),
                                  name="slot_b"), to=10, name="slot")                                    # [1,c,s]
            lengths, held, per_slot = g.Cast(n, to=10, name="bar_length_f16"), C, False
        # the chart's Einsum runs in float16 (counts and lines stay below 31, products below 2^14)
        data = g.Concat(g.Reshape(lengths, g.ints([1, held, 1], name="column_shape"), name="length_c"),
                        g.const(np.ones((1, held, 1), np.float16), name="ones"), axis=2, name="slot_data")
        longest = g.Concat(g.ReduceMax(lengths, axes=[1], keepdims=1, name="longest"),
                           g.const(np.ones((1, 1), np.float16), name="one"), axis=1, name="longest_one")   # [1,2]
        place = np.eye(bars, N, dtype=np.float16)                                                     # slot -> line
        # factor 1: channel 0 -n_j, channel c S[c,j], as [x, m, c] = colour_of[x, c] chan[c, m] (datum 0 the
        # count n for channel 0, datum 1 the slot's one for the others; colour_of -1 for channel 0, x = c else)
        colour_of = np.eye(C, dtype=np.float16)
        colour_of[:, 0] = -1
        chan = np.zeros((C, 2), np.float16)            # term 0 for channel 0, term 1 for the others
        chan[0, 0] = 1
        chan[1:, 1] = 1
        y = np.stack([np.ones(N), -(np.arange(N) + 0.5)], axis=1).astype(np.float16)                 # [line, term]
        # factor 2: n_j - y; factor 3: channel 0 (L - y) = L * 1 + 1 * (-y), others 1 * 1, as [chan term,
        # (L, 1), line term]
        third = np.zeros((2, 2, 2), np.float16)
        third[0, 0, 0] = 1
        third[0, 1, 1] = 1
        third[1, 1, 0] = 1
        P, Y, K = g.const(place, name="place"), g.const(y, name="line_terms"), g.const(chan, name="channel_term")
        out = "bcjr" if transpose else "bcrj"
        if per_slot:      # data [1,s,2] already slot by slot
            terms, ops = "bxs,sj,bsm,xc,cm,tj,btl,rl", [slot, P, data, g.const(colour_of, name="colour_of"), K, P,
                                                        data, Y]
        else:             # data [1,c,2] colour by colour, moved to the slots by S
            terms, ops = "bxs,sj,bxm,xc,cm,bzt,tj,bzl,rl", [slot, P, data, g.const(colour_of, name="colour_of"), K,
                                                           slot, P, data, Y]
        return g.model(g.Einsum(*ops, longest, K, g.const(third, name="third"), Y,
                                equation=f"{terms},bn,ce,enk,rk->{out}"))

    def build_single(self, plan):
        _, transpose = plan
        g = Graph()
        counts = counts_node(g)
        keep = np.ones((1, C, 1, 1), np.float32)
        keep[0, 0] = 0
        kept = g.Mul(counts, g.const(keep, name="keep"), name="counted")
        colour = g.Greater(kept, g.floats(0.0, name="zero"), name="bar_colour")              # [1,10,1,1]
        length = g.ReduceSum(kept, axes=[1], keepdims=1, name="bar_length")
        along = np.arange(N, dtype=np.float32).reshape((1, 1, 1, N) if transpose else (1, 1, N, 1))
        reach = g.Less(g.const(along, name="along"), length, name="bar_reach")
        bar = g.Cast(g.And(colour, reach, name="bar"), to=2, name="bar_u8")
        pads = [0, 0, 0, 0, 0, 0, N - 1, 0] if transpose else [0, 0, 0, 0, 0, 0, 0, N - 1]
        return g.model(g.Pad(bar, g.ints(pads, name="pads"), name="canvas"))

    def build(self, plan):
        skip_bg, transpose = plan
        g = Graph()
        counts = counts_node(g)
        keep = np.ones((1, C, 1, 1), np.float32)
        keep[0, 0] = 0 if skip_bg else 1
        n = g.Mul(counts, g.const(keep, name="keep"), name="bar_length")            # [1,10,1,1]
        # bars sort by length, ties by colour: a key that is distinct for every colour
        key = g.Sub(n, g.const((np.arange(C) * 0.01).astype(np.float32).reshape(1, C, 1, 1), name="tie_break"),
                    name="sort_key")
        key_t = g.Reshape(key, g.ints([1, 1, C, 1], name="key_t_shape"), name="sort_key_t")
        beaten = g.Cast(g.Less(key, key_t, name="beaten_by"), to=1, name="beaten_by_f")   # [1,10,10,1]
        rank = g.ReduceSum(beaten, axes=[2], keepdims=1, name="rank")                   # [1,10,1,1]
        # at most ten bars: the chart is built ten cells wide and padded to the canvas at the end
        if transpose:     # bars are rows growing rightwards
            along = g.const(np.arange(N, dtype=np.float32).reshape(1, 1, 1, N), name="along")
            across = g.const(np.arange(C, dtype=np.float32).reshape(1, 1, C, 1), name="across")
        else:             # bars are columns growing downwards
            along = g.const(np.arange(N, dtype=np.float32).reshape(1, 1, N, 1), name="along")
            across = g.const(np.arange(C, dtype=np.float32).reshape(1, 1, 1, C), name="across")
        slot = g.Equal(rank, across, name="bar_slot")                     # bar c sits at position rank c
        grown = g.Less(along, n, name="bar_reach")
        one, ten = g.ints([1], name="one_i"), g.ints([C], name="ten_i")
        chan = g.ints([1], name="channel_axis")
        fill = g.And(g.Slice(slot, one, ten, chan, name="slot_colours"),
                     g.Slice(grown, one, ten, chan, name="reach_colours"), name="bars")   # [1,9,30,30]
        # the rest of the chart's box is background: inside (longest bar) x (number of bars)
        slot_len = g.ReduceSum(g.Mul(g.Cast(slot, to=1, name="bar_slot_f"), n, name="slot_bar"), axes=[1],
                               keepdims=1, name="slot_length")
        longest = g.ReduceMax(n, axes=[1], keepdims=1, name="longest")
        nbars = g.ReduceSum(g.Cast(g.Greater(n, g.floats(0.0, name="zero"), name="has_bar"), to=1,
                                   name="has_bar_f"), axes=[1], keepdims=1, name="bars_count")
        inbox = g.And(g.Less(along, longest, name="in_length"), g.Less(across, nbars, name="in_width"),
                      name="in_chart")
        empty = g.And(inbox, g.Not(g.Less(along, slot_len, name="on_bar"), name="off_bar"), name="empty")
        if not skip_bg:
            zero_i = g.ints([0], name="zero_i")
            bar0 = g.And(g.Slice(slot, zero_i, one, chan, name="slot_bg"), g.Slice(grown, zero_i, one, chan,
                                                                                 name="reach_bg"), name="bar_bg")
            empty = g.Or(empty, bar0, name="background")
        chart = g.Cast(g.Concat(empty, fill, axis=1, name="chart"), to=2, name="chart_u8")
        pads = [0, 0, 0, 0, 0, 0, N - C, 0] if transpose else [0, 0, 0, 0, 0, 0, 0, N - C]
        return g.model(g.Pad(chart, g.ints(pads, name="pads"), name="canvas"))

