"""Pass: equal initializers merged into one."""
from __future__ import annotations

from onnx import numpy_helper

from ._graph_edit import finish, rename_uses


def share_initializers(model):
    """Equal initializers (dtype, shape, values) are paid for once."""
    g = model.graph
    seen: dict[tuple, str] = {}
    found = False
    for init in list(g.initializer):
        arr = numpy_helper.to_array(init)
        key = (init.data_type, tuple(init.dims), arr.tobytes())
        if key in seen:
            rename_uses(g, init.name, seen[key])
            g.initializer.remove(init)
            found = True
        else:
            seen[key] = init.name
    return finish(model) if found else None
