"""Marker window: the output is the fixed-size window at a fixed offset from a single marker cell.

The marker (the one cell of some colour in every input) says where to look; the window moves with it.
In the graph the marker's row and column are index-weighted Einsums of its channel; a OneHot of the
wanted line indices gives 0/1 line maps for the window's rows and columns, and one Einsum input x codes
x rows x cols reads the window's colour + 1 codes, decoded by one QLinearConv straight into `output`.

One-colour variant (`one_colour`): a Resize reads the window's background channel only, the colour comes
from signed colour counts as the weights of one zero-point QLinearConv.

Grid variant (`grid`), where every input has one shape below the canvas: the grid's code plane in one byte
(a cropping 1x1 ConvTranspose) and two Gathers at the marker's lines cut the window out instead of the [k,30]
line maps.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_graph import corner_plane
from .._common_grids import N, fixed_out_shape, fixed_shape
from ..local._code_decode import decode_code, decode_one_colour


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


def _marker_grid(g, colour, dr, dc, shape):
    """float16 [1,oh,ow,2] GridSample grid (align_corners: x = line * 2/29 - 1) of the window at offset (dr, dc)
    from the marker: one Einsum reads the marker's scaled (column, row) from `input` at once (the [30,2] line
    table (1, t * 2/29) read along rows and columns, a [2,2,2] swap taking the products (1, column) and (row, 1)),
    then one Add of the window's constant offsets (nearest sampling: rounding errors far below half a line)."""
    oh, ow = shape
    step = 2 / (N - 1)
    pick = np.zeros(10, np.float32)
    pick[colour] = 1
    lines = np.stack([np.ones(N), np.arange(N) * step], axis=1).astype(np.float32)             # [30,2]
    swap = np.zeros((2, 2, 2), np.float32)                                                     # [row term, col term, x/y]
    swap[0, 1, 0] = swap[1, 0, 1] = 1
    table = g.const(lines, name="marker_lines")
    at = g.Einsum(g.input, g.const(pick, name="marker_colour"), table, table, g.const(swap, name="xy_terms"),
                  equation="bchw,c,ha,wd,ade->be", name="marker_xy")                            # [1,2]
    offsets = np.zeros((1, oh, ow, 2), np.float32)
    offsets[..., 0] = (dc + np.arange(ow)).reshape(1, ow) * step - 1
    offsets[..., 1] = (dr + np.arange(oh)).reshape(oh, 1) * step - 1
    return g.Add(g.Cast(at, to=10, name="marker_xy16"), g.const(offsets.astype(np.float16), name="window_offsets"),
                 name="sample_grid")


class MarkerWindow(Solver, name="marker_window", tasks=("task111", "task121"), refuses="task360",
                   aliases=("c2_marker_window",)):
    """Output = the fixed-size window of the input at a fixed offset from the single cell of a marker colour (the
    marker may lie anywhere; it may take the window's other colour)."""

    def plans(self, examples):
        shape = fixed_out_shape(examples)
        i0, o0 = examples[0]
        if shape is None or shape[0] * shape[1] >= i0.size:
            return
        oh, ow = shape
        h, w = i0.shape
        in_shape = fixed_shape(examples)
        for colour in range(10):
            if any(marker_cell(i, colour) is None for i, _ in examples):
                continue
            pr, pc = marker_cell(i0, colour)
            for r in range(h - oh + 1):
                for c in range(w - ow + 1):
                    covers_marker = 0 <= pr - r < oh and 0 <= pc - c < ow     # only then can it be filled
                    for fill in (False, True) if covers_marker else (False,):
                        plan = colour, r - pr, c - pc, shape, fill, in_shape
                        if np.array_equal(self.rule(plan, i0), o0):
                            yield plan

    def rule(self, plan, grid):
        colour, dr, dc, (oh, ow), fill, _shape = plan
        cell = marker_cell(grid, colour)
        if cell is None:
            return None
        win = window(grid, cell[0] + dr, cell[1] + dc, oh, ow)
        return fill_marker(win, colour) if fill and win is not None else win

    def candidates(self, examples):
        """The plan's graph, then, where every input has one shape below the canvas, the grid-plane variant."""
        plan = self.fit(examples)
        if plan is None:
            return
        yield self.name, self.build(plan)
        yield f"{self.name}:sample", self.build_sample(plan)
        if plan[5] is not None and max(plan[5]) < 30:
            yield f"{self.name}:grid", self.build_grid(plan)
        if _one_colour(examples, plan):
            yield f"{self.name}:one_colour", self.build_one_colour(plan, _shown_row(examples, plan))

    def build_one_colour(self, plan, shown_row=None):
        """Where the answer shows one colour besides the background 0 (`_one_colour`): one tf_crop_and_resize
        Resize reads only the background channel of the window (its roi one MatMul of the marker's (row,
        column, 1), two index Einsums), doubled in one byte (2 background, 0 the colour) and decoded by one
        zero-point QLinearConv whose weights are colour counts signed (+ background, - the others, 0 the
        marker): the input's where the window never covers the marker and the input shows one colour besides
        the background and the marker; filled, the window's own (below)."""
        colour, dr, dc, (oh, ow), fill, _shape = plan
        g = Graph()
        pick = np.zeros(10, np.float32)
        pick[colour] = 1
        index, marker = g.const(np.arange(N, dtype=np.float32), name="index"), g.const(pick, name="marker_colour")
        at = g.Concat(g.Einsum(g.input, marker, index, equation="bchw,c,h->b", name="marker_row"),
                      g.Einsum(g.input, marker, index, equation="bchw,c,w->b", name="marker_col"),
                      g.const(np.float32([1]), name="unit"), axis=0, name="marker_at")          # [3]: (row, column, 1)
        roi = np.zeros((3, 8), np.float32)          # roi (batch, channel 0, rows, columns) over length - 1
        roi[0, [2, 6]] = roi[1, [3, 7]] = 1 / (N - 1)
        roi[2, [2, 3, 6, 7]] = (np.array([dr, dc, dr + oh - 1, dc + ow - 1]) + 0.25) / (N - 1)   # a quarter line on:
        # a window at line 0 never rounds below it (nearest rounds the quarter away)
        background = g.Resize(g.input, g.MatMul(at, g.const(roi, name="roi_table"), name="roi"), "",
                              g.ints([1, 1, oh, ow], name="window_size"), mode="nearest",
                              coordinate_transformation_mode="tf_crop_and_resize", name="window_background")
        background = g.Cast(background, to=2, name="window_background_u8")
        plane = g.Add(background, background, name="window_plane")             # 2 background, 0 the colour
        signs = -np.ones(10)
        signs[0], signs[colour] = 1, 0
        if not fill:
            return g.model(decode_one_colour(g, plane, (oh, ow), signs=signs))
        # filled: the marker cell reads as the colour; the colour is the window's own. Where every answer's
        # line `shown_row` (not the marker's) shows it, one bilinear Resize reads that line's colour counts at
        # its ow - 1 cell borders (each the mean of the 2 cells beside it), else at the window's (oh - 1) x
        # (ow - 1) cell corners (every window cell counted); signed and scaled by 4 (a quarter cell rounds to 1),
        # the background's weight raised by 4 by its zero point (it may be missing from that line)
        rows = (dr + 0.5, dr + oh - 1.5) if shown_row is None else (dr + shown_row,) * 2
        corners = np.zeros((3, 8), np.float32)
        corners[0, [2, 6]] = corners[1, [3, 7]] = 1 / (N - 1)
        corners[2, [2, 3, 6, 7]] = np.array([rows[0], dc + 0.5, rows[1], dc + ow - 1.5]) / (N - 1)
        corners[2, 5] = 1                                                         # every channel
        size = [1, 10, oh - 1 if shown_row is None else 1, ow - 1]
        means = g.Resize(g.input, g.MatMul(at, g.const(corners, name="corner_table"), name="corner_roi"), "",
                         g.ints(size, name="corner_size"), mode="linear",
                         coordinate_transformation_mode="tf_crop_and_resize", name="window_means")
        counts = g.Einsum(means, g.const((4 * signs).astype(np.float32), name="colour_signs"),
                          g.const(np.ones((1, 1, 1), np.float32), name="weight_dims"), equation="bchw,c,xyz->cxyz",
                          name="signed_counts")                                                 # [10,1,1,1]
        raise_bg = np.zeros(10, np.int8)
        raise_bg[0] = 4
        weights = g.QuantizeLinear(counts, g.const(np.ones(10, np.float32), name="unit_scales"),
                                   g.const(raise_bg, name="background_raise"), axis=0, name="colour_weights")
        return g.model(decode_one_colour(g, plane, (oh, ow), weights=weights, quantize=False))

    def build_grid(self, plan):
        """The grid's code plane read by one cropping 1x1 ConvTranspose (`corner_plane`), and the window cut out
        of it by two Gathers at the marker's row and column (the window's start clipped to the grid: a window off
        it is no answer). A window at a positive offset from its marker never reaches the grid's first lines, so
        the plane starts at the offset."""
        colour, dr, dc, (oh, ow), fill, (h, w) = plan
        g = Graph()
        first_row, first_col = max(0, dr), max(0, dc)
        code = g.Cast(corner_plane(g, self._codes(colour, fill), (h, w), "code_f", origin=(first_row, first_col)),
                      to=2, name="code")                                      # uint8 [1,1,h-first_row,w-first_col]
        pick = np.zeros(10, np.float32)
        pick[colour] = 1
        index = g.const(np.arange(30, dtype=np.float32), name="index")

        def lines(eq, offset, k, n, first, tag):
            """[k] int32: the plane's lines for the window's lines marker + offset + i, the marker clipped so that
            they lie on the grid's n lines (clipped and cast while it is one number)."""
            at = g.Einsum(g.input, g.const(pick, name="marker_colour"), index, equation=eq, name=f"{tag}_marker")
            start = g.Cast(g.Clip(at, g.const(np.float32(max(0, -offset)), name=f"{tag}_lowest"),
                                  g.const(np.float32(n - k - offset), name=f"{tag}_highest"), name=f"{tag}_clipped"),
                           to=6, name=f"{tag}_marker_i32")
            return g.Add(start, g.const(offset - first + np.arange(k, dtype=np.int32), name=f"{tag}_steps"),
                         name=f"{tag}_lines")

        rows = lines("bchw,c,h->b", dr, oh, h, first_row, "row")
        cols = lines("bchw,c,w->b", dc, ow, w, first_col, "col")
        window = g.Gather(g.Gather(code, rows, axis=2, name="window_rows"), cols, axis=3, name="window")
        return g.model(decode_code(g, self._filled(g, window, dr, dc, (oh, ow)) if fill else window, (oh, ow)))

    def build_sample(self, plan):
        """One GridSample (nearest, `_marker_grid`) reads the window's 10 channels at the marker's lines (a
        [1,10,oh,ow] float, where the [k,30] float line maps of `build` hold 4 x 30 x (oh + ow) bytes). Without
        fill that one-hot is the answer, padded onto the canvas by one depthwise 1x1 Conv; with fill an Einsum
        codes it, decoded as in `build`."""
        colour, dr, dc, (oh, ow), fill, _shape = plan
        g = Graph()
        window = g.GridSample(g.input, _marker_grid(g, colour, dr, dc, (oh, ow)), mode="nearest", align_corners=1,
                              padding_mode="zeros", name="gridsample")                          # [1,10,oh,ow]
        if not fill:        # the sampled one-hot is the answer: a depthwise 1x1 Conv pads it to the canvas
            return g.model(g.Conv(window, g.const(np.ones((10, 1, 1, 1), np.float32), name="keep_channel"),
                                  group=10, pads=[0, 0, 30 - oh, 30 - ow]))
        codes = g.const(self._codes(colour, fill).reshape(1, 10), name="codes")
        code = g.Cast(g.Einsum(window, codes, equation="bchw,xc->bxhw", name="window_f"), to=2,
                      name="window")                                                          # uint8 [1,1,oh,ow]
        if fill:
            code = self._filled(g, code, dr, dc, (oh, ow))
        return g.model(decode_code(g, code, (oh, ow)))

    @staticmethod
    def _codes(colour, fill):
        """colour + 1 per channel; with fill the marker's code is 0, below every colour, so the window's largest
        code is its other colour."""
        codes = np.arange(1, 11, dtype=np.float32)
        if fill:
            codes[colour] = 0
        return codes

    @staticmethod
    def _filled(g, code, dr, dc, shape):
        """The marker cell, always at (-dr, -dc) of the window, takes the window's largest code: its other colour,
        the marker's own code being 0 (`_codes`)."""
        other = g.ReduceMax(code, axes=[2, 3], keepdims=1, name="other_code")
        at_marker = np.zeros((1, 1) + tuple(shape), bool)
        at_marker[0, 0, -dr, -dc] = True
        return g.Where(g.const(at_marker, name="marker_place"), other, code, name="window_filled")

    def build(self, plan):
        colour, dr, dc, (oh, ow), fill, _shape = plan
        g = Graph()
        pick = np.zeros(10, np.float32)
        pick[colour] = 1
        index = g.const(np.arange(30, dtype=np.float32), name="index")
        depth, on_off = g.const(np.float32(30), name="canvas_side"), g.const(np.float32([0, 1]), name="off_on")

        def lines(eq, offset, k, tag):
            """[k, 30] float: window line i reads canvas line marker + offset + i (a OneHot of that index)."""
            at = g.Einsum(g.input, g.const(pick, name="marker_colour"), index, equation=eq, name=f"{tag}_marker")
            want = g.Add(at, g.const(offset + np.arange(k, dtype=np.float32), name=f"{tag}_steps"),
                         name=f"{tag}_want")                                                  # [k]
            return g.OneHot(want, depth, on_off, name=f"{tag}_pick")

        rows = lines("bchw,c,h->b", dr, oh, "row")
        cols = lines("bchw,c,w->b", dc, ow, "col")
        codes = g.const(self._codes(colour, fill).reshape(1, 10), name="codes")
        code = g.Cast(g.Einsum(g.input, codes, rows, cols, equation="bchw,xc,ih,jw->bxij", name="window_f"), to=2,
                      name="window")                                                          # uint8 [1,1,oh,ow]
        if fill:
            code = self._filled(g, code, dr, dc, (oh, ow))
        return g.model(decode_code(g, code, (oh, ow)))


def _one_colour(examples, plan) -> bool:
    """Whether the one-colour graph holds: filled, every answer shows at most one colour besides the
    background 0; else the window never covers the marker and every input shows at most one colour besides
    the background and the marker."""
    colour, dr, dc, (oh, ow), fill, _shape = plan
    if fill:            # the window's colours are read off the window: its answer shows one colour
        return min(oh, ow) > 1 and all(len(set(np.unique(o).tolist()) - {0}) <= 1 for _, o in examples)
    if 0 <= -dr < oh and 0 <= -dc < ow:
        return False
    return all(len(set(np.unique(i).tolist()) - {0, colour}) <= 1 for i, _ in examples)


def _shown_row(examples, plan):
    """Filled: the first window line off the marker's that shows a colour in every answer (task121's generator:
    every line of a sprite keeps a cell), else None."""
    colour, dr, dc, (oh, ow), fill, _shape = plan
    if not fill:
        return None
    return next((r for r in range(oh) if r != -dr and all((o[r] != 0).any() for _, o in examples)), None)
