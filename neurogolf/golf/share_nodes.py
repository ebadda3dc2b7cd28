"""Pass: common subexpressions computed once."""
from __future__ import annotations

import onnx

from ._graph_edit import attrs_key, finish, rename_uses, toposort


def share_nodes(model):
    """Two nodes with the same op, inputs and attributes compute the same tensors: keep one."""
    g = model.graph
    found = True
    changed = False
    while found:
        found = False
        seen: dict[tuple, onnx.NodeProto] = {}
        for node in list(g.node):
            if node.op_type.startswith("Random") or node.op_type in ("Multinomial", "Constant"):
                continue                     # random draws differ; Constants are for constants_to_initializers
            key = (node.op_type, node.domain, tuple(node.input), len(node.output), attrs_key(node))
            first = seen.get(key)
            if first is None:
                seen[key] = node
                continue
            keep, drop = (node, first) if "output" in node.output else (first, node)
            g.node.remove(drop)
            for a, b in zip(drop.output, keep.output):
                if a and b:
                    rename_uses(g, a, b)
            if keep is node:
                toposort(g)
            found = changed = True
            break
    return finish(model) if changed else None
