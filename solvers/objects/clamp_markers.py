"""Clamp markers: every marker cell moves to the block's ring (offset 1) or onto the block's own edge
(offset 0), to its clamped position (row clipped into [top-off, bottom+off], column likewise), keeping
its colour; the original marker either stays or turns black.

Graph: the block's first row/column (ArgMax) and extent (count) give Clip bounds; Equal of each row
index with the clipped marker rows is the row selector, likewise for columns; Einsums move the marker
count and colour code, and one Equal of a per-cell colour code against channel codes writes the output.

Cheaper variant when every example shares one grid shape H x W (the generators of tasks 035 and 250 draw
10 x 10 grids only): the same graph on the H x W window (the Einsums read it through [H,30] / [W,30]
identity rows), the selectors [H,H] and [W,W], and the one-byte code map padded to the canvas before the
last Equal. It equals the rule on grids of that shape; the build keeps it only if it passes every example.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import fixed_shape
from ._blocks import block_marker_pairs, marker_mask, solid_block
from ._guards import edits_in_place


def clamp_markers(grid: np.ndarray, block: int, marker: int, off: int = 1, keep: bool = False):
    """Markers moved to their clamped place by the solid block; None where two colours meet or one leaves
    the grid."""
    box = solid_block(grid, block)
    if box is None:
        return None
    t, b, l, r = box
    m = marker_mask(grid, block, marker)
    out = grid.copy() if keep else np.where(m, 0, grid)
    seen = {}
    for y, x in zip(*np.nonzero(m)):
        at = (int(np.clip(y, t - off, b + off)), int(np.clip(x, l - off, r + off)))
        if seen.setdefault(at, grid[y, x]) != grid[y, x]:
            return None                                  # two colours meet: the graph would average them
        if not (0 <= at[0] < grid.shape[0] and 0 <= at[1] < grid.shape[1]):
            return None
        out[at] = grid[y, x]
    return out



def _line_windows(g: Graph, H: int, W: int) -> dict:
    """{"i": [H,30], "j": [W,30]} identities reading the window's first H rows and W columns."""
    return {t: g.const(np.eye(n, 30, dtype=np.float32), name=f"window_{t}") for t, n in (("i", H), ("j", W))}

class ClampMarkers(Solver, name="clamp_markers", tasks=("task035", "task250", "task342"), refuses="task256",
                   aliases=("c5_clamp_markers",)):
    """Marker cells move onto the ring around (or the edge of) a solid block, to their row/column clamped to it,
    keeping their colour."""

    def plans(self, examples):
        if not edits_in_place(examples):
            return
        for block, marker in block_marker_pairs(examples[0][0]):
            for off in (1, 0):
                for keep in (False, True):
                    yield block, marker, off, keep

    def rule(self, plan, grid):
        return clamp_markers(grid, *plan)

    def candidates(self, examples):
        plan = self.fit(examples)
        if plan is not None:
            yield self.name, self.build(plan)
            shape = fixed_shape(examples)
            if shape is not None:
                yield f"{self.name}:fixed", self._build_fixed(plan, shape)
                yield f"{self.name}:moves", self._build_moves(plan, shape)
                if plan[2] == 0 and not plan[3]:
                    yield f"{self.name}:corners", self._build_corners(plan, shape)
                    if all(self._block_side(i, plan[0]) == 2 for i, _ in examples):
                        yield f"{self.name}:corner_counts", self._build_corner_counts(plan, shape)

    def _build_moves(self, plan, shape):
        """One Einsum writes the output from the input on one H x W window (every example one grid shape):
        each cell's one-hot is carried by two moves, the identity (mode 0) and the clamp (mode 1). A colour
        table C[mode, out colour, in colour] mixes them: the identity keeps every colour (a moved marker turns
        black unless kept); the clamp adds an arriving marker to its own channel and takes it from every
        other channel, so where n >= 1 markers of one colour arrive, that channel is > 0 and every other is
        at most 1 - n <= 0 (the one-hot cell it lands on, and the marker's own black when it stays). Equal
        to the rule wherever the rule answers (it refuses two colours meeting, or a marker leaving the
        grid).

        The per-axis move S[to, mode, from] is never stored: line i moves to clip(i, lo, hi), which is
        i itself + (lo - i) where i < lo + (hi - i) where i > hi. Every flag that takes is a difference of
        step flags [line < t] for t in (n + 1, lo, lo + 1, hi, hi + 1) (below lo, above hi, at lo, at hi; the
        first all ones): one Less gives them as an [n,5] table, read once for `from` and once for `to`, and a
        constant table of +-1 weights T[mode, from flag, to flag, route] over two constant routes (identity,
        all ones [to, from]) sums S out of them inside the Einsum."""
        block, marker, off, keep = plan
        H, W = shape
        g = Graph()
        win, steps = self._window_steps(g, plan, shape)
        # terms [mode, from step, to step, route (identity, all ones)] over the steps [line < t], t in
        # (n + 1, lo, lo + 1, hi, hi + 1): below = s1, above = s0 - s4, at lo = s2 - s1, at hi = s4 - s3, and
        # the clamp = identity + (at lo - identity) below + (at hi - identity) above
        terms = np.zeros((2, 5, 5, 2), np.float32)
        terms[0, 0, 0, 0] = 1                                                     # mode 0: every line stays
        for (f, t, route), weight in {(1, 2, 1): 1, (1, 1, 1): -1, (1, 0, 0): -1,              # below -> lo
                                      (0, 4, 1): 1, (0, 3, 1): -1, (4, 4, 1): -1, (4, 3, 1): 1,  # above -> hi
                                      (4, 0, 0): 1}.items():
            terms[1, f, t, route] = weight
        terms = g.const(terms, name="clamp_terms")
        flags = [(step, g.const(np.stack([np.eye(n), np.ones((n, n))]).astype(np.float32), name=f"routes{n}"))
                 for step, n in zip(steps, (H, W))]
        marks = marker_mask(np.arange(10), block, marker)
        table = np.zeros((2, 10, 10), np.float32)         # [mode, out colour, in colour]
        for k in range(10):
            if marks[k]:
                table[0, k if keep else 0, k] = 1
                table[1, :, k] = -1
                table[1, k, k] = 1
            else:
                table[0, k, k] = 1
        (rs, rr), (cs, cr) = flags
        colours, colour_terms = [g.const(table, name="colour_moves")], "mkz"
        if 10 in (H, W):    # the table from the [identity, all ones] routes already stored, weighted per out/in colour
            colours, colour_terms = self._colour_factors(g, marks, keep), "akz,mak,maz"
        return g.model(g.Einsum(g.input, *colours, win["i"], win["j"],
                                rs, rs, terms, rr, cs, cs, terms, cr, win["i"], win["j"],
                                equation=f"bzrc,{colour_terms},ir,jc,in,ps,mnst,tpi,ju,qv,muvw,wqj,py,qx->bkyx"))

    def _build_corners(self, plan, shape):
        """One Einsum on one H x W window for markers that lie beyond both of the block's spans (task342's generator
        puts one in each corner quadrant of a 2 x 2 block) and land on its corners (offset 0, not kept): each
        block corner cell (top or bottom row m, left or right column n) sums the marker colours of its quadrant
        (rows below / above the block p = m, columns q = n), and the black channel is the black-cell count
        over the grid less the same count over the block's corner rows x columns. Every per-axis row factor
        is a difference of the step flags of `_window_steps`, so the Einsum holds no other intermediate."""
        block, marker, off, keep = plan
        H, W = shape
        g = Graph()
        win, (row_steps, col_steps) = self._window_steps(g, plan, shape)
        # steps (all, < lo, < lo + 1, < hi, < hi + 1): below = s1, above = s0 - s4, all = s0 (from rows p);
        # top = s2 - s1, bottom = s4 - s3, all = s0 (to rows m)
        read = np.zeros((3, 5), np.float32)
        read[0, 1], read[1, 0], read[1, 4], read[2, 0] = 1, 1, -1, 1
        write = np.zeros((3, 5), np.float32)
        write[0, 2], write[0, 1], write[1, 4], write[1, 3], write[2, 0] = 1, -1, 1, -1, 1
        pairs = np.zeros((3, 3, 3), np.float32)          # [term, to rows m, from rows p]
        pairs[0, 0, 0] = pairs[0, 1, 1] = 1              # colours: a corner reads its quadrant
        pairs[1, 2, 2] = 1                               # black: everywhere ...
        pairs[2, 0, 2] = pairs[2, 1, 2] = 1              # ... less the corner rows x columns
        reads = g.const(np.einsum("emp,ps->ems", pairs, read), name="corner_reads")            # [term, m, step]
        writes = g.const(write, name="corner_writes")                                         # [m, step]
        colours = np.zeros((3, 10), np.float32)          # [term, colour]
        colours[0] = marker_mask(np.arange(10), block, marker)
        colours[0, 0] = 0
        colours[1, 0], colours[2, 0] = 1, -1
        return g.model(g.Einsum(g.input, win["i"], win["j"], g.const(colours, name="corner_colours"), reads, reads,
                                row_steps, col_steps, writes, writes, row_steps, col_steps, win["i"], win["j"],
                                equation="bkrc,ir,jc,ek,ems,ent,is,jt,mu,nv,pu,qv,py,qx->bkyx"))

    @staticmethod
    def _block_side(grid, block):
        """The side of a square solid block (None where it is not one)."""
        box = solid_block(grid, block)
        if box is None or box[1] - box[0] != box[3] - box[2]:
            return None
        return box[1] - box[0] + 1

    def _build_corner_counts(self, plan, shape):
        """`_build_corners` for a 2 x 2 block (every example's; task342's generator draws no other), its row
        factors from block-cell counts instead of step flags: per line i the [n,3] table X = (all block cells,
        those on lines <= i, those on lines < i) = 4 (u, a, b) with u = 1, a, b in 0..2 takes four values over
        the regions i < t, i = t, i = t + 1, i > t + 1, and each region's flag is a quadratic form in it (X twice
        in the Einsum). No Less, Cast, ArgMax or Concat: the two [n,3] tables are the only intermediates."""
        block, marker, off, keep = plan
        H, W = shape
        g = Graph()
        win = _line_windows(g, H, W)
        tables = []
        for tag, n, spec in (("row", H, "bkrc,k,ar,fia->if"), ("col", W, "bkrc,k,ac,fia->if")):
            cums = np.stack([np.ones((n, n)), np.tril(np.ones((n, n))), np.tril(np.ones((n, n)), -1)]) / [[[4]], [[2]], [[2]]]
            tables.append(g.Einsum(g.input, g.floats(np.eye(10)[block], name="block_colour"),
                                   win["i" if tag == "row" else "j"], g.const(cums.astype(np.float32), name=f"cums{n}"),
                                   equation=spec, name=f"block_{tag}_counts"))                 # [n,3] (u, a, b)
        forms = np.zeros((5, 3, 3), np.float32)     # flags as forms in (u, a, b): below, above, top, bottom, all
        forms[0, 0, 0], forms[0, 0, 1], forms[0, 1, 1] = 1, -1.5, 0.5        # (1 - a)(2 - a) / 2
        forms[1, 2, 2], forms[1, 0, 2] = 0.5, -0.5                           # b (b - 1) / 2
        forms[2, 0, 1], forms[2, 1, 1] = 2, -1                               # a (2 - a)
        forms[3, 0, 2], forms[3, 2, 2] = 2, -1                               # b (2 - b)
        forms[4, 0, 0] = 1                                                   # u^2
        pairs = np.zeros((3, 3, 3), np.float32)          # [term, to rows m, from rows p] as in `_build_corners`
        pairs[0, 0, 0] = pairs[0, 1, 1] = 1
        pairs[1, 2, 2] = 1
        pairs[2, 0, 2] = pairs[2, 1, 2] = 1
        reads = g.const(np.einsum("emp,pfh->emfh", pairs, forms[[0, 1, 4]]), name="count_reads")   # [term, m, f, h]
        writes = g.const(forms[[2, 3, 4]], name="count_writes")                                   # [m, f, h]
        colours = np.zeros((3, 10), np.float32)
        colours[0] = marker_mask(np.arange(10), block, marker)
        colours[0, 0] = 0
        colours[1, 0], colours[2, 0] = 1, -1
        xr, xc = tables
        return g.model(g.Einsum(g.input, win["i"], win["j"], g.const(colours, name="corner_colours"), reads, reads,
                                xr, xr, xc, xc, writes, xr, xr, writes, xc, xc, win["i"], win["j"],
                                equation="bkrc,ir,jc,ek,emfg,enhl,if,ig,jh,jl,mst,ps,pt,nuv,qu,qv,py,qx->bkyx"))

    @staticmethod
    def _window_steps(g, plan, shape):
        """The [n,30] window rows of each axis and, per axis, the [n,5] float step flags [line < t] for t in
        (n + 1, lo, lo + 1, hi, hi + 1), lo and hi the block's first and last line widened by the offset."""
        block, marker, off, keep = plan
        H, W = shape
        win = _line_windows(g, H, W)
        bounds = {}
        for tag, spec in (("row", "bkrc,k,ir->i"), ("col", "bkrc,k,jc->j")):
            count = g.Einsum(g.input, g.floats(np.eye(10)[block]), win["i" if tag == "row" else "j"],
                             equation=spec, name=f"block_per_{tag}")                            # [n]
            first = g.Cast(g.ArgMax(count, axis=0, keepdims=1), to=1, name=f"block_first_{tag}")   # [1]
            size = g.ReduceMax(count, axes=[0], keepdims=1, name=f"block_{tag}_span")           # [1]
            bounds[tag] = (first, size)
        flags = []
        for tag, other, n in (("row", "col", H), ("col", "row", W)):
            first, _ = bounds[tag]
            _, span = bounds[other]
            end = g.Add(first, span, name=f"{tag}_end")                                       # [1] one past
            steps = g.Add(g.Concat(g.floats([n + 1.0], name=f"past{n}"), first, first, end, end, axis=0,
                                   name=f"{tag}_ends"),
                          g.floats([0.0, -off, 1.0 - off, off - 1.0, off], name="step_offsets"),
                          name=f"{tag}_steps")                                                # [5]: n+1, lo, lo+1, hi, hi+1
            step = g.Cast(g.Less(g.floats(np.arange(n).reshape(n, 1), name=f"line{n}"), steps,
                                 name=f"{tag}_below_b"), to=1, name=f"{tag}_below")           # [n,5]
            flags.append(step)
        return win, flags

    @staticmethod
    def _colour_factors(g, marks, keep):
        """The colour table C[mode, out, in] of `_build_moves` as sum_u R[u, out, in] a[mode, u, out] b[mode, u, in]
        over the routes R = [identity, all ones] (10 x 10, the routes of a 10-line window): mode 0 keeps
        every other colour and sends a marker to black (or keeps it), mode 1 is 2 identity - ones on markers."""
        mark = marks.astype(np.float32)
        out_w = np.zeros((2, 2, 10), np.float32)                 # [mode, route, out colour]
        in_w = np.zeros((2, 2, 10), np.float32)                  # [mode, route, in colour]
        out_w[0, 0], in_w[0, 0] = 1, 1 if keep else 1 - mark
        out_w[0, 1, 0], in_w[0, 1] = 1, 0 if keep else mark
        out_w[1, 0], in_w[1, 0] = 2, mark
        out_w[1, 1], in_w[1, 1] = -1, mark
        routes = g.const(np.stack([np.eye(10), np.ones((10, 10))]).astype(np.float32), name="routes10")
        return [routes, g.const(out_w, name="out_colour_weights"), g.const(in_w, name="in_colour_weights")]

    def _build_fixed(self, plan, shape):
        """The graph of `build` on one H x W window (see the module docstring)."""
        block, marker, off, keep = plan
        H, W = shape
        g = Graph()
        win = _line_windows(g, H, W)
        bounds = {}
        for tag, spec in (("row", "bkrc,k,ir->bi"), ("col", "bkrc,k,jc->bj")):
            count = g.Einsum(g.input, g.floats(np.eye(10)[block]), win["i" if tag == "row" else "j"],
                             equation=spec, name=f"block_per_{tag}")                            # [1,n]
            first = g.Cast(g.ArgMax(count, axis=1, keepdims=0), to=1, name=f"block_first_{tag}")   # [1]
            size = g.ReduceMax(count, keepdims=0, name=f"block_{tag}_span")
            bounds[tag] = (first, size)
        selectors = []
        for tag, other, n in (("row", "col", H), ("col", "row", W)):
            first, _ = bounds[tag]
            _, span = bounds[other]
            lo = g.Sub(first, g.floats(float(off)), name=f"{tag}_lo")
            hi = g.Add(first, g.Sub(span, g.floats(1.0 - off)), name=f"{tag}_hi")
            clipped = g.Clip(g.floats(np.arange(n).reshape(1, n)), g.Squeeze(lo, axes=[0]), g.Squeeze(hi, axes=[0]),
                             name=f"{tag}_clamped")                                              # [1,n]
            selectors.append(g.Cast(g.Equal(g.floats(np.arange(n).reshape(n, 1)), clipped), to=1,
                                    name=f"{tag}_selector"))                                   # [n,n]
        mark_w = marker_mask(np.arange(10), block, marker).astype(np.float32)
        move = "bkrc,k,ir,jc,yi,xj->byx"
        moved = g.Einsum(g.input, g.floats(mark_w), win["i"], win["j"], *selectors, equation=move, name="moved")
        weights = np.arange(1, 11, dtype=np.float32)
        if marker < 0:       # colours travel: move the colour code too, averaged over arrivals (a cell with
            # none divides by zero, and the Where below never reads it)
            arrived = g.Div(g.Einsum(g.input, g.floats(mark_w * weights), win["i"], win["j"], *selectors,
                                     equation=move, name="moved_codes"), moved, name="arrived_code_f")
            arrived = g.Cast(arrived, to=2, name="arrived_code")
        else:
            arrived = g.const(np.uint8(marker + 1), name="marker_code")
        if not keep:
            weights[mark_w > 0] = 1                           # old marker cells turn black
        code = g.Einsum(g.input, g.floats(weights), win["i"], win["j"], equation="bkrc,k,ir,jc->bij",
                        name="colour_code")                                                    # [1,H,W]
        code = g.Where(g.Greater(moved, g.floats(0.5)), arrived, g.Cast(code, to=2, name="colour_code_u8"),
                       name="cell_code")                                                      # [1,H,W] uint8
        canvas = g.Pad(code, g.ints([0, 0, 0, 0, 30 - H, 30 - W]),
                       name="code_canvas")                                           # [1,30,30] uint8
        return g.model(g.Equal(canvas, g.const(np.arange(1, 11, dtype=np.uint8).reshape(1, 10, 1, 1), name="codes")))

    def build(self, plan):
        block, marker, off, keep = plan
        g = Graph()
        idx = g.floats(np.arange(30).reshape(1, 30))
        sel = {}
        for tag, spec in (("row", "bkrc,k->br"), ("col", "bkrc,k->bc")):
            count = g.Einsum(g.input, g.floats(np.eye(10)[block]), equation=spec, name=f"block_per_{tag}")
            first = g.Cast(g.ArgMax(count, axis=1, keepdims=0), to=1, name=f"block_first_{tag}")   # [1]
            size = g.ReduceMax(count, keepdims=0, name=f"block_{tag}_span")  # cells per line = other side
            sel[tag] = (first, size)
        # rows: the block spans (cells per column) rows from first_row; columns likewise
        selectors = []
        for tag, other in (("row", "col"), ("col", "row")):
            first, _ = sel[tag]
            _, span = sel[other]
            lo = g.Sub(first, g.floats(float(off)), name=f"{tag}_lo")
            hi = g.Add(first, g.Sub(span, g.floats(1.0 - off)), name=f"{tag}_hi")
            clipped = g.Clip(idx, g.Squeeze(lo, axes=[0]), g.Squeeze(hi, axes=[0]), name=f"{tag}_clamped")
            selectors.append(g.Cast(g.Equal(g.floats(np.arange(30).reshape(30, 1)), clipped), to=1,
                                    name=f"{tag}_selector"))                                   # [30,30]
        mark_w = marker_mask(np.arange(10), block, marker).astype(np.float32)
        marks = g.Einsum(g.input, g.floats(mark_w), equation="bkrc,k->brc", name="markers")
        moved = g.Einsum(marks, selectors[0], selectors[1], equation="brc,yr,xc->byx", name="moved")
        weights = np.arange(1, 11, dtype=np.float32)
        if marker < 0:       # colours travel: move the colour code too, averaged over arrivals
            tags = g.Einsum(g.input, g.floats(mark_w * weights), equation="bkrc,k->brc", name="marker_codes")
            arrived = g.Div(g.Einsum(tags, selectors[0], selectors[1], equation="brc,yr,xc->byx"),
                            g.Max(moved, g.floats(1.0)), name="arrived_code")
        else:
            arrived = g.floats(marker + 1.0)
        if not keep:
            weights[mark_w > 0] = 1                           # old marker cells turn black
        code = g.Einsum(g.input, g.floats(weights), equation="bkrc,k->brc", name="colour_code")  # 0 outside
        code = g.Where(g.Greater(moved, g.floats(0.5)), arrived, code, name="cell_code")
        return g.model(g.Equal(code, g.floats(np.arange(1, 11).reshape(1, 10, 1, 1))))
