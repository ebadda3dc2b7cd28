"""Marker window: the output is the fixed-size window at a fixed offset from a single marker cell.

The marker (the one cell of some colour in every input) says where to look; the window moves with it.
In the graph the marker's own channel is the kernel of a Conv run over the input's ten channels as a
batch of ten one-channel images: a one-hot kernel shifts the image so the window lands at the
origin. Positive offsets are sliced off before the Conv, negative ones are padded in.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from . import Solver
from ._common import fixed_shape


def window(grid, r, c, oh, ow):
    """grid[r:r+oh, c:c+ow], or None where the window leaves the grid."""
    h, w = grid.shape
    if r < 0 or c < 0 or r + oh > h or c + ow > w:
        return None
    return grid[r:r + oh, c:c + ow]


def fill_marker(win, colour):
    """The window with its marker cell taking the window's one other colour (None if not exactly one)."""
    others = set(np.unique(win).tolist()) - {0, colour}
    return np.where(win == colour, others.pop(), win) if len(others) == 1 else None


def marker_cell(grid, colour):
    rr, cc = np.nonzero(grid == colour)
    return (int(rr[0]), int(cc[0])) if len(rr) == 1 else None


class MarkerWindow(Solver):
    name = "c2_marker_window"
    description = ("output = the fixed-size window of the input at a fixed offset from the single cell of "
                   "a marker colour (the marker may lie anywhere; it may take the window's other colour)")

    def fit(self, examples):
        oshapes = {o.shape for _, o in examples}
        if len(oshapes) != 1:
            return None
        oh, ow = oshapes.pop()
        i0, o0 = examples[0]
        if oh * ow >= i0.size:
            return None
        for colour in range(10):
            cells = [marker_cell(i, colour) for i, _ in examples]
            if None in cells:
                continue
            pr, pc = cells[0]
            h, w = i0.shape
            for r in range(h - oh + 1):
                for c in range(w - ow + 1):
                    for fill in (False, True):
                        see = (lambda x: fill_marker(x, colour)) if fill else (lambda x: x)
                        first = see(i0[r:r + oh, c:c + ow])
                        if first is None or not np.array_equal(first, o0):
                            continue
                        dr, dc = r - pr, c - pc
                        if all((win := window(i, p[0] + dr, p[1] + dc, oh, ow)) is not None
                               and (win := see(win)) is not None and np.array_equal(win, o)
                               for (i, o), p in zip(examples, cells)):
                            return colour, dr, dc, (oh, ow), fill, fixed_shape(examples)
        return None

    def candidates(self, examples):
        plan = self.fit(examples)
        if plan is None:
            return
        if plan[-1] is not None:
            yield self.name + "_crop", self.build(plan)
        yield self.name, self.build(plan[:-1] + (None,))

    def build(self, plan):
        colour, dr, dc, (oh, ow), fill, shape = plan
        h, w = shape if shape is not None else (30, 30)
        g = Graph()
        grid = g.input
        if shape is not None:
            grid = g.Slice(g.input, g.ints([0, 0]), g.ints([h, w]), g.ints([2, 3]), name="grid")
        images = g.Reshape(grid, g.ints([10, 1, h, w]), name="channel_images")
        marker = g.Slice(grid, g.ints([colour]), g.ints([colour + 1]), g.ints([1]), name="marker")
        src = images
        r0, c0 = max(dr, 0), max(dc, 0)
        if r0 or c0:
            src = g.Slice(images, g.ints([r0, c0]), g.ints([h, w]), g.ints([2, 3]), name="from_offset")
        sh, sw = h - r0, w - c0
        pt, pl = max(-dr, 0), max(-dc, 0)
        pb, pr_ = max(0, oh + h - 1 - sh - pt), max(0, ow + w - 1 - sw - pl)
        win = g.Conv(src, marker, pads=[pt, pl, pb, pr_], name="window")
        ch, cw = sh + pt + pb - h + 1, sw + pl + pr_ - w + 1
        if (ch, cw) != (oh, ow):
            win = g.Slice(win, g.ints([0, 0]), g.ints([oh, ow]), g.ints([2, 3]), name="window_cut")
        if fill:    # the marker cell takes the window's other colour
            keep = np.ones((10, 1, 1, 1), np.float32)
            keep[[0, colour]] = 0
            swap = -np.eye(10, dtype=np.float32)[colour].reshape(10, 1, 1, 1)
            others = g.Mul(g.ReduceMax(win, axes=[2, 3], keepdims=1, name="window_colours"),
                           g.const(keep, name="other_colours"), name="other_colour")
            spot = g.Slice(win, g.ints([colour]), g.ints([colour + 1]), g.ints([0]), name="marker_spot")
            change = g.Mul(spot, g.Add(others, g.const(swap, name="marker_off"), name="marker_to_other"),
                           name="marker_change")
            win = g.Add(win, change, name="window_filled")
        win = g.Reshape(win, g.ints([1, 10, oh, ow]), name="window_grid")
        return g.model(g.Pad(win, g.ints([0, 0, 0, 0, 0, 0, 30 - oh, 30 - ow])))
