"""A small graph builder, so a solver reads like the transformation it performs.

    g = Graph()
    flipped = g.Slice(g.input, g.ints([29]), g.ints([-31]), g.ints([3]), g.ints([-1]))
    return g.model(flipped)

Initializers are shared by value (each distinct constant is paid for once); `model()` renames the
last tensor to `output`, so the final op writes the output directly and costs nothing.

`Graph(canvas=(H, W))` builds on the task's canvas (`neurogolf.canvas.task_canvas`): `g.input` is then the
input cropped to [1,10,H,W] by the first op, and `model()` pads the result back to the 30x30 `output` by
the last one. (The build also tries every 30x30 graph on the canvas by itself: `neurogolf/canvas.py`.)
"""
from __future__ import annotations

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

from .contract import CANVAS, IR_VERSION, OPSET
from .einsum_order import reorder_einsums


# operators whose `axes` (Split: `split`) moved from an attribute to an input, and the opset that moved it
_AXES_INPUT_SINCE = {"ReduceSum": 13, "Squeeze": 13, "Unsqueeze": 13, "Split": 13, "ReduceMax": 18,
                     "ReduceMin": 18, "ReduceMean": 18, "ReduceProd": 18, "ReduceL1": 18, "ReduceL2": 18,
                     "ReduceLogSum": 18, "ReduceLogSumExp": 18, "ReduceSumSquare": 18}


class Graph:
    input = "input"

    def __init__(self, canvas: tuple[int, int] | None = None):
        self.nodes: list[onnx.NodeProto] = []
        self.inits: dict[str, onnx.TensorProto] = {}
        self._by_value: dict[tuple, str] = {}
        self._names: set[str] = {"input", "output"}
        self.canvas = None if canvas is None or tuple(canvas) == CANVAS[2:] else (int(canvas[0]), int(canvas[1]))
        if self.canvas is not None:
            self.input = self.Slice("input", self.ints([0, 0]), self.ints(list(self.canvas)), self.ints([2, 3]),
                                    name="input_canvas")

    # ------------------------------------------------------------------ names and constants
    def fresh(self, hint: str) -> str:
        name, k = hint, 1
        while name in self._names:
            k += 1
            name = f"{hint}_{k}"
        self._names.add(name)
        return name

    def const(self, value, dtype=None, name: str = "c") -> str:
        """An initializer; an equal one already in the graph is reused."""
        arr = np.asarray(value, dtype=dtype)
        key = (arr.dtype.str, arr.shape, arr.tobytes())
        if key not in self._by_value:
            tname = self.fresh(name)
            self.inits[tname] = numpy_helper.from_array(arr, tname)
            self._by_value[key] = tname
        return self._by_value[key]

    def ints(self, values, name: str = "i") -> str:
        return self.const(np.asarray(values, dtype=np.int64), name=name)

    def floats(self, values, name: str = "f") -> str:
        return self.const(np.asarray(values, dtype=np.float32), name=name)

    # ------------------------------------------------------------------ nodes
    def op(self, op_type: str, *inputs: str, name: str | None = None, outputs: int = 1, **attrs):
        inputs, attrs = self._as_inputs(op_type, inputs, attrs)
        outs = [self.fresh(name or op_type.lower()) for _ in range(outputs)]
        self.nodes.append(helper.make_node(op_type, list(inputs), outs, name=outs[0], **attrs))
        return outs[0] if outputs == 1 else tuple(outs)

    def _as_inputs(self, op_type: str, inputs: tuple, attrs: dict) -> tuple[tuple, dict]:
        """Families write `axes=`/`split=` as attributes (opset 12); from the opset where the operator takes
        them as an input, they become a shared int64 initializer."""
        key = {"Split": "split"}.get(op_type, "axes")
        since = _AXES_INPUT_SINCE.get(op_type)
        if since is None or OPSET < since or key not in attrs:
            return inputs, attrs
        attrs = dict(attrs)
        values = attrs.pop(key)
        return (*inputs, self.ints(list(values), name=key)), attrs

    def __getattr__(self, op_type: str):
        """`g.Transpose(x, perm=...)` is `g.op("Transpose", x, perm=...)`."""
        if not op_type[:1].isupper():
            raise AttributeError(op_type)
        return lambda *inputs, **attrs: self.op(op_type, *inputs, **attrs)

    # ------------------------------------------------------------------ finish
    def model(self, result: str) -> onnx.ModelProto:
        """Close the graph with `result` as the output; the node that made it writes `output` itself (on a
        canvas, the Pad that writes it back to 30x30)."""
        if self.canvas is not None:
            h, w = self.canvas
            result = self.Pad(result, self.ints([0, 0, 0, 0, 0, 0, CANVAS[2] - h, CANVAS[3] - w]), name="answer")
        if result == "input" or result in self.inits:
            result = self.op("Identity", result)
        for node in self.nodes:
            node.input[:] = ["output" if i == result else i for i in node.input]
            if result in node.output:
                node.output[:] = ["output" if o == result else o for o in node.output]
                node.name = "output"
        x = helper.make_tensor_value_info("input", TensorProto.FLOAT, list(CANVAS))
        y = helper.make_tensor_value_info("output", TensorProto.UNDEFINED, None)
        used = {i for n in self.nodes for i in n.input}
        inits = [t for n, t in self.inits.items() if n in used]
        graph = helper.make_graph(self.nodes, "neurogolf", [x], [y], inits)
        model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)],
                                  ir_version=IR_VERSION, producer_name="neurogolf")
        inferred = onnx.shape_inference.infer_shapes(model)
        model.graph.output[0].CopyFrom(inferred.graph.output[0])
        return reorder_einsums(model)
