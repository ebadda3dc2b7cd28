"""Sprite into frame: the input holds a square frame (four one-colour sides, empty corners and interior)
and, elsewhere, a sprite of the mark colour whose bounding box is exactly the frame's interior (n x n).
The output is the frame with the sprite inside it; each sprite cell takes the colour of the side whose
triangle it lies in (the interior cut by its two diagonals), a cell on a diagonal keeps the mark colour.

Graph: one dilated Conv reads the S x S corner as a colour code plane (colour + 1, 0 off the grid); weighted sums
of the frame colours and of the mark (Einsums of `input`, line k weighed 16^-k) give the frame's and the
sprite's top-left corners (first line: the sum's rounded logarithm) and the frame's side n+2 (a quarter of
its cells, plus 2). Two GridSamples (`sample_lines`,
float16 grids) read the W x W box (W = largest n + 2; lines past the side read nothing) and the sprite's
window, one cell in, out of the code plane. The side colours' codes are read off the box by Einsums with
one-hot lines, the triangle classes come from index arithmetic (I < J, I > J, the sign of n + 1 - I - J) in
uint8 Wheres, and where the sprite window holds the mark its class code replaces the box's. The W x W uint8
code is decoded by one QLinearConv whose padding reaches the canvas (`decode_code`).

Resize variant (`:resize`, `build_resize`): no code plane; Resizes read the sprite's mark channel and the
sides' colours, constant per-size slot maps (Gathered) lay out the box.
"""
from __future__ import annotations

import numpy as np
from onnx import TensorProto

from neurogolf.graph import Graph

from .. import Solver
from .._common_graph import corner_plane
from ..local._code_decode import decode_code
from ._sample_grid import sample_lines


def _classes(n: int) -> np.ndarray:
    """[n, n] triangle class: 0 top, 1 right, 2 bottom, 3 left, 4 on a diagonal."""
    r, c = np.indices((n, n))
    d0, d1 = r - c, n - 1 - r - c
    cls = np.full((n, n), 4)
    cls[(d0 < 0) & (d1 > 0)] = 0
    cls[(d0 < 0) & (d1 < 0)] = 1
    cls[(d0 > 0) & (d1 < 0)] = 2
    cls[(d0 > 0) & (d1 > 0)] = 3
    return cls


def _bbox(mask):
    rows, cols = np.nonzero(mask.any(1))[0], np.nonzero(mask.any(0))[0]
    return rows[0], rows[-1] + 1, cols[0], cols[-1] + 1


def compose(grid, bg, mark, sizes):
    frame = (grid != bg) & (grid != mark)
    sprite = grid == mark
    if not frame.any() or not sprite.any():
        return None
    r0, r1, c0, c1 = _bbox(frame)
    m = r1 - r0
    n = m - 2
    if c1 - c0 != m or n not in sizes:
        return None
    box = grid[r0:r1, c0:c1]
    ring = np.zeros((m, m), bool)
    ring[0, 1:-1] = ring[-1, 1:-1] = ring[1:-1, 0] = ring[1:-1, -1] = True
    if not (box[ring] != bg).all() or (box[~ring] != bg).any():
        return None
    sides = [box[0, 1], box[1, -1], box[-1, 1], box[1, 0]]
    if any(len(np.unique(box[s])) != 1 for s in
           ((0, slice(1, -1)), (slice(1, -1), -1), (-1, slice(1, -1)), (slice(1, -1), 0))):
        return None
    s0, s1, t0, t1 = _bbox(sprite)
    if s1 - s0 != n or t1 - t0 != n:
        return None
    out = box.copy()
    colours = np.array(sides + [mark])
    inner = sprite[s0:s1, t0:t1]
    out[1:-1, 1:-1] = np.where(inner, colours[_classes(n)], bg)
    return out


class SpriteIntoFrame(Solver, name="sprite_into_frame", tasks=("task238",), refuses="task119",
                      fit_splits=("train", "arc-gen")):
    """A sprite of the mark colour is placed inside a square frame of four coloured sides; each sprite cell takes the
    colour of the side whose triangle (between the interior's diagonals) holds it, cells on a diagonal keep the mark."""

    def plans(self, examples):
        """(bg, mark, interior sizes, side): background 0-most colour, the mark a colour every input holds and
        every output keeps; the interior sizes those the examples show, the side their largest input."""
        if any(o.shape[0] != o.shape[1] for _, o in examples):
            return
        common = set.intersection(*(set(np.unique(i).tolist()) & set(np.unique(o).tolist()) for i, o in examples))
        bgs = {int(np.bincount(i.ravel()).argmax()) for i, _ in examples}
        if len(bgs) != 1:
            return
        bg = bgs.pop()
        sizes = tuple(sorted({o.shape[0] - 2 for _, o in examples}))
        side = max(max(i.shape) for i, _ in examples)
        for mark in sorted(common - {bg}):
            yield bg, mark, sizes, side

    def rule(self, plan, grid):
        bg, mark, sizes, side = plan
        if max(grid.shape) > side:
            return None
        return compose(grid, bg, mark, range(sizes[0], sizes[-1] + 1))

    def candidates(self, examples):
        """The code-plane graph, then the Resize graph (no plane of grid size)."""
        plan = self.fit(examples)
        if plan is None:
            return
        yield self.name, self.build(plan)
        yield f"{self.name}:resize", self.build_resize(plan)

    def build_resize(self, plan):
        """No code plane: the first lines and the side n + 2 as in `build`; tf_crop_and_resize Resizes read the
        mark's channel over the largest n x n window at the sprite (padded by one cell: the box's interior) and
        the frame's one-hot at its sides' middles (two two-cell reads; their colour codes by Einsums). Each
        interior size n has constant slot maps (the triangle class of each interior cell; the ring's sides,
        background and nothing for the rest): one Gather of the seven slot codes (four sides, mark, background,
        nothing) by each map renders every size's box, one Gather keeps size n, and one Where takes the class
        where the mark lies. The W x W code is decoded by one QLinearConv."""
        bg, mark, sizes, side = plan
        lo, hi = sizes[0], sizes[-1]
        w = hi + 2
        g = Graph()
        f = lambda v, name: g.const(np.asarray(v, np.float32), name=name)
        top, left, sprite_top, sprite_left, size = self._lines(g, bg, mark)
        one = f([1], "one")

        def resize(at, table, sizes_, name):
            """tf_crop_and_resize Resize of `input` with roi = at @ table (roi over length - 1)."""
            roi = g.MatMul(g.Concat(*at, axis=0, name=f"{name}_at"), f(table, f"{name}_roi_table"), name=f"{name}_roi")
            return g.Resize(g.input, roi, "", g.ints(sizes_, name=f"{name}_size"), mode="nearest",
                            coordinate_transformation_mode="tf_crop_and_resize", name=name)

        # the sprite: rows sprite_top + k, columns sprite_left + k (k < largest n), channel mark; one cell of
        # padding places it in the box's interior
        table = np.zeros((3, 8), np.float32)
        table[0, [2, 6]] = table[1, [3, 7]] = 1 / 29
        table[2, [6, 7]] = (hi - 1) / 29
        table[2, [1, 5]] = mark / 9
        marked = g.Greater(resize((sprite_top, sprite_left, one), table, [1, 1, hi, hi], "sprite_window"),
                           f(0.5, "half"), name="sprite_cells")                                  # [1,1,n,n]
        marked = g.Pad(marked, g.ints([0, 0, 1, 1, 0, 0, 1, 1], name="ring_pads"), name="marked")  # [1,1,W,W]
        # the frame's sides: its middle row (top + (n + 1) / 2, rounded: a side's inner cell) at its first and
        # last columns (left, right), its middle column at its first and last rows (top, bottom)
        at = (top, left, size, one)
        codes = f(np.arange(1, 11), "colour_codes")
        side_codes = []
        for name, axis in (("top_bottom", 2), ("left_right", 3)):
            table = np.zeros((4, 8), np.float32)          # roi from (top, left, n + 2, 1)
            table[0, [2, 6]] = table[1, [3, 7]] = 1 / 29    # starts: top, left
            table[2, 4 + axis], table[3, 4 + axis] = 1 / 29, -1 / 29       # the read axis ends n + 1 later
            middle = 5 - axis                                               # the other axis: its middle line
            table[2, [middle, middle + 4]], table[3, [middle, middle + 4]] = 0.5 / 29, -0.5 / 29
            table[3, 5] = 1                                                 # every channel
            shape = [1, 10, 2, 1] if axis == 2 else [1, 10, 1, 2]
            points = resize(at, table, shape, f"{name}_points")                                   # [1,10,2 cells]
            side_codes.append(g.Cast(g.Einsum(points, codes, equation="bcij,c->" + ("i" if axis == 2 else "j"),
                                              name=f"{name}_codes_f"), to=TensorProto.UINT8, name=f"{name}_codes"))
        slots = g.Concat(*side_codes, g.const(np.uint8([mark + 1, bg + 1, 0]), name="fixed_codes"), axis=0,
                         name="slot_codes")
        # slots: 0 top, 1 bottom, 2 left, 3 right, 4 the mark, 5 background, 6 nothing
        ring, classes = np.full((hi - lo + 1, w, w), 6, np.int64), np.full((hi - lo + 1, w, w), 6, np.int64)
        for t, n in enumerate(range(lo, hi + 1)):
            ring[t, :n + 2, :n + 2] = 5
            ring[t, 0, 1:n + 1], ring[t, n + 1, 1:n + 1], ring[t, 1:n + 1, 0], ring[t, 1:n + 1, n + 1] = 0, 1, 2, 3
            classes[t, 1:n + 1, 1:n + 1] = np.array([0, 3, 1, 2, 4])[_classes(n)]     # class -> slot
        which = g.Cast(g.Sub(size, f([lo + 2], "smallest_side"), name="size_rank_f"), to=TensorProto.INT64,
                       name="size_rank")                                                        # [1]
        pick = lambda maps, name: g.Gather(g.Gather(slots, g.const(maps, name=f"{name}_slots"), axis=0,
                                                    name=f"{name}_all"), which, axis=0, name=name)  # [1,W,W]
        box = g.Where(marked, pick(classes, "class_code"), pick(ring, "ring_code"), name="box")
        return g.model(decode_code(g, box, (w, w)))

    @staticmethod
    def _lines(g, bg, mark):
        """(top, left, sprite top, sprite left, n + 2) as float [1]s: first lines from 16^-k weighted sums
        (see `build`), the side from a quarter of the frame's cells."""
        f = lambda v, name: g.const(np.asarray(v, np.float32), name=name)
        frame_w = np.ones(10)
        frame_w[[bg, mark]] = 0
        base = 16.0
        weight = f(base ** -np.arange(30), "line_weight")

        def first_line(weights, term, name):
            moment = g.Einsum(g.input, f(weights, f"{name}_colours"), weight, equation=f"bcij,c,{term}->b",
                              name=f"{name}_moment")
            shifted = g.Add(g.Mul(g.Log(moment, name=f"{name}_log"), f(-1 / np.log(base), "by_log16"),
                                  name=f"{name}_log16"), f(0.35, "round_offset"), name=f"{name}_first_f")
            return g.Round(shifted, name=f"{name}_first")

        frame_cells = g.Einsum(g.input, f(frame_w, "frame_row_colours"), equation="bcij,c->b", name="frame_cells")
        size = g.Add(g.Mul(frame_cells, f(0.25, "quarter"), name="frame_n"), f(2, "two"), name="frame_side")
        return (first_line(frame_w, "i", "frame_row"), first_line(frame_w, "j", "frame_col"),
                first_line(np.arange(10) == mark, "i", "mark_row"), first_line(np.arange(10) == mark, "j", "mark_col"),
                size)

    def build(self, plan):
        bg, mark, sizes, side = plan
        lo, hi = sizes[0], sizes[-1]
        s, w = side, hi + 2
        g = Graph()
        f = lambda v, name: g.const(np.asarray(v, np.float32), name=name)
        code = corner_plane(g, np.arange(10) + 1, (s, s), "code")                  # [1,1,S,S]: colour + 1, 0 off
        frame_w = np.ones(10)
        frame_w[[bg, mark]] = 0

        base = 16.0            # above a line's cell count (at most 7 of the frame or the sprite)
        weight = f(base ** -np.arange(30), "line_weight")

        def first_line(weights, term, name):
            """[1] float: the first row (term i) or column (j) holding a cell of the weighted colours, from one
            weighted sum s = sum over lines k of cells(k) / 16^k: -log16 s lies within 0.73 below that line (the
            later lines add under 7/15 of a cell), so it rounds to it after adding 0.35."""
            moment = g.Einsum(g.input, f(weights, f"{name}_colours"), weight, equation=f"bcij,c,{term}->b",
                              name=f"{name}_moment")
            shifted = g.Add(g.Mul(g.Log(moment, name=f"{name}_log"), f(-1 / np.log(base), "by_log16"),
                                  name=f"{name}_log16"), f(0.35, "round_offset"), name=f"{name}_first_f")
            return g.Round(shifted, name=f"{name}_first")

        top = first_line(frame_w, "i", "frame_row")
        left = first_line(frame_w, "j", "frame_col")
        sprite_top = first_line(np.arange(10) == mark, "i", "mark_row")
        sprite_left = first_line(np.arange(10) == mark, "j", "mark_col")
        # the frame's side n + 2 from its cells: four sides of n
        frame_cells = g.Einsum(g.input, f(frame_w, "frame_row_colours"), equation="bcij,c->b", name="frame_cells")
        size = g.Add(g.Mul(frame_cells, f(0.25, "quarter"), name="frame_n"), f(2, "two"), name="frame_side")
        line = np.arange(w, dtype=np.float32)
        outside = f(-s, "outside")

        def window(start, shape, lines, name):
            """Source lines start + k for the window lines k that `lines` keeps (bool), far outside else."""
            source = g.Add(f(line.reshape(shape), f"{name}_line"), start, name=f"{name}_source")
            return g.Where(lines, source, outside, name=f"{name}_index")

        rows_shape, cols_shape = (1, w, 1, 1), (1, 1, w, 1)
        in_frame = lambda shape, name: g.Less(f(line.reshape(shape), f"{name}_k"), size, name=f"{name}_in")
        frame = sample_lines(g, window(top, rows_shape, in_frame(rows_shape, "frame_rows"), "frame_rows"),
                             window(left, cols_shape, in_frame(cols_shape, "frame_cols"), "frame_cols"),
                             source=code, size=s)                                     # [1,1,W,W]: the box's code
        inner = lambda shape, name: g.And(g.Greater(f(line.reshape(shape), f"{name}_k"), f(0, "zero"),
                                                    name=f"{name}_after_side"),
                                          g.Less(f(line.reshape(shape) + 1, f"{name}_k1"), size,
                                                 name=f"{name}_before_side"), name=f"{name}_inner")
        one = f(1, "one")
        sprite = sample_lines(g, window(g.Sub(sprite_top, one, name="sprite_row0"), rows_shape,
                                        inner(rows_shape, "sprite_rows"), "sprite_rows"),
                              window(g.Sub(sprite_left, one, name="sprite_col0"), cols_shape,
                                     inner(cols_shape, "sprite_cols"), "sprite_cols"),
                              source=code, size=s)                                    # the sprite, one cell in
        marked = g.Equal(sprite, f(mark + 1, "mark_code"), name="marked")                    # [1,1,W,W]
        # the side colours' codes: top (0, 1), left (1, 0), bottom (n+1, 1), right (1, n+1) of the box
        e0, e1 = f(line == 0, "e0"), f(line == 1, "e1")
        last = g.Cast(g.Equal(f(line + 1, "line_plus_one"), size, name="last_line_b"), to=TensorProto.FLOAT,
                      name="last_line")
        at = lambda r, c, name: g.Cast(g.Einsum(frame, r, c, equation="bxij,i,j->b", name=f"{name}_f"),
                                       to=TensorProto.UINT8, name=name)
        sides = {"top": at(e0, e1, "top"), "left": at(e1, e0, "left"), "bottom": at(last, e1, "bottom"),
                 "right": at(e1, last, "right")}
        # triangle classes of interior cell (I, J) (1..n): d0 = I - J, d1 = n + 1 - I - J
        I, J = np.indices((w, w))
        u8 = lambda v, name: g.const(np.uint8(v), name=name)
        upper = g.const((I < J).reshape(1, 1, w, w), name="upper")
        lower = g.const((I > J).reshape(1, 1, w, w), name="lower")
        n_plus_1 = g.Sub(size, one, name="n_plus_1")
        index_sum = f((I + J).reshape(1, 1, w, w), "index_sum")
        above = g.Less(index_sum, n_plus_1, name="d1_positive")
        below = g.Greater(index_sum, n_plus_1, name="d1_negative")
        mark_code = u8(mark + 1, "mark_u8")
        upper_code = g.Where(above, sides["top"], g.Where(below, sides["right"], mark_code, name="upper_right"),
                             name="upper_code")
        lower_code = g.Where(above, sides["left"], g.Where(below, sides["bottom"], mark_code, name="lower_bottom"),
                             name="lower_code")
        classes = g.Where(upper, upper_code, g.Where(lower, lower_code, mark_code, name="lower_or_diagonal"),
                          name="class_code")
        box = g.Where(marked, classes, g.Cast(frame, to=TensorProto.UINT8, name="frame_u8"), name="box")
        return g.model(decode_code(g, box, (w, w)))
