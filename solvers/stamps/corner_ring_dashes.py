"""Corner ring dashes: four single cells on the corners of a rectangle, diagonal corners sharing a colour (A top
left and bottom right, B the other two). Each corner cell keeps its colour and gets a 3x3 ring of the other
colour; the rectangle's sides get gray dashes: a side cell whose distance to its nearer corner is even and
at least 2.

Graph: a dilated 1x1 Conv reads the input into the S x S square the grids can cover as a code plane, cast to
uint8 (colour + 1, 0 outside the grid). Row and column profiles (ReduceMax) mark the two corner rows and
columns; ArgMax (first and last) gives their coordinates, and index arithmetic on S-long float vectors
(float Min of the distances to both, Mod 2) marks the dash positions; two broadcast Ands paint the dashes. A 3x3
MaxPool finds each corner's neighbourhood, whose ring colour is (A + B) - the corner's colour, with A + B
half the sum of the grid's colours (one Einsum). Two uint8 Wheres compose the code, padded to the canvas
with 0, and Equal against 1..10 writes the one-hot `output`.
"""
from __future__ import annotations

import numpy as np
from onnx import TensorProto

from neurogolf.graph import Graph

from .. import Solver
from .._common_graph import corner_plane
from .._common_grids import same_shape

GRAY = 5


def corners(grid: np.ndarray):
    """(r1, r2, c1, c2, A, B) of the four corner cells, or None where the grid is not such a picture."""
    rs, cs = np.nonzero(grid)
    if len(rs) != 4:
        return None
    r1, r2, c1, c2 = rs.min(), rs.max(), cs.min(), cs.max()
    if {(int(r), int(c)) for r, c in zip(rs, cs)} != {(r1, c1), (r1, c2), (r2, c1), (r2, c2)}:
        return None
    a, b = int(grid[r1, c1]), int(grid[r1, c2])
    if a == b or a == GRAY or b == GRAY or grid[r2, c2] != a or grid[r2, c1] != b:
        return None
    if r1 < 1 or c1 < 1 or r2 > grid.shape[0] - 2 or c2 > grid.shape[1] - 2 or r2 - r1 < 4 or c2 - c1 < 4:
        return None
    return int(r1), int(r2), int(c1), int(c2), a, b


def dash_marks(n: int, lo: int, hi: int) -> np.ndarray:
    """Positions 0..n-1 whose distance to the nearer of lo and hi is even and at least 2 (between them)."""
    idx = np.arange(n)
    d = np.minimum(idx - lo, hi - idx)
    return (d >= 2) & (d % 2 == 0)


class CornerRingDashes(Solver, name="corner_ring_dashes", tasks=("task387",), refuses="task002",
                       fit_splits=("train", "arc-gen")):
    """Four cells on a rectangle's corners (diagonal corners one colour): each gets a 3x3 ring of the other colour, and
    gray dashes mark every second cell of the rectangle's sides, counted from the nearer corner."""

    def plans(self, examples):
        if same_shape(examples) and all(i.any() for i, _ in examples):
            yield max(max(i.shape) for i, _ in examples)

    def rule(self, plan, grid):
        side = plan
        found = corners(grid)
        if max(grid.shape) > side or found is None:
            return None
        r1, r2, c1, c2, a, b = found
        out = grid.copy()
        h, w = grid.shape
        rows_d, cols_d = dash_marks(h, r1, r2), dash_marks(w, c1, c2)
        for r in (r1, r2):
            out[r, cols_d] = GRAY
        for c in (c1, c2):
            out[rows_d, c] = GRAY
        for r, c in ((r1, c1), (r1, c2), (r2, c1), (r2, c2)):
            colour = int(grid[r, c])
            out[r - 1:r + 2, c - 1:c + 2] = a + b - colour
            out[r, c] = colour
        return out

    def build(self, plan):
        side = plan
        g = Graph()
        u8 = lambda v, name: g.const(np.uint8(v), name=name)
        code = corner_plane(g, np.arange(10) + 1, (side, side), "code_f")                  # colour + 1, 0 outside
        x = g.Cast(code, to=TensorProto.UINT8, name="code")
        black = u8(1, "black")
        marks = {}
        for axis, other in ((2, 3), (3, 2)):
            prof = g.ReduceMax(x, axes=[other], keepdims=1, name=f"prof{axis}")       # [1,1,S,1] / [1,1,1,S]
            on = g.Greater(prof, black, name=f"on{axis}")
            lo = g.Cast(g.ArgMax(prof, axis=axis, keepdims=1, name=f"lo{axis}_i"), to=TensorProto.FLOAT,
                        name=f"lo{axis}")
            hi = g.Cast(g.ArgMax(prof, axis=axis, keepdims=1, select_last_index=1, name=f"hi{axis}_i"),
                        to=TensorProto.FLOAT, name=f"hi{axis}")
            shape = [1, 1, side, 1] if axis == 2 else [1, 1, 1, side]
            idx = g.const(np.arange(side, dtype=np.float32).reshape(shape), name=f"idx{axis}")
            d = g.Min(g.Sub(idx, lo, name=f"dlo{axis}"), g.Sub(hi, idx, name=f"dhi{axis}"), name=f"d{axis}")
            far = g.Greater(d, g.const(np.float32(1), name="one"), name=f"far{axis}")
            even = g.Equal(g.Mod(d, g.const(np.float32(2), name="two"), fmod=1, name=f"par{axis}"),
                           g.const(np.float32(0), name="zero_f"), name=f"even{axis}")
            marks[axis] = (on, g.And(far, even, name=f"dash{axis}"))
        dash = g.Or(g.And(marks[2][0], marks[3][1], name="dash_rows"),
                    g.And(marks[2][1], marks[3][0], name="dash_cols"), name="dash")
        dots = g.Greater(x, black, name="dots")
        near = g.MaxPool(x, kernel_shape=[3, 3], pads=[1, 1, 1, 1], name="near")
        ring = g.Xor(g.Greater(near, black, name="near_b"), dots, name="ring")
        # the four corners' colours sum to 2(A + B); a ring's code is (A+1) + (B+1) - its corner's code
        total = g.Einsum(g.input, g.const(np.arange(10, dtype=np.float32), name="colour_values"),
                         equation="bcij,c->b", name="total")
        pair = g.Cast(g.Add(g.Mul(total, g.floats([0.5], name="half"), name="pair_f"), g.floats([2.0], name="two_codes"),
                            name="pair_codes_f"), to=TensorProto.UINT8, name="pair_codes")
        ring_code = g.Sub(pair, near, name="ring_code")
        y = g.Where(dash, u8(GRAY + 1, "gray"), x, name="with_dash")
        y = g.Where(ring, ring_code, y, name="with_ring")
        if side < 30:
            y = g.Pad(y, g.ints([0, 0, 0, 0, 0, 0, 30 - side, 30 - side]), name="code30")
        return g.model(g.Equal(y, g.const(np.arange(1, 11, dtype=np.uint8).reshape(1, 10, 1, 1), name="table")))
