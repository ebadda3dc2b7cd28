"""Legend star box lines: a small legend star outside the boxes says how to dress each marker inside them.

The background is the commonest colour, the boxes (solid rectangles, at least one cell apart) the next
commonest. Markers are the single cells of another colour inside a box (they touch a box cell); every
other non-background, non-box cell is the legend: a star whose centre cell has the markers' colour and
all four 4-neighbours in the legend, whose arms (the marker colour's neighbours, two cells long) run
vertically, horizontally or both, and whose 3x3 core is the stamp. The output keeps the boxes, drops
the legend, draws each marker's row (horizontal arms) and column (vertical arms) across its own box
in the arm colour, and stamps the legend's 3x3 core (its non-background cells) on each marker.

Graph: a colour-code Conv; two largest colour counts (TopK) give background and box; a MaxPool of the
box plane finds markers; the legend centre's 5x5 window is one dynamic Slice (ArgMax of the centre
plane); CumSum of the non-box cells along rows and columns numbers each box run, and the runs holding a
marker (ReduceMax/ReduceMin of the marked run numbers) become lines; a ConvTranspose with the legend core
as its kernel stamps the markers; Where chains the codes in uint8 and one Equal writes the output.
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
        other = g.Not(g.Or(is_bg, boxm, name="bg_or_box"), name="other")
        near = g.Cast(g.MaxPool(g.Cast(boxm, to=u8, name="box_u8"), kernel_shape=[3, 3], pads=[1, 1, 1, 1],
                                name="near_u8"), to=b, name="near")
        marks = g.And(other, near, name="marks")
        legend = g.Xor(other, marks, name="legend")
        markf = g.Cast(marks, to=f32, name="marks_f")
        at_marks = g.Einsum(g.input, markf, equation="bcij,bkij->bc", name="mark_colours")   # [1,10]
        mark = g.Cast(g.Reshape(g.ArgMax(at_marks, axis=1, keepdims=0, name="mark_i"), g.ints([1, 1, 1, 1]),
                                name="mark_i4"), to=f32, name="mark")
        # the centre: the marker colour with its upper and lower neighbours in the legend
        gap = g.MaxPool(g.Cast(g.Not(legend, name="not_legend"), to=u8, name="not_legend_u8"),
                        kernel_shape=[3, 1], pads=[1, 0, 1, 0], name="gap_u8")
        centre = g.And(g.Not(g.Cast(gap, to=b, name="gap"), name="column3"),
                       g.And(legend, g.Equal(code, mark, name="is_mark_colour"), name="legend_mark"),
                       name="centre")
        centre8 = g.Cast(centre, to=u8, name="centre_u8")
        r = g.ArgMax(g.ReduceMax(centre8, axes=[3], keepdims=1, name="centre_rows"), axis=2, keepdims=0,
                     name="centre_r")                                                   # [1,1,1]
        c = g.ArgMax(g.ReduceMax(centre8, axes=[2], keepdims=1, name="centre_cols"), axis=3, keepdims=0,
                     name="centre_c")
        offsets = g.ints([-2, -1, 0, 1, 2], name="offsets")
        rows = g.Add(g.Reshape(r, g.ints([1]), name="r1"), offsets, name="win_rows")   # [5]
        cols = g.Add(g.Reshape(c, g.ints([1]), name="c1"), offsets, name="win_cols")
        win = g.Gather(g.Gather(code, rows, axis=2, name="win_rows_code"), cols, axis=3, name="win")  # [1,1,5,5]
        up = g.Slice(win, g.ints([0, 2]), g.ints([1, 3]), g.ints([2, 3]), name="up2")   # [1,1,1,1]
        left = g.Slice(win, g.ints([2, 0]), g.ints([3, 1]), g.ints([2, 3]), name="left2")
        vert = g.Not(g.Equal(up, bg, name="up_bg"), name="vert")
        horiz = g.Not(g.Equal(left, bg, name="left_bg"), name="horiz")
        one = g.floats([1.0], name="one")
        arm = g.Cast(g.Add(g.Where(vert, up, left, name="arm_f"), one, name="arm1"), to=u8, name="arm")
        core = g.Slice(win, g.ints([1, 1]), g.ints([4, 4]), g.ints([2, 3]), name="core")   # [1,1,3,3]
        shown = g.Cast(g.Not(g.Equal(core, bg, name="core_bg"), name="core_shown"), to=f32, name="shown")
        kernel = g.Mul(g.Add(core, one, name="core1"), shown, name="stamp_w")         # [1,1,3,3] code + 1
        stamp = g.Cast(g.ConvTranspose(markf, kernel, pads=[1, 1, 1, 1], name="stamp"), to=u8, name="stamp8")
        stamped = g.Cast(stamp, to=b, name="stamped")
        # lines: runs of box cells (numbered by a CumSum of the cells outside) that hold a marker: the run
        # of the first and of the last marker on the line (ArgMax of the marker plane, GatherElements)
        region = g.Or(boxm, marks, name="region")
        outside = g.Cast(g.Not(region, name="outside"), to=i32, name="outside_i")
        marks8 = g.Cast(marks, to=u8, name="marks_u8")

        def runs(axis, flag, label):
            num = g.CumSum(outside, g.const(np.array(axis, np.int32), name=f"axis{axis}"), name=f"runs_{label}")
            first = g.ArgMax(marks8, axis=axis, keepdims=1, name=f"first_{label}")
            last = g.ArgMax(marks8, axis=axis, keepdims=1, select_last_index=1, name=f"last_{label}")
            lo = g.GatherElements(num, first, axis=axis, name=f"lo_{label}")
            hi = g.GatherElements(num, last, axis=axis, name=f"hi_{label}")
            has = g.And(g.Cast(g.ReduceMax(marks8, axes=[axis], keepdims=1, name=f"has8_{label}"), to=b,
                               name=f"has_{label}"), flag, name=f"draw_{label}")
            hit = g.Or(g.Equal(num, hi, name=f"is_hi_{label}"), g.Equal(num, lo, name=f"is_lo_{label}"),
                       name=f"hit_{label}")
            return g.And(hit, has, name=f"line_{label}")

        lines = g.And(g.Or(runs(3, horiz, "h"), runs(2, vert, "v"), name="lines_any"), region, name="lines")
        bg8 = g.Cast(g.Add(bg, one, name="bg1"), to=u8, name="bg8")
        box8 = g.Cast(g.Add(box, one, name="box1"), to=u8, name="box8")
        out = g.Where(region, box8, bg8, name="base")
        out = g.Where(lines, arm, out, name="with_lines")
        out = g.Where(stamped, stamp, out, name="dressed")
        return g.model(g.Equal(out, g.const(np.arange(1, 11, dtype=np.uint8).reshape(1, 10, 1, 1), name="codes"),
                               name="out"))
