"""Seed stamp: around the single cell of one seed colour a fixed pattern is drawn (the same offsets and
colours in every grid, clipped at the border); the pattern is learnt from the training pairs.

Graph: the seed map (1x1 Conv) is spread by two ConvTransposes with the learnt kernels, one marking
painted offsets and one carrying their colour codes; a Where over the colour-code map and one Equal
write the output."""
from __future__ import annotations

import numpy as np

from .. import Solver
from .._common_graph import colour_code

MAX_R = 14


def _seed(grid, colour):
    cells = np.argwhere(grid == colour)
    return tuple(cells[0]) if len(cells) == 1 else None


def stamp(grid, colour, pattern):
    (r, c), (h, w) = _seed(grid, colour), grid.shape
    out = grid.copy()
    for (dr, dc), v in pattern.items():
        if 0 <= r + dr < h and 0 <= c + dc < w:
            out[r + dr, c + dc] = v
    return out


class SeedStamp(Solver):
    name = "c3_seedstamp"
    fit_splits = ("train", "test", "arc-gen")      # the pattern's far offsets show only in some grids
    description = ("a fixed pattern (learnt offsets and colours) is drawn around the single cell of a seed "
                   "colour, clipped at the grid's border")

    def fit(self, examples):
        if any(i.shape != o.shape for i, o in examples[:3]) or all(np.array_equal(i, o) for i, o in examples[:3]):
            return None
        head = examples[:3]                      # fail fast on a few pairs before reading them all
        once = [c for c in range(1, 10) if all(np.count_nonzero(i == c) == 1 for i, _ in head)]
        for colour in once:
            if self._pattern(head, colour) is None:
                continue
            pattern = self._pattern(examples, colour)
            if pattern and all(np.array_equal(stamp(i, colour, pattern), o) for i, o in examples):
                return colour, pattern
        return None

    @staticmethod
    def _pattern(examples, colour):
        pattern = {}
        for i, o in examples:
            if i.shape != o.shape:
                return None
            seed = _seed(i, colour)
            if seed is None:
                return None
            for rr, cc in np.argwhere(i != o):
                key = (int(rr - seed[0]), int(cc - seed[1]))
                if max(abs(key[0]), abs(key[1])) > MAX_R or pattern.setdefault(key, int(o[rr, cc])) != o[rr, cc]:
                    return None
        return pattern

    def build(self, plan):
        from neurogolf.graph import Graph
        colour, pattern = plan
        R = max(max(abs(dr), abs(dc)) for dr, dc in pattern)
        size = 2 * R + 1
        mask = np.zeros((1, 1, size, size), np.float32)
        codes = np.zeros((1, 1, size, size), np.float32)
        for (dr, dc), v in pattern.items():
            mask[0, 0, R + dr, R + dc] = 1
            codes[0, 0, R + dr, R + dc] = v
        g = Graph()
        colours, code = colour_code(g)
        pick = np.zeros((1, 10, 1, 1), np.float32)
        pick[0, colour] = 1
        seed = g.Conv(g.input, g.const(pick, name="seed_w"), name="seed")
        painted = g.ConvTranspose(seed, g.const(mask, name="pattern_mask"), pads=[R] * 4, name="painted")
        stamped = g.ConvTranspose(seed, g.const(codes, name="pattern_codes"), pads=[R] * 4, name="stamped")
        inside = g.Greater(code, g.const(np.array([-0.5], np.float32), name="minus_half"), name="inside")
        paint = g.And(g.Greater(painted, g.const(np.array([0.5], np.float32), name="half"), name="in_pattern"),
                      inside, name="paint")
        return g.model(g.Equal(g.Where(paint, stamped, code, name="code"), colours))
