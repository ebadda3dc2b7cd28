"""Graph pieces the ray families share: the colour-code map, the nearest colour along a ray, diagonal rays
from per-direction seeds, and painting on black cells only."""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .._common_graph import colour_code
from .._common_grids import N

EPS = 0.01      # ray weights EPS**k: the nearest coloured cell outweighs all the others beyond it


def code_map(side: int = N):
    """(g, colours, code, inside): a fresh graph, the colour code of every cell (-1 outside the grid), the
    codes 0..9 that decode it in one Equal, and the grid's cells as a bool map. With side < 30 the maps cover
    only the side x side corner (a 2x2 Conv dilated to 30-side reads its (0, 0) tap there); decode them with
    `decode_corner`."""
    g = Graph()
    colours, code = colour_code(g, side)
    inside = g.Greater(code, g.const(np.array([-0.5], np.float32), name="minus_half"), name="inside")
    return g, colours, code, inside


def arange(g: Graph, side: int = N) -> str:
    return g.const(np.arange(side, dtype=np.int64), name="arange")


def decode_corner(g: Graph, code: str, colours: str, side: int) -> str:
    """The one-hot output of a float code map of the side x side corner: one Equal, padded to the canvas."""
    answer = g.Equal(code, colours, name="answer")
    if side == N:
        return answer
    return g.Pad(answer, g.ints([0, 0, 0, 0, 0, 0, N - side, N - side], name="to_canvas"))


def decode_canvas(g: Graph, code: str, shape) -> str:
    """The one-hot output of a uint8 colour-code map of the grid's fixed shape: padded with 255 to the
    canvas, compared with each channel's code."""
    h, w = shape
    canvas = g.Pad(code, g.ints([0, 0, 0, 0, 0, 0, N - h, N - w]), g.const(np.uint8(255)), name="code_canvas")
    return g.Equal(canvas, g.const(np.arange(10, dtype=np.uint8).reshape(1, 10, 1, 1)))


def channel(g: Graph, colour: int, shape, name: str) -> str:
    """[1,1,h,w]: the cells of one colour in the grid's fixed-shape corner."""
    h, w = shape
    return g.Slice(g.input, g.ints([colour, 0, 0]), g.ints([colour + 1, h, w]), g.ints([1, 2, 3]), name=name)


def paint_colour(g: Graph, colour: int) -> str:
    """[1,10,1,1] one-hot of a fixed colour, for a Where to paint with."""
    paint = np.zeros((1, 10, 1, 1), np.float32)
    paint[0, colour] = 1
    return g.floats(paint)


def _eps_kernel(n, dr, dc):
    """Conv weight and pads reading cell (r+k*dr, c+k*dc) with weight EPS**k, k = 0..n-1."""
    k = np.zeros((1, 1, n if dr else 1, n if dc else 1), np.float32)
    for s in range(n):
        k[0, 0, ((n - 1 - s) if dr < 0 else s) if dr else 0, ((n - 1 - s) if dc < 0 else s) if dc else 0] = EPS ** s
    return k, [n - 1 if dr < 0 else 0, n - 1 if dc < 0 else 0, n - 1 if dr > 0 else 0, n - 1 if dc > 0 else 0]


def nearest_colours(g: Graph, shape, rays: dict, length):
    """(colour, nearest) on the grid's fixed-shape corner: the colour plane, and per ray key the colour of
    the nearest coloured cell along it, the cell itself included (0 if none). Two single-channel Convs
    with weights EPS**k sum "coloured" and "colour" along the ray; their ratio is the nearest colour to
    within 9*EPS, so rounding it is exact. `length(dr, dc)` is how many cells a ray reads."""
    h, w = shape
    grid = g.Slice(g.input, g.ints([0, 0]), g.ints([h, w]), g.ints([2, 3]), name="grid")
    coloured = g.Conv(grid, g.floats(np.r_[0, np.ones(9)].reshape(1, 10, 1, 1)), name="coloured")
    colour = g.Conv(grid, g.floats(np.arange(10).reshape(1, 10, 1, 1)), name="colour")
    tiny = g.floats([1e-30])
    near = {}
    for key, (dr, dc) in rays.items():
        kern, pads = _eps_kernel(length(dr, dc), dr, dc)
        weight = g.floats(kern)
        hits = g.Conv(coloured, weight, tiny, pads=pads, name=f"hits_{key}")
        paint = g.Conv(colour, weight, pads=pads, name=f"paint_{key}")
        near[key] = g.Round(g.Div(paint, hits, name=f"mean_{key}"), name=f"nearest_{key}")
    return colour, near


def diagonal_rays(g: Graph, seeds: str, dirs) -> str:
    """[1,1,30,30]: how many rays cross each cell, one ray along dirs[k] from every cell of seeds[:, k]
    (the seed itself left out), all four drawn by one 59x59 Conv."""
    w = np.zeros((1, len(dirs), 2 * N - 1, 2 * N - 1), np.float32)
    for k, (dr, dc) in enumerate(dirs):
        for s in range(1, N):
            w[0, k, N - 1 - s * dr, N - 1 - s * dc] = 1
    return g.Conv(seeds, g.const(w), pads=[N - 1] * 4, name="rays")


def on_black(g: Graph, rays: str) -> str:
    """bool [1,1,30,30]: cells a ray crosses that are black in the input (inside the grid, uncoloured)."""
    black100 = g.Conv(g.input, g.const((100 * np.eye(10)[0]).astype(np.float32).reshape(1, 10, 1, 1)),
                      name="black_x100")
    return g.Greater(g.Add(rays, black100, name="ray_on_black"), g.floats(100.5), name="paint")
