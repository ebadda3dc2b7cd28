"""Largest frame crop: hollow one-colour rectangles (frames) lie among scattered pixels of a second colour;
the output is the frame that is both widest and tallest, cropped with what it holds, every non-black cell
painted in the scattered colour.

Graph: on one one-byte colour-code plane (cropped to the largest grid shown), each cell's same-colour run to
the right and downwards (the next colour change found by a uint8 MaxPool); the biggest frame's top-left corner
is the one coloured cell whose shorter run is longest (first row and column by ArgMax), its runs (gathered
there) are the crop's size; two Gathers crop the code in uint8 to b x b (b the answer's bound: the largest
output the examples reach often, `output_bound`, else `corner_extent` with outputs), the cells past the frame
masked; the frame colour is the crop's corner, the paint the other colour present (the present codes' sum
less the frame's); the crop is painted and one uint8 QLinearConv (`decode_code`) decodes it onto `output`.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver, corner_extent
from .._common_grids import output_bound
from ._runs import runs_np
from ..local._code_decode import decode_code
from ._window import window_code


def largest_frame(grid, cap, out=30):
    """The crop of the strictly biggest frame, non-black cells in the other colour; None when the grid
    exceeds the window, the frame exceeds out x out, the grid holds other than two colours on black, or no
    single frame is biggest."""
    if max(grid.shape) > cap:
        return None
    colours = [c for c in np.unique(grid) if c]
    if len(colours) != 2:
        return None
    keys = []
    for c in colours:
        m = grid == c
        keys.append(np.minimum(runs_np(m, 0), runs_np(m, 1)))
    top = max(k.max() for k in keys)
    hits = [k == top for k in keys]
    if sum(h.any() for h in hits) != 1 or top < 3:
        return None
    which = 0 if hits[0].any() else 1
    frame, paint = colours[which], colours[1 - which]
    ys, xs = np.nonzero(hits[which])
    if len(ys) != 4:
        return None
    r0, r1, c0, c1 = ys.min(), ys.max() + 1, xs.min(), xs.max() + 1
    box = grid[r0:r1, c0:c1]
    border = np.ones(box.shape, bool)
    border[1:-1, 1:-1] = False
    if not (box[border] == frame).all() or max(box.shape) > out:
        return None
    return np.where(box > 0, paint, 0)


class LargestFrameCrop(Solver, name="largest_frame_crop", tasks=("task396",), refuses="task365",
                       fit_splits=("train", "test", "arc-gen")):
    """Output is the biggest hollow one-colour frame (among pixels of a second colour), cropped, every
    non-black cell in the second colour."""

    def plans(self, examples):
        if any(i.shape == o.shape for i, o in examples):
            return
        # the answer's bound: the largest output when the examples reach it often (the generator's bound on
        # the frames, far below the inputs'), else the corner extent of inputs and outputs
        out = output_bound(examples) or corner_extent(examples, outputs=True)
        yield {"cap": max(corner_extent(examples)), "out": max(out)}

    def rule(self, plan, grid):
        return largest_frame(grid, plan["cap"], plan.get("out", 30))

    def build(self, plan):
        """One colour-code plane (s + colour, 0 on the background and off the grid) in one byte: per axis,
        a 2-tap uint8 QLinearConv (zero point 128: 128 where the next cell has the same code) marks the run
        ends, the next end's index comes from a uint8 MaxPool of (s-1-index), and the run's remaining length
        from that; the biggest frame's top-left corner holds the largest min(right, down, code) (the code,
        above every run, is 0 on the background); its runs are the crop's width and height."""
        g = Graph()
        s = plan["cap"]
        b = min(plan.get("out", 30), 30)
        u8 = 2
        # code: s + colour on coloured cells, above every run length; 0 on the background and off the grid
        code = g.Cast(window_code(g, s, np.r_[0, s + np.arange(1, 10)]), to=u8, name="code")  # uint8 [1,1,s,s]
        zero, same = g.const(np.uint8(0), name="zero_u8"), g.const(np.uint8(128), name="same_code")
        unit, no_shift = g.const(np.float32(1), name="unit_scale"), g.const(np.int8(0), name="zero_i8")
        tails = []
        for tag, kernel, axis in (("row", [[[[1, -1]]]], 3), ("col", [[[[1], [-1]]]], 2)):
            p = [0] * 4
            p[axis] = 1                     # a zero line after the last: on the grid the last line ends runs
            step = g.QLinearConv(code, unit, zero, g.const(np.int8(kernel), name=f"{tag}_diff"), unit, no_shift,
                                 unit, same, pads=p, name=f"{tag}_step")
            shape = [1, 1, 1, s] if axis == 3 else [1, 1, s, 1]
            back = (s - 1 - np.arange(s)).astype(np.uint8).reshape(shape)
            mark = g.Where(g.Equal(step, same, name=f"{tag}_goes_on"), zero, g.const(back, name=f"{tag}_back"),
                           name=f"{tag}_mark")
            pads = [0, 0, 0, s - 1] if axis == 3 else [0, 0, s - 1, 0]
            kern = [1, s] if axis == 3 else [s, 1]
            nxt = g.MaxPool(mark, kernel_shape=kern, pads=pads, name=f"{tag}_next")     # s-1 - run's last index
            left = (s - np.arange(s)).astype(np.uint8).reshape(shape)
            tails.append(g.Sub(g.const(left, name=f"{tag}_left"), nxt, name=f"{tag}_tail"))   # run from here on
        key = g.Min(tails[0], tails[1], code, name="key")         # the shorter run on a coloured cell, else 0
        # the corner: the first row and the first column whose largest key is the top one; its runs (each tail
        # gathered at the corner) are the crop's size
        at = {}
        for tag, axis in (("row", 3), ("col", 2)):
            at[tag] = g.ArgMax(g.ReduceMax(key, axes=[axis], keepdims=0, name=f"{tag}_best_key"), axis=2,
                               keepdims=0, name=f"{tag}_corner")                             # [1,1] int64
        idx = np.arange(b, dtype=np.float32)
        src, valid = [], {}
        for tag, tail in (("row", tails[1]), ("col", tails[0])):
            run = g.Gather(g.Gather(tail, at["row"], axis=2, name=f"{tag}_tail_row"), at["col"], axis=4,
                           name=f"{tag}_corner_run")                                      # [1,1,1,1,1,1] uint8
            size = g.Cast(g.Reshape(run, g.ints([1, 1]), name=f"{tag}_size_u8"), to=1, name=f"{tag}_size")
            first = g.Cast(at[tag], to=1, name=f"{tag}_first")                             # [1,1]
            valid[tag] = g.Less(g.floats(idx), size, name=f"{tag}_in_frame")              # [1,b]
            line = g.Where(valid[tag], g.Add(g.floats(idx), first), g.floats(0.0), name=f"{tag}_src_f")
            src.append(g.Cast(g.Reshape(line, g.ints([b])), to=7, name=f"{tag}_src"))
        crop = g.Gather(g.Gather(code, src[0], axis=2, name="rows_cropped"), src[1], axis=3, name="crop")
        in_frame = g.And(g.Reshape(valid["row"], g.ints([b, 1]), name="rows_in_frame"), valid["col"],
                         name="in_frame")                                                 # [b,b]: the frame's cells
        # the frame's code is the crop's corner; the paint the other colour present: the sum of the present
        # colours' codes less the frame's (the rule refuses grids of other than two colours)
        present = g.ReduceMax(g.input, axes=[2, 3], keepdims=0, name="present")           # [1,10] float
        codes_sum = g.MatMul(present, g.floats(np.r_[0, s - 1 + np.arange(1, 10)].astype(np.float32).reshape(10, 1),
                                              name="colour_codes"), name="codes_sum")        # [1,1]: less 1 each
        frame_code = g.Slice(crop, g.ints([0, 0]), g.ints([1, 1]), g.ints([2, 3]), name="frame_code")
        paint_code = g.Sub(g.Sub(g.Cast(codes_sum, to=u8, name="codes_sum_u8"), frame_code, name="paint_less"),
                           g.const(np.uint8(s - 3), name="code_shift"), name="paint_code")   # paint colour + 1
        # decode codes: background 1, coloured cells the paint's, past the frame 0
        painted = g.Where(g.Equal(crop, zero, name="crop_background"), g.const(np.uint8(1), name="background_code"),
                          paint_code, name="painted_cells")
        crop = g.Where(in_frame, painted, zero, name="painted")
        return g.model(decode_code(g, crop, (b, b)))
