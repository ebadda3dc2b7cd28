"""Crop fractal: the coloured cells' bounding box, sampled down by a fixed factor to an n x n pattern P,
becomes the n^2 x n^2 self-similar grid: a copy of P wherever P itself is coloured.

Line picks by rank inside the box (as for crops) read P twice per axis: at i // n (which copy) and at
i % n (which cell of it); one Einsum gives the gate, one the pattern, a Where fills the background
and a Pad places the result.

Cheaper variant (the same rule wherever the box is d*n x d*n, the only grids the rule answers): per axis the
box's first line (ArgMax of the line mask) plus d*a, one-hot, gives an [n,30] pick; one Einsum
reads the n x n pattern as colour codes + 1, and the self-similar grid is one uint8 Where of the pattern's gate
[1,n,1,n,1] over its (code, code^2) tiles [2,1,n,1,n], decoded by one QLinearConv straight into `output` (the
`local/_code_decode` decoder).
Its window variant, where many examples reach a largest side S < 30 (the generator's bound), reads only the
first S rows and columns (through an [S,30] identity: [S] counts, [n,S] picks); its resize variant (same
window) samples the n x n pattern cells with one Resize whose run-time region of interest starts at the box's
first line (`first_last_lines`: one weighted sum's rounded logarithm per axis) (a [1,10,n,n] read instead of two picks; [1,2,n,n] where every output has one colour, the channel
axis sampled too), and one Einsum bilinear in those cells writes `output`.
Fold variant (every grid n^2 x n^2, the box one n x n block): the pattern is the sum of the grid's n x n blocks,
and one Einsum bilinear in `input` writes `output` with no intermediate at all.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_graph import first_last_lines
from .._common_grids import fixed_out_shape
from ._boxes import box_of, box_rank


def fractal(grid, d, n):
    """The box, sampled every d cells to an n x n pattern, copied onto its own coloured cells."""
    b = box_of(grid, grid != 0)
    if b is None or b.shape != (d * n, d * n):
        return None
    p = b[::d, ::d]
    return np.kron(p != 0, np.ones((n, n), int)) * np.tile(p, (n, n))


class CropFractal(Solver, name="crop_fractal", tasks=("task195", "task217"), refuses="task384",
                  aliases=("c2_crop_fractal", "c3_selfkron"), fit_splits=("train", "arc-gen")):
    """Output = the self-similar grid of the input's bounding box sampled down to n x n: a copy of the pattern at every
    coloured cell of the pattern itself."""

    def plans(self, examples):
        shape = fixed_out_shape(examples)
        if shape is None:
            return
        k, kw = shape
        n = int(round(k ** 0.5))
        b = box_of(examples[0][0], examples[0][0] != 0)
        if k == kw and n * n == k and n >= 2 and b is not None and b.shape[0] % n == 0:
            yield b.shape[0] // n, n

    def rule(self, plan, grid):
        d, n, *window = plan
        if window and max(grid.shape) > window[0]:
            return None                 # the window graph reads only the window's lines
        return fractal(grid, d, n)

    def candidates(self, examples):
        plan = self.fit(examples)
        if plan is not None:
            yield self.name, self.build(plan)
            yield f"{self.name}:code", self._build_code(plan)
            d, n = plan
            if d == 1 and all(i.shape == (n * n, n * n) for i, _ in examples):
                yield f"{self.name}:fold", self._build_fold(n)
            sides = [max(i.shape) for i, _ in examples]
            side = max(sides)
            if side < 30 and sides.count(side) >= max(3, len(examples) // 20):
                yield f"{self.name}:window", self._build_code((*plan, side))
                yield f"{self.name}:resize", self._build_code((*plan, side), resize=True)
                colours = set().union(*(set(np.unique(o).tolist()) for _, o in examples)) - {0}
                if len(colours) == 1:
                    yield f"{self.name}:resize_one", self._build_code((*plan, side), resize=colours.pop())

    def _build_code(self, plan, resize=False):
        """See the module docstring: the pattern's codes, their uint8 Kronecker product, one decoder. With
        `resize` (a window below 30 only), one Resize samples the n x n pattern cells instead of the picks; an int
        `resize` is the one colour every output uses: the Resize then samples only channels 0 and that colour."""
        d, n, *window = plan
        side = window[0] if window else 30
        k = n * n
        g = Graph()
        fg = np.ones(10, np.float32)
        fg[0] = 0
        steps = g.const(d * np.arange(n), name="pattern_lines")                                          # [n]
        depth = g.const(np.int64(side), name="depth")
        on_off = g.const(np.asarray([0, 1], np.float32), name="off_on")
        # a window reads the input's first `side` rows and columns through a [side,30] identity
        lines = [g.const(np.eye(side, 30, dtype=np.float32), name=f"window{side}")] if window else []
        if resize:
            return self._build_resized(g, d, n, fg, None if resize is True else resize, side)
        picks = []
        for eq, tag in ((("bchw,c,ah->ba" if window else "bchw,c->bh"), "row"),
                        (("bchw,c,aw->ba" if window else "bchw,c->bw"), "col")):
            count = g.Einsum(g.input, g.const(fg, name="fg"), *lines, equation=eq, name=f"{tag}_count")  # [1,side]
            seen = g.Cast(g.Greater(count, g.const(np.float32(0.5), name="half"), name=f"{tag}_has"), to=2,
                          name=f"{tag}_seen")
            first = g.ArgMax(seen, axis=1, keepdims=0, name=f"{tag}_first")                        # [1] int64
            picks.append(g.OneHot(g.Add(first, steps, name=f"{tag}_lines"), depth, on_off, name=f"{tag}_pick"))
        code = np.arange(1, 11, dtype=np.float32).reshape(10, 1, 1, 1)
        pattern = g.Einsum(g.input, *(lines * 2), g.const(code, name="colour_code"), *picks,
                           equation="zchw,eh,fw,cqrs,ae,bf->qrasb" if window else "zchw,cqrs,ah,bw->qrasb",
                           name="pattern")                                                        # [n,1,n,1]
        return g.model(_kron_decoded(g, pattern, n))

    def _build_resized(self, g, d, n, fg, colour=None, side=30):
        """The pattern cells by one Resize (nearest, tf_crop_and_resize) of the input to [1,10,n,n]: its run-time
        region of interest makes pattern line x read input line first + d x + 0.5, floored (never within 0.5 of
        a line boundary, so float rounding cannot move it). Exact while every line read lies below 29, which the
        window (below 30) guarantees: lines past it would read as outside the input. With one `colour`, the
        channel axis is sampled too, at 0 and `colour` only ([1,2,n,n])."""
        # the box's first row and column: a coloured line holds at most d n cells, all within the window, so
        # `first_last_lines` reads each off one weighted sum; else (a line count too large for float32's range)
        # weighting line h by (n + 1)^-h makes the box's first line the largest, found by one ArgMax
        lines = [(first_last_lines(g, fg, term, d * n, side, f"{tag}_box", last=False) or [None])[0]
                 for term, tag in (("i", "row"), ("j", "col"))]
        decay = g.const((n + 1.0) ** -np.arange(30), np.float32, name="line_decay")
        for a, (eq, tag) in enumerate((("bchw,c,h->bh", "row"), ("bchw,c,w->bw", "col"))):
            if lines[a] is None:
                score = g.Einsum(g.input, g.const(fg, name="fg"), decay, equation=eq, name=f"{tag}_score")  # [1,30]
                lines[a] = g.Cast(g.ArgMax(score, axis=1, keepdims=0, name=f"{tag}_first"), to=1,
                                  name=f"{tag}_first_f")
        # (first row, first col, 1) times [3,8]: roi (start, end) per axis in units of 29 (the input's last
        # line), so that pattern line x reads start * 29 + x * (end - start) * 29 / (n - 1) = first + d x + 0.5
        lines = g.Concat(*lines, g.const(np.float32([1]), name="one"), axis=0, name="firsts_one")   # [3]
        w = np.zeros((3, 8), np.float32)
        w[0, 2] = w[0, 6] = w[1, 3] = w[1, 7] = 1 / 29
        w[2] = [0, 0, 0.5 / 29, 0.5 / 29, 1, 1, (0.5 + d * (n - 1)) / 29, (0.5 + d * (n - 1)) / 29]
        channels = 10
        if colour is not None:
            # channel x reads x (colour + 0.5), floored: 0, then colour (9 reads 9 exactly: past 9 reads outside)
            w[2, 5], channels = min((colour + 0.5) / 9, 1), 2
        roi = g.MatMul(lines, g.const(w, name="roi_affine"), name="roi")
        cells = g.Resize(g.input, roi, "", g.ints([1, channels, n, n], name="sizes"), mode="nearest",
                         coordinate_transformation_mode="tf_crop_and_resize", nearest_mode="floor",
                         extrapolation_value=0.0, name="pattern_cells")                        # [1,channels,n,n]
        return g.model(_cells_self_kron(g, cells, n, colour))

    def _build_fold(self, n):
        """Where the grid is n^2 x n^2 and its one coloured n x n block is the pattern, the pattern P is the sum of
        the grid's n x n blocks (the empty ones add background only): one Einsum from `input` straight to `output`,
        no intermediate at all. Output cell (x, y) reads P at its cell (x % n, y % n) and at its copy
        (x // n, y // n), both through one placing table [n,30,2] (zero past n^2; its cell mode also folds the
        grid: line h -> h % n). Colour c is P_c(cell) times the copy's gate F(copy). A block sum counts background
        n^2 - 1 or n^2 times (never 0), so channel 0 is P_0(cell) times 1.5 - F(cell) - F(copy): negative exactly
        where both are coloured."""
        k = n * n
        g = Graph()
        place = _cell_copy_place(g, n)
        cell = g.const(np.float32([1, 0]), name="cell_mode")
        fg = np.ones(10, np.float32)
        fg[0] = 0
        weights = g.const(np.stack([1.5 / k - fg, fg], axis=1), name="mode_weights")    # [10,2] per read mode
        scale = np.zeros((10, 2), np.float32)
        scale[1:, 1] = 1                                                 # colours: the copy's gate
        scale[0] = (1, -1)                                               # background: 1.5 - F(cell) - F(copy)
        scale = g.const(scale, name="mode_scale")
        # ONNX Runtime multiplies left to right: this order (the copy reads' [n,n,2] sums first, the placings
        # last) keeps its partial products small
        return g.model(g.Einsum(g.input, place, place, cell, weights, place, cell, g.input, place, cell, scale,
                                place, cell, place, cell, place, place,
                                equation="zeuv,run,svn,n,ej,phm,m,zchw,qwk,k,cj,pxa,a,qyb,b,rxj,syj->zcxy",
                                name="fractal"))

    def build(self, plan):
        d, n = plan
        k = n * n
        g = Graph()
        fg = np.ones(10, np.float32)
        fg[0] = 0
        which = g.const((d * (np.arange(k) // n) + 1).astype(np.float32).reshape(k, 1), name="copy_line")
        cell = g.const((d * (np.arange(k) % n) + 1).astype(np.float32).reshape(k, 1), name="cell_line")

        def picks(eq, tag):
            counts = g.Einsum(g.input, g.const(fg, name="fg"), equation=eq, name=f"{tag}_count")     # [30]
            rank = box_rank(g, counts, 0, tag)
            return (g.Cast(g.Equal(rank, which, name=f"{tag}_copy_b"), to=1, name=f"{tag}_copy"),
                    g.Cast(g.Equal(rank, cell, name=f"{tag}_cell_b"), to=1, name=f"{tag}_cell"))

        row_copy, row_cell = picks("bchw,c->h", "row")
        col_copy, col_cell = picks("bchw,c->w", "col")
        gate = g.Einsum(g.input, g.const(fg, name="fg"), row_copy, col_copy, equation="bchw,c,ih,jw->bij",
                        name="gate")                                                                # [1,k,k]
        gate = g.Unsqueeze(gate, axes=[1], name="gate4")
        pattern = g.Einsum(g.input, row_cell, col_cell, equation="bchw,ih,jw->bcij", name="pattern")  # [1,10,k,k]
        e0 = np.zeros((1, 10, 1, 1), np.float32)
        e0[0, 0] = 1
        out = g.Where(g.Greater(gate, g.const(np.float32(0.5)), name="gate_on"), pattern, g.const(e0, name="bg"),
                      name="fractal")
        return g.model(g.Pad(out, g.ints([0, 0, 0, 0, 0, 0, 30 - k, 30 - k])))


def _kron_decoded(g, pattern, n):
    """`output` from the float [1,1,n,1,n] pattern codes q = colour + 1: the pattern's (q, q^2) as uint8 tiles
    [2,1,n,1,n], placed by one Where on the pattern's own gate [1,n,1,n,1] (q > 1: coloured) over the background's
    (1, 1) into the [2,n,n,n,n] self-similar grid, reshaped to [1,2,k,k] and decoded by one QLinearConv (as
    `local/_code_decode`: channel c is 1 - 2 (q - c - 1)^2, saturated at 0) straight into `output`."""
    k = n * n
    q = g.Cast(pattern, to=2, name="pattern_u8")                                              # [1,1,n,1,n]
    tiles = g.Concat(q, g.Mul(q, q, name="pattern_square"), axis=0, name="pattern_pair")      # [2,1,n,1,n]
    gate = g.Greater(g.Reshape(q, g.ints([1, n, 1, n, 1]), name="pattern_g"), g.const(np.uint8(1), name="bg_code"),
                     name="gate")                                                            # [1,n,1,n,1]
    grid = g.Where(gate, tiles, g.const(np.ones((2, 1, 1, 1, 1), np.uint8), name="bg_pair"), name="kron")
    pair = g.Reshape(grid, g.ints([1, 2, k, k]), name="fractal_pair")                         # uint8 [1,2,k,k]
    c = np.arange(1, 11)
    weights = np.zeros((10, 2, 1, 1), np.int8)
    weights[:, 0, 0, 0] = 4 * c
    weights[:, 1, 0, 0] = -2
    unit, zero = g.const(np.float32(1), name="unit_scale"), g.const(np.uint8(0), name="zero_point")
    return g.QLinearConv(pair, unit, zero, g.const(weights, name="colour_lines"), unit,
                         g.const(np.int8(0), name="weight_zero"), unit, zero,
                         g.const((1 - 2 * c * c).astype(np.int32), name="colour_bias"),
                         pads=[0, 0, 30 - k, 30 - k], name="decoded")


def _cell_copy_place(g, n):
    """[n,30,2]: output line x (below n^2) reads pattern line x % n in mode 0 (the cell within its copy) and
    x // n in mode 1 (which copy); zero past n^2."""
    k = n * n
    line = np.arange(k)
    place = np.zeros((n, 30, 2), np.float32)
    place[:, :k, 0] = line % n == np.arange(n)[:, None]
    place[:, :k, 1] = line // n == np.arange(n)[:, None]
    return g.const(place, name="cell_copy_place")


def _cells_self_kron(g, cells, n, colour=None):
    """`output` from the one-hot pattern cells [1,10,n,n] by one Einsum, bilinear in the cells. Output cell (x, y)
    reads the pattern at its cell (x % n, y % n) and at its copy (x // n, y // n) (`_cell_copy_place`). Colour c
    is P_c(cell) times the copy's gate F(copy); background is P_0(cell) + P_0(copy) = 2 - F(cell) - F(copy)
    (times the cell's channel sum, 1): zero exactly where both are coloured. With one `colour`, the cells hold
    channels (0, colour) and a [10,2] embedding places them."""
    place = _cell_copy_place(g, n)
    reads = np.zeros((10, 2), np.float32)
    reads[:, 0] = 1                                                     # every channel at its cell
    reads[0, 1] = 1                                                     # background also at its copy
    if colour is None:
        fg = np.ones(10, np.float32)
        fg[0] = 0
        weights = np.stack([np.ones(10, np.float32), fg], axis=1)       # [10,2]: the cell's sum, the copy's gate
        scale = np.zeros((10, 2), np.float32)
        scale[1:, 1] = 1                                                # colours: times the copy's gate
        scale[0, 0] = 1                                                 # background: times 1
        return g.Einsum(cells, g.const(weights, name="mode_weights"), g.const(scale, name="mode_scale"), place,
                        place, cells, g.const(reads, name="read_modes"), place, place,
                        equation="zers,ej,cj,rxj,syj,zcpq,ci,pxi,qyi->zcxy", name="fractal")
    # cell channel d (0: background, 1: colour) reads its cell (and background its copy too), times its own
    # second factor: (background) the cell's channel sum, 1; (colour) the copy's gate
    embed = np.zeros((10, 2), np.float32)
    embed[0, 0] = embed[colour, 1] = 1
    second = np.float32([[1, 0], [1, 1]])                               # [cell channel e, d]
    return g.Einsum(cells, g.const(second, name="second_factor"), place, place, cells,
                    g.const(embed, name="channel_embed"), g.const(reads[[0, colour]], name="read_modes"), place,
                    place, equation="zers,ed,rxd,syd,zdpq,cd,di,pxi,qyi->zcxy", name="fractal")
