"""Track slide: the cells of one colour (the mover) shift by a fixed step along the axis in
which the cells of a second colour (the track) spread further, forward (right/down) or backward; the
cells it leaves become background (the track shows through where it lay under the mover).

Graph: the track's row and column spans from ArgMax over its profiles pick the axis, two Convs shift
the mover map both ways, a Where chooses, and a colour-code map decoded by one Equal writes the output."""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_graph import colour_code
from .._common_grids import shared_colours
from ._guards import edits_in_place


def slide(grid, mover, track, step):
    moving = grid == mover
    dots = np.argwhere(grid == track)
    if not moving.any() or not len(dots):
        return None
    spread_c, spread_r = np.ptp(dots[:, 1]), np.ptp(dots[:, 0])
    if spread_c == spread_r:
        return None
    moved = np.zeros_like(moving)
    axis = 1 if spread_c > spread_r else 0
    n = grid.shape[axis]
    if abs(step) >= n:
        return None
    src = [slice(None)] * 2
    dst = [slice(None)] * 2
    if step > 0:
        src[axis], dst[axis] = slice(0, n - step), slice(step, n)
    else:
        src[axis], dst[axis] = slice(-step, n), slice(0, n + step)
    if moving[tuple([slice(None)] * axis + [slice(n - step, n) if step > 0 else slice(0, -step)])].any():
        return None                                              # it would leave the grid
    moved[tuple(dst)] = moving[tuple(src)]
    return np.where(moved, mover, np.where(moving, 0, grid))


class TrackSlide(Solver, name="track_slide", tasks=("task122",), refuses="task099", aliases=("c3_slide",)):
    """The cells of one colour slide a fixed step along the track of another colour (along the axis the track spreads
    in); vacated cells become background."""

    def plans(self, examples):
        if not edits_in_place(examples):
            return
        moved = {int(v) for i, o in examples for v in o[(i != o) & (o != 0)]}
        if len(moved) != 1:
            return
        mover = moved.pop()
        for track in sorted(shared_colours(examples) - {0, mover}):
            for step in (1, 2, 3, -1, -2, -3):
                yield mover, track, step

    def rule(self, plan, grid):
        return slide(grid, *plan)

    def build(self, plan):
        mover, track, step = plan
        g = Graph()
        colours, base = colour_code(g)
        pick = np.zeros((1, 10, 1, 1), np.float32)
        pick[0, mover] = 1
        moving = g.Conv(g.input, g.const(pick, name="mover_w"), name="mover")
        pick = np.zeros((1, 10, 1, 1), np.float32)
        pick[0, track] = 1
        dots = g.Conv(g.input, g.const(pick, name="track_w"), name="track")
        spans = []
        for axis, label in ((2, "row"), (3, "col")):
            prof = g.ReduceMax(dots, axes=[0, 1, 5 - axis], keepdims=0, name=f"track_{label}s")
            lo = g.ArgMax(prof, axis=0, keepdims=1, name=f"track_{label}_first")
            hi = g.ArgMax(prof, axis=0, keepdims=1, select_last_index=1, name=f"track_{label}_last")
            spans.append(g.Sub(hi, lo, name=f"track_{label}_span"))
        along_cols = g.Greater(spans[1], spans[0], name="along_cols")
        s = abs(step)
        kernel = np.zeros(2 * s + 1, np.float32)
        kernel[s - step] = 1                                     # out[k] = in[k - step]
        shifted = {}
        for axis, shape, pads in ((2, (1, 1, 2 * s + 1, 1), [s, 0, s, 0]), (3, (1, 1, 1, 2 * s + 1), [0, s, 0, s])):
            shifted[axis] = g.Conv(moving, g.const(kernel.reshape(shape), name=f"shift_{axis}"), pads=pads,
                                   name="moved_rows" if axis == 2 else "moved_cols")
        moved = g.Where(along_cols, shifted[3], shifted[2], name="moved")
        half = g.const(np.array([0.5], np.float32), name="half")
        code = g.Where(g.Greater(moving, half, name="was_mover"), g.const(np.zeros(1, np.float32), name="zero"), base,
                       name="vacated")
        code = g.Where(g.Greater(moved, half, name="is_mover"), g.const(np.array([float(mover)], np.float32),
                       name="mover_value"), code, name="code")
        return g.model(g.Equal(code, colours))
