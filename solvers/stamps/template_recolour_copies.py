"""Template recolour: one multi-coloured sprite (the template) and copies of its shape in one placeholder
colour; every copy takes the template's colours cell for cell, and the template itself is erased.

Graph: the template (every colour but background and placeholder) is located by its first occupied row and
column (two Einsum profiles and ArgMax); on the grid's one-byte colour + 1 code (a dilated Conv), two Gathers
cut its kh x kw window (its shape mask) and two more the window mirrored (its stamp, colour - background per
cell). A Conv of the placeholder plane with the mask finds each copy's corner (a full match: a uint8
QLinearConv with bias 1 - mask size is 1 there);
one uint8 QLinearConv of the corners with the flipped stamp (a transposed Conv as a plain one) and bias
background + 1 gives every cell's colour + 1 code, and one QLinearConv decodes it straight into `output`.
The window size is the largest template the fit examples show (train and arc-gen: the generator's largest);
a larger one is the known risk (rule answers None there).
"""
from __future__ import annotations

import numpy as np
from onnx import TensorProto

from neurogolf.graph import Graph

from .. import Solver
from .._common_graph import corner_plane
from .._common_grids import same_shape
from ..local._code_decode import decode_code


def template_parts(grid: np.ndarray, bg: int, ph: int):
    """(top, left, colours, mask) of the template: the cells neither background nor placeholder."""
    cells = (grid != bg) & (grid != ph)
    if not cells.any():
        return None
    rows, cols = np.nonzero(cells)
    top, left = rows.min(), cols.min()
    box = np.where(cells, grid, bg)[top:rows.max() + 1, left:cols.max() + 1]
    return top, left, box, box != bg


class TemplateRecolourCopies(Solver, name="template_recolour_copies", tasks=("task069",), refuses="task002",
                             fit_splits=("train", "arc-gen")):
    """Same-shape grids with one multi-coloured sprite and copies of its shape in one placeholder colour: each copy
    takes the sprite's colours cell for cell and the sprite is erased to background."""

    def plans(self, examples):
        """(background, placeholder, height, width, window height, window width): the placeholder is the one
        colour that vanishes from every output; grids have one shape."""
        shapes = {i.shape for i, _ in examples}
        if not same_shape(examples) or len(shapes) != 1:
            return
        gone = set(range(10))
        for i, o in examples:
            gone &= set(np.unique(i).tolist()) - set(np.unique(o).tolist())
        if len(gone) != 1:
            return
        ph = gone.pop()
        bg = int(np.bincount(np.concatenate([i.ravel() for i, _ in examples]), minlength=10).argmax())
        if bg == ph:
            return
        boxes = [template_parts(i, bg, ph) for i, _ in examples]
        if any(b is None for b in boxes):
            return
        kh = max(b[2].shape[0] for b in boxes)
        kw = max(b[2].shape[1] for b in boxes)
        yield (bg, ph, *shapes.pop(), kh, kw)

    def rule(self, plan, grid):
        bg, ph, h, w, kh, kw = plan
        parts = template_parts(grid, bg, ph)
        if grid.shape != (h, w) or parts is None:
            return None
        top, left, box, mask = parts
        if box.shape[0] > kh or box.shape[1] > kw:
            return None
        bh, bw = box.shape
        out = np.full_like(grid, bg)
        covered = np.zeros((h, w), int)
        for y in range(h - bh + 1):
            for x in range(w - bw + 1):
                if (grid[y:y + bh, x:x + bw][mask] == ph).all():
                    out[y:y + bh, x:x + bw][mask] = box[mask]
                    covered[y:y + bh, x:x + bw] += mask
        if covered.max(initial=0) > 1 or ((grid == ph) & (covered == 0)).any():
            return None               # overlapping copies, or a placeholder cell no copy explains
        return out

    def build(self, plan):
        bg, ph, h, w, kh, kw = plan
        g = Graph()
        u8 = TensorProto.UINT8
        keep = np.ones(10, np.float32)
        keep[[bg, ph]] = 0
        weight = g.const(keep, name="template_colours")
        # the template's first row and column
        firsts = []
        for axis, term in (("y", "rows"), ("x", "cols")):
            prof = g.Einsum(g.input, weight, equation=f"bcyx,c->{axis}", name=f"{term}_profile")
            occupied = g.Cast(g.Greater(prof, g.floats(0.5, name="half"), name=f"{term}_b"), to=u8,
                              name=f"{term}_occupied")
            firsts.append(g.ArgMax(occupied, axis=0, keepdims=1, name=f"first_{term}"))   # [1] int64
        # the grid's colour + 1 code (a dilated Conv), an empty line padded after it; the template's window and
        # its mirror image cut out by Gathers (lines past the grid read the empty line)
        code = g.Cast(corner_plane(g, np.arange(1, 11), (h, w), "code_f"), to=u8, name="code")
        padded = g.Pad(code, g.ints([0, 0, 0, 0, 0, 0, 1, 1], name="empty_line"), name="code_padded")

        def lines(first, size, n, reverse, tag):
            steps = np.arange(size)[::-1] if reverse else np.arange(size)
            return g.Min(g.Add(first, g.ints(steps, name=f"{tag}_steps"), name=f"{tag}_raw"),
                         g.ints([n], name=f"{tag}_empty"), name=f"{tag}_lines")

        def window(reverse, tag):
            rows = lines(firsts[0], kh, h, reverse, f"{tag}_rows")
            cols = lines(firsts[1], kw, w, reverse, f"{tag}_cols")
            cut = g.Gather(g.Gather(padded, rows, axis=2, name=f"{tag}_cut_rows"), cols, axis=3, name=tag)
            template = g.Not(g.Or(g.Or(g.Equal(cut, g.const(np.uint8(0), name="off_code"), name=f"{tag}_off"),
                                       g.Equal(cut, g.const(np.uint8(bg + 1), name="bg_code"), name=f"{tag}_bg"),
                                       name=f"{tag}_plain"),
                                  g.Equal(cut, g.const(np.uint8(ph + 1), name="ph_code_u8"), name=f"{tag}_ph"),
                                  name=f"{tag}_not_template"), name=f"{tag}_template")
            return cut, template

        _, mask = window(False, "window")                                                 # [1,1,kh,kw]
        colour, flipped_mask = window(True, "mirror")
        size = g.ReduceSum(g.Cast(mask, to=TensorProto.INT32, name="mask_i32"), axes=[1, 2, 3], keepdims=0,
                           name="template_size")                                           # [1]
        plane = g.Cast(g.Equal(code, g.const(np.uint8(ph + 1), name="ph_code_u8"), name="placeholder_b"), to=u8,
                       name="placeholder")
        one, z8, z8s = g.const(np.float32(1), name="scale"), g.const(np.uint8(0), name="zero_point"), \
            g.const(np.int8(0), name="zero_point_s")
        # 1 exactly at a full match's corner: uint8 QLinearConv of the placeholder plane, bias 1 - mask size
        bias = g.Sub(g.const(np.int32([1]), name="one_i32"), size, name="match_bias")
        corner = g.QLinearConv(plane, one, z8, g.Cast(mask, to=u8, name="mask_u8"), one, z8, one, z8, bias,
                               pads=[0, 0, kh - 1, kw - 1], name="corner")            # uint8 [1,1,h,w]
        # the stamp (colour - background on template cells) spread from each corner, mirrored (a transposed Conv as
        # a plain one), on background + 1: every cell's colour + 1 code
        # colour - background in one byte (wrapping below 0), read back as int8
        flipped = g.Cast(g.Where(flipped_mask, g.Sub(colour, g.const(np.uint8(bg + 1), name="bg_code"),
                                                     name="stamp_shift"), g.const(np.uint8(0), name="off_code"),
                                 name="stamp_u8"), to=TensorProto.INT8, name="stamp_flipped")
        answer = g.QLinearConv(corner, one, z8, flipped, one, z8s, one, z8,
                               g.const(np.int32([bg + 1]), name="background_code"), pads=[kh - 1, kw - 1, 0, 0],
                               name="answer_code")                                     # uint8 [1,1,h,w]
        return g.model(decode_code(g, answer, (h, w)))
