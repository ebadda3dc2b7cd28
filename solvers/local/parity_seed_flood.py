"""Parity seed flood: the background cells connected (through background, 8- or 4-way) to the seed cells (any
colour but the background and the wall) take the seed colour of their checkerboard class: the seeds on
cells with row + column even share one colour, those on odd cells another, and the flood alternates them.

Graph: one dilated 1x1 Conv reads the input straight into the S x S corner the grids can cover (S the
largest side seen): code = background + 1 on background, wall + 1 on walls, a seed code on seeds, 0
outside the grid. Cast to uint8, Mod by a divisor of wall + 1 gives the passable mask (background and
seeds) and a Div of it the seeds (other colour pairs fall back to Equal tests). Reach starts at the
seeds and grows a fixed number of steps, each a uint8 MaxPool 3x3 (8-way; 4-way: a plus-shaped
QLinearConv) then Min with the mask. One Einsum of `input` with two [2, 30] parity selectors counts
each colour on even and on odd cells; ArgMax of the seed colours is the class colour. The colour code
(reached: its class colour; else code - 1, so 255 outside the grid) is padded to the canvas and one
Equal against the ten colours writes `output`.

The number of steps is the deepest flood the fit examples need plus a half (train and arc-gen: the
generator's deepest floods); a quarter of them is held out to check that the bound taken from the rest
covers it. On task286 (a maze from b782dc8a's generator) 20,000 fresh draws needed at most 68 8-way
steps (median 20, 99.9th percentile 57); the fit's bound is 88. A deeper flood in an unseen example is
the known risk (the rule answers None there).
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_graph import corner_plane, uint8_flood
from .._common_grids import grow, same_shape
from .._common_perceptron import holdout


def parity_flood(grid: np.ndarray, bg: int, wall: int, conn: int):
    """(answer, steps), or (None, 0) when the seeds of a checkerboard class do not share one colour."""
    seeds = (grid != bg) & (grid != wall)
    colours = []
    parity = np.add.outer(np.arange(grid.shape[0]), np.arange(grid.shape[1])) % 2
    for p in (0, 1):
        found = set(grid[seeds & (parity == p)].tolist())
        if len(found) != 1:
            return None, 0
        colours.append(found.pop())
    reach, steps = grow(seeds, seeds | (grid == bg), conn)
    return np.where(reach, np.array(colours)[parity], grid), steps


def _mod_codes(bg: int, wall: int):
    """(modulus, seed code, divisor) such that code % m is 0 on walls and outside the grid, nonzero on the
    background and seeds, and (code % m) // k is 1 on seeds only; None when there is none."""
    a, w = bg + 1, wall + 1
    for m in range(2, w + 1):
        if w % m or a % m == 0:
            continue
        k = a % m + 1
        for s in range(1, 256):
            if s % m >= k and s % m // k == 1 and s not in (a, w):
                return m, s, k
    return None


class ParitySeedFlood(Solver, name="parity_seed_flood", tasks=("task286",), refuses="task243",
                      fit_splits=("train", "arc-gen")):
    """Background cells connected to the seeds take the seed colour of their checkerboard class (row + column even
    or odd), so the flood through background alternates the two seed colours; walls block it."""

    def plans(self, examples):
        """(background, wall, connectivity, steps, largest side): every changed cell was background; the wall
        is a colour every input holds that never changes; 8- then 4-connected."""
        if not same_shape(examples):
            return
        changed = {int(v) for i, o in examples for v in i[i != o]}
        if len(changed) != 1:
            return
        bg = changed.pop()
        walls = set.intersection(*(set(np.unique(i).tolist()) for i, _ in examples)) - {bg}
        for wall in sorted(walls):
            if any((o[i == wall] != wall).any() for i, o in examples):
                continue
            for conn in (8, 4):
                depths = []
                for inp, out in examples:
                    answer, steps = parity_flood(inp, bg, wall, conn)
                    if answer is None or not np.array_equal(answer, out):
                        break
                    depths.append((steps, max(inp.shape)))
                else:
                    deep = max(d for d, _ in depths)
                    steps = deep + max(2, deep // 2)
                    fit_part, check = holdout(depths)
                    bound = max(d for d, _ in fit_part)
                    side = max(n for _, n in depths)
                    if all(d <= bound + max(2, bound // 2) for d, _ in check):
                        yield bg, wall, conn, steps, side

    def rule(self, plan, grid):
        bg, wall, conn, steps, side = plan
        if max(grid.shape) > side:
            return None
        answer, needed = parity_flood(grid, bg, wall, conn)
        if answer is None or needed > steps:
            return None
        return answer

    def build(self, plan):
        bg, wall, conn, steps, side = plan
        s = side
        g = Graph()
        u8 = lambda v, name: g.const(np.array(v, np.uint8), name=name)
        mod = _mod_codes(bg, wall)
        seed_code = mod[1] if mod else 255
        w = np.full((1, 10), 0, np.float32)
        w[0, :] = seed_code
        w[0, bg], w[0, wall] = bg + 1, wall + 1
        code_f = corner_plane(g, w, (s, s), "code_f", weight_name="code_w")
        code = g.Cast(code_f, to=2, name="code")                                     # uint8 [1,1,S,S]
        if mod:
            m, _, k = mod
            passable = g.Mod(code, u8(m, "modulus"), name="passable")
            reach = g.Div(passable, u8(k, "seed_div"), name="reach0")
        else:
            is_seed = g.Equal(code, u8(seed_code, "seed_code"), name="is_seed")
            passable = g.Cast(g.Or(is_seed, g.Equal(code, u8(bg + 1, "bg_code"), name="is_bg"),
                                   name="passable_b"), to=2, name="passable")
            reach = g.Cast(is_seed, to=2, name="reach0")
        reach = uint8_flood(g, reach, passable, steps, conn)
        # the seed colour of each checkerboard class: counts on even and odd cells, walls and background out
        sel = np.zeros((2, 2, 30), np.float32)          # [class, row/column parity, index]
        sel[0, 0, 0::2] = sel[0, 1, 1::2] = 1           # even class: both even or both odd
        sel[1, 0, 0::2] = sel[1, 1, 1::2] = 1
        sel_w = sel.copy()
        sel_w[1] = sel[1, ::-1]                          # odd class: columns of the other parity
        keep = np.ones(10, np.float32)
        keep[[bg, wall]] = 0
        counts = g.Einsum(g.input, g.const(sel, name="row_class"), g.const(sel_w, name="col_class"),
                          g.const(keep, name="seed_colours"), equation="nchw,pkh,pkw,c->pc", name="class_counts")
        colours = g.Cast(g.ArgMax(counts, axis=1, keepdims=1, name="class_colour_i"), to=2,
                         name="class_colour")                                          # [2,1] uint8
        pick = lambda i, name: g.Slice(colours, g.ints([i]), g.ints([i + 1]), g.ints([0]), name=name)  # [1,1]
        even = (np.add.outer(np.arange(s), np.arange(s)) % 2 == 0).reshape(1, 1, s, s)
        by_class = g.Where(g.const(even, name="even_cells"), pick(0, "even_colour"), pick(1, "odd_colour"),
                           name="class_map")
        base = g.Sub(code, u8(1, "one"), name="base")                                # 255 outside the grid
        out_code = g.Where(g.Cast(reach, to=9, name="reached"), by_class, base, name="out_code")
        if s < 30:
            out_code = g.Pad(out_code, g.ints([0, 0, 0, 0, 0, 0, 30 - s, 30 - s]), u8(255, "off_code"),
                             name="out_code30")
        return g.model(g.Equal(out_code, g.const(np.arange(10, dtype=np.uint8).reshape(1, 10, 1, 1),
                                                 name="colours")))
