"""Marker-rich box: the grid holds a few solid rectangles of non-black cells, apart from each other by a black
line; the output is the rectangle holding the most cells of one marker colour, cropped as it stands.

Graph: on the whole 30 x 30 colour-code plane (the build crops it to the task's canvas where one is known), the
non-black (bool) and float16 marker cells; a segmented sum along each row run (the row's total less the forward
CumSum at the last black cell before the run and the reverse one at the first after it, each a 1x30 MaxPool over
the sums at the black cells) gives each cell its run's marker count; the same along the columns over those
counts gives each cell its box's count. The cells whose count is the largest are the box; its first row /
column (ArgMax) and size index two Gathers of the uint8 colour code, and one Equal writes `output`.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from ._runs import run_sum
from ._window import crop_u8, window_code


def _boxes(grid):
    """The 4-connected components of non-black cells, each as (r0, r1, c0, c1); None unless each is a filled
    rectangle (components then never share a row run or a column run)."""
    seen = np.zeros(grid.shape, bool)
    boxes = []
    for r, c in zip(*np.nonzero(grid)):
        if seen[r, c]:
            continue
        stack, cells = [(r, c)], []
        seen[r, c] = True
        while stack:
            y, x = stack.pop()
            cells.append((y, x))
            for dy, dx in ((1, 0), (-1, 0), (0, 1), (0, -1)):
                v, u = y + dy, x + dx
                if 0 <= v < grid.shape[0] and 0 <= u < grid.shape[1] and grid[v, u] and not seen[v, u]:
                    seen[v, u] = True
                    stack.append((v, u))
        ys, xs = zip(*cells)
        r0, r1, c0, c1 = min(ys), max(ys) + 1, min(xs), max(xs) + 1
        if len(cells) != (r1 - r0) * (c1 - c0):
            return None
        boxes.append((r0, r1, c0, c1))
    return boxes


def richest_box(grid, marker):
    """The box with strictly the most `marker` cells, cropped; None if a component is not a rectangle or the
    top count is tied or 0."""
    boxes = _boxes(grid)
    if not boxes:
        return None
    counts = [int((grid[r0:r1, c0:c1] == marker).sum()) for r0, r1, c0, c1 in boxes]
    best = max(counts)
    if best == 0 or counts.count(best) != 1:
        return None
    r0, r1, c0, c1 = boxes[counts.index(best)]
    return grid[r0:r1, c0:c1].copy()


class MarkerRichBox(Solver, name="marker_rich_box", tasks=("task365", "task216"), refuses="task396",
                    fit_splits=("train", "test", "arc-gen")):
    """Output is the solid rectangle (of several, apart on a black ground) that holds the most cells of one
    marker colour, cropped."""

    def plans(self, examples):
        """Each marker colour (the graph works on the whole 30 x 30 canvas; the build crops it to the task's
        canvas where one is known)."""
        if any(i.shape == o.shape for i, o in examples):
            return
        yield from range(1, 10)

    def rule(self, plan, grid):
        return richest_box(grid, plan)

    def build(self, plan):
        g = Graph()
        s, marker = 30, plan
        code = window_code(g, s, np.arange(1, 11))                                         # [1,1,s,s]
        filled = g.Greater(code, g.floats(1.5), name="filled")                             # non-black cells
        marks = g.Where(g.Equal(code, g.floats(marker + 1.0), name="marker_cells"), g.const(np.float16(1), name="one_f16"),
                        g.const(np.float16(0), name="zero_f16"), name="marks")
        row = run_sum(g, marks, filled, 3, "row")                 # each filled cell: its row run's count
        box = run_sum(g, row, filled, 2, "col")                   # each filled cell: its box's count
        top = g.Equal(box, g.ReduceMax(box, keepdims=1, name="top"), name="top_cells")  # the top count is >= 1
        win = g.Cast(top, to=2, name="winner")                                                # [1,1,s,s] uint8
        idx = np.arange(30, dtype=np.float32)
        src = []
        for tag, axes in (("row", [1, 3]), ("col", [1, 2])):
            present = g.Cast(g.ReduceMax(win, axes=axes, keepdims=0, name=f"{tag}_any"), to=1,
                             name=f"{tag}_present")                                               # [1,s]
            first = g.Cast(g.ArgMax(present, axis=1, keepdims=0), to=1, name=f"{tag}_first")  # [1]
            last = g.ReduceMax(g.Mul(present, g.floats(idx[:s])), axes=[1], keepdims=0, name=f"{tag}_last")
            size = g.Sub(last, first, name=f"{tag}_span")                  # size - 1
            line = g.Where(g.Greater(g.floats(idx), size), g.floats(-1.0), g.Add(g.floats(idx), first),
                           name=f"{tag}_src_f")
            src.append(g.Cast(line, to=7, name=f"{tag}_src"))              # [30]; -1: the padded empty line
        code = crop_u8(g, code, s, src[0], src[1])                                        # [1,1,30,30] uint8
        return g.model(g.Equal(code, g.const(np.arange(1, 11, dtype=np.uint8).reshape(1, 10, 1, 1),
                                             name="codes_u8")))
