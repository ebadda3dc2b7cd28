"""Pass: Transpose after Transpose, and reshape after reshape, fused into one op."""
from __future__ import annotations

import numpy as np
from onnx import helper, numpy_helper

from ._graph_edit import attr, fresh_name, producer_of, rewrite_until_done
from .remove_noops import remove_noops

_SHAPING = ("Reshape", "Flatten", "Squeeze", "Unsqueeze")


def _fuse(g, node, types, uses) -> bool:
    """Fuse `node` with the op feeding it, when that op feeds nothing else."""
    inner = producer_of(g, node.input[0]) if node.input else None
    if inner is None or len(uses.get(inner.output[0], [])) != 1 or inner.output[0] == "output":
        return False
    if node.op_type == "Transpose" and inner.op_type == "Transpose" \
            and attr(inner, "perm") is not None and attr(node, "perm") is not None:
        p1, p2 = list(attr(inner, "perm")), list(attr(node, "perm"))
        node.input[0] = inner.input[0]
        node.ClearField("attribute")
        node.attribute.append(helper.make_attribute("perm", [p1[i] for i in p2]))
        g.node.remove(inner)
        return True
    if node.op_type in _SHAPING and inner.op_type in _SHAPING:
        dims = types.get(node.output[0], (0, None))[1]
        if dims is None:
            return False
        shape = fresh_name(g, "shape")
        g.initializer.append(numpy_helper.from_array(np.asarray(dims, dtype=np.int64), shape))
        fused = helper.make_node("Reshape", [inner.input[0], shape], list(node.output), name=node.name)
        idx = list(g.node).index(node)
        g.node.remove(node)
        g.node.insert(idx, fused)
        g.node.remove(inner)
        return True
    return False


def fuse_chains(model):
    """Transpose after Transpose, and Reshape-like after Reshape-like, fused into one op (then dropped
    if the fused op does nothing)."""
    fused = rewrite_until_done(model, _fuse)
    return fused and (remove_noops(fused) or fused)
