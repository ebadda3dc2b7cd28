"""A small grid is a periodic tiling with a rectangular hole of background cells; the output is what the
tiling holds inside the hole.

Graph, on the small top-left corner: per candidate period (p, q), class colour counts of colours 1..9 by one
Einsum of the input with residue matrices (zero beyond the corner, so no cropped copy of the input is
stored); the first period (by area) whose classes each hold one colour fills the corner, and two
0/1 selections built from the hole's bounding box crop it into the output.

Cheaper variant for outputs of at most B x B cells, B the largest output side of the examples (fitted on
train and arc-gen, so B is the generator's: task394's holes are at most 3 x 3; exact for every hole within
it, and the build keeps it only if it passes the fresh examples too): the selections are [B,S], the hole's
code [B,B], cast to uint8 (colour + 1, 0 outside the hole) and padded to the canvas before the last Equal.

Cheapest variant (`:residues`, square grids and holes, the period fitted per grid side): one Einsum of the input
with fixed residue tables writes `output` (`build_residues`).
"""
from __future__ import annotations

import numpy as np
from onnx import TensorProto

from neurogolf.graph import Graph

from .. import Solver, corner_extent
from .._common_graph import corner_plane
from .._common_grids import N
from ..local._code_decode import decode_code

PERIODS = sorted(((p, q) for p in range(1, 4) for q in range(1, 4)), key=lambda pq: (pq[0] * pq[1], pq[0]))


def period_hole(grid):
    """The first period (by area) whose residue classes each hold one colour, read inside the hole's box."""
    holes = np.argwhere(grid == 0)
    if not len(holes):
        return None
    for p, q in PERIODS:
        table = {}
        ok = True
        for (r, c), v in np.ndenumerate(grid):
            if v and table.setdefault((r % p, c % q), v) != v:
                ok = False
                break
        if ok and len(table) == p * q:
            (r0, c0), (r1, c1) = holes.min(0), holes.max(0)
            return np.array([[table[(r % p, c % q)] for c in range(c0, c1 + 1)] for r in range(r0, r1 + 1)])
    return None


def _square_period_split(examples):
    """(side, small, large): square grids whose holes are full squares and whose tiling has square period
    `small` below the side `side` and `large` from it on (each example checked for its period); None if the
    examples admit no such split."""
    sides, periods = [], []
    for grid, _ in examples:
        h, w = grid.shape
        holes = np.argwhere(grid == 0)
        if h != w or not len(holes):
            return None
        (r0, c0), (r1, c1) = holes.min(0), holes.max(0)
        if r1 - r0 != c1 - c0 or len(holes) != (r1 - r0 + 1) ** 2:
            return None
        fits = set()
        for p in (2, 3):
            rr, cc = np.indices(grid.shape)
            ok = all(len(set(grid[(rr % p == a) & (cc % p == d) & (grid != 0)].tolist())) == 1
                     for a in range(p) for d in range(p))
            if ok:
                fits.add(p)
        sides.append(h)
        periods.append(fits)
    for side in sorted(set(sides)):
        for small in (2, 3):
            for large in (2, 3):
                if all((small if s < side else large) in f for s, f in zip(sides, periods)):
                    return side, small, large
    return None


class PeriodHoleContent(Solver, name="period_hole_content", tasks=("task394",), refuses="task065",
                        aliases=("c3_periodhole",), fit_splits=("train", "arc-gen")):
    """A periodic tiling with a hole of background cells: output = the tiling's content inside the hole."""

    def plans(self, examples):
        side = max(max(i.shape) for i, _ in examples)
        if side <= 12 and not all(i.shape == o.shape for i, o in examples):
            yield min(side + 3, N)          # the corner the graph reads

    def rule(self, S, grid):
        return period_hole(grid) if max(grid.shape) <= S else None

    def candidates(self, examples):
        S = self.fit(examples)
        if S is None:
            return
        yield self.name, self.build(S)
        B = max(max(o.shape) for _, o in examples)
        if B < N:
            yield f"{self.name}:out{B}", self.build(S, B)
            yield f"{self.name}:pools{B}", self.build_pools(S, B)
            side = max(corner_extent(examples))
            if side < S:
                yield f"{self.name}:pools{B}_crop{side}", self.build_pools(side, B)
            split = _square_period_split(examples)
            if split is not None and B <= 3:
                yield f"{self.name}:residues{B}", self.build_residues(split, B)

    def build_residues(self, split, B):
        """One Einsum of `input` writes `output`: each hole cell's colour is the count of each colour (1..9) over
        the grid cells in its residue class mod the period, read through fixed [period, residue, cell] tables.

        Holds for square grids whose period follows the side (`_square_period_split`: below a fitted side one
        square period, from it on another) and square holes of at most B x B. The hole's side b = sqrt(its
        cell count) and its first row and column = the mean - (b - 1) / 2 come from one moments Einsum; the
        residue of each of the hole's B rows (columns), (first + i) mod p, picks the class in a [2,B,3]
        one-hot kept to i < b."""
        side, small, large = split
        g = Graph()
        moments = [(0, 0, 0), (1, 0, 0), (1, 1, 0), (1, 0, 1)]         # (colours, row power, col power)
        colours = np.zeros((2, 10), np.float32)
        colours[0] = 1
        colours[1, 0] = 1
        which = np.zeros((4, 2), np.float32)
        row_pow, col_pow = np.zeros((4, 2), np.float32), np.zeros((4, 2), np.float32)
        for k, (c, rp, cp) in enumerate(moments):
            which[k, c], row_pow[k, rp], col_pow[k, cp] = 1, 1, 1
        pw = g.const(np.stack([np.ones(N), np.arange(N)]).astype(np.float32), name="powers")
        m = g.Einsum(g.input, g.const(colours, name="all_hole"), g.const(which, name="moment_colours"),
                     g.const(row_pow, name="row_powers"), pw, g.const(col_pow, name="col_powers"), pw,
                     equation="bcrs,kc,mk,mp,pr,mq,qs->mb", name="moments")                         # [4,1]
        take = lambda lo, hi, name: g.Slice(m, g.ints([lo]), g.ints([hi]), g.ints([0]), name=name)
        cells, hole_n, hole_sums = take(0, 1, "cells"), take(1, 2, "hole_cells"), take(2, 4, "hole_sums")
        b = g.Sqrt(hole_n, name="hole_side")                                                         # [1,1]
        half = g.const(np.float32(0.5), name="half")
        first = g.Sub(g.Div(hole_sums, hole_n, name="hole_mean"),
                      g.Mul(g.Sub(b, g.const(np.float32(1), name="one"), name="hole_side_m1"), half,
                            name="hole_half_span"), name="hole_first")                                 # [2,1]
        is_large = g.Greater(cells, g.const(np.float32(side * side - 0.5), name="large_cells"), name="is_large")
        period = g.Where(is_large, g.const(np.float32(large), name="large_period"),
                         g.const(np.float32(small), name="small_period"), name="period")
        pick = g.Where(g.Reshape(is_large, g.ints([1], name="flat1"), name="is_large1"),
                       g.floats([0, 1], name="large_table"), g.floats([1, 0], name="small_table"),
                       name="period_pick")                                                          # [2]
        k = np.arange(B, dtype=np.float32)
        lines = g.Add(g.Unsqueeze(first, axes=[2], name="hole_first3"), g.const(k.reshape(1, B, 1), name="offsets"),
                      name="hole_lines")                                                             # [2,B,1]
        residue = g.Mod(lines, period, fmod=1, name="hole_residues")
        klass = g.Equal(residue, g.const(np.arange(3, dtype=np.float32).reshape(1, 1, 3), name="residue_ids"),
                        name="residue_class")                                                        # [2,B,3]
        inside = g.Less(g.const(k.reshape(1, B, 1), name="offsets"), b, name="in_hole")            # [1,B,1]
        select = g.Cast(g.And(klass, inside, name="hole_class"), to=TensorProto.FLOAT, name="hole_class_f")
        res = np.zeros((2, 3, N), np.float32)                          # [small/large, residue, cell]
        for n, p in enumerate((small, large)):
            res[n, :p] = np.arange(N)[None] % p == np.arange(p)[:, None]
        res = g.const(res, name="residues")
        embed = g.const(np.eye(B, N, dtype=np.float32), name="hole_to_canvas")                      # [B,30]
        coloured = g.const(np.r_[0, np.ones(9)].astype(np.float32), name="coloured")
        return g.model(g.Einsum(g.input, coloured, res, res, pick, select, g.const(np.float32([1, 0]), name="rows"),
                                select, g.const(np.float32([0, 1]), name="cols"), embed, embed,
                                equation="bcrs,c,pAr,pBs,p,xiA,x,yjB,y,iI,jJ->bcIJ"))

    def build_pools(self, S, B):
        """The `:out` graph with the class test done by pooling one-byte codes instead of counting colours:
        a code plane of the S x S corner (colour + 1 in the grid, 1 on the hole, 0 beyond the grid) and its
        mirror (256 - code on coloured cells, 0 elsewhere); per period (p, q) one MaxPool dilated (p, q) over
        each, padded at the end to exactly p x q outputs, gives each class's largest code and 256 - its
        smallest coloured code. Their one-byte sum (mod 256) is 0 exactly when a class holds one colour (an
        uncoloured class with a hole cell sums to 1, a mixed one to its code spread), and then its largest code
        is that colour + 1. A class wholly beyond the grid also sums to 0, but then a smaller period with the
        same visible classes comes first. The first period whose classes all sum to 0 (ArgMin over the nine
        largest sums) picks its class codes and its row and column periods (three Gathers); the residues of
        the hole's rows and columns, gathered from one table by the box's first row and column, place the class
        codes in the hole.

        S is the plan's corner, or (the `_crop` variant) the largest side the task's generator draws
        (`corner_extent`: 7 for task394's); exact for every grid within it."""
        g = Graph()
        code = g.Cast(corner_plane(g, np.arange(10) + 1, (S, S), "code"), to=TensorProto.UINT8, name="code_u8")
        zero = g.const(np.uint8(0), name="zero_u8")
        coloured = g.Greater(code, g.const(np.uint8(1), name="hole_code"), name="coloured")
        hole = g.Where(coloured, zero, code, name="hole")                # 1 on the hole, 0 elsewhere [1,1,S,S]
        # hole - code: 256 - code on coloured cells, 0 on the others (their hole value is their code)
        mirror = g.Sub(hole, code, name="mirror")                                              # [1,1,S,S]
        spreads, colours = [], []
        for p, q in PERIODS:
            kr, kc = -(-S // p), -(-S // q)
            attrs = dict(kernel_shape=[kr, kc], dilations=[p, q],
                         pads=[0, 0, p * (kr - 1) - S + p, q * (kc - 1) - S + q])
            top = g.MaxPool(code, name=f"class_top_{p}{q}", **attrs)                               # [1,1,p,q]
            low = g.MaxPool(mirror, name=f"class_low_{p}{q}", **attrs)
            spread = g.Add(top, low, name=f"class_spread_{p}{q}")                                # 0: one colour
            spreads.append(g.ReduceMax(spread, axes=[1, 2, 3], keepdims=0, name=f"period_spread_{p}{q}"))  # [1]
            # the class codes padded to 3 x 3: the same pool run on to 3 x 3 outputs where its end pads stay
            # below the kernel (attributes are free, a Pad's pads are not; outputs past p x q are never read)
            ends3 = [p * (kr - 1) - S + 3, q * (kc - 1) - S + 3]
            if (p, q) == (3, 3):
                colours.append(top)
            elif ends3[0] < kr and ends3[1] < kc:
                colours.append(g.MaxPool(code, name=f"class_codes3_{p}{q}", kernel_shape=[kr, kc],
                                         dilations=[p, q], pads=[0, 0] + ends3))                # [1,1,3,3]
            else:
                colours.append(g.Pad(top, g.ints([0, 0, 0, 0, 0, 0, 3 - p, 3 - q], name=f"pad{p}{q}"),
                                     name=f"class_codes3_{p}{q}"))                              # [1,1,3,3]
        first = g.ArgMin(g.Concat(*spreads, axis=0, name="period_spreads"), axis=0, keepdims=1, name="first_valid")
        class_codes = g.Cast(g.Gather(g.Concat(*colours, axis=0, name="class_codes"), first, axis=0,
                                      name="chosen_codes"), to=TensorProto.FLOAT16, name="chosen_codes_f")  # [1,1,3,3]
        k = g.const(np.arange(B, dtype=np.int64), name="arange")
        k_col = g.const(np.arange(B, dtype=np.int64).reshape(B, 1), name="arange_col")
        res = np.zeros((3, 3, S + B - 1), np.float16)           # [period - 1, residue, cell]: every source cell
        for m in range(3):
            res[m, :m + 1] = np.arange(S + B - 1)[None] % (m + 1) == np.arange(m + 1)[:, None]
        residues = g.const(res, name="residues3")
        select, kept = [], []
        for axis, label in ((2, "row"), (3, "col")):
            prof = g.ReduceMax(hole, axes=[0, 1, 5 - axis], keepdims=0, name=f"hole_{label}s")       # [S]
            lo = g.ArgMax(prof, axis=0, keepdims=1, name=f"hole_{label}_first")
            hi = g.ArgMax(prof, axis=0, keepdims=1, select_last_index=1, name=f"hole_{label}_last")
            src = g.Add(k, lo, name=f"{label}_source")                                        # [B]
            keep = g.LessOrEqual(k_col if axis == 2 else k, g.Sub(hi, lo, name=f"{label}_span"),
                                 name=f"{label}_kept")                                  # rows [B,1], columns [B]
            kept.append(keep)
            select.append(g.Gather(residues, src, axis=2, name=f"{label}_residues"))          # [3,3,B]
        period = np.zeros((2, len(PERIODS), 3), np.float16)     # [axis, k, period - 1]
        for n, pq in enumerate(PERIODS):
            period[0, n, pq[0] - 1] = period[1, n, pq[1] - 1] = 1
        row_period, col_period = (g.Gather(g.const(period[a], name=f"{label}_period"), first, axis=0,
                                           name=f"chosen_{label}_period") for a, label in ((0, "row"), (1, "col")))
        code_out = g.Einsum(class_codes, row_period, select[0], col_period, select[1],
                            equation="yzad,km,mai,kn,ndj->yzij", name="hole_code")             # [1,1,B,B]
        inside = g.And(kept[0], kept[1], name="output_area")                                  # [B,B]
        code_out = g.Where(inside, g.Cast(code_out, to=TensorProto.UINT8, name="hole_code_u8"), zero,
                           name="code_out_u8")                                                  # [1,1,B,B]
        # the B x B code decoded straight into the canvas by one padding QLinearConv (no 10-channel Equal)
        return g.model(decode_code(g, code_out, (B, B)))

    def build(self, S, B=N):
        """The graph; its hole selections and code cover the output's B x B corner (the canvas by default)."""
        g = Graph()
        def residues(p, cells=S):
            """[p, cells]: the corner's cells (of the first S) in each residue class mod p; 0 beyond the corner."""
            res = (np.arange(cells)[None] % p == np.arange(p)[:, None]) & (np.arange(cells)[None] < S)
            return g.const(res.astype(np.float32), name=f"res{p}" if cells == S else f"res{p}_canvas")

        coloured = g.const(np.eye(10, dtype=np.float32)[:, 1:], name="coloured")              # [10,9]: colours 1..9
        values = g.const(np.arange(1, 10, dtype=np.float32), name="colour_values")
        one = g.const(np.ones(1, np.float32), name="one")
        fills, valid = [], []
        for p, q in PERIODS:
            rp, cq = residues(p), residues(q)
            counts = g.Einsum(g.input, coloured, residues(p, N), residues(q, N), equation="bchw,ce,ah,dw->ead",
                              name=f"class_counts_{p}{q}")                                       # [9,p,q]
            present = g.Cast(g.Greater(counts, g.const(np.zeros(1, np.float32), name="zero"), name=f"present_{p}{q}"),
                             to=TensorProto.FLOAT, name=f"present_f_{p}{q}")
            kinds = g.ReduceSum(present, axes=[0], keepdims=0, name=f"kinds_{p}{q}")               # [p,q]
            worst = g.ReduceMax(g.Abs(g.Sub(kinds, one, name=f"excess_{p}{q}"), name=f"off_{p}{q}"), keepdims=1,
                                axes=[0, 1], name=f"worst_{p}{q}")                                 # [1,1]
            valid.append(g.Reshape(worst, g.ints([1], name="flat1"), name=f"worst1_{p}{q}"))
            colour = g.Einsum(present, values, equation="cad,c->ad", name=f"class_colour_{p}{q}")
            if B < N:               # the class colours, padded to 3 x 3, for one Einsum over every period
                fills.append(g.Unsqueeze(g.Pad(colour, g.ints([0, 0, 3 - p, 3 - q], name=f"pad{p}{q}"),
                                               name=f"class_colour3_{p}{q}"), axes=[0], name=f"class_colour4_{p}{q}"))
                continue
            fills.append(g.Unsqueeze(g.Einsum(colour, rp, cq, equation="ad,ah,dw->hw", name=f"fill_{p}{q}"),
                                     axes=[0], name=f"fill3_{p}{q}"))
        worst = g.Concat(*valid, axis=0, name="period_errors")                                     # [K]
        first = g.ArgMin(worst, axis=0, keepdims=1, name="first_valid")                            # first minimum
        choice = g.Cast(g.Equal(g.const(np.arange(len(PERIODS), dtype=np.int64), name="period_index"), first,
                                name="chosen"), to=TensorProto.FLOAT, name="chosen_f")
        if B == N:
            filled = g.Einsum(choice, g.Concat(*fills, axis=0, name="fills"), equation="k,khw->hw", name="filled")
        hole = g.Slice(g.input, g.ints([0, 0, 0], name="origin"), g.ints([1, S, S], name="corner_end"),
                       g.ints([1, 2, 3], name="channel_spatial"), name="background")             # [1,1,S,S]
        k = g.const(np.arange(B, dtype=np.int64), name="arange")
        kS = g.const(np.arange(S, dtype=np.int64), name="arange_s")
        select, kept = [], []
        for axis, label in ((2, "row"), (3, "col")):
            prof = g.ReduceMax(hole, axes=[0, 1, 5 - axis], keepdims=0, name=f"hole_{label}s")
            lo = g.ArgMax(prof, axis=0, keepdims=1, name=f"hole_{label}_first")
            hi = g.ArgMax(prof, axis=0, keepdims=1, select_last_index=1, name=f"hole_{label}_last")
            src = g.Unsqueeze(g.Add(k, lo, name=f"{label}_source"), axes=[1], name=f"{label}_source_col")  # [30,1]
            keep = g.Not(g.Greater(k, g.Sub(hi, lo, name=f"{label}_span"), name=f"{label}_beyond"),
                         name=f"{label}_kept")                                                  # [30]
            kept.append(keep)
            select.append(g.Cast(g.And(g.Equal(src, kS, name=f"{label}_pick"),
                                       g.Unsqueeze(keep, axes=[1], name=f"{label}_kept_col"), name=f"{label}_select"),
                                 to=TensorProto.FLOAT, name=f"{label}_select_f"))               # [30,S]
        if B < N:
            res = np.zeros((3, 3, S), np.float32)                   # [period - 1, residue, cell]
            for m in range(3):
                res[m, :m + 1] = np.arange(S)[None] % (m + 1) == np.arange(m + 1)[:, None]
            period = np.zeros((2, len(PERIODS), 3), np.float32)     # [axis, k, period - 1]
            for n, pq in enumerate(PERIODS):
                period[0, n, pq[0] - 1] = period[1, n, pq[1] - 1] = 1
            code = g.Einsum(choice, g.Concat(*fills, axis=0, name="class_colours"),
                            g.const(period[0], name="row_period"), g.const(res, name="residues3"),
                            g.const(period[1], name="col_period"), g.const(res, name="residues3"), select[0], select[1],
                            equation="k,kad,km,mar,kn,nds,ir,js->ij", name="hole_code")
        else:
            code = g.Einsum(select[0], filled, select[1], equation="ir,rs,js->ij", name="hole_code")
        inside = g.And(g.Unsqueeze(kept[0], axes=[1], name="rows_kept"), kept[1], name="output_area")
        if B < N:          # colour + 1 inside the hole's box, 0 outside, as uint8 padded to the canvas
            code = g.Where(inside, g.Add(code, one, name="code_plus_one"), g.const(np.zeros(1, np.float32),
                                                                                     name="zero"), name="code")
            code = g.Cast(g.Reshape(code, g.ints([1, 1, B, B], name="code_shape"), name="code4"),
                          to=TensorProto.UINT8, name="code_u8")
            code = g.Pad(code, g.ints([0, 0, 0, 0, 0, 0, N - B, N - B], name="to_canvas"), name="code_canvas")
            return g.model(g.Equal(code, g.const(np.arange(1, 11, dtype=np.uint8).reshape(1, 10, 1, 1),
                                                 name="codes")))
        code = g.Where(inside, code, g.const(np.array([-1], np.float32), name="outside"), name="code")
        return g.model(g.Equal(code, g.const(np.arange(10, dtype=np.float32).reshape(1, 10, 1, 1), name="colours")))
