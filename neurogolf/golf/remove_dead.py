"""Pass: drop what does not lead to `output`."""
from __future__ import annotations

from ._graph_edit import finish


def remove_dead(model):
    """Nodes that do not lead to `output`, initializers nobody reads, value_info nobody produces."""
    g = model.graph
    before = (len(g.node), len(g.initializer), len(g.value_info), len(g.input))
    live, keep = {"output"}, []
    for node in reversed(g.node):
        if any(o in live for o in node.output):
            keep.append(node)
            live.update(i for i in node.input if i)
    keep.reverse()
    del g.node[:]
    g.node.extend(keep)
    extra_inputs = [i for i in g.input if i.name != "input"]   # old IR: initializers listed as inputs
    for vi in extra_inputs:
        g.input.remove(vi)
    finish(model)
    return model if (len(g.node), len(g.initializer), len(g.value_info), len(g.input)) != before else None
