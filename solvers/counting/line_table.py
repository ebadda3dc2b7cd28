"""Line table: each output row (or column) is one colour, looked up from the matching input row: by its
exact content or by how many colours it holds.

Graph, on the fixed input window: a Conv scores every line against every known content (or the colours
per line are counted), and one ConvTranspose of the line hits with the line colours, padded to the canvas,
writes `output`.
"""
from __future__ import annotations

import itertools

import numpy as np

from neurogolf.graph import Graph

from .._common_graph import circle_colours
from .._common_grids import C, N, fixed_shape
from ._summary import Readings


def _key(line, key):
    return tuple(int(v) for v in line) if key == "content" else len(set(line.tolist()))


class LineTable(Readings, name="line_table", tasks=("task016", "task052", "task262"), refuses="task179",
                fit_splits=("train", "test", "arc-gen")):
    """Each output row (or column) is one colour, looked up from the matching input row: by its exact content or by how
    many colours it holds."""

    def plans(self, examples):
        shape = fixed_shape(examples)
        if shape is None or any(i.shape != o.shape for i, o in examples):
            return
        for axis in ("row", "col"):
            lines = [(i, o) if axis == "row" else (i.T, o.T) for i, o in examples]
            if any((o != o[:, :1]).any() for _, o in lines):
                continue
            for key in ("content", "ncolours"):
                table = self._table(lines, key)
                nlines = sum(len(i) for i, _ in lines)
                if table is not None and 1 < len(table) <= 32 and 4 * len(table) <= nlines:    # keys must repeat
                    yield axis, key, shape, table

    @staticmethod
    def _table(lines, key):
        table = {}
        for i, o in lines:
            for line, colour in zip(i, o[:, 0]):
                if table.setdefault(_key(line, key), colour) != colour:
                    return None
        return table

    def rule(self, plan, grid):
        axis, key, shape, table = plan
        if grid.shape != shape:
            return None
        lines = grid if axis == "row" else grid.T
        colours = [table.get(_key(line, key)) for line in lines]
        if None in colours:
            return None                 # a line never shown lights no colour
        out = np.repeat(np.array(colours)[:, None], lines.shape[1], axis=1)
        return out if axis == "row" else out.T

    def label(self, plan):
        return f"{plan[0]}_{plan[1]}"

    def graphs(self, plan, examples):
        yield "", self.build(plan)
        axis, key, _, table = plan
        others = {table[k] for k in table if k != 1}
        if key == "ncolours" and 1 in table and len(others) == 1 and table[1] not in others:
            many = others.pop()
            yield ":uniform", self.uniform(axis, table[1], many)
            yield ":uniform_circle", self.uniform_circle(axis, table[1], many)
            length = plan[2][1] if axis == "row" else plan[2][0]
            selectors = _uniform_selectors(length)
            if selectors is not None:
                yield ":uniform_fixed", self.uniform_fixed(axis, table[1], many, *selectors)

    @staticmethod
    def uniform(axis, one, many):
        """A line of one colour is coloured `one`, any other `many`: one Einsum of the input with itself,
        any grid size. With R_e the cells of the cell's colour e in its line and w the line's length (both
        sums of the one-hot input along the line), 60 R_e - 59 w is w/60 > 0 on a uniform line and at most
        w/60 - 1 < 0 on any other (w <= 30); it is 0 off the grid. A line of three or more colours, which the
        table may not have seen (the rule then answers nothing), is coloured `many` here."""
        mix = 60 * np.eye(C, dtype=np.float32) - 59
        sign = np.zeros(C, np.float32)
        sign[many] = -1
        sign[one] = 1
        g = Graph()
        eq = "beyx,bdyX,ed,o->boyx" if axis == "row" else "beyx,bdYx,ed,o->boyx"
        return g.model(g.Einsum(g.input, g.input, g.const(mix, name="uniform_mix"), g.const(sign, name="sign"),
                                equation=eq))

    @staticmethod
    def uniform_circle(axis, one, many):
        """`uniform` with the [10,10] mix replaced by a [3,10] colour table: colour e is the point p_e of one of
        ten integer points on the circle |p|^2 = 25 (two of them at least 2 apart in squared distance). A cell of
        colour e in a line with n_d cells of colour d scores
            sum_d n_d (1/16 - |p_e - p_d|^2) = sum_s z_s U[s,e] sum_d n_d U[s,d],  U = (1, x, y), z = (1/16 - 50, 2, 2):
        w/16 > 0 on a uniform line and at most w/16 - 2 < 0 on any other (w <= 30), 0 off the grid. 43 params,
        exact in float32 (multiples of 1/16)."""
        colours = circle_colours()                                                      # [3, 10]
        sign = np.zeros(C, np.float32)
        sign[many] = -1
        sign[one] = 1
        g = Graph()
        eq = "beyx,se,bdyX,sd,s,o->boyx" if axis == "row" else "beyx,se,bdYx,sd,s,o->boyx"
        return g.model(g.Einsum(g.input, g.const(colours, name="colour_points"), g.input,
                                g.const(colours, name="colour_points"),
                                g.const(np.array([1 / 16 - 50, 2, 2], np.float32), name="point_terms"),
                                g.const(sign, name="sign"), equation=eq))

    @staticmethod
    def uniform_fixed(axis, one, many, first, second):
        """`uniform` for lines of one fixed length: with L_s = sum over the line's cells X of s[X] [X has the
        cell's colour], L_first L_second is > 0 on a uniform line and < 0 on any other (_uniform_selectors), 0
        off the grid: one Einsum of three input copies and two [30] selectors, 70 params against 110."""
        sign = np.zeros(C, np.float32)
        sign[many] = -1
        sign[one] = 1
        g = Graph()
        eq = "beyx,beyX,beyZ,X,Z,o->boyx" if axis == "row" else "beyx,beYx,beZx,Y,Z,o->boyx"
        return g.model(g.Einsum(g.input, g.input, g.input, g.const(first, name="first_cells"),
                                g.const(second, name="second_cells"), g.const(sign, name="sign"), equation=eq))

    def build(self, plan):
        axis, key, (h, w), table = plan
        keys = sorted(table)
        length = w if axis == "row" else h
        along = 3 if axis == "row" else 2                  # the axis a line runs along
        kshape = (1, length) if axis == "row" else (length, 1)
        g = Graph()
        grid = g.Slice(g.input, g.ints([0, 0], name="zero2"), g.ints([h, w], name="grid_end"),
                       g.ints([2, 3], name="hw_axes"), name="grid")
        if key == "content":
            pat = np.zeros((len(keys), C, length), np.float32)
            for k, line in enumerate(keys):
                pat[k, list(line), np.arange(length)] = 1
            # cells agreeing with pattern k, less length-1: 1 on a full match, <= 0 otherwise
            score = g.Conv(grid, g.const(pat.reshape(len(keys), C, *kshape), name="line_patterns"),
                           g.const(np.full(len(keys), 1.0 - length, np.float32), name="minus_len"),
                           name="pattern_score")
            hit = g.Relu(score, name="pattern_hit")
        else:
            present = g.ReduceMax(grid, axes=[along], keepdims=1, name="colour_in_line")
            n = g.ReduceSum(present, axes=[1], keepdims=1, name="colours_in_line")
            hit = g.Cast(g.Equal(n, g.const(np.array(keys, np.float32).reshape(1, -1, 1, 1), name="keys"),
                                 name="key_hit"), to=1, name="key_hit_f")
        weight = np.zeros((len(keys), C, *kshape), np.float32)
        for k, kk in enumerate(keys):
            weight[k, table[kk]] = 1
        lines = g.ConvTranspose(hit, g.const(weight, name="line_colours"), name="lines")   # [1,10,h,w]
        return g.model(g.Pad(lines, g.ints([0, 0, 0, 0, 0, 0, N - h, N - w], name="pads"), name="canvas"))



SELECTOR_RANGE = range(-3, 4)
SELECTOR_LENGTH = 3             # longer lines: too many weight pairs to search


def _uniform_selectors(length):
    """Two [30] integer weights s, t over a line's cells (0 past `length`) whose L_s(x) L_t(x) (L_s(x): the
    weights of the cells of x's colour) is > 0 for every cell x of a uniform line of `length` cells and < 0
    for every cell of any other, or None. Every colour pattern of the line (a set partition) is checked."""
    if not 2 <= length <= SELECTOR_LENGTH:
        return None
    patterns = [p for p in itertools.product(range(length), repeat=length)
                if all(p[i] <= max(p[:i], default=-1) + 1 for i in range(length))]      # set partitions
    same = np.array([[[p[X] == p[x] for X in range(length)] for x in range(length)] for p in patterns], np.int64)
    uniform = np.array([len(set(p)) == 1 for p in patterns])
    weights = np.array(list(itertools.product(SELECTOR_RANGE, repeat=length)), np.int64)     # [n, length]
    sums = np.einsum("pxX,nX->npx", same, weights)                                          # L per weights
    want = np.where(uniform, 1, -1)[None, None, :, None]
    good = ((sums[:, None] * sums[None, :]) * want > 0).all(axis=(2, 3))
    hits = np.argwhere(good)
    if not len(hits):
        return None
    i, j = hits[0]
    first, second = np.zeros(N, np.float32), np.zeros(N, np.float32)
    first[:length], second[:length] = weights[i], weights[j]
    return first, second
