"""Seed staircase arms: a lone seed pixel sends two staircases of one colour in opposite diagonal directions,
each alternating k steps along one axis and k along the other, until it leaves the grid.

Fitted on train: seed and paint colours, the step length k, which axis the stair starts on and which
diagonal the arms follow. Both arms move monotonically, so the generator's "stop at the edge" is the whole
infinite staircase clipped to the grid: the graph cuts a (2S-1)x(2S-1) code table, the seed at its
centre, by two Gathers at the seed's row and column (`first_last_lines`); its codes (colour + 1) are decoded
into `output` by one QLinearConv whose padding reaches the canvas (`decode_code`).
"""
from __future__ import annotations

import itertools

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_graph import first_last_lines
from .._common_grids import fixed_shape, same_shape
from ..local._code_decode import decode_code


def _arm_cells(k, vertical_first, dr, dc, reach):
    """Offsets of one staircase arm from the seed, walked until both coordinates exceed `reach`."""
    cells, r, c = [], 0, 0
    vertical, left = vertical_first, k
    while abs(r) <= reach and abs(c) <= reach:
        if vertical:
            r += dr
        else:
            c += dc
        cells.append((r, c))
        left -= 1
        if not left:
            vertical, left = not vertical, k
    return cells


def _table(plan):
    (h, w), seed, paint, k, vertical_first, diag = plan
    s = max(h, w)
    t = np.zeros((2 * s - 1, 2 * s - 1), np.uint8)
    for dr, dc in ((-1, diag), (1, -diag)):
        for r, c in _arm_cells(k, vertical_first, dr, dc, 2 * s):
            if abs(r) < s and abs(c) < s:
                t[s - 1 + r, s - 1 + c] = paint
    t[s - 1, s - 1] = seed
    return t


def _seed_at(plan, grid):
    shape, seed = plan[0], plan[1]
    if grid.shape != shape or (grid != 0).sum() != 1 or (grid == seed).sum() != 1:
        return None
    r, c = np.argwhere(grid == seed)[0]
    return int(r), int(c)


class SeedStaircaseArms(Solver, name="seed_staircase_arms", tasks=("task323",), refuses="task071"):
    """A lone seed pixel sends two opposite diagonal staircases (k steps along, k steps across) of one colour to the grid edges."""

    def plans(self, examples):
        shape = fixed_shape(examples)
        if shape is None or max(shape) >= 30 or not same_shape(examples):
            return
        seeds = {tuple(sorted(set(i.ravel().tolist()) - {0})) for i, _ in examples}
        paints = {tuple(sorted(set(o.ravel().tolist()) - set(i.ravel().tolist()))) for i, o in examples}
        if len(seeds) != 1 or len(paints) != 1:
            return
        seed, paint = seeds.pop(), paints.pop()
        if len(seed) != 1 or len(paint) != 1:
            return
        for k, vertical_first, diag in itertools.product((1, 2, 3, 4), (True, False), (1, -1)):
            yield shape, seed[0], paint[0], k, vertical_first, diag

    def rule(self, plan, grid):
        at = _seed_at(plan, grid)
        if at is None:
            return None
        h, w = plan[0]
        s = max(h, w)
        r, c = at
        return _table(plan)[s - 1 - r:s - 1 - r + h, s - 1 - c:s - 1 - c + w].astype(grid.dtype)

    def build(self, plan):
        (h, w), seed = plan[0], plan[1]
        s = max(h, w)
        g = Graph()
        # the seed's row and column: the lone seed cell's line, one weighted sum each (`first_last_lines`)
        seed_w = np.eye(10, dtype=np.float32)[seed]
        row, col = (first_last_lines(g, seed_w, term, 1, s, f"seed_{tag}", last=False)[0]
                    for term, tag in (("i", "row"), ("j", "col")))                         # [1] float
        # int32 table indices (Gather takes them; half the bytes of int64)
        rows = g.Sub(g.const(np.arange(h, dtype=np.int32) + s - 1, name="row_offsets"),
                     g.Cast(row, to=6, name="row_i32"), name="table_rows")
        cols = g.Sub(g.const(np.arange(w, dtype=np.int32) + s - 1, name="col_offsets"),
                     g.Cast(col, to=6, name="col_i32"), name="table_cols")
        table = g.const((_table(plan) + 1).reshape(1, 1, 2 * s - 1, 2 * s - 1))              # colour + 1
        band = g.Gather(table, rows, axis=2, name="band")                                  # [1,1,h,2s-1] uint8
        code = g.Gather(band, cols, axis=3, name="code")                                   # [1,1,h,w]
        return g.model(decode_code(g, code, (h, w)))
