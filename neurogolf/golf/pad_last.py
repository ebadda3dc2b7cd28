"""Pass: a Pad whose only reader is an elementwise op with constant operands moves after it: the op runs on
the unpadded tensor (small) and the Pad writes the op's result (at `output`, for free), when the op's
unpadded result stores fewer bytes than the padded tensor did.

Exact for every input: the other operands are initializers of size 1 along every padded (or cropped) axis,
so each output cell inside the original extent reads the same operands as before, and every cell of the
padding reads the pad value v and the same constants; the op's value there, op(v, constants), is computed
here once and must be one value w for every constant cell: the Pad then pads the op's result with w. Cropping
(negative pads) just drops cells, as before. Broadcasting is unchanged: along a padded axis every operand has
extent 1 or the padded tensor's own.
"""
from __future__ import annotations

import numpy as np
from onnx import helper, numpy_helper

from ._graph_edit import attr, fresh_name, init_array, ort_loads, producer_of, rewrite_until_done

_NUMPY = {
    "Equal": np.equal, "Greater": np.greater, "Less": np.less, "GreaterOrEqual": np.greater_equal,
    "LessOrEqual": np.less_equal, "And": np.logical_and, "Or": np.logical_or, "Xor": np.logical_xor,
    "Max": np.maximum, "Min": np.minimum, "Add": np.add, "Sub": np.subtract, "Mul": np.multiply,
    "Not": np.logical_not, "Cast": None,
}


def _at_pad(op: str, operands: list[np.ndarray]):
    """op on the pad value and the constants, as one array (numpy follows ORT on these ops and dtypes)."""
    if op == "Where":
        return np.where(operands[0].astype(bool), operands[1], operands[2])
    if op == "Cast":
        return operands[0]                 # converted to the output dtype by the caller
    with np.errstate(over="ignore"):
        return _NUMPY[op](*operands)


def _move(g, user, types, uses) -> bool:
    """Move the Pad feeding `user` (an elementwise op whose other operands are initializers) after it, when
    the op's unpadded result stores fewer bytes than the padded tensor did."""
    if user.op_type not in _NUMPY and user.op_type != "Where":
        return False
    for pos, name in enumerate(user.input):
        pad = producer_of(g, name)
        if pad is None or pad.op_type != "Pad" or len(uses.get(name, [])) != 1 or list(user.input).count(name) != 1:
            continue
        if attr(pad, "mode", b"constant") not in (b"constant", "constant") or len(pad.input) > 3:
            continue                                     # edge/reflect, or an axes input
        pads = init_array(g, pad.input[1]) if len(pad.input) > 1 else None
        if pads is None:
            continue
        x = pad.input[0]
        x_type, x_dims = types.get(x, (0, None))
        out_type = types.get(user.output[0], (0,))[0]
        pad_dims = types.get(name, (0, None))[1]
        if not x_type or x_dims is None or not out_type or pad_dims is None:
            continue
        value = init_array(g, pad.input[2]) if len(pad.input) > 2 and pad.input[2] else None
        if len(pad.input) > 2 and pad.input[2] and value is None:
            continue
        v = np.zeros((), dtype=helper.tensor_dtype_to_np_dtype(x_type)) if value is None else value.reshape(())
        others = [init_array(g, i) for j, i in enumerate(user.input) if j != pos]
        if any(o is None for o in others):
            continue
        rank = max([len(x_dims)] + [o.ndim for o in others])
        pads = np.asarray(pads, dtype=np.int64).reshape(2, len(x_dims))
        wide = np.zeros((2, rank), dtype=np.int64)
        wide[:, rank - len(x_dims):] = pads
        moved_axes = [a for a in range(rank) if wide[0, a] or wide[1, a]]
        if any(o.shape[a - (rank - o.ndim)] != 1 for o in others for a in moved_axes if a >= rank - o.ndim):
            continue                                     # a constant varies along a padded axis
        try:
            small_dims = np.broadcast_shapes(tuple(x_dims), *[o.shape for o in others])
        except ValueError:
            continue
        small_bytes = int(np.prod(small_dims)) * np.dtype(helper.tensor_dtype_to_np_dtype(out_type)).itemsize
        pad_bytes = int(np.prod(pad_dims)) * np.dtype(helper.tensor_dtype_to_np_dtype(x_type)).itemsize
        if small_bytes >= pad_bytes:
            continue                                     # the unpadded result would store more
        operands = list(others)
        operands.insert(pos, v)
        try:
            w = np.asarray(_at_pad(user.op_type, operands))
        except (TypeError, ValueError):
            continue
        if w.size == 0 or np.any(w != w.flat[0]):
            continue                                     # the padding would not be one value
        w = np.asarray(w.flat[0]).astype(helper.tensor_dtype_to_np_dtype(out_type)).reshape(())
        out = user.output[0]
        small = fresh_name(g, f"{out}_unpadded")
        user.input[pos] = x
        user.output[0] = small
        user.name = small
        pads_name = fresh_name(g, "pads")
        g.initializer.append(numpy_helper.from_array(wide.reshape(-1), pads_name))
        inputs = [small, pads_name]
        if w.flat[0] != 0:
            value_name = fresh_name(g, "pad_value")
            g.initializer.append(numpy_helper.from_array(w, value_name))
            inputs.append(value_name)
        g.node.remove(pad)
        g.node.insert(list(g.node).index(user) + 1, helper.make_node("Pad", inputs, [out], name=out))
        return True
    return False


def pad_last(model):
    """Pad -> elementwise op with constants becomes op -> Pad where the unpadded result is smaller (at
    `output`, the Pad writes it); None when nothing moves."""
    if not any(n.op_type == "Pad" for n in model.graph.node):
        return None
    out = rewrite_until_done(model, _move)
    return out if out is not None and ort_loads(out) else None
