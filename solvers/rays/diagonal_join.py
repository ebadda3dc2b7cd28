"""Two cells of one colour on a shared diagonal are joined by a line of that colour.

Put as a local test: a cell lies on a join when the nearest coloured cell up-left of it (itself
included) has the same colour as the nearest one down-right (or up-right and down-left).

The graph leans on the generator (task037): every colour shows exactly two cells, the ends of one diagonal
segment, and segments share no cell and never cross. Per colour, one Einsum of the input gives the moments
of its cells' rows and columns; n sum(ij) - sum(i) sum(j) tells a main diagonal (> 0) from an anti-diagonal
(< 0), and n sum(i^2) - sum(i)^2 the rise, so the bottom row. A 1x1 corner ConvTranspose paints each colour's
key (bottom row and colour, mod 11 the colour + 1) on the grid; one Min doubled up-left and one Max doubled
up-right find the nearest segment end on each ray (segments on one diagonal are disjoint, so the nearest one
up the ray has the largest bottom row), and the cell is on it exactly when that bottom row is not above the cell's. The
joined code map (mod 11) is written to `output` by the one-QLinearConv code decoder.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import fixed_shape, nearest_along, same_shape
from ..local._code_decode import decode_code

RAYS = {"ul": (-1, -1), "dr": (1, 1), "ur": (-1, 1), "dl": (1, -1)}
SEGMENT = 7     # the longest segment the generator draws (task037: max_length 3..7): a ray of 7 cells meets its end


def diagonal_join(grid):
    near = {k: nearest_along(grid, *d) for k, d in RAYS.items()}
    main = np.where(near["ul"] == near["dr"], near["ul"], 0)
    anti = np.where(near["ur"] == near["dl"], near["ur"], 0)
    if ((main > 0) & (anti > 0) & (main != anti)).any():
        return None                                  # two joins cross: no rule for the crossing
    return np.maximum(main, anti)


class DiagonalJoin(Solver, name="diagonal_join", tasks=("task037",), refuses="task094",
                   aliases=("c6_diagonal_join",)):
    """Pairs of same-coloured cells on a shared diagonal are joined by a diagonal line of their colour."""

    def plans(self, examples):
        shape = fixed_shape(examples)
        if shape is not None and same_shape(examples) and any(((o > 0) & (i == 0)).any() for i, o in examples):
            yield shape

    def rule(self, shape, grid):
        return diagonal_join(grid) if grid.shape == shape else None

    def build(self, shape):
        h, w = shape
        g = Graph()
        f = lambda v, name: g.const(np.asarray(v, np.float32), name=name)
        # per colour, moments m[k, l] = sum over its cells of (1, i, i^2)[k] x (1, j)[l]
        lines = np.arange(30, dtype=np.float32)
        m = g.Einsum(g.input, f(np.stack([lines ** 0, lines, lines ** 2], 1), "row_powers"),
                     f(np.stack([lines ** 0, lines], 1), "col_powers"), equation="bcij,ik,jl->bckl", name="moments")
        # two cells (a, p), (b, q): n sum(ij) - sum(i) sum(j) = (b - a)(q - p), > 0 on a main diagonal, < 0 on an
        # anti-diagonal; n sum(i^2) - sum(i)^2 = (b - a)^2
        forms = np.zeros((3, 2, 3, 2, 2), np.float32)
        forms[0, 0, 1, 1, 0], forms[1, 0, 0, 1, 0] = 1, -1
        forms[0, 0, 2, 0, 1], forms[1, 0, 1, 0, 1] = 1, -1
        quad = g.Einsum(m, m, f(forms, "forms"), equation="bckl,bcxy,klxyq->bcq", name="forms_of")     # [1,10,2]
        slope = g.Einsum(quad, f([1, 0], "slope_tap"), equation="bcq,q->bc", name="slope")
        rise = g.Sqrt(g.Einsum(quad, f([0, 1], "rise_tap"), equation="bcq,q->bc", name="rise_sq"), name="rise")
        pair = g.Equal(g.Einsum(m, f([[1, 0], [0, 0], [0, 0]], "count_tap"), equation="bckl,kl->bc", name="count"),
                       f(2, "two"), name="pair")
        # one key plane, a weight per colour (every grid cell holds one colour): a main-diagonal segment's
        # cells 99 - 11 x its bottom row + colour + 1 (1..109, the nearest one up-left the least), an
        # anti-diagonal one's 110 + 11 x its bottom row + colour + 1 (111..219, the nearest one up-right the
        # most), everything else 110; every key is colour + 1 mod 11 (110: 0)
        eleven_bottom = g.Add(g.Einsum(m, f([[0, 0], [5.5, 0], [0, 0]], "row_sum_tap"), equation="bckl,kl->bc",
                                       name="half_rows"), g.Mul(rise, f(5.5, "eleven_halves"), name="half_rise"),
                              name="eleven_bottom")                                              # 11 x bottom row
        codes = f(np.arange(1, 11), "codes")
        zero, neutral = f(0, "zero"), f(110, "neutral")
        main_key = g.Add(g.Sub(f(99, "main_base"), eleven_bottom, name="main_rank"), codes, name="main_key")
        anti_key = g.Add(g.Add(neutral, eleven_bottom, name="anti_rank"), codes, name="anti_key")
        weight = g.Where(g.And(pair, g.Greater(slope, zero, name="rising"), name="main_pair"), main_key,
                         g.Where(g.And(pair, g.Less(slope, zero, name="falling"), name="anti_pair"), anti_key,
                                 neutral, name="anti_or_none"), name="keys")                    # [1,10]
        plane = g.Cast(g.ConvTranspose(g.input, g.Reshape(weight, g.ints([10, 1, 1, 1], name="kernel_shape"),
                                                          name="key_kernel"), pads=[0, 0, 30 - h, 30 - w],
                                       name="key_plane_f"), to=2, name="key_plane")
        # a cell of a segment sees its top end within SEGMENT - 1 steps; a cell seeing a key whose bottom row
        # is not above its own lies on that segment, so a shorter ray adds no false join
        reach = min(h, w, SEGMENT)
        main = ray_extreme(g, plane, 1, 1, reach, "main", g.Min, 255)
        anti = ray_extreme(g, plane, 1, -1, reach, "anti", g.Max, 0)
        # the nearest segment up the ray is this cell's exactly when its bottom row is not above the cell's
        row = 11 * np.arange(h).reshape(1, 1, h, 1)
        in_main = g.Less(main, g.const((110 - row).astype(np.uint8), name="main_rows"), name="in_main")
        in_anti = g.Greater(anti, g.const((110 + row).astype(np.uint8), name="anti_rows"), name="in_anti")
        key = g.Where(in_main, main, g.Where(in_anti, anti, g.const(np.uint8(111), name="black_key"),
                                             name="anti_join"), name="join_key")     # 111: black, mod 11
        return g.model(decode_code(g, g.Mod(key, g.const(np.uint8(11), name="eleven"), name="joined"), shape))


def ray_extreme(g: Graph, plane: str, dr: int, dc: int, reach: int, tag: str, op, fill: int) -> str:
    """uint8 Min or Max (`op`, `fill` its neutral value) of `plane` over the ray back from each cell (the cell,
    (r - dr, c - dc), ...): by doubling (a Pad with negative pads shifts in one op), the rest by one variadic op
    of several shifts, the split that stores the fewest maps."""
    pad_value = g.const(np.uint8(fill), name=f"fill{fill}")

    def maps(d):
        extra = -(-reach // 2 ** d) - 1
        return 2 * d + (extra + 1 if extra else 0), d + extra

    def shift(p, step):
        a, b = step * dr, step * dc
        return g.Pad(p, g.ints([0, 0, a, b, 0, 0, -a, -b]), pad_value, name=f"shift_{tag}_{step}")

    doublings = min(range(reach.bit_length() + 1), key=maps)
    best = plane
    for d in range(doublings):
        best = op(best, shift(best, 2 ** d), name=f"best_{tag}_{2 ** d}")
    window = 2 ** doublings
    if window < reach:
        best = op(best, *[shift(best, k) for k in range(window, reach, window)], name=f"best_{tag}")
    return best
