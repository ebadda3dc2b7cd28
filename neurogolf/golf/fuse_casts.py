"""Pass: Cast chains shortened. A Cast that reads another Cast reads that Cast's source instead, when the
inner Cast keeps every value of its source (a widening: bool -> anything, float16 -> float32, uint8 -> int32, ...);
the inner Cast then goes if nothing else reads it, and an outer Cast back to the source's own type goes too.

Exact for every input: a widening Cast holds the very value it read, so the outer Cast converts the same
value whether it reads the source or the widened copy (ONNX defines Cast by the value, not by the source
type; a float -> integer conversion of a value the integer cannot hold is left undefined by ONNX either way).
The typical chain is narrow_dtypes' float16 -> float32 copy for a reader that is itself a Cast to an index
or byte type (Cast(f16 -> f32) -> Cast(f32 -> int64)): the float32 copy goes.
"""
from __future__ import annotations

from onnx import TensorProto

from ._graph_edit import attr, bypass, ort_loads, producer_of, rewrite_until_done
from .remove_dead import remove_dead

_F = {TensorProto.FLOAT16: 16, TensorProto.FLOAT: 32, TensorProto.DOUBLE: 64}
_U = {TensorProto.UINT8: 8, TensorProto.UINT16: 16, TensorProto.UINT32: 32, TensorProto.UINT64: 64}
_S = {TensorProto.INT8: 8, TensorProto.INT16: 16, TensorProto.INT32: 32, TensorProto.INT64: 64}
_MANTISSA = {TensorProto.FLOAT16: 11, TensorProto.FLOAT: 24, TensorProto.DOUBLE: 53}   # integers held exactly: 2^m


def holds_every_value(src: int, dst: int) -> bool:
    """Every value of dtype `src` is a value of dtype `dst` (Cast src -> dst loses nothing, for any input)."""
    if src == dst or src == TensorProto.BOOL:
        return dst != TensorProto.UNDEFINED
    if src in _F:
        return dst in _F and _F[dst] >= _F[src]
    if src in _U:
        bits = _U[src]
        return _U.get(dst, 0) >= bits or _S.get(dst, 0) > bits or _MANTISSA.get(dst, 0) >= bits
    if src in _S:
        bits = _S[src]
        return _S.get(dst, 0) >= bits or _MANTISSA.get(dst, 0) >= bits - 1
    return False


def _shorten(g, node, types, uses) -> bool:
    if node.op_type != "Cast" or not node.input:
        return False
    inner = producer_of(g, node.input[0])
    if inner is None or inner.op_type != "Cast":
        return False
    src = inner.input[0]
    t_src, t_mid = types.get(src, (0,))[0], types.get(inner.output[0], (0,))[0]
    if not t_src or not t_mid or not holds_every_value(t_src, t_mid):
        return False
    if attr(node, "to") == t_src and types.get(node.output[0], (0, None))[1] is not None \
            and types[node.output[0]][1] == types.get(src, (0, None))[1]:
        if bypass(g, node, src):           # a round trip through a wider type: the source itself
            return True
    node.input[0] = src
    return True


def fuse_casts(model):
    """Cast -> Cast where the first widens exactly: the second reads the source (the first dropped if unread)."""
    casts = {n.output[0] for n in model.graph.node if n.op_type == "Cast"}
    if not any(n.op_type == "Cast" and n.input[0] in casts for n in model.graph.node):
        return None
    out = rewrite_until_done(model, _shorten)
    out = out and (remove_dead(out) or out)
    return out if out is not None and ort_loads(out) else None
