"""pad_last: Pad -> elementwise op with constants -> output becomes op -> Pad -> output, when the padding
takes one value; constructed graphs, checked against random grids."""
import sys

import numpy as np
from onnx import TensorProto

import neurogolf.golf  # noqa: F401
from neurogolf.contract import static_cost
from neurogolf.golf._graph_edit import copy_model
from neurogolf.graph import Graph

from .golf_checks import assert_same_answers, random_grids

P = sys.modules["neurogolf.golf.pad_last"]

RNG = np.random.default_rng(5)
GRIDS = random_grids(RNG)


def same_outputs(a, b):
    assert_same_answers(a, b, GRIDS, lambda ya, yb: ya.dtype == yb.dtype and np.array_equal(ya, yb))


def corner_codes(pad_value=None, codes=range(1, 11)):
    """The colour code of the top-left 3x3 (rank 3), padded to 30x30, compared with each colour's code."""
    g = Graph()
    corner = g.Slice(g.input, g.ints([0, 0]), g.ints([3, 3]), g.ints([2, 3]))
    code = g.Cast(g.Einsum(corner, g.floats(np.arange(1, 11)), equation="bkhw,k->bhw"), to=TensorProto.UINT8)
    pads = [g.ints([0, 0, 0, 0, 27, 27])]
    if pad_value is not None:
        pads.append(g.const(np.array(pad_value, np.uint8)))
    canvas = g.Pad(code, *pads)
    return g.model(g.Equal(canvas, g.const(np.array(list(codes), np.uint8).reshape(1, 10, 1, 1))))


def test_pad_moves_after_the_comparison():
    model = corner_codes()
    out = P.pad_last(copy_model(model))
    assert out is not None
    assert [n.op_type for n in out.graph.node][-1] == "Pad"
    assert static_cost(out) == static_cost(model) - 900 + 90 + 2     # pads grow from rank 3 to rank 4
    same_outputs(model, out)


def test_padding_that_matches_a_code_pads_with_true_only_if_every_channel_agrees():
    assert P.pad_last(corner_codes(codes=range(10))) is None          # 0 pads: channel 0 true, the rest false
    model = corner_codes(pad_value=0, codes=[0] * 10)                 # every channel true in the padding
    out = P.pad_last(copy_model(model))
    assert out is not None
    same_outputs(model, out)


def test_a_constant_that_varies_along_a_padded_axis_blocks_the_move():
    g = Graph()
    corner = g.Slice(g.input, g.ints([0, 0]), g.ints([3, 3]), g.ints([2, 3]))
    canvas = g.Pad(corner, g.ints([0, 0, 0, 0, 0, 0, 27, 27]))
    model = g.model(g.Greater(canvas, g.floats(RNG.random((1, 1, 30, 30)))))
    assert P.pad_last(copy_model(model)) is None


def test_pad_moves_past_a_cast_and_a_comparison_that_feed_other_ops():
    """Pad(float16 3x3) -> Cast uint8 -> Equal -> Not -> output: the Pad ends up writing output, past all three."""
    g = Graph()
    corner = g.Slice(g.input, g.ints([0, 0]), g.ints([3, 3]), g.ints([2, 3]))
    code = g.Cast(g.Einsum(corner, g.floats(np.arange(1, 11)), equation="bkhw,k->bhw"), to=TensorProto.FLOAT16)
    canvas = g.Cast(g.Pad(code, g.ints([0, 0, 0, 0, 27, 27])), to=TensorProto.UINT8)
    hit = g.Equal(canvas, g.const(np.arange(1, 11, dtype=np.uint8).reshape(1, 10, 1, 1)))
    model = g.model(g.Not(g.Not(hit)))
    out = P.pad_last(copy_model(model))
    assert out is not None
    assert [n.op_type for n in out.graph.node][-1] == "Pad"
    assert static_cost(out) < static_cost(model) - 9000
    same_outputs(model, out)
