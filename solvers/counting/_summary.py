"""What the summary families share: colour rankings and measures read from a grid, the count features as
their graphs read them, the rank key graph, and the candidate loop of families whose examples allow
several readings.

Each summary graph first reduces the input to a few numbers (the ten colour counts are one ReduceSum to a
[1,10,1,1]; 2x2-window and object counts a Conv and two reductions), then renders the output from them in
one last op. Families whose rule is a lookup table fit on every shown example and demand that keys
repeat; `neurogolf audit` checks them on a held-out fifth of arc-gen.
"""
from __future__ import annotations

import numpy as np

from .. import Solver
from .._common_grids import C, N, colour_counts, count_features, reproduces

BIG = 1000.0
WINDOW_FEATURES = ("quad", "objects")      # read from the fixed input corner when every grid has one shape


def in_shape(examples):
    """The one input shape of every example (window features then read only that corner), else None."""
    shapes = {i.shape for i, _ in examples}
    return shapes.pop() if len(shapes) == 1 else None


def outputs_repeat(outs: np.ndarray) -> bool:
    """A summary rule maps many inputs to few outputs: at most half as many distinct outputs as examples."""
    return 2 * len(np.unique(outs.reshape(len(outs), -1), axis=0)) <= len(outs)


def drawable(grid: np.ndarray | None) -> np.ndarray | None:
    """The answer if it fits the canvas, else None (a graph cannot draw it)."""
    if grid is None or grid.ndim != 2 or 0 in grid.shape or max(grid.shape) > N:
        return None
    return grid


def colour_measures(grid) -> dict[str, np.ndarray]:
    """Per colour: cell count, bounding-box area (rows holding it x columns holding it), and the box
    cells it leaves empty (holes)."""
    oh = np.asarray(grid)[None] == np.arange(C)[:, None, None]
    cn = oh.sum(axis=(1, 2))
    area = oh.any(axis=2).sum(axis=1) * oh.any(axis=1).sum(axis=1)
    return {"count": cn, "area": area, "holes": area - cn}


def rank_colour(cn: np.ndarray, mode: str, skip_bg: bool, value: np.ndarray | None = None) -> int | None:
    """The present colour with the largest (most) or smallest (least) value (default: its count),
    or None on a tie or when no colour qualifies."""
    value = cn if value is None else value
    cand = [c for c in range(C) if cn[c] > 0 and not (skip_bg and c == 0)]
    if not cand:
        return None
    key = [value[c] if mode == "most" else -value[c] for c in cand]
    best = max(key)
    if key.count(best) > 1:
        return None
    return cand[key.index(best)]


def ranked(grid, mode: str, skip_bg: bool, measure: str = "count") -> int | None:
    """The colour of the grid ranked first by `measure` (see rank_colour)."""
    m = colour_measures(grid)
    return rank_colour(m["count"], mode, skip_bg, m[measure])


def feature(grid, name: str, shape=None) -> int | None:
    """The named count feature ("top_colour", "ncolours", "count<c>", "quad<c>", "objects") as the graphs
    read it; None for a window feature of a grid reaching past the fixed input corner `shape`."""
    if shape is not None and name.startswith(WINDOW_FEATURES) and (grid.shape[0] > shape[0] or
                                                                   grid.shape[1] > shape[1]):
        return None
    if name == "top_colour":
        return rank_colour(colour_counts(grid), "most", True)
    return count_features(grid, windows=True)[name]


def rank_key(g, counts: str, value: str, mode: str, skip_bg: bool) -> str:
    """[1,10,1,1] key whose maximum marks the ranked colour: the value ("most"), or its negation with
    absent colours pushed below every present one ("least"); the background pushed down when skipped."""
    if mode == "most":
        key = value
    else:
        absent = g.Cast(g.Equal(counts, g.floats(0.0, name="zero"), name="absent"), to=1, name="absent_f")
        key = g.Sub(g.Mul(absent, g.const(np.full((1, C, 1, 1), -BIG, np.float32), name="absent_penalty"),
                          name="penalty"), value, name="neg_value")
    if skip_bg:
        key = g.Add(key, g.const(np.r_[-BIG, np.zeros(C - 1)].astype(np.float32).reshape(1, C, 1, 1),
                                 name="drop_bg"), name="key")
    return key


class Readings(Solver):
    """A family whose examples may allow several readings (plans) that differ only on unseen inputs: every
    reading whose rule reproduces the examples is a candidate, labelled `name:label(plan)`."""

    def label(self, plan) -> str:
        raise NotImplementedError

    def graphs(self, plan, examples):
        """(label suffix, model) of each graph variant of a reading."""
        yield "", self.build(plan)

    def candidates(self, examples):
        for plan in self.plans(examples):
            if reproduces(lambda grid: self.rule(plan, grid), examples):
                for suffix, model in self.graphs(plan, examples):
                    yield f"{self.name}:{self.label(plan)}{suffix}", model


def box_sides(g, side: int | None = None):
    """(rows holding each colour [1,10,30,1], columns holding it [1,10,1,30], their numbers: the box
    height and width [1,10,1,1]).

    side (at most 15: every grid fits the side x side corner): the rows and columns of that corner only,
    [1,10,side,1] and [1,10,1,side], by a MaxPool whose 2-tap kernel is dilated by 30 - side (the second
    tap lands outside every grid)."""
    if side is not None and side <= N // 2:
        rows_with = g.MaxPool(g.input, kernel_shape=[2, N], dilations=[N - side, 1], name="rows_with")
        cols_with = g.MaxPool(g.input, kernel_shape=[N, 2], dilations=[1, N - side], name="cols_with")
    else:
        rows_with = g.ReduceMax(g.input, axes=[3], keepdims=1, name="rows_with")
        cols_with = g.ReduceMax(g.input, axes=[2], keepdims=1, name="cols_with")
    return (rows_with, cols_with, g.ReduceSum(rows_with, axes=[2], keepdims=1, name="box_height"),
            g.ReduceSum(cols_with, axes=[3], keepdims=1, name="box_width"))


def measure_value(g, counts: str, measure: str, sides=None) -> str:
    """[1,10,1,1] per-colour measure: its count, box area, or box cells it leaves empty (holes)."""
    if measure == "count":
        return counts
    value = g.Mul(sides[2], sides[3], name="box_area")
    return g.Sub(value, counts, name="box_holes") if measure == "holes" else value
