"""Patch mask: a big shape of the grid's most common colour, drawn in n x n blocks, masks a small n x n
colour patch: the output is the patch where the shape has a block, black elsewhere.

Graph: per-colour counts pick the shape colour (a computed 1x1 Conv weight); first/last rows and
columns of the other colours bound the patch, and of the shape outside the patch bound the shape; the
block size is their ratio; Gathers from padded codes crop the patch and sample one cell per block; a
Where masks, and one Equal writes the output. The corner variant reads the patch and the block samples through
[K,30] OneHot pickers inside Einsums, and one padding QLinearConv decodes its K x K uint8 code. The sample
variant reads the others' and the patch's lines from exponentially weighted sums (`first_last_lines`) and the
answer by two GridSamples, no pickers and no code.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_graph import first_last_lines
from .._common_grids import N
from ..local._code_decode import decode_code


def patch_mask(grid: np.ndarray) -> np.ndarray | None:
    cols, cnt = np.unique(grid[grid > 0], return_counts=True)
    if len(cols) < 2:
        return None
    shape_colour = cols[cnt.argmax()]
    other = (grid > 0) & (grid != shape_colour)
    ys, xs = np.nonzero(other)
    pt, pb, pl, pr = ys.min(), ys.max(), xs.min(), xs.max()
    # the patch may have a main-colour border line: take non-black cells one step around the others
    near = np.zeros(grid.shape, bool)
    near[max(pt - 1, 0):pb + 2, max(pl - 1, 0):pr + 2] = True
    ys, xs = np.nonzero(near & (grid > 0))
    pt, pb, pl, pr = ys.min(), ys.max(), xs.min(), xs.max()
    n = pb - pt + 1
    if pr - pl + 1 != n:
        return None
    shape = grid == shape_colour
    shape[pt:pb + 1, pl:pr + 1] = False
    if not shape.any():
        return None
    sy, sx = np.nonzero(shape)
    t, b, l, r = sy.min(), sy.max(), sx.min(), sx.max()
    if (b - t + 1) % n or (r - l + 1) % n or (b - t + 1) != (r - l + 1):
        return None
    s = (b - t + 1) // n
    return np.where(shape[t:b + 1:s, l:r + 1:s], grid[pt:pb + 1, pl:pr + 1], 0)


class PatchMask(Solver, name="patch_mask", tasks=("task170",), refuses="task070", aliases=("c5_patch_mask",),
                fit_splits=("train", "arc-gen")):
    """A blocky shape of the main colour masks a small colour patch of as many cells per side."""

    def plans(self, examples):
        yield True

    def candidates(self, examples):
        plan = self.fit(examples)
        if plan is None:
            return
        yield self.name, self.build(plan)
        side = max(max(o.shape) for _, o in examples)
        if side < N:
            yield f"{self.name}:corner{side}", self.build_corner(side)
            yield f"{self.name}:sample{side}", self.build_sample(side)

    def rule(self, plan, grid):
        return patch_mask(grid)

    def _bounds(self, g, cells, tag):
        """first and last used row (axis 2) / column (axis 3) of a [1,1,30,30] mask."""
        idx = g.floats(np.arange(30, dtype=np.float32))
        out = []
        for axis, name in ((3, "row"), (2, "col")):
            present = g.Cast(g.Greater(g.Reshape(g.ReduceMax(cells, axes=[axis], keepdims=0), g.ints([30])),
                                       g.floats(0.5)), to=1, name=f"{tag}_{name}s")
            first = g.Cast(g.ArgMax(present, axis=0, keepdims=1), to=1, name=f"{tag}_first_{name}")
            last = g.ReduceMax(g.Mul(present, idx), keepdims=1, name=f"{tag}_last_{name}")
            out.append((first, last))
        return out

    def build(self, plan):
        g = Graph()
        idx = g.floats(np.arange(30, dtype=np.float32))
        count = g.Mul(g.ReduceSum(g.input, axes=[2, 3], keepdims=1), g.floats(np.r_[0, np.ones(9)].reshape(1, 10, 1, 1)),
                      name="cells_per_colour")
        main = g.Cast(g.Equal(count, g.ReduceMax(count, axes=[1], keepdims=1)), to=1, name="main_colour")
        is_main = g.Conv(g.input, main, name="is_main")                                        # [1,1,30,30]
        filled = g.Conv(g.input, g.floats(np.r_[0, np.ones(9)].reshape(1, 10, 1, 1)), name="non_black")
        other = g.Sub(filled, is_main, name="patch_cells")
        (pt, pb), (pl, pr) = self._bounds(g, other, "others")
        near_rows = g.And(g.Not(g.Less(idx, g.Sub(pt, g.floats(1.0)))), g.Not(g.Greater(idx, g.Add(pb, g.floats(1.0)))))
        near_cols = g.And(g.Not(g.Less(idx, g.Sub(pl, g.floats(1.0)))), g.Not(g.Greater(idx, g.Add(pr, g.floats(1.0)))))
        near = g.Cast(g.And(g.Reshape(near_rows, g.ints([30, 1])), g.Reshape(near_cols, g.ints([1, 30]))), to=1,
                      name="near_others")
        (pt, pb), (pl, pr) = self._bounds(g, g.Mul(filled, near, name="patch_cells_all"), "patch")
        n = g.Add(g.Sub(pb, pt), g.floats(1.0), name="patch_side")
        in_rows = g.And(g.Not(g.Less(idx, pt)), g.Not(g.Greater(idx, pb)))
        in_cols = g.And(g.Not(g.Less(idx, pl)), g.Not(g.Greater(idx, pr)))
        in_patch = g.Cast(g.And(g.Reshape(in_rows, g.ints([30, 1])), g.Reshape(in_cols, g.ints([1, 30]))), to=1,
                          name="in_patch")
        shape = g.Sub(is_main, g.Mul(is_main, in_patch), name="shape_cells")
        (t, b), (l, _r) = self._bounds(g, shape, "shape")
        block = g.Div(g.Add(g.Sub(b, t), g.floats(1.0)), n, name="block_size")
        within = g.Less(idx, n, name="within_patch")
        pad = g.ints([0, 0, 0, 0, 0, 0, 1, 1])
        code = g.Pad(g.Conv(g.input, g.floats(np.arange(1, 11).reshape(1, 10, 1, 1))), pad, name="code_padded")
        shape_p = g.Pad(shape, pad, name="shape_padded")
        empty = g.floats(30.0)
        pr_i = g.Cast(g.Where(within, g.Add(idx, pt), empty), to=7, name="patch_rows")
        pc_i = g.Cast(g.Where(within, g.Add(idx, pl), empty), to=7, name="patch_cols")
        sr_i = g.Cast(g.Where(within, g.Add(g.Mul(idx, block), t), empty), to=7, name="sample_rows")
        sc_i = g.Cast(g.Where(within, g.Add(g.Mul(idx, block), l), empty), to=7, name="sample_cols")
        patch = g.Gather(g.Gather(code, pr_i, axis=2), pc_i, axis=3, name="patch_code")            # [1,1,30,30]
        sample = g.Gather(g.Gather(shape_p, sr_i, axis=2), sc_i, axis=3, name="shape_sample")
        inside = g.Cast(g.And(g.Reshape(within, g.ints([30, 1])), g.Reshape(within, g.ints([1, 30]))), to=1)
        cell = g.Where(g.Greater(sample, g.floats(0.5)), patch, inside, name="cell_code")          # black 1, off 0
        return g.model(g.Equal(cell, g.floats(np.arange(1, 11).reshape(1, 10, 1, 1))))

    def build_corner(self, k: int):
        """The rule on a K x K answer corner (K at least the patch side): see the module docstring."""
        g = Graph()
        idx = g.floats(np.arange(N, dtype=np.float32), name="rows")
        half, one = g.floats(0.5, name="half"), g.floats(1.0, name="one")
        nonblack = g.floats(np.r_[0, np.ones(9)].astype(np.float32), name="nonblack")

        def profile(weight, axis, *masks, name):
            eq = "bchw,c" + "".join("," + m for m, _ in masks) + "->" + axis
            return g.Einsum(g.input, weight, *[t for _, t in masks], equation=eq, name=name)

        count = g.Einsum(g.input, nonblack, equation="bchw,c->c", name="cells_per_colour")
        main = g.Cast(g.Equal(g.const(np.arange(10, dtype=np.int64), name="colour_ids"),
                              g.ArgMax(count, axis=0, keepdims=1)), to=1, name="main_colour")
        other = g.Sub(nonblack, main, name="other_colours")
        pt, pb = _first_last(g, g.Greater(profile(other, "h", name="other_rows"), half), "others_row")
        pl, pr = _first_last(g, g.Greater(profile(other, "w", name="other_cols"), half), "others_col")
        # [2,30] row masks: all rows, and the rows one step around the others' (so for columns); the
        # patch is the box of the coloured cells in that near box, so the cells between the two are black and
        # "outside the near box" is "outside the patch": with signs (1, -1) an Einsum counts shape cells
        in_r, in_c = _all_and_near(g, idx, one, (pt, pb), (pl, pr))
        pick_near = g.floats([0.0, 1.0], name="near_only")
        row_cells = g.Einsum(g.input, nonblack, in_r, in_c, pick_near, equation="bchw,c,kh,kw,k->h", name="patch_rows")
        col_cells = g.Einsum(g.input, nonblack, in_r, in_c, pick_near, equation="bchw,c,kh,kw,k->w", name="patch_cols")
        pt, pb = _first_last(g, g.Greater(row_cells, half), "patch_row")
        pl, pr = _first_last(g, g.Greater(col_cells, half), "patch_col")
        n = g.Add(g.Sub(pb, pt), one, name="patch_side")
        signs = g.floats([1.0, -1.0], name="signs")
        t, l, block = _shape_blocks(g, main, "c", (in_r, in_c), signs, half, one, n)
        ks = g.floats(np.arange(k, dtype=np.float32), name="answer_rows")
        off = g.floats(2.0 * N, name="off_canvas")      # a OneHot index past the canvas picks nothing
        within = g.Less(ks, n, name="within_patch")
        depth, onoff = g.floats(float(N), name="depth"), g.floats([0.0, 1.0], name="off_on")

        def picker(start, step, name):
            at = g.Add(g.Mul(ks, step), start) if step is not None else g.Add(ks, start)
            return g.OneHot(g.Where(within, at, off), depth, onoff, axis=-1, name=name)      # [K,30]

        codes = g.floats(np.arange(1, 11, dtype=np.float32).reshape(1, 10), name="codes")
        patch_rows, patch_cols = picker(pt, None, "patch_rows_pick"), picker(pl, None, "patch_cols_pick")
        code = g.Einsum(g.input, codes, patch_rows, patch_cols, equation="bchw,zc,ih,jw->bzij",
                        name="patch_code")                                              # 1..10 inside, 0 off
        sr, sc = picker(t, block, "sample_rows"), picker(l, block, "sample_cols")
        # the patch code where the sampled cell is a shape cell outside the patch: one Einsum reads the input
        # twice (patch code times shape sample), no separate sample plane
        kept = g.Einsum(g.input, codes, patch_rows, patch_cols, g.input, main, sr, sc, in_r, in_c, signs,
                        equation="bchw,zc,ih,jw,BCHW,C,iH,jW,kH,kW,k->bzij", name="kept_code")
        cell = g.Max(kept, g.Min(code, one), name="cell_code")                               # black 1, off 0
        return g.model(decode_code(g, g.Cast(cell, to=2, name="cell_code_u8"), (k, k)))

    def build_sample(self, k: int):
        """`build_corner`'s rule with fewer bytes: the others' and the patch's first and last lines from
        exponentially weighted sums (`first_last_lines`; at most K cells per line, the patch's side), and two
        GridSamples for the K x K answer: one reads the shape at each block's corner, the other the patch cell
        where the shape has a block and the (black) cell above the patch where not, off the canvas past the
        side; a Pad writes it to the canvas."""
        g = Graph()
        idx = g.floats(np.arange(N, dtype=np.float32), name="rows")
        half, one = g.floats(0.5, name="half"), g.floats(1.0, name="one")
        nonblack = g.floats(np.r_[0, np.ones(9)].astype(np.float32), name="nonblack")
        count = g.Einsum(g.input, nonblack, equation="bchw,c->c", name="cells_per_colour")
        main = g.Cast(g.Equal(g.const(np.arange(10, dtype=np.int64)[None], name="colour_ids"),
                              g.ArgMax(count, axis=0, keepdims=1)), to=1, name="main_colour")    # [1,10]
        other = g.Sub(nonblack, main, name="other_colours")
        pt, pb = first_last_lines(g, other, "i", k, N, "others_row")
        pl, pr = first_last_lines(g, other, "j", k, N, "others_col")
        in_r, in_c = _all_and_near(g, idx, one, (pt, pb), (pl, pr))
        pick_near = g.floats([0.0, 1.0], name="near_only")
        # the patch: non-black cells in the near box (at most K a line), first and last lines as above
        base = 2.0 * (k + 1)
        reach = np.log(k + 1) / np.log(base)
        signs = np.float32([-1, 1])
        powers = np.stack([base ** -np.arange(N), base ** np.arange(N)], 1).astype(np.float32)
        weights = g.const(powers, name="line_powers")

        def patch_lines(term, name):
            sums = g.Einsum(g.input, nonblack, in_r, in_c, pick_near, weights,
                            equation=f"bchw,c,kh,kw,k,{term}z->z", name=f"{name}_sums")
            lines = g.Round(g.Add(g.Mul(g.Log(sums, name=f"{name}_log"),
                                        g.const((signs / np.log(base)).astype(np.float32), name="by_log_base"),
                                        name=f"{name}_scaled"),
                                  g.const((-signs * reach / 2).astype(np.float32), name="half_reach"),
                                  name=f"{name}_f"), name=name)
            return g.Split(lines, axis=0, outputs=2, name=f"{name}_ends")

        pt, pb = patch_lines("h", "patch_rows")
        pl, _ = patch_lines("w", "patch_cols")
        n = g.Add(g.Sub(pb, pt), one, name="patch_side")
        t, l, block = _shape_blocks(g, main, "bc", (in_r, in_c), g.floats([1.0, -1.0], name="signs"), half, one, n)
        ks = g.floats(np.arange(k, dtype=np.float32), name="answer_rows")
        within = g.Less(ks, n, name="within_patch")
        scale = g.floats(2.0 / (N - 1), name="to_unit")
        off = g.floats(4.0, name="off_canvas")                  # a normalized coordinate past the canvas

        def coords(start, step, name):
            at = g.Add(g.Mul(ks, step), start) if step is not None else g.Add(ks, start)
            return g.Where(within, g.Sub(g.Mul(at, scale), one), off, name=name)                # [K]

        ey = g.const(np.float32([0, 1]).reshape(1, 1, 2), name="y_unit")
        ex = g.const(np.float32([1, 0]).reshape(1, 1, 2), name="x_unit")
        row_part = lambda ys, name: g.Einsum(ys, ey, equation="i,ajt->aijt", name=name)            # [1,K,1,2]
        col_part = lambda xs, name: g.Einsum(xs, ex, equation="j,ait->aijt", name=name)            # [1,1,K,2]
        shape_grid = g.Add(row_part(coords(t, block, "shape_ys"), "shape_rows_g"),
                           col_part(coords(l, block, "shape_xs"), "shape_cols_g"), name="shape_grid")
        shape_sample = g.GridSample(g.input, shape_grid, mode="nearest", align_corners=1, name="shape_sample")
        kept = g.Unsqueeze(g.Greater(g.Einsum(shape_sample, main, equation="bchw,bc->bhw", name="shape_here"),
                                     half, name="kept_b"), axes=[3], name="kept")                # [1,K,K,1]
        above = g.Sub(pt, one, name="above_patch")
        black_rows = g.Where(within, g.Sub(g.Mul(above, scale), one), off, name="black_ys")
        ys = g.Where(kept, row_part(coords(pt, None, "patch_ys"), "patch_rows_g"), row_part(black_rows, "black_rows"),
                     name="answer_rows_g")                                                       # [1,K,K,2]
        grid = g.Add(ys, col_part(coords(pl, None, "patch_xs"), "patch_cols_g"), name="answer_grid")
        answer = g.GridSample(g.input, grid, mode="nearest", align_corners=1, name="answer")      # [1,10,K,K]
        return g.model(g.Pad(answer, g.ints([0, 0, 0, 0, 0, 0, N - k, N - k], name="to_canvas")))


def _all_and_near(g, idx, one, rows, cols):
    """([2,30] float, [2,30] float): per axis, all lines, and the lines one step around (first, last)."""
    all_or = g.const(np.array([[False], [True]]), name="all_or_near")
    none, past = g.floats(-1.0, name="minus_one"), g.floats(float(N), name="past")

    def near(lo, hi, name):
        lo, hi = g.Where(all_or, g.Sub(lo, one), none), g.Where(all_or, g.Add(hi, one), past)
        return g.Cast(g.And(g.GreaterOrEqual(idx, lo), g.LessOrEqual(idx, hi)), to=1, name=name)

    return near(*rows, "rows_all_near"), near(*cols, "cols_all_near")


def _first_last(g, present, name):
    """([1] float, [1] float): the first and last index where the bool line mask `present` holds (ArgMax both
    ways over its uint8 cast)."""
    u8 = g.Cast(present, to=2, name=f"{name}_u8")
    first = g.Cast(g.ArgMax(u8, axis=0, keepdims=1), to=1, name=f"{name}_first")
    last = g.Cast(g.ArgMax(u8, axis=0, keepdims=1, select_last_index=1), to=1, name=f"{name}_last")
    return first, last


def _shape_blocks(g, main, main_sub, near, signs, half, one, n):
    """(top row, left column, block size): the main colour's shape counted in all lines less the near box
    (`signs`: 1, -1), its first row and column, and its height over the patch side n. `main_sub`: the Einsum
    subscripts of the main-colour selector ("c" for [10], "bc" for [1,10])."""
    rows = g.Einsum(g.input, main, *near, signs, equation=f"bchw,{main_sub},kh,kw,k->h", name="shape_rows")
    cols = g.Einsum(g.input, main, *near, signs, equation=f"bchw,{main_sub},kh,kw,k->w", name="shape_cols")
    t, b = _first_last(g, g.Greater(rows, half), "shape_row")
    l, _ = _first_last(g, g.Greater(cols, half), "shape_col")
    return t, l, g.Div(g.Add(g.Sub(b, t), one), n, name="block_size")
