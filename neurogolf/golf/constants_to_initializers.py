"""Pass: Constant nodes become initializers."""
from __future__ import annotations

import numpy as np
import onnx
from onnx import helper, numpy_helper

from ._graph_edit import finish


def constants_to_initializers(model):
    """A Constant pays its elements twice (params and its output's bytes); an initializer pays once."""
    g = model.graph
    found = False
    for node in list(g.node):
        if node.op_type != "Constant" or node.output[0] == "output":
            continue
        a = node.attribute[0] if len(node.attribute) == 1 else None
        if a is None or a.name in ("sparse_value", "value_string", "value_strings"):
            continue
        name = node.output[0]
        if a.name == "value":
            tensor = onnx.TensorProto()
            tensor.CopyFrom(a.t)
            tensor.name = name
        else:
            value = helper.get_attribute_value(a)
            dtype = np.float32 if "float" in a.name else np.int64
            tensor = numpy_helper.from_array(np.asarray(value, dtype=dtype), name)
        g.initializer.append(tensor)
        g.node.remove(node)
        found = True
    return finish(model) if found else None
