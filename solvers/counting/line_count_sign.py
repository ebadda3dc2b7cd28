"""Line count sign: each cell's output colour is read off its own colour and the colour counts of its row
and its column, through one shared colour table of two or three rows (task073: the blue cell above a tower
moves to the bottom line, which its column's blue and its row's lack of black single out).

Graph: one Einsum of `input` read three times (the cell, its row, its column) with one [n,10] colour table X
(n = 2 or 3) and a weight tensor W [n,n,n], no intermediate. With F = X r and H = X c (r, c the row's and
column's colour counts), channel o of a cell of colour d scores
    S[o] = sum_{a,s,t} X[a,d] X[a,o] F[s] H[t] W[a,s,t]      (`own`: the cell's and the channel's table row tied)
or  S[o] = sum_{a,b,s} X[a,d] X[b,o] F[s] H[s] W[a,b,s]      (`lines`: the row's and the column's tied),
and lights where S > 0 (off the grid the cell's one-hot is 0). X's entries on the few colours the examples
use are searched (small integers), W is fitted by a perceptron on every distinct (cell, row, column) case
of the examples; every fourth example is held out of the fit and must be reproduced. The rule is the same
sign read in numpy.
"""
from __future__ import annotations

import itertools

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import C, same_shape
from .._common_perceptron import holdout

# letters of the table rows read by (the cell's colour, the channel, the row counts, the column counts): a
# shared letter ties two of them (W holds the distinct letters; tying both pairs fitted none of our tasks)
TIES = {"own": "aast", "lines": "abss"}


TABLE_VALUES = (-2, -1, 0, 1, 2)
MOST_COLOURS = 3            # colours the two-row search numbers (5 ** (2 k) tables)
WIDE_VALUES = (-1, 0, 1)    # the three-row search: a row of ones and two rows of these
MOST_WIDE_COLOURS = 4
MOST_CASES = 64             # distinct (cell, row, column) cases: a few situations, each fitted (the search is slow)
EPOCHS = 400
QUICK_EPOCHS = 100          # the fail-fast fit on the first two examples


def _weight_letters(tie):
    """W's letters: the tie's distinct ones, in order."""
    return "".join(dict.fromkeys(TIES[tie]))


def _cases(examples):
    """{(cell colour, row counts, column counts): output colour} over the examples, None where one case
    shows two colours."""
    cases = {}
    for i, o in examples:
        rows = [tuple(np.bincount(line, minlength=C).tolist()) for line in i]
        cols = [tuple(np.bincount(line, minlength=C).tolist()) for line in i.T]
        for (r, s), d in np.ndenumerate(i):
            if cases.setdefault((int(d), rows[r], cols[s]), int(o[r, s])) != o[r, s]:
                return None
    return cases


def _scores(table, weight, tie, cell, rows, cols):
    """[..., 10] scores of every channel for cells of colours `cell` [...] with row / column counts [..., 10]."""
    own, f, h = table[:, cell], rows @ table.T, cols @ table.T              # [n,...], [...,n], [...,n]
    o, c, r, l = TIES[tie]
    return np.einsum(f"{o}...,{c}O,...{r},...{l},{_weight_letters(tie)}->...O", own, table, f, h, weight)


def _fit_weight(table, tie, cases, epochs=EPOCHS):
    """Integer W whose scores are >= 1 on each case's colour and <= -1 (or exactly 0) on the others, or None."""
    colours = sorted({c for key, o in cases.items() for c in (key[0], o)})
    rows_x = []
    for (d, r, c), out in cases.items():
        own, f, h = table[:, d], table @ np.asarray(r), table @ np.asarray(c)
        for o in colours:
            coef = np.einsum(",".join(TIES[tie]) + "->" + _weight_letters(tie), own, table[:, o], f, h).ravel()
            if o == out and not coef.any():
                return None
            if coef.any():
                rows_x.append(coef if o == out else -coef)
    X = np.asarray(rows_x)
    w = np.zeros(X.shape[1])
    for _ in range(epochs):
        bad = X @ w < 1
        if not bad.any():
            return w.reshape((len(table),) * len(_weight_letters(tie)))
        w += X[bad].sum(0)
    return None


def _lines(colours, values):
    """Table rows with `values` on `colours`, one per sign (a row's sign changes nothing W cannot absorb)."""
    return [v for v in itertools.product(values, repeat=len(colours)) if any(v) and next(x for x in v if x) > 0]


def _tables(colours, n):
    """n = 2: [2,10] colour tables with TABLE_VALUES on up to MOST_COLOURS colours, one per class of the search's
    symmetries (row signs, row order: row 0 <= row 1); n = 3: [3,10] ones on up to MOST_WIDE_COLOURS (a row
    counting every colour) over two rows of WIDE_VALUES."""
    if n == 2 and len(colours) <= MOST_COLOURS:
        for rows in itertools.combinations_with_replacement(_lines(colours, TABLE_VALUES), 2):
            table = np.zeros((2, C))
            table[:, colours] = rows
            yield table
    if n == 3 and len(colours) <= MOST_WIDE_COLOURS:
        for rows in itertools.combinations(_lines(colours, WIDE_VALUES), 2):
            table = np.zeros((3, C))
            table[:, colours] = [(1,) * len(colours), *rows]
            yield table


class LineCountSign(Solver, name="line_count_sign", tasks=("task073", "task299"), refuses="task001",
                    fit_splits=("train", "arc-gen")):
    """Each cell's colour is a fixed sign read of its own colour and its row's and column's colour counts, through
    one shared colour table of two or three rows."""

    def plans(self, examples):
        if not same_shape(examples):
            return
        fit_part, check = holdout(examples)
        cases = _cases(fit_part)
        if cases is None:
            return
        colours = sorted({c for key, o in cases.items() for c in (key[0], o)})
        if len(colours) > MOST_WIDE_COLOURS or len(cases) > MOST_CASES or _cases(examples) is None:
            return
        first = _cases(fit_part[:2])                          # fail fast on the first two examples' cases
        by_cost = sorted(itertools.product(TIES, (2, 3)), key=lambda p: 10 * p[1] + p[1] ** len(_weight_letters(p[0])))
        for tie, n in by_cost:
            for table in _tables(colours, n):
                if _fit_weight(table, tie, first, epochs=QUICK_EPOCHS) is None:
                    continue
                weight = _fit_weight(table, tie, cases)
                if weight is None:
                    continue
                plan = {"tie": tie, "table": table.tolist(), "weight": weight.tolist()}
                if all(np.array_equal(self.rule(plan, i), o) for i, o in check):
                    yield plan
                    return

    def rule(self, plan, grid):
        """The sign read; None on grids so large that a float32 score could pass 2^23 (the graph's sums are exact
        integers below that)."""
        table, weight = np.asarray(plan["table"]), np.asarray(plan["weight"])
        x = np.abs(table).max()
        if x ** 4 * grid.shape[0] * grid.shape[1] * np.abs(weight).sum() >= 2 ** 23:
            return None
        rows = np.stack([np.bincount(line, minlength=C) for line in grid])            # [h, 10]
        cols = np.stack([np.bincount(line, minlength=C) for line in grid.T])          # [w, 10]
        h, w = grid.shape
        scores = _scores(table, weight, plan["tie"], grid, np.broadcast_to(rows[:, None], (h, w, C)),
                         np.broadcast_to(cols[None], (h, w, C)))
        on = scores > 0
        if (on.sum(-1) != 1).any():
            return None
        return on.argmax(-1)

    def build(self, plan):
        g = Graph()
        table = g.const(np.asarray(plan["table"], np.float32), name="colour_table")
        weight = g.const(np.asarray(plan["weight"], np.float32), name="count_weights")
        o, c, r, l = TIES[plan["tie"]]
        eq = f"ndyx,{o}d,{c}o,npyX,{r}p,nqYx,{l}q,{_weight_letters(plan['tie'])}->noyx"
        return g.model(g.Einsum(g.input, table, table, g.input, table, g.input, table, weight, equation=eq))
