"""Room area extremes: wall lines cut the grid into rectangular rooms (a recursive split); every room of the
largest area takes one colour and every room of the smallest area another; walls and other rooms stay.

A room is a rectangle bounded by walls or the grid's edge, so a room cell's area is (its row's run of
background between walls) x (its column's run). Each run is the distance between the nearest wall (or edge)
on either side.

Graph (on the largest grid + 1, so the edge reads as wall): a one-byte colour + 1 code (a dilated 2x2 Conv, 0
off the grid); room = the background's code; the nearest wall on each side is a one-sided uint8 MaxPool of
(64 - index) or (index + 1) off the rooms; runs = 64 - those two (uint8), area = row run x column run in
float16 (exact: at most 441); ReduceMax / ReduceMin over room cells give the extremes; two Wheres paint
them on the code, decoded into `output` by `local/_code_decode` (a Pad and an Equal on this large a plane).
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_graph import corner_plane
from .._common_grids import same_shape
from ..local._code_decode import decode_code

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
        weights = np.zeros(10, np.float32)
        weights[bg], weights[wall] = bg + 1, wall + 1
        code = g.Cast(corner_plane(g, weights, (side, side), "code_f"), to=2, name="code")   # colour + 1, 0 off grid
        room = g.Equal(code, g.const(np.uint8(bg + 1), name="room_code"), name="room")
        idx = np.arange(side, dtype=np.uint8)
        zero = g.const(np.uint8(0), name="zero")
        runs = []
        for axis, shape in (("row", (1, 1, 1, side)), ("col", (1, 1, side, 1))):
            kernel = [1, side] if axis == "row" else [side, 1]
            after = g.Where(room, zero, g.const((FAR - idx).reshape(shape), name=f"{axis}_far"), name=f"{axis}_a")
            before = g.Where(room, zero, g.const((idx + 1).reshape(shape), name=f"{axis}_next"), name=f"{axis}_b")
            pad_after = [0, 0, 0, side - 1] if axis == "row" else [0, 0, side - 1, 0]
            pad_before = [0, side - 1, 0, 0] if axis == "row" else [side - 1, 0, 0, 0]
            nxt = g.MaxPool(after, kernel_shape=kernel, pads=pad_after, name=f"{axis}_wall_after")
            prv = g.MaxPool(before, kernel_shape=kernel, pads=pad_before, name=f"{axis}_wall_before")
            run = g.Sub(g.Sub(g.const(np.uint8(FAR), name="far"), nxt, name=f"{axis}_n"), prv, name=f"{axis}_run")
            # next - prev - 1 in rooms; off them the cell itself is the nearest wall both ways: -1, i.e. 255
            runs.append(g.Cast(run, to=10, name=f"{axis}_run_f16"))
        area = g.Mul(runs[0], runs[1], name="area")          # float16: exact up to 2048 in rooms, ~65025 off them
        most = g.Where(room, area, g.const(np.float16(0), name="no_area"), name="area_or_zero")
        is_big = g.Equal(most, g.ReduceMax(most, keepdims=1, axes=[2, 3], name="largest"), name="big_room")
        is_small = g.Equal(area, g.ReduceMin(area, keepdims=1, axes=[2, 3], name="smallest"), name="small_room")
        painted = g.Where(is_big, g.const(np.uint8(big + 1), name="big_code"), code, name="big_painted")
        painted = g.Where(is_small, g.const(np.uint8(small + 1), name="small_code"), painted, name="painted")
        return g.model(decode_code(g, painted, (side, side)))
