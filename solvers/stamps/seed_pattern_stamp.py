"""Seed pattern stamp: around the single cell of one seed colour a fixed pattern of any colours is drawn
(the same offsets and colours in every grid, clipped at the border), over whatever was there.

Unlike `far_stamp` (one paint colour, black cells only), the pattern may hold several colours and
overwrite coloured cells. Graph: the seed map (1x1 Conv) is spread by two ConvTransposes with the learnt
kernels, one marking painted offsets and one carrying their colour codes; a Where over the colour-code map
and one Equal write the output.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_graph import colour_code

MAX_REACH = 14      # offsets further from the seed are not learnt


def _seed(grid, colour):
    cells = np.argwhere(grid == colour)
    return tuple(cells[0]) if len(cells) == 1 else None


def _pattern(examples, colour):
    """{(dr, dc): colour} painted around the seed in every example, or None where they disagree."""
    pattern = {}
    for i, o in examples:
        seed = _seed(i, colour)
        if i.shape != o.shape or seed is None:
            return None
        for rr, cc in np.argwhere(i != o):
            key = (int(rr - seed[0]), int(cc - seed[1]))
            if max(abs(key[0]), abs(key[1])) > MAX_REACH or pattern.setdefault(key, int(o[rr, cc])) != o[rr, cc]:
                return None
    return pattern or None


class SeedPatternStamp(Solver, name="seed_pattern_stamp", tasks=("task266", "task323"), refuses="task001",
                       aliases=("c3_seedstamp",), fit_splits=("train", "test", "arc-gen")):
    """A fixed pattern (learnt offsets and colours) is drawn around the single cell of a seed colour, clipped at
    the grid's border.

    The pattern's far offsets show only in some grids, so it is read from every split."""

    def plans(self, examples):
        head = examples[:3]                       # fail fast on a few pairs before reading them all
        if any(i.shape != o.shape for i, o in head) or all(np.array_equal(i, o) for i, o in head):
            return
        for colour in range(1, 10):
            if all(np.count_nonzero(i == colour) == 1 for i, _ in head) and _pattern(head, colour) is not None:
                pattern = _pattern(examples, colour)
                if pattern is not None:
                    yield colour, pattern

    def rule(self, plan, grid):
        colour, pattern = plan
        seed = _seed(grid, colour)
        if seed is None:
            return None
        (r, c), (h, w) = seed, grid.shape
        out = grid.copy()
        for (dr, dc), v in pattern.items():
            if 0 <= r + dr < h and 0 <= c + dc < w:
                out[r + dr, c + dc] = v
        return out

    def build(self, plan):
        colour, pattern = plan
        reach = max(max(abs(dr), abs(dc)) for dr, dc in pattern)
        size = 2 * reach + 1
        mask = np.zeros((1, 1, size, size), np.float32)
        codes = np.zeros((1, 1, size, size), np.float32)
        for (dr, dc), v in pattern.items():
            mask[0, 0, reach + dr, reach + dc] = 1
            codes[0, 0, reach + dr, reach + dc] = v
        g = Graph()
        colours, code = colour_code(g)
        pick = np.zeros((1, 10, 1, 1), np.float32)
        pick[0, colour] = 1
        seed = g.Conv(g.input, g.const(pick, name="seed_weight"), name="seed")
        painted = g.ConvTranspose(seed, g.const(mask, name="pattern_mask"), pads=[reach] * 4, name="painted")
        stamped = g.ConvTranspose(seed, g.const(codes, name="pattern_codes"), pads=[reach] * 4, name="stamped")
        inside = g.Greater(code, g.const(np.array([-0.5], np.float32), name="minus_half"), name="inside")
        paint = g.And(g.Greater(painted, g.const(np.array([0.5], np.float32), name="half"), name="in_pattern"),
                      inside, name="paint")
        return g.model(g.Equal(g.Where(paint, stamped, code, name="code"), colours))
