"""Colour shift: every cell of one colour moves (or is copied) by a fixed offset, covering what it lands
on; the rest of the grid stays. One Conv writes the output.
"""
from __future__ import annotations

import itertools

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import C, N, reproduces
from ._guards import edits_in_place


def _shifted(mask, dy, dx):
    out = np.zeros_like(mask)
    h, w = mask.shape
    if abs(dy) >= h or abs(dx) >= w:
        return out
    out[max(dy, 0):h + min(dy, 0), max(dx, 0):w + min(dx, 0)] = \
        mask[max(-dy, 0):h + min(-dy, 0), max(-dx, 0):w + min(-dx, 0)]
    return out


class ColourShift(Solver, name="colour_shift", tasks=("task073",), refuses="task002"):
    """Every cell of one colour moves (or is copied) by a fixed offset, covering what it lands on; the rest of the grid
    stays."""

    def plans(self, examples):
        if not edits_in_place(examples):
            return
        colours = set(range(1, C))
        for i, o in examples:
            colours &= {int(v) for v in np.unique(i)}
        # every changed cell held a before or holds it after
        colours = {a for a in colours if all(((i == a) | (o == a))[i != o].all() for i, o in examples)}
        i0, o0 = examples[0]
        for a in sorted(colours):
            for dy, dx in itertools.product(range(-3, 4), repeat=2):
                if dy == dx == 0:
                    continue
                for move in (True, False):
                    if np.array_equal(self.rule((a, dy, dx, move), i0), o0):
                        yield a, dy, dx, move

    def rule(self, plan, grid):
        a, dy, dx, move = plan
        h, w = grid.shape
        rows, cols = np.nonzero(grid == a)
        if ((rows + dy >= h) & (rows + dy < N)).any() or ((cols + dx >= w) & (cols + dx < N)).any():
            return None                 # the Conv would draw it beside the grid, still on the canvas
        landed = _shifted(grid == a, dy, dx)
        base = np.where(grid == a, 0, grid) if move else grid
        return np.where(landed, a, base)

    def candidates(self, examples):
        fitting = (p for p in self.plans(examples) if reproduces(lambda g, p=p: self.rule(p, g), examples))
        for plan in itertools.islice(fitting, 2):
            yield f"{self.name}:{plan[0]}@{plan[1]},{plan[2]}{'' if plan[3] else '_copy'}", self.build(plan)

    def build(self, plan):
        """One Conv writes the output: out = input + landed*u (+ left*v when moving), where
        u = (+1 on colour a, -1 elsewhere) wins a landing cell for a, and v = (-1 on a, +1 on the
        background) empties the cells a leaves; every sum stays <= 0 on the losing channels."""
        a, dy, dx, move = plan
        ry, rx = abs(dy), abs(dx)
        w = np.zeros((C, C, 2 * ry + 1, 2 * rx + 1), np.float32)
        for c in range(C):
            w[c, c, ry, rx] = 1                               # the input itself
        u = -np.ones(C, np.float32)
        u[a] = 1
        w[:, a, ry - dy, rx - dx] += u                        # output (y, x) reads a at (y-dy, x-dx)
        if move:
            v = np.zeros(C, np.float32)
            v[a], v[0] = -1, 1
            w[:, a, ry, rx] += v
        g = Graph()
        return g.model(g.Conv(g.input, g.const(w, name="shift_w"), pads=[ry, rx, ry, rx]))
