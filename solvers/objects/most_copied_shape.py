"""Most copied shape: the grid holds copies of small shapes, one colour per shape; the output is the shape whose
colour has the most separate copies (8-connected, counted per colour), cropped to its box.

Copies are counted without components, per colour: every cell of colour c starts with its raster index
(one byte), a few rounds of 3x3 MaxPool masked to the colour's cells spread each copy's largest index over
it, and the cells that keep their own index (one per copy) are counted. The rounds needed are measured on
the examples (plus a margin).

Graph on the input window: one Einsum writes the colour code map of the window ([1,1,S,S]); Equal with
colours 1..9 gives the per-colour cells ([1,9,S,S] bool), Where/MaxPool rounds spread the ids, the copy
counts come from MatMulInteger with ones; the winning colour's largest head id marks one copy, whose first
row / column (ArgMax) place two [n,S] sampling matrices, and one Einsum reads the copy's n x m box, painted
by a Where of the colour, padded into `output`.

Where copies never touch and their holes are single cells (as the examples show), a cheaper candidate counts
copies by their Euler number instead (`build_euler`: scalar pattern Einsums on the free input, no spreading).
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_graph import local_object_count, object_counts
from .._common_grids import fixed_out_shape, spread_ids

MARGIN_ROUNDS = 1


def copies(grid, c):
    """(spread rounds needed, per-copy masks) of colour c, 8-connected."""
    mask = grid == c
    n, _, v = spread_ids(mask)
    heads = np.unique(v[mask])
    return n, [v == k for k in heads]


def common_shape(grid):
    """(output, rounds) or None."""
    best, rounds = {}, 0
    for c in range(1, 10):
        if (grid == c).any():
            n, masks = copies(grid, c)
            rounds = max(rounds, n)
            best[c] = masks
    if not best:
        return None
    top = max(len(m) for m in best.values())
    winners = [c for c, m in best.items() if len(m) == top]
    if len(winners) != 1:
        return None
    c = winners[0]
    m = best[c][-1]                       # the copy holding the largest index
    rows, cols = np.nonzero(m)
    box = m[rows.min():rows.max() + 1, cols.min():cols.max() + 1]
    return np.where(box, c, 0), rounds


def most_copied_head(g, cells, s, rounds):
    """Each plane's cells (a colour's, or a rank's: [1,P,S,S] bool) flooded with raster ids for `rounds` steps,
    so every copy holds its highest cell id; each plane's copy count, and the highest head id among the planes
    with the most copies. (ids [1,1,S,S], spread ids [1,P,S,S], counts [1,P,1,1], top head [1,1,1,1])"""
    ids = g.const((np.arange(s * s) + 1).astype(np.uint8).reshape(1, 1, s, s), name="cell_ids")
    zero = g.const(np.uint8(0), name="zero")
    spread = g.Where(cells, ids, zero, name="ids0")
    for r in range(rounds):
        grown = g.MaxPool(spread, kernel_shape=[3, 3], pads=[1, 1, 1, 1], name=f"grown{r}")
        spread = g.Where(cells, grown, zero, name=f"ids{r + 1}")
    heads = g.And(g.Equal(spread, ids, name="own_id"), cells, name="heads")
    per_row = g.MatMulInteger(g.Cast(heads, to=2, name="heads_u8"), g.const(np.ones((s, 1), np.uint8), name="ones"),
                              name="heads_per_row")
    count = g.ReduceSum(per_row, axes=[2, 3], keepdims=1, name="copies")
    winner = g.Equal(count, g.ReduceMax(count, axes=[1], keepdims=1, name="most"), name="winner")
    head_ids = g.Where(g.And(heads, winner, name="winner_heads"), ids, zero, name="winner_head_ids")
    return ids, spread, count, g.ReduceMax(head_ids, keepdims=1, name="top_head")


def line_sampler(g, mask, rank, axis, n, s, tag):
    """[n,1,S] one-hot of n consecutive lines along `axis` of the rank-`rank` `mask` (an S x S grid in its last
    two axes), from the first line that holds a cell: where the copied shape is read."""
    has = g.ReduceMax(mask, axes=[2 * rank - 3 - axis], keepdims=0, name=f"{tag}_has")             # [..., S]
    first = g.Cast(g.ArgMax(has, axis=rank - 2, keepdims=1, name=f"{tag}_first_i"), to=1, name=f"{tag}_first")
    at = g.Add(first, g.const(np.arange(n, dtype=np.float32).reshape(n, 1, 1), name=f"steps{n}"),
               name=f"{tag}_at")                                                                   # [n,1,1]
    return g.Cast(g.Equal(at, g.const(np.arange(s, dtype=np.float32).reshape(1, 1, s), name="lines"),
                          name=f"{tag}_hit"), to=1, name=f"{tag}_sample")                         # [n,1,S]


def build_ranked(plan, k):
    """The graph with k colour planes instead of nine, for grids of at most k colours: a colour's plane is its
    rank among the colours present (Einsum of the present colours with a triangular table), so the spread
    rounds work on [1,k,S,S] bytes; the winning rank names the output colour."""
    g = Graph()
    s, (oh, ow) = plan["side"], plan["out"]
    present = g.ReduceMax(g.input, axes=[2, 3], keepdims=0, name="present")                        # [1,10]
    below = np.triu(np.ones((10, 10), np.float32))
    below[0] = 0
    rank = g.Einsum(present, g.const(below, name="ranks_up_to"), equation="bc,cd->bd", name="rank")  # [1,10]
    # the rank code of the S x S window, by a corner Conv (2x2 dilated to 30 - S: only its (0, 0) tap lands on
    # a grid) whose weight is the rank vector
    kk = 1 if s == 30 else 2
    tap = np.zeros((1, 10, kk, kk), np.float32)
    tap[0, :, 0, 0] = 1
    weight = g.Mul(g.Reshape(rank, g.ints([1, 10, 1, 1], name="rank_shape"), name="rank4"),
                   g.const(tap, name="corner_tap"), name="rank_w")
    code = g.Conv(g.input, weight, name="rank_code",
                  **({} if s == 30 else {"dilations": [30 - s, 30 - s]}))                           # [1,1,S,S]
    cells = g.Equal(code, g.const(np.arange(1, k + 1, dtype=np.float32).reshape(1, k, 1, 1), name="ranks"),
                    name="cells")                                                                   # [1,k,S,S]
    ids, spread, count, top = most_copied_head(g, cells, s, plan["rounds"])
    merged = g.ReduceMax(spread, axes=[1], keepdims=1, name="merged_ids")                            # [1,1,S,S]
    mask = g.Cast(g.Equal(merged, top, name="copy_b"), to=1, name="copy_mask")

    rows, cols = line_sampler(g, mask, 4, 2, oh, s, "row"), line_sampler(g, mask, 4, 3, ow, s, "col")
    shape = g.Cast(g.Einsum(mask, rows, cols, equation="bzhw,ixh,jyw->bij", name="shape"), to=9, name="shape_b")
    # the output colour: present, and of the winning rank (ranks count from 1)
    top_rank = g.Cast(g.ArgMax(count, axis=1, keepdims=0, name="top_rank_i"), to=1, name="top_rank")  # [1,1,1]
    of_rank = g.Equal(g.Sub(rank, g.const(np.float32(1), name="one"), name="rank0"),
                      g.Reshape(top_rank, g.ints([1, 1], name="pair"), name="top_rank2"), name="of_rank")
    ink = g.Cast(g.And(of_rank, g.Greater(present, g.const(np.float32(0.5), name="half"), name="is_present"),
                       name="is_colour"), to=2, name="ink_flat")                                   # [1,10]
    ink = g.Reshape(ink, g.ints([1, 10, 1, 1], name="channel_shape"), name="ink")
    background = np.zeros((1, 10, 1, 1), np.uint8)
    background[0, 0] = 1
    small = g.Where(g.Unsqueeze(shape, axes=[1], name="shape4"), ink, g.const(background, name="background"),
                    name="small")                                                                  # [1,10,oh,ow]
    return g.model(g.Pad(small, g.const(np.asarray([0, 0, 0, 0, 0, 0, 30 - oh, 30 - ow], np.int64), name="pads")))


def first_copy_box(grid, c, oh, ow):
    """What the Euler graph reads: the oh x ow box at the first row holding colour c, from the first column
    of the run of columns (holding c within those rows) that contains the row's first c cell."""
    rows = np.nonzero((grid == c).any(axis=1))[0]
    r0 = rows[0]
    band = (grid[r0:r0 + oh] == c).any(axis=0)
    first = np.nonzero(grid[r0] == c)[0][0]
    gaps = np.nonzero(~band[:first])[0]
    c0 = gaps[-1] + 1 if len(gaps) else 0
    return grid[r0:r0 + oh, c0:c0 + ow]


def euler_shape(grid, oh, ow):
    """The Euler graph's output where it is the most copied shape (copies counted by local patterns, one
    winner), else None."""
    want = common_shape(grid)
    if want is None:
        return None
    counts = [local_object_count(grid == c, grid == 0) if c else -1 for c in range(10)]
    c = int(np.argmax(counts))
    if counts.count(counts[c]) != 1 or counts[c] != len(copies(grid, c)[1]):
        return None
    box = first_copy_box(grid, c, oh, ow)
    return box if np.array_equal(box, want[0]) else None


def build_euler(plan):
    """Copies counted per colour by the Euler patterns (`object_counts`: [10] counts, one Einsum each, on
    the free input), so no id spreading: the winner's one-hot weights the colours; its first row, that
    row's first cell and the run of occupied columns around it place two [n,30] sampling matrices, and
    one Einsum copies the input's box (background and colour channels alike) into `output`."""
    g = Graph()
    oh, ow = plan["out"]
    colours = np.ones(10, np.float32)
    colours[0] = 0
    background = np.eye(10, dtype=np.float32)[0]
    count = object_counts(g, colours, background, per_channel=True)                    # [10]
    winner = g.Cast(g.Equal(count, g.ReduceMax(count, keepdims=1, name="most"), name="winner_b"), to=1,
                    name="winner")                                                     # [10] one-hot
    lines = g.const(np.arange(30, dtype=np.float32), name="lines")

    def first(has, name):       # index (float [1]) of the first line with a count > 0
        hit = g.Cast(g.Greater(has, g.const(np.float32(0), name="zero"), name=f"{name}_b"), to=2,
                     name=f"{name}_u8")
        return g.Cast(g.ArgMax(hit, axis=0, keepdims=1, name=f"{name}_i"), to=1, name=name)

    def sampler(start, n, name):   # [n,30]: row a picks line start + a (one OneHot of the n line indices)
        steps = g.const(np.arange(n, dtype=np.float32), name=f"steps{n}")
        return g.OneHot(g.Add(start, steps, name=f"{name}_lines"), g.const(np.float32(30), name="depth30"),
                        g.const(np.array([0, 1], np.float32), name="off_on"), name=name)

    row_has = g.Einsum(g.input, winner, equation="bcij,c->i", name="row_has")          # [30]
    rows = sampler(first(row_has, "top"), oh, "rows")                                  # [oh,30]
    top_row = g.const(np.eye(oh, dtype=np.float32)[0], name="top_row")
    lead = g.Einsum(g.input, winner, rows, top_row, equation="bcij,c,ai,a->j", name="top_row_has")
    band = g.Einsum(g.input, winner, rows, equation="bcij,c,ai->j", name="band_has")   # [30]
    lead_col = first(lead, "lead")
    # the box starts after the last empty band column left of the lead cell
    gap = g.And(g.Equal(band, g.const(np.float32(0), name="zero"), name="band_empty"),
                g.Less(lines, lead_col, name="left_of_lead"), name="gap")
    start = g.ReduceMax(g.Where(gap, g.const(np.arange(1, 31, dtype=np.float32), name="lines1"),
                                g.const(np.float32(0), name="zero"), name="after_gap"), keepdims=1,
                        name="left")
    cols = sampler(start, ow, "cols")                                                  # [ow,30]
    place_r = g.const(np.eye(30, oh, dtype=np.float32), name="place_rows")
    place_c = place_r if ow == oh else g.const(np.eye(30, ow, dtype=np.float32), name="place_cols")
    return g.model(g.Einsum(g.input, rows, cols, place_r, place_c, equation="bkij,ai,dj,ya,xd->bkyx"))


class MostCopiedShape(Solver, name="most_copied_shape", tasks=("task079",), refuses="task325",
                      aliases=("c7_common_shape",), fit_splits=("train", "test", "arc-gen")):
    """Output = the shape whose colour has the most separate copies in the grid, cropped to its box."""

    def plans(self, examples):
        out = fixed_out_shape(examples)
        side = max(max(i.shape) for i, _ in examples)
        if out is None or all(i.shape == o.shape for i, o in examples) or side * side > 255:
            return
        first = common_shape(examples[0][0])
        if first is None or not np.array_equal(first[0], examples[0][1]):
            return
        found = [common_shape(i) for i, _ in examples]
        if None not in found:
            yield {"side": side, "out": out, "rounds": max(n for _, n in found) + MARGIN_ROUNDS}

    def rule(self, plan, grid):
        if max(grid.shape) > plan["side"]:
            return None                 # the graph reads only the window the examples fill
        got = common_shape(grid)
        if got is None or got[1] > plan["rounds"] or got[0].shape != plan["out"]:
            return None                 # more spreading rounds, or another box, than the graph has
        return got[0]

    def candidates(self, examples):
        """The nine-plane graph, then the rank-plane one for as many colours as an example's input holds."""
        plan = self.fit(examples)
        if plan is None:
            return
        yield self.name, self.build(plan)
        k = max(len(np.unique(i[i > 0])) for i, _ in examples)
        if k < 9:
            yield f"{self.name}:ranked{k}", build_ranked(plan, k)
        if all(np.array_equal(euler_shape(i, *plan["out"]), o) for i, o in examples):
            yield f"{self.name}:euler", build_euler(plan)

    def build(self, plan):
        g = Graph()
        s, (oh, ow) = plan["side"], plan["out"]
        window = np.eye(s, 30, dtype=np.float32)
        take = g.const(window, name="window")
        code = g.Einsum(g.input, g.const(np.arange(10, dtype=np.float32), name="colour_index"), take, take,
                        equation="bchw,c,ih,jw->bij", name="code")                                  # [1,S,S]
        colours = g.const(np.arange(1, 10, dtype=np.float32).reshape(1, 9, 1, 1), name="colours")
        cells = g.Equal(g.Unsqueeze(code, axes=[1], name="code4"), colours, name="cells")          # [1,9,S,S]
        ids, spread, count, top = most_copied_head(g, cells, s, plan["rounds"])
        # ids are raster indices, so the top head's id names one copy of one colour: the copy is where the
        # colours' spread ids (merged by ReduceMax) equal it, its colour is the code at the head cell
        merged = g.ReduceMax(spread, axes=[1], keepdims=0, name="merged_ids")                         # [1,S,S]
        mask = g.Cast(g.Equal(merged, g.Squeeze(top, axes=[1], name="top3"), name="copy_b"), to=1,
                      name="copy_mask")                                                               # [1,S,S]
        at_head = g.Equal(g.Squeeze(ids, axes=[1], name="ids3"), g.Squeeze(top, axes=[1], name="top3b"),
                          name="at_head")
        colour = g.ReduceMax(g.Where(at_head, code, g.const(np.float32(-1), name="none"), name="head_code"),
                             keepdims=0, name="colour")                                               # []

        rows, cols = line_sampler(g, mask, 3, 1, oh, s, "row"), line_sampler(g, mask, 3, 2, ow, s, "col")
        shape = g.Einsum(mask, rows, cols, equation="bhw,ixh,jyw->bij", name="shape")                 # [1,oh,ow]
        shape = g.Cast(shape, to=9, name="shape_b")
        background = np.zeros((1, 10, 1, 1), np.uint8)
        background[0, 0] = 1
        ink = g.Cast(g.Equal(colour, g.const(np.arange(10, dtype=np.float32).reshape(1, 10, 1, 1), name="palette"),
                             name="is_colour"), to=2, name="ink")                                     # [1,10,1,1]
        small = g.Where(g.Unsqueeze(shape, axes=[1], name="shape4"), ink, g.const(background, name="background"),
                        name="small")                                                                 # [1,10,oh,ow]
        pads = g.const(np.asarray([0, 0, 0, 0, 0, 0, 30 - oh, 30 - ow], np.int64), name="pads")
        return g.model(g.Pad(small, pads))
