"""Consensus cell stamps: `cell_stamp`'s rule (every cell of a seed colour paints a fixed pattern around
itself), its stamps read off every fit example instead of the first few.

Why a second family: `cell_stamp` reads its stamps off the first six examples, where a few seeds can agree
on an offset by coincidence (a neighbour's paint at the same relative place) and the stamp then carries a
spurious tap. Read over every train and arc-gen example, an offset stays in a seed colour's stamp only when
every seed of that colour that sees it on the grid shows the same colour there (or its own), so the
generator's stamp is what is left. The graph is `cell_stamp`'s single Conv.
"""
from __future__ import annotations

from .. import Solver
from .._common_grids import same_shape
from .cell_stamp import CellStamp, _stamp, _windows


class ConsensusCellStamp(Solver, name="consensus_cell_stamp", tasks=("task015",), refuses="task024",
                         fit_splits=("train", "arc-gen")):
    """Every cell of a seed colour paints a fixed pattern (fixed colours or its own colour) at fixed offsets around
    itself, the pattern agreed by every seed of every example; other cells keep their colour."""

    MAX_SEEDS = 4000        # seed cells over all fit examples, to bound the window tensors

    def plans(self, examples):
        """One stamp per seed colour, read off every example (one shared stamp is `cell_stamp`'s job)."""
        if not same_shape(examples) or all((i == o).all() for i, o in examples):
            return
        if sum(int((i != 0).sum()) for i, _ in examples) > self.MAX_SEEDS:
            return
        colours = sorted({int(c) for i, _ in examples for c in set(i.ravel().tolist())} - {0})
        stamps = {x: s for x in colours if (s := _stamp(*_windows(examples, lambda g, x=x: g == x)))}
        if stamps:
            yield CellStamp._plan(stamps)

    def rule(self, plan, grid):
        return CellStamp().rule(plan, grid)

    def build(self, plan):
        return CellStamp().build(plan)
