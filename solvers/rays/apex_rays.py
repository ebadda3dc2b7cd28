"""Diagonal rays climb up-left from the left end and up-right from the right end of the object's top row,
in the object's rarest colour, to the grid's edge.

The graph finds the top row and its ends from profiles (ArgMax), the rarest colour from the colour counts
(ArgMin), and writes the rays into the colour-code map that one Equal decodes.

Cheaper variant (`apex_rays:crop S`) on the examples' largest side S (fitted on train and arc-gen; task288's
generator draws square grids of side neck + 2 shoulder, at most 9), in uint8 on the S x S corner: the code
map is colour + 1 (0 off the grid); the two rays never share a column (the up-left one lies left of the top
row's left end, the up-right one right of its right end), so one [S] vector holds each column's ray row
(+ S, 0 where the column has none or lies off the grid) and one Equal against the rows draws both rays above
the top row; a Where paints them, one Equal decodes and the last op pads to the canvas. Exact for every grid
within it; the build keeps it only if it passes the fresh examples too.

`apex_rays:figure` is exact on the generator's figure: a square H x H grid whose object fills the two bottom
rows, its top row (row H-2) a run of n cells centred in the row, n the count of the rarest colour (the
antenna: n cells, the shirt n + 2 shoulder). The top row's ends are then columns s = (H - n) / 2 and H-1-s,
and the rays are the cells (H-2-s+c, c) for c < s and (2H-3-s-c, c) for H-s <= c < H. Scalars H (the cells of
column 0) and n give a per-column ray row in uint8 (255: none); one Equal against the rows is the [30,30]
mask of one Where that paints the rarest colour into `input`: no map of the grid is stored. The build keeps
it only if it passes the fresh examples too.

`apex_rays:polynomial` draws the same figure with one Einsum from `input` to `output`: the rays are the
background cells where a product of two lines, polynomial in the row and column with coefficients linear in
H and n, is zero (see `build_polynomial`); only [10]-sized colour vectors are stored.
"""
from __future__ import annotations

from collections import Counter

import numpy as np
from onnx import TensorProto

from neurogolf.graph import Graph

from .._common_graph import corner_plane
from .._common_grids import N
from ._graphs import arange, code_map, decode_corner
from ._parameter_free import ParameterFree


def apex_rays(grid):
    cells = np.argwhere(grid != 0)
    if not len(cells):
        return None
    out, (_, w) = grid.copy(), grid.shape
    top = cells[:, 0].min()
    cols = np.flatnonzero(grid[top] != 0)
    cnt = Counter(grid[grid != 0].tolist())
    if len(cnt) < 2 or sorted(cnt.values())[0] == sorted(cnt.values())[1]:
        return None             # no single rarest colour
    colour = min(cnt, key=cnt.get)
    for d in range(1, top + 1):
        if cols.min() - d >= 0:
            out[top - d, cols.min() - d] = colour
        if cols.max() + d < w:
            out[top - d, cols.max() + d] = colour
    return out


class ApexRays(ParameterFree, name="apex_rays", tasks=("task288",), refuses="task348", aliases=("c3_apexrays",),
               fit_splits=("train", "arc-gen")):
    """Diagonal rays climb outward from both ends of the object's top row, in the object's rarest colour."""

    draw = staticmethod(apex_rays)

    def candidates(self, examples):
        yield from self.with_corner_variant(examples, self.build_corner, square=True)
        plan = self.fit(examples)
        if plan is not None:
            yield f"{self.name}:figure", self.build_figure(plan)
            yield f"{self.name}:polynomial", self.build_polynomial(plan)

    def build_figure(self, plan):
        """The generator's figure (module docstring): the rays from the grid side H and the rarest count n."""
        g = Graph()
        u8 = lambda v, name: g.const(np.uint8(v), name=name)                       # noqa: E731
        counts = g.ReduceSum(g.input, axes=[0, 2, 3], keepdims=0, name="colour_counts")           # [10]
        floor = np.zeros(10, np.float32)
        floor[0] = 1e6                                       # black is never the ray colour
        rank = g.Where(g.Greater(counts, g.const(floor, name="floor"), name="present"), counts,
                       g.const(np.float32(1e6), name="absent"), name="rarity")
        paint = g.Cast(g.Equal(g.const(np.arange(10, dtype=np.int64).reshape(1, 10, 1, 1), name="channels"),
                               g.ArgMin(rank, axis=0, keepdims=1, name="rarest"), name="ray_colour"),
                       to=TensorProto.FLOAT, name="paint")                                          # [1,10,1,1]
        neck = g.Cast(g.ReduceMin(rank, keepdims=0, name="rarest_count"), to=TensorProto.UINT8, name="neck")
        first_col = np.zeros(N, np.float32)
        first_col[0] = 1
        side = g.Cast(g.Einsum(g.input, g.const(first_col, name="first_column"), equation="bchw,w->",
                               name="side_f"), to=TensorProto.UINT8, name="side")               # cells in column 0
        shoulder = g.BitShift(g.Sub(side, neck, name="shoulders"), u8(1, "one"), direction="RIGHT", name="shoulder")
        left_row = g.Sub(g.Sub(side, u8(2, "two"), name="top"), shoulder, name="left_row0")  # row of column 0
        right_start = g.Sub(side, shoulder, name="right_start")                       # first right-ray column
        right_row = g.Sub(g.Add(side, left_row, name="right_sum"), u8(1, "one_b"), name="right_row0")
        k = g.const(np.arange(N, dtype=np.uint8), name="arange")
        rows_at = g.Where(g.Less(k, shoulder, name="left_side"), g.Add(left_row, k, name="left_rows"),
                          g.Where(g.Less(g.Sub(k, right_start, name="right_offset"), shoulder, name="right_side"),
                                  g.Sub(right_row, k, name="right_rows"), u8(255, "nowhere"), name="right_or_none"),
                          name="ray_rows")                                   # per column: the ray's row, 255 none
        ray = g.Equal(g.const(np.arange(N, dtype=np.uint8).reshape(N, 1), name="row_index"), rows_at, name="ray")
        return g.model(g.Where(ray, paint, g.input))

    def build_polynomial(self, plan):
        """The generator's figure (module docstring) as one Einsum from `input` to `output`, with no map stored.

        The rays lie on the lines L1 = h - w - d1 = 0 and L2 = h + w - d2 = 0 (d1 = (H + n - 4) / 2, d2 =
        (3H + n - 6) / 2); inside the grid those lines meet only the rays and object cells, so the rays are
        the background cells where E = L1 L2 = 0. The sum has three terms: k=0 passes the colours 1..9
        through, k=1 writes E^2 into the background channel and -E^2 into the rarest colour's, k=2 adds 1 to
        the rarest colour's: background stays background where E != 0 (E an integer), the ray colour wins
        where E = 0. L1 and L2 are linear in h, w and in phi = [1, H, n]; the grid side H is the square root
        of the cell count."""
        g = Graph()
        counts = g.ReduceSum(g.input, axes=[0, 2, 3], keepdims=0, name="colour_counts")           # [10]
        floor = np.zeros(10, np.float32)
        floor[0] = 1e6                                       # black is never the ray colour
        rank = g.Where(g.Greater(counts, g.const(floor, name="floor"), name="present"), counts,
                       g.const(np.float32(1e6), name="absent"), name="rarity")
        neck = g.ReduceMin(rank, axes=[0], keepdims=1, name="rarest_count")                           # [1]
        is_ray_colour = g.Equal(rank, neck, name="is_ray_colour")           # [10]: the rarest count is unique
        base = np.zeros((3, 10), np.float32)
        base[0], base[1, 0] = 1, 1
        term_colours = g.Where(is_ray_colour, g.const(np.float32([[1], [-1], [1]]), name="ray_colour_weight"),
                               g.const(base, name="term_colour_base"), name="term_colours")            # [3,10]
        side = g.Sqrt(g.ReduceSum(counts, axes=[0], keepdims=1, name="cells"), name="grid_side")      # [1]
        phi = g.Concat(g.const(np.ones(1, np.float32), name="unit"), side, neck, axis=0, name="phi")  # [3]
        term_inputs = np.zeros((3, 10), np.float32)
        term_inputs[0, 1:], term_inputs[1:, 0] = 1, 1
        routing = np.eye(10, dtype=np.float32)
        routing[0] = 1                                # background feeds every colour; its terms pick which
        lines = []
        for offset, w_sign in (((2, -0.5, -0.5), -1), ((3, -1.5, -0.5), 1)):
            coeff = np.zeros((3, 3, 2, 2), np.float32)     # [phi, term, power of h, power of w]
            coeff[0, [0, 2], 0, 0] = 1                # terms 0 and 2: the constant 1
            coeff[:, 1, 0, 0] = offset
            coeff[0, 1, 1, 0], coeff[0, 1, 0, 1] = 1, w_sign
            lines.append(g.const(coeff, name="line"))
        powers = g.const(np.stack([np.ones(N), np.arange(N)]).astype(np.float32), name="powers")     # [2,30]
        factors, spec = [], []
        for line, letters in zip(lines * 2, ("jab", "lde", "mfg", "npq")):
            phi_i, h_pow, w_pow = letters
            factors += [phi, line, powers, powers]
            spec += [phi_i, f"{phi_i}k{h_pow}{w_pow}", f"{h_pow}h", f"{w_pow}w"]
        equation = ",".join([*spec, "zihw", "ki", "ic", "kc"]) + "->zchw"     # this order runs fastest in ORT
        return g.model(g.Einsum(*factors, g.input, g.const(term_inputs, name="term_inputs"),
                                g.const(routing, name="routing"), term_colours, equation=equation, name="painted"))

    def build_corner(self, plan, side):
        """The side x side corner graph (module docstring): a uint8 code map, one per-column diagonal row."""
        g = Graph()
        u8 = lambda v, name: g.const(np.uint8(v), name=name)                       # noqa: E731
        code = g.Cast(corner_plane(g, np.arange(1, 11), (side, side), "colour_code"), to=TensorProto.UINT8,
                      name="code")                                  # [1,1,S,S]: colour + 1, 0 off the grid
        one = u8(1, "one")
        rows = g.Cast(g.Greater(g.ReduceMax(code, axes=[0, 1, 3], keepdims=0, name="row_profile"), one,
                                name="occupied"), to=TensorProto.UINT8, name="occupied_u8")           # [S]
        top = g.ArgMax(rows, axis=0, keepdims=1, name="top_row")                                      # [1]
        top_cells = g.Cast(g.Greater(g.Gather(code, top, axis=2, name="top_values"), one, name="top_cells"),
                           to=TensorProto.UINT8, name="top_cells_u8")                                 # [1,1,1,S]
        left = g.ArgMax(top_cells, axis=3, keepdims=0, name="top_left")                               # [1,1,1]
        right = g.ArgMax(top_cells, axis=3, keepdims=0, select_last_index=1, name="top_right")
        k = g.const(np.arange(side, dtype=np.int64), name="arange")
        k_u8 = g.const(np.arange(side, dtype=np.uint8), name="arange_u8")
        shift = g.const(np.int64(side), name="side")
        up_left = g.Add(k_u8, g.Cast(g.Add(g.Sub(top, left, name="left_shift"), shift, name="left_offset"),
                                     to=TensorProto.UINT8, name="left_offset_u8"), name="left_rows")
        up_right = g.Sub(g.Cast(g.Add(g.Add(top, right, name="right_sum"), shift, name="right_offset"),
                                to=TensorProto.UINT8, name="right_offset_u8"), k_u8, name="right_rows")
        in_grid = g.Greater(g.ReduceMax(code, axes=[2], keepdims=1, name="column_profile"), u8(0, "zero"),
                            name="grid_column")                                                       # [1,1,1,S]
        right_ok = g.And(g.Greater(k, right, name="right_side"), in_grid, name="right_ok")
        rows_at = g.Where(g.Less(k, left, name="left_side"), up_left,
                          g.Where(right_ok, up_right, u8(0, "nowhere"), name="right_or_none"),
                          name="ray_rows")              # per column: the ray's row + S (0: no ray in it)
        rows_s = g.const((np.arange(side) + side).astype(np.uint8).reshape(side, 1), name="row_plus_side")
        ray = g.Equal(rows_s, rows_at, name="ray")                                                   # [1,1,S,S]
        counts = g.ReduceSum(g.input, axes=[0, 2, 3], keepdims=0, name="colour_counts")           # [10]
        floor = np.zeros(10, np.float32)
        floor[0] = 1e6                                       # black is never the ray colour
        rank = g.Where(g.Greater(counts, g.const(floor, name="floor"), name="present"), counts,
                       g.const(np.float32(1e6), name="absent"), name="rarity")
        colour = g.Cast(g.Add(g.ArgMin(rank, axis=0, keepdims=1, name="rarest"), g.const(np.int64(1), name="one64"),
                              name="rarest_plus_one"), to=TensorProto.UINT8, name="ray_code")
        painted = g.Where(ray, colour, code, name="painted")
        answer = g.Equal(painted, g.const(np.arange(1, 11, dtype=np.uint8).reshape(1, 10, 1, 1), name="codes"),
                         name="answer")
        return g.model(g.Pad(answer, g.ints([0, 0, 0, 0, 0, 0, N - side, N - side], name="to_canvas")))

    def build(self, plan, side=None):
        side = side or N
        g, colours, value, inside = code_map(side)
        k = arange(g, side)
        zero = g.const(np.zeros(1, np.float32), name="zero")
        rows = g.ReduceMax(value, axes=[0, 1, 3], keepdims=0, name="row_profile")
        occupied = g.Cast(g.Greater(rows, zero, name="occupied"), to=TensorProto.FLOAT, name="occupied_f")
        top = g.ArgMax(occupied, axis=0, keepdims=1, name="top_row")                                  # [1]
        top_cells = g.Greater(g.Gather(value, top, axis=2, name="top_values"), zero, name="top_cells")
        top_cells = g.Cast(g.Reshape(top_cells, g.ints([side], name="flat"), name="top_flat"), to=TensorProto.FLOAT,
                           name="top_flat_f")
        left = g.ArgMax(top_cells, axis=0, keepdims=1, name="top_left")
        right = g.ArgMax(top_cells, axis=0, keepdims=1, select_last_index=1, name="top_right")
        counts = g.ReduceSum(g.input, axes=[0, 2, 3], keepdims=0, name="colour_counts")         # [10]
        usable = np.zeros(10, np.float32)
        usable[0] = 1e6
        present = g.Greater(counts, zero, name="present")
        rank = g.Where(present, g.Add(counts, g.const(usable, name="no_background")), g.const(np.full(1, 1e6,
                       np.float32), name="absent"), name="rarity")
        colour = g.Cast(g.ArgMin(rank, axis=0, keepdims=1, name="rarest"), to=TensorProto.FLOAT, name="ray_colour")
        rows_k = g.Unsqueeze(k, axes=[1], name="row_index")                                    # [30,1]
        up_left = g.Equal(g.Add(k, g.Sub(top, left, name="left_shift"), name="left_diag"), rows_k, name="up_left")
        up_right = g.Equal(g.Sub(g.Add(right, top, name="right_sum"), k, name="right_diag"), rows_k,
                           name="up_right")
        above = g.Less(rows_k, top, name="above_top")
        ray = g.And(g.And(g.Or(up_left, up_right, name="on_diag"), above, name="ray"), inside, name="ray_in")
        return g.model(decode_corner(g, g.Where(ray, colour, value, name="code"), colours, side))
