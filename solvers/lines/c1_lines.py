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

C = 10


def _render(grid, kinds, cross, default):
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


class Lines(Solver):
    name = "c1_lines"
    description = ("each colour's marks become full rows or full columns of that colour; where a row line "
                   "crosses a column line a fixed table decides the colour (row's, column's or a third)")
    fit_splits = ("train", "arc-gen")

    def fit(self, examples):
        if any(i.shape != o.shape for i, o in examples):
            return None
        for i0, o0 in examples[:3]:   # quick necessary check: every mark lies on a full output row or column
            full = (o0 != 0).all(1)[:, None] | (o0 != 0).all(0)[None, :]
            if not full[i0 != 0].all() or not (i0 != 0).any():
                return None
        colours = np.nonzero(np.bincount(np.concatenate([i.ravel() for i, _ in examples]), minlength=C))[0]
        colours = [int(c) for c in colours if c != 0]
        if not colours or len(colours) > 5:
            return None
        for choice in itertools.product(("row", "col"), repeat=len(colours)):
            kinds = dict(zip(colours, choice))
            if len(set(choice)) == 1:
                continue
            plan = self._fit_kinds(examples, kinds)
            if plan is not None:
                return plan
        return None

    def _fit_kinds(self, examples, kinds):
        cross = {}
        for i, o in examples:       # crossings: read the table off the outputs
            rows = {int(r): int(x) for x, k in kinds.items() if k == "row" for r in np.nonzero((i == x).any(1))[0]}
            cols = {int(c): int(x) for x, k in kinds.items() if k == "col" for c in np.nonzero((i == x).any(0))[0]}
            for r, x in rows.items():
                for c, y in cols.items():
                    if cross.setdefault((x, y), int(o[r, c])) != o[r, c]:
                        return None
        if not cross:
            return None
        vals = set(cross.values())
        if all(v == x for (x, _), v in cross.items()):
            default = "row"
        elif all(v == y for (_, y), v in cross.items()):
            default = "col"
        elif len(vals) == 1:
            default = vals.pop()
        else:
            return None
        for i, o in examples:
            got = _render(i, kinds, cross, default)
            if got is None or not np.array_equal(got, o):
                return None
        # background in every row and column of every input: its channel is the always-on slot for free
        bg_everywhere = all((i == 0).any(0).all() and (i == 0).any(1).all() for i, _ in examples)
        return {"kinds": {str(k): v for k, v in kinds.items()}, "cross": [[x, y, v] for (x, y), v in cross.items()],
                "default": default, "bg_on": bool(bg_everywhere)}

    def build(self, plan):
        kinds = {int(k): v for k, v in plan["kinds"].items()}
        cross = {(x, y): v for x, y, v in plan["cross"]}
        default = plan["default"]
        # score[d] = sum over (x, y) of R'[x] C'[y] W[x, y, d]; index C stands for "always on"
        one = 0 if plan.get("bg_on") else C
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
        if plan.get("bg_on"):     # every grid row/column holds background: off the grid both read 0
            rows = g.ReduceMax(g.input, axes=[3], keepdims=0, name="row_colours")      # [1,10,30]
            cols = g.ReduceMax(g.input, axes=[2], keepdims=0, name="col_colours")      # [1,10,30]
            return g.model(g.Einsum(rows, cols, g.const(w[:C, :C], name="line_weights"), equation="bxi,byj,xyd->bdij"))
        pads = g.ints([0, 0, 0, 0, 1, 0], name="add_on_channel")
        on = g.floats(1.0, name="on")
        rows = g.ReduceMax(g.input, axes=[3], keepdims=0, name="row_colours")          # [1,10,30]
        cols = g.ReduceMax(g.input, axes=[2], keepdims=0, name="col_colours")          # [1,10,30]
        rows = g.Pad(rows, pads, on, name="row_colours_on")                             # [1,11,30]
        cols = g.Pad(cols, pads, on, name="col_colours_on")
        ones = g.const(np.ones(C, np.float32), name="ones")
        y = g.Einsum(g.input, ones, rows, cols, g.const(w, name="line_weights"),
                     equation="bcij,c,bxi,byj,xyd->bdij")
        return g.model(y)
