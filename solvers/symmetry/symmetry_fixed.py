"""Fixed symmetry: grids of one size whose mirror / turn axes (or a translation) sit at fixed places;
the cells of a mask colour take the colour their images show.

Every image is a Slice of a one-channel uint8 colour-index plane (0 = masked), merged by Max and one-hot
encoded by Equal straight into the output. Where the flips alone fill every example (task287's generator
cuts only the top-left quadrant, whose half-turn image is always whole), a cheaper variant sums the input
over each cell's flip orbit in one Einsum; where a square grid's row and column flips share one axis and
the transpose is an image too (task074), the same Einsum sums over the whole eight-image orbit.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_grids import N, fixed_shape, reproduces, same_shape
from ._mirror_images import MOVES, SHIFT, agreeing_images, decode_plane, filled, filled_plane, image, mask_colour

LR, UD, TURN = (False, 1, -1), (False, -1, 1), (False, -1, -1)


def mirror_axes(images):
    """(t_r, t_c) of the plan's row flip r -> t_r - r and column flip c -> t_c - c (None where absent) when
    its flips with the half turn they make form a group; else None."""
    moves = {move: t for move, t in images}
    tr, tc = moves.get(UD, (None, None))[0], moves.get(LR, (None, None))[1]
    if tr is None and tc is None:
        return None
    if tr is not None and tc is not None and moves.get(TURN) != (tr, tc):
        return None
    return tr, tc


def mirrored(grid, mask: int, axes):
    """Each cell's colour from its orbit under the flips of `axes`; None where an orbit shows no colour
    or two."""
    tr, tc = axes
    v = np.where(grid != mask, grid + 1, 0)
    views = [v]
    if tr is not None:
        views.append(image(v, UD, (tr, 0)))
    if tc is not None:
        views.append(image(v, LR, (0, tc)))
    if tr is not None and tc is not None:
        views.append(image(v, TURN, (tr, tc)))
    views = np.stack(views)
    best = views.max(axis=0)
    if (best <= 0).any() or ((views > 0) & (views != best)).any():
        return None
    return best - 1


def mirrored_square(grid, mask: int, t: int):
    """mirrored() under the row and column flips r -> t - r and the transpose: each cell's colour from
    its eight-image orbit; None where an orbit shows no colour or two."""
    if grid.shape[0] != grid.shape[1]:
        return None
    views = []
    for g in (grid, grid.T):
        v = np.where(g != mask, g + 1, 0)
        views += [v, image(v, UD, (t, 0)), image(v, LR, (0, t)), image(v, TURN, (t, t))]
    views = np.stack(views)
    best = views.max(axis=0)
    if (best <= 0).any() or ((views > 0) & (views != best)).any():
        return None
    return best - 1


def _orbits(t, n):
    """[30, k]: line r (< n) -> its orbit {r, t - r} under the flip, one column per orbit."""
    ids = {}
    orbit = np.zeros((N, n), np.float32)
    for r in range(n):
        key = min(r, t - r) if 0 <= t - r < n else r
        orbit[r, ids.setdefault(key, len(ids))] = 1
    return orbit[:, :len(ids)]


def mirror_sum_model(mask: int, h: int, w: int, axes):
    """One Einsum: the sum of the input (the mask colour dropped) over the flips' orbits, O O^T along each
    flipped axis (O the [30, k] line -> orbit one-hot); an orbit's cells show one colour, so exactly that
    channel is positive."""
    tr, tc = axes
    g = Graph()
    keep = np.ones(10, np.float32)
    keep[mask] = 0
    source, operands, terms = "bcij", [g.const(keep, name="keep")], ["c"]
    for t, n, src, out, k in ((tr, h, "i", "r", "a"), (tc, w, "j", "s", "e")):
        if t is None:
            source = source.replace(src, out)       # no flip: the output line reads its own input line
            continue
        orbit = g.const(_orbits(t, n), name="orbit")
        operands += [orbit, orbit]
        terms += [f"{src}{k}", f"{out}{k}"]
    return g.model(g.Einsum(g.input, *operands, equation=",".join([source] + terms) + "->bcrs"))


def square_orbit_sum_model(mask: int, n: int, t: int):
    """One Einsum, as mirror_sum_model, over the orbit of the flips r -> t - r on both axes and the
    transpose: sum_ij x[ij] (M[ir] M[js] + M[is] M[jr]), M = O O^T. The two terms ride one extra index p,
    with O on the orbit's own side and ones on the other (`near` for term 0, `far` for term 1), so the
    tables stay [2, 30, k]."""
    g = Graph()
    keep = np.ones(10, np.float32)
    keep[mask] = 0
    orbit_np = _orbits(t, n)
    ones = np.ones_like(orbit_np)
    orbit = g.const(orbit_np, name="orbit")                          # [30, k]: line -> its orbit
    near = g.const(np.stack([orbit_np, ones]), name="near")         # term 0: r in i's orbit, s in j's
    far = g.const(np.stack([ones, orbit_np]), name="far")           # term 1: s in i's orbit, r in j's
    return g.model(g.Einsum(g.input, g.const(keep, name="keep"), orbit, orbit, near, near, far, far,
                            equation="bcij,c,ia,je,pra,pse,psa,pre->bcrs"))


class FixedSymmetry(Solver, name="symmetry_fixed", tasks=("task007", "task074", "task287"), refuses="task061",
                    fit_splits=("train", "arc-gen")):
    """Fixed-size grids where cells of one mask colour hide part of a pattern with fixed mirror/turn symmetries; filled
    from the symmetric cells."""

    def plans(self, examples):
        """The images every complete output agrees with, searched on a sample (each plan is then
        checked on every example)."""
        shape = fixed_shape(examples)
        mask = mask_colour(examples) if shape is not None and same_shape(examples) else None
        if mask is None:
            return
        h, w = shape
        images = agreeing_images([o for _, o in examples[:12]], MOVES + [SHIFT], 0.5 * h * w)
        if images:
            yield mask, h, w, images

    def rule(self, plan, grid):
        mask, h, w, images = plan
        return filled(grid, mask, images) if grid.shape == (h, w) else None

    def candidates(self, examples):
        """The plan's graph, then, when the plan's flips alone (no turns or transposes) fill every example,
        the one-Einsum orbit sum."""
        plan = self.fit(examples)
        if plan is None:
            return
        yield self.name, self.build(plan)
        mask, h, w, images = plan
        axes = mirror_axes(images)
        if axes is not None and reproduces(lambda grid: mirrored(grid, mask, axes)
                                           if grid.shape == (h, w) else None, examples):
            yield f"{self.name}:flips", mirror_sum_model(mask, h, w, axes)
        if axes is not None and axes[0] is not None and axes[0] == axes[1] and h == w and \
                reproduces(lambda grid: mirrored_square(grid, mask, axes[0]) if grid.shape == (h, w) else None,
                           examples):
            yield f"{self.name}:square", square_orbit_sum_model(mask, h, axes[0])

    def build(self, plan):
        mask, h, w, images = plan
        g = Graph()
        best = filled_plane(g, mask, h, w, images)
        full = g.Pad(best, g.ints([0, 0, 0, 0, 0, 0, 30 - h, 30 - w]), name="best_canvas") \
            if (h, w) != (30, 30) else best
        return g.model(decode_plane(g, full))
