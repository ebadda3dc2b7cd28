"""narrow_dtypes: float32 intermediates whose values float16 holds exactly become float16 (value ranges from
the one-hot input), and nothing else does; checked on constructed graphs against random grids."""
import sys

import numpy as np
from onnx import TensorProto

import neurogolf.golf  # noqa: F401  (the package's name `narrow_dtypes` is the pass; the module is below)
from neurogolf.contract import static_cost, validate
from neurogolf.golf._graph_edit import copy_model, tensor_types
from neurogolf.graph import Graph

from .golf_checks import assert_same_answers, random_grids

N = sys.modules["neurogolf.golf.narrow_dtypes"]

RNG = np.random.default_rng(7)
GRIDS = random_grids(RNG)


def same_outputs(a, b):
    assert_same_answers(a, b, GRIDS, lambda ya, yb: np.array_equal(ya > 0, yb > 0))


def neighbour_count(weight=1.0, bias=0.0):
    """Sum of each cell's 3x3 neighbourhood per colour, thresholded: a float canvas, then a Conv to output."""
    g = Graph()
    w = np.zeros((10, 10, 3, 3), np.float32)
    w[np.arange(10), np.arange(10)] = weight
    counts = g.Conv(g.input, g.floats(w), g.floats(np.full(10, bias)), pads=[1, 1, 1, 1])
    keep = g.Relu(g.Sub(counts, g.floats([2.0])))
    return g.model(g.Mul(keep, g.input))


def test_small_integer_canvases_become_float16_and_answer_the_same():
    model = neighbour_count()
    out = N.narrow_dtypes(copy_model(model))
    assert out is not None
    types = tensor_types(out)
    halves = [n for n in out.graph.node for o in n.output if types[o][0] == TensorProto.FLOAT16 and o != "output"]
    assert len(halves) >= 3
    assert static_cost(out) < static_cost(model)
    same_outputs(model, out)


def test_float16_canvas_costs_18000_bytes():
    g = Graph()
    half = g.Cast(g.input, to=TensorProto.FLOAT16)
    v = validate(g.model(g.Transpose(half, perm=[0, 1, 3, 2])), {"train": [(np.eye(3, dtype=int), np.eye(3, dtype=int))]})
    assert v.ok and v.memory == 18000


def test_non_dyadic_weights_stay_float32():
    assert N.narrow_dtypes(neighbour_count(weight=0.1)) is None


def test_dyadic_weights_are_exact():
    model = neighbour_count(weight=0.25, bias=0.5)
    out = N.narrow_dtypes(copy_model(model))
    assert out is not None
    same_outputs(model, out)


def test_ranges_beyond_float16_stay_float32():
    g = Graph()
    big = g.Mul(g.input, g.floats([4096.0]))        # 0 or 4096: 4096 is exact, but 4097 would not be
    total = g.Add(g.ReduceSum(big, axes=[1], keepdims=1), g.floats([1.0]))
    model = g.model(g.Mul(g.input, total))
    ranges = N._propagate(model, tensor_types(model))
    assert ranges[big] == (0.0, 4096.0, 1024.0) and N.exact_f16(ranges[big])
    assert ranges[total] == (1.0, 40961.0, 1.0) and not N.exact_f16(ranges[total])


def test_propagated_ranges():
    g = Graph()
    counts = g.ReduceSum(g.input, axes=[2, 3], keepdims=1)                 # up to 900 cells a colour
    per_row = g.Einsum(g.input, g.floats(np.ones((30, 30))), equation="bchw,wv->bchv")   # up to 30
    arg = g.Cast(g.ArgMax(g.input, axis=1, keepdims=1), to=TensorProto.FLOAT)        # 0..9
    diff = g.Sub(arg, g.floats([0.5]))
    model = g.model(g.Add(g.Add(g.Mul(g.input, diff), per_row), counts))
    r = N._propagate(model, tensor_types(model))
    assert r[counts] == (0.0, 900.0, 1.0)
    assert r[per_row] == (0.0, 30.0, 1.0)
    assert r[arg] == (0.0, 9.0, 1.0)
    assert r[diff] == (-0.5, 8.5, 0.5)


def test_a_graph_decoded_by_qlinearconv_still_narrows_before_it():
    """QLinearConv's scales are float32 by the operator's definition: the pass leaves the quantised op alone
    and narrows the float canvas that feeds its code plane (it used to convert the scales too, which
    ONNX Runtime refuses, and then gave up on the whole graph)."""
    from solvers.local._code_decode import decode_code
    g = Graph()
    w = np.zeros((1, 10, 3, 3), np.float32)
    w[0, :, 1, 1] = np.arange(10)                      # colour index ...
    w[0, 3, 0, 1] = 1                                  # ... plus one where the cell above is colour 3
    colour = g.Conv(g.input, g.floats(w), pads=[1, 1, 1, 1])
    doubled = g.Mul(colour, g.floats([2.0]))
    again = g.Relu(g.Sub(doubled, colour))           # a float chain worth narrowing: colour again, in [0, 10]
    code = g.Cast(g.Min(again, g.floats([9.0])), to=TensorProto.UINT8)
    model = g.model(decode_code(g, g.Slice(code, g.ints([0, 0]), g.ints([6, 6]), g.ints([2, 3])), (6, 6),
                                plus_one=True))
    out = N.narrow_dtypes(copy_model(model))
    assert out is not None
    types = tensor_types(out)
    assert types[doubled][0] == TensorProto.FLOAT16 and types[again][0] == TensorProto.FLOAT16
    assert all(types[n.input[i]][0] == TensorProto.FLOAT for n in out.graph.node if n.op_type == "QLinearConv"
               for i in (1, 4, 6))
    assert static_cost(out) < static_cost(model)
    same_outputs(model, out)
