"""Legend star box lines: a small legend star outside the boxes says how to dress each marker inside them.

The background is the commonest colour, the boxes (solid rectangles, at least one cell apart) the next
commonest. Markers are the single cells of another colour inside a box (they touch a box cell); every
other non-background, non-box cell is the legend: a star whose centre cell has the markers' colour and
all four 4-neighbours in the legend, whose arms (the marker colour's neighbours, two cells long) run
vertically, horizontally or both, and whose 3x3 core is the stamp. The output keeps the boxes, drops
the legend, draws each marker's row (horizontal arms) and column (vertical arms) across its own box
in the arm colour, and stamps the legend's 3x3 core (its non-background cells) on each marker.

Graph: a colour-code Conv; two largest colour counts (TopK) give background and box; a uint8 MaxPool of the
box plane finds markers (uint8 planes: other, markers, legend); the marker colour is read at the first
marker (ArgMax of row maxima, then of that row); a 3x1 QLinearConv of the legend finds the centre, whose 5x5
window two Gathers lift; prefix-sum QLinearConvs of the cells outside the boxes number each box run along
rows and columns, and the runs holding the first or last marker of a line (ArgMax, GatherElements) become
lines; a QLinearConv with the flipped legend core as its kernel stamps the markers; Where chains the codes
in uint8 and one Equal writes the output.
"""
from __future__ import annotations

import numpy as np
from onnx import TensorProto

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import same_shape

BIG = 99


def _shift(mask, dr, dc):
    """out[r, c] = mask[r + dr, c + dc], zero outside."""
    h, w = mask.shape
    out = np.zeros_like(mask)
    out[max(0, -dr):min(h, h - dr), max(0, -dc):min(w, w - dc)] = \
        mask[max(0, dr):min(h, h + dr), max(0, dc):min(w, w + dc)]
    return out


def _runs_with_marker(region, marks, axis):
    """Cells of `region` whose run along `axis` (cells between two non-region cells) holds a mark; a line
    holds at most two runs with marks (the largest and smallest run number)."""
    runs = np.cumsum(~region, axis=axis)
    hi = np.where(marks, runs, -1).max(axis=axis, keepdims=True)
    lo = np.where(marks, runs, BIG).min(axis=axis, keepdims=True)
    return region & ((runs == hi) | (runs == lo))


def dress(grid: np.ndarray):
    counts = np.bincount(grid.ravel(), minlength=10)
    order = np.argsort(-counts, kind="stable")
    bg, box = int(order[0]), int(order[1])
    if counts[box] == 0 or counts[order[1]] == counts[order[2]] or counts[bg] == counts[box]:
        return None
    boxm = grid == box
    other = (grid != bg) & ~boxm
    near = np.zeros_like(boxm)
    for a in (-1, 0, 1):
        for b in (-1, 0, 1):
            near |= _shift(boxm, a, b)
    marks = other & near
    legend = other & ~marks
    if not marks.any():
        return None
    colours = set(grid[marks].tolist())
    if len(colours) != 1:
        return None
    mark = colours.pop()
    centre = legend & (grid == mark)
    for a, b in ((1, 0), (-1, 0), (0, 1), (0, -1)):
        centre &= _shift(legend, a, b)
    found = np.argwhere(centre)
    if len(found) != 1:
        return None
    r, c = found[0]
    h, w = grid.shape
    if not (2 <= r < h - 2 and 2 <= c < w - 2):
        return None
    win = grid[r - 2:r + 3, c - 2:c + 3]
    vert, horiz = win[0, 2] != bg, win[2, 0] != bg
    arm = win[0, 2] if vert else win[2, 0]
    region = boxm | marks
    out = np.where(region, box, bg)
    lines = np.zeros_like(region)
    if horiz:
        lines |= _runs_with_marker(region, marks, 1)
    if vert:
        lines |= _runs_with_marker(region, marks, 0)
    out[lines] = arm
    for mr, mc in np.argwhere(marks):
        for a in range(3):
            for b in range(3):
                y, x = mr + a - 1, mc + b - 1
                if win[a + 1, b + 1] != bg and 0 <= y < h and 0 <= x < w:
                    out[y, x] = win[a + 1, b + 1]
    return out


class LegendStarBoxLines(Solver, name="legend_star_box_lines", tasks=("task054",), refuses="task001"):
    """Same-shape grids: boxes hold single marker cells; a legend star outside them gives the arm directions,
    the arm colour and a 3x3 stamp; each marker's row/column is drawn across its box and the stamp put on it,
    the legend dropped."""

    def plans(self, examples):
        if same_shape(examples):
            yield ()

    def rule(self, plan, grid):
        return dress(grid)

    def build(self, plan):
        g = Graph()
        f32, u8, i32, b = TensorProto.FLOAT, TensorProto.UINT8, TensorProto.INT32, TensorProto.BOOL
        code = g.Conv(g.input, g.const(np.arange(10, dtype=np.float32).reshape(1, 10, 1, 1), name="code_w"),
                      name="code")                                                     # [1,1,30,30]
        counts = g.ReduceSum(g.input, axes=[2, 3], keepdims=0, name="counts")          # [1,10]
        _, top = g.TopK(counts, g.ints([2]), axis=1, outputs=2, name="top2")           # [1,2] int64
        topf = g.Cast(top, to=f32, name="top_f")
        bg = g.Reshape(g.Slice(topf, g.ints([0]), g.ints([1]), g.ints([1]), name="bg_s"), g.ints([1, 1, 1, 1]),
                       name="bg")
        box = g.Reshape(g.Slice(topf, g.ints([1]), g.ints([2]), g.ints([1]), name="box_s"),
                        g.ints([1, 1, 1, 1]), name="box")
        is_bg = g.Equal(code, bg, name="is_bg")
        boxm = g.Equal(code, box, name="is_box")
        one_f = g.const(np.float32(1), name="unit_scale")
        zp_u8 = g.const(np.uint8(0), name="zp_u8")

        def qconv(x, w, bias=None, **attrs):
            """uint8 Conv, scales 1: sum x w + bias, saturated to 0..255."""
            ins = [x, one_f, zp_u8, w, one_f, zp_u8, one_f, zp_u8] + ([bias] if bias is not None else [])
            return g.QLinearConv(*ins, **attrs)

        u8_0, u8_1 = g.const(np.uint8(0), name="zp_u8"), g.const(np.uint8(1), name="u8_one")
        box8 = g.Cast(boxm, to=u8, name="box_u8")
        near8 = g.MaxPool(box8, kernel_shape=[3, 3], pads=[1, 1, 1, 1], name="near_u8")
        other8 = g.Where(g.Or(is_bg, boxm, name="bg_or_box"), u8_0, u8_1, name="other_u8")
        marks8 = g.Mul(other8, near8, name="marks_u8")
        legend8 = g.Sub(other8, marks8, name="legend_u8")

        def first_cell(plane8, label):
            """(row, column) of the first set cell in row-major order, as [1] int64 each."""
            r = g.ArgMax(g.ReduceMax(plane8, axes=[1, 3], keepdims=0, name=f"{label}_rows"), axis=1, keepdims=0,
                         name=f"{label}_r")
            c = g.ArgMax(g.ReduceMax(g.Gather(plane8, r, axis=2, name=f"{label}_row"), axes=[1, 2], keepdims=0,
                                     name=f"{label}_cols"), axis=1, keepdims=0, name=f"{label}_c")
            return r, c

        mr, mc = first_cell(marks8, "mark")       # every marker has the one marker colour
        mark = g.Reshape(g.Gather(g.Gather(code, mr, axis=2, name="mark_row_code"), mc, axis=3, name="mark_code"),
                         g.ints([1, 1, 1, 1]), name="mark")
        # the centre: a legend cell of the marker colour with its upper and lower neighbours in the legend
        column = qconv(legend8, g.const(np.array([1, 2, 1], np.uint8).reshape(1, 1, 3, 1), name="column_w"),
                       g.const(np.array([-3], np.int32), name="minus3"), pads=[1, 0, 1, 0],
                       name="legend_column")                                              # 1 where all three
        centre8 = g.Where(g.Equal(code, mark, name="is_mark_colour"), column, u8_0, name="centre_u8")
        r, c = first_cell(centre8, "centre")
        offsets = g.ints([-2, -1, 0, 1, 2], name="offsets")
        rows = g.Add(r, offsets, name="win_rows")                                        # [5]
        cols = g.Add(c, offsets, name="win_cols")
        win = g.Gather(g.Gather(code, rows, axis=2, name="win_rows_code"), cols, axis=3, name="win")  # [1,1,5,5]
        up = g.Slice(win, g.ints([0, 2]), g.ints([1, 3]), g.ints([2, 3]), name="up2")   # [1,1,1,1]
        left = g.Slice(win, g.ints([2, 0]), g.ints([3, 1]), g.ints([2, 3]), name="left2")
        vert = g.Not(g.Equal(up, bg, name="up_bg"), name="vert")
        horiz = g.Not(g.Equal(left, bg, name="left_bg"), name="horiz")
        one = g.floats([1.0], name="one")
        arm = g.Cast(g.Add(g.Where(vert, up, left, name="arm_f"), one, name="arm1"), to=u8, name="arm")
        core = g.Slice(win, g.ints([3, 3]), g.ints([0, 0]), g.ints([2, 3]), g.ints([-1, -1]), name="core")  # flipped
        shown = g.Cast(g.Not(g.Equal(core, bg, name="core_bg"), name="core_shown"), to=f32, name="shown")
        kernel = g.Cast(g.Mul(g.Add(core, one, name="core1"), shown, name="stamp_wf"), to=u8, name="stamp_w")
        stamp = qconv(marks8, kernel, pads=[1, 1, 1, 1], name="stamp")                   # [1,1,30,30] code + 1
        # lines: runs of box cells (numbered by a prefix-sum QLinearConv of the cells outside) that hold a
        # marker: the run of the first and of the last marker on the line (ArgMax, GatherElements); a line
        # without markers (or a direction the legend does not draw) compares with 255
        region8 = g.Add(box8, marks8, name="region_u8")
        none = g.const(np.uint8(255), name="none")

        def runs(axis, flag, label):
            shape = [1, 1, 1, 30] if axis == 3 else [1, 1, 30, 1]
            pads = [0, 29, 0, 0] if axis == 3 else [29, 0, 0, 0]
            # sum of (region - 1) x (-1) over the cells up to here: x's zero point 1 (padding adds nothing)
            num = g.QLinearConv(region8, one_f, u8_1, g.const(-np.ones(shape, np.int8), name=f"prefix{axis}"), one_f,
                                g.const(np.int8(0), name="zp_i8"), one_f, u8_0, pads=pads, name=f"runs_{label}")
            first = g.ArgMax(marks8, axis=axis, keepdims=1, name=f"first_{label}")
            last = g.ArgMax(marks8, axis=axis, keepdims=1, select_last_index=1, name=f"last_{label}")
            has = g.And(g.Cast(g.ReduceMax(marks8, axes=[axis], keepdims=1, name=f"has8_{label}"), to=b,
                               name=f"has_{label}"), flag, name=f"draw_{label}")
            lo = g.Where(has, g.GatherElements(num, first, axis=axis, name=f"lo0_{label}"), none, name=f"lo_{label}")
            hi = g.Where(has, g.GatherElements(num, last, axis=axis, name=f"hi0_{label}"), none, name=f"hi_{label}")
            return g.Or(g.Equal(num, hi, name=f"is_hi_{label}"), g.Equal(num, lo, name=f"is_lo_{label}"),
                        name=f"line_{label}")

        lines = g.Or(runs(3, horiz, "h"), runs(2, vert, "v"), name="lines_any")
        bg_code = g.Cast(g.Add(bg, one, name="bg1"), to=u8, name="bg_code")
        box_code = g.Cast(g.Add(box, one, name="box1"), to=u8, name="box_code")
        out = g.Where(g.Cast(region8, to=b, name="region"), g.Where(lines, arm, box_code, name="box_lines"), bg_code,
                      name="base")
        out = g.Where(g.Cast(stamp, to=b, name="stamped"), stamp, out, name="dressed")
        return g.model(g.Equal(out, g.const(np.arange(1, 11, dtype=np.uint8).reshape(1, 10, 1, 1), name="codes"),
                               name="out"))
