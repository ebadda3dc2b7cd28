"""Wired box interiors: boxes drawn in one wall colour, joined to each other and to the edges by one-cell
wires of the same colour, have their background interiors filled; every other background area (between
wires, along the edges) stays.

A background area is not a box interior when it reaches the top or bottom edge (boxes may only run off the
left or right edge), or when it has a corner cell walled on two sides (wall or left/right edge) whose wall
runs on past the corner (a wall cell one step beyond the corner along either side): a box's corner is
free, since wires join a box only mid-side and keep a cell away from every other box. A background cell
on a straight run of `run` background cells (longer than any box interior the examples fill) cannot lie in
an interior either: seeding those too keeps every flood a few steps deep. Those cells seed a flood through
the background; the background it does not reach is filled.

Graph: one dilated 1x1 Conv reads a class code straight into the side x side square the generator's grids
fit; two thresholds make it two uint8 planes (background, in the grid; the wall is the second less the first,
folded into the weights: the grids hold no third colour); one QLinearConv (weights -2..1 with a zero
point, saturating at 0) finds the seeds in seven channels (one per corner, either far wall adding to the
score, a background cell with an off-grid cell above or below, and a cell two along a row or column window
of `run` background cells; each scores on background cells only, so the first grow step reads all seven);
the flood grows a fixed number of steps (a plus-shaped QLinearConv, then Min with the background; the last
step's grown cells below the background are what it did not reach); that is padded back to the canvas and
one Where paints the fill colour into `input`.

The number of steps is the deepest flood of the fit examples plus a half (train and arc-gen); a deeper
flood in an unseen input is the known risk (the rule answers None there).
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_graph import corner_plane
from .._common_grids import dilate, one_colour_change, same_shape
from .._common_perceptron import holdout

CORNERS = [(dr, dc) for dr in (-1, 1) for dc in (-1, 1)]


def seeds(grid, bg, wall, run):
    """Background cells that cannot lie in a box interior (see the module doc); of a window of `run`
    background cells along a row or column, the third cell (where the graph's window sits)."""
    h, w = grid.shape
    zero = grid == bg

    def walled(r, c):
        return not (0 <= c < w) or not (0 <= r < h) or grid[r, c] == wall

    def is_wall(r, c):
        return 0 <= r < h and 0 <= c < w and grid[r, c] == wall

    out = np.zeros((h, w), bool)
    for r in range(h):
        for c in range(w - run + 1):
            if zero[r, c:c + run].all():
                out[r, c + 2] = True
    for c in range(w):
        for r in range(h - run + 1):
            if zero[r:r + run, c].all():
                out[r + 2, c] = True
    out[0] |= zero[0]
    out[-1] |= zero[-1]
    for r, c in zip(*np.nonzero(zero)):
        for dr, dc in CORNERS:
            if walled(r + dr, c) and walled(r, c + dc) and (is_wall(r + dr, c + 2 * dc) or is_wall(r + 2 * dr, c + dc)):
                out[r, c] = True
    return out


def outside(grid, bg, wall, run):
    """(reached, steps): background reached from the seeds (4-connected), and the grow steps it took."""
    zero = grid == bg
    reach, steps = seeds(grid, bg, wall, run) & zero, 0
    while True:
        grown = dilate(reach, 4) & zero
        if np.array_equal(grown, reach):
            return reach, steps
        reach, steps = grown, steps + 1


def longest_line(mask):
    """The longest straight run of True cells along a row or a column."""
    best = 0
    for m in (mask, mask.T):
        for line in m:
            n = 0
            for v in line:
                n = n + 1 if v else 0
                best = max(best, n)
    return best


class WiredBoxInteriors(Solver, name="wired_box_interiors", tasks=("task367",), refuses="task243",
                        fit_splits=("train", "arc-gen")):
    """Boxes of one wall colour joined by one-cell wires of that colour: the background inside each box is filled
    with a new colour; areas between wires and along the edges stay."""

    def plans(self, examples):
        """(background, wall, fill, steps, side, run): the changed cells name background and fill, the one other
        input colour is the wall; run is one more than the longest straight line of filled cells."""
        if not same_shape(examples):
            return
        change = one_colour_change(examples)
        if change is None:
            return
        bg, fill = change
        walls = {int(v) for i, _ in examples for v in np.unique(i)} - {bg}
        if len(walls) != 1 or fill in walls:
            return
        wall = walls.pop()
        run = 1 + max(longest_line(i != o) for i, o in examples)
        if run < 3:
            return
        depths = []
        for inp, out in examples:
            reach, steps = outside(inp, bg, wall, run)
            if not np.array_equal((inp == bg) & ~reach, inp != out):
                return
            depths.append((steps, max(inp.shape)))
        fit_part, check = holdout(depths)
        deep = max(d for d, _ in fit_part)
        steps = deep + max(2, deep // 2)
        side = max(n for _, n in fit_part)
        if all(d <= steps and n <= side for d, n in check):
            yield bg, wall, fill, steps, side, run

    def rule(self, plan, grid):
        bg, wall, fill, steps, side, run = plan
        reach, needed = outside(grid, bg, wall, run)
        if max(grid.shape) > side or needed > steps:
            return None
        return np.where((grid == bg) & ~reach, fill, grid)

    def build(self, plan):
        bg, wall, fill, steps, side, run = plan
        g = Graph()
        # one class code (0 outside, 1 wall, 2 other colours, 3 background) from one dilated Conv tap; three
        # thresholds give the planes background, in the grid, not wall (the wall = in the grid - not wall)
        code = np.full(10, 2, np.float32)
        code[wall], code[bg] = 1, 3
        code = corner_plane(g, code, (side, side), "class_code")                             # [1,1,S,S]
        planes = g.Greater(code, g.const(np.array([2.5, 0.5], np.float32).reshape(1, 2, 1, 1),
                                         name="class_at"), name="planes_b")
        planes = g.Cast(planes, to=2, name="planes_u8")                                          # [1,2,S,S]
        # seed patterns, K x K around the cell (centre 2, 2), on (background, wall, not walled) before the fold;
        # one channel per corner (either far wall will do), one for an off-grid cell above or below, one per
        # axis for a window of `run` background cells from two before the cell
        side_k = max(5, run)
        k = np.zeros((7, 3, side_k, side_k), np.int64)
        for ch, (dr, dc) in enumerate(CORNERS):
            k[ch, 0, 2, 2] = 3                             # background here (else the score stays below 0)
            k[ch, 2, 2 + dr, 2] = -2                       # walled above/below (wall or off-grid)
            k[ch, 2, 2, 2 + dc] = -2                       # walled beside
            k[ch, 1, 2 + dr, 2 + 2 * dc] = 1               # the wall runs on past the corner (either way)
            k[ch, 1, 2 + 2 * dr, 2 + dc] = 1
        k[4, 0, 2, 2] = 2                                  # background here
        for dr in (-1, 1):                                 # in the grid above / below (wall or not walled)
            k[4, 1, 2 + dr, 2] = -1
            k[4, 2, 2 + dr, 2] = -1
        k[5, 0, 2, :run] = 1
        k[6, 0, :run, 2] = 1
        # the patterns on the planes read: a wall weight moves onto "in the grid" and off "not wall"; the
        # grids hold only background and wall (plans), so "not wall" is the background plane
        k[:, 2] -= k[:, 1]
        k[:, 0] += k[:, 2]
        k = k[:, :2]
        # corners: 3 background + far walls - 2 per open side, bias -3; edge: 2 background - cells in the grid
        # above and below, > 0 when one is off the grid; saturate at 0. Only background cells score, so
        # the channels feed the first grow step straight
        bias = np.array([-3] * 4 + [0] + [1 - run] * 2, np.int32)
        one, zero_u8 = g.const(np.float32(1), name="scale"), g.const(np.uint8(0), name="zp0")
        hits = g.QLinearConv(planes, one, zero_u8, g.const((k + 2).astype(np.uint8), name="seed_w"), one,
                             g.const(np.uint8(2), name="zp2"), one, zero_u8, g.const(bias, name="seed_b"),
                             pads=[2, 2, side_k - 3, side_k - 3], name="hits")
        zero = g.Slice(planes, g.ints([0]), g.ints([1]), g.ints([1]), name="zero")
        plus = np.array([[0, 1, 0], [1, 1, 1], [0, 1, 0]], np.uint8).reshape(1, 1, 3, 3)
        reach = hits                                  # the first step grows from all seed channels at once
        for step in range(steps):
            kernel = np.repeat(plus, 7, axis=1) if step == 0 else plus
            grown = g.QLinearConv(reach, one, zero_u8, g.const(kernel, name="plus"), one, zero_u8, one, zero_u8,
                                  pads=[1, 1, 1, 1], name="grown")
            if step < steps - 1:
                reach = g.Min(grown, zero, name="reach")
        inside = g.Cast(g.Less(grown, zero, name="inside_b"), to=2, name="inside")     # Min(grown, zero) < zero
        if side < 30:
            inside = g.Pad(inside, g.ints([0, 0, 0, 0, 0, 0, 30 - side, 30 - side]), name="inside30")
        cond = g.Cast(inside, to=9, name="cond")
        paint = np.zeros((1, 10, 1, 1), np.float32)
        paint[0, fill] = 1
        return g.model(g.Where(cond, g.const(paint, name="fill_colour"), g.input))
