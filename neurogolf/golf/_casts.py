"""Which Casts keep what the scorer reads (`value > 0`) or every value: output_direct and narrow_masks rely on both."""
from __future__ import annotations

from onnx import TensorProto

FLOATS = {TensorProto.FLOAT, TensorProto.DOUBLE, TensorProto.FLOAT16}
UNSIGNED = {TensorProto.UINT8: 8, TensorProto.UINT16: 16, TensorProto.UINT32: 32, TensorProto.UINT64: 64}
SIGNED = {TensorProto.INT8: 8, TensorProto.INT16: 16, TensorProto.INT32: 32, TensorProto.INT64: 64}


def keeps_sign(t_in: int, t_out: int) -> bool:
    """Cast(t_in -> t_out) keeps `value > 0` for every value of t_in."""
    if t_in == t_out or t_in == TensorProto.BOOL:
        return True
    if t_out in FLOATS and (t_in in UNSIGNED or t_in in SIGNED):
        return True                      # integers keep their sign as floats (overflow goes to +-inf)
    if t_in in UNSIGNED:
        return t_out == TensorProto.BOOL or UNSIGNED.get(t_out, 0) > UNSIGNED[t_in] \
            or SIGNED.get(t_out, 0) > UNSIGNED[t_in]
    if t_in in SIGNED:
        return SIGNED.get(t_out, 0) > SIGNED[t_in]
    return t_in == TensorProto.FLOAT and t_out == TensorProto.DOUBLE


def keeps_values(t_in: int, t_out: int) -> bool:
    """Cast(t_in -> t_out) keeps every value of t_in (bool/uint8/int8 sources)."""
    if t_in == TensorProto.BOOL or t_out in FLOATS or t_in == t_out:
        return True
    if t_in == TensorProto.UINT8:
        return UNSIGNED.get(t_out, 0) > 8 or SIGNED.get(t_out, 0) > 8
    return t_in == TensorProto.INT8 and SIGNED.get(t_out, 0) > 8
