"""The Resize reads of crop_fractal and symmetry_crop (a run-time region of interest, nearest, floor with a 0.5
margin) checked at every place the read can start, not only where the examples and fresh draws put it: the
graph must equal the numpy rule for each box / rectangle position on the grid."""
from __future__ import annotations

import numpy as np
import pytest

from neurogolf.contract import matches, run, session
from solvers import registry
from solvers.symmetry._mirror_images import filled


def _symmetric(n, rng):
    """An n x n grid with the full D4 symmetry, colours 2..9."""
    half = rng.integers(2, 10, size=(n, n))
    g = np.maximum(half, half.T)
    g = np.maximum(g, g[::-1, ::-1])
    g = np.maximum(g, g[:, ::-1])
    return np.maximum(g, g[::-1, :])


@pytest.mark.parametrize("image", [((False, -1, -1), (15, 15)), ((False, 1, -1), (0, 15)), ((False, -1, 1), (15, 0))])
def test_symmetry_crop_resize_reads_every_corner(image):
    solver = registry()["symmetry_crop"]
    mask, h, w, oh, ow = 1, 16, 16, 3, 4
    plan = (mask, h, w, (image,), oh, ow)
    sess = session(solver.build_one_image(plan, resize=True))
    rng = np.random.default_rng(5)
    tested = 0
    for r in range(h - oh + 1):
        for c in range(w - ow + 1):
            grid = _symmetric(h, rng)
            grid[r:r + oh, c:c + ow] = mask
            answer = solver.rule(plan, grid)
            if answer is None:          # the image meets the rectangle here: the rule does not answer
                continue
            assert np.array_equal(answer, filled(grid, mask, (image,))[r:r + oh, c:c + ow])
            assert matches(run(sess, grid), answer), f"corner {(r, c)}"
            tested += 1
    assert tested > 50


@pytest.mark.parametrize("d,n,side,colour", [(1, 3, 19, None), (2, 3, 19, None), (3, 3, 29, None), (3, 3, 19, 5),
                                             (1, 3, 29, 9), (2, 3, 19, 1)])
def test_crop_fractal_resize_reads_every_box_place(d, n, side, colour):
    """`colour`: the one-colour variant, whose Resize also samples the channel axis (0 and that colour)."""
    solver = registry()["crop_fractal"]
    plan = (d, n, side)
    sess = session(solver._build_code(plan, resize=True if colour is None else colour))
    rng = np.random.default_rng(d * 10 + n)
    k = d * n
    for r in range(side - k + 1):
        for c in range(side - k + 1):
            grid = np.zeros((side, side), int)
            pattern = rng.integers(0, 10, size=(n, n)) if colour is None else np.full((n, n), colour)
            pattern = pattern * (rng.random((n, n)) < 0.7)
            least = 1 if colour is None else colour
            pattern[0, :] = np.maximum(pattern[0, :], least)    # the box is exactly d*n on both axes
            pattern[:, 0] = np.maximum(pattern[:, 0], least)
            pattern[-1, -1] = max(pattern[-1, -1], least)
            grid[r:r + k, c:c + k] = np.kron(pattern, np.ones((d, d), int))
            answer = solver.rule(plan, grid)
            assert answer is not None
            assert matches(run(sess, grid), answer), f"box at {(r, c)}"
