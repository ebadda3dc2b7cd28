"""Room area extremes: wall lines cut the grid into rectangular rooms (a recursive split); every room of the
largest area takes one colour and every room of the smallest area another; walls and other rooms stay.

A room is a rectangle bounded by walls or the grid's edge, so a room cell's area is (its row's run of
background between walls) x (its column's run). Each run is the distance between the nearest wall (or edge)
on either side.

Graph (planes cropped to the largest grid + 1, so the edge reads as wall): Slice of the background channel;
wall = not background; the nearest wall on each side is a one-sided MaxPool of (64 - index) or (index + 1)
at walls; runs = 64 - those two, area = row run x column run (float); ReduceMax / ReduceMin over room cells
give the extremes; Equal picks the rooms; the four disjoint planes (other room, wall, largest, smallest) go
(the wall plane read from its own channel) through one 1x1 uint8 QLinearConv padded to the canvas that writes the one-hot `output`.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import same_shape

FAR = 64


def room_areas(room: np.ndarray) -> np.ndarray:
    """Area of each room cell's rectangle (row run x column run of room cells); 0 on walls."""
    def runs(mask):
        out = np.zeros(mask.shape, int)
        for r, line in enumerate(mask):
            c = 0
            while c < len(line):
                if line[c]:
                    e = c
                    while e < len(line) and line[e]:
                        e += 1
                    out[r, c:e] = e - c
                    c = e
                else:
                    c += 1
        return out
    return runs(room) * runs(room.T).T


class RoomAreaExtremes(Solver, name="room_area_extremes", tasks=("task145",), refuses="task002",
                        fit_splits=("train", "arc-gen")):
    """Same-shape grids of background split by wall lines into rectangular rooms: the largest rooms (by area)
    take one colour, the smallest rooms another."""

    def plans(self, examples):
        """(background, wall, largest colour, smallest colour, side): inputs hold two colours, the changed
        cells turn into two new ones; both orders are tried."""
        if not same_shape(examples):
            return
        ins = {int(v) for i, _ in examples for v in np.unique(i)}
        if len(ins) != 2:
            return
        news = {int(v) for i, o in examples for v in o[i != o]}
        if len(news) != 2 or news & ins:
            return
        side = max(max(i.shape) for i, _ in examples) + 1
        if side > 30:
            return
        for bg in sorted(ins):
            wall = (ins - {bg}).pop()
            a, b = sorted(news)
            yield bg, wall, a, b, side
            yield bg, wall, b, a, side

    def rule(self, plan, grid):
        bg, wall, big, small, side = plan
        if max(grid.shape) >= side or not np.isin(grid, (bg, wall)).all():
            return None
        room = grid == bg
        if not room.any():
            return None
        area = room_areas(room)
        vals = area[room]
        out = grid.copy()
        out[room & (area == vals.max())] = big
        out[room & (area == vals.min())] = small
        return out

    def build(self, plan):
        bg, wall, big, small, side = plan
        g = Graph()
        plane = g.Slice(g.input, g.ints([bg, 0, 0]), g.ints([bg + 1, side, side]), g.ints([1, 2, 3]), name="bg_f")
        room = g.Greater(plane, g.const(np.float32(0.5), name="half"), name="room")
        walls = g.Not(room, name="wall")
        idx = np.arange(side, dtype=np.uint8)
        zero = g.const(np.uint8(0), name="zero")
        far = g.const(np.float32(FAR), name="far")
        runs = []
        for axis, shape in (("row", (1, 1, 1, side)), ("col", (1, 1, side, 1))):
            kernel = [1, side] if axis == "row" else [side, 1]
            after = g.Where(walls, g.const((FAR - idx).reshape(shape), name=f"{axis}_far"), zero, name=f"{axis}_a")
            before = g.Where(walls, g.const((idx + 1).reshape(shape), name=f"{axis}_next"), zero, name=f"{axis}_b")
            pad_after = [0, 0, 0, side - 1] if axis == "row" else [0, 0, side - 1, 0]
            pad_before = [0, side - 1, 0, 0] if axis == "row" else [side - 1, 0, 0, 0]
            nxt = g.Cast(g.MaxPool(after, kernel_shape=kernel, pads=pad_after, name=f"{axis}_wall_after"), to=1,
                         name=f"{axis}_after_f")
            prv = g.Cast(g.MaxPool(before, kernel_shape=kernel, pads=pad_before, name=f"{axis}_wall_before"), to=1,
                         name=f"{axis}_before_f")
            runs.append(g.Sub(g.Sub(far, nxt, name=f"{axis}_n"), prv, name=f"{axis}_run"))   # next - prev - 1
        area = g.Mul(runs[0], runs[1], name="area")         # 1 on walls, >= 1 in rooms
        masked = g.Where(room, area, g.const(np.float32(10000), name="big_area"), name="area_rooms")
        hi = g.ReduceMax(area, keepdims=1, axes=[2, 3], name="largest")
        lo = g.ReduceMin(masked, keepdims=1, axes=[2, 3], name="smallest")
        is_big = g.And(room, g.Equal(area, hi, name="at_max"), name="big_room")
        is_small = g.Equal(masked, lo, name="small_room")
        other = g.And(room, g.Not(g.Or(is_big, is_small, name="extreme"), name="plain"), name="other_room")
        wall_f = g.Slice(g.input, g.ints([wall, 0, 0]), g.ints([wall + 1, side, side]), g.ints([1, 2, 3]),
                         name="wall_f")
        wall_in = g.Greater(wall_f, g.const(np.float32(0.5), name="half"), name="wall_in")
        feats = g.Concat(*[g.Cast(p, to=2, name="feat") for p in (other, wall_in, is_big, is_small)], axis=1,
                         name="feats")
        w = np.zeros((10, 4, 1, 1), np.uint8)
        w[bg, 0], w[wall, 1], w[big, 2], w[small, 3] = 1, 1, 1, 1
        one, z8 = g.const(np.float32(1), name="scale"), g.const(np.uint8(0), name="zero_point")
        return g.model(g.QLinearConv(feats, one, z8, g.const(w, name="paint_w"), one, z8, one, z8,
                                     pads=[0, 0, 30 - side, 30 - side], name="paint"))
