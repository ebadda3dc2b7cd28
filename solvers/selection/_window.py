"""Small graph pieces for families that work in the grid's top-left s x s window and crop from it."""
from __future__ import annotations

import numpy as np


def window_code(g, s: int, weights, name: str = "code_window") -> str:
    """[1,1,s,s] float32 colour code of the top-left s x s cells (sum_c weights[c] * input[c]), read
    straight from `input` by a 2x2 Conv whose only tap is (0,0), dilated to 30 - s (no 30 x 30 plane)."""
    w = np.asarray(weights, np.float32)
    if s >= 30:
        return g.Conv(g.input, g.floats(w.reshape(1, 10, 1, 1)), name=name)
    kernel = np.zeros((1, 10, 2, 2), np.float32)
    kernel[0, :, 0, 0] = w
    return g.Conv(g.input, g.const(kernel, name="corner_tap"), dilations=[30 - s, 30 - s], name=name)


def crop_u8(g, code: str, s: int, rows: str, cols: str, cast: bool = True) -> str:
    """[1,1,30,30] uint8: the code plane [1,1,s,s] (float 0..255 when `cast`, else uint8) cropped by two
    30-long int index vectors (index s: an empty padded line reading 0)."""
    if cast:
        code = g.Cast(code, to=2, name="code_u8")
    padded = g.Pad(code, g.ints([0, 0, 0, 0, 0, 0, 1, 1]), name="code_padded")       # [1,1,s+1,s+1]
    return g.Gather(g.Gather(padded, rows, axis=2, name="rows_cropped"), cols, axis=3, name="crop")
