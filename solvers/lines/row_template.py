"""Row template: the fullest row is a two-colour template; every row copies it, writing its own first
cell where the template has its first colour and its own cell at the template's first change where it
has the second (short rows are colour keys for the template).

out = Gather(input, src, axis=3), src[j] = 0 where template[j] matches template[0], else the column of
the template's first change; src comes from the template's colour profile (one Einsum per step).
"""
from __future__ import annotations

import numpy as np
from onnx import TensorProto

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import same_shape


def source(grid):
    """Per column, the column each row copies; None unless one row is the fullest (the graph adds up
    tied rows) and its first cell is coloured with a change after it."""
    full = (grid != 0).sum(axis=1)
    if (full == full.max()).sum() != 1:
        return None
    t = grid[int(full.argmax())]
    change = np.nonzero(t != t[0])[0]
    if t[0] == 0 or change.size == 0:
        return None
    return np.where(t == t[0], 0, change[0])


class RowTemplate(Solver, name="row_template", tasks=("task197",), refuses="task228",
                  aliases=("c4_rowtemplate", "c3_rowmap")):
    """The fullest row is a two-colour template; every row repaints it with the colours found in its own first cells
    (template colour by template colour)."""

    def plans(self, examples):
        if same_shape(examples) and any((i != o).any() for i, o in examples):
            yield True

    def rule(self, plan, grid):
        src = source(grid)
        return None if src is None else grid[:, src]

    def build(self, plan):
        g = Graph()
        f = lambda v, name: g.const(np.asarray(v, np.float32), name=name)
        ar = np.arange(30, dtype=np.float32)
        ink = np.float32(np.arange(10) > 0)
        per_row = g.Einsum(g.input, f(ink, "ink"), equation="zcij,c->zi", name="row_ink")
        is_t = g.Cast(g.Equal(per_row, g.ReduceMax(per_row, axes=[1], keepdims=1, name="fullest"), name="tpl_b"),
                      to=TensorProto.FLOAT, name="template_rows")
        first = np.zeros(30, np.float32)
        first[0] = 1
        tpl = g.Einsum(g.input, is_t, equation="zcij,zi->zcj", name="template")                 # [1,10,30]
        head = g.Einsum(tpl, f(first, "first_col"), equation="zcj,j->zc", name="template_head")
        same = g.Einsum(tpl, head, equation="zcj,zc->zj", name="same_as_head")                  # [1,30]
        colin = g.ReduceMax(g.input, axes=[1, 2], keepdims=0, name="col_in_grid")
        other = g.Greater(colin, same, name="other_colour")                                      # in grid, not head
        change = g.ReduceMin(g.Where(other, f(ar, "ar"), f(99, "big"), name="change_c"), axes=[1], keepdims=1,
                             name="first_change")
        src = g.Where(other, change, g.Where(g.Greater(same, f(0, "zero"), name="is_head"), f(0, "zero"),
                                             f(ar, "ar"), name="head_or_self"), name="source_f")
        src = g.Cast(g.Squeeze(src, axes=[0], name="source_1d"), to=TensorProto.INT64, name="source")
        return g.model(g.Gather(g.input, src, axis=3))
