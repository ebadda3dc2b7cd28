"""Pass: onnxsim folds what is constant."""
from __future__ import annotations

from ._graph_edit import copy_model, finish
from .constants_to_initializers import constants_to_initializers


def fold_constants(model):
    """onnxsim's constant folding and graph simplification (opset and IR kept as they were)."""
    g = model.graph
    known = {i.name for i in g.initializer}
    foldable = False
    for node in g.node:      # onnxsim is slow to start: run it only where something is constant
        if node.op_type in ("Shape", "Size") or (node.input and all(not i or i in known for i in node.input)):
            foldable = True
            break
        if node.op_type == "Constant":
            known.update(node.output)
    if not foldable:
        return None
    import onnxsim
    opsets = [(o.domain, o.version) for o in model.opset_import]
    try:
        simple, ok = onnxsim.simplify(copy_model(model))
    except Exception:
        return None
    if not ok or [(o.domain, o.version) for o in simple.opset_import] != opsets:
        return None
    simple.ir_version = model.ir_version
    simple = constants_to_initializers(simple) or simple
    if simple.graph.SerializeToString() == model.graph.SerializeToString():
        return None
    return finish(simple)
