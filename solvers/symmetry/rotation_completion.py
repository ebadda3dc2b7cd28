"""Rotation completion: one shape should look the same under quarter turns but one arm is missing; the
missing cells are painted in a fixed colour. The centre follows from the bounding box: the complete
axis gives the centre and the half-size, the missing side (left, right, top or bottom) is whichever
hypothesis maps most of the shape onto itself by a quarter turn.

Graph: the shape mask, its bounding box (ArgMax over profiles), for each hypothesis a quarter turn
(Transpose + two Gathers with computed indices, on a bool mask) scored against the shape, the best
centre's three turns unioned, and a colour-code map decoded by one Equal.

Cheaper variant on an S x S corner, S one more than the inputs' largest side (fitted on train and arc-gen,
so the side is the generator's: task027's grids are 10 x 10, S = 11): the same graph there (the shape and
code maps from dilated Convs), the uint8 code padded with 0 to the canvas and decoded against 1..10 by the
last op. The hypothesis scores are exact for any grid within the corner (its last line is empty, as the
canvas's is); the three final turns are exact while the turned shape stays inside the corner, as it does
for every generator input (the completed figure lies inside the grid), so this variant is only exact for
generator inputs; the build keeps it only if it passes the fresh examples too.

Leaner corner variant (`:turns`, on the S x S corner with S the inputs' largest side itself), the same rule
and the same generator-only exactness: every side's centre
is integral in the box ends, the turn t(r, c) = m(c + d, s - r) with d in {dA = r1 - c1, dB = r0 - c0} and s
in {sA = r0 + c1, sB = r1 + c0} (left = (dA, sA), right = (dB, sB), top = (dA, sB), bottom = (dB, sA)), so
the four agreement counts are one float16 Einsum of the mask with itself and two OneHot stacks, D[i, c, a] =
[a = c + d_i] and A[j, r, b] = [b = s_j - r] (every index lies in [1 - S, 2S - 2]; taken mod 2S, one off the
corner either way is at least S, an all-zero OneHot row: it reads nothing, as the rule's clamped index reads
an empty line). The best side (first of the largest, in the side order) gives d and s, one-hot weights over
the [2,2] pairs, and each of the three turns is the same Einsum of the last (a cell turned off the corner is
lost, which no generator input does); the new cells (turned, background inside the
grid) are padded to the canvas and one Where paints them over `input`.

Fixed-shift variant (`:shift{d}`): when the best turn's column shift d is the same in every example and the shape
has one colour (task027's generator turns about (4.5, 4.5) or (5, 5): d = 0, the flip s = 9 or 10), only the flip
is read from the input: the first of the examples' flips whose turn agrees most with the shape (one ConvInteger
scores them all); one turn less the shape is the missing arm, and one uint8 QLinearConv writes the canvas from
[shape, turned] (see `_build_fixed_shift`)."""
from __future__ import annotations

import numpy as np
from onnx import TensorProto

from neurogolf.graph import Graph

from .. import Solver
from .._common_graph import colour_code
from .._common_grids import N, same_shape

SIDES = ("left", "right", "top", "bottom")


def _centre(r0, r1, c0, c1, side):
    """Twice the centre (row, col) for a shape missing its arm on `side`."""
    if side in ("left", "right"):
        half2 = r1 - r0
        return r0 + r1, (2 * c1 - half2 if side == "left" else 2 * c0 + half2)
    half2 = c1 - c0
    return (2 * r1 - half2 if side == "top" else 2 * r0 + half2), c0 + c1


def _half(x):
    """x / 2 rounded toward zero, as the graph's integer Div."""
    return -(-x // 2) if x < 0 else x // 2


def _turn(mask, rc2, cc2):
    """Quarter turn of the canvas about (rc2/2, cc2/2): out(r, c) = mask(c + d, s - r); an index off the
    canvas reads its last line, as the graph's Gathers do."""
    d, s = _half(rc2 - cc2), _half(rc2 + cc2)
    k = np.arange(N)
    clamp = lambda i: np.where((i < 0) | (i >= N), N - 1, i)
    return mask[np.ix_(clamp(k + d), clamp(s - k))].T


def rot_complete(grid, paint):
    """The turns run on the whole canvas (a turned cell beyond the grid still turns on), the best
    hypothesis is the first with the most agreement, as in the graph."""
    h, w = grid.shape
    m = np.zeros((N, N), bool)
    m[:h, :w] = grid != 0
    cells = np.argwhere(m)
    if not len(cells):
        return None
    (r0, c0), (r1, c1) = cells.min(0), cells.max(0)
    centres = [_centre(r0, r1, c0, c1, side) for side in SIDES]
    rc2, cc2 = centres[int(np.argmax([(m & _turn(m, *c)).sum() for c in centres]))]
    t1 = _turn(m, rc2, cc2)
    t2 = _turn(t1, rc2, cc2)
    t3 = _turn(t2, rc2, cc2)
    return np.where(grid != 0, grid, np.where((t1 | t2 | t3)[:h, :w], paint, 0))


def _best_turn(grid):
    """(d, s) of the quarter turn t(r, c) = m(c + d, s - r) that `rot_complete` picks (its best side)."""
    h, w = grid.shape
    m = np.zeros((N, N), bool)
    m[:h, :w] = grid != 0
    cells = np.argwhere(m)
    (r0, c0), (r1, c1) = cells.min(0), cells.max(0)
    centres = [_centre(r0, r1, c0, c1, side) for side in SIDES]
    rc2, cc2 = centres[int(np.argmax([(m & _turn(m, *c)).sum() for c in centres]))]
    return int(_half(rc2 - cc2)), int(_half(rc2 + cc2))


def fixed_shift_complete(plan, grid):
    """The turn's column shift d is the plan's, its flip s one of the plan's range: the first s whose turned
    shape agrees most with the shape. The new cells are that turn less the shape (a turn maps the arm before
    the missing one onto it, and the other arms onto arms). Grids of the plan's side and shape colour only."""
    S, d = plan["S"], plan["d"]
    if grid.shape != (S, S) or not (grid != 0).any() or len(set(np.unique(grid).tolist()) - {0, plan["shape"]}):
        return None
    m = np.zeros((N, N), bool)
    m[:S, :S] = grid != 0
    turns = [_turn(m, d + s, s - d) for s in range(plan["s_lo"], plan["s_hi"] + 1)]
    turned = turns[int(np.argmax([(m & t).sum() for t in turns]))][:S, :S]
    return np.where(turned & (grid == 0), plan["paint"], grid)


class RotationCompletion(Solver, name="rotation_completion", tasks=("task027",), refuses="task099",
                         aliases=("c3_rotcomplete",), fit_splits=("train", "arc-gen")):
    """A shape meant to be symmetric under quarter turns lacks one arm: the missing cells are painted in a fixed
    colour."""

    def plans(self, examples):
        if not same_shape(examples) or any(max(i.shape) > 15 for i, _ in examples):
            return
        painted = {int(v) for i, o in examples for v in o[i != o]}
        if len(painted) == 1:
            yield painted.pop()

    def rule(self, paint, grid):
        return rot_complete(grid, paint)

    def candidates(self, examples):
        paint = self.fit(examples)
        if paint is None:
            return
        yield self.name, self.build(paint)
        side = max(max(i.shape) for i, _ in examples) + 1
        if side < N:
            yield f"{self.name}:crop{side}", self.build(paint, side)
            yield f"{self.name}:turns{side - 1}", self._build_turns(paint, side - 1)
        plan = self._fixed_shift_plan(examples, paint)
        if plan is not None:
            yield f"{self.name}:shift{plan['d']}", self._build_fixed_shift(plan)

    def _fixed_shift_plan(self, examples, paint):
        """The fixed-shift kind: square grids of one size, a shape of one colour, the best turn's column shift
        the same in every example (the flips' range is the examples')."""
        shapes = {i.shape for i, _ in examples}
        colours = {int(v) for i, _ in examples for v in np.unique(i)} - {0}
        if len(shapes) != 1 or len(colours) != 1 or len(set(shapes.pop())) != 1 or \
                any(not (i != 0).any() for i, _ in examples):
            return None
        turns = {_best_turn(i) for i, _ in examples}
        if len({d for d, _ in turns}) != 1:
            return None
        flips = [s_ for _, s_ in turns]
        plan = dict(S=examples[0][0].shape[0], shape=colours.pop(), paint=paint, d=turns.pop()[0],
                    s_lo=min(flips), s_hi=max(flips))
        if all(np.array_equal(fixed_shift_complete(plan, i), o) for i, o in examples):
            return plan
        return None

    def _build_fixed_shift(self, p):
        """The fixed-shift graph: the shape as a uint8 plane m (2 on it) and its transpose, padded for the
        plan's flips; t_s(r, c) = mT(s - r, c + d), so one ConvInteger of the padded transpose with m upside
        down scores every flip s at once (the agreement of m with t_s); ArgMax takes the first best, and a
        Gather of rows s + top - r is the turned shape. One uint8 QLinearConv over [m, turned] (zero point 1:
        -1 / +1 inside the grid, 0 on the padding) writes the canvas: shape m, background -m - t - 1, paint
        t - m - 1."""
        g = Graph()
        S, d, lo, hi = p["S"], p["d"], p["s_lo"], p["s_hi"]
        pick = np.zeros((10, 1, 1, 1), np.float32)
        pick[p["shape"]] = 2
        m_f = g.ConvTranspose(g.input, g.const(pick, name="shape_w"), pads=[0, 0, N - S, N - S], name="shape_f")
        m = g.Cast(m_f, to=TensorProto.UINT8, name="shape")                                     # [1,1,S,S] 0/2
        # rows lo - S + 1 .. hi of mT are read: `top` empty rows above row 0 and `below` under row S - 1;
        # columns d .. d + S - 1
        top, below = max(0, S - 1 - lo), max(0, hi - (S - 1))
        left, right = max(0, -d), max(0, d)
        mt = g.Transpose(m, perm=[0, 1, 3, 2], name="shape_t")
        if top + below + left + right:
            mt = g.Pad(mt, g.ints([0, 0, top, left, 0, 0, below, right], name="turn_pads"), name="shape_t_padded")
        if left + right:
            mt = g.Slice(mt, g.ints([left + d], name="col0"), g.ints([left + d + S], name="col1"),
                         g.ints([3], name="cols"), name="shape_t_shifted")
        upside_down = g.Slice(m, g.ints([S - 1], name="last"), g.ints([-S - 1], name="before_first"),
                              g.ints([2], name="rows"), g.ints([-1], name="back"), name="shape_upside_down")
        # score j is the flip s = j + S - 1 - top; the plan's flips lo .. hi are kept
        scores = g.ConvInteger(mt, upside_down, name="flip_scores")                       # [1,1,top+below+1,1]
        first, last = lo - S + 1 + top, hi - S + 1 + top
        if (first, last) != (0, top + below):
            scores = g.Slice(scores, g.ints([first], name="flip0"), g.ints([last + 1], name="flip1"),
                             g.ints([2], name="rows2"), name="plan_flip_scores")
        best = g.ArgMax(scores, axis=2, keepdims=0, name="best_flip_i")                           # [1,1]: s - lo
        best32 = g.Cast(g.Reshape(best, g.ints([1], name="one_i"), name="best_flip"), to=TensorProto.INT32,
                        name="best_flip32")                                                   # [1]: s - lo
        rows = g.Add(best32, g.const(lo + top - np.arange(S, dtype=np.int32), name="lo_top_less_r"),
                     name="turn_rows")                                                        # [S]: s + top - r
        turned = g.Gather(mt, rows, axis=2, name="turned")                                    # [1,1,S,S]
        both = g.Concat(m, turned, axis=1, name="shape_turned")                                  # [1,2,S,S]
        w = np.zeros((10, 2, 1, 1), np.int8)
        bias = np.zeros(10, np.int32)
        w[p["shape"], 0] = 1
        w[0, :, 0, 0], bias[0] = -1, -1
        w[p["paint"], :, 0, 0], bias[p["paint"]] = (-1, 1), -1
        one = g.const(np.float32(1), name="one")
        return g.model(g.QLinearConv(both, one, g.const(np.uint8(1), name="zp1"), g.const(w, name="classes_w"), one,
                                     g.const(np.int8(0), name="zp_w"), one, g.const(np.uint8(0), name="zp_y"),
                                     g.const(bias, name="classes_b"), pads=[0, 0, N - S, N - S]))

    def _build_turns(self, paint, S):
        """The leaner corner graph (see the module docstring)."""
        g = Graph()
        tap = np.zeros((1, 10, 2, 2), np.float32)
        tap[0, :, 0, 0] = np.arange(10) + 1                         # colour + 1, 0 outside the grid
        base = g.Conv(g.input, g.const(tap, name="code_tap"), dilations=[N - S, N - S], name="colour_code")
        coloured = g.floats([1.5], name="coloured")
        shape_b = g.Greater(base, coloured, name="shape_b")                                  # [1,1,S,S]
        ends = {}
        for axis, label in ((2, "row"), (3, "col")):
            top = g.ReduceMax(base, axes=[0, 5 - axis], keepdims=0, name=f"top_code_{label}s")        # [1,S]
            prof = g.Cast(g.Greater(top, coloured, name=f"shape_{label}s_b"), to=1, name=f"shape_{label}s")
            ends[axis] = tuple(g.ArgMax(prof, axis=1, keepdims=1, name=f"{label}_{end}", **last)       # [1,1]
                               for end, last in (("lo", {}), ("hi", {"select_last_index": 1})))
        (r0, r1), (c0, c1) = ends[2], ends[3]
        d_a, d_b = g.Sub(r1, c1, name="d_a"), g.Sub(r0, c0, name="d_b")
        s_a, s_b = g.Add(r0, c1, name="s_a"), g.Add(r1, c0, name="s_b")
        # the [2,S] index maps in int32 (OneHot takes int32 indices and depth with float16 values)
        k32 = g.const(np.arange(S, dtype=np.int32).reshape(1, S), name="arange32")
        wrap = g.const(np.array(2 * S, np.int32), name="twice_side")
        d_pair = g.Cast(g.Concat(d_a, d_b, axis=0, name="d_pair64"), to=TensorProto.INT32, name="d_pair")
        s_pair = g.Cast(g.Concat(s_a, s_b, axis=0, name="s_pair64"), to=TensorProto.INT32, name="s_pair")
        d_idx = g.Mod(g.Add(d_pair, k32, name="d_index_raw"), wrap, name="d_index")                # [2,S]
        s_idx = g.Mod(g.Sub(s_pair, k32, name="s_index_raw"), wrap, name="s_index")                # [2,S]
        depth = g.const(np.array(S, np.int32), name="depth")
        off_on = g.const(np.array([0, 1], np.float16), name="off_on")
        shifts = g.OneHot(d_idx, depth, off_on, name="d_onehot")                                 # [2,S,S] f16
        flips = g.OneHot(s_idx, depth, off_on, name="s_onehot")                                  # [2,S,S] f16
        m16 = g.Cast(shape_b, to=TensorProto.FLOAT16, name="shape_f16")
        scores = g.Einsum(m16, m16, shifts, flips, equation="zyrc,zyab,ica,jrb->ij", name="agreements")  # [2,2]
        order = g.const(np.array([0, 3, 1, 2], np.int64), name="side_order")   # left, right, top, bottom
        flat = g.Gather(g.Reshape(scores, g.ints([4], name="four"), name="agreements_flat"), order, axis=0,
                        name="side_scores")
        best = g.ArgMax(flat, axis=0, keepdims=1, name="best_side")                                   # [1]
        best_flat = g.Gather(order, best, axis=0, name="best_flat")            # back to the [2,2] layout
        weight = g.Reshape(g.OneHot(best_flat, g.const(np.array(4, np.int64), name="four_sides"), off_on,
                                    name="best_onehot"), g.ints([2, 2], name="pair"), name="best_pair")   # [2,2]
        turns, mask = [], m16
        for q in (1, 2, 3):             # each quarter turn of the last, as in the rule
            mask = g.Einsum(weight, mask, shifts, flips, equation="ij,zyab,ica,jrb->zyrc", name=f"turn{q}")
            turns.append(mask)
        union = g.Greater(g.Sum(*turns, name="turn_sum"), g.const(np.array(0.5, np.float16), name="half16"),
                          name="turns")
        empty = g.Equal(base, g.floats([1.0], name="one"), name="empty_inside")        # background in the grid
        new = g.Pad(g.And(union, empty, name="missing"), g.ints([0, 0, 0, 0, 0, 0, N - S, N - S], name="to_canvas"),
                    name="missing_canvas")
        paint_hot = g.const((np.arange(10) == paint).astype(np.float32).reshape(1, 10, 1, 1), name="paint_hot")
        return g.model(g.Where(new, paint_hot, g.input))

    def build(self, paint, S=N):
        """The graph on the S x S corner (the whole canvas by default; see the module docstring)."""
        g = Graph()
        if S == N:
            colours, base = colour_code(g)                          # colour, -1 outside the grid
            coloured = 0.5
        else:
            tap = np.zeros((1, 10, 2, 2), np.float32)
            tap[0, :, 0, 0] = np.arange(10) + 1                     # colour + 1, 0 outside the grid
            base = g.Conv(g.input, g.const(tap, name="code_tap"), dilations=[N - S, N - S], name="colour_code")
            coloured = 1.5
        # the shape (non-background cells) is read off the code map: no second plane
        shape_b = g.Greater(base, g.floats([coloured], name="coloured"), name="shape_b")
        k = g.const(np.arange(S, dtype=np.int32), name="arange")
        ends = {}
        for axis, label in ((2, "row"), (3, "col")):
            top = g.ReduceMax(base, axes=[0, 1, 5 - axis], keepdims=0, name=f"top_code_{label}s")
            prof = g.Cast(g.Greater(top, g.floats([coloured], name="coloured"), name=f"shape_{label}s_b"), to=1,
                          name=f"shape_{label}s")
            ends[axis] = tuple(g.Cast(g.ArgMax(prof, axis=0, keepdims=1, name=f"{label}_{end}_i", **last), to=6,
                                      name=f"{label}_{end}")
                               for end, last in (("lo", {}), ("hi", {"select_last_index": 1})))
        (r0, r1), (c0, c1) = ends[2], ends[3]
        rsum, csum = g.Add(r0, r1, name="row_sum"), g.Add(c0, c1, name="col_sum")
        rhalf, chalf = g.Sub(r1, r0, name="row_half2"), g.Sub(c1, c0, name="col_half2")
        two = g.const(np.array([2], np.int32), name="two")
        centres = {
            "left": (rsum, g.Sub(g.Mul(c1, two, name="c1x2"), rhalf, name="cc_left")),
            "right": (rsum, g.Add(g.Mul(c0, two, name="c0x2"), rhalf, name="cc_right")),
            "top": (g.Sub(g.Mul(r1, two, name="r1x2"), chalf, name="rc_top"), csum),
            "bottom": (g.Add(g.Mul(r0, two, name="r0x2"), chalf, name="rc_bottom"), csum),
        }
        last = g.const(np.array([S - 1], np.int32), name="last")
        zero_i = g.const(np.array([0], np.int32), name="zero_i")

        def turn(mask, rc2, cc2, tag):
            d = g.Div(g.Sub(rc2, cc2, name=f"d2_{tag}"), two, name=f"d_{tag}")
            s = g.Div(g.Add(rc2, cc2, name=f"s2_{tag}"), two, name=f"s_{tag}")
            rows = g.Sub(s, k, name=f"src_col_{tag}")                 # index into the transposed rows
            cols = g.Add(k, d, name=f"src_row_{tag}")
            safe = []
            for idx, nm in ((rows, "a"), (cols, "b")):
                bad = g.Or(g.Less(idx, zero_i, name=f"neg_{nm}_{tag}"), g.Greater(idx, last, name=f"big_{nm}_{tag}"),
                           name=f"bad_{nm}_{tag}")
                safe.append(g.Where(bad, last, idx, name=f"safe_{nm}_{tag}"))
            flipped = g.Transpose(mask, perm=[0, 1, 3, 2], name=f"transposed_{tag}")
            return g.Gather(g.Gather(flipped, safe[0], axis=2, name=f"turn_rows_{tag}"), safe[1], axis=3,
                            name=f"turn_{tag}")

        scores, rcs, ccs = [], [], []
        for side in SIDES:
            rc2, cc2 = centres[side]
            rcs.append(rc2)
            ccs.append(cc2)
            agree = g.Cast(g.And(shape_b, turn(shape_b, rc2, cc2, side), name=f"agree_{side}"),
                           to=TensorProto.FLOAT, name=f"agree_f_{side}")
            scores.append(g.Reshape(g.ReduceSum(agree, keepdims=0, name=f"score_{side}"), g.ints([1], name="flat1"),
                                    name=f"score1_{side}"))
        best = g.ArgMax(g.Concat(*scores, axis=0, name="scores"), axis=0, keepdims=1, name="best_side")
        rc2 = g.Gather(g.Concat(*rcs, axis=0, name="row_centres"), best, axis=0, name="row_centre2")
        cc2 = g.Gather(g.Concat(*ccs, axis=0, name="col_centres"), best, axis=0, name="col_centre2")
        t1 = turn(shape_b, rc2, cc2, "q1")
        t2 = turn(t1, rc2, cc2, "q2")
        t3 = turn(t2, rc2, cc2, "q3")
        union = g.Or(g.Or(t1, t2, name="half_turns"), t3, name="turns")
        new = g.And(union, g.Not(shape_b, name="empty"), name="missing")
        if S < N:                  # code = colour + 1 inside the grid, 0 outside
            new = g.And(new, g.Greater(base, g.const(np.array([0.5], np.float32), name="half"), name="inside"),
                        name="missing_inside")
            code = g.Where(new, g.const(np.uint8(paint + 1), name="paint"), g.Cast(base, to=TensorProto.UINT8,
                                                                                  name="code_u8"), name="code")
            code = g.Pad(code, g.ints([0, 0, 0, 0, 0, 0, N - S, N - S], name="to_canvas"), name="code_canvas")
            return g.model(g.Equal(code, g.const(np.arange(1, 11, dtype=np.uint8).reshape(1, 10, 1, 1))))
        new = g.And(new, g.Greater(base, g.const(np.array([-0.5], np.float32), name="minus_half"), name="inside"),
                    name="missing_inside")
        code = g.Where(new, g.const(np.array([float(paint)], np.float32), name="paint"), base, name="code")
        return g.model(g.Equal(code, colours))
