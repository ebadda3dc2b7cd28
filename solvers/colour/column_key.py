"""Cells of one colour take the colour of a key cell in the top row, spreading sideways through their own
horizontal runs (each block picks up the key standing above any of its columns).

Graph: a 1x1 Conv marks the block colour; the top row's colour codes (Gather + Einsum) drop onto
block cells; a few masked 1x3 MaxPools spread them along runs; one Equal of the summed colour code
against channel codes writes the output.

Cheaper variant (`column_key:crop HxW`) on the examples' largest extent (fitted on train and arc-gen; task354's
generator always draws 10 x 10 grids): one cropping ConvTranspose reads a uint8 code plane on the H x W corner
only (colour + 1, the block 0, 11 off the grid); the block mask is code == 0 and the keys its top row; the
same spreading runs there (Where-masked), and run + code is decoded onto the canvas by one padding QLinearConv. Exact for every
grid within the extent; the build keeps it only if it passes the fresh examples too.
"""
from __future__ import annotations

import numpy as np

from neurogolf.graph import Graph

from .. import Solver
from .._common_graph import corner_plane
from ..local._code_decode import decode_code
from .._common_grids import N, same_shape

OFF_GRID = 11               # the code plane's value outside the grid: above every colour's code, no channel's


def spread(grid: np.ndarray, block: int, rounds: int = N + 1):
    """(result, sideways steps that changed it): block cells take the key above them, then the largest key
    beside them along their row, `rounds` times at most; None when a block cell gets no key."""
    is_block = grid == block
    code = np.where(is_block, grid[0][None, :], 0)
    code[:, grid[0] == block] = 0
    steps = 0
    while steps < rounds:
        left = np.pad(code, ((0, 0), (1, 0)))[:, :-1]
        right = np.pad(code, ((0, 0), (0, 1)))[:, 1:]
        new = np.where(is_block, np.maximum(code, np.maximum(left, right)), 0)
        if (new == code).all():
            break
        code, steps = new, steps + 1
    if (code[is_block] == 0).any():
        return None
    return np.where(is_block, code, grid), steps


class ColumnKey(Solver, name="column_key", tasks=("task354",), refuses="task070", aliases=("c5_column_key",),
                fit_splits=("train", "arc-gen")):
    """Blocks of one colour take the colour of the top-row key above one of their columns."""

    def plans(self, examples):
        """(block colour, spreading rounds): the colour the first example changes; one round more than any
        example needs (the first example that spreading does not explain stops it)."""
        if not same_shape(examples) or all(np.array_equal(i, o) for i, o in examples):
            return
        i0, o0 = examples[0]
        changed = set(i0[i0 != o0].tolist())
        if len(changed) != 1:
            return
        block, need = changed.pop(), 0
        for i, o in examples:
            done = spread(i, block)
            if done is None or not np.array_equal(done[0], o):
                return
            need = max(need, done[1])
        yield block, need + 1

    def rule(self, plan, grid):
        """The graph spreads the keys a fixed number of rounds."""
        done = spread(grid, *plan)
        return None if done is None else done[0]

    def candidates(self, examples):
        return self.with_corner_variant(examples, self.build_crop, both=True)

    def build_crop(self, plan, h, w):
        """The graph on the h x w corner from one uint8 code plane: colour + 1, the block colour 0, OFF_GRID
        outside the grid (the cropping ConvTranspose's bias). Why: the block mask (code == 0) and the top row's
        keys (its first row) come out of that one plane, with no second or third float corner read, and a
        block cell's code plus its key is its colour + 1 with no remainder to take."""
        block, steps = plan
        g = Graph()
        weights = np.arange(1, 11) - OFF_GRID
        weights[block] = -OFF_GRID
        code = g.Cast(corner_plane(g, weights, (h, w), "code_f32", bias=[OFF_GRID]), to=2, name="code")  # [1,1,h,w]
        none = g.const(np.uint8(0), name="no_key")
        is_block = g.Equal(code, none, name="is_block")
        keys = g.Slice(code, g.ints([0]), g.ints([1]), g.ints([2]), name="top_keys")             # [1,1,1,w]
        run = g.Where(is_block, keys, none, name="key_below")      # off-grid columns hold no block cells
        for s in range(steps):
            run = g.Where(is_block, g.MaxPool(run, kernel_shape=[1, 3], pads=[0, 1, 0, 1], name=f"spread_{s}"),
                          none, name=f"key_run_{s}")
        # a block cell holds 0 + its key's code, every other cell its own code (OFF_GRID decodes to no colour)
        total = g.Add(run, code, name="cell_code")
        return g.model(decode_code(g, total, (h, w)))

    def build(self, plan):
        block, steps = plan
        g = Graph()
        is_block = g.Conv(g.input, g.floats(np.eye(10)[block].reshape(1, 10, 1, 1)), name="is_block")
        key_w = np.arange(10, dtype=np.float32)
        key_w[block] = 0
        keys = g.Einsum(g.Gather(g.input, g.const(np.int64(0)), axis=2, name="top_row"), g.floats(key_w),
                        equation="bkc,k->bc", name="top_keys")                              # [1,30]
        code = g.Mul(is_block, keys, name="key_below")
        for s in range(steps):
            code = g.Mul(g.MaxPool(code, kernel_shape=[1, 3], pads=[0, 1, 0, 1], name=f"spread_{s}"), is_block,
                         name=f"key_run_{s}")
        rest = np.arange(1, 11, dtype=np.float32)
        rest[block] = 1
        total = g.Add(code, g.Conv(g.input, g.floats(rest.reshape(1, 10, 1, 1)), name="other_code"), name="cell_code")
        return g.model(g.Equal(total, g.floats(np.arange(1, 11).reshape(1, 10, 1, 1))))
