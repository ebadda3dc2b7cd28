"""Crop and scale: the bounding box of the coloured cells, each cell blown up to a kr x kc block.

Per axis the count of coloured cells per line gives each line its 1-based rank inside the box (0
outside); output line j shows box line j // k + 1, so Equal(rank, that constant) is the 0/1 line
matrix, and one Einsum input x rows x cols writes the output (with a swap matrix when the box's two
colours trade places). Fixed-size grids are sliced first so
the matrices are only as wide as the grid.

Cheaper window variant, for outputs no larger than the largest output many examples reach (the generator's
bound: 6 x 6 for task290, 8 x 10 for task384): per axis the box's first line (ArgMax of the line mask) gives
each of the cap / k box lines the window shows its source line, OneHot makes the [cap / k, n] pick (n the fixed
grid side, else the generator's bound on the input (`corner_extent`: 15 for task290), else 30) and a fixed
[30, cap / k] matrix blows each line up k times onto the canvas; one Einsum of the input, the picks and a colour
map (fg; with `swap`, the two present colours traded) writes `output`. Lines read past the box hold only
background, which the colour map drops. It equals the rule on every grid whose output fits the window (and, for
the input window, whose input fits it: the rule answers None otherwise). Its strided form keeps the (k, k^2)
code map at the box's resolution and lets one ConvTranspose of stride (kr, kc) blow it up and decode it.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver, corner_extent
from .._common_grids import fixed_shape, output_bound
from ._boxes import box_of, box_rank


def crop_scale(grid, kr, kc, swap=False):
    """The scaled box; with `swap`, a box of exactly two colours (no background) has them exchanged."""
    box = box_of(grid, grid != 0)
    if box is None:
        return None
    if swap:
        pair = np.unique(box)
        if len(pair) != 2 or pair[0] == 0:
            return None
        box = np.where(box == pair[0], pair[1], pair[0])
    out = np.repeat(np.repeat(box, kr, 0), kc, 1)
    return out if max(out.shape) <= 30 else None


def nested_squares(box) -> bool:
    """Whether the box is an S x S square of one colour around a centred t x t square of another that has fewer
    cells (S - t even, t >= 1): what the nested-squares graph assumes."""
    if box is None or box.shape[0] != box.shape[1]:
        return False
    s = box.shape[0]
    colours, counts = np.unique(box, return_counts=True)
    if len(colours) != 2 or colours[0] == 0 or counts.min() * 2 >= s * s:
        return False
    t = int(round(np.sqrt(counts.min())))
    lo = (s - t) // 2
    if t * t != counts.min() or (s - t) % 2:
        return False
    inner = colours[counts.argmin()]
    return bool((box[lo:lo + t, lo:lo + t] == inner).all())


class CropScale(Solver, name="crop_scale", tasks=("task290", "task384"), refuses="task039",
                aliases=("c2_crop_scale",), fit_splits=("train", "test", "arc-gen")):
    """Output = the bounding box of the input's coloured cells, scaled up by a fixed integer factor per axis (each cell
    becomes a kr x kc block), maybe with its two colours swapped."""

    def plans(self, examples):
        if all(i.shape == o.shape for i, o in examples):
            return
        i0, o0 = examples[0]
        box = crop_scale(i0, 1, 1)
        if box is None or o0.shape[0] % box.shape[0] or o0.shape[1] % box.shape[1]:
            return
        kr, kc = o0.shape[0] // box.shape[0], o0.shape[1] // box.shape[1]
        shown = set(np.unique(np.concatenate([i.ravel() for i, _ in examples]))) - {0}
        colour = int(shown.pop()) if len(shown) == 1 else None       # the one foreground colour every input shows
        for swap in (False, True):
            if (kr, kc, swap) != (1, 1, False):
                yield kr, kc, swap, fixed_shape(examples), None if swap else colour

    def rule(self, plan, grid):
        kr, kc, swap, shape, colour = plan
        if shape is not None and (grid.shape[0] > shape[0] or grid.shape[1] > shape[1]):
            return None                 # the graph reads only the corner the examples fill
        if colour is not None and not np.isin(grid, (0, colour)).all():
            return None                 # the one-colour graph decodes only that colour
        return crop_scale(grid, kr, kc, swap)

    def candidates(self, examples):
        """The graph sliced to the one input shape (when there is one), and the full-canvas one."""
        plan = self.fit(examples)
        if plan is None:
            return
        shape = plan[3]
        if shape is not None:
            yield self.name + "_crop", self.build(plan)
        yield self.name, self.build((*plan[:3], None, plan[4]))
        cap = output_bound(examples)
        if plan[:3] == (1, 1, True) and all(nested_squares(box_of(i, i != 0)) for i, _ in examples):
            yield self.name + "_nested_squares", self._build_nested_squares(cap)
        if cap is not None:
            yield self.name + "_window", self._build_window(plan, cap)
            if plan[0] * plan[1] > 1:
                yield self.name + "_window_strided", self._build_window(plan, cap, strided=True)
                if plan[4] is not None:
                    yield self.name + "_window_strided_one", self._build_window(plan, cap, strided=True, one=True)
            if shape is None:     # inputs of many sizes: read only the corner the generator can fill
                bound = corner_extent(examples)
                if bound != (30, 30):
                    yield self.name + "_window_in", self._build_window((*plan[:3], bound, plan[4]), cap)

    def _build_nested_squares(self, cap):
        """The swap for a box that is an S x S square of colour B holding a centred t x t square of colour A (B
        the colour with more cells): the answer depends only on S, t and the two colours, so nothing is shifted.
        Per colour the count m (background weighted 0) gives T = S^2 = sum m, t^2 = T - max m, and the sign of
        u = m (m - T/2): < 0 for A, > 0 for B, 0 for absent colours. Per output line i, R = [i < S] and
        I = [|2i+1-S| < t] (both as (2i+1-S)^2 - T < [0, t^2 - T]) on the `cap` lines the generator fills, padded to 30;
        one Einsum writes u[c] (2 I_i I_j - R_i R_j): A on the ring, B in the hole, 0 outside the box."""
        g = Graph()
        fg = np.ones(10, np.float32)
        fg[0] = 0
        count = g.Einsum(g.input, g.const(fg, name="fg"), equation="bchw,c->bc", name="colour_count")  # [1,10]
        n = cap[0] if cap is not None else 30
        # float16 holds every value below exactly (counts <= 900, and |(2i+1)^2 - 2S(2i+1)| <= 2048 for n <= 16)
        dtype = np.float16 if n <= 16 else np.float32
        if dtype == np.float16:
            count = g.Cast(count, to=10, name="colour_count_f16")
        total = g.ReduceSum(count, keepdims=1, name="box_area")                                 # [1,1] S^2
        ring = g.ReduceMax(count, keepdims=1, name="ring_area")                                # [1,1] S^2 - t^2
        side = g.Sqrt(total, name="side")                                                      # [1,1] S
        odd = (2 * np.arange(n) + 1).astype(dtype).reshape(1, n)
        # (2i+1-S)^2 - S^2 = (2i+1)^2 - 2S(2i+1): one Gemm; R where it is < 0, I where it is < t^2 - S^2
        level = g.Gemm(side, g.const(-2 * odd, name="odd_lines_x-2"), g.const(odd * odd, name="odd_lines_sq"),
                       name="off_centre_level")                                                # [1,n]
        bounds = g.Mul(ring, g.const(np.asarray([[0], [-1]], dtype), name="zero_minus"), name="bounds")
        inside = g.Less(level, bounds, name="inside")                                          # [2,n] R; I
        lines = g.Cast(inside, to=10 if dtype == np.float16 else 1, name="lines")
        if n < 30:
            lines = g.Pad(lines, g.ints([0, 0, 0, 30 - n]), name="lines_30")                   # [2,30]
        side_half = g.Mul(total, g.const(dtype(0.5), name="half"), name="half_area")
        sign = g.Sub(count, side_half, name="over_half")                                       # [1,10] m - T/2
        return g.model(g.Einsum(count, sign, g.const(np.asarray([-1, 2], dtype), name="ring_hole"), lines,
                                lines, equation="bc,bc,k,ki,kj->bcij"))

    def _build_window(self, plan, cap, strided=False, one=False):
        """See the module docstring: [cap / k, n] picks by OneHot from the box's first line. Plain: one Einsum
        writes `output`, each pick behind a fixed [30, cap / k] matrix that blows its lines up k times and places
        them on the canvas, the colours mapped by fg (or, with `swap`, present x present x the fg off-diagonal);
        lines read past the box are background, which neither map keeps. `strided`: the (k, k^2) code map stays
        at the box's resolution, lines past the box read nowhere, and one ConvTranspose of stride (kr, kc), whose
        kernel repeats each channel's decoding line over the kr x kc block, both blows it up and decodes it into
        `output` (its negative end pads reach the 30 x 30 canvas; cells no box cell reaches hold the bias alone,
        <= -1). `one` (inputs of one foreground colour): the map holds one signed code, -1 background and +1
        that colour (0 past the box), which the kernel decodes linearly: half the map and kernel."""
        kr, kc, swap, shape, colour = plan
        h, w = shape if shape is not None else (30, 30)
        g = Graph()
        fg = np.ones(10, np.float32)
        fg[0] = 0
        picks = []
        for tag, k, n, c, axis in (("row", kr, h, cap[0], "h"), ("col", kc, w, cap[1], "w")):
            if n < 30:      # a fixed grid: its n lines read through an [n,30] identity, folded into the pick
                crop = g.const(np.eye(n, 30, dtype=np.float32), name=f"grid_{n}")
                count = g.Einsum(g.input, g.const(fg, name="fg"), crop, equation=f"bchw,c,a{axis}->ba",
                                 name=f"{tag}_count")                                              # [1,n]
            else:
                crop = None
                count = g.Einsum(g.input, g.const(fg, name="fg"), equation=f"bchw,c->b{axis}", name=f"{tag}_count")
            seen = g.Cast(g.Greater(count, g.const(np.float32(0.5), name="half"), name=f"{tag}_has"), to=2,
                          name=f"{tag}_seen")
            # float line numbers (exact; 4 bytes where int64 takes 8): OneHot reads float indices
            first = g.Cast(g.ArgMax(seen, axis=1, keepdims=0, name=f"{tag}_first_i"), to=1, name=f"{tag}_first")
            m = -(-c // k)                       # the box lines the window shows; each fills k output lines
            src = g.Add(first, g.const(np.arange(m, dtype=np.float32), name=f"{tag}_step"), name=f"{tag}_src")
            if strided:                          # lines past the box read nowhere
                last = g.Cast(g.ArgMax(seen, axis=1, keepdims=0, select_last_index=1, name=f"{tag}_last_i"), to=1,
                              name=f"{tag}_last")                                                    # [1]
                src = g.Where(g.Greater(src, last, name=f"{tag}_beyond"), g.const(np.float32(100), name="far"),
                              src, name=f"{tag}_index")                                                # [m]
            pick = g.OneHot(src, g.const(np.float32(n), name=f"depth{n}"),
                            g.const(np.asarray([0, 1], np.float32), name="off_on"), name=f"{tag}_pick")  # [m,n]
            line = "a" if axis == "h" else "x"          # the pick's source index: a grid line, then canvas h/w
            box, out = ("p", "i") if axis == "h" else ("q", "j")
            ops, eq = [pick], f"{box}{line if n < 30 else axis}"
            if n < 30:
                ops, eq = ops + [crop], f"{eq},{line}{axis}"
            if not strided:                    # output line -> box line: k copies of each, on the 30-line canvas
                blow = np.zeros((30, m), np.float32)
                blow[np.arange(c), np.arange(c) // k] = 1
                ops, eq = [g.const(blow, name=f"{tag}_blow_up")] + ops, f"{out}{box},{eq}"
            else:
                eq = eq.replace(box, out, 1)
            picks.append((ops, eq))
        (ops_r, eq_r), (ops_c, eq_c) = picks
        if not strided:
            if swap:    # the box's two colours trade places: present x present off the diagonal, fg only
                present = g.ReduceMax(g.input, axes=[2, 3], keepdims=0, name="colour_present")      # [1,10]
                trade = g.const((np.outer(fg, fg) - np.diag(fg)).astype(np.float32), name="fg_off_diagonal")
                return g.model(g.Einsum(g.input, present, present, trade, *ops_r, *ops_c,
                                        equation=f"bchw,bk,bc,kc,{eq_r},{eq_c}->bkij"))
            return g.model(g.Einsum(g.input, g.const(fg, name="fg"), *ops_r, *ops_c,
                                    equation=f"bchw,c,{eq_r},{eq_c}->bcij"))
        mr, mc = -(-cap[0] // kr), -(-cap[1] // kc)
        pads = [0, 0, kr * mr - 30, kc * mc - 30]
        if one:     # background -1, the colour +1: channel 0 reads -code, the colour's channel +code, both - 1/2
            sign = np.zeros(10, np.float32)
            sign[0], sign[colour] = -1, 1
            value = g.Einsum(g.input, g.const(sign.reshape(1, 10), name="signed_code"), *ops_r, *ops_c,
                             equation=f"bchw,vc,{eq_r},{eq_c}->bvij", name="box_code")              # [1,1,mr,mc]
            kernel = np.repeat(sign.reshape(1, 10, 1, 1), kr, 2).repeat(kc, 3)
            bias = np.where(sign != 0, -0.5, -1).astype(np.float32)
            return g.model(g.ConvTranspose(value, g.const(kernel, name="sign_blocks"),
                                           g.const(bias, name="sign_bias"), strides=[kr, kc], pads=pads))
        if swap:   # a cell's code + 1 becomes the other colour's: (sum of both codes) - its own. Every window
            # cell the picks keep is a box cell of one of the two colours, so no colour needs a presence factor
            present = g.ReduceMax(g.input, axes=[2, 3], keepdims=0, name="colour_present")          # [1,10]
            total = g.Einsum(present, g.const(fg * np.arange(1, 11, dtype=np.float32), name="fg_codes"),
                             equation="bc,c->b", name="code_sum")                                # [1]
            code = g.Sub(total, g.const(np.arange(1, 11, dtype=np.float32).reshape(1, 10), name="codes_row"),
                         name="swap_code")                                                       # [1,10]
            pair = g.Concat(code, g.Mul(code, code, name="swap_square"), axis=0, name="swap_pair")  # [2,10]
        else:
            codes = np.arange(1, 11, dtype=np.float32)
            pair = g.const(np.stack([codes, codes * codes]), name="code_pair_lines")
        value = g.Einsum(g.input, pair, *ops_r, *ops_c, equation=f"bchw,vc,{eq_r},{eq_c}->bvij",
                         name="box_pair")                                                         # [1,2,mr,mc]
        c = np.arange(1, 11, dtype=np.float32)
        kernel = np.zeros((2, 10, kr, kc), np.float32)
        kernel[0] = (4 * c).reshape(10, 1, 1)
        kernel[1] = -2
        return g.model(g.ConvTranspose(value, g.const(kernel, name="colour_blocks"),
                                       g.const(1 - 2 * c * c, name="colour_bias"), strides=[kr, kc], pads=pads))

    def build(self, plan):
        kr, kc, swap, shape, _ = plan
        h, w = shape if shape is not None else (30, 30)
        g = Graph()
        grid = g.input
        if shape is not None:
            grid = g.Slice(g.input, g.ints([0, 0]), g.ints([h, w]), g.ints([2, 3]), name="grid")
        fg = np.ones((1, 10), np.float32)
        fg[0, 0] = 0

        def lines(eq, k, tag):
            counts = g.Einsum(grid, g.const(fg, name="fg"), equation=eq, name=f"{tag}_count")   # [1,1,n]
            rank = box_rank(g, counts, 2, tag)
            source = g.const((np.arange(30) // k + 1).astype(np.float32).reshape(30, 1), name=f"{tag}_source")
            return g.Cast(g.Equal(rank, source, name=f"{tag}_onehot"), to=1, name=f"{tag}_shift")  # [1,30,n]

        rows = lines("bchw,xc->bxh", kr, "row")
        cols = lines("bchw,xc->bxw", kc, "col")
        if not swap:
            return g.model(g.Einsum(grid, rows, cols, equation="bchw,xih,yjw->bcij"))
        # the two colours present: each maps to the other (P P^T - diag P), background to nothing
        present = g.Mul(g.ReduceMax(grid, axes=[2, 3], keepdims=0, name="colour_present"), g.const(fg),
                        name="fg_present")                                                    # [1,10]
        both = g.Einsum(present, present, equation="xk,xc->kc", name="pair")
        mix = g.Sub(both, g.Mul(present, g.const(np.eye(10, dtype=np.float32)), name="self"), name="swap")
        return g.model(g.Einsum(grid, mix, rows, cols, equation="bchw,kc,xih,yjw->bkij"))
