"""Copy onto a marker: the grid's one shape (all cells but the marker's colour) is copied so that its bounding
box centre lands on the single marker cell; the original stays.

Graph: first/last rows and columns of the shape (ArgMax and ReduceMax over index-weighted presence)
give its centre, the marker's ArgMax its spot; the shift selects one diagonal of a constant (y - r)
matrix per axis, and one Einsum moves the shape's colour code; an Equal against channel codes writes
the output.

Corner variant (`crop<S>`): the rule on the grid's S x S top-left corner, S the largest side of the fitted
examples (train and arc-gen; the generator draws grids of 7 to 12 a side). A 2x2 Conv dilated to 30-S reads the
colour there (-1 outside the grid, 0 for the marker); a QuantizeLinear makes it the one-byte cell code (colour + 1,
0 outside), which the first move reads less 1 (its zero point): the shape. First/last shape rows and columns by
ArgMax of presence profiles (line maxima of the code, clipped at 2), the marker's row and column by
`first_last_lines` (one weighted sum each); the shape is moved by two QLinearConvs, one an axis, whose one-hot
kernels (computed from the shift) and zero pads move it (no padded copies, no index tensors); the copy is added to
the code (it lands on background only: the rule declines a copy covering the shape), and one QLinearConv padding to the
canvas decodes it into `output` (`decode_code`).
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_graph import first_last_lines
from .._common_grids import same_shape
from ..local._code_decode import decode_code


def marker_copy(grid: np.ndarray, marker: int) -> np.ndarray | None:
    """The grid with the shape copied onto the marker; None where the copy would leave the grid (the
    graph would draw it off the grid) or cover the shape."""
    if (grid == marker).sum() != 1:
        return None
    shape = (grid > 0) & (grid != marker)
    if not shape.any():
        return None
    ys, xs = np.nonzero(shape)
    (my,), (mx,) = np.nonzero(grid == marker)
    dy, dx = my - (ys.min() + ys.max()) // 2, mx - (xs.min() + xs.max()) // 2
    h, w = grid.shape
    if min(ys.min() + dy, xs.min() + dx) < 0 or ys.max() + dy >= h or xs.max() + dx >= w:
        return None
    if shape[ys + dy, xs + dx].any():
        return None             # the copy would cover the shape: the corner graph adds the copy's colours
    out = np.where(grid == marker, 0, grid)
    out[ys + dy, xs + dx] = grid[ys, xs]
    return out


class CopyOntoMarker(Solver, name="copy_onto_marker", tasks=("task206",), refuses="task035",
                     aliases=("c5_marker_copy", "c3_copytomarker"), fit_splits=("train", "arc-gen")):
    """The one shape is copied so its bounding-box centre sits on the single marker cell."""

    def plans(self, examples):
        if same_shape(examples):
            i0 = examples[0][0]
            yield from sorted(set(i0[i0 > 0].tolist()))

    def rule(self, marker, grid):
        return marker_copy(grid, marker)

    def candidates(self, examples):
        marker = self.fit(examples)
        if marker is None:
            return
        yield self.name, self.build(marker)
        side = max(max(i.shape) for i, _ in examples)
        if side < 30:
            yield f"{self.name}:crop{side}", self.build_corner(marker, side)

    def build_corner(self, marker, side):
        """The rule on grids of at most side x side cells (see the module docstring)."""
        s = side
        g = Graph()
        kernel = np.zeros((1, 10, 2, 2), np.float32)
        kernel[0, :, 0, 0] = np.arange(10) + 1
        kernel[0, marker, 0, 0] = 1                 # the marker reads as black
        code = g.Conv(g.input, g.const(kernel, name="colour_plus_one"), g.const(np.array([-1], np.float32),
                      name="minus_one"), dilations=[30 - s, 30 - s], name="colour_code")       # -1 outside
        unit = g.const(np.float32(1), name="unit_scale")
        one = g.const(np.uint8(1), name="one_u8")
        cells = g.QuantizeLinear(code, unit, one, name="cells")                             # colour+1, 0 outside
        two = g.const(np.uint8(2), name="two_u8")
        moved, moved_zero = cells, one      # the first move reads cells less 1: the shape's colour, 0 elsewhere
        for axis, tag, spec in ((2, "row", "bkrc,k->br"), (3, "col", "bkrc,k->bc")):
            present = g.Min(g.ReduceMax(cells, axes=[5 - axis], keepdims=0, name=f"shape_{tag}_max"), two,
                            name=f"shape_{tag}s")                                  # [1,1,S] 2 on the shape's lines
            first = g.ArgMax(present, axis=2, keepdims=0, name=f"shape_first_{tag}")      # [1,1]
            last = g.ArgMax(present, axis=2, keepdims=0, select_last_index=1, name=f"shape_last_{tag}")
            centre = g.Div(g.Add(first, last), g.ints(2), name=f"shape_centre_{tag}")
            # the lone marker cell's line: one weighted sum (`first_last_lines`, one cell a line)
            spot = g.Cast(first_last_lines(g, np.eye(10)[marker], "i" if axis == 2 else "j", 1, s, f"marker_{tag}",
                                           last=False)[0], to=7, name=f"marker_{tag}_i")
            # output line i reads line i - d, d = spot - centre: one QLinearConv whose (2S-1)-long one-hot
            # kernel (tap S-1-d on) and S-1 zero pads on each side move the map, lines past the grid reading 0
            shift = g.Sub(spot, centre, name=f"shift_{tag}")                                      # [1,1] int64
            taps = [1, 1, 1, 1]
            taps[axis] = 2 * s - 1
            kernel = g.Cast(g.Equal(g.ints(np.arange(s - 1, -s, -1).reshape(taps), name=f"tap_shift_{tag}"), shift,
                                    name=f"is_tap_{tag}"), to=3, name=f"shift_kernel_{tag}")   # int8 one-hot
            pads = [0, 0, 0, 0]
            pads[axis - 2] = pads[axis] = s - 1
            moved = g.QLinearConv(moved, unit, moved_zero, kernel, unit,
                                  g.const(np.int8(0), name="weight_zero"), unit, g.const(np.uint8(0), name="zero_u8"),
                                  pads=pads, name=f"moved_{tag}")                # off-grid -1 saturates to 0
            moved_zero = g.const(np.uint8(0), name="zero_u8")
        code = g.Add(cells, moved, name="cell_code")        # the copy lands on background (code 1) only
        return g.model(decode_code(g, code, (s, s)))

    def build(self, marker):
        g = Graph()
        idx = g.floats(np.arange(30).reshape(1, 30))
        shape_w = ((np.arange(10) > 0) & (np.arange(10) != marker)).astype(np.float32)
        selectors = []
        for tag, spec in (("row", "bkrc,k->br"), ("col", "bkrc,k->bc")):
            present = g.Cast(g.Greater(g.Einsum(g.input, g.floats(shape_w), equation=spec), g.floats(0.5)),
                             to=1, name=f"shape_{tag}s")                                   # [1,30]
            first = g.Cast(g.ArgMax(present, axis=1, keepdims=0), to=1, name=f"shape_first_{tag}")
            last = g.ReduceMax(g.Mul(present, idx), axes=[1], keepdims=0, name=f"shape_last_{tag}")
            centre = g.Floor(g.Mul(g.Add(first, last), g.floats(0.5)), name=f"shape_centre_{tag}")
            spot = g.Cast(g.ArgMax(g.Einsum(g.input, g.floats(np.eye(10)[marker]), equation=spec),
                                   axis=1, keepdims=0), to=1, name=f"marker_{tag}")
            shift = g.Sub(spot, centre, name=f"shift_{tag}")                              # [1]
            offsets = np.arange(30)[:, None] - np.arange(30)[None, :]
            selectors.append(g.Cast(g.Equal(g.floats(offsets), shift), to=1, name=f"{tag}_selector"))
        codes = g.Einsum(g.input, g.floats(shape_w * np.arange(1, 11)), equation="bkrc,k->brc", name="shape_code")
        copied = g.Einsum(codes, selectors[0], selectors[1], equation="brc,yr,xc->byx", name="copied")
        weights = np.arange(1, 11, dtype=np.float32)
        weights[marker] = 1                                       # the marker turns black
        code = g.Einsum(g.input, g.floats(weights), equation="bkrc,k->brc", name="colour_code")
        code = g.Where(g.Greater(copied, g.floats(0.5)), copied, code, name="cell_code")
        return g.model(g.Equal(code, g.floats(np.arange(1, 11).reshape(1, 10, 1, 1))))
