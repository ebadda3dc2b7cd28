"""Portal dot rays: two equal vertical bars stand on opposite side edges of the grid, one higher than the
other, and dots sit in some rows of the higher bar. Each dot is joined to its bar by a ray (the dot itself
takes the hit colour), and the row at the same offset in the lower bar is painted with the ray colour across
the whole grid up to that bar.

Graph, on the H x W corner the generator's grids fit in (read off the canvas by a dilated 1x1 tap): a
colour plane (colour + 1, 0 off the grid); row counts (two Einsums) of the
bar and dot channels; the shift between the bars d = last bar row - first bar row - (bar rows)/2 + 1 in
int64 (ArgMax with first and last index); the dot rows moved down by d with a Gather; the cells strictly
between bar and dot are those with exactly one mark (bar or dot) to their left (one 1 x W Conv on the input). The
colour plane holds ordered codes (0 off the grid < bar <= hit < ray < background), cast to uint8; a Min with the
ray code (255 off the rays) paints the rays' background cells; it is padded and compared with each colour's code.
"""
from __future__ import annotations

import itertools

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import same_shape


def portal_rays(grid, bar, dot, hit, ray, bg):
    """The numpy rule; None where the grid is not two equal edge bars with dots beside the upper one."""
    h, w = grid.shape
    if not np.isin(grid, (bar, dot, bg)).all():
        return None
    b, e = grid == bar, grid == dot
    rows = np.nonzero(b.any(1))[0]
    if rows.size == 0 or rows.size % 2 or not e.any():
        return None
    n = rows.size // 2
    upper, lower = rows[:n], rows[n:]
    if upper[-1] - upper[0] != n - 1 or lower[-1] - lower[0] != n - 1:
        return None
    if b.sum() != rows.size or set(np.nonzero(b)[1]) - {0, w - 1} or b[:, 0].sum() not in (0, n):
        return None
    if b[upper, 0].any() == b[lower, 0].any():           # the bars stand on opposite edges
        return None
    dots = np.nonzero(e.any(1))[0]
    if set(dots) - set(upper) or (e.sum(1) > 1).any():
        return None
    d = lower[0] - upper[0]
    marks = (b | e).astype(int)
    left = np.cumsum(marks, axis=1) - marks               # marks strictly to the left
    free = grid == bg
    out = grid.copy()
    out[e] = hit
    between = free & (left == 1) & e.any(1)[:, None]
    out[between] = ray
    for r in dots:
        out[r + d][free[r + d]] = ray
    return out


class PortalDotRays(Solver, name="portal_dot_rays", tasks=("task148",), refuses="task131",
                    fit_splits=("train", "arc-gen")):
    """Two equal bars on opposite side edges, one higher: each dot beside the higher bar is joined to it by a
    ray and takes the hit colour, and the matching row of the lower bar is painted across with the ray colour."""

    def plans(self, examples):
        """(bar, dot, hit, ray, background, H, W): input colours are exactly background, bar and dot; the hit
        colour is what dots become, the ray colour the one new colour; H x W the largest grid of train and
        arc-gen (the generator's reach)."""
        if not same_shape(examples):
            return
        ins = {int(v) for i, _ in examples for v in np.unique(i)}
        outs = {int(v) for _, o in examples for v in np.unique(o)}
        h = max(i.shape[0] for i, _ in examples)
        w = max(i.shape[1] for i, _ in examples)
        if len(ins) != 3 or h >= 30 or w >= 30:
            return
        bg = int(np.bincount(np.concatenate([i.ravel() for i, _ in examples])).argmax())
        for bar, dot in itertools.permutations(sorted(ins - {bg})):
            hits = {int(v) for i, o in examples for v in o[i == dot]}
            if len(hits) != 1:
                continue
            hit = hits.pop()
            if hit == bg:
                continue
            new = outs - {bg, bar, hit}
            if len(new) != 1:
                continue
            yield bar, dot, hit, new.pop(), bg, h, w

    def rule(self, plan, grid):
        bar, dot, hit, ray, bg, h, w = plan
        if grid.shape[0] > h or grid.shape[1] > w:
            return None
        return portal_rays(grid, bar, dot, hit, ray, bg)

    def build(self, plan):
        bar, dot, hit, ray, bg, h, w = plan
        g = Graph()

        def tap(weights, name):                     # [1,1,h,w] float read off the canvas's top-left corner
            k = np.zeros((1, 10, 2, 2), np.float32)
            k[0, :, 0, 0] = weights
            return g.Conv(g.input, g.const(k, name=name + "_w"), kernel_shape=[2, 2],
                          dilations=[30 - h, 30 - w], name=name)

        # ordered codes (0 off the grid < bar <= hit < ray < background): a Min with the ray code paints
        # exactly the background cells of a ray
        code = {bg: 4, ray: 3, bar: 1}
        code[hit] = code.get(hit, 2)                                          # a hit coloured as the bar keeps 1
        recol = np.zeros(10, np.float32)
        for c in (bg, bar):
            recol[c] = code[c]
        recol[dot] = code[hit]                                                # the dots already hit
        colour = tap(recol, "colour")
        # row counts of the bar and dot colours: a bar is one column wide and the
        # generator puts at most one dot in a row, so each count is the row's 0/1 profile
        def profile(colour_, name):                 # [1,1,30,1]: the colour's count per row
            pick = np.zeros((10, 1, 1), np.float32)
            pick[colour_] = 1
            return g.Einsum(g.input, g.const(pick, name=f"{name}_pick"), equation="bcyx,ckv->bkyv", name=name)

        p = profile(bar, "bar_rows")                # the whole column: rows past the grid hold 0
        m = g.Slice(profile(dot, "dot_rows30"), g.ints([0], name="m0"), g.ints([h], name="m1"),
                    g.ints([2], name="ax2"), name="dot_rows")                   # [1,1,h,1]
        one = g.ints([1], name="one")
        top = g.Reshape(g.ArgMax(p, axis=2, keepdims=1, name="top4"), one, name="top")
        bottom = g.Reshape(g.ArgMax(p, axis=2, keepdims=1, select_last_index=1, name="bot4"), one, name="bottom")
        count = g.Cast(g.Reshape(g.ReduceSum(p, axes=[2], keepdims=1, name="cnt4"), one, name="cnt1"), to=7,
                       name="cnt")
        half = g.Div(count, g.ints([2], name="two"), name="half")
        d = g.Add(g.Sub(g.Sub(bottom, top, name="span"), half, name="d0"), one, name="d")
        mp = g.Pad(m, g.ints([0, 0, h, 0, 0, 0, 0, 0], name="mpad"), name="dot_rows_p")      # [1,1,2h,1]
        base = g.const((np.arange(h) + h).astype(np.int32), name="base")
        lower = g.Gather(mp, g.Sub(base, g.Cast(d, to=6, name="d_i32"), name="idx"), axis=2,
                         name="lower_rows")                                                 # [1,1,h,1]
        # marks (bar or dot) strictly left of each cell: one 1 x w Conv on `input`, its negative end pads
        # cropping it to the h x w corner (no marks plane)
        run = np.zeros((1, 10, 1, w), np.float32)
        run[0, [bar, dot], 0, :w - 1] = 1                                     # tap k reads column c + k - (w - 1)
        left = g.Conv(g.input, g.const(run, name="left_run"), kernel_shape=[1, w],
                      pads=[0, w - 1, h - 30, w - 30], name="left")
        no_ray = g.const(np.uint8(255), name="no_ray")
        ray_code = g.const(np.uint8(3), name="ray_code")
        dot_code = g.Where(g.Cast(m, to=9, name="dot_b"), ray_code, no_ray, name="dot_code")        # [1,1,h,1]
        between = g.Where(g.Equal(left, g.const(np.float32(1), name="onef"), name="left1"), dot_code, no_ray,
                          name="between")                                                  # ray code or 255
        lower_code = g.Where(g.Cast(lower, to=9, name="lower_b"), ray_code, no_ray, name="lower_code")
        val = g.Min(g.Cast(colour, to=2, name="colour8"), between, lower_code, name="val")   # uint8 [1,1,h,w]
        val = g.Pad(val, g.ints([0, 0, 0, 0, 0, 0, 30 - h, 30 - w], name="opad"),
                    name="val30")
        codes = np.full(10, 254, np.uint8)                                    # colours no cell shows: 254
        for c, k in code.items():
            codes[c] = k
        return g.model(g.Equal(val, g.const(codes.reshape(1, 10, 1, 1), name="codes"), name="out"))
