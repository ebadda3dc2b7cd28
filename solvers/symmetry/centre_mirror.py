"""Centre mirror: the picture is completed four ways (left-right, up-down, both) about the centre of the
one block of a fitted colour.

Graph: first/last rows and columns of the block give the centre s = first+last; a [30,30] 0/1 read
matrix per axis (each line reads itself and its mirror: |2i-s| = |2p-s|) and one Einsum of the input through both, a
colour mix and the input's own grid mask write the output: the four images summed, background kept
only where every image reads background.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import same_shape


def centre_mirror(grid: np.ndarray, centre: int) -> np.ndarray | None:
    ys, xs = np.nonzero(grid == centre)
    if len(ys) == 0:
        return None
    h, w = grid.shape

    def flip(a, idx, axis):
        ok = (idx >= 0) & (idx < a.shape[axis])
        took = np.take(a, np.where(ok, idx, 0), axis=axis)
        return np.where(ok[:, None] if axis == 0 else ok[None, :], took, 0)

    ry = ys.min() + ys.max() - np.arange(h)
    rx = xs.min() + xs.max() - np.arange(w)
    return np.maximum.reduce([grid, flip(grid, ry, 0), flip(grid, rx, 1), flip(flip(grid, ry, 0), rx, 1)])


def picture_window(examples, centre):
    """(block height, block width, reach): the block's size, the same in every example, and how far past it
    any coloured cell of an answer lies; None where the block's size varies, it is not a solid rectangle (its
    first line must hold the most block cells) or the window passes 30."""
    spans, reach = set(), 0
    for grid, answer in examples:
        ys, xs = np.nonzero(grid == centre)
        if len(ys) == 0 or len(ys) != (ys.max() - ys.min() + 1) * (xs.max() - xs.min() + 1):
            return None
        spans.add((ys.max() - ys.min() + 1, xs.max() - xs.min() + 1))
        rs, cs = np.nonzero(answer)
        reach = max(reach, ys.min() - rs.min(), rs.max() - ys.max(), xs.min() - cs.min(), cs.max() - xs.max())
    if len(spans) != 1:
        return None
    h, w = spans.pop()
    return (int(h), int(w), int(reach)) if max(h, w) + 2 * reach <= 30 else None


def build_window(centre, block_h, block_w, reach):
    """The mirror on the `reach` lines around the block (the generator's pictures stay near it), one class per
    mirror pair: per axis a [C+1,30] 0/1 matrix whose row x marks the lines of class x (first block line - 1 - i
    with its mirror last block line + 1 + i, i < reach; the block's lines paired from its ends) and, in its last
    row, every line. One Einsum reads each class (the sum of a line and its mirror is the four-way union), mixes
    the colours as `build` does and writes the answer back through the same matrices (each a 1-D Conv of the
    first block line's OneHot, two taps a class, its bias the all-lines row); a second term of the same Einsum
    reads the block's first class (its corner cells, all of the centre colour) into the all-lines row, putting
    the background's 1 on every cell; the input's grid mask keeps the grid."""
    g = Graph()
    picks, tables, corners = [], [], 1
    for tag, spec, span in (("row", "bkrc,k->br", block_h), ("col", "bkrc,k->bc", block_w)):
        # class offsets from the first block line: the pairs around the block, then the block's own pairs
        classes = [(-1 - i, span + i) for i in range(reach)] + [(j, span - 1 - j) for j in range((span + 1) // 2)]
        n = len(classes)
        corners *= len(set(classes[reach]))
        cells = g.Einsum(g.input, g.floats(np.eye(10)[centre]), equation=spec, name=f"centre_{tag}s")   # [1,30]
        first = g.ArgMax(cells, axis=1, keepdims=1, name=f"centre_first_{tag}")   # [1,1]: the solid block's first
        at_first = g.OneHot(first, g.ints(30, name="lines"), g.floats([0.0, 1.0], name="off_on"),
                            name=f"{tag}_first_line")                                      # [1,1,30] float
        # offsets -reach .. span + reach - 1: tap j = span + reach - 1 - offset of a kernel padded to the canvas
        taps = np.zeros((n + 1, 1, span + 2 * reach), np.float32)
        for x, pair in enumerate(classes):
            for offset in set(pair):
                taps[x, 0, span + reach - 1 - offset] = 1
        picks.append(g.Conv(at_first, g.const(taps, name=f"{tag}_classes"),
                            g.const(np.eye(1, n + 1, n, dtype=np.float32)[0], name=f"{tag}_every"),
                            pads=[span + reach - 1, reach], name=f"{tag}_pick"))         # [1,C+1,30]
        table = np.zeros((2, n + 1, n + 1), np.float32)
        table[0, reach, n] = 1                        # the block's first class -> every line
        table[1, np.arange(n), np.arange(n)] = 1      # a class writes what it reads
        tables.append(g.const(table, name=f"{tag}_classes_table"))
    # the colour mix as five (read colour c, output colour d) products, not a [2,10,10] table: a colour read
    # scores 10 (1/2 - (d - c)^2) (5 on c, <= -5 elsewhere, so one outweighs the background's 1 and three black
    # reads), a black read 1 on background, and term 0 the block corners' 1 -> background
    c = np.arange(10, dtype=np.float32)
    coloured, black = (c > 0).astype(np.float32), (c == 0).astype(np.float32)
    read = np.stack([coloured, c, -c ** 2, black, (c == centre) / corners]).astype(np.float32)  # [m, c]
    write = np.stack([5 - 10 * c ** 2, 20 * c, 10 * np.ones(10, np.float32), black, black])         # [m, d]
    term = np.zeros((2, 5), np.float32)
    term[0, 4], term[1, :4] = 1, 1
    rows, cols = picks
    return g.model(g.Einsum(g.input, g.input, rows, cols, tables[0], tables[1], g.const(term, name="mix_terms"),
                            g.const(read, name="read_colour"), g.const(write, name="write_colour"), rows, cols,
                            equation="zepq,zcij,gai,hbj,kax,kby,km,mc,md,uxp,vyq->zdpq"))


class CentreMirror(Solver, name="centre_mirror", tasks=("task112",), refuses="task070",
                   aliases=("c5_centre_mirror", "c3_anchormirror"), fit_splits=("train", "arc-gen")):
    """Picture completed by left-right and up-down mirrors about the centre of a marker block."""

    def plans(self, examples):
        if not same_shape(examples) or all(np.array_equal(i, o) for i, o in examples):
            return
        i0 = examples[0][0]
        yield from sorted(set(i0[i0 > 0].tolist()))

    def rule(self, centre, grid):
        return centre_mirror(grid, centre)

    def candidates(self, examples):
        """The whole-canvas graph, then the window graph where every example's picture lies within a fixed
        reach of a block of one size."""
        centre = self.fit(examples)
        if centre is None:
            return
        yield self.name, self.build(centre)
        window = picture_window(examples, centre)
        if window is not None:
            yield f"{self.name}:window{window[2]}", build_window(centre, *window)

    def build(self, centre):
        g = Graph()
        idx = np.arange(30, dtype=np.float32)
        reads = []
        for tag, spec in (("row", "bkrc,k->br"), ("col", "bkrc,k->bc")):
            present = g.Cast(g.Greater(g.Einsum(g.input, g.floats(np.eye(10)[centre]), equation=spec),
                                       g.floats(0.5)), to=1, name=f"centre_{tag}s")           # [1,30]
            first = g.Cast(g.ArgMax(present, axis=1, keepdims=0), to=1, name=f"centre_first_{tag}")
            last = g.ReduceMax(g.Mul(present, g.floats(idx)), axes=[1], keepdims=0, name=f"centre_last_{tag}")
            # line i reads line p (itself or its mirror about the centre s = first + last; a mirror off the
            # canvas matches no line) exactly when |2i - s| = |2p - s|
            apart = g.Abs(g.Sub(g.floats(2 * idx), g.Add(first, last), name=f"{tag}_offset"), name=f"{tag}_apart")
            both = g.Equal(g.Unsqueeze(apart, axes=[1], name=f"{tag}_apart_col"), apart, name=f"reads_{tag}")
            reads.append(g.Cast(both, to=1, name=f"reads_{tag}_f"))                              # [30,30]
        # colour c adds to its channel; a colour cell also votes -5 against background, outweighing the at
        # most four reads of a cell (two lines x two columns), so background stays only where all read 0
        mix = np.eye(10, dtype=np.float32)
        mix[1:, 0] = -5
        # the first input factor is the target cell's grid mask (its channels sum to 1 inside, 0 beyond)
        return g.model(g.Einsum(g.input, g.input, reads[0], reads[1], g.floats(mix),
                                equation="zepq,zcij,ip,jq,cd->zdpq"))
