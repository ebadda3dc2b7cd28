"""Objects of one colour (connected components) recoloured by their size, or by the rank of their size,
through a fixed table; grids of one fixed size.

Graph: a dilated 1x1 Conv reads the colour index of the H x W corner; every object cell starts with its own
id and takes the largest id around it, a fixed number of rounds of MaxPool, so each object ends up holding one
label; one ScatterElements (reduction add) counts the cells of each label into one slot per label, and a
lookup gives the colour (a table with at most two sizes off its default colour: an Equal + Where per size on
one-byte counts). Ids grow towards the grid's centre, so an object's label starts near its middle and
a large object (a background) settles in about half the rounds that row-major ids take.

Two kinds need no objects at all, each two local layers (`_build_small`, `_build_ringed`): objects of at most
3 cells (4-connected; task369's generator draws 1 to 3), sized by their cells' degrees; and k x k holes of
one colour inside whole rings of the other (task302's generator draws boxes apart, holes of side 1 to 3),
found by a template per side and coloured by it (task102's generator: square holes of side 1 to 4 red, the
other holes kept; its one paint colour makes the merged graph, one spread channel per colour, the cheaper).
A third (`_build_lines`) ranks straight lines by length from row and column counts (task374's generator:
three lines of distinct lengths, apart, one per row or column).
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

N = 30                     # the canvas side

from .. import Solver
from .._common_graph import corner_plane
from .._common_grids import same_shape
from ..local._code_decode import decode_code


def _cell_ids(H, W):
    """[H,W] ids 1..H*W, the largest at the grid's centre and falling off outwards (Chebyshev distance, then
    Manhattan, then row-major): the cell an object's label comes from lies near the object's middle when
    the object spans the centre, so the label reaches all of it in fewer rounds."""
    y, x = np.abs(np.mgrid[:H, :W] - np.array([(H - 1) / 2, (W - 1) / 2]).reshape(2, 1, 1))
    far = sorted(range(H * W), key=lambda k: (max(y.flat[k], x.flat[k]), y.flat[k] + x.flat[k], k))
    ids = np.zeros(H * W, np.int64)
    ids[far] = np.arange(H * W, 0, -1)
    return ids.reshape(H, W)


def _objects(mask, conn, rounds=None):
    """(labels, rounds that changed them): each cell of the mask starts with its own id (`_cell_ids`) and
    takes the largest id among itself and its 4 or 8 neighbours in the mask each round, as the graph's
    MaxPools do, until nothing changes (or `rounds` rounds are done); each object then holds one label."""
    H, W = mask.shape
    label = _cell_ids(H, W) * mask
    near = [(0, 1), (1, 0), (1, 2), (2, 1)] + ([(0, 0), (0, 2), (2, 0), (2, 2)] if conn == 8 else [])
    done = 0
    while rounds is None or done < rounds:
        p = np.pad(label, 1)
        grown = label.copy()
        for dy, dx in near:
            grown = np.maximum(grown, p[dy:dy + H, dx:dx + W])
        grown *= mask
        if np.array_equal(grown, label):
            break
        label, done = grown, done + 1
    return label, done


def _sizes(label):
    """(each cell's object size, 0 off the objects; every label's size)."""
    ids, counts = np.unique(label[label > 0], return_counts=True)
    size = np.zeros(label.shape, np.int64)
    size[label > 0] = counts[np.searchsorted(ids, label[label > 0])]
    return size, counts


def _across(H, W, conn):
    """Rounds a straight line across the grid (any full row or column) needs."""
    lines = [np.arange(H)[:, None] == y for y in range(H)] + [np.arange(W)[None, :] == x for x in range(W)]
    return max(_objects(np.broadcast_to(line, (H, W)), conn)[1] for line in lines)


def _steps(need, across):
    """Propagation rounds: the most any example needs when a tenth of the examples need it (the generator's
    bound), else one more than that (a rarer top has a tail beyond it: task302's generator needs one round
    past its shown top in about 1 draw of 1,500) and at least a straight line across the grid."""
    top = max(need)
    if need.count(top) >= max(3, len(need) // 10):
        return max(1, top)
    return max(top + 1, across)


def _counts(g, flat, n, dtype, start=None):
    """[n+1] cells per label (label = index), counted by one ScatterElements (reduction add) from `start`."""
    start = np.zeros(n + 1, dtype) if start is None else start
    return g.ScatterElements(g.const(start, name="no_cells"), flat, g.const(np.ones(n, dtype), name="one_each"),
                             axis=0, reduction="add", name="object_sizes")


def _label_colours(g, p, flat, n, plus=0):
    """[n+1] uint8 colour (+ plus) per label. A table with at most two sizes off its default colour: one-byte counts
    (n <= 254) and an Equal + Where per such size, (1 + 2k)(n+1) bytes and no table; else int32 counts (Gather
    takes no one-byte indices) read through a size -> colour table, fixed or, for ranks, scattered from TopK."""
    if "table" in p:
        others = {s_: v for s_, v in p["table"].items() if v != p["default"]}
        if len(others) <= 2:
            sizes = _counts(g, flat, n, np.uint8)
            paint = g.const(np.uint8(p["default"] + plus), name="default_colour")
            for s_, v in sorted(others.items()):
                paint = g.Where(g.Equal(sizes, g.const(np.uint8(s_), name=f"size{s_}"), name=f"is_size{s_}"),
                                g.const(np.uint8(v + plus), name=f"colour{v}"), paint, name="label_colour")
            return paint
        lut = np.full(n + 1, p["default"] + plus, np.uint8)      # every possible size has an entry: no clamping
        for s_, v in p["table"].items():
            lut[s_] = v + plus
        sizes = _counts(g, flat, n, np.int32)
        return g.Gather(g.const(lut, name="size_to_colour"), sizes, axis=0, name="label_colour")
    # label 0 (every cell off the objects) starts at -(n+1): it ends negative, never ranks, and still indexes
    # the table (from its end). The table from the R largest sizes: each takes its rank's colour, the first
    # rank where sizes tie (written last: the ranks go in from the last), every other size rank 0's colour
    start = np.zeros(n + 1, np.int32)
    start[0] = -(n + 1)
    sizes = _counts(g, flat, n, np.int32, start)
    R = len(p["ranks"])
    top, _ = g.TopK(sizes, g.ints([R]), axis=0, outputs=2, name="top_sizes")                   # [R] descending
    last_first = g.Slice(top, g.ints([-1]), g.ints([-R - 1]), g.ints([0]), g.ints([-1]), name="top_sizes_ascending")
    lut = g.ScatterElements(g.const(np.full(n + 1, p["ranks"][0] + plus, np.uint8), name="rank0_everywhere"),
                            last_first, g.const(np.asarray(p["ranks"][::-1], np.uint8) + plus, name="rank_colours"),
                            axis=0,
                            name="size_to_colour")                                              # uint8 [n+1]
    return g.Gather(lut, sizes, axis=0, name="label_colour")


def _small_plan(examples, a, conn, table):
    """The small kind, when every object seen (4-connected) has 1, 2 or 3 cells, each size its own colour, and
    every other cell holds one colour that none of the sizes takes."""
    if conn != 4 or sorted(table) != [1, 2, 3] or len(set(table.values())) != 3:
        return None
    rest = {int(v) for i, _ in examples for v in i[i != a]}
    if len(rest) != 1 or rest & set(table.values()):
        return None
    H, W = examples[0][0].shape
    return dict(small=True, colour=a, other=rest.pop(), conn=4, H=H, W=W, table=dict(table))


def _build_small(p):
    """Objects of at most 3 cells (4-connected): a cell's object size is 1 + the sum of its object neighbours'
    degrees (0, 1 or 2), so two local layers tell it, no propagation and no counting.

    A cropping 3x3 ConvTranspose gives 550 [object cell] + 100 (object neighbours) - 450; QuantizeLinear clips
    it to one byte E: 0 off the objects, 100 / 200 / 255 on an object cell of degree 0 / 1 / 2 (the clip at 255
    bends the scale, so a size-2 cell (E 200, neighbours' E summing to 200) is no average of a size-1 and a
    size-3 cell). One uint8 QLinearConv over E (zero point 1: a grid cell off the objects reads -1, padding
    0) writes the canvas: per size colour a centre weight, -1 or +1 on the four neighbours and a bias that
    split the sizes with margins of 15 or more; the other colour is -E + 1 (1 on its cells, 0 outside)."""
    g = Graph()
    a, H, W = p["colour"], p["H"], p["W"]
    pick = np.zeros((10, 1, 3, 3), np.float32)
    pick[a, 0] = [[0, 100, 0], [100, 550, 100], [0, 100, 0]]
    raw = g.ConvTranspose(g.input, g.const(pick, name="degree_w"), g.const(np.float32([-450]), name="degree_b"),
                          pads=[1, 1, N + 1 - H, N + 1 - W], name="degree_code")                 # float [1,1,H,W]
    code = g.QuantizeLinear(raw, g.const(np.float32(1), name="unit_scale"), g.const(np.uint8(0), name="zp0"),
                            name="degree_u8")                                                    # uint8 [1,1,H,W]
    plus = np.array([[0, 1, 0], [1, 0, 1], [0, 1, 0]])
    w, bias = np.zeros((10, 1, 3, 3), np.int8), np.zeros(10, np.int32)
    for size, (centre, near, b) in {1: (1, -1, -50), 2: (3, -1, -383), 3: (8, 1, -1817)}.items():
        w[p["table"][size], 0] = near * plus
        w[p["table"][size], 0, 1, 1] = centre
        bias[p["table"][size]] = b
    w[p["other"], 0, 1, 1] = -1
    one = g.const(np.float32(1), name="one")
    return g.model(g.QLinearConv(code, one, g.const(np.uint8(1), name="zp1"), g.const(w, name="size_w"), one,
                                 g.const(np.int8(0), name="zp_w"), one, g.const(np.uint8(0), name="zp_y"),
                                 g.const(bias, name="size_b"), pads=[1, 1, N + 1 - H, N + 1 - W]))


def _ringed_sides(grid, a, b, sides):
    """[H,W] side k of the k x k block of colour a (k in `sides`) holding each cell, whose (k+2) x (k+2) ring lies
    in the grid and is all colour b; 0 where there is none."""
    H, W = grid.shape
    out = np.zeros((H, W), np.int64)
    for k in sides:
        for r in range(1, H - k):
            for c in range(1, W - k):
                box = grid[r - 1:r + k + 1, c - 1:c + k + 1]
                ring = np.ones((k + 2, k + 2), bool)
                ring[1:-1, 1:-1] = False
                if (box[1:-1, 1:-1] == a).all() and (box[ring] == b).all():
                    out[r:r + k, c:c + k] = k
    return out


def _ringed_plan(examples, a):
    """The ringed kind: grids of one size and two colours, a and b; the recoloured objects are k x k squares of
    a inside a whole ring of b, each side k seen taking one colour (not a or b), every other cell kept."""
    rest = {int(v) for i, _ in examples for v in i[i != a]}
    if len(rest) != 1:
        return None
    b, (H, W) = rest.pop(), examples[0][0].shape
    sides = {}
    for i, o in examples:
        side = _ringed_sides(i, a, b, range(1, min(H, W) - 1))
        for k, v in zip(side[side > 0].tolist(), o[side > 0].tolist()):
            if sides.setdefault(k, v) != v:
                return None
    sides = {k: v for k, v in sides.items() if v != a}
    if not sides or {a, b} & set(sides.values()):
        return None
    plan = dict(ringed=True, colour=a, other=b, sides=sides, conn=8, H=H, W=W)
    if all(np.array_equal(_ringed_rule(plan, i), o) for i, o in examples):
        return plan
    return None


def _plan_grid(plan, grid) -> bool:
    """The grid has the plan's fixed shape and only its two colours (the ringed and lines kinds)."""
    return grid.shape == (plan["H"], plan["W"]) and not set(np.unique(grid).tolist()) - {plan["colour"], plan["other"]}


def _ringed_rule(plan, grid):
    if not _plan_grid(plan, grid):
        return None
    side = _ringed_sides(grid, plan["colour"], plan["other"], sorted(plan["sides"]))
    lut = np.zeros(max(plan["sides"]) + 1, np.int64)
    for k, v in plan["sides"].items():
        lut[k] = v
    return np.where(side > 0, lut[side], grid)


def _build_ringed(p, merged=False):
    """Square holes in rings: no objects, two layers of local templates.

    The ring colour as a uint8 plane (2 on it, from a cropping 1x1 ConvTranspose); one uint8 QLinearConv (zero
    point 1: ring +1, anything else in the grid -1, padding 0) gives the ring plane back (0 / 2) and, per side k,
    255 at the anchor of a k x k hole (the cell (k-1)//2 right and down of its top-left corner) whose ring is
    whole: a +1 / -1 template of the (k+2) x (k+2) box scores its cell count only there, every miss costs at
    least 1, and the bias leaves 1 for the exact match, scaled to 255. A second uint8 QLinearConv (zero point 1
    again: a miss reads -1 or 0, a match 254) writes the canvas: the ring colour is the ring plane, side k's
    colour the anchors summed over the k x k cells they cover, the hole colour -100 ring - 50 less every
    anchor sum (positive on the other cells of colour a only)."""
    g = Graph()
    a, b, H, W = p["colour"], p["other"], p["H"], p["W"]
    ks = sorted(p["sides"])
    R1 = 1 + max(ks) // 2                      # template reach: offsets -1 - (k-1)//2 .. k - (k-1)//2
    R2 = max(ks) // 2                          # spread reach: offsets -(k//2) .. (k-1)//2
    pick = np.zeros((10, 1, 1, 1), np.float32)
    pick[b] = 2
    ring_f = g.ConvTranspose(g.input, g.const(pick, name="ring_w"), pads=[0, 0, N - H, N - W], name="ring_f")
    ring = g.Cast(ring_f, to=2, name="ring")                                                   # [1,1,H,W] 0/2
    K1 = 2 * R1 + 1
    w1 = np.zeros((1 + len(ks), 1, K1, K1), np.int8)
    b1 = np.zeros(1 + len(ks), np.int32)
    scale1 = np.ones(1 + len(ks), np.float32)
    w1[0, 0, R1, R1] = 1                                               # the ring plane back: -1/+1 + zero point 1
    for j, k in enumerate(ks, 1):
        lo = R1 - 1 - (k - 1) // 2
        w1[j, 0, lo:lo + k + 2, lo:lo + k + 2] = 1
        w1[j, 0, lo + 1:lo + k + 1, lo + 1:lo + k + 1] = -1
        b1[j] = 1 - (k + 2) ** 2
        scale1[j] = 255
    one = g.const(np.float32(1), name="one")
    zp1, zp_w = g.const(np.uint8(1), name="zp1"), g.const(np.int8(0), name="zp_w")
    anchors = g.QLinearConv(ring, one, zp1, g.const(w1, name="template_w"),
                            g.const(scale1, name="template_scale"), g.const(np.zeros(len(scale1), np.int8), name="zp_ws"),
                            one, zp1, g.const(b1, name="template_b"), pads=[R1] * 4, name="anchors")   # [1,1+K,H,W]
    K2 = 2 * R2 + 1
    if not merged:
        w2 = np.zeros((10, 1 + len(ks), K2, K2), np.int8)
        b2 = np.zeros(10, np.int32)
        w2[b, 0, R2, R2] = 1
        w2[a, 0, R2, R2] = -100
        b2[a] = -50
        for j, k in enumerate(ks, 1):
            lo = R2 - k // 2
            w2[p["sides"][k], j, lo:lo + k, lo:lo + k] = 1
            w2[a, j, lo:lo + k, lo:lo + k] = -1
        return g.model(g.QLinearConv(anchors, one, zp1, g.const(w2, name="paint_w"), one, zp_w, one,
                                     g.const(np.uint8(0), name="zp_y"), g.const(b2, name="paint_b"),
                                     pads=[R2, R2, N - H + R2, N - W + R2]))
    # merged: one more uint8 QLinearConv gives the ring plane back and, per side colour, 2 + the anchors it
    # covers (2 where none: -1 or 0 per miss, zero point 2); a 1x1 QLinearConv (zero point 2) writes the canvas
    paints = sorted(set(p["sides"].values()))
    wm = np.zeros((1 + len(paints), 1 + len(ks), K2, K2), np.int8)
    wm[0, 0, R2, R2] = 1
    for j, k in enumerate(ks, 1):
        lo = R2 - k // 2
        wm[1 + paints.index(p["sides"][k]), j, lo:lo + k, lo:lo + k] = 1
    zp2 = g.const(np.uint8(2), name="zp2")
    covered = g.QLinearConv(anchors, one, zp1, g.const(wm, name="spread_w"), one, zp_w, one, zp2,
                            pads=[R2] * 4, name="covered")            # [1,1+P,H,W]: ring 1 / 3, colours 2 + hits
    w3 = np.zeros((10, 1 + len(paints), 1, 1), np.int8)
    b3 = np.zeros(10, np.int32)
    w3[b, 0] = 1                                                   # ring - 2: +1 / -1, padding 0
    w3[a, 0], b3[a] = -100, -50
    for j, v in enumerate(paints, 1):
        w3[v, j] = 1                                               # hits (>= 250 on a hole, <= 0 elsewhere)
        w3[a, j] = -1
    return g.model(g.QLinearConv(covered, one, zp2, g.const(w3, name="paint_w"), one, zp_w, one,
                                 g.const(np.uint8(0), name="zp_y"), g.const(b3, name="paint_b"),
                                 pads=[0, 0, N - H, N - W]))


def _line_lengths(grid, a):
    """[H,W] length of the straight line (1 x L or L x 1, L >= 2) of colour a through each cell, 0 off them;
    None unless every 8-connected object of colour a is such a line, rows hold at most one horizontal line and
    columns at most one vertical line, and the lengths differ."""
    label, _ = _objects(grid == a, 8)
    out, lengths, rows, cols = np.zeros(grid.shape, np.int64), [], set(), set()
    for lab in np.unique(label[label > 0]):
        ys, xs = np.nonzero(label == lab)
        n = len(ys)
        if n < 2 or not ((len(set(ys)) == 1 and xs.max() - xs.min() == n - 1) or
                         (len(set(xs)) == 1 and ys.max() - ys.min() == n - 1)):
            return None
        line, used = (ys[0], rows) if len(set(ys)) == 1 else (xs[0], cols)
        if line in used:
            return None
        used.add(line)
        lengths.append(n)
        out[ys, xs] = n
    return out if len(set(lengths)) == len(lengths) else None


def _lines_plan(examples, a, ranks):
    """The lines kind: grids of one size and two colours; the objects are straight lines of distinct lengths
    (one per row or column), coloured by the rank of their length."""
    rest = {int(v) for i, _ in examples for v in i[i != a]}
    if len(rest) != 1:
        return None
    H, W = examples[0][0].shape
    plan = dict(lines=True, colour=a, other=rest.pop(), ranks=list(ranks), conn=8, H=H, W=W)
    if all(np.array_equal(_lines_rule(plan, i), o) for i, o in examples):
        return plan
    return None


def _lines_rule(plan, grid):
    if not _plan_grid(plan, grid):
        return None
    length = _line_lengths(grid, plan["colour"])
    if length is None or len(np.unique(length[length > 0])) != len(plan["ranks"]):
        return None
    top = sorted(np.unique(length[length > 0]).tolist(), reverse=True)
    out = grid.copy()
    for r, n in enumerate(top):
        out[length == n] = plan["ranks"][r]
    return out


def _build_lines(p):
    """Straight lines ranked by length, no objects: a 3x3 ConvTranspose scores 8 on a line cell, +1 per
    horizontal and +3 per vertical neighbour of its colour, so > 8.5 marks line cells and > 10.5 vertical ones
    (the lines stand apart); MatMulInteger counts each row's horizontal and each column's vertical cells (one
    line each), TopK ranks the lengths, each row and column takes its rank's colour, and a Where paints them;
    the colour + 1 code is decoded straight into `output` by one QLinearConv."""
    g = Graph()
    a, b, H, W, R = p["colour"], p["other"], p["H"], p["W"], len(p["ranks"])
    pick = np.zeros((10, 1, 3, 3), np.float32)
    pick[a, 0] = [[0, 3, 0], [1, 8, 1], [0, 3, 0]]
    score = g.ConvTranspose(g.input, g.const(pick, name="line_w"), pads=[1, 1, N + 1 - H, N + 1 - W],
                            name="line_score")                                                   # float [1,1,H,W]
    on_line = g.Greater(score, g.const(np.float32(8.5), name="line_min"), name="on_line")
    upright = g.Greater(score, g.const(np.float32(10.5), name="upright_min"), name="upright")
    lying = g.Xor(on_line, upright, name="lying")
    u8 = 2
    row_len = g.MatMulInteger(g.Cast(lying, to=u8, name="lying_u8"), g.const(np.ones((W, 1), np.uint8), name="ones_w"),
                              name="row_lengths")                                              # int32 [1,1,H,1]
    col_len = g.MatMulInteger(g.const(np.ones((1, H), np.uint8), name="ones_h"), g.Cast(upright, to=u8, name="upright_u8"),
                              name="col_lengths")                                              # int32 [1,1,1,W]
    lengths = g.Concat(g.Reshape(row_len, g.ints([H], name="h"), name="row_lengths_flat"),
                       g.Reshape(col_len, g.ints([W], name="w"), name="col_lengths_flat"), axis=0, name="lengths")
    top, _ = g.TopK(lengths, g.ints([R], name="r"), axis=0, outputs=2, name="top_lengths")          # [R] descending
    # the code plane holds colour + 1 (0: no colour), which `decode_code` writes straight into `output`
    colours = g.const(np.asarray(p["ranks"], np.uint8) + 1, name="rank_colours")
    zero = g.const(np.uint8(0), name="zero")
    row_colour = g.ReduceMax(g.Where(g.Equal(row_len, top, name="row_rank_b"), colours, zero, name="row_rank"),
                             axes=[3], keepdims=1, name="row_colour")                           # [1,1,H,1]
    top_col = g.Reshape(top, g.ints([R, 1], name="r_one"), name="top_lengths_col")
    col_colour = g.ReduceMax(g.Where(g.Equal(col_len, top_col, name="col_rank_b"),
                                     g.const(np.asarray(p["ranks"], np.uint8).reshape(R, 1) + 1,
                                             name="rank_colours_col"),
                                     zero, name="col_rank"), axes=[2], keepdims=1, name="col_colour")   # [1,1,1,W]
    code = g.Where(lying, row_colour, g.Where(upright, col_colour, g.const(np.uint8(b + 1), name="other_code"),
                                              name="upright_code"), name="code")                # uint8 [1,1,H,W]
    return g.model(decode_code(g, code, (H, W)))


class SizeColours(Solver, name="size_colours",
                  tasks=("task010", "task102", "task169", "task302", "task330", "task369", "task374"),
                  refuses="task001", fit_splits=("train", "test", "arc-gen")):
    """Objects of one colour (connected components) recoloured by their size, or by the rank of their size, through a
    fixed table; grids of one fixed size."""

    def plans(self, examples):
        """One plan per connectivity (8, 4) and kind (size table, size rank table) explaining every example."""
        if len(examples) > 8 and next(self.plans(examples[:4]), None) is None:    # fail fast on the first few
            return
        shapes = {i.shape for i, _ in examples}
        if len(shapes) != 1 or not same_shape(examples):
            return
        H, W = shapes.pop()
        if H * W > 254:
            return
        changed = {int(v) for i, o in examples for v in i[i != o]}
        if len(changed) != 1:
            return
        a = changed.pop()
        if any(not np.array_equal(i[i != a], o[i != a]) for i, o in examples):
            return
        # rounds of label propagation: enough for the longest object seen, and for any object no longer
        # than a straight line across the grid (withheld grids may hold bigger objects than the train ones)
        # the largest colour the answer can hold: the outputs' and the kept input cells' (the generator's)
        top = max({int(v) for _, o in examples for v in np.unique(o)} |
                  {int(v) for i, _ in examples for v in np.unique(i[i != a])})
        for conn in (8, 4):
            table, ranks, need, ok, rank_ok = {}, {}, [], True, H <= 15 and W <= 15
            for i, o in examples:
                label, rounds = _objects(i == a, conn)
                need.append(rounds)
                size, found = _sizes(label)
                found = sorted(found.tolist(), reverse=True)
                for s_, v in zip(size[i == a], o[i == a]):
                    ok = ok and table.setdefault(int(s_), int(v)) == v
                    # rank as TopK + first Equal hit give it: equal sizes share the first slot
                    rank_ok = rank_ok and ranks.setdefault(found.index(int(s_)), int(v)) == v
            values = list(table.values())
            if ok and len(set(values)) > 1:
                default = max(set(values), key=values.count)      # sizes never seen take the commonest colour
                yield dict(colour=a, conn=conn, H=H, W=W, table=table, default=default, top=top,
                           steps=_steps(need, _across(H, W, conn)))
            ringed = _ringed_plan(examples, a) if conn == 8 else None
            if ringed is not None:
                yield ringed
            small = _small_plan(examples, a, conn, table)
            if small is not None:
                yield small
            if rank_ok and conn == 8 and len(set(ranks.values())) > 1 and sorted(ranks) == list(range(len(ranks))):
                lines = _lines_plan(examples, a, [ranks[r] for r in range(len(ranks))])
                if lines is not None:
                    yield lines
            if rank_ok and len(set(ranks.values())) > 1 and sorted(ranks) == list(range(len(ranks))):
                yield dict(colour=a, conn=conn, H=H, W=W, ranks=[ranks[r] for r in range(len(ranks))], top=top,
                           steps=_steps(need, _across(H, W, conn)))

    def rule(self, plan, grid):
        """After the plan's rounds of propagation, as the graph runs them (an object not yet settled holds
        several labels, each counted apart); grids of the fitted size only. The small kind: every object has
        1 to 3 cells and everything else is the one other colour (else the rule does not apply)."""
        if grid.shape != (plan["H"], plan["W"]):
            return None
        if plan.get("ringed"):
            return _ringed_rule(plan, grid)
        if plan.get("lines"):
            return _lines_rule(plan, grid)
        if plan.get("small"):
            mask = grid == plan["colour"]
            size, counts = _sizes(_objects(mask, 4)[0])
            if (counts > 3).any() or (grid[~mask] != plan["other"]).any():
                return None
            return np.where(mask, np.asarray([0] + [plan["table"][s_] for s_ in (1, 2, 3)])[size], grid)
        mask = grid == plan["colour"]
        size, counts = _sizes(_objects(mask, plan["conn"], max(1, plan["steps"]))[0])
        if "table" in plan:
            lut = np.full(plan["H"] * plan["W"] + 1, plan["default"])
            for s_, v in plan["table"].items():
                lut[s_] = v
            colours = lut[size]
        else:     # the rank: the first of the R largest label sizes equal to it (rank 0 where none is)
            top = sorted(counts.tolist() + [0] * (16 * plan["H"] - len(counts)), reverse=True)[:len(plan["ranks"])]
            colours = np.asarray(plan["ranks"])[[top.index(v) if v in top else 0 for v in size.ravel()]]
            colours = colours.reshape(size.shape)
        out = np.where(mask, colours, grid)
        return None if out.max() > plan.get("top", 9) else out       # the graph one-hots colours 0..top only

    def candidates(self, examples):
        for plan in self.plans(examples):
            kind = next((f":{k}" for k in ("ringed", "small", "lines") if plan.get(k)), "")
            yield f"{self.name}{plan['conn']}{kind}", self.build(plan)
            if plan.get("ringed"):
                yield f"{self.name}{plan['conn']}:ringed_merged", _build_ringed(plan, merged=True)

    def build(self, p):
        if p.get("small"):
            return _build_small(p)
        if p.get("ringed"):
            return _build_ringed(p)
        if p.get("lines"):
            return _build_lines(p)
        g = Graph()
        a, H, W, n = p["colour"], p["H"], p["W"], p["H"] * p["W"]
        C = p.get("top", 9) + 1
        # fewer bytes for a colour + 1 code decoded by one QLinearConv (3 H W) than for C one-hot planes
        plus = int(3 < C and C * H * W < N * N)
        base = corner_plane(g, np.arange(10) + plus, (H, W), "colours", weight_name="colour_index")   # [1,1,H,W]
        base = g.Cast(base, to=2, name="colours_u8")
        is_a = g.Equal(base, g.const(np.uint8(a + plus)), name="is_a")                    # [1,1,H,W] bool
        zero, full = g.const(np.uint8(0)), g.const(np.uint8(255))
        ids = g.const(_cell_ids(H, W).astype(np.uint8).reshape(1, 1, H, W), name="cell_ids")
        label = g.Where(is_a, ids, zero, name="label0")
        # every cell of an object takes the largest id of its object: `steps` rounds of max over neighbours
        for t in range(max(1, p["steps"])):
            if p["conn"] == 8:
                grown = g.MaxPool(label, kernel_shape=[3, 3], pads=[1, 1, 1, 1], name=f"grown{t}")
            else:
                grown = g.Max(g.MaxPool(label, kernel_shape=[1, 3], pads=[0, 1, 0, 1], name=f"grown_h{t}"),
                              g.MaxPool(label, kernel_shape=[3, 1], pads=[1, 0, 1, 0], name=f"grown_v{t}"),
                              name=f"grown{t}")
            label = g.Where(is_a, grown, zero, name=f"label{t + 1}")
        # object size = how many cells share the label: one ScatterElements (reduction add) counts the cells
        # of every label; the colour comes per label, then per cell (label 0, off the objects, is masked by
        # the final Where)
        flat = g.Cast(g.Reshape(label, g.ints([n]), name="label_flat"), to=6, name="label_index")     # int32 [n]
        paint = _label_colours(g, p, flat, n, plus)                                             # uint8 [n+1]
        new = g.Reshape(g.Gather(paint, flat, axis=0, name="new_colour_flat"), g.ints([1, 1, H, W]),
                        name="new_colour")                                                      # [1,1,H,W]
        colour = g.Where(is_a, new, base, name="colour_map")                              # [1,1,H,W]
        if plus:
            return g.model(decode_code(g, colour, (H, W)))
        if C * H * W < N * N:             # colours 0..top one-hot on the grid, then padded: no 30 x 30 code map
            hot = g.Equal(colour, g.const(np.arange(C, dtype=np.uint8).reshape(1, C, 1, 1), name="codes"), name="one_hot")
            return g.model(g.Pad(hot, g.ints([0, 0, 0, 0, 0, 10 - C, N - H, N - W], name="to_canvas")))
        canvas = g.Pad(colour, g.ints([0, 0, 0, 0, 0, 0, 30 - H, 30 - W]), full, name="colour_canvas")
        return g.model(g.Equal(canvas, g.const(np.arange(10, dtype=np.uint8).reshape(1, 10, 1, 1))))
