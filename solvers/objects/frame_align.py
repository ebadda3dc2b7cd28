"""Frame align: four corner cells of colour C mark a frame; the one shape of colour S is moved so its
bounding box starts just inside the frame's top-left corner.

Shift (dr, dc) = first C row/column + 1 - first S row/column; the move is one-hot shift matrices stacked
with the identity (for C), and one Einsum writes both images with a colour mix (background = grid - ink).

Corner variant (`crop<S>`): the same graph on the grid's S x S top-left corner, S the largest side of the
fitted examples (train and arc-gen; the generator draws grids of at most 10 a side): the shift matrices are
S x S, and [S,30] identity embeddings inside the Einsums read the corner and write the answer back.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from ._guards import edits_in_place


def align(grid, corner, shape):
    """The shape moved just inside the corners' top-left; None where it would leave the grid or cover a
    corner cell (the graph would show both colours there)."""
    rc, cc = np.nonzero(grid == corner)
    rs, cs = np.nonzero(grid == shape)
    if rc.size != 4 or rs.size == 0 or set(np.unique(grid).tolist()) != {0, corner, shape}:
        return None
    dr, dc = rc.min() + 1 - rs.min(), cc.min() + 1 - cs.min()
    h, w = grid.shape
    if (rs + dr).max() >= h or (cs + dc).max() >= w or (rs + dr).min() < 0 or (cs + dc).min() < 0:
        return None
    out = np.zeros_like(grid)
    out[grid == corner] = corner
    if (out[rs + dr, cs + dc] != 0).any():
        return None
    out[rs + dr, cs + dc] = shape
    return out


class FrameAlign(Solver, name="frame_align", tasks=("task245",), refuses="task034",
                 aliases=("c4_framealign", "c3_centreshape"), fit_splits=("train", "arc-gen")):
    """Four corner cells of one colour frame an area; the shape of the other colour moves so its bounding box starts
    just inside the frame's top-left corner."""

    def plans(self, examples):
        if not edits_in_place(examples):
            return
        i0 = examples[0][0]
        for corner in range(1, 10):
            if (i0 == corner).sum() == 4:
                for shape in range(1, 10):
                    if shape != corner:
                        yield corner, shape

    def rule(self, plan, grid):
        return align(grid, *plan)

    def candidates(self, examples):
        return self.with_corner_variant(examples, self.build, square=True)

    def build(self, plan, side=30):
        """With side < 30 the grid is the input's side x side corner, read inside each Einsum through a
        [side,30] identity embedding (and the answer written back through it): no cropped copy of the input
        and no padded copy of the answer."""
        corner, shape = plan
        g = Graph()
        f = lambda v, name: g.const(np.asarray(v, np.float32), name=name)
        ar = np.arange(side, dtype=np.float32)
        if side < 30:
            embed = f(np.eye(side, 30), "embed")
            read, rows, cols, place = "zcab", [embed], [embed], [embed, embed]
            row_eq, col_eq, place_eq = "zcab,kc,ia->zki", "zcab,kc,jb->zkj", "zcab,ia,jb,kip,kjq,kcm,md,pr,qs->zdrs"
        else:
            rows, cols, place = [], [], []
            row_eq, col_eq, place_eq = "zcij,kc->zki", "zcij,kc->zkj", "zcij,kip,kjq,kcm,md->zdpq"
        mats = []
        for t, embeds, eq in (("i", rows, row_eq), ("j", cols, col_eq)):
            prof = g.Einsum(g.input, f(np.eye(10)[[corner, shape]], "pick"), *embeds, equation=eq,
                            name=f"cs_{t}")                                                        # [1,2,side]
            first = g.ReduceMin(g.Where(g.Greater(prof, f(0, "zero"), name=f"has_{t}"), f(ar, "ar"),
                                        f(99, "big"), name=f"idx_{t}"), axes=[2], keepdims=0, name=f"first_{t}")
            # [2,1]: 0 (the identity image) and the shift first corner + 1 - first shape cell
            shifts = g.Einsum(first, f(np.array([[0, 1], [0, -1]]).reshape(2, 2, 1), "diff"),
                              equation="zk,kma->ma", name=f"gaps_{t}")
            shifts = g.Add(shifts, f(np.array([0, 1]).reshape(2, 1), "plus_one"), name=f"shifts_{t}")
            # images[k, i, p] = (p == i + shift_k): the identity and the move, written as floats by one OneHot
            # (a target past the side is an all-zero line; one below 0 wraps, but only on lines without shape
            # cells, which the move's colour mix never reads)
            target = g.Add(shifts, f(ar, "ar"), name=f"target_{t}")                                # [2,side]
            mats.append(g.OneHot(target, f(side, "side"), f([0, 1], "off_on"), name=f"images_{t}"))  # [2,side,side]
        mix = np.zeros((2, 10, 10), np.float32)
        mix[0, :, 0] = 1                      # identity image: the grid, as background ...
        mix[0, corner, 0] = 0
        mix[0, shape, 0] = 0
        mix[0, 0, 0] = 1
        mix[0, corner, corner] = 1            # ... and the corners stay
        mix[0, shape, 0] = 1                  # the shape's old cells become background
        mix[1, shape, shape] = 1              # shifted image: the shape, minus background under it
        mix[1, shape, 0] = -1
        # only the output colours 0, corner and shape occur: the mix is stored as [2,10,3] x [3,10]
        used = [0, corner, shape]
        return g.model(g.Einsum(g.input, *rows, *cols, mats[0], mats[1], f(mix[:, :, used], "mix"),
                                f(np.eye(10)[used], "out_colours"), *place, equation=place_eq, name="answer"))
