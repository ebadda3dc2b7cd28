"""Shared by the families that recolour bars of one colour (one bar per column or row) by their length."""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .._common_grids import C, N, same_shape


def bar_colour(examples):
    """The one non-zero colour every input draws its bars in (same-shape pairs), else None."""
    if not same_shape(examples):
        return None
    colours = {int(c) for i, _ in examples for c in np.unique(i)} - {0}
    return colours.pop() if len(colours) == 1 else None


def per_line(grid, colour, axis, values):
    """values[line] spread over the cells of the bar colour (axis 0: one bar per column), 0 elsewhere;
    None when another colour is present (the graph routes only background and bar cells)."""
    if set(np.unique(grid).tolist()) - {0, colour}:
        return None
    spread = np.expand_dims(np.asarray(values), axis)
    return np.where(grid == colour, spread, 0)


def corner_lines(g: Graph, lines: int) -> str:
    """[lines, 30]: the canvas lines onto the first `lines` (the generator's bound), where the bars lie."""
    return g.const(np.eye(lines, N, dtype=np.float32), name="corner_lines")


def bar_lengths(g: Graph, colour: int, line: str, lines: int = N) -> str:
    """[lines,1]: each column's (line "w") or row's ("h") count of the bar colour, over the first `lines`."""
    bar = g.const(np.eye(C, dtype=np.float32)[colour], name="bar_colour")
    if lines == N:
        return g.Einsum(g.input, bar, equation=f"bchw,c->{line}b", name="bar_length")
    return g.Einsum(g.input, bar, corner_lines(g, lines), equation=f"bchw,c,L{line}->Lb", name="bar_length")


def paint_bars(g: Graph, colour: int, line: str, classes: str, paint: np.ndarray, lines: int = N):
    """The model: each bar cell takes sum_k classes[line, k] paint[1, k] and each background cell
    sum_k classes[line, k] paint[0, k], through one Einsum; classes is [lines, K] float, the first `lines`."""
    route = np.zeros((C, 2), np.float32)          # background cells take route 0, bar cells route 1
    route[0, 0] = 1
    route[colour, 1] = 1
    route = g.const(route, name="route")
    if lines == N:
        return g.model(g.Einsum(g.input, route, classes, g.const(paint, name="paint"),
                                equation=f"bkhw,kx,{line}r,xrc->bchw"))
    return g.model(g.Einsum(g.input, route, corner_lines(g, lines), classes, g.const(paint, name="paint"),
                            equation=f"bkhw,kx,L{line},Lr,xrc->bchw"))
