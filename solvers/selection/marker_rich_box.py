"""Marker-rich box: the grid holds a few solid rectangles of non-black cells, apart from each other by a black
line; the output is the rectangle holding the most cells of one marker colour, cropped as it stands.

Graph: on the colour-code plane of the grids' common square side (else the whole 30 x 30 canvas, which the
build crops to the task's canvas where one is known), read straight from `input` by a dilated Conv, the
non-black (bool) and float16 marker cells. A running sum along each row run (the forward CumSum less its value
at the last black cell before, a 1x30 MaxPool of the sums at the black cells), then the same down each column
over those, gives each cell its box's marker count up to its row and column: the largest is the richest box's
count, reached at its bottom-right cell and only inside that box. Its last row and column are the last lines
reaching it (ArgMax), its first ones follow the last black cell before them along the filled line through the
last ones; the index vectors they give crop the uint8 colour code by two Gathers, and one Equal writes
`output`.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import output_bound
from ._runs import run_prefix, run_prefix_u8
from ..local._code_decode import decode_code, decode_one_colour
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
        """(marker colour, side): each marker colour, on the grids' common square side where every example
        shares one (task216's generator always draws 20 x 20; the rule then refuses any other shape), else on
        the whole 30 x 30 canvas (the build crops it to the task's canvas where one is known)."""
        if any(i.shape == o.shape for i, o in examples):
            return
        shapes = {i.shape for i, _ in examples}
        side = 30
        if len(shapes) == 1:
            h, w = shapes.pop()
            side = h if h == w else 30
        for marker in range(1, 10):
            yield marker, side

    def rule(self, plan, grid):
        marker, side = plan
        if side < 30 and grid.shape != (side, side):
            return None
        return richest_box(grid, marker)

    def candidates(self, examples):
        """The graph, and (where the outputs have a bound the generator hits often, `output_bound`) the one
        that crops only a square of that side, decoded by one padding QLinearConv."""
        plan = self.fit(examples)
        if plan is None:
            return
        bound = output_bound(examples)
        boxes = [30] + ([max(bound)] if bound is not None and max(bound) < 30 else [])
        # uint8 running sums hold a grid's marker count up to 255: tried where the examples' largest count is
        # at most a quarter of that (task365's generator draws at most 12 markers; task216's marks each box
        # cell with probability 0.2, about 70 on a 20 x 20 grid)
        marker = plan[0]
        small = max(int((i == marker).sum()) for i, _ in examples) <= 63
        for box in boxes:
            label = self.name if box == 30 else f"{self.name}:box{box}"
            yield label, self.build(plan, box)
            if small:
                yield f"{label}:u8", self.build(plan, box, counts_u8=True)
        # every output of one fill colour and the marker (task216's generator: blue boxes, red markers), on a
        # fixed square grid: a box fits that square, so the crop is that side, decoded by one colour's sign
        fills = set().union(*(set(o.ravel().tolist()) for _, o in examples)) - {marker}
        if small and plan[1] < 30 and len(fills) == 1:
            yield f"{self.name}:fill", self.build(plan, plan[1], counts_u8=True, fill=fills.pop())

    def build(self, plan, box=30, counts_u8=False, fill=None):
        """fill: the boxes' one colour besides the marker, where every box holds only those two (the square
        side then fixed, `plan`): the code is 0 fill, 2 marker, 3 black, so `filled` is code < 3 and the
        marks are code >> 1 (black's 1 falls on gaps, whose running sums the run reset drops), and the crop,
        padded with 1, is decoded by one QLinearConv with the fill's sign -1 and the marker's +1."""
        g = Graph()
        marker, s = plan
        if fill is not None:
            code = g.Cast(window_code(g, s, np.eye(10)[marker] * 2 + np.eye(10)[0] * 3), to=2, name="code_u8")
            filled = g.Less(code, g.const(np.uint8(3), name="black_code"), name="filled")
            marks = g.BitShift(code, g.const(np.uint8(1), name="one_u8"), direction="RIGHT", name="marks")
        elif counts_u8:
            # codes 1..9 for the other colours (black 1), 10 for the marker: code // 10 marks the markers
            codes = np.zeros(10, int)
            codes[[c for c in range(10) if c != marker]] = np.arange(1, 10)
            codes[marker] = 10
            code = g.Cast(window_code(g, s, codes), to=2, name="code_u8")                  # [1,1,s,s]
            filled = g.Greater(code, g.const(np.uint8(1), name="black_code"), name="filled")
            marks = g.Div(code, g.const(np.uint8(10), name="marker_code"), name="marks")
        else:
            code = window_code(g, s, np.arange(1, 11))                                     # [1,1,s,s]
            filled = g.Greater(code, g.floats(1.5), name="filled")                         # non-black cells
            marks = g.Where(g.Equal(code, g.floats(marker + 1.0), name="marker_cells"),
                            g.const(np.float16(1), name="one_f16"), g.const(np.float16(0), name="zero_f16"),
                            name="marks")
        if counts_u8:
            row = run_prefix_u8(g, marks, filled, 3, s, "row")
            part = run_prefix_u8(g, row, filled, 2, s, "col")
        else:
            row = run_prefix(g, marks, filled, 3, "row")      # each filled cell: its row run's count up to it
            part = run_prefix(g, row, filled, 2, "col")       # ... and its box's count up to its row and column
        top = g.ReduceMax(part, keepdims=0, name="top")   # the richest box's count, at its bottom-right cell
        last = {}
        for tag, axes in (("row", [1, 3]), ("col", [1, 2])):
            reached = g.Cast(g.Equal(g.ReduceMax(part, axes=axes, keepdims=0, name=f"{tag}_best"), top,
                                     name=f"{tag}_reached_b"), to=2, name=f"{tag}_reached")         # [1,s]
            last[tag] = g.Cast(g.ArgMax(reached, axis=1, keepdims=0, select_last_index=1, name=f"{tag}_last_i"),
                               to=6, name=f"{tag}_last")                                         # [1] int32
        idx = g.const(np.arange(s, dtype=np.int32), name="lines")                          # the plane's lines
        out_idx = g.const(np.arange(box, dtype=np.int32), name="out_lines")                # the output's lines
        src = []
        for tag, axis, across in (("row", 2, "col"), ("col", 3, "row")):
            # the box's first line: one past the last black cell before its last line, along its last
            # line across (the filled run through a box is the box)
            through = g.Squeeze(g.Gather(filled, last[across], axis=5 - axis, name=f"{tag}_through_4"),
                                axes=[0, 1, 5 - axis], name=f"{tag}_through")                     # [s] bool
            before = g.And(g.Not(through, name=f"{tag}_black"), g.Less(idx, last[tag], name=f"{tag}_above"),
                           name=f"{tag}_black_before")
            first = g.ReduceMax(g.Where(before, g.Add(idx, g.const(np.int32(1), name="one_i")),
                                        g.const(np.int32(0), name="zero_i"), name=f"{tag}_after_black"),
                                keepdims=1, name=f"{tag}_first")                                  # [1]
            size = g.Sub(last[tag], first, name=f"{tag}_span")                                    # size - 1
            src.append(g.Where(g.Greater(out_idx, size, name=f"{tag}_past"), g.const(np.int32(-1), name="pad_line"),
                               g.Add(out_idx, first, name=f"{tag}_in_box"), name=f"{tag}_src"))  # -1: padded empty line
        if fill is not None:
            padded = g.Pad(code, g.ints([0, 0, 0, 0, 0, 0, 1, 1]), g.const(np.uint8(1), name="nothing"),
                           name="code_padded")                                            # [1,1,s+1,s+1]
            crop = g.Gather(g.Gather(padded, src[0], axis=2, name="rows_cropped"), src[1], axis=3, name="crop")
            signs = np.zeros((10, 1, 1, 1), np.int8)
            signs[fill], signs[marker] = -1, 1
            return g.model(decode_one_colour(g, crop, (box, box), weights=g.const(signs, name="colour_signs"),
                                             quantize=False))
        if not counts_u8:
            codes = np.arange(1, 11)
        code = crop_u8(g, code, s, src[0], src[1], cast=not counts_u8)                    # [1,1,box,box] uint8
        if box < 30:
            return g.model(decode_code(g, code, (box, box), codes=codes))
        return g.model(g.Equal(code, g.const(codes.astype(np.uint8).reshape(1, 10, 1, 1), name="codes_u8")))
