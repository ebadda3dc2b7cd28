"""fuse_casts: Cast -> Cast chains whose first Cast widens exactly are shortened; narrow_dtypes lets a float32 ->
integer Cast read the float16 value itself. Constructed graphs, checked against random grids."""
import sys

import numpy as np
from onnx import TensorProto

import neurogolf.golf  # noqa: F401
from neurogolf.contract import static_cost
from neurogolf.golf._graph_edit import copy_model, tensor_types
from neurogolf.graph import Graph

from .golf_checks import assert_same_answers, random_grids

F = sys.modules["neurogolf.golf.fuse_casts"]
N = sys.modules["neurogolf.golf.narrow_dtypes"]

RNG = np.random.default_rng(11)
GRIDS = random_grids(RNG)


def same_outputs(a, b):
    assert_same_answers(a, b, GRIDS, lambda ya, yb: np.array_equal(ya.astype(np.float64), yb.astype(np.float64)))


def test_widening_facts():
    T = TensorProto
    assert F.holds_every_value(T.FLOAT16, T.FLOAT) and F.holds_every_value(T.BOOL, T.FLOAT16)
    assert F.holds_every_value(T.UINT8, T.FLOAT16) and F.holds_every_value(T.UINT8, T.INT16)
    assert F.holds_every_value(T.INT8, T.FLOAT16) and F.holds_every_value(T.INT16, T.FLOAT)
    assert not F.holds_every_value(T.FLOAT, T.FLOAT16)
    assert not F.holds_every_value(T.FLOAT16, T.INT64)
    assert not F.holds_every_value(T.INT8, T.UINT8)
    assert not F.holds_every_value(T.UINT16, T.FLOAT16)
    assert not F.holds_every_value(T.INT32, T.FLOAT)
    assert not F.holds_every_value(T.INT64, T.INT32)


def test_float16_to_float32_to_uint8_reads_the_float16():
    g = Graph()
    code = g.Einsum(g.input, g.floats(np.arange(10)), equation="bkhw,k->bhw")
    half = g.Cast(code, to=TensorProto.FLOAT16)
    wide = g.Cast(half, to=TensorProto.FLOAT)             # narrow_dtypes' copy for a Cast reader
    byte = g.Cast(wide, to=TensorProto.UINT8)
    model = g.model(g.Equal(g.Unsqueeze(byte, axes=[1]), g.const(np.arange(10, dtype=np.uint8).reshape(1, 10, 1, 1))))
    out = F.fuse_casts(copy_model(model))
    assert out is not None
    assert [n.op_type for n in out.graph.node].count("Cast") == 2
    assert all(t != TensorProto.FLOAT for name, (t, _) in tensor_types(out).items() if name == "wide")
    assert static_cost(out) == static_cost(model) - 4 * 900
    same_outputs(model, out)


def test_round_trip_through_a_wider_type_is_dropped():
    g = Graph()
    mask = g.Greater(g.input, g.floats([0.5]))
    back = g.Cast(g.Cast(mask, to=TensorProto.UINT8), to=TensorProto.BOOL)
    model = g.model(g.And(back, mask))
    out = F.fuse_casts(copy_model(model))
    assert out is not None and "Cast" not in [n.op_type for n in out.graph.node]
    same_outputs(model, out)


def test_narrowing_first_cast_is_left_alone():
    g = Graph()
    half = g.Cast(g.Mul(g.input, g.floats([0.1])), to=TensorProto.FLOAT16)   # 0.1 is not exact in float16
    wide = g.Cast(half, to=TensorProto.FLOAT)                                 # float32 -> float16 -> float32
    model = g.model(g.Greater(wide, g.floats([0.05])))
    assert F.fuse_casts(copy_model(model)) is None


def test_narrow_dtypes_lets_an_integer_cast_read_float16():
    """m (float32, from the input) -> 2m+1 -> Cast to uint8: converting Mul/Add pays only if the Cast reads float16."""
    g = Graph()
    m = g.ReduceMax(g.input, axes=[1], keepdims=1)
    d = g.Add(g.Mul(m, g.floats([2.0])), g.floats([1.0]))
    model = g.model(g.Equal(g.Cast(d, to=TensorProto.UINT8), g.const(np.arange(10, dtype=np.uint8).reshape(1, 10, 1, 1))))
    out = N.narrow_dtypes(copy_model(model))
    assert out is not None and static_cost(out) < static_cost(model)
    types = tensor_types(out)
    assert not any(types[o][0] == TensorProto.FLOAT for n in out.graph.node for o in n.output
                   if n.op_type in ("Mul", "Add", "Cast"))
    same_outputs(model, out)


def test_narrow_dtypes_bounds_a_conv_with_a_computed_weight():
    """A Conv whose 3x3 weight is computed from the grid (0/1 values): at most 9 products of 0/1 per output,
    so float16 holds it; the bound is sound for every grid."""
    g = Graph()
    corner = g.Slice(g.input, g.ints([0, 0, 0, 0]), g.ints([1, 1, 3, 3]), g.ints([0, 1, 2, 3]))   # [1,1,3,3]
    mask = g.Slice(g.input, g.ints([0, 1]), g.ints([1, 2]), g.ints([0, 1]))                    # [1,1,30,30]
    count = g.Conv(mask, corner, pads=[1, 1, 1, 1])
    model = g.model(g.Greater(g.Mul(g.Add(count, count), g.input), g.floats([2.0])))
    types = tensor_types(model)
    ranges = N._propagate(model, types)
    assert ranges[count][:2] == (0.0, 9.0)
    out = N.narrow_dtypes(copy_model(model))
    assert out is not None and static_cost(out) < static_cost(model)
    same_outputs(model, out)
