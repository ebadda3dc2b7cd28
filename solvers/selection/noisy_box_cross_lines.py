"""Noisy box cross lines: a solid one-colour box (at least n x n) with a few marker cells inside lies in random
noise; the output is the box, every row and column holding a marker painted in the marker colour.

The box is found by its corners, not by one line's run (noise makes false runs): its top-left cell is the
first row / column of the cells whose same-colour runs to the right AND downwards both reach n, its
bottom-right the last of those whose runs to the left and upwards both do; a false corner needs about 2n
noise cells in line, which the generator's noise practically never draws.

Graph: on one one-byte colour-code plane, the colour changes between neighbours (a 2x2 uint8 QLinearConv,
two channels), and one QLinearConv summing each corner's two arms of n-1 changes marks the start and end
corners (sum 0); the corner masks give
the box's rows and columns (ArgMax), the box colour is the start corners' code; two Gathers crop the code
plane, the crop's non-box cells give the marker colour and (ReduceMax per line) the painted lines; one Equal
writes `output`. The generator keeps a one-cell margin around the box, so (where the examples agree) the
search skips the canvas's outer ring (a Conv with negative pads crops it for free), and the crop and paint are
only as large as the box bound, padded to the canvas once.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import output_bound


def _tails(mask, axis, reverse):
    """numpy: each True cell's count of True cells from it to its run's end (reverse: to its start)."""
    m = np.flip(mask, axis) if reverse else mask
    out = np.zeros(m.shape, int)
    n = m.shape[axis]
    for i in range(n - 1, -1, -1):
        line = np.take(m, i, axis)
        nxt = np.take(out, i + 1, axis) if i + 1 < n else np.zeros(line.shape, int)
        idx = [slice(None)] * 2
        idx[axis] = i
        out[tuple(idx)] = np.where(line, nxt + 1, 0)
    return np.flip(out, axis) if reverse else out


def cross_box(grid, n):
    """The box with its marker rows and columns painted; None when no single colour has corner cells, the
    box's inside holds other than one marker colour, or no marker."""
    starts, ends = [], []
    for c in range(10):
        m = grid == c
        starts.append((_tails(m, 1, False) >= n) & (_tails(m, 0, False) >= n))
        ends.append((_tails(m, 1, True) >= n) & (_tails(m, 0, True) >= n))
    owners = [c for c in range(10) if starts[c].any() or ends[c].any()]
    if len(owners) != 1:
        return None
    b = owners[0]
    if not (starts[b].any() and ends[b].any()):
        return None
    ys, xs = np.nonzero(starts[b])
    top, left = ys.min(), xs.min()
    ys, xs = np.nonzero(ends[b])
    bottom, right = ys.max(), xs.max()
    if bottom - top + 1 < n or right - left + 1 < n:
        return None
    box = grid[top:bottom + 1, left:right + 1]
    marks = box != b
    colours = set(box[marks].tolist())
    if len(colours) != 1:
        return None
    line = marks.any(1)[:, None] | marks.any(0)[None, :]
    return np.where(line, colours.pop(), b)


class NoisyBoxCrossLines(Solver, name="noisy_box_cross_lines", tasks=("task205",), refuses="task365",
                         fit_splits=("train", "test", "arc-gen")):
    """Output is the solid box hidden in random noise, cropped, with each row and column that holds one of its
    marker cells painted in the marker colour."""

    def plans(self, examples):
        """The shortest box side shown is the corner-run length n; the box's bound (the largest box many
        examples reach, else the canvas) sizes the crop."""
        if any(i.shape == o.shape for i, o in examples):
            return
        plan = {"n": min(min(o.shape) for _, o in examples), "bound": output_bound(examples) or (30, 30)}
        # the generator keeps a one-cell margin around the box: the search may skip the canvas's outer ring
        inner = dict(plan, ring=1)
        if all(np.array_equal(self.rule(inner, i), o) for i, o in examples):
            yield inner
        yield plan

    def rule(self, plan, grid):
        ring = plan.get("ring", 0)
        out = cross_box(grid[ring:30 - ring, ring:30 - ring], plan["n"])
        bound = plan.get("bound", (30, 30))
        if out is None or out.shape[0] > bound[0] or out.shape[1] > bound[1]:
            return None
        return out

    def build(self, plan):
        """All on one one-byte colour-code plane (colour + 1, 0 off the grid): a cell's run of n equal cells to
        the right / left / down / up holds no colour change; the changes are a 2x2 uint8 QLinearConv with zero
        point 128, less 128 (0 exactly where the two cells have the same code, wrapping to > 0 otherwise), and a
        corner needs both of its runs, so one sum of its two arms of changes is tested against 0."""
        g = Graph()
        n, ring = plan["n"], plan.get("ring", 0)
        side = 30 - 2 * ring                                                            # the searched square
        u8 = 2
        code = g.Cast(g.Conv(g.input, g.floats(np.arange(1, 11, dtype=np.float32).reshape(1, 10, 1, 1)),
                             pads=[-ring] * 4, name="code_f"), to=u8, name="code")
        zero, one = g.const(np.uint8(0), name="zero_u8"), g.const(np.uint8(1), name="one_u8")
        same = g.const(np.uint8(128), name="same_code")
        unit, no_shift = g.const(np.float32(1), name="unit_scale"), g.const(np.int8(0), name="zero_i8")
        # changes on a (side+1)^2 plane: channel 0 at (r, b) between cells (r, b-1) and (r, b), channel 1 at
        # (a, c) between (a-1, c) and (a, c); the square's borders (code 0 beyond) count as changes
        diff = np.zeros((2, 1, 2, 2), np.int8)
        diff[0, 0, 1] = [1, -1]
        diff[1, 0, :, 1] = [1, -1]
        step = g.QLinearConv(code, unit, zero, g.const(diff, name="diff"), unit, no_shift, unit, same,
                             pads=[1, 1, 1, 1], name="step")                             # [1,2,side+1,side+1]
        change = g.Sub(step, same, name="change")                                       # 0 exactly where the same
        # one QLinearConv sums each corner's two arms of n-1 changes (all >= 0, so 0 only with no change): channel
        # 0 the arms right and down (a start), channel 1 left and up (an end); zero padding is harmless, as an arm
        # that runs off the plane passes its border change first. Arm weights -1 (zero point 1) and bias 1,
        # saturating at 0: 1 exactly at a corner
        k = np.ones((2, 2, 2 * n - 2, 2 * n - 2), np.uint8)
        m = n - 2                                                                      # kernel index of offset 0
        k[0, 0, m, m + 1:], k[0, 1, m + 1:, m] = 0, 0
        k[1, 0, m, :m + 1], k[1, 1, :m + 1, m] = 0, 0
        runs = g.QLinearConv(change, unit, zero, g.const(k, name="arms_w"), unit, one, unit, zero,
                             g.const(np.array([1, 1], np.int32), name="arms_b"), pads=[m] * 4,
                             name="runs")                                                # [1,2,side,side] 0/1
        # the corners' codes (off the grid the code is 0, so runs of off-grid cells mark nothing)
        corner_codes = g.Mul(runs, code, name="corner_codes")
        box_code = g.ReduceMax(corner_codes, keepdims=1, name="box_code")              # [1,1,1,1]
        bound = plan.get("bound", (30, 30))
        src, beyond = [], []
        for tag, axis, length in (("row", 3, bound[0]), ("col", 2, bound[1])):
            idx = np.arange(length, dtype=np.float32)
            has = g.Min(g.ReduceMax(corner_codes, axes=[axis], keepdims=0, name=f"{tag}_corner_codes"), one,
                        name=f"{tag}_corners")                                          # [1,2,side] 0/1
            first = g.Slice(g.ArgMax(has, axis=2, keepdims=0), g.ints([0]), g.ints([1]), g.ints([1]))
            last = g.Slice(g.ArgMax(has, axis=2, keepdims=0, select_last_index=1), g.ints([1]), g.ints([2]),
                           g.ints([1]))
            first = g.Cast(first, to=1, name=f"{tag}_first")                           # [1,1] first start
            last = g.Cast(last, to=1, name=f"{tag}_last")                              # [1,1] last end
            size = g.Sub(last, first, name=f"{tag}_span")
            past = g.Greater(g.floats(idx), size, name=f"{tag}_past")                  # [1,R]: beyond the box
            line = g.Where(past, first, g.Add(g.floats(idx), first), name=f"{tag}_src_f")    # any line past it
            src.append(g.Cast(g.Reshape(line, g.ints([length])), to=7, name=f"{tag}_src"))
            beyond.append(g.Reshape(past, g.ints([1, 1, length, 1] if tag == "row" else [1, 1, 1, length])))
        crop = g.Gather(g.Gather(code, src[0], axis=2, name="rows_cropped"), src[1], axis=3, name="crop")
        outside = g.Or(beyond[0], beyond[1], name="outside")                             # [1,1,R,C]
        # the crop's non-box cells inside the box give the marker colour and its lines
        mark_codes = g.Where(g.Or(g.Equal(crop, box_code, name="on_box"), outside, name="not_marks"), zero, crop,
                             name="mark_codes")
        marker_code = g.ReduceMax(mark_codes, keepdims=1, name="marker_code")
        lines = g.Or(g.Cast(g.ReduceMax(mark_codes, axes=[3], keepdims=1, name="marked_rows_u8"), to=9,
                            name="marked_rows"),
                     g.Cast(g.ReduceMax(mark_codes, axes=[2], keepdims=1, name="marked_cols_u8"), to=9,
                            name="marked_cols"), name="lines")
        paint = g.Where(lines, marker_code, box_code, name="paint")
        paint = g.Where(outside, zero, paint, name="paint_inside")                      # [1,1,R,C]
        if bound != (30, 30):
            paint = g.Pad(paint, g.ints([0, 0, 0, 0, 0, 0, 30 - bound[0], 30 - bound[1]]), name="paint30")
        return g.model(g.Equal(paint, g.const(np.arange(1, 11, dtype=np.uint8).reshape(1, 10, 1, 1), name="codes")))
