"""Template recolour: one multi-coloured sprite (the template) and copies of its shape in one placeholder
colour; every copy takes the template's colours cell for cell, and the template itself is erased.

Graph: the template (every colour but background and placeholder) is located by its first occupied row and
column (two Einsum profiles and ArgMax); two one-hot selectors and one Einsum lift its kh x kw window out of
the input as a [10, kh, kw] colour kernel, and its shape mask beside it. A Conv of the placeholder plane with
the mask finds each copy's corner (a full match); one ConvTranspose stamps the colour kernel there, its
background channel 1 less the stamp (a bias), and a Pad writes the fixed-size grid onto the canvas.
The window size is the largest template the fit examples show (train and arc-gen: the generator's largest);
a larger one is the known risk (rule answers None there).
"""
from __future__ import annotations

import numpy as np
from onnx import TensorProto

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import same_shape


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
        keep = np.ones(10, np.float32)
        keep[[bg, ph]] = 0
        weight = g.const(keep, name="template_colours")
        # the template's first row and column
        firsts = []
        for axis, term in (("y", "rows"), ("x", "cols")):
            prof = g.Einsum(g.input, weight, equation=f"bcyx,c->{axis}", name=f"{term}_profile")
            occupied = g.Cast(g.Greater(prof, g.floats(0.5, name="half"), name=f"{term}_b"), to=TensorProto.FLOAT,
                              name=f"{term}_occupied")
            firsts.append(g.ArgMax(occupied, axis=0, keepdims=1, name=f"first_{term}"))   # [1] int64
        selectors = []
        for first, size, term in ((firsts[0], kh, "rows"), (firsts[1], kw, "cols")):
            offset = g.Sub(g.const(np.arange(30, dtype=np.int64).reshape(1, 30), name="arange"), first,
                           name=f"{term}_offset")                                  # [1,30]: k - first
            hit = g.Equal(offset, g.const(np.arange(size, dtype=np.int64).reshape(size, 1), name=f"{term}_steps"),
                          name=f"{term}_hit")
            selectors.append(g.Cast(hit, to=TensorProto.FLOAT, name=f"{term}_select"))   # [size,30]
        colours = g.Einsum(g.input, selectors[0], selectors[1], weight, equation="bcyx,iy,jx,c->cij",
                           name="template")                                          # [10,kh,kw]
        mask = g.ReduceSum(colours, axes=[0], keepdims=1, name="template_mask")         # [1,kh,kw]
        size = g.ReduceSum(mask, axes=[0, 1, 2], keepdims=0, name="template_size")
        mask4 = g.Unsqueeze(mask, axes=[0], name="mask_kernel")                        # [1,1,kh,kw]
        plane = g.Slice(g.input, g.ints([ph, 0, 0], name="starts"), g.ints([ph + 1, h, w], name="ends"),
                        g.ints([1, 2, 3], name="axes"), name="placeholder")
        match = g.Conv(plane, mask4, pads=[0, 0, kh - 1, kw - 1], name="match")      # [1,1,h,w]
        corner = g.Cast(g.Greater(match, g.Sub(size, g.floats(0.5, name="half"), name="size_less"),
                                  name="corner_b"), to=TensorProto.FLOAT, name="corner")
        # stamp kernel: template colours, background channel minus the mask (bias 1 makes it 1 - stamp)
        e_bg = np.zeros((10, 1, 1), np.float32)
        e_bg[bg] = 1
        stamp = g.Sub(colours, g.Mul(mask, g.const(e_bg, name="bg_axis"), name="bg_part"), name="stamp")
        stamp4 = g.Unsqueeze(stamp, axes=[0], name="stamp_kernel")                     # [1,10,kh,kw]
        painted = g.ConvTranspose(corner, stamp4, g.const(e_bg.ravel(), name="bg_bias"),
                                  pads=[0, 0, kh - 1, kw - 1], name="painted")          # [1,10,h,w]
        return g.model(g.Pad(painted, g.ints([0, 0, 0, 0, 0, 0, 30 - h, 30 - w], name="pad30")))
