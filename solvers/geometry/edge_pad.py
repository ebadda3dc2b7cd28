"""The grid grows by k cells on every side, each new cell repeating the nearest edge cell; the corner
blocks either repeat the corner cell or are background.

The map is separable except at the corners, so one Einsum writes the output as a sum of two terms:
rows x cols x input (edge replication everywhere) plus, on the corner blocks only, a colour mix that
turns the repeated corner colour into background. The row / column matrices are built from the
grid's size at run time (Clip of the shifted index), so any size works.

Code variant (`code`): for grids no larger than the examples', the grown grid as a one-byte colour + 1 code
cut by two Gathers out of the corner's code plane, decoded by one QLinearConv into `output`.

Conv variant (`conv`, k = 1, grids no larger than the examples'): per cell of the corner three features
(k, k^2, 1) of its code k = colour + 1 (0 off the grid), and one padded 3x3 Conv writes `output`. Per tap
4 c' k - 2 k^2 + (1 - 2 c'^2) is 1 where the tap shows colour c' (code c'), 0 off the grid and at most -1
(at least -161) elsewhere; the taps are weighted by priority, M^2 for the cell one line up and left (the
inner copy), M for a tap one line up or left (the edge copies), 1 for the rest, M so large that the most
important tap on the grid decides. A corner block sees one weight-1 tap only: a bias of -1 turns it off in
every colour, and (corners "bg") channel 0 gets a bonus on the weight-1 taps' presence that an edge or inner
cell's much heavier evidence outweighs.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_graph import corner_plane
from .._common_grids import N
from ..local._code_decode import decode_code


def edge_pad(grid, k, corners):
    if max(grid.shape) + 2 * k > N:
        return None
    out = np.pad(grid, k, mode="edge")
    if corners == "bg":
        h, w = out.shape
        for rs in (slice(0, k), slice(h - k, h)):
            for cs in (slice(0, k), slice(w - k, w)):
                out[rs, cs] = 0
    return out


class EdgePad(Solver, name="edge_pad", tasks=("task114",), refuses="task003", aliases=("c2_edge_pad",)):
    """Output = the input grown by k cells on every side, the new cells repeating the nearest edge cell (corner blocks
    repeat the corner or are background)."""

    def plans(self, examples):
        i0, o0 = examples[0]
        k2 = o0.shape[0] - i0.shape[0]
        if k2 > 0 and k2 % 2 == 0 and o0.shape[1] - i0.shape[1] == k2:
            yield k2 // 2, "bg"
            yield k2 // 2, "edge"

    def rule(self, plan, grid):
        return edge_pad(grid, *plan)

    def candidates(self, examples):
        plan = self.fit(examples)
        if plan is None:
            return
        yield self.name, self.build(plan)
        hs = [i.shape[0] for i, _ in examples]
        ws = [i.shape[1] for i, _ in examples]
        if max(max(hs), max(ws)) + 2 * plan[0] <= N:
            yield f"{self.name}:small", self.build_small(plan, (min(hs), max(hs)), (min(ws), max(ws)))
            yield f"{self.name}:code", self.build_code(plan, max(hs), max(ws))
            if plan[0] == 1:
                yield f"{self.name}:conv", self.build_conv(plan, max(hs), max(ws))

    @staticmethod
    def _maps(k, lo, hi):
        """[2 terms, hi-lo+1 presence rows, 30 out, hi in]: the line map for the smallest size, then the change
        each further present line makes (so the sizes telescope: map(h) = sum over present lines)."""
        def one(n):
            m = np.zeros((2, N, hi), np.float32)
            for i in range(n + 2 * k):
                m[0, i, min(max(i - k, 0), n - 1)] = 1
                if i < k or i >= n + k:
                    m[1, i, min(max(i - k, 0), n - 1)] = 1
            return m
        steps = [one(lo)] + [one(n) - one(n - 1) for n in range(lo + 1, hi + 1)]
        return np.stack(steps, axis=1)

    def build_small(self, plan, hr, wr):
        """Variant for grids no larger than the examples' (the build checks it on fresh ones): one Einsum reads
        the input's top-left box and writes `output`; its row / column maps are mixed from per-size tables by
        the presence of the rows (column 0) and columns (row 0) that set the size."""
        k, corners = plan
        g = Graph()
        axes = g.ints([1, 2, 3], name="axes")
        box = g.Slice(g.input, g.ints([0, 0, 0], name="box_lo"), g.ints([10, hr[1], wr[1]], name="box_hi"), axes,
                      name="box")
        rows = g.Slice(g.input, g.ints([0, hr[0] - 1, 0], name="rows_lo"), g.ints([10, hr[1], 1], name="rows_hi"),
                       axes, name="row_presence")
        cols = g.Slice(g.input, g.ints([0, 0, wr[0] - 1], name="cols_lo"), g.ints([10, 1, wr[1]], name="cols_hi"),
                       axes, name="col_presence")
        mix = np.zeros((2, 10, 10), np.float32)
        mix[0] = np.eye(10)
        if corners == "bg":
            mix[1] = -np.eye(10)
            mix[1, 0, :] += 1
        else:
            mix = mix[:1]
        rmap, cmap = self._maps(k, *hr)[:len(mix)], self._maps(k, *wr)[:len(mix)]
        return g.model(g.Einsum(box, rows, cols, g.const(rmap, name="row_maps"), g.const(cmap, name="col_maps"),
                                g.const(mix, name="mix"), equation="bchw,bdtz,beyu,stih,sujw,skc->bkij"))

    def build_code(self, plan, H, W):
        """Variant for grids no larger than H x W (the build checks it on fresh ones), one byte a cell: the
        corner's colour + 1 code (a dilated Conv), padded by one empty line; its extent h, w (ArgMin of the line
        presence: the first empty line); two Gathers at lines clip(i - k, 0, h - 1) (the empty line past the
        answer) write the grown code, corner blocks set to the background's code; one QLinearConv decodes it."""
        k, corners = plan
        g = Graph()
        u8 = 2
        code = g.Cast(corner_plane(g, np.arange(1, 11), (H, W), "code_f"), to=u8, name="code")
        padded = g.Pad(code, g.ints([0, 0, 0, 0, 0, 0, 1, 1], name="empty_line"), name="code_padded")

        def sources(axis, n, tag):
            """(int32 [n+2k] source lines, bool [n+2k] corner-block lines) along axis 2 or 3."""
            presence = g.ReduceMax(padded, axes=[0, 1, 5 - axis], keepdims=0, name=f"{tag}_presence")   # [n+1]
            size = g.Cast(g.ArgMin(presence, axis=0, keepdims=1, name=f"{tag}_size_i64"), to=6,
                          name=f"{tag}_size")                                                          # [1] int32
            i = np.arange(n + 2 * k)
            lines = lambda v, name: g.const(np.asarray(v, np.int32), name=name)
            inner = g.Min(lines(np.maximum(i - k, 0), f"{tag}_from_edge"),
                          g.Sub(size, lines([1], "one_line"), name=f"{tag}_last"), name=f"{tag}_inner")
            tail = g.Add(size, lines([k], "pad_width"), name=f"{tag}_tail")                           # h + k
            answer = g.Less(lines(i, f"{tag}_lines"), g.Add(tail, lines([k], "pad_width"), name=f"{tag}_end"),
                            name=f"{tag}_in_answer")
            src = g.Where(answer, inner, lines([n], f"{tag}_empty"), name=f"{tag}_src")
            head = g.const(i < k, name=f"{tag}_head")
            block = g.Or(head, g.And(g.GreaterOrEqual(lines(i, f"{tag}_lines"), tail, name=f"{tag}_after"),
                                     answer, name=f"{tag}_tail_block"), name=f"{tag}_block")
            return src, block

        rsrc, rblock = sources(2, H, "row")
        csrc, cblock = sources(3, W, "col")
        grown = g.Gather(g.Gather(padded, rsrc, axis=2, name="grown_rows"), csrc, axis=3, name="grown")
        if corners == "bg":
            corner = g.And(g.Reshape(rblock, g.ints([-1, 1], name="as_column"), name="row_block_col"), cblock,
                           name="corner_block")
            grown = g.Where(corner, g.const(np.uint8(1), name="background_code"), grown, name="cornered")
        return g.model(decode_code(g, grown, (H + 2 * k, W + 2 * k)))

    def build_conv(self, plan, H, W):
        """See the module docstring: (k, k^2, 1) features of the H x W corner (one cropping ConvTranspose) and one
        priority-weighted 3x3 Conv, padded to the canvas, writes `output` (k = 1 only)."""
        _, corners = plan
        g = Graph()
        code = np.arange(1, 11, dtype=np.float64)
        features = corner_plane(g, np.stack([code, code ** 2, np.ones(10)]), (H, W), "features")   # [1,3,H,W]
        worst = 2 * 9 ** 2 - 1                       # the most negative tap value, 1 - 2 (k - c')^2
        m = 4 * worst + 8                            # M^2 outweighs 4 M + 4 taps of -worst, with margin
        line = np.array([1.0, m, 1.0])               # kernel offsets -2, -1, 0: far edge copy, inner copy, near edge
        taps = np.outer(line, line)                  # [3,3] priority weights
        weights = np.zeros((10, 3, 3, 3))
        for c in range(10):
            weights[c] = np.array([4 * code[c], -2.0, 1 - 2 * code[c] ** 2])[:, None, None] * taps
        bias = np.full(10, -1.0)
        if corners == "bg":
            weights[0, 2][[0, 0, 2, 2], [0, 2, 0, 2]] += worst + 8          # presence on the weight-1 taps
            bias[0] = 0.0
        else:
            bias[:] = 0.0                            # the corner keeps its one tap's colour
        return g.model(g.Conv(features, g.const(weights.astype(np.float32), name="priority_kernel"),
                              g.const(bias.astype(np.float32), name="corner_bias"), pads=[2, 2, N - H, N - W]))

    def build(self, plan):
        k, corners = plan
        g = Graph()
        index = g.const(np.arange(N, dtype=np.float32), name="index")
        zero = g.const(np.float32(0))
        one = g.const(np.float32(1))

        def lines(axes, tag):
            """[2,30 out,30 in]: the replicating map, and the same map on the corner lines only."""
            n = g.ReduceSum(g.ReduceMax(g.input, axes=axes, keepdims=0, name=f"{tag}_any"), keepdims=0,
                            name=f"{tag}_size")                                              # []
            src = g.Clip(g.Sub(index, g.const(np.float32(k)), name=f"{tag}_shifted"), zero,
                         g.Sub(n, one, name=f"{tag}_last"), name=f"{tag}_source")            # [30]
            valid = g.Less(index, g.Add(n, g.const(np.float32(2 * k)), name=f"{tag}_out_size"), name=f"{tag}_valid")
            inner = g.And(g.Not(g.Less(index, g.const(np.float32(k)), name=f"{tag}_head"), name=f"{tag}_after_head"),
                          g.Less(index, g.Add(n, g.const(np.float32(k)), name=f"{tag}_tail_start"),
                                 name=f"{tag}_before_tail"), name=f"{tag}_inner")
            outer = g.And(valid, g.Not(inner, name=f"{tag}_not_inner"), name=f"{tag}_outer")
            none = g.const(np.float32(-1), name="no_source")
            full = g.Where(valid, src, none, name=f"{tag}_src_full")
            edge = g.Where(outer, src, none, name=f"{tag}_src_edge")
            both = g.Unsqueeze(g.Concat(g.Unsqueeze(full, axes=[0], name=f"{tag}_s0"),
                                        g.Unsqueeze(edge, axes=[0], name=f"{tag}_s1"), axis=0, name=f"{tag}_srcs"),
                               axes=[2], name=f"{tag}_srcs3")                                  # [2,30,1]
            both = g.Equal(both, index, name=f"{tag}_maps_b")                                 # [2,30,30]
            return g.Cast(both, to=1, name=f"{tag}_maps")

        rows = lines([1, 3], "row")
        cols = lines([1, 2], "col")
        mix = np.zeros((2, 10, 10), np.float32)       # [term, out colour, in colour]
        mix[0] = np.eye(10)
        if corners == "bg":
            mix[1] = -np.eye(10)
            mix[1, 0, :] += 1
        return g.model(g.Einsum(g.input, g.const(mix, name="mix"), rows, cols, equation="bchw,skc,sih,sjw->bkij"))
