"""Symmetry crop: a fixed-size symmetric grid has one solid rectangle of a mask colour; the output is
what the rectangle hides.

The hidden values come from fixed mirror / turn images (as symmetry_fixed, searched on the inputs' known
cells). Only the rectangle's sources are read: the mask's first row and column (ArgMin of the colour-index
plane's per-line minimum, 0 on the mask) place it, and per image two Gathers cut its source window out of
that plane, so the rectangle may sit anywhere and no full-size image is held; one QLinearConv decodes
the window's codes straight into `output` (`local/_code_decode`).

One-image variant, where a single image's source window misses the rectangle on every grid shown (the
generators place it so: in the top-left quadrant for task242/351; for task400 every placement where the 180
degree turn would meet it hides a whole centre orbit, which the generator refuses): no plane at all; the
rectangle's first row and column (ArgMax of its per-line mask count) place that window, OneHot line picks and
one Einsum read it as (k, k^2), one Conv writes `output`; or, for an unturned image, one Einsum of the mask's
line moments gives a Resize its region of interest and the Resize reads the window itself. Its rule is the same
fill from that image alone, None where the image leaves a cell unknown.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import fixed_out_shape, fixed_shape, reproduces
from ..local._code_decode import pair_decode
from ..local._code_decode import decode_code
from ._mirror_images import MOVES, agreeing_images, filled


def _box(grid, mask, oh, ow):
    """The top-left corner of the grid's one solid oh x ow rectangle of the mask colour, else None."""
    r, c = np.nonzero(grid == mask)
    if len(r) != oh * ow or r.max() - r.min() + 1 != oh or c.max() - c.min() + 1 != ow:
        return None
    return r.min(), c.min()


class SymmetryCrop(Solver, name="symmetry_crop", tasks=("task242", "task351", "task400"), refuses="task171",
                   fit_splits=("train", "arc-gen")):
    """Fixed-size mirror-symmetric grids with a solid rectangle of one mask colour; the output is the hidden content of
    that rectangle."""

    def plans(self, examples):
        """The images every input agrees with on its known cells, searched on a sample."""
        shape, oshape = fixed_shape(examples), fixed_out_shape(examples)
        if shape is None or oshape is None or any(i.shape == o.shape for i, o in examples):
            return
        (h, w), (oh, ow) = shape, oshape
        mask = next((m for m in range(10) if all(_box(i, m, oh, ow) is not None for i, _ in examples)), None)
        if mask is None:
            return
        views = [np.where(i == mask, -1, i) for i, _ in examples[:12]]
        images = agreeing_images(views, MOVES, 0.4 * h * w)
        if images:
            yield mask, h, w, images, oh, ow

    def rule(self, plan, grid):
        mask, h, w, images, oh, ow = plan
        corner = _box(grid, mask, oh, ow) if grid.shape == (h, w) else None
        whole = filled(grid, mask, images) if corner is not None else None
        if whole is None:
            return None
        (r, c) = corner
        return whole[r:r + oh, c:c + ow]

    def candidates(self, examples):
        """The plan's graph, then, where one image alone recovers every example's rectangle (its source window
        never meets the rectangle on the grids shown: the generator's placement), the one-image pick graph."""
        plan = self.fit(examples)
        if plan is None:
            return
        yield self.name, self.build(plan)
        mask, h, w, images, oh, ow = plan
        for one in images:
            single = (mask, h, w, (one,), oh, ow)
            if _sources_inside(one, h, w, oh, ow) and reproduces(lambda grid: self.rule(single, grid), examples):
                yield f"{self.name}:one_image", self.build_one_image(single)
                yield f"{self.name}:one_image_canvas", self.build_one_image(single, canvas=True)
                if not one[0][0] and h < 30 and w < 30:
                    yield f"{self.name}:one_image_resize", self.build_one_image(single, resize=True)
                return

    def build_one_image(self, plan, canvas=False, resize=False):
        """One image, read without a colour-index plane: the rectangle's first row and column (ArgMax of its
        per-line mask count, through the grid's [h,30] / [w,30] identities) place its source window; OneHot makes
        the window's [oh,h] and [ow,w] line picks and one Einsum reads the window as (k, k^2), k = colour + 1,
        decoded by one Conv straight into `output` (`pair_decode` of local/_code_decode). Exact wherever that image's
        source window misses the rectangle (the rule answers None elsewhere). `canvas`: the counts and picks
        over all 30 lines instead (no identities; cheaper on large grids). `resize` (an unturned image on a grid
        below 30 lines): one Resize (nearest, tf_crop_and_resize) reads the [1,10,oh,ow] source window instead of
        the picks and counts; its run-time region of interest (`_resize_window`) makes window line x read grid line
        sign (corner + x) + start + 0.5, floored (never within 0.5 of a line boundary; every line read is below 29,
        inside the input). That window is the answer's one-hot: one Pad writes `output`."""
        mask, h, w, (((tr, sr, sc), (t0, t1)),), oh, ow = plan
        g = Graph()
        on_mask = np.zeros(10, np.float32)
        on_mask[mask] = 1
        if resize:
            return g.model(_resize_window(g, on_mask, sr, sc, t0, t1, oh, ow))
        k = np.arange(1, 11, dtype=np.float32)
        pair_lines = g.const(np.stack([k, k * k]), name="code_pair_lines")
        if canvas:
            h = w = 30
        eyes = {n: g.const(np.eye(n, 30, dtype=np.float32), name=f"grid_{n}") for n in {h, w} if n < 30}
        corner = {}
        for tag, n, eq in (("row", h, "zchw,c,ah->a"), ("col", w, "zchw,c,aw->a")):
            if n == 30:
                eq = eq.replace(",a" + eq[-4], "").replace("->a", "->" + eq[-4])
            count = g.Einsum(g.input, g.const(on_mask, name="mask_colour"), *([eyes[n]] if n < 30 else []),
                             equation=eq, name=f"{tag}_count")                                      # [n]
            seen = g.Cast(g.Greater(count, g.const(np.float32(0.5), name="half"), name=f"{tag}_has"), to=2,
                          name=f"{tag}_seen")
            corner[tag] = g.Cast(g.ArgMax(seen, axis=0, keepdims=1, name=f"{tag}_first_i"), to=1,
                                 name=f"{tag}_first")                                               # [1] float
        on_off = g.const(np.asarray([0, 1], np.float32), name="off_on")

        def pick(along, sign, start, k, n, tag):   # [k, n]: line sign * (corner + i) + start of the grid's n
            offsets = g.const((start + sign * np.arange(k)).astype(np.float32), name=f"{tag}_offsets")
            at = corner[along] if sign > 0 else g.Neg(corner[along], name=f"{tag}_neg")
            return g.OneHot(g.Add(at, offsets, name=f"{tag}_lines"), g.const(np.float32(n), name=f"depth{n}"),
                            on_off, name=f"{tag}_pick")

        if tr:      # image(r + i, c + j) = grid(sr (c + j) + t0, sc (r + i) + t1)
            rows, cols = pick("col", sr, t0, ow, h, "row"), pick("row", sc, t1, oh, w, "col")
            eq = "zchw,vc,ah,bw,ja,ib->zvij"
        else:
            rows, cols = pick("row", sr, t0, oh, h, "row"), pick("col", sc, t1, ow, w, "col")
            eq = "zchw,vc,ah,bw,ia,jb->zvij"
        ops = [eyes[n] for n in (h, w) if n < 30]
        if h == 30:
            eq = eq.replace("ah,", "").replace("ja", "jh").replace("ia", "ih")
        if w == 30:
            eq = eq.replace("bw,", "").replace("ib->", "iw->").replace("jb->", "jw->")
        pair = g.Einsum(g.input, pair_lines, *ops, rows, cols,
                        equation=eq, name="window_pair")                                             # [1,2,oh,ow]
        return g.model(pair_decode(g, pair, (oh, ow)))

    def build(self, plan):
        """Only the rectangle's cells are read: per image, two Gathers cut its oh x ow source window out of the
        uint8 colour-index plane at indices computed from the rectangle's corner, so no full-size image is held."""
        mask, h, w, images, oh, ow = plan
        g = Graph()
        value = _value_plane(g, mask, h, w)                           # uint8 [1,1,h,w], 0 = mask colour
        pad = _source_pad(images, h, w)
        plane = g.Pad(value, g.ints([0, 0, pad, pad, 0, 0, pad, pad]), name="value_pad") if pad else value

        def first(axis, tag):  # the first line holding a mask cell: the line minimum is 0 there, ArgMin
            line_min = g.ReduceMin(value, axes=[0, 1, 5 - axis], keepdims=0, name=f"{tag}_min")
            return g.Cast(g.ArgMin(line_min, axis=0, keepdims=1, name=f"first_{tag}"), to=6, name=f"{tag}_at")

        corner = {"row": first(2, "row"), "col": first(3, "col")}
        indices, rows_cut = {}, {}

        def index(along, sign, start, n):  # sign * (corner + k) + start + pad for k < n
            key = (along, sign, start, n)
            if key not in indices:
                offsets = g.const((start + sign * np.arange(n) + pad).astype(np.int32), name=f"{along}_offsets")
                indices[key] = (g.Add(corner[along], offsets, name=f"{along}_ids") if sign > 0 else
                                g.Sub(offsets, corner[along], name=f"{along}_ids"))
            return indices[key]

        def window(first_index, second_index):
            if first_index not in rows_cut:
                rows_cut[first_index] = g.Gather(plane, first_index, axis=2, name="source_rows")
            return g.Gather(rows_cut[first_index], second_index, axis=3, name="source")

        straight, turned = [], []
        for (tr, sr, sc), (t0, t1) in images:
            if tr:  # image(r + i, c + j) = plane(sr (c + j) + t0, sc (r + i) + t1): an ow x oh window, turned
                turned.append(window(index("col", sr, t0, ow), index("row", sc, t1, oh)))
            else:
                straight.append(window(index("row", sr, t0, oh), index("col", sc, t1, ow)))
        if turned:
            merged = turned[0] if len(turned) == 1 else g.Max(*turned, name="turned_best")
            straight.append(g.Transpose(merged, perm=[0, 1, 3, 2], name="turned_back"))
        best = straight[0] if len(straight) == 1 else g.Max(*straight, name="best")
        return g.model(decode_code(g, best, (oh, ow)))


def _resize_window(g, on_mask, sr, sc, t0, t1, oh, ow):
    """The one Resize (nearest, tf_crop_and_resize) that reads the unturned image's [1,10,oh,ow] source window
    straight from `input`, padded into `output`. Its region of interest is affine in the rectangle's corner, and
    the corner is affine in the mask's line moments (the rectangle is the colour's only oh*ow cells): so one
    Einsum writes the [8] ROI from `input`, with ramp [[n], [1]] on rows and columns (moments sum h, sum w and
    the count oh*ow) and a [2,2,8] map, no counts, ArgMax or corner tensors."""
    n = oh * ow
    per = np.zeros((2, 2, 8), np.float32)      # [row ramp, col ramp]: (h,1) row moment, (1,w) col, (1,1) count
    per[0, 1, 2] = per[0, 1, 6] = sr / (29 * n)
    per[1, 0, 3] = per[1, 0, 7] = sc / (29 * n)
    fixed = np.array([0, 0, (t0 + 0.5) / 29, (t1 + 0.5) / 29, 1, 1,
                      (t0 + 0.5 + sr * (oh - 1)) / 29, (t1 + 0.5 + sc * (ow - 1)) / 29], np.float32)
    # the corner is the moment / n less (side - 1) / 2: fold that shift and the fixed part into the count term
    per[1, 1] = (fixed - per[0, 1] * n * (oh - 1) / 2 - per[1, 0] * n * (ow - 1) / 2) / n
    ramp = g.const(np.stack([np.arange(30), np.ones(30)]).astype(np.float32), name="line_ramp")
    roi = g.Einsum(g.input, g.const(on_mask, name="mask_colour"), ramp, ramp, g.const(per, name="roi_per_moment"),
                   equation="zchw,c,kh,lw,klj->j", name="roi")                                      # [8]
    window = g.Resize(g.input, roi, "", g.ints([1, 10, oh, ow], name="sizes"), mode="nearest",
                      coordinate_transformation_mode="tf_crop_and_resize", nearest_mode="floor",
                      extrapolation_value=0.0, name="window")                                      # [1,10,oh,ow]
    # the window is the answer's one-hot already (its sources never meet the rectangle): pad it
    return g.Pad(window, g.ints([0, 0, 0, 0, 0, 0, 30 - oh, 30 - ow], name="pads"))


def _value_plane(g, mask, h, w):
    """uint8 [1,1,h,w]: colour index + 1, 0 on the mask colour; a 2x2 kernel dilated by (30-h, 30-w) whose only
    nonzero tap is its first reads exactly the grid's corner (a 1x1 kernel on a full 30 x 30 grid)."""
    index = np.where(np.arange(10) != mask, np.arange(1, 11), 0).astype(np.float32)
    if h < 30 and w < 30:
        k = np.zeros((1, 10, 2, 2), np.float32)
        k[0, :, 0, 0] = index
        value = g.Conv(g.input, g.const(k, name="colour_index"), dilations=[30 - h, 30 - w], name="value_f")
    else:
        value = g.Conv(g.input, g.const(index.reshape(1, 10, 1, 1), name="colour_index"), name="value_f")
    return g.Cast(value, to=2, name="value")


def _source_pad(images, h, w):
    """Zero cells each side so that every image's source index, for every cell of the grid, lies in the plane."""
    pad = 0
    for (tr, sr, sc), t in images:
        for start, sign, n, top in ((t[0], sr, w if tr else h, (w if tr else h) - 1),
                                    (t[1], sc, h if tr else w, (h if tr else w) - 1)):
            lo, hi = sorted((start, start + sign * (n - 1)))
            pad = max(pad, -lo, hi - top)
    return pad


def _sources_inside(image, h, w, oh, ow):
    """Whether the image's source window lies in the grid wherever the rectangle does (OneHot would read an
    empty line otherwise): sign * line + start maps 0..n-1 into 0..n-1 on both axes."""
    (tr, sr, sc), (t0, t1) = image
    ok = True
    for sign, start, n in ((sr, t0, w if tr else h), (sc, t1, h if tr else w)):
        ends = (start, start + sign * (n - 1))
        ok = ok and min(ends) >= 0 and max(ends) <= n - 1
    return ok
