"""Undersized object recolour: the grid holds objects of one colour on background; every 8-connected object
with as many cells as the largest one takes one colour, every smaller object another.

Task 277's generator draws a sprite twice and a copy with one column cut out (fewer cells; the cut may
split it into pieces, each smaller still), with at least one empty row or column between the copies, so
8-connected objects are exactly the copies or pieces of the cut one.

Graph, on the input cropped to the largest grid side S of the fit examples: ids = the object mask (the uint8
colour code below, over 3) times 1..S*S (uint8, so S is at most 15); a fixed number of rounds of MaxPool 3x3 times the mask leaves each
object holding its largest id. Each cell's object size is the count of cells with its id (an Equal of the
histogram of the ids, a ScatterElements adding the mask, read back by a Gather; all uint8), 0 off the objects;
cells under the largest size are the small ones. A uint8 colour code (background 1, small 2, large 3, 0 off the
grid) is decoded straight into `output` by one QLinearConv whose padding reaches the canvas (`decode_code`);
where every grid fills the S x S square (the generator's are all 10 x 10), two planes (2 object, 2 small) read
less the zero point 1 are decoded instead, with no code square.

The number of rounds is the worst case over every 8-connected set inside the largest object boxes of the fit
examples, each kept as it is (the generator's sprites fit 4 x 4 boxes, 7 rounds; one arc-gen pair has a 3 x 5
one, 8 rounds, where their 4 x 5 union took 9), or the largest object's cell count where a box is too large to
search; the rule answers None for an object in no such box, one that would need more rounds, or a larger grid.
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import same_shape, spread_ids
from ..local._code_decode import decode_code


def object_sizes(mask: np.ndarray):
    """(rounds, sizes): the rounds spread_ids takes, and each mask cell's 8-connected object size (0 off)."""
    rounds, _, settled = spread_ids(mask)
    ids, counts = np.unique(settled, return_counts=True)
    size = dict(zip(ids.tolist(), counts.tolist()))
    sizes = np.vectorize(lambda v: size[v] if v else 0)(settled) if mask.any() else np.zeros(mask.shape, int)
    return rounds, sizes


def object_boxes(mask: np.ndarray) -> set:
    """The (height, width) bounding boxes of the mask's 8-connected objects."""
    _, _, settled = spread_ids(mask)
    boxes = set()
    for v in np.unique(settled[settled > 0]):
        rows, cols = np.nonzero(settled == v)
        boxes.add((int(np.ptp(rows)) + 1, int(np.ptp(cols)) + 1))
    return boxes


def largest_boxes(boxes) -> tuple:
    """The boxes no other box of the set contains (sorted)."""
    return tuple(sorted(b for b in boxes if not any(o != b and o[0] >= b[0] and o[1] >= b[1] for o in boxes)))


def fits(box, boxes) -> bool:
    return any(box[0] <= h and box[1] <= w for h, w in boxes)


@lru_cache(maxsize=None)
def box_rounds(h: int, w: int) -> int:
    """The most rounds the masked 3x3 MaxPool spread takes on any 8-connected set inside an h x w box: the
    geodesic eccentricity of its last cell in row-major order (the largest id), over every such set. An
    exhaustive search over all subsets at once, each a bit mask (bit r w + c), so only for boxes up to 20 cells."""
    n = h * w
    sets = np.arange(1, 1 << n, dtype=np.int64)
    full = (1 << n) - 1
    col = sum(1 << (r * w) for r in range(h))
    first_col, last_col = col, col << (w - 1)

    def dilate(m):
        m = m | ((m << 1) & ~first_col) | ((m >> 1) & ~last_col)
        return (m | (m << w) | (m >> w)) & full

    reach = np.left_shift(1, np.floor(np.log2(sets)).astype(np.int64))   # each set's last cell
    rounds = np.zeros_like(sets)
    while True:
        grown = dilate(reach) & sets
        moved = grown != reach
        if not moved.any():
            break
        rounds += moved
        reach = grown
    return int(rounds[reach == sets].max())


class UndersizedObjectRecolour(Solver, name="undersized_object_recolour", tasks=("task277",),
                               refuses="task002", fit_splits=("train", "arc-gen")):
    """Same-shape grids of one object colour on background: each 8-connected object as large (in cells) as the
    largest becomes one colour, each smaller object another colour."""

    def plans(self, examples):
        """(object colour, small colour, large colour, rounds, side), read off the examples' changed cells."""
        if not same_shape(examples):
            return
        fg = {int(v) for i, _ in examples for v in np.unique(i) if v != 0}
        if len(fg) != 1:
            return
        fg = fg.pop()
        small, large, rounds, side, boxes = set(), set(), 0, 0, set()
        for inp, out in examples:
            mask = inp == fg
            if not np.array_equal(out == 0, ~mask):
                return
            r, sizes = object_sizes(mask)
            big = mask & (sizes == sizes.max())
            small |= {int(v) for v in out[mask & ~big]}
            large |= {int(v) for v in out[big]}
            rounds = max(rounds, int(sizes.max()))
            side = max(side, *inp.shape)
            boxes |= object_boxes(mask)
        if len(small) != 1 or len(large) != 1 or small == large or side > 15:   # ids must fit uint8
            return
        boxes = largest_boxes(boxes)
        if boxes and all(h * w <= 20 for h, w in boxes):   # objects kept to the largest boxes seen: their worst case
            rounds = min(rounds, max(box_rounds(h, w) for h, w in boxes))
        else:
            boxes = ((side, side),)
        full = all(i.shape == (side, side) for i, _ in examples)     # the generator's grids are all 10 x 10
        yield fg, small.pop(), large.pop(), rounds, side, boxes, full

    def rule(self, plan, grid):
        fg, small, large, rounds, side, boxes, full = plan
        if max(grid.shape) > side or (full and grid.shape != (side, side)) or not set(np.unique(grid).tolist()) <= {0, fg}:
            return None
        mask = grid == fg
        r, sizes = object_sizes(mask)
        if r > rounds or not all(fits(b, boxes) for b in object_boxes(mask)):
            return None
        out = np.zeros_like(grid)
        if mask.any():
            out[mask] = large
            out[mask & (sizes < sizes.max())] = small
        return out

    def build(self, plan):
        fg, small_colour, large, rounds, side, _, full = plan
        s, n = side, side * side
        g = Graph()
        # colour code of the S x S corner: background 1, object 3 (a 2x2 Conv dilated to 30-S reads its
        # first tap there; with S = 30 a 1x1 Conv), outside the grid 0; the small objects' cells become 2
        kernel = np.zeros((1, 10, 2, 2) if s < 30 else (1, 10, 1, 1), np.float32)
        kernel[0, 0, 0, 0], kernel[0, fg, 0, 0] = 1, 3
        base = g.Cast(g.Conv(g.input, g.const(kernel, name="code_weights"), dilations=[30 - s, 30 - s]
                             if s < 30 else [1, 1], name="code_f"), to=2, name="code_base")
        mask = g.Div(base, g.const(np.uint8(3), name="three"), name="mask")        # uint8 [1,1,S,S]: 1 on objects
        ids = g.Mul(mask, g.const(np.arange(1, n + 1, dtype=np.uint8).reshape(1, 1, s, s), name="idx"),
                    name="ids0")                                                     # cell ids 1..N (N <= 255)
        for _ in range(rounds):
            grown = g.MaxPool(ids, kernel_shape=[3, 3], pads=[1, 1, 1, 1], name="grown")
            ids = g.Mul(grown, mask, name="ids")                                    # kept to the objects
        # each object's cell count: a histogram of the ids (ScatterElements adding the mask at each cell's id)
        # read back at every cell's id; background cells (id 0) add 0, so they read 0; all in uint8 (at most
        # N cells an object)
        idx = g.Cast(g.Reshape(ids, g.ints([n]), name="id_flat"), to=6, name="id_index")          # [N] int32
        hist = g.ScatterElements(g.const(np.zeros(n + 1, np.uint8), name="no_cells"), idx,
                                 g.Reshape(mask, g.ints([n]), name="mask_n"), axis=0, reduction="add",
                                 name="id_cells")                                                  # [N+1]
        size = g.Gather(hist, idx, axis=0, name="size")                                            # [N]
        biggest = g.ReduceMax(size, keepdims=1, name="biggest")
        is_small = g.Reshape(g.Cast(g.Less(size, biggest, name="under"), to=2, name="under_u8"),
                             g.ints([1, 1, s, s]), name="small_sq")                                # uint8
        if full and s < 30:
            # the grid fills the square: (2 object, 2 small) read less the zero point 1 is background (-1, -1),
            # a large object (1, -1), a small one (1, 1), the padding (0, 0); one padding QLinearConv decodes it
            objects = g.Sub(base, g.const(np.uint8(1), name="one_u8"), name="objects2")        # 0 / 2
            pair = g.Concat(objects, g.Mul(is_small, objects, name="small2"), axis=1, name="object_small")
            w = np.zeros((10, 2, 1, 1), np.int8)
            w[0, :, 0, 0], w[large, :, 0, 0], w[small_colour, :, 0, 0] = (-1, -1), (1, -1), (1, 1)
            unit = g.const(np.float32(1), name="unit_scale")
            return g.model(g.QLinearConv(pair, unit, g.const(np.uint8(1), name="one_u8"), g.const(w, name="colour_w"),
                                         unit, g.const(np.int8(0), name="weight_zero"), unit,
                                         g.const(np.uint8(0), name="zero_point"),
                                         g.const(np.full(10, -1, np.int32), name="colour_b"),
                                         pads=[0, 0, 30 - s, 30 - s], name="decoded"))
        small = g.Mul(is_small, mask, name="small_cells")                        # 1 on the small objects' cells
        code = g.Sub(base, small, name="code")
        codes = np.full(10, 15)                                   # 15: a code the plane never holds
        codes[0], codes[small_colour], codes[large] = 1, 2, 3
        if s < 30:      # the one padding QLinearConv decodes the small plane straight into `output`
            return g.model(decode_code(g, code, (s, s), codes=codes))
        return g.model(g.Equal(code, g.const(codes.astype(np.uint8).reshape(1, 10, 1, 1), name="channel_codes")))
