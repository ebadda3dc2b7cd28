"""Framed pattern orbit boxes: a solid box of one colour holds a small pattern of dots (at most 3x3) inside a
one-cell rim; every place where the dots of the grid show that pattern, in any of its eight rotations and
reflections, gets such a box drawn around it (the pattern's box grown by one cell); the dots stay on top.

The pattern's box is the box's rows and columns less the rim: it is read as a 3x3 window at its top-left,
dot cells wanting a dot, the other cells of the pattern's box wanting no dot (background or box colour),
and the window's cells past the pattern's box caring for nothing, so one 3x3 kernel per orientation says
where the pattern's box lies in the window. A place matches when every cared cell is on the grid and
agrees; the box drawn there is the orientation's cared cells grown by one cell, 8-connected.

Graph (on the grids' top-left side x side corner, read by a dilated Conv: the generator's grids are 23x23):
the frame colour's row and column counts (two Einsums) give its first row and column (ArgMax) and its size
(Less against 2, 3, 4 marks the cared rows and columns); two Gathers lift the 3x3 window of the uint8 dot and
grid planes (on a corner, where every cell is on the grid: dot and v = 1 + dot, from one float plane and a
1x1 QLinearConv); one Gather with a constant index table turns the signed and cared kernels into their eight
orientations for one QLinearConv whose dynamic bias (1 - a full match's score) leaves 1 exactly at full
matches; a QLinearConv with the oriented boxes marks the covered cells and a MaxPool grows them; a 1x1
QLinearConv of the two planes and the grown one writes the output, its padding the rest of 30x30.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_graph import corner_plane
from .._common_grids import N, same_shape


def _orientations(t: np.ndarray) -> list[np.ndarray]:
    """The eight rotations and reflections of a square array."""
    return [np.rot90(t, k) for k in range(4)] + [np.rot90(t.T, k) for k in range(4)]


ORIENT = np.stack([o.reshape(-1) for o in _orientations(np.arange(9).reshape(3, 3))]).astype(np.int64)


def _template(grid: np.ndarray, bg: int, frame: int, dot: int):
    """The 3x3 window at the frame's inner top-left: +1 wants a dot, -1 wants no dot, 0 (outside the box the
    frame's rows and columns span, less its rim) cares for nothing; None when the grid holds other colours
    or the box is not 1..3 cells a side."""
    if not set(np.unique(grid).tolist()) <= {bg, frame, dot}:
        return None
    rows, cols = np.nonzero(grid == frame)
    if len(rows) == 0:
        return None
    r0, c0 = rows.min(), cols.min()
    tall, wide = len(set(rows.tolist())) - 2, len(set(cols.tolist())) - 2
    if not (1 <= tall <= 3 and 1 <= wide <= 3):
        return None
    pad = np.full((grid.shape[0] + 4, grid.shape[1] + 4), -1)
    pad[:grid.shape[0], :grid.shape[1]] = grid
    win = pad[r0 + 1:r0 + 4, c0 + 1:c0 + 4]
    care = (np.arange(3)[:, None] < tall) & (np.arange(3)[None, :] < wide)
    return np.where(care, np.where(win == dot, 1, -1), 0)


def orbit_boxes(grid: np.ndarray, bg: int, frame: int, dot: int):
    t = _template(grid, bg, frame, dot)
    if t is None or not (t == 1).any():
        return None
    h, w = grid.shape
    pad = np.full((h + 4, w + 4), -1)               # anchors run from -2 (cells off the grid match nothing)
    pad[2:2 + h, 2:2 + w] = grid
    is_dot, no_dot = pad == dot, (pad == bg) | (pad == frame)
    covered = np.zeros((h + 4, w + 4), bool)
    for k in _orientations(t):
        for a in range(h + 2):
            for b in range(w + 2):
                d, n = is_dot[a:a + 3, b:b + 3], no_dot[a:a + 3, b:b + 3]
                if np.all(np.where(k == 1, d, True)) and np.all(np.where(k == -1, n, True)):
                    covered[a:a + 3, b:b + 3] |= k != 0
    grown = np.zeros_like(covered)
    for dr in (-1, 0, 1):
        for dc in (-1, 0, 1):
            grown[1:-1, 1:-1] |= covered[1 + dr:h + 3 + dr, 1 + dc:w + 3 + dc]
    paint = grown[2:2 + h, 2:2 + w]
    return np.where(grid == dot, dot, np.where(paint, frame, bg))


class FramedPatternOrbitBoxes(Solver, name="framed_pattern_orbit_boxes", tasks=("task191",),
                              refuses="task182"):
    """Same-shape grids of three colours: a one-cell frame holds a pattern of dots; every place the dots show
    the pattern in any rotation or reflection gets a frame around it, the dots kept on top."""

    def plans(self, examples):
        """(background, frame, dot) over the orders of the three colours the inputs hold."""
        if not same_shape(examples):
            return
        colours = sorted({int(v) for i, o in examples for v in np.unique(i)} |
                         {int(v) for i, o in examples for v in np.unique(o)})
        if len(colours) != 3:
            return
        for bg in colours:
            for frame in colours:
                for dot in colours:
                    if len({bg, frame, dot}) == 3:
                        yield bg, frame, dot

    def rule(self, plan, grid):
        return orbit_boxes(grid, *plan)

    def candidates(self, examples):
        yield from self.with_corner_variant(examples, self.build, square=True)

    def build(self, plan, side=N):
        """side: the grids fit the top-left side x side corner (the generator's grids are all 23x23)."""
        bg, frame, dot = plan
        g = Graph()
        one, zero = g.floats(1.0, name="scale"), g.const(np.uint8(0), name="zero")
        zero_i8 = g.const(np.int8(0), name="zero_i8")
        # on a corner every cell is on the grid: one float plane v (1 on the grid, 2 on dots) gives the uint8
        # planes (dot, v) by a 1x1 QLinearConv; on the whole canvas the planes are (dot, grid cells)
        coded = side < N
        if coded:
            w1 = np.ones(10, np.float32)
            w1[dot] = 2
            v = g.QuantizeLinear(corner_plane(g, w1, (side, side), "code_f"), one, zero, name="code")
            planes = g.QLinearConv(v, one, zero, g.const(np.ones((2, 1, 1, 1), np.int8), name="split_w"), one,
                                   zero_i8, one, zero, g.const(np.array([-1, 0], np.int32), name="split_b"),
                                   name="planes")                                   # uint8 [1,2,side,side]
        else:
            w1 = np.zeros((2, 10), np.float32)
            w1[0, dot], w1[1] = 1, 1
            planes = g.QuantizeLinear(corner_plane(g, w1, (side, side), "planes_f"), one, zero,
                                      name="planes")
        span = np.arange(1, 4, dtype=np.int64)
        frame_sel = np.zeros(10, np.float32)
        frame_sel[frame] = 1
        idx, care = [], []
        for term, shape in (("y", [3, 1]), ("x", [1, 3])):
            count = g.Einsum(g.input, g.const(frame_sel, name="frame_sel"), equation=f"bcyx,c->{term}",
                             name="frame_count")                                       # [30]
            prof = g.Cast(g.Greater(count, g.floats(0.5, name="half"), name="profile_b"), to=1, name="profile")
            first = g.ArgMax(prof, axis=0, keepdims=1, name="first")                    # [1]
            inside = g.Add(first, g.const(span, name="span"), name="inside")
            # window cells past the box are not cared for: past the corner they read its last row/column
            idx.append(g.Min(inside, g.ints([side - 1], name="last")) if side < N else inside)
            extent = g.ReduceSum(prof, axes=[0], keepdims=0, name="extent")            # box side + 2
            cared = g.Less(g.const(np.array([2, 3, 4], np.float32).reshape(shape), name="step"), extent,
                           name="cared_b")
            care.append(g.Cast(cared, to=1, name="cared"))
        care = g.Mul(care[0], care[1], name="care")                                             # [3, 3]
        win = g.Gather(g.Gather(planes, idx[0], axis=2, name="win_rows"), idx[1], axis=3, name="win")
        dots = g.Cast(g.Reshape(g.Slice(win, g.ints([0]), g.ints([1]), g.ints([1]), name="win_dot"),
                                g.ints([3, 3]), name="win33"), to=1, name="win_f")
        t_dot = g.Mul(dots, care, name="t_dot")
        # a cell scores its most on a full match: (dot, grid) weights (+1, 1) on a wanted dot, (-1, 1) on a
        # wanted no-dot; on (dot, v): (1, 1) and (-2, 1), 3 at a wanted dot
        if coded:
            signed = g.Sub(g.Mul(t_dot, g.floats(3.0, name="three"), name="t_dot3"),
                           g.Add(care, care, name="care2"), name="signed")
        else:
            signed = g.Sub(g.Add(t_dot, t_dot, name="t_dot2"), care, name="signed")
        t2 = g.Reshape(g.Concat(signed, care, axis=0, name="t2"), g.ints([2, 9]), name="t2f")
        oriented = g.Gather(t2, g.const(ORIENT, name="orient"), axis=1, name="oriented")          # [2, 8, 9]
        w = g.Reshape(g.Transpose(oriented, perm=[1, 0, 2], name="w_t"), g.ints([8, 2, 3, 3]), name="w")
        wq = g.QuantizeLinear(w, one, zero_i8, name="wq")
        # a full match scores every dot plus every cared cell on the grid: bias 1 - that leaves 1 exactly there
        n_dot = g.ReduceSum(t_dot, axes=[0, 1], keepdims=0, name="n_dot")
        full = g.Add(g.Add(n_dot, n_dot, name="n_dot2") if coded else n_dot,
                     g.ReduceSum(care, axes=[0, 1], keepdims=0, name="n_care"), name="full")
        bias = g.Cast(g.Sub(g.const(np.ones(8, np.float32), name="ones8"), full, name="bias_f"), to=6,
                      name="bias")
        match = g.QLinearConv(planes, one, zero, wq, one, zero_i8, one, zero, bias, pads=[2, 2, 2, 2],
                              name="match")                                          # uint8 [1,8,32,32]
        flip = g.Gather(g.Reshape(care, g.ints([9]), name="care9"), g.const(ORIENT[:, ::-1].copy(),
                        name="orient_flip"), axis=0, name="box_flip")                # [8, 9]
        box = g.QuantizeLinear(g.Reshape(flip, g.ints([1, 8, 3, 3]), name="box_f"), one, zero, name="box")
        covered = g.QLinearConv(match, one, zero, box, one, zero, one, zero, name="covered")   # [1,1,30,30]
        grown = g.MaxPool(covered, kernel_shape=[3, 3], pads=[1, 1, 1, 1], name="grown")
        x3 = g.Concat(planes, grown, axis=1, name="x3")                               # dot, grid or v, paint
        k = 100                                                                      # above any paint count
        wo = np.zeros((10, 3, 1, 1), np.int8)
        bo = np.zeros(10, np.int32)
        wo[dot, 0] = 1
        if coded:                    # v - dot is the grid: frame = paint on a plain cell, bg = 1 - paint there
            wo[frame] = [[[-k - 1]], [[1]], [[1]]]
            bo[frame] = -1
            wo[bg] = [[[-k]], [[1]], [[-1]]]
        else:
            wo[frame] = [[[-k]], [[k]], [[1]]]
            bo[frame] = -k
            wo[bg] = [[[-k]], [[1]], [[-1]]]
        # the padding past the corner writes 0 there (the frame's bias saturates at 0)
        return g.model(g.QLinearConv(x3, one, zero, g.const(wo, name="out_w"), one, zero_i8, one, zero,
                                     g.const(bo, name="out_b"), pads=[0, 0, N - side, N - side], name="out"))
