"""bar_hole_pieces beyond the registry suite: pieces are assigned to holes together, each piece once.

The grid is task157's fresh example 90 under seed 1 (ARC-GEN task_6a1e5592): the three-wide piece with a gap
fits the holes at columns 1 and 3 and those at 3 and 5 equally well, and the domino fits each single hole. An
earlier rule sent every piece to its best fits and painted the wide piece twice. Two assignments plug every
hole here (the generator can draw this input from either), so the rule takes the first: pieces left to
right, each piece's fits most covered first, then left to right.
"""
from __future__ import annotations

import warnings

import numpy as np

from neurogolf.contract import decode, run, session
from solvers import registry
from solvers.objects.bar_hole_pieces import fits

from .conftest import needs_data


def _grid(text):
    return np.array([[int(v) for v in row] for row in text.split()])


GRID = _grid("""222222222222222 222222222222222 202020222222200 000000000000000 000000000000000
                000000000000000 000000000055000 000505000055000 000555000055005 000055000055005""")
DRAWN = _grid("""222222222222222 222222222222222 212121222222211 011101000000011 001100000000011
                 000000000000011 000000000000000 000000000000000 000000000000000 000000000000000""")


def _assignments(grid, plan):
    every, holes = fits(grid, plan[1], plan[3], plan[4], plan[5])
    found = 0
    for a in every[0]:
        for b in every[1]:
            for c in every[2]:
                spans = sorted((f[2].min(), f[2].max()) for f in (a, b, c))
                found += all(e < s for (_, e), (s, _) in zip(spans, spans[1:])) and a[3] + b[3] + c[3] == holes
    return found


@needs_data
def test_each_piece_painted_once(store):
    solver = registry()["bar_hole_pieces"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        plan = solver.fit(store.load("task157").examples(*solver.fit_splits))
    assert _assignments(GRID, plan) == 2
    answer = solver.rule(plan, GRID)
    assert (answer == plan[2]).sum() == (GRID == plan[1]).sum()       # each piece painted once, in one place
    assert (answer == DRAWN).all()                                      # the first assignment is the drawn one
    assert (decode(run(session(solver.build(plan)), GRID)) == answer).all()
