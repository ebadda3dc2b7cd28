"""The colours that occur exactly once in a grid, in the graph: they mark the odd cell a rule selects by."""
from __future__ import annotations

import numpy as np
from onnx import TensorProto


def once_colours(g) -> str:
    """[1,10,1,1] float: 1 for each colour with exactly one cell (a 1x1 Conv weight that marks those cells)."""
    counts = g.ReduceSum(g.input, axes=[2, 3], keepdims=1, name="colour_counts")
    return g.Cast(g.Equal(counts, g.const(np.ones(1, np.float32), name="one")), to=TensorProto.FLOAT, name="once")
