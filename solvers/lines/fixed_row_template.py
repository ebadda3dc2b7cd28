"""Fixed row template: one row at a fixed index is a full two-colour template; every row is repainted from it,
writing its own first cell where the template has the template's first colour and its own cell at the
template's first change where it has the other colour (the other rows show only a key: their first cells
up to that change). Rows past the grid's end and empty rows stay as they are.

Unlike `row_template`, which finds the template as the fullest row (and breaks when a key row is as full
as the template, i.e. when the template's first change is its last cell), the template's row index is
fitted: every example shows it at the same place (the generator of task197 always draws it at row 1).

Graph: out = Gather(input, src, axis=3): src[j] = 0 where the template's cell j has the colour of its cell 0,
else the column of the template's first change (ReduceMin over the "other colour" columns), and j itself
outside the grid's columns (so those stay empty). The template row is read by Einsums with a one-hot row
selector (never copied out of the input).
"""
from __future__ import annotations

import numpy as np
from onnx import TensorProto

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import same_shape


def _source(template: np.ndarray):
    """Per column, the column every row copies; None unless the template's first cell is coloured and a
    change follows it."""
    change = np.nonzero(template != template[0])[0]
    if template[0] == 0 or change.size == 0 or (template == 0).any():
        return None
    return np.where(template == template[0], 0, change[0])


class FixedRowTemplate(Solver, name="fixed_row_template", tasks=("task197",), refuses="task228",
                       fit_splits=("train", "arc-gen")):
    """A full two-colour row at a fixed index is a template; every row repaints it with its own first cell (for the
    template's first colour) and its own cell at the template's first change (for the other)."""

    def plans(self, examples):
        """The row index at which every example's input holds a full two-colour template (topmost first)."""
        if not same_shape(examples) or not any((i != o).any() for i, o in examples):
            return
        for r in range(min(i.shape[0] for i, _ in examples)):
            if all(_source(i[r]) is not None for i, _ in examples):
                yield r

    def rule(self, plan, grid):
        if grid.shape[0] <= plan:
            return None
        src = _source(grid[plan])
        return None if src is None else grid[:, src]

    def build(self, plan):
        g = Graph()
        f = lambda v, name: g.const(np.asarray(v, np.float32), name=name)
        pick = np.zeros(30, np.float32)
        pick[plan] = 1
        row = f(pick, "template_row")
        head = g.Slice(g.input, g.ints([plan, 0]), g.ints([plan + 1, 1]), g.ints([2, 3]), name="template_head")
        same = g.Einsum(g.input, row, head, equation="zcij,i,zcxy->j", name="same_as_head")         # [30]
        colin = g.Einsum(g.input, row, equation="zcij,i->j", name="col_in_grid")                    # [30]
        other = g.Greater(colin, same, name="other_colour")                                         # in grid, not head
        lines = g.const(np.arange(30, dtype=np.uint8), name="lines")         # column indices fit a byte
        change = g.ReduceMin(g.Where(other, lines, g.const(np.uint8(99), name="big"), name="change_c"), axes=[0],
                             keepdims=1, name="first_change")
        zero = g.const(np.uint8(0), name="zero_u8")
        src = g.Where(other, change, g.Where(g.Greater(same, f(0, "zero"), name="is_head"), zero, lines,
                                             name="head_or_self"), name="source_u8")
        src = g.Cast(src, to=TensorProto.INT32, name="source")
        return g.model(g.Gather(g.input, src, axis=3))
