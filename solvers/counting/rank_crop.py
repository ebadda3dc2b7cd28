"""Rank crop: the output is the input cropped to the bounding box of one colour, the colour ranked first by
its count, box area or empty box cells (most or fewest), background aside.

Graph: a rank key over the colour counts (or box measures) picks the colour, its first and last row and
column bound run-time 0/1 crop maps (OneHot of each output line's source line), and one Einsum R input C^T
writes the output.

The `extent` reading (the colour whose box, by first and last line, has the least height + width) where the
box shows only that colour on the background has a cheaper graph (`build_resize`): power moments of the lines
give each colour's box size and the chosen colour's corner, one Resize crops its channel, one Conv writes it.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .._common_graph import counts_node
from .._common_grids import C, N, output_bound
from ._summary import Readings, box_sides, measure_value, rank_key, ranked


class RankCrop(Readings, name="rank_crop", tasks=("task014", "task031", "task036", "task049", "task300", "task310"),
               refuses="task263", fit_splits=("train", "test", "arc-gen")):
    """Output is the input cropped to the bounding box of one colour, the colour chosen by rank (most or fewest cells,
    largest or smallest box, most or fewest empty box cells)."""

    def plans(self, examples):
        if not all(i.shape == o.shape for i, o in examples):
            for measure in ("count", "area", "holes"):
                for mode in ("most", "least"):
                    yield mode, measure
            if _extent_fits(examples):
                yield "least", "extent"

    def rule(self, plan, grid):
        c = _least_extent(grid) if plan[1] == "extent" else ranked(grid, plan[0], True, plan[1])
        if c is None:
            return None
        ys, xs = np.nonzero(grid == c)
        return grid[ys.min():ys.max() + 1, xs.min():xs.max() + 1]

    def label(self, plan):
        return f"{plan[0]}_{plan[1]}"

    def graphs(self, plan, examples):
        """The full-canvas graph, and where the outputs have a plain bound (`output_bound`: a largest size
        many examples reach, the generator's randint end) a window variant whose crop maps are only that
        many lines long, placed on the canvas by [30,h] / [30,w] identity embeddings in the one Einsum (exact for answers inside
        the bound)."""
        cap = output_bound(examples)
        if plan[1] == "extent":
            if cap is not None and min(cap) > 1:     # a one-line axis: Resize reads the roi's middle instead
                yield ":resize", self.build_resize(plan, cap)
            return
        yield "", self.build(plan)
        if cap is not None and cap[0] < N and cap[1] < N:
            yield ":window", self.build(plan, cap)
            pick = lambda grid: ranked(grid, plan[0], True)      # noqa: E731
            if plan[1] == "count" and min(cap) > 1 and _resize_fits(examples, pick):
                yield ":resize", self.build_resize(plan, cap)

    def build(self, plan, cap=None):
        """The crop is out = R input C^T with run-time 0/1 maps: R[y,i] = 1 where i = y0 + y and y is
        inside the box's height (C likewise), one Einsum writing the output."""
        mode, measure = plan
        cap = (N, N) if cap is None else cap
        g = Graph()
        counts = counts_node(g)
        sides = box_sides(g) if measure != "count" else None
        key = rank_key(g, counts, measure_value(g, counts, measure, sides), mode, True)
        chosen = g.Cast(g.Equal(key, g.ReduceMax(key, axes=[1], keepdims=1, name="best"), name="chosen"), to=1,
                        name="chosen_f")                                                 # [1,10,1,1]
        maps = []
        for (label, eq), n in zip((("row", "bcyx,bcij->y"), ("col", "bcyx,bcij->x")), cap):
            # 1 on the rows (columns) holding the chosen colour: [30]
            if measure != "count":        # the projections are at hand already
                line = g.Einsum(sides[0] if label == "row" else sides[1], chosen, equation=eq,
                                name=f"{label}s_chosen")
            else:
                line = g.Cast(g.Greater(g.Einsum(g.input, chosen, equation=eq, name=f"{label}_chosen_cells"),
                                        g.floats(0.5, name="half"), name=f"{label}s_chosen_b"), to=1,
                              name=f"{label}s_chosen")
            index = g.const(np.arange(N, dtype=np.float32), name="index")
            first = g.ReduceMin(g.Add(index, g.Mul(g.Sub(g.floats(1.0, name="one"), line, name=f"{label}_off"),
                                                   g.floats(float(N), name="far"), name=f"{label}_push"),
                                      name=f"{label}_candidates"), axes=[0], keepdims=1, name=f"first_{label}")
            last = g.ReduceMax(g.Mul(line, index, name=f"{label}_at"), axes=[0], keepdims=1, name=f"last_{label}")
            size = g.Sub(last, first, name=f"{label}_span")                                # box size - 1
            # output line y reads input line first + y while y <= size, nothing after
            out_index = index if n == N else g.const(np.arange(n, dtype=np.float32), name=f"{label}_out_index")
            target = g.Where(g.Not(g.Greater(out_index, size, name=f"{label}_past"), name=f"{label}_inside"),
                             g.Add(out_index, first, name=f"{label}_source"), g.floats(float(4 * N), name="none"),
                             name=f"{label}_target")                                        # [30]
            # OneHot writes the float map itself (a target past the depth: an all-zero line)
            maps.append(g.OneHot(target, g.floats(float(N), name="depth"), g.floats([0.0, 1.0], name="off_on"),
                                 name=f"{label}_map"))                                      # [n,30]
        if cap == (N, N):
            return g.model(g.Einsum(maps[0], g.input, maps[1], equation="yi,bcij,xj->bcyx"))
        # the [h,30] / [w,30] maps' lines placed on the canvas by identity embeddings inside the one Einsum
        embeds = [g.const(np.eye(N, n, dtype=np.float32), name=f"embed{n}") for n in cap]
        return g.model(g.Einsum(embeds[0], maps[0], g.input, maps[1], embeds[1], equation="Yy,yi,bcij,xj,Xx->bcYX"))

    def build_resize(self, plan, cap):
        """Per colour four power moments of its lines (two Einsums with one [2,30] table: sum B^-line and
        B^line over rows, then columns): log_B of the first (last) one is minus the first (the last) line, to
        within _SLACK, so their product is B^(height + width), to within 2 _SLACK lines: the least present
        non-background one picks the colour (the `count` reading: the colour counts pick it, and only the chosen
        colour's two first-line moments are taken, by two Einsums with one [30] table). Its first row and column (log_B of its moments, rounded by the nearest Resize itself) and its
        channel index make the roi of one tf_crop_and_resize Resize that reads the [h, w] crop of that channel.
        The box is where the crop's rows and columns hold the colour (every line of the box does); one 1x1 Conv
        whose weights are +1 on the colour's channel and -1 on the background's writes `output` from the crop
        minus half the box (+1/2 on the colour, -1/2 on the box's background, 0 beyond), padded to the canvas."""
        mode, measure = plan
        hr, hc = cap
        g = Graph()
        at = np.arange(N) - _MID
        first_w, last_w = _BASE ** (-at - _SLACK / 2), _BASE ** (at + 1 - _SLACK / 2)
        # per-colour values as [10,1,1,1] (the Conv weights' shape: no Reshape at the end); one line-power table
        # serves rows and columns
        dims = g.const(np.ones((1, 1, 1), np.float32), name="weight_dims")
        if measure == "extent":    # B^(h+w) = the product of the four moments, inf past float
            powers = g.const(np.stack([first_w, last_w]).astype(np.float32), name="line_powers")     # [2,30]
            row_moments, col_moments = (g.Einsum(g.input, powers, dims, equation=f"bchw,k{axis},xyz->cxyzk",
                                                 name=f"{tag}_moments") for axis, tag in (("h", "row"), ("w", "col")))
            value = g.Mul(g.ReduceProd(row_moments, axes=[4], keepdims=0, name="box_rows_size"),
                          g.ReduceProd(col_moments, axes=[4], keepdims=0, name="box_cols_size"),
                          name="box_size")                                                      # [10,1,1,1]
        else:                      # the counts pick; only the chosen colour's moments are read (below)
            powers = g.const(first_w.astype(np.float32), name="line_powers")                            # [30]
            value = g.Einsum(g.input, dims, equation="bchw,xyz->cxyz", name="colour_counts")  # [10,1,1,1]
        shown = g.Greater(value, g.const(np.float32([np.inf] + [0] * 9).reshape(C, 1, 1, 1), name="shown_above"),
                          name="shown")
        far = np.float32(np.inf if mode == "least" else -1)        # background and absent colours never win
        key = g.Where(shown, value, g.const(far, name="never"), name="rank_key")
        best = (g.ReduceMin if mode == "least" else g.ReduceMax)(key, keepdims=0, name="best")
        chosen = g.Cast(g.Equal(key, best, name="is_best"), to=1, name="chosen")                    # [10,1,1,1]
        if measure == "extent":    # the chosen colour's first-row and first-column moments
            first = g.const(np.float32([[1], [0]]), name="first_moment")
            chosen_moments = g.Concat(*(g.Einsum(chosen, m, first, equation="cxyz,cxyzk,kj->j", name=f"chosen_{tag}")
                                        for m, tag in ((row_moments, "row"), (col_moments, "col"))),
                                      axis=0, name="chosen_moments")                               # [2]
        else:
            chosen_moments = g.Concat(*(g.Einsum(g.input, chosen, powers, equation=f"bchw,cxyz,{axis}->b",
                                                 name=f"chosen_{tag}") for axis, tag in (("h", "row"), ("w", "col"))),
                                      axis=0, name="chosen_moments")                               # [2]
        logs = g.Log(chosen_moments, name="chosen_logs")
        # roi (batch, channel, row, column starts, then ends), normalised by (length - 1): the chosen channel,
        # rows first + y for y < h (first = MID - log_B of the first-row moment, within 1/2: Resize rounds)
        # one MatMul of (logs, chosen channel, 1): the channel index read off `chosen` by one Einsum
        table = np.zeros((4, 8), np.float32)
        table[0, [2, 6]] = table[1, [3, 7]] = -1 / (np.log(_BASE) * (N - 1))
        table[-2, [1, 5]] = 1 / (C - 1)
        table[-1, [2, 3]] = _MID / (N - 1)
        table[-1, 6], table[-1, 7] = (_MID + hr - 1) / (N - 1), (_MID + hc - 1) / (N - 1)
        channel = g.Einsum(chosen, g.const(np.arange(C, dtype=np.float32).reshape(1, C), name="channel_index"),
                           equation="cxyz,kc->k", name="chosen_channel")                                # [1]
        at = g.Concat(logs, channel, g.const(np.float32([1]), name="unit"), axis=0, name="roi_terms")
        roi = g.MatMul(at, g.const(table, name="roi_table"), name="roi")
        crop = g.Resize(g.input, roi, "", g.ints([1, 1, hr, hc], name="crop_size"), mode="nearest",
                        coordinate_transformation_mode="tf_crop_and_resize", name="crop")      # [1,1,h,w]
        rows_on = g.ReduceMax(crop, axes=[3], keepdims=1, name="box_rows")
        cols_on = g.ReduceMax(crop, axes=[2], keepdims=1, name="box_cols")
        half_box = g.Einsum(rows_on, cols_on, g.const(np.float32(0.5), name="half"), equation="bcyi,bcjx,->bcyx",
                            name="half_box")
        code = g.Sub(crop, half_box, name="crop_code")
        background = np.float32(np.arange(C) == 0).reshape(C, 1, 1, 1)
        weights = g.Sub(chosen, g.const(background, name="background"), name="conv_weights")     # [10,1,1,1]
        return g.model(g.Conv(code, weights, pads=[0, 0, N - hr, N - hc]))


# power-moment base: above the 30 cells a line holds, so a colour's first (last) line dominates its moment
_BASE = 64.0
_MID = 15            # line exponents run from -MID: every moment stays inside float32
_SLACK = np.log(N * _BASE / (_BASE - 1)) / np.log(_BASE)     # log_B of the later lines' share, below 1


def _extents(grid):
    """Per present non-background colour, its box height + width by first and last line."""
    out = {}
    for c in range(1, 10):
        ys, xs = np.nonzero(grid == c)
        if len(ys):
            out[c] = ys.max() - ys.min() + xs.max() - xs.min() + 2
    return out


def _least_extent(grid):
    """The colour with the least box height + width, or None on a tie."""
    ext = _extents(grid)
    if not ext:
        return None
    best = min(ext.values())
    return None if list(ext.values()).count(best) > 1 else min(ext, key=ext.get)


def _resize_fits(examples, pick):
    """Whether `build_resize` holds on every example for the colour `pick` chooses: its box shows only that
    colour on the background, every line of it holding the colour."""
    for grid, out in examples:
        c = pick(grid)
        if c is None or not set(np.unique(out)) <= {0, c}:
            return False
        if not ((out == c).any(0).all() and (out == c).any(1).all()):
            return False
    return True


def _extent_fits(examples):
    """Whether `build_resize` holds for the least-extent reading: on every example that colour's box is at least
    4 lines (of height + width) below every other colour's (its moment key is exact to within 2 * _SLACK lines),
    and `_resize_fits`."""
    for grid, _ in examples:
        ext = _extents(grid)
        c = _least_extent(grid)
        if c is None or any(v < ext[c] + 4 for k, v in ext.items() if k != c):
            return False
    return _resize_fits(examples, _least_extent)
