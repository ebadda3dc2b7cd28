"""Shaped piece assembly: the output is a fixed n x n arrangement of b x b blocks of a fill colour, each block with
its own fixed shape of coloured cells (the shapes are read off the training outputs); the input scatters b x b
pieces of the fill colour carrying those same shapes, each in some colour. Every output block takes the colour
of the one input piece whose shape matches it.

Graph: a dilated 1x1 Conv reads the input straight into the S x S square the fit examples cover as a colour code
(colour + 1, but 255 for the fill colour, 0 outside the grid), cast to uint8. One uint8 QLinearConv reads that
code with a (2b-1) x (2b-1) kernel per shape (+1 on fill cells, -1 on shape cells, output scale 255), anchored
on one shape cell: with F fill and M shape cells in the block, a match sums at least 255 F - 10 M, while a
non-fill cell where fill belongs or a fill cell on the shape leaves at most 255 F - 245; the bias
1 - (255 F - 10 M) splits them (M <= 24 as b <= 5), so it writes 255 exactly where that shape's anchor sits. ArgMax of its row
and column profiles finds the anchor; a Gather of the anchor rows of the code and a GatherElements of the
anchor column in each give each shape's colour; one Gather (a constant cell -> shape table) paints those colours
into the n b x n b code map (fill where no shape), colour + 1 in one byte, decoded by one QLinearConv straight into `output`.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_graph import corner_plane
from ..local._code_decode import decode_code

FILL_CODE = 255     # the fill colour's code: a window's sum (fill cells) less sum (shape cells) tells the match


def _blocks(grid, b):
    """The n x n blocks of a square grid of side n*b: {(bi, bj): block}."""
    n = grid.shape[0] // b
    return {(i, j): grid[i * b:(i + 1) * b, j * b:(j + 1) * b] for i in range(n) for j in range(n)}


def _matches(grid, mask, fill):
    """Top-left corners (in a grid padded by b-1 with a non-colour) of the b x b windows whose shape cells are
    not the fill colour and whose other cells are the fill colour."""
    b = mask.shape[0]
    pad = np.pad(grid.astype(int), b - 1, constant_values=-1)
    h, w = pad.shape
    hits = []
    for r in range(h - b + 1):
        for c in range(w - b + 1):
            win = pad[r:r + b, c:c + b]
            if (win[~mask] == fill).all() and (win[mask] != fill).all():
                hits.append((r - (b - 1), c - (b - 1)))
    return hits


class ShapedPieceAssembly(Solver, name="shaped_piece_assembly", tasks=("task264",), refuses="task143"):
    """Output = a fixed n x n arrangement of b x b fill-colour blocks, each with its own fixed shape of coloured
    cells (read off the training outputs); each block takes the colour of the one scattered input piece (a b x b
    fill-colour square) that carries the same shape of coloured cells."""

    def plans(self, examples):
        """(fill, b, side, n, shapes): shapes = ((block row, block col), mask) of the blocks that hold colour."""
        outs = [o for _, o in examples]
        s = outs[0].shape
        if s[0] != s[1] or any(o.shape != s for o in outs):
            return
        side = max(max(i.shape) for i, _ in examples)
        for b in (3, 2, 4, 5):
            if s[0] % b or s[0] == b:
                continue
            values, counts = np.unique(np.concatenate([o.ravel() for o in outs]), return_counts=True)
            fill = int(values[counts.argmax()])
            masks = None
            for o in outs:
                m = {k: blk != fill for k, blk in _blocks(o, b).items()}
                if masks is None:
                    masks = m
                elif any(not np.array_equal(masks[k], m[k]) for k in m):
                    masks = None
                    break
            if masks is None:
                continue
            shapes = tuple((k, m) for k, m in sorted(masks.items()) if m.any())
            keys = {m.tobytes() for _, m in shapes}
            if len(shapes) < 2 or len(keys) != len(shapes) or any(m.all() for _, m in shapes):
                continue
            yield fill, b, side, s[0] // b, shapes

    def rule(self, plan, grid):
        fill, b, side, n, shapes = plan
        h, w = grid.shape
        if max(h, w) > side:
            return None
        out = np.full((n * b, n * b), fill, dtype=grid.dtype)
        for (bi, bj), mask in shapes:
            hits = _matches(grid, mask, fill)
            if len(hits) != 1:
                return None
            r, c = hits[0]
            if r < 0 or c < 0 or r + b > h or c + b > w:
                return None
            colours = set(grid[r:r + b, c:c + b][mask].tolist())
            if len(colours) != 1:
                return None
            out[bi * b:(bi + 1) * b, bj * b:(bj + 1) * b][mask] = colours.pop()
        return out

    def build(self, plan):
        fill, b, side, n, shapes = plan
        g = Graph()
        big = n * b
        w = np.zeros((1, 10), np.float32)
        w[0, :] = np.arange(1, 11)
        w[0, fill] = FILL_CODE
        code = corner_plane(g, w, (side, side), "code")
        code8 = g.Cast(code, to=2, name="code8")                # colour + 1, the fill 255, 0 outside
        k = 2 * b - 1
        kern = np.zeros((len(shapes), 1, k, k), np.int8)
        bias = np.zeros(len(shapes), np.int32)
        which = np.full((big, big), len(shapes), np.int64)                        # each cell's shape (or fill)
        for s, ((bi, bj), mask) in enumerate(shapes):
            ar, ac = np.argwhere(mask)[0]                                         # the anchor shape cell
            kern[s, 0, b - 1 - ar:2 * b - 1 - ar, b - 1 - ac:2 * b - 1 - ac] = np.where(mask, -1, 1)
            bias[s] = 1 - (FILL_CODE * int((~mask).sum()) - 10 * int(mask.sum()))
            which[bi * b:(bi + 1) * b, bj * b:(bj + 1) * b][mask] = s
        one, zero = g.const(np.float32(1), name="one"), g.const(np.uint8(0), name="zp")
        hit = g.QLinearConv(code8, one, zero, g.const(kern, name="shapes"), one, g.const(np.int8(0), name="wzp"),
                            g.const(np.float32(1 / 255), name="hit_scale"), zero, g.const(bias, name="shape_b"),
                            pads=[b - 1] * 4, name="hit")                         # uint8 [1,S,side,side]: 255 at anchors
        # each shape's anchor (its one 255): the first row and column holding its maximum; the code there
        at = {}
        for axis, other in ((2, 3), (3, 2)):
            at[axis] = g.ArgMax(g.ReduceMax(hit, axes=[other], keepdims=0, name=f"hit_profile{axis}"), axis=2,
                                keepdims=0, name=f"anchor{axis}")                    # int64 [1,S]
        # the anchor rows of the code, then in each its anchor column: no flattened copy of the code
        rows = g.Gather(code8, at[2], axis=2, name="anchor_rows")                     # uint8 [1,1,1,S,side]
        cols = g.Reshape(at[3], g.ints([1, 1, 1, len(shapes), 1]), name="anchor_cols")
        colour1 = g.GatherElements(rows, cols, axis=4, name="colour1")               # uint8: colour + 1
        palette = g.Concat(g.Reshape(colour1, g.ints([len(shapes)]), name="shape_colours"),
                           g.const(np.array([fill + 1], np.uint8), name="fill_code"), axis=0, name="palette")
        grid = g.Gather(palette, g.const(which.reshape(1, 1, big, big), name="cell_shape"), axis=0,
                        name="grid_u8")                                                    # colour + 1 [1,1,big,big]
        return g.model(decode_code(g, grid, (big, big)))
