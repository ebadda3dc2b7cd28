"""Corner template stamp: the k x k pattern in the grid's top-left corner is copied, centred, onto every
marker cell of one colour elsewhere in the grid.

Graph: the template is Sliced out of the colour-code map ([1,1,k,k]) and used as the run-time weight
of a ConvTranspose over the marker map, so each marker paints the template's codes; a Where keeps the
grid's own code wherever no stamp lands, and one Equal decodes it.

Cheaper variant on the inputs' largest extent H x W (fitted on train and arc-gen, so the extent is the
generator's: task075's grids are all 9 x 13; exact for every grid within it, and the build keeps it only
if it passes the fresh examples too): the code (colour + 1, 0 outside the grid) of the
H x W corner from one dilated Conv, cast to uint8 once; the marker map read off it (one Equal against a plane
holding the marker's code outside the template's corner), the stamping done by a uint8 QLinearConv whose
run-time kernel is the template turned by a half turn (a stamp covers exactly the cells its codes,
all >= 1, make positive: no footprint ConvTranspose), the choice made on uint8 codes, and the uint8 code
decoded by `decode_code` (one QLinearConv whose padding reaches the canvas, where the plane is small).

Cheapest variant, where every grid fills that corner and no template holds a marker (`build_added`): no
Equal, Greater or Where; the stamps are added onto the code with its markers cleared, both planes from one
QLinearConv, the template's codes and a centre tap the run-time kernel of one more."""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver, corner_extent
from .._common_graph import colour_code, corner_plane
from .._common_grids import N, same_shape, shared_colours
from ..local._code_decode import decode_code


def stamp(grid, k, marker):
    """None where a stamp would leave the grid or overlap another (the graph adds overlapping stamps)."""
    if grid.shape[0] < k or grid.shape[1] < k:
        return None
    out, t, half = grid.copy(), grid[:k, :k], k // 2
    cells = np.array([(r, c) for r, c in np.argwhere(grid == marker) if r >= k or c >= k]).reshape(-1, 2)
    if not len(cells):
        return None
    apart = np.abs(cells[:, None] - cells[None]).max(-1) >= k
    if not (apart | np.eye(len(cells), dtype=bool)).all():
        return None
    for r, c in cells:
        if r - half < 0 or c - half < 0 or r + half >= grid.shape[0] or c + half >= grid.shape[1]:
            return None
        out[r - half:r + half + 1, c - half:c + half + 1] = t
    return out


class CornerTemplateStamp(Solver, name="corner_template_stamp", tasks=("task075",), refuses="task143",
                          aliases=("c3_stamp",), fit_splits=("train", "arc-gen")):
    """The small pattern in the top-left corner is stamped, centred, onto every marker cell of one colour elsewhere in
    the grid."""

    def plans(self, examples):
        """(template side, marker colour)."""
        if not same_shape(examples) or all(np.array_equal(i, o) for i, o in examples):
            return
        for k in (3, 5):
            for marker in sorted(shared_colours(examples) - {0}):
                yield k, marker

    def rule(self, plan, grid):
        return stamp(grid, *plan)

    def candidates(self, examples):
        """The plan's graph and its cropped variant, then, where every input fills the h x w corner (no cell
        without a colour, which would read as a marker), no example's template corner holds a marker and the
        marker is not the background, the variant that adds the stamps onto a marker-free code plane."""
        yield from self.with_corner_variant(examples, self.build_cropped)
        plan, (h, w) = self.fit(examples), corner_extent(examples)
        if plan is None:
            return
        k, marker = plan
        if (marker and all(i.shape == (h, w) for i, _ in examples)
                and not any((i[:k, :k] == marker).any() for i, _ in examples)):
            yield f"{self.name}:added{h}x{w}", self.build_added(plan, h, w)

    def build_added(self, plan, h, w):
        """The stamps added onto the grid's code with its markers cleared (exact where a stamp covers only
        background and its marker, and no marker lies in the template's corner; the build checks both on the
        examples and fresh samples).

        One cropping 1x1 ConvTranspose (`corner_plane`) gives each cell a level (marker 0, background 1, the
        other colours 2..9), cast to uint8; one QLinearConv splits it into the marker map (1 - level, saturated)
        and the cleared code (level - 1, saturated: marker and background both 0). A second QLinearConv reads both
        channels with a run-time kernel (the template's cleared codes, turned by a half turn, beside a centre tap
        for the cleared code) and adds 1 (output zero point): every cell, stamped or not, then holds its level
        (background 1), which `decode_code` turns into `output` (the marker's channel gets the unused code 10)."""
        k, marker = plan
        g = Graph()
        level = np.zeros(10)
        level[[c for c in range(10) if c != marker]] = np.arange(1, 10)
        level_u8 = g.Cast(corner_plane(g, level, (h, w), "level_f", weight_name="level_tap"), to=2, name="level")
        unit, zero = g.const(np.float32(1), name="unit_scale"), g.const(np.uint8(0), name="zero_point")
        split = g.QLinearConv(level_u8, unit, zero, g.const(np.int8([-1, 1]).reshape(2, 1, 1, 1), name="split_w"),
                              unit, g.const(np.int8(0), name="weight_zero"), unit, zero,
                              g.const(np.int32([1, -1]), name="split_b"), name="markers_and_cleared")  # [1,2,h,w]
        # QLinearConv correlates, so the template's cleared codes are read turned by a half turn
        template = g.Slice(split, g.ints([1, k - 1, k - 1], name="template_end"),
                           g.ints([2, -N - 1, -N - 1], name="before_origin"), g.ints([1, 2, 3], name="cleared_spatial"),
                           g.ints([1, -1, -1], name="backwards"), name="template")                     # [1,1,k,k]
        centre = np.zeros((1, 1, k, k), np.uint8)
        centre[0, 0, k // 2, k // 2] = 1
        kernel = g.Concat(template, g.const(centre, name="centre_tap"), axis=1, name="stamp_and_keep")  # [1,2,k,k]
        stamped = g.QLinearConv(split, unit, zero, kernel, unit, zero, unit, g.const(np.uint8(1), name="one_u8"),
                                pads=[k // 2] * 4, name="stamped_level")                               # [1,1,h,w]
        codes = np.where(np.arange(10) == marker, 10, level).astype(int)
        return g.model(decode_code(g, stamped, (h, w), codes=codes))

    def build_cropped(self, plan, h, w):
        """The rule on grids of at most h x w cells (see the module docstring)."""
        k, marker = plan
        g = Graph()
        code = corner_plane(g, np.arange(10) + 1, (h, w), "code", weight_name="code_tap")  # colour + 1 (0 outside)
        code_u8 = g.Cast(code, to=2, name="code_u8")
        # marker cells read off the code map (no second plane) by one Equal against the marker's code, which the
        # template's corner holds as 255 (no code), so no marker is seen there; as uint8
        marker_codes = np.full((1, 1, h, w), marker + 1, np.uint8)
        marker_codes[0, 0, :k, :k] = 255
        marks = g.Cast(g.Equal(code_u8, g.const(marker_codes, name="marker_code_outside_template"),
                               name="marker_cells"), to=2, name="markers")
        # QLinearConv correlates, so the template is read turned by a half turn (a Slice with steps -1)
        template = g.Slice(code_u8, g.ints([k - 1, k - 1], name="template_end"), g.ints([-N - 1, -N - 1], name="before_origin"),
                           g.ints([2, 3], name="spatial"), g.ints([-1, -1], name="backwards"), name="template")  # [1,1,k,k]
        unit, zero = g.const(np.float32(1), name="unit_scale"), g.const(np.uint8(0), name="zero_point")
        stamps = g.QLinearConv(marks, unit, zero, template, unit, zero, unit, zero, pads=[k // 2] * 4,
                               name="stamps")                                                   # uint8 [1,1,h,w]
        # every template code is colour + 1 >= 1, so a stamp covers exactly the cells where stamps > 0
        hit = g.Greater(stamps, zero, name="stamped")
        stamped = g.Where(hit, stamps, code_u8, name="stamped_code")                            # uint8 [1,1,h,w]
        return g.model(decode_code(g, stamped, (h, w)))

    def build(self, plan):
        k, marker = plan
        g = Graph()
        pick = np.zeros((1, 10, 1, 1), np.float32)
        pick[0, marker] = 1
        marks = g.Conv(g.input, g.const(pick, name="marker_w"), name="marker_cells")
        away = np.ones((1, 1, N, N), np.float32)
        away[0, 0, :k, :k] = 0
        marks = g.Mul(marks, g.const(away, name="outside_template"), name="markers")
        colours, code = colour_code(g)                                 # colour inside, -1 outside
        template = g.Slice(code, g.ints([0, 0], name="origin"), g.ints([k, k], name="template_end"),
                           g.ints([2, 3], name="spatial"), name="template")                  # [1,1,k,k]
        half = k // 2
        stamps = g.ConvTranspose(marks, template, pads=[half] * 4, name="stamps")
        covered = g.ConvTranspose(marks, g.const(np.ones((1, 1, k, k), np.float32), name="footprint"),
                                  pads=[half] * 4, name="covered")
        hit = g.Greater(covered, g.const(np.array([0.5], np.float32), name="half"), name="stamped")
        return g.model(g.Equal(g.Where(hit, stamps, code, name="stamped_code"), colours))
