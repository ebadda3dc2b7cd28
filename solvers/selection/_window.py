"""Small graph pieces for families that work in the grid's top-left s x s window and crop from it."""
from __future__ import annotations

from .._common_graph import corner_plane


def window_code(g, s: int, weights, name: str = "code_window") -> str:
    """[1,1,s,s] float32 colour code of the top-left s x s cells (sum_c weights[c] * input[c]), read
    straight from `input` by one dilated Conv (`corner_plane`: no 30 x 30 plane)."""
    return corner_plane(g, weights, (min(s, 30), min(s, 30)), name, weight_name="corner_tap")


def crop_u8(g, code: str, s: int, rows: str, cols: str, cast: bool = True) -> str:
    """[1,1,30,30] uint8: the code plane [1,1,s,s] (float 0..255 when `cast`, else uint8) cropped by two
    30-long int index vectors (index s: an empty padded line reading 0)."""
    if cast:
        code = g.Cast(code, to=2, name="code_u8")
    padded = g.Pad(code, g.ints([0, 0, 0, 0, 0, 0, 1, 1]), name="code_padded")       # [1,1,s+1,s+1]
    return g.Gather(g.Gather(padded, rows, axis=2, name="rows_cropped"), cols, axis=3, name="crop")
