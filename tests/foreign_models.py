"""Hand-written models in the styles found elsewhere (other opsets, Constant nodes, value_info, odd tails)."""
import numpy as np
from onnx import TensorProto, helper, numpy_helper


def _model(nodes, inits=(), opset=12, ir=7, value_info=(), out_type=TensorProto.FLOAT):
    x = helper.make_tensor_value_info("input", TensorProto.FLOAT, [1, 10, 30, 30])
    y = helper.make_tensor_value_info("output", out_type, [1, 10, 30, 30])
    graph = helper.make_graph(nodes, "hand", [x], [y], list(inits), value_info=list(value_info))
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)], ir_version=ir)


def _const(name, arr):
    return helper.make_node("Constant", [], [name], value=numpy_helper.from_array(np.asarray(arr), name))


def transposes():
    """(name, model) pairs that all compute task179's transpose."""
    out = []
    out.append(("opset10_constant_scale", _model([
        _const("one", np.array([1.0], np.float32)),
        helper.make_node("Mul", ["input", "one"], ["scaled"]),
        helper.make_node("Transpose", ["scaled"], ["t"], perm=[0, 1, 3, 2]),
        helper.make_node("Identity", ["t"], ["output"])], opset=10, ir=5)))
    out.append(("opset13_squeeze_roundtrip", _model([
        _const("axes", np.array([0], np.int64)),
        helper.make_node("Squeeze", ["input", "axes"], ["sq"]),
        helper.make_node("Unsqueeze", ["sq", "axes"], ["us"]),
        helper.make_node("Transpose", ["us"], ["output"], perm=[0, 1, 3, 2])], opset=13, ir=8)))
    out.append(("value_info_on_initializer", _model([
        helper.make_node("Add", ["input", "zero"], ["plus"]),
        helper.make_node("Transpose", ["plus"], ["output"], perm=[0, 1, 3, 2])],
        inits=[numpy_helper.from_array(np.zeros((1, 10, 30, 30), np.float32), "zero")],
        value_info=[helper.make_tensor_value_info("zero", TensorProto.FLOAT, [1, 10, 30, 30])])))
    out.append(("half_precision_tail", _model([
        helper.make_node("Transpose", ["input"], ["t"], perm=[0, 1, 3, 2]),
        helper.make_node("Sub", ["t", "half"], ["centred"]),
        helper.make_node("Cast", ["centred"], ["output"], to=TensorProto.FLOAT16)],
        inits=[numpy_helper.from_array(np.array(0.5, np.float32), "half")], out_type=TensorProto.FLOAT16)))
    out.append(("bool_roundtrip_matmul", _model([
        helper.make_node("Greater", ["input", "half"], ["on"]),
        helper.make_node("Cast", ["on"], ["onf"], to=TensorProto.FLOAT),
        helper.make_node("Transpose", ["onf"], ["t"], perm=[0, 1, 3, 2]),
        helper.make_node("MatMul", ["t", "eye"], ["mm"]),
        helper.make_node("Sub", ["mm", "half"], ["output"])],
        inits=[numpy_helper.from_array(np.array(0.5, np.float32), "half"),
               numpy_helper.from_array(np.eye(30, dtype=np.float32), "eye")])))
    out.append(("einsum_with_dead_branch", _model([
        helper.make_node("Einsum", ["input"], ["output"], equation="bchw->bcwh"),
        helper.make_node("ReduceSum", ["input"], ["unused"], axes=[1], keepdims=1)], opset=12)))
    return out
