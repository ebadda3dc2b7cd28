"""Nested frames: a corner motif of nested square frames is completed: the picture is made symmetric under
every mirror and turn of the square, and each frame (ring at depth d) repeats its edge element (the cell
two steps along from its corner) on every other cell of the ring.

Fixed square grids. Colours are one index plane (colour number per cell): the symmetric picture is a
Max over the four mirror views and that Max's transpose; the edge elements are the picture's diagonal
shifted two columns, spread over the rings by one Gather with a fixed per-cell ring index (cells off
the every-other pattern point at a zero); Where keeps the picture's own cells, and one Equal against
the channel numbers writes the output (the plane is padded with -1 outside the grid first).

Cheaper variant when the colours sit on the odd lattice (`build_einsum`): one Einsum writes the output as a
sign polynomial of the colour number, from coefficients it reads off the input and fixed slot tables.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import fixed_shape, same_shape

VIEWS = (np.fliplr, np.flipud, lambda x: x[::-1, ::-1], np.transpose, lambda x: x[::-1, ::-1].T,
         lambda x: np.rot90(x, 1), lambda x: np.rot90(x, 3))


def ring_index(n):
    """Per cell: the ring depth where the cell takes its ring's edge element, else n - 2 (the zero slot)."""
    r, c = np.indices((n, n))
    dep = np.minimum(np.minimum(r, c), np.minimum(n - 1 - r, n - 1 - c))
    on = (r % 2 == dep % 2) & (c % 2 == dep % 2) & (dep + 2 < n)
    return np.where(on, dep, n - 2)


def frames(grid):
    n = grid.shape[0]
    s = grid.copy()
    for f in VIEWS:
        t = f(grid)
        if ((s != 0) & (t != 0) & (s != t)).any():
            return None
        s = np.where(s == 0, t, s)
    edge = np.array([s[d, d + 2] for d in range(n - 2)] + [0])
    fill = edge[ring_index(n)]
    return np.where(s == 0, fill, s)


class NestedFrames(Solver, name="nested_frames", tasks=("task240",), refuses="task242", aliases=("c2_frames",)):
    """A corner motif of nested square frames completed: made symmetric under every mirror and turn of the square, each
    frame repeating its edge element on every other cell."""

    def plans(self, examples):
        shape = fixed_shape(examples)
        if shape is not None and shape[0] == shape[1] >= 5 and same_shape(examples):
            yield shape[0]

    def rule(self, n, grid):
        return frames(grid) if grid.shape == (n, n) else None

    def candidates(self, examples):
        n = self.fit(examples)
        if n is not None:
            yield self.name, self.build(n)
            if n % 2:
                yield f"{self.name}:folded", self.build_folded(n)
            if n % 2 and self._odd_lattice(examples):
                yield f"{self.name}:einsum", self.build_einsum(n)

    @staticmethod
    def _odd_lattice(examples):
        """Every input's colours sit on cells whose row and column are both odd: what `build_einsum` reads."""
        return all(not grid[::2].any() and not grid[:, ::2].any() for grid, _ in examples)

    def build_einsum(self, n):
        """One Einsum writes `output` = 1/4 - (c - V)^2 (times positive constants), read by sign, where V is the
        completed picture's colour number (0 off the pattern).

        On the odd lattice a cell's slot is its folded half-index x = min(r, n-1-r) // 2 (K slots), the even
        rows / columns one more slot K. With vd[x] the colour at slot (x, x) and vn[x] at (x, x+1) (both read
        as colour numbers summed over the four mirror cells), a cell whose slots have minimum d takes vd[d] on
        the diagonal and vn[d] elsewhere on its ring, which telescopes into two separable families:
            V = sum_x (vd[x] - vn[x]) P_x(r) P_x(c) + (vn[x] - vn[x-1]) G_x(r) G_x(c),
        P_x the cells of slot x, G_x those of slots x..K-1. The constant term (slot K of the first family)
        is the count of the even x even cells, the inside P_0 + ... + P_K written everywhere. The coefficients
        are read from `input` inside the same Einsum; the writing factors come from one slot table by small coefficient
        tables, and both linear forms (1/2 and c - V) are squared by using them twice. The motif lies in one
        quadrant and is symmetric (as the generator draws it), so the mirror sums are single colours and
        vn[x-1] is read at (x, x-1)."""
        K = (n + 1) // 4                      # odd half-index slots; slot K: the even rows / columns
        g = Graph()
        slot = np.zeros((K + 1, 30), np.float32)
        for r in range(n):
            slot[min(r, n - 1 - r) // 2 if r % 2 else K, r] = 1
        even_cells = float(slot[K].sum() ** 2)
        write = np.zeros((2, K + 1, K + 1), np.float32)          # [family, x, slot]: P_x / G_x, and the inside
        read = np.zeros((2, K + 1, K + 1), np.float32)           # [family, x, column slot] read on row slot x
        for x in range(K):
            write[0, x, x] = 1
            write[1, x, x:K] = 1
            read[0, x, x] = 1                                    # vd[x] - vn[x]
            if x + 1 < K:
                read[0, x, x + 1] = -1
                read[1, x, x + 1] = 1                            # vn[x] - vn[x-1] (the picture is symmetric)
            if x > 0:
                read[1, x, x - 1] = -1
        write[0, K, :] = 1
        read[0, K, K] = 1                                        # the even x even cells' count
        weight = np.zeros((K + 1, 2), np.float32)                # [x, power of the input channel]
        weight[:K, 1] = 1                                        # colour number
        weight[K, 0] = 1                                         # a count
        terms = np.zeros((2, K + 1, 2), np.float32)              # [u, x, power of the output channel]
        terms[1, :K, 0] = -1                                     # u = 1: c - V
        terms[1, K, 1] = 1 / even_cells
        terms[0, K, 0] = 0.5 / even_cells                        # u = 0: 1/2
        slot, write, read = g.const(slot, name="slot"), g.const(write, name="write"), g.const(read, name="read")
        weight, terms = g.const(weight, name="read_weight"), g.const(terms, name="form_terms")
        ch_powers = g.const(np.stack([np.ones(10), np.arange(10)]).astype(np.float32), name="channel_powers")
        sign = g.const(np.array([1, -1], np.float32), name="square_sign")
        # per copy of the form: the family coefficients W[t, x] (colour numbers, and the even cells' count, read
        # on each slot row x against a signed pair of column slots), then the written families; both reads
        # come first so that ONNX Runtime contracts them while they are small
        operands, letters = [], []
        for t, x, p, y, z, q, k in ("txpyzqk", "TXPYZQK"):
            for name, term in ((g.input, f"b{p}{y}{z}"), (ch_powers, k + p), (weight, x + k), (slot, x + y),
                               (slot, q + z), (read, t + x + q)):
                operands.append(name)
                letters.append(term)
        for t, x, f, l, m in ("txflm", "TXFLM"):
            for name, term in ((terms, "u" + x + f), (ch_powers, f + "c"), (write, t + x + l), (slot, l + "r"),
                               (write, t + x + m), (slot, m + "w")):
                operands.append(name)
                letters.append(term)
        operands.append(sign)
        letters.append("u")
        return g.model(g.Einsum(*operands, equation=",".join(letters) + "->bcrw", name="output"))

    def build_folded(self, n):
        m = (n + 1) // 2
        g = Graph()
        fold = np.zeros((m, 30), np.float32)
        for r in range(m):
            fold[r, r] = fold[r, n - 1 - r] = 1
        colour_no = g.const(np.arange(10, dtype=np.float32), name="colour_no")
        fold = g.const(fold, name="fold")
        plane = g.Einsum(g.input, colour_no, fold, fold, equation="bchw,c,rh,sw->rs", name="folded")   # [m,m]
        plane = g.Cast(plane, to=2, name="folded_u8")
        slot = np.full((m, m), m, np.int64)                          # slot m: the corner cell (0, 0), empty
        for r in range(m):
            for c in range(m):
                t = min(r, c)
                if r % 2 == t % 2 and c % 2 == t % 2 and t + 2 < n and r != c:
                    slot[r, c] = t
        edge_at = np.array([(t, min(t + 2, n - 3 - t)) for t in range(m)] + [(0, 0)], np.int64)
        edges = g.GatherND(plane, g.const(edge_at, name="edge_at"), name="ring_edges")               # [m+1]
        fill = g.Gather(edges, g.const(slot, name="ring_slot"), axis=0, name="ring_fill")            # [m,m]
        quarter = g.Max(plane, fill, name="quarter")
        whole = g.Pad(quarter, g.ints([0, 0, m - 1, m - 1], name="unfold"), mode="reflect", name="whole")
        canvas = g.Pad(whole, g.ints([0, 0, 30 - n, 30 - n], name="to_canvas"), g.const(np.uint8(255), name="off"),
                       name="canvas")                                                                # [30,30]
        return g.model(g.Equal(canvas, g.const(np.arange(10, dtype=np.uint8).reshape(1, 10, 1, 1), name="channel_no")))

    def build(self, n):
        g = Graph()
        colour_no = g.const(np.arange(10, dtype=np.float32), name="colour_no")
        plane = g.Einsum(g.input, colour_no, equation="bchw,c->bhw", name="colour_plane")            # [1,30,30]
        pic = g.Slice(plane, g.ints([0, 0]), g.ints([n, n]), g.ints([1, 2]), name="picture")        # [1,n,n]
        views = [pic]
        lr = g.Slice(pic, g.ints([n - 1]), g.ints([-n - 1]), g.ints([2]), g.ints([-1]), name="view_lr")
        ud = g.Slice(pic, g.ints([n - 1]), g.ints([-n - 1]), g.ints([1]), g.ints([-1]), name="view_ud")
        rot = g.Slice(lr, g.ints([n - 1]), g.ints([-n - 1]), g.ints([1]), g.ints([-1]), name="view_rot")
        views += [lr, ud, rot]
        mirrored = g.Max(*views, name="mirror_symmetric")                                          # [1,n,n]
        sym = g.Max(mirrored, g.Transpose(mirrored, perm=[0, 2, 1], name="mirror_transposed"),
                    name="symmetric")                                                            # all 8 views
        shifted = g.Slice(sym, g.ints([0, 2]), g.ints([n - 2, n]), g.ints([1, 2]), name="two_along")
        edge = g.Einsum(shifted, equation="bii->bi", name="edge_elements")                          # [1,n-2]
        edge = g.Pad(edge, g.ints([0, 0, 0, 1]), name="edge_or_zero")                               # [1,n-1]
        fill = g.Gather(edge, g.const(ring_index(n).astype(np.int64), name="ring_slot"), axis=1,
                        name="ring_fill")                                                           # [1,n,n]
        out = g.Where(g.Greater(sym, g.const(np.float32(0.5)), name="has_colour"), sym, fill, name="completed")
        out = g.Pad(g.Unsqueeze(out, axes=[1], name="completed4"), g.ints([0, 0, 0, 0, 0, 0, 30 - n, 30 - n]),
                    g.const(np.float32(-1)), name="completed_canvas")                              # [1,1,30,30]
        channel = g.const(np.arange(10, dtype=np.float32).reshape(1, 10, 1, 1), name="channel_no")
        return g.model(g.Equal(out, channel))
