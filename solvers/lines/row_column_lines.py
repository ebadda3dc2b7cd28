"""Marks become full lines: every colour is either a row colour (each of its cells paints its whole row)
or a column colour (paints its whole column); where a row line crosses a column line a fitted table says
who shows (the row colour, the column colour, or a third colour).

Graph: which colours each row holds (ReduceMax over columns) and each column holds, each padded with an
always-on channel; one Einsum of the in-grid indicator (the input's channel sum), both and a bilinear
weight table writes `output`. Its weights are set so that exactly the fitted colour scores +1 and every
other colour -1 in grid, and everything scores 0 off the grid.
"""
from __future__ import annotations

import itertools

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import C, same_shape


def lines(grid, kinds, cross, default):
    """The line picture of `grid`, or None where a row (column) holds two row (column) colours."""
    h, w = grid.shape
    rows = np.zeros(h, np.int64)
    cols = np.zeros(w, np.int64)
    for x, kind in kinds.items():
        r, c = np.nonzero(grid == x)
        tgt, idx = (rows, r) if kind == "row" else (cols, c)
        for k in set(idx.tolist()):
            if tgt[k] not in (0, x):
                return None
            tgt[k] = x
    out = np.zeros((h, w), np.int64)
    out[rows > 0, :] = rows[rows > 0, None]
    out[:, cols > 0] = cols[None, cols > 0]
    for i in np.nonzero(rows)[0]:
        for j in np.nonzero(cols)[0]:
            key = (int(rows[i]), int(cols[j]))
            out[i, j] = cross.get(key, {"row": key[0], "col": key[1]}.get(default, default))
    return out


def _crossings(examples, kinds):
    """The crossing table read off the outputs, or None where one crossing shows two colours."""
    cross = {}
    for i, o in examples:
        rows = {int(r): int(x) for x, k in kinds.items() if k == "row" for r in np.nonzero((i == x).any(1))[0]}
        cols = {int(c): int(x) for x, k in kinds.items() if k == "col" for c in np.nonzero((i == x).any(0))[0]}
        for r, x in rows.items():
            for c, y in cols.items():
                if cross.setdefault((x, y), int(o[r, c])) != o[r, c]:
                    return None
    return cross or None


def _default(cross):
    """Who shows at crossings the examples never saw: the row colour, the column colour or one colour."""
    vals = set(cross.values())
    if all(v == x for (x, _), v in cross.items()):
        return "row"
    if all(v == y for (_, y), v in cross.items()):
        return "col"
    return vals.pop() if len(vals) == 1 else None


class RowColumnLines(Solver, name="row_column_lines", tasks=("task024", "task299"), refuses="task312",
                     aliases=("c1_lines",), fit_splits=("train", "arc-gen")):
    """Each colour's marks become full rows or full columns of that colour; where a row line crosses a column line a
    fixed table decides the colour (row's, column's or a third)."""

    def plans(self, examples):
        if not same_shape(examples):
            return
        for i0, o0 in examples[:3]:   # quick necessary check: every mark lies on a full output row or column
            full = (o0 != 0).all(1)[:, None] | (o0 != 0).all(0)[None, :]
            if not full[i0 != 0].all() or not (i0 != 0).any():
                return
        colours = np.nonzero(np.bincount(np.concatenate([i.ravel() for i, _ in examples]), minlength=C))[0]
        colours = [int(c) for c in colours if c != 0]
        if not colours or len(colours) > 5:
            return
        # background in every row and column of every input: its channel is the always-on slot for free
        bg_on = all((i == 0).any(0).all() and (i == 0).any(1).all() for i, _ in examples)
        for choice in itertools.product(("row", "col"), repeat=len(colours)):
            if len(set(choice)) == 1:
                continue
            kinds = dict(zip(colours, choice))
            cross = _crossings(examples, kinds)
            default = None if cross is None else _default(cross)
            if default is not None:
                yield {"kinds": {str(k): v for k, v in kinds.items()},
                       "cross": [[x, y, v] for (x, y), v in cross.items()], "default": default, "bg_on": bg_on}

    def rule(self, plan, grid):
        if plan["bg_on"] and not ((grid == 0).any(0).all() and (grid == 0).any(1).all()):
            return None      # the graph reads background as the always-on slot: it must be on every line
        kinds = {int(k): v for k, v in plan["kinds"].items()}
        return lines(grid, kinds, {(x, y): v for x, y, v in plan["cross"]}, plan["default"])

    def build(self, plan):
        kinds = {int(k): v for k, v in plan["kinds"].items()}
        cross = {(x, y): v for x, y, v in plan["cross"]}
        default = plan["default"]
        # score[d] = sum over (x, y) of R'[x] C'[y] W[x, y, d]; index C stands for "always on"
        one = 0 if plan["bg_on"] else C
        w = np.zeros((C + 1, C + 1, C), np.float32)
        base = -np.ones(C, np.float32)
        base[0] = 1
        w[one, one] = base                                   # nothing crosses: background
        row_cols = [x for x, k in kinds.items() if k == "row"]
        col_cols = [y for y, k in kinds.items() if k == "col"]
        for x in row_cols:
            t = -np.ones(C, np.float32)
            t[x] = 1
            w[x, one] = t - base
        for y in col_cols:
            t = -np.ones(C, np.float32)
            t[y] = 1
            w[one, y] = t - base
        for x in row_cols:
            for y in col_cols:
                v = cross.get((x, y), {"row": x, "col": y}.get(default, default))
                t = -np.ones(C, np.float32)
                t[v] = 1
                w[x, y] = t - base - w[x, one] - w[one, y]
        g = Graph()
        rows = g.ReduceMax(g.input, axes=[3], keepdims=0, name="row_colours")          # [1,10,30]
        cols = g.ReduceMax(g.input, axes=[2], keepdims=0, name="col_colours")          # [1,10,30]
        if plan["bg_on"]:     # every grid row/column holds background: off the grid both read 0
            return g.model(g.Einsum(rows, cols, g.const(w[:C, :C], name="line_weights"), equation="bxi,byj,xyd->bdij"))
        pads = g.ints([0, 0, 0, 0, 1, 0], name="add_on_channel")
        on = g.floats(1.0, name="on")
        rows = g.Pad(rows, pads, on, name="row_colours_on")                             # [1,11,30]
        cols = g.Pad(cols, pads, on, name="col_colours_on")
        ones = g.const(np.ones(C, np.float32), name="ones")
        y = g.Einsum(g.input, ones, rows, cols, g.const(w, name="line_weights"),
                     equation="bcij,c,bxi,byj,xyd->bdij")
        return g.model(y)
