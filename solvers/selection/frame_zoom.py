"""Frame zoom: a hollow frame of one colour and a small shape elsewhere; the output is the frame with the
shape scaled up to fill its inside exactly.

Graph: first/last rows and columns of the frame and of the shape (ArgMax, index-weighted ReduceMax)
give the scale and two pairs of 30-long index vectors; Gathers crop the frame and zoom the shape out of
a 1x1-Conv colour code; a Where picks the inside, and one Equal writes the output. The picks and window
variants write the output with one Einsum of the sprite's 3 x 3 box (one-hot line picks, or one GridSample).
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver, corner_extent
from .._common_graph import first_last_lines
from ._sample_grid import sample_lines


def frame_zoom(grid: np.ndarray, frame: int) -> np.ndarray | None:
    ys, xs = np.nonzero(grid == frame)
    shape = (grid > 0) & (grid != frame)
    if len(ys) == 0 or not shape.any():
        return None
    t, b, l, r = ys.min(), ys.max(), xs.min(), xs.max()
    sy, sx = np.nonzero(shape)
    st, sb, sl, sr = sy.min(), sy.max(), sx.min(), sx.max()
    ih, iw, sh, sw = b - t - 1, r - l - 1, sb - st + 1, sr - sl + 1
    if ih < 1 or iw < 1 or ih % sh or iw % sw:
        return None
    out = grid[t:b + 1, l:r + 1].copy()
    out[1:-1, 1:-1] = grid[np.arange(ih) // (ih // sh) + st][:, np.arange(iw) // (iw // sw) + sl]
    return out


class FrameZoom(Solver, name="frame_zoom", tasks=("task159",), refuses="task070", aliases=("c5_frame_zoom",)):
    """The frame of one colour is output with the grid's other shape scaled up to fill its inside."""

    def plans(self, examples):
        i0 = examples[0][0]
        yield from sorted(set(i0[i0 > 0].tolist()))

    def rule(self, frame, grid):
        return frame_zoom(grid, frame)

    def candidates(self, examples):
        frame = self.fit(examples)
        if frame is None:
            return
        yield self.name, self.build(frame)
        yield f"{self.name}:picks", self.build_picks(frame)
        window = self.build_window(frame, max(corner_extent(examples)))
        if window is not None:
            yield f"{self.name}:window", window

    def build_window(self, frame, lines):
        """`build_picks` with the sprite's 3 x 3 box read by one GridSample (`sample_lines`) at its first row and
        column (`first_last_lines`: a sprite line holds at most 3 cells, all on the grid's `lines` lines), where
        the picks held two [1,3,30] one-hots and two [30] line scores."""
        g = Graph()
        sprite_w = np.r_[0, np.ones(9)]
        sprite_w[frame] = 0
        firsts = [first_last_lines(g, sprite_w, term, 3, lines, f"sprite_{tag}", last=False)
                  for term, tag in (("i", "row"), ("j", "col"))]
        if None in firsts:
            return None
        rows = g.Add(firsts[0][0], g.floats(np.arange(3).reshape(1, 3, 1, 1), name="rows_k"), name="sprite_rows")
        cols = g.Add(firsts[1][0], g.floats(np.arange(3).reshape(1, 1, 3, 1), name="cols_k"), name="sprite_cols")
        window = sample_lines(g, rows, cols)                                                   # [1,10,3,3]
        is_mag, maps, terms = self._zoom_tables(g, frame)
        return g.model(g.Einsum(window, is_mag, maps, maps, terms, equation="bcuv,m,mnIu,mnJv,ncd->bdIJ"))

    @staticmethod
    def _zoom_tables(g, frame):
        """The magnification one-hot (from the frame's cell count), the output-line maps and the two terms'
        colour weights of `build_picks`."""
        frame_cells = g.Einsum(g.input, g.floats(np.eye(10)[frame], name="frame_w"), equation="bcij,c->",
                               name="frame_cells")
        mags = np.arange(1, 5)
        out_line = np.arange(30)
        table = np.zeros((4, 2, 30, 3), np.float32)
        table[:, 0, :, 0] = out_line[None, :] < 3 * mags[:, None] + 2
        table[:, 1] = (out_line[None, :, None] - 1) // mags[:, None, None] == np.arange(3)
        is_mag = g.Cast(g.Equal(frame_cells, g.floats(12 * mags + 4, name="ring_cells")), to=1, name="is_mag")  # [4]
        weight = np.zeros((2, 10, 10), np.float32)
        weight[0, :, frame] = 1               # term 0 reads the sprite's corner cell (any colour) as the frame colour
        weight[1] = np.eye(10)
        weight[1, :, frame] -= 1
        return is_mag, g.floats(table, name="line_maps"), g.floats(weight, name="terms")

    def build_picks(self, frame):
        """Exact for the generator's inputs only (task159: a square frame of side 3m + 2, m = 1..4, whose top
        row is the frame colour's fullest row, and a sprite whose bounding box is 3 x 3, nothing else on the
        grid). One Einsum reads the output from the input: term 0 reads the sprite box's top-left cell (in the
        grid) as the frame colour into every cell of the (3m+2)-square, term 1 reads sprite cell
        (st + (I-1)//m, sl + (J-1)//m) into inner cell (I, J) minus the frame colour. Per axis the pick is a
        [1, 3, 30] one-hot of the sprite's input lines (both terms read them), and the [2, 30, 3] output-line maps
        are shared by both axes: a constant [4, 2, 30, 3] table of the maps for m = 1..4, picked by a one-hot of
        the frame's cell count 12m + 4."""
        g = Graph()
        sprite_w = np.r_[0, np.ones(9)]
        sprite_w[frame] = 0
        # the frame is a ring of side 3m + 2: 12m + 4 cells of its colour; the output-line maps [2, 30, 3] of every
        # magnification m = 1..4 (the generator's), a constant table, one picked by a one-hot [4] over m
        is_mag, maps, terms = self._zoom_tables(g, frame)
        decay = g.floats(0.25 ** np.arange(30), name="decay")           # a row's weight > 3 x any later row's
        sprite_rows = g.Einsum(g.input, g.floats(sprite_w, name="sprite_w"), decay, equation="bcij,c,i->bi",
                               name="sprite_rows")
        sprite_cols = g.Einsum(g.input, g.floats(sprite_w, name="sprite_w"), decay, equation="bcij,c,j->bj",
                               name="sprite_cols")
        picks = []
        for tag, sp in (("row", sprite_rows), ("col", sprite_cols)):
            sfirst = g.ArgMax(sp, axis=1, keepdims=1, name=f"sprite_{tag}")                   # first sprite line
            lines = g.Add(sfirst, g.ints([[0, 1, 2]], name="us_int"), name=f"{tag}_lines")     # [1,3]
            picks.append(g.OneHot(lines, g.ints([30], name="depth"), g.floats([0.0, 1.0], name="off_on"),
                                  axis=-1, name=f"{tag}_pick"))                                  # [1,3,30]
        return g.model(g.Einsum(g.input, picks[0], picks[1], is_mag, maps, maps, terms,
                                equation="bcij,zui,zvj,m,mnIu,mnJv,ncd->bdIJ"))

    def _bounds(self, g, weights, spec, tag):
        idx = np.arange(30, dtype=np.float32)
        present = g.Cast(g.Greater(g.Einsum(g.input, g.floats(weights), equation=spec), g.floats(0.5)), to=1,
                         name=f"{tag}_present")
        first = g.Cast(g.ArgMax(present, axis=1, keepdims=0), to=1, name=f"{tag}_first")
        last = g.ReduceMax(g.Mul(present, g.floats(idx)), axes=[1], keepdims=0, name=f"{tag}_last")
        return first, last

    def build(self, frame):
        g = Graph()
        idx = g.floats(np.arange(30, dtype=np.float32))
        shape_w = np.r_[0, np.ones(9)]
        shape_w[frame] = 0
        crops, zooms, insides = [], [], []
        for tag, spec in (("row", "bkrc,k->br"), ("col", "bkrc,k->bc")):
            t, b = self._bounds(g, np.eye(10)[frame], spec, f"frame_{tag}")
            st, sb = self._bounds(g, shape_w, spec, f"shape_{tag}")
            span = g.Sub(b, t, name=f"frame_{tag}_span")                                   # size - 1
            scale = g.Div(g.Sub(span, g.floats(1.0)), g.Add(g.Sub(sb, st), g.floats(1.0)), name=f"scale_{tag}")
            crop = g.Where(g.Greater(idx, span), g.floats(30.0), g.Add(idx, t), name=f"crop_{tag}_f")
            zoom = g.Add(g.Floor(g.Div(g.Sub(idx, g.floats(1.0)), scale)), st, name=f"zoom_{tag}_f")
            inside = g.And(g.Greater(idx, g.floats(0.5)), g.Less(idx, g.Sub(span, g.floats(0.5))),
                           name=f"inside_{tag}")
            zoom = g.Where(inside, zoom, g.floats(30.0), name=f"zoom_{tag}_safe")
            crops.append(g.Cast(crop, to=7, name=f"crop_{tag}"))
            zooms.append(g.Cast(zoom, to=7, name=f"zoom_{tag}"))
            insides.append(inside)
        code = g.Conv(g.input, g.floats(np.arange(1, 11).reshape(1, 10, 1, 1)), name="colour_code")
        code = g.Pad(code, g.ints([0, 0, 0, 0, 0, 0, 1, 1]), name="colour_code_padded")   # line 30 is empty
        framed = g.Gather(g.Gather(code, crops[0], axis=2), crops[1], axis=3, name="frame_crop")
        zoomed = g.Gather(g.Gather(code, zooms[0], axis=2), zooms[1], axis=3, name="shape_zoom")
        inside = g.And(g.Reshape(insides[0], g.ints([30, 1])), g.Reshape(insides[1], g.ints([1, 30])), name="inside")
        cell = g.Where(inside, zoomed, framed, name="cell_code")
        return g.model(g.Equal(cell, g.floats(np.arange(1, 11).reshape(1, 10, 1, 1))))
