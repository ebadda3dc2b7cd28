"""Fixed symmetry: grids of one size whose mirror / turn axes (or a translation) sit at fixed places;
the cells of a mask colour take the colour their images show.

Every image is a Slice of a one-channel uint8 colour-index plane (0 = masked), merged by Max and one-hot
encoded by Equal straight into the output.
"""
from __future__ import annotations

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import fixed_shape, same_shape
from ._mirror_images import MOVES, SHIFT, agreeing_images, decode_plane, filled, filled_plane, mask_colour


class FixedSymmetry(Solver, name="symmetry_fixed", tasks=("task007", "task074", "task287"), refuses="task061",
                    fit_splits=("train", "arc-gen")):
    """Fixed-size grids where cells of one mask colour hide part of a pattern with fixed mirror/turn symmetries; filled
    from the symmetric cells."""

    def plans(self, examples):
        """The images every complete output agrees with, searched on a sample (each plan is then
        checked on every example)."""
        shape = fixed_shape(examples)
        mask = mask_colour(examples) if shape is not None and same_shape(examples) else None
        if mask is None:
            return
        h, w = shape
        images = agreeing_images([o for _, o in examples[:12]], MOVES + [SHIFT], 0.5 * h * w)
        if images:
            yield mask, h, w, images

    def rule(self, plan, grid):
        mask, h, w, images = plan
        return filled(grid, mask, images) if grid.shape == (h, w) else None

    def build(self, plan):
        mask, h, w, images = plan
        g = Graph()
        best = filled_plane(g, mask, h, w, images)
        full = g.Pad(best, g.ints([0, 0, 0, 0, 0, 0, 30 - h, 30 - w]), name="best_canvas") \
            if (h, w) != (30, 30) else best
        return g.model(decode_plane(g, full))
