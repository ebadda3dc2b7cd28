"""blown_sprite_pick beyond the registry suite: when both small sprites' blow-ups fit the big shape.

The grids are task319's fresh examples 60, 444 and 331 under seed 3 (ARC-GEN task_ce602527). The generator
hides exactly one sprite line (two grid lines) past one edge. In 60 the big shape (9) is a 4x2 block at the
bottom right: the drawn sprite (3) fits it two lines past the bottom, the bigger other one (8) four past the
bottom and four past the right; in 444 the drawn sprite (5) fits two lines past the bottom, the bigger other
(3) four. An earlier rule took the sprite with more cells and answered 8 and 3. In 331 the two sprites are equal
and differ only in colour: the input cannot tell which one was drawn, the lower colour is kept (a coin flip
that model and rule share; the generator drew 7 there).
"""
from __future__ import annotations

import numpy as np
import pytest

from neurogolf.contract import decode, run, session
from solvers import registry
from solvers.selection.blown_sprite_pick import pick


def _grid(text):
    return np.array([[int(v) for v in row] for row in text.split()])


CASES = {
    "two_not_four_past": (_grid("""777777777777777777 777777777777777777 777777777777777777 777777777777777777
                                    777777777777777777 777777777777777777 777777777777777777 777777777777777777
                                    777777777777777777 777777777777777777 777777777777777777 777777777777777777
                                    777777777777777737 777777744777777373 777777744777777537 777774477447775357
                                    777774477447775777"""),
                          _grid("757 575 577")),
    "two_past_bottom": (_grid("""222222222222222 222222222222232 222222228822232 222222288223332 222222282222222
                                 222222288222222 222222228222222 222222222222222 222222222222222 222222222222222
                                 222222222222222 222222222222222 222222222222222 222222222222222 222222222222299
                                 222222222222299 222222222222299 222222222222299"""),
                        _grid("223 223 333")),
    "equal_sprites": (_grid("""4444447444444444 4444477444444444 4444744444454444 4444444444554444 4444444445444444
                               4444444444444444 4444444444444444 4444444444444444 4444444444444444 4444444444444444
                               4444444444444444 4444444444444488 4444444444444488 4444444444448844 4444444444448844
                               4444444444444444 4444444444444444 4444444444444444 4444444444444444"""),
                      _grid("445 455 544")),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_generator_placement_beats_a_wider_one(case):
    grid, expected = CASES[case]
    answer = pick(grid)
    assert answer is not None and (answer == expected).all()
    solver = registry()["blown_sprite_pick"]
    for side in (30, max(grid.shape)):
        assert (decode(run(session(solver.build((), side)), grid)) == expected).all()
