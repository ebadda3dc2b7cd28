"""Four-colour centre mirrors: each sprite is a centre 2x2 of four different colours (one may be black) and one
quadrant drawn whole in its centre cell's colour; the output mirrors that quadrant into the other three, each
in its own centre cell's colour (none into a black one).

A centre is a 2x2 window whose four cells, all inside the grid, have four different colours (black counts as
one): the generator's centres have four distinct quadrant colours, one possibly black, and any other window
holds cells of one sprite only, so at most its two quadrant colours and black. At most three centres (the
generator's most sprites). Around a centre the four 5x5 quadrants are folded onto one
(cell (a, b) of a quadrant is a cells out from the centre row and b from the centre column); the shape is what
is 8-connected to the centre cell, in six steps, through cells that are coloured in some quadrant whose centre
cell is coloured (the generator's creatures are 4 to 8 cells, at most six 8-steps from their first cell; other
sprites never touch a drawn cell, so the flood stays on the shape). The output is black with every shape drawn
in each coloured quadrant (clipped to the grid); two colours on one cell, or an input cell left out, refuse.

Graph: one Einsum counts each window's pairs of different colours (12 at a centre); TopK picks three windows
(valid at 12); a 40-row table Gathers one-hot row and column selectors for the folded windows (a
fourth slot selects the whole grid for the background); one Einsum lifts the folded codes, one the coloured
quadrants' mask, six uint8 MaxPool/Min steps flood the shape, a 21-row table Gathers each quadrant's colour
minus black (the background slot's lifted sum, clipped, reads black), and one Einsum with the input (inside the
grid) renders the output.
"""
from __future__ import annotations

import numpy as np
from onnx import TensorProto

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import same_shape

SLOTS = 3           # the generator's most sprites
SPAN = 29           # top-left rows (columns) of 2x2 windows on the canvas
MARGIN = 4          # fold rows up to 4 above a centre: selector rows past the canvas select nothing
QUAD = 5            # a quadrant's side (creatures live in 5x5)
FLOOD = 6           # 8-steps from a creature's first cell to its farthest (4..8 cells in 5x5: at most 6)


def _offsets() -> np.ndarray:
    """[2, QUAD]: row (column) offset from the centre's top-left of fold cell a, upper/left then lower/right."""
    a = np.arange(QUAD)
    return np.stack([-a, 1 + a]).astype(np.int64)


def centres(grid: np.ndarray):
    h, w = grid.shape
    found = []
    for r in range(h - 1):
        for c in range(w - 1):
            if len(set(grid[r:r + 2, c:c + 2].ravel().tolist())) == 4:
                found.append((r, c))
    if not 1 <= len(found) <= SLOTS:
        return None
    return found


def _dilate8(mask: np.ndarray) -> np.ndarray:
    p = np.pad(mask, 1)
    return np.any([p[1 + a:1 + a + mask.shape[0], 1 + b:1 + b + mask.shape[1]]
                   for a in (-1, 0, 1) for b in (-1, 0, 1)], axis=0)


def mirrors(grid: np.ndarray):
    found = centres(grid)
    if found is None:
        return None
    h, w = grid.shape
    pad = np.zeros((2 * MARGIN + h, 2 * MARGIN + w), int)     # cells past the grid read black
    pad[MARGIN:MARGIN + h, MARGIN:MARGIN + w] = grid
    off = _offsets()
    paint = np.zeros((h, w, 10), int)
    for r, c in found:
        rows, cols = r + off, c + off                # [2, QUAD]
        fold = pad[MARGIN + rows[:, None, :, None], MARGIN + cols[None, :, None, :]]     # [2, 2, QUAD, QUAD]
        colour = fold[:, :, 0, 0]
        mask = ((fold > 0) & (colour[:, :, None, None] > 0)).any(axis=(0, 1))
        shape = np.zeros((QUAD, QUAD), bool)
        shape[0, 0] = True
        for _ in range(FLOOD):
            shape = _dilate8(shape) & mask
        for u in range(2):
            for v in range(2):
                if colour[u, v] == 0:
                    continue
                for a, b in np.argwhere(shape):
                    y, x = rows[u, a], cols[v, b]
                    if 0 <= y < h and 0 <= x < w:
                        paint[y, x, colour[u, v]] = 1
    if (paint.sum(axis=2) > 1).any():
        return None
    out = paint.argmax(axis=2)
    if ((grid > 0) & (out != grid)).any():
        return None                                  # an input cell the rule does not explain
    return out


ROWS = 30 + 2 * MARGIN          # selector rows for canvas rows -MARGIN..29+MARGIN
WHOLE, NONE = ROWS, ROWS + 1    # the background's whole-grid row, an empty row


def _selector_table() -> np.ndarray:
    """[ROWS + 2, 30]: canvas row i - MARGIN one-hot (none past the canvas), then all ones, then zeros."""
    t = np.zeros((ROWS + 2, 30), np.float32)
    t[MARGIN:MARGIN + 30] = np.eye(30)
    t[WHOLE] = 1
    return t


CODE = 10                       # a lifted colour j > 0 reads CODE + j, black 0
BACKGROUND = 2 * CODE           # the background slot's (0, 0) cell reads the whole grid: at least 3 x (CODE + 1)


def _values() -> np.ndarray:
    v = np.arange(10, dtype=np.float32) + CODE
    v[0] = 0
    return v


def _colour_table() -> np.ndarray:
    """[BACKGROUND + 1, 10]: code CODE + j paints channel j and takes back the background's channel 0; black
    (0) paints nothing; BACKGROUND is the background (channel 0)."""
    t = np.zeros((BACKGROUND + 1, 10), np.float32)
    for j in range(1, 10):
        t[CODE + j, j], t[CODE + j, 0] = 1, -1
    t[BACKGROUND, 0] = 1
    return t


class FourColourCentreMirrors(Solver, name="four_colour_centre_mirrors", tasks=("task285",), refuses="task158"):
    """Same-shape grids: sprites with a centre 2x2 of four different colours and one quadrant drawn whole; the
    output mirrors that quadrant into the other three, each in its centre cell's colour."""

    def plans(self, examples):
        if not same_shape(examples):
            return
        yield ()

    def rule(self, plan, grid):
        return mirrors(grid)

    def build(self, plan):
        g = Graph()
        f32, i32, u8 = TensorProto.FLOAT, TensorProto.INT32, TensorProto.UINT8
        # pairs of cells with different colours in each 2x2 window with top-left at row/col 0..28
        box = np.zeros((SPAN, 30), np.float32)
        for a in range(SPAN):
            box[a, a:a + 2] = 1
        band = g.const(box, name="window_rows")
        differ = g.const(1 - np.eye(10, dtype=np.float32), name="differ")
        pairs = g.Einsum(band, g.input, band, differ, band, g.input, band,
                         equation="ar,nyrw,bw,yd,as,ndst,bt->ab", name="pairs")          # [29,29], 12 at a centre
        # top three windows: the best three of each row, then the best three of those
        best, where = g.TopK(pairs, g.ints([SLOTS], name="slots"), axis=1, outputs=2, name="row_best")  # [29,3]
        top, at = g.TopK(g.Reshape(best, g.ints([SPAN * SLOTS], name="row_best_n"), name="row_best_flat"),
                         g.ints([SLOTS], name="slots"), axis=0, outputs=2, name="centre")
        valid = g.Cast(g.Greater(top, g.floats(11.0, name="eleven"), name="valid_b"), to=u8, name="valid")
        r0 = g.Div(at, g.ints([SLOTS], name="slots"), name="centre_row")
        pick = g.Concat(g.Unsqueeze(r0, axes=[1], name="row1"),
                        g.Unsqueeze(g.Mod(at, g.ints([SLOTS], name="slots"), name="rank"), axes=[1], name="rank1"),
                        axis=1, name="pick")                                              # [3,2]
        c0 = g.GatherND(where, pick, name="centre_col")
        off = g.const((_offsets() + MARGIN).reshape(1, 2, QUAD).astype(np.int32), name="fold_offsets")
        whole = g.const(np.array([[WHOLE] + [NONE] * (QUAD - 1), [NONE] * QUAD], np.int32).reshape(1, 2, QUAD),
                        name="whole_grid")          # the background: the whole grid in its (0, 0) cell only

        def selector(centre, label):
            centre = g.Cast(g.Reshape(centre, g.ints([SLOTS, 1, 1], name="slot_shape"), name=f"{label}_c64"), to=i32,
                            name=f"{label}_c")
            idx = g.Add(centre, off, name=f"{label}_idx")                                     # [3,2,5]
            idx = g.Concat(idx, whole, axis=0, name=f"{label}_idx4")                           # [4,2,5]
            return g.Gather(g.const(_selector_table(), name="selectors"), idx, axis=0, name=label)  # [4,2,5,30]

        rows, cols = selector(r0, "rows"), selector(c0, "cols")
        values = g.const(_values(), name="values")
        fold = g.Einsum(g.input, values, rows, cols, equation="nyrw,y,kuar,kvbw->kuvab", name="fold")  # [4,2,2,5,5]
        colour = g.Slice(fold, g.ints([0, 0], name="z2"), g.ints([1, 1], name="o2"), g.ints([3, 4], name="ax34"),
                         name="colour")                                                   # [4,2,2,1,1]
        lit = g.Reshape(g.Min(colour, g.floats(1.0, name="one"), name="lit5"), g.ints([SLOTS + 1, 2, 2, 1]),
                        name="lit")
        mask = g.Einsum(fold, lit, equation="kuvab,kuvz->kzab", name="mask")               # [4,1,5,5]
        coloured = g.Cast(g.Greater(mask, g.floats(0.5, name="half"), name="coloured_b"), to=u8, name="coloured")
        seed = np.zeros((1, 1, QUAD, QUAD), np.uint8)
        seed[0, 0, 0, 0] = 1
        slot_on = g.Concat(valid, g.const(np.ones(1, np.uint8), name="one8"), axis=0, name="slot_on")
        shape = g.Mul(g.Reshape(slot_on, g.ints([SLOTS + 1, 1, 1, 1]), name="slot_on4"), g.const(seed, name="seed"),
                      name="shape0")                                                      # uint8 [4,1,5,5]
        for step in range(FLOOD):
            shape = g.Min(g.MaxPool(shape, kernel_shape=[3, 3], pads=[1, 1, 1, 1], name=f"grow{step}"), coloured,
                          name=f"shape{step + 1}")
        shape = g.Cast(shape, to=f32, name="shape")
        col_idx = g.Cast(g.Reshape(g.Min(colour, g.floats(float(BACKGROUND), name="bg_code"), name="colour_code"),
                                   g.ints([SLOTS + 1, 2, 2], name="quads"), name="colour3"), to=i32, name="colour_idx")
        paint = g.Gather(g.const(_colour_table(), name="colour_table"), col_idx, axis=0, name="paint")  # [4,2,2,10]
        return g.model(g.Einsum(shape, paint, rows, cols, g.input, equation="kzab,kuvc,kuar,kvbw,nyrw->ncrw",
                                name="render"))
