"""Colour ranking: the input's colours listed in one column (or row), ordered by how many cells each has
(ties: lower colour first), optionally without the background or the first-ranked colour.

Graph: each colour's rank among the counts (a [10,10] comparison, ties broken by a small colour offset),
Equal with the slot indices where the colour is present, padded to the canvas.

TopK variant: the counts as a [10,1] column (or [1,10] row) are sorted by one TopK (ONNX Runtime puts
equal keys in index order, the rule's tie-break); its indices + 1 on the slots whose key says present (0
after them), less the first slot when the first-ranked colour is dropped, are a one-byte colour + 1 code
that one QLinearConv decodes straight into `output` (`local/_code_decode`). Where every output lists
the same number n of colours, TopK keeps only n (+ the dropped) slots and every slot is listed.
"""
from __future__ import annotations

import itertools

import numpy as np
from onnx import TensorProto

from neurogolf.graph import Graph

from .._common_graph import counts_node
from .._common_grids import C, N, colour_counts
from ..local._code_decode import decode_code
from ._summary import Readings


def _ranking(grid, desc: bool, skip_bg: bool, drop: int):
    """Colours present, by count (most first if desc; ties: lower colour first), less the first `drop`."""
    cn = colour_counts(grid)
    cols = sorted((c for c in range(C) if cn[c] > 0 and not (skip_bg and c == 0)),
                  key=lambda c: (-cn[c] if desc else cn[c], c))
    return cols[drop:]


class ColourRanking(Readings, name="colour_ranking", tasks=("task391", "task393"), refuses="task346"):
    """The input's colours listed in one column (or row), ordered by how many cells each has, optionally without the
    most common one."""

    def plans(self, examples):
        if any(min(o.shape) != 1 for _, o in examples):
            return
        for as_row in (False, True):
            if all(o.shape[0 if as_row else 1] == 1 for _, o in examples):
                yield from ((*p, as_row) for p in itertools.product((True, False), (True, False), (0, 1)))

    def rule(self, plan, grid):
        desc, skip_bg, drop, as_row = plan
        listed = _ranking(grid, desc, skip_bg, drop)
        if not listed:
            return None
        return np.array([listed]) if as_row else np.array([listed]).T

    def label(self, plan):
        desc, skip_bg, drop, as_row = plan
        return f"{'most' if desc else 'least'}{'_nobg' if skip_bg else ''}{'_drop1' if drop else ''}" \
               f"{'_row' if as_row else ''}"

    def graphs(self, plan, examples):
        yield "", self.build(plan)
        yield ":topk", self.build_topk(plan)
        lengths = {o.size for _, o in examples}
        if len(lengths) == 1:
            yield ":topk_fixed", self.build_topk(plan, listed=lengths.pop())

    def build_topk(self, plan, listed=None):
        """listed: every input lists that many colours (one output shape), so TopK keeps only the first
        listed + drop slots, all of them present: no presence cut."""
        desc, skip_bg, drop, as_row = plan
        g = Graph()
        # the counts as the [1,1,10,1] column (or [1,1,1,10] row) plane the decoder reads, the background
        # weighed 0 when it is left out
        weight = np.ones((C, 1, 1), np.float32)
        weight[0] = 0 if skip_bg else 1
        counts = g.Einsum(g.input, g.const(weight, name="counted_colours"),
                          equation="bchw,cxy->bxyc" if as_row else "bchw,cxy->bxcy", name="colour_counts")
        if desc:
            key, cut = counts, 0.5                               # absent colours: 0, after every present one
        else:
            present = g.Greater(counts, g.floats(0.0, name="zero"), name="present")
            key = g.Where(present, g.Neg(counts, name="neg_count"), g.floats(-1000.0, name="absent"), name="key")
            cut = -500.0
        axis = 3 if as_row else 2
        if listed is not None:
            order = g.TopK(key, g.ints([listed + drop], name="k"), axis=axis, outputs=2, name="sorted")[1]
            code = g.Cast(order, to=TensorProto.UINT8, name="slot_colour")
            if drop:
                code = g.Slice(code, g.ints([drop], name="first_kept"), g.ints([listed + drop], name="slots_end"),
                               g.ints([axis], name="slot_axis"), name="kept")
            return g.model(decode_code(g, code, (1, listed) if as_row else (listed, 1), plus_one=True))
        values, order = g.TopK(key, g.ints([C], name="k"), axis=axis, outputs=2, name="sorted")
        # each slot's colour + 1 (0 past the listed colours), the first-ranked slot cut off when it is dropped
        code = g.Where(g.Greater(values, g.floats(cut, name="cut"), name="listed_slot"),
                       g.Add(g.Cast(order, to=TensorProto.UINT8, name="slot_colour"), g.const(np.uint8(1), name="one_u8"),
                             name="slot_code"), g.const(np.uint8(0), name="zero_u8"), name="listed")
        n = C - drop
        if drop:
            code = g.Slice(code, g.ints([drop], name="first_kept"), g.ints([C], name="slots_end"),
                           g.ints([axis], name="slot_axis"), name="kept")
        return g.model(decode_code(g, code, (1, n) if as_row else (n, 1)))

    def build(self, plan):
        desc, skip_bg, drop, as_row = plan
        g = Graph()
        counts = counts_node(g)
        keep = np.ones((1, C, 1, 1), np.float32)
        keep[0, 0] = 0 if skip_bg else 1
        n = g.Mul(counts, g.const(keep, name="keep"), name="counted")
        present = g.Greater(n, g.floats(0.0, name="zero"), name="present")
        # a sort key distinct per colour; absent colours sort after every present one
        tie = (np.arange(C) * 0.01).astype(np.float32).reshape(1, C, 1, 1)
        if desc:
            key = g.Sub(n, g.const(tie, name="tie_break"), name="sort_key")
        else:
            absent = g.Cast(g.Not(present, name="absent"), to=1, name="absent_f")
            key = g.Sub(g.Neg(g.Add(n, g.Mul(absent, g.floats(100.0, name="big"), name="absent_penalty"),
                                    name="penalised"), name="neg_count"), g.const(tie, name="tie_break"),
                        name="sort_key")
        key_t = g.Reshape(key, g.ints([1, 1, C, 1], name="key_t_shape"), name="sort_key_t")
        rank = g.ReduceSum(g.Cast(g.Less(key, key_t, name="beaten_by"), to=1, name="beaten_by_f"), axes=[2],
                           keepdims=1, name="rank")
        slots = np.arange(drop, drop + N, dtype=np.float32)
        slots = slots.reshape(1, 1, 1, N) if as_row else slots.reshape(1, 1, N, 1)
        at = g.And(g.Equal(rank, g.const(slots, name="slots"), name="at_slot"), present, name="listed")
        listed = g.Cast(at, to=2, name="listed_u8")
        pads = [0, 0, 0, 0, 0, 0, N - 1, 0] if as_row else [0, 0, 0, 0, 0, 0, 0, N - 1]
        return g.model(g.Pad(listed, g.ints(pads, name="pads"), name="canvas"))

