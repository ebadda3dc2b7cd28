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
QLinearConv, the template's codes and a centre tap the run-time kernel of one more.

Lattice variant, where every grid has one shape and every marker sits at the centre of a block of a fixed k x k
lattice (`build_lattice`): one Einsum of `input` with small line tables writes `output`, no intermediate.
Each axis splits into classes (the lattice blocks, the template's block, lone lines) and a slot inside
the class; a cell either copies itself or, in a block whose centre holds the marker, reads the template's
cell of its slot, the choice weighed by the block centre's colour."""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver, corner_extent
from .._common_graph import colour_code, corner_plane
from .._common_grids import C, N, same_shape, shared_colours
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


def _lattice_offsets(examples, k, marker):
    """(row, column) offsets of the k x k blocks centred on the markers when every example's markers (outside the
    template's corner) share them modulo k and no marker's block overlaps the template's lines; None otherwise."""
    found, starts = set(), []
    for i, _ in examples:
        for r, c in np.argwhere(i == marker):
            if r >= k or c >= k:
                found.add(((r - k // 2) % k, (c - k // 2) % k))
                starts += [r - k // 2, c - k // 2]
    if len(found) != 1 or any(0 < s < k for s in starts):
        return None
    return found.pop()


def _axis_classes(n, k, offset):
    """One axis of n lines cut into classes: (class per line, slot per line, whether each class is a lattice block,
    the template's class). The lattice's whole blocks (starts offset + k j) but those overlapping the template's
    block [0, k) without being it, that block where it is no lattice block, and each line in neither its own class
    (slot k // 2, read as its own centre)."""
    cls, slot, lattice = [-1] * n, [k // 2] * n, []
    starts = [s for s in range(offset, n - k + 1, k) if s == 0 or s >= k]
    blocks = [(s, True) for s in starts] + ([] if 0 in starts else [(0, False)])
    for s, on in sorted(blocks):
        for m in range(k):
            cls[s + m], slot[s + m] = len(lattice), m
        lattice.append(on)
    template = sorted(blocks).index((0, 0 in starts))
    for x in range(n):
        if cls[x] < 0:
            cls[x] = len(lattice)
            lattice.append(False)
    return cls, slot, lattice, template


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
        if not (all(i.shape == (h, w) for i, _ in examples)
                and not any((i[:k, :k] == marker).any() for i, _ in examples)):
            return
        if marker:
            yield f"{self.name}:added{h}x{w}", self.build_added(plan, h, w)
        offsets = _lattice_offsets(examples, k, marker)
        if offsets is not None:
            yield f"{self.name}:lattice{h}x{w}", self.build_lattice(plan, h, w, offsets)

    def build_lattice(self, plan, h, w, offsets):
        """out[c,I,J] = sum_t in[c, source_t(I,J)] x weight_t(I,J), read in one Einsum.

        Rows (columns alike) are classes with slots: a line x is class q, slot m (rows[x,q] rows_slot[x,m]), so
        [x = I] is the sum over q, m of the four table entries. t = 0 (copy) keeps the class (identity [q_src,
        q_out]), t = 1 (stamp) reads the template's class at the same slot. The weight reads the centre cell of
        the output cell's (row class, column class): in a lattice block the copy weighs its non-marker colours,
        the stamp its marker; elsewhere the copy weighs every colour (the centre is a grid cell) and the stamp
        none. z splits the (row class, column class) pairs into lattice blocks and the rest, so the
        [t, colour] weights need only a [t, colour, z] table."""
        k, marker = plan
        g = Graph()
        half = k // 2
        axes = [_axis_classes(n, k, o) for n, o in zip((h, w), offsets)]
        tables = []
        for label, (cls, slot, lattice, template) in zip(("row", "col"), axes):
            q = len(lattice)
            member = np.zeros((N, q), np.float32)
            member[np.arange(len(cls)), cls] = 1
            slots = np.zeros((N, k), np.float32)
            slots[np.arange(len(slot)), slot] = 1
            pick = np.stack([np.eye(q), np.tile(np.eye(q)[template][:, None], (1, q))]).astype(np.float32)
            tables.append((g.const(member, name=f"{label}_class"), g.const(slots, name=f"{label}_slot"),
                           g.const(pick, name=f"{label}_source_class"), np.asarray(lattice, bool)))
        (rows, row_slot, row_pick, row_lat), (cols, col_slot, col_pick, col_lat) = tables
        # z = 0: a lattice block; 1: a row class off the lattice; 2: a lattice row class, its column class off it
        zr = np.stack([row_lat, ~row_lat, row_lat]).astype(np.float32)
        zc = np.stack([col_lat, np.ones_like(col_lat), ~col_lat]).astype(np.float32)
        used = [z for z in range(3) if zr[z].any() and zc[z].any()]
        weight = np.zeros((2, C, 3), np.float32)
        weight[0, :, 0] = np.arange(C) != marker       # a lattice block copies itself unless marked
        weight[1, marker, 0] = 1                       # and takes the template where marked
        weight[0, :, 1:] = 1                           # every other cell copies itself
        centre = g.const(np.eye(k, dtype=np.float32)[half], name="centre_slot")
        return g.model(g.Einsum(
            g.input, rows, row_slot, rows, row_slot, row_pick, cols, col_slot, cols, col_slot, col_pick,
            g.input, rows, row_slot, centre, cols, col_slot, centre,
            g.const(weight[:, :, used], name="choice_weight"), g.const(zr[used], name="row_kind"),
            g.const(zc[used], name="col_kind"),
            equation="bcxy,xR,xm,IQ,Im,tRQ,yD,yn,JE,Jn,tDE,bkuv,uQ,up,p,vE,vs,s,tkz,zQ,zE->bcIJ"))

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
