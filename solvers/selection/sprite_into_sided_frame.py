"""Sprite into sided frame: the input holds a frame (four corners of the corner colour, a left side of one
colour, a right side of another, an empty top, bottom and interior) and, elsewhere, a two-colour sprite
whose bounding box is exactly the frame's interior. The output is the frame with the sprite inside it,
mirrored left-right when needed so that the sprite's left column has the left side's colour.

Graph: nothing of grid size is stored. Einsums of `input` with colour weights give profiles over the input
window's lines (below): the corner colour's rows and columns (first and last ArgMax: the frame's box) and
the non-background counts per row and column; less the frame's own cells (two per frame row, a side's length in its two columns)
they are the sprite's, whose first ArgMax is its top-left corner. Two more Einsums read the left side's
colour and the colours of the sprite's first column; no common colour means mirror. Source indices for
the H x W output window (H x W the largest output seen) follow: the frame window at the frame, the
sprite window (mirrored or not) one cell in, each 100 where it has no source; their OneHots are [2, H, n]
row and [2, W, m] column selectors, n x m the input window (the largest input when many examples reach
it, read through [n,30] and [m,30] identities). One Einsum of `input` with them and a [2, 10] code table
(the frame's colour + 1, plus colour - background for the sprite's cells) writes the window's code map, decoded in
one byte by one QLinearConv whose padding reaches the canvas (`decode_code`).

Resize variant (`:resize`, `_resize_tail`): the same lines, then no selectors: tf_crop_and_resize Resizes read
the side colours, the sprite's first column (mirror or not) and the sprite in the two side colours' channels
(its columns backwards where mirrored); the ring comes from two column code vectors, one byte from there on.
Where the sprite's halves are one side colour each (`:halves`), only its background channel is read.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import window_lines
from ..local._code_decode import decode_code


def sided_frame_fill(grid: np.ndarray, bg: int, corner: int) -> np.ndarray | None:
    """The frame with the sprite placed inside (None when the grid holds no such frame and sprite)."""
    ys, xs = np.nonzero(grid == corner)
    if ys.size != 4:
        return None
    r0, r1, c0, c1 = ys.min(), ys.max(), xs.min(), xs.max()
    h, w = r1 - r0 + 1, c1 - c0 + 1
    if h < 3 or w < 3:
        return None
    box = grid[r0:r1 + 1, c0:c1 + 1]
    if not (box[[0, 0, -1, -1], [0, -1, 0, -1]] == corner).all():
        return None
    left, right = box[1:-1, 0], box[1:-1, -1]
    if len(set(left.tolist())) != 1 or len(set(right.tolist())) != 1 or left[0] == bg or right[0] == bg:
        return None
    if (box[[0, -1], 1:-1] != bg).any() or (box[1:-1, 1:-1] != bg).any():
        return None
    rest = grid != bg
    rest[r0:r1 + 1, c0:c1 + 1] = False
    if not rest.any():
        return None
    rows, cols = np.flatnonzero(rest.any(axis=1)), np.flatnonzero(rest.any(axis=0))
    if rows[-1] - rows[0] + 1 != h - 2 or cols[-1] - cols[0] + 1 != w - 2:
        return None
    sprite = grid[rows[0]:rows[-1] + 1, cols[0]:cols[-1] + 1]
    if left[0] not in sprite[:, 0]:
        sprite = sprite[:, ::-1]
    out = box.copy()
    out[1:-1, 1:-1] = sprite
    return out


class SpriteIntoSidedFrame(Solver, name="sprite_into_sided_frame", tasks=("task201",), refuses="task238",
                           fit_splits=("train", "arc-gen")):
    """A frame marked by four corner cells, with a left and a right side of two colours, receives the two-colour
    sprite found elsewhere, mirrored left-right when its first column lacks the left side's colour."""

    def plans(self, examples):
        """(background, corner colour, largest output height, largest output width, input window): the corner
        colour is the output's top-left cell in every example; the window is the largest input height and width
        when many examples reach it (the generator's bound), else 30."""
        corners = {int(o[0, 0]) for _, o in examples}
        if len(corners) != 1:
            return
        bg = int(np.bincount(np.concatenate([i.ravel() for i, _ in examples]), minlength=10).argmax())
        corner = corners.pop()
        if corner == bg:
            return
        yield (bg, corner, max(o.shape[0] for _, o in examples), max(o.shape[1] for _, o in examples),
               window_lines(examples, 0), window_lines(examples, 1))

    def rule(self, plan, grid):
        bg, corner, hmax, wmax, nr, nc = plan
        out = sided_frame_fill(grid, bg, corner)
        if out is None or out.shape[0] > hmax or out.shape[1] > wmax or grid.shape[0] > nr or grid.shape[1] > nc:
            return None
        return out

    def candidates(self, examples):
        """The OneHot-selector graph, then the Resize graph."""
        plan = self.fit(examples)
        if plan is None:
            return
        yield self.name, self.build(plan)
        yield f"{self.name}:resize", self.build(plan, resize=True)
        if _halves(examples, plan[0]):
            yield f"{self.name}:halves", self.build(plan, resize=True, halves=True)

    def build(self, plan, resize=False, halves=False):
        bg, corner, hmax, wmax, nr, nc = plan
        g = Graph()
        f = lambda v, name: g.const(np.asarray(v, np.float32), name=name)
        # every profile lives on the window's lines: rows 0..nr-1 and columns 0..nc-1 of the input, read through
        # [n,30] identities (none for 30)
        reads, links, rsub, csub = [], "", "h", "w"
        if nr < 30:
            reads, links, rsub = [f(np.eye(nr, 30), f"grid_{nr}")], ",ah", "a"
        if nc < 30:
            reads, links, csub = reads + [f(np.eye(nc, 30), f"grid_{nc}")], links + ",ew", "e"
        ar_r, ar_c = f(np.arange(nr), f"ar{nr}"), f(np.arange(nc), f"ar{nc}")
        e_corner = np.zeros(10, np.float32)
        e_corner[corner] = 1
        not_bg = np.ones(10, np.float32)
        not_bg[bg] = 0
        prof = lambda w, axis, name: g.Einsum(g.input, *reads, f(w, name + "_w"),
                                              equation=f"nchw{links},c->{rsub if axis == 'h' else csub}", name=name)
        first = lambda v, name, last=0: g.Cast(g.ArgMax(v, axis=0, keepdims=1, select_last_index=last,
                                                        name=name + "_i"), to=1, name=name)   # [1] float
        corner_rows, corner_cols = prof(e_corner, "h", "corner_rows"), prof(e_corner, "w", "corner_cols")
        r0, r1 = first(corner_rows, "top"), first(corner_rows, "bottom", 1)
        c0, c1 = first(corner_cols, "left"), first(corner_cols, "right", 1)
        height = g.Add(g.Sub(r1, r0, name="h_1"), f([1], "one"), name="frame_h")
        width = g.Add(g.Sub(c1, c0, name="w_1"), f([1], "one"), name="frame_w")
        # the sprite's profiles: the non-background counts less the frame's own cells
        in_rows = g.Cast(g.And(g.GreaterOrEqual(ar_r, r0, name="ge_top"), g.LessOrEqual(ar_r, r1, name="le_bottom"),
                               name="frame_rows_b"), to=1, name="frame_rows")
        spr_rows = g.Sub(prof(not_bg, "h", "busy_rows"), g.Mul(in_rows, f([2], "two"), name="frame_row_cells"),
                         name="sprite_rows")
        side_cols = g.Cast(g.Or(g.Equal(ar_c, c0, name="is_left"), g.Equal(ar_c, c1, name="is_right"),
                                name="side_cols_b"), to=1, name="side_cols")
        spr_cols = g.Sub(prof(not_bg, "w", "busy_cols"), g.Mul(side_cols, height, name="frame_col_cells"),
                         name="sprite_cols")
        half = f([0.5], "half")
        sr = first(g.Cast(g.Greater(spr_rows, half, name="spr_row_b"), to=2, name="spr_row_u8"), "sprite_top")
        sc = first(g.Cast(g.Greater(spr_cols, half, name="spr_col_b"), to=2, name="spr_col_u8"), "sprite_left")
        if resize:
            return g.model(self._resize_tail(g, plan, (r0, c0, c1, height, width, sr, sc), halves))
        # mirror when the sprite's first column holds no cell of the left side's colour
        at = lambda ar, v, name: g.Cast(g.Equal(ar, v, name=name + "_b"), to=1, name=name)
        cell_colours = f"nchw{links},{rsub},{csub}->c"
        side_colour = g.Einsum(g.input, *reads, at(ar_r, g.Add(r0, f([1], "one"), name="side_row"), "side_row_hot"),
                               at(ar_c, c0, "left_hot"), equation=cell_colours, name="side_colour")
        spr_band = g.Cast(g.And(g.GreaterOrEqual(ar_r, sr, name="ge_spr"),
                                g.Less(ar_r, g.Add(sr, g.Sub(height, f([2], "two"), name="spr_h"), name="spr_end"),
                                       name="lt_spr"), name="spr_band_b"), to=1, name="spr_band")
        first_col = g.Einsum(g.input, *reads, spr_band, at(ar_c, sc, "spr_left_hot"), equation=cell_colours,
                             name="first_col")
        keep = g.Cast(g.Einsum(side_colour, first_col, equation="c,c->", name="shared"), to=9, name="keep")
        # source indices of the window's rows and columns: frame window, sprite window (100: none, past OneHot's depth)
        i = f(np.arange(hmax), "ar_h")
        j = f(np.arange(wmax), "ar_w")
        none = f([100], "none")
        one = f([1], "one")
        inner_i = g.And(g.GreaterOrEqual(i, one, name="i_ge1"),
                        g.Less(i, g.Sub(height, one, name="h_in"), name="i_lt"), name="inner_i")
        inner_j = g.And(g.GreaterOrEqual(j, one, name="j_ge1"),
                        g.Less(j, g.Sub(width, one, name="w_in"), name="j_lt"), name="inner_j")
        frame_r = g.Where(g.Less(i, height, name="in_h"), g.Add(r0, i, name="fr_src"), none, name="frame_r")
        frame_c = g.Where(g.Less(j, width, name="in_w"), g.Add(c0, j, name="fc_src"), none, name="frame_c")
        spr_r = g.Where(inner_i, g.Add(g.Sub(sr, one, name="sr_1"), i, name="sr_src"), none, name="spr_r")
        straight = g.Add(g.Sub(sc, one, name="sc_1"), j, name="sc_src")
        mirrored = g.Sub(g.Add(sc, g.Sub(width, f([2], "two"), name="w_2"), name="sc_far"), j, name="sc_mirror")
        spr_c = g.Where(inner_j, g.Where(keep, straight, mirrored, name="sc_pick"), none, name="spr_c")
        stack = lambda a, b, n, name: g.Reshape(g.Concat(a, b, axis=0, name=name + "_cat"), g.ints([2, n]),
                                                name=name + "_src")
        off_on = f([0, 1], "off_on")
        rsel = g.OneHot(stack(frame_r, spr_r, hmax, "rows"), f(nr, "rows_depth"), off_on, name="rsel")  # [2,H,nr]
        csel = g.OneHot(stack(frame_c, spr_c, wmax, "cols"), f(nc, "cols_depth"), off_on, name="csel")  # [2,W,nc]
        # colour code + 1 of each window cell (0: no source): the frame's, plus colour - background where
        # the sprite covers the frame's background interior
        codes = np.zeros((2, 10), np.float32)
        codes[0] = np.arange(1, 11)
        codes[1] = np.where(np.arange(10) == bg, 0, np.arange(10) - bg)
        code = g.Einsum(g.input, *reads, rsel, csel, f(codes.reshape(2, 1, 10), "colour_code"),
                        equation=f"nchw{links},ki{rsub},kj{csub},kdc->ndij", name="window_code")     # [1,1,H,W]
        return g.model(decode_code(g, g.Cast(code, to=2, name="window_code_u8"), (hmax, wmax)))

    @staticmethod
    def _resize_tail(g, plan, lines, halves=False):
        """`output` from the frame's and the sprite's lines without selectors: tf_crop_and_resize Resizes read
        the side colours (row top + 1 at the frame's first and last columns), the sprite's first column in the
        left colour's channel (no such cell: mirror) and the sprite's window in the two colours' channels
        (columns backwards where mirrored); one Einsum codes the window (cells past the interior dropped by 0/1
        line masks); the frame's ring is two column code vectors (edge rows: corners; inner rows: the sides)
        placed by row tests in two Wheres, the sprite laid over the inner rows by one Max. Decoded by one
        QLinearConv."""
        bg, corner, hmax, wmax, nr, nc = plan
        r0, c0, c1, height, width, sr, sc = lines
        hn, wn = hmax - 2, wmax - 2
        f = lambda v, name: g.const(np.asarray(v, np.float32), name=name)
        one = f([1], "one")

        def read(at, table, size, name):
            """Resize of `input` over roi = (at) @ table (roi over length - 1; lines a quarter on, so that a
            backwards read's line 0 never rounds below 0)."""
            table = np.asarray(table, np.float32)
            table[-1, [2, 3, 6, 7]] += 0.25 / 29
            roi = g.MatMul(g.Concat(*at, axis=0, name=f"{name}_at"), f(table, f"{name}_roi_table"),
                           name=f"{name}_roi")
            return g.Resize(g.input, roi, "", g.ints(size, name=f"{name}_size"), mode="nearest",
                            coordinate_transformation_mode="tf_crop_and_resize", name=name)

        table = np.zeros((4, 8))                                   # (top, left, right, 1): row top + 1, every
        table[0, [2, 6]] = table[3, [2, 6]] = 1 / 29                # channel, columns left and right
        table[1, 3], table[2, 7], table[3, 5] = 1 / 29, 1 / 29, 1
        sides = g.Einsum(read((r0, c0, c1, one), table, [1, 10, 1, 2], "side_points"),
                         f(np.arange(10), "channel_index"), equation="bcij,c->j", name="side_channels")  # [2]
        line_mask = lambda n, size, name: g.Cast(g.Less(f(np.arange(n), f"{name}_k"),
                                                        g.Sub(size, f([2], "two"), name=f"{name}_inner"),
                                                        name=f"{name}_in_b"), to=1, name=f"{name}_in")
        rows_in = line_mask(hn, height, "sprite_rows")
        # mirror when the sprite's first column (rows past its height dropped) holds no cell of the left colour
        table = np.zeros((5, 8))                                   # (left, right, sprite top, sprite left, 1)
        table[0, [1, 5]] = 1 / 9
        table[2, [2, 6]] = table[3, [3, 7]] = 1 / 29
        table[4, 6] = (hn - 1) / 29
        first_col = read((sides, sr, sc, one), table, [1, 1, hn, 1], "sprite_first_col")          # [1,1,hn,1]
        keep = g.Cast(g.Einsum(first_col, rows_in, equation="bcij,i->", name="left_cells"), to=9, name="keep")
        # sprite columns: from sc forwards, or from its last column (sc + width - 3) backwards where mirrored
        start = g.Where(keep, sc, g.Add(sc, g.Sub(width, f([3], "three"), name="w_3"), name="sc_last"),
                        name="sprite_col_start")
        end = g.Add(start, g.Where(keep, f([wn - 1], "forwards"), f([1 - wn], "backwards"), name="col_step"),
                    name="sprite_col_end")
        table = np.zeros((6, 8))                                   # (left, right, sprite top, start, end, 1)
        table[0, 1], table[1, 5] = 1 / 9, 1 / 9                    # channels: left colour, right colour
        table[2, [2, 6]] = 1 / 29                                   # rows sr .. sr + hn - 1
        table[5, 6] = (hn - 1) / 29
        table[3, 3], table[4, 7] = 1 / 29, 1 / 29                   # columns start .. end
        pads = g.ints([0, 0, 1, 1, 0, 0, 1, 1], name="ring_pads")
        if not halves:
            window = read((sides, sr, start, end, one), table, [1, 2, hn, wn], "sprite_window")   # [1,2,hn,wn]
            codes = g.Reshape(g.Add(sides, f([1], "one"), name="side_codes"), g.ints([1, 2], name="one_by_two"),
                              name="side_codes_row")
            sprite = g.Einsum(window, codes, rows_in, line_mask(wn, width, "sprite_cols"),
                              equation="bkij,zk,i,j->bzij", name="sprite_code_f")                   # [1,1,hn,wn]
            sprite = g.Pad(g.Cast(sprite, to=2, name="sprite_code"), pads, name="sprite_in_box")  # [1,1,H,W]
        else:
            # the left colour fills the interior's left half, the right colour its right half (`_halves`): only
            # the background channel is read; its other cells inside the interior take their half's code
            table[0, 1] = table[1, 5] = 0
            table[5, [1, 5]] = bg / 9
            background = read((sides, sr, start, end, one), table, [1, 1, hn, wn], "sprite_window")  # [1,1,hn,wn]
            inner_lines = lambda n, shape, size, name: g.Less(f(np.arange(n).reshape(shape), f"{name}_k"),
                                                               g.Sub(size, f([2], "two"), name=f"{name}_inner"),
                                                               name=f"{name}_in_b")
            shown = g.And(g.And(g.Less(background, f(0.5, "half"), name="sprite_cells"),
                                inner_lines(hn, (hn, 1), height, "sprite_rows"), name="sprite_rows_kept"),
                          inner_lines(wn, (wn,), width, "sprite_cols"), name="sprite_kept")     # [1,1,hn,wn]
            shown = g.Pad(shown, pads, name="sprite_in_box")                                      # [1,1,H,W]
        # column codes of the edge rows (corners) and of the inner rows (sides), background between, 0 past
        u8 = lambda v, name: g.const(np.uint8(v), name=name)
        side_u8 = g.Cast(g.Add(sides, f([1], "one"), name="side_codes_f"), to=2, name="side_codes_u8")
        j = f(np.arange(wmax).reshape(1, wmax), "box_cols")
        last_col = g.Sub(width, f([1], "one"), name="last_col")
        is_first, is_last = g.Equal(j, f([0], "zero"), name="first_col_b"), g.Equal(j, last_col, name="last_col_b")
        inside = g.Where(g.Less(j, width, name="in_width"), u8(bg + 1, "bg_code"), u8(0, "no_code"), name="col_bg")
        edge_codes = g.Where(g.Or(is_first, is_last, name="side_col"), u8(corner + 1, "corner_code"), inside,
                             name="edge_codes")                                                     # [1,W]
        left_u8, right_u8 = g.Split(side_u8, axis=0, outputs=2, name="side_code")
        inner_codes = g.Where(is_first, left_u8, g.Where(is_last, right_u8, inside, name="right_codes"),
                              name="inner_codes")                                                   # [1,W]
        i = f(np.arange(hmax).reshape(hmax, 1), "box_rows")
        edge_row = g.Or(g.Equal(i, f([0], "zero"), name="first_row_b"),
                        g.Equal(i, g.Sub(height, f([1], "one"), name="last_row"), name="last_row_b"), name="edge_row")
        inner_row = g.Less(i, height, name="in_height")
        if halves:      # box column X (1..W-2 inside) lies in the left half where 2 X < W
            half_codes = g.Where(g.Less(f(2 * np.arange(wmax).reshape(1, wmax), "box_cols_twice"), width,
                                        name="left_half"), left_u8, right_u8, name="half_codes")  # [1,W]
            inner = g.Where(shown, half_codes, inner_codes, name="inner_box")
        else:
            inner = g.Max(inner_codes, sprite, name="inner_box")
        box = g.Where(edge_row, edge_codes, g.Where(inner_row, inner, u8(0, "no_code"), name="inner_rows"),
                      name="box")
        return decode_code(g, box, (hmax, wmax))


def _halves(examples, bg) -> bool:
    """Whether every answer's interior is an even number of columns wide, its left half showing only the left
    side's colour (and background), its right half only the right side's (task201's generator: the sprite is
    two halves, one per side colour)."""
    for _, out in examples:
        inner = out[1:-1, 1:-1]
        half, odd = divmod(inner.shape[1], 2)
        if odd or not (set(np.unique(inner[:, :half]).tolist()) <= {bg, int(out[1, 0])}
                       and set(np.unique(inner[:, half:]).tolist()) <= {bg, int(out[1, -1])}):
            return False
    return True
