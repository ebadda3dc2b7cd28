"""Local families on real tasks: each solves a task it should (checked by validate on every example)
and refuses one it should not."""
import pytest

from neurogolf.contract import validate
from solvers import registry

from .conftest import needs_data


def _best(solver, task):
    verdicts = [validate(m, task.by_split()) for _, m in solver.candidates(task.examples(*solver.fit_splits))]
    return max((v for v in verdicts if v.ok), key=lambda v: v.score, default=None)


@needs_data
@pytest.mark.parametrize("family, solves, refuses", [
    ("local_rule", "171", "179"),        # 3x3 neighbourhood rule / a transpose
    ("local_rule", "016", "002"),        # colour map (Gather) / enclosed fill
    ("local_rule_wide", "122", "171"),   # 5x5 rule / a 3x3 rule (wide is not tried)
    ("fill_enclosed", "002", "171"),
    ("rays_between", "350", "016"),
    ("rays_between_own", "041", "350"),  # each colour joins its pairs / one mark colour, fixed paint
    ("rays_lines", "141", "171"),        # 623ea044 diagonal lines through a mark / a local rule
    ("periodic_fill", "110", "171"),     # 484b58aa tiling with holes / not a masked grid
    ("symmetry_fill", "287", "023"),     # b8825c91 mirror completion / a masked grid, no mirror rule
    ("symmetry_fixed", "074", "061"),    # 3631a71a fixed offset axes / a tiling, not fixed mirrors
    ("symmetry_crop", "351", "171"),     # dc0a314f hidden patch / a same-shape task
])
def test_family(store, family, solves, refuses):
    solver = registry()[family]
    best = _best(solver, store.load(solves))
    assert best is not None and best.passed == best.total and best.score > 10
    assert solver.fit(store.load(refuses).examples(*solver.fit_splits)) is None
