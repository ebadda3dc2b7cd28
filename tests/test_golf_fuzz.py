"""Random wasteful graphs: golf must never change what `output > 0` says, on inputs no example shows."""
import numpy as np
import onnx
from onnx import TensorProto, helper

from neurogolf import golf as G
from neurogolf.contract import encode, session
from neurogolf.graph import Graph


def random_model(rng):
    g = Graph()
    x, is_mask = g.input, True                 # the one-hot input is itself a 0/1 tensor
    for _ in range(rng.integers(2, 7)):
        k = rng.integers(0, 17)
        if k == 0:
            x = g.Identity(x)
        elif k == 1:
            x = g.Transpose(x, perm=[0, 1, 3, 2])
        elif k == 2:
            x = g.Mul(x, g.Constant(value=helper.make_tensor("one", TensorProto.FLOAT, [1], [1.0])))
        elif k == 3:
            x, is_mask = g.Cast(g.Greater(x, g.floats([0.5])), to=TensorProto.FLOAT), True
        elif k == 4:
            x = g.Relu(x)
        elif k == 5 and is_mask:
            other = g.Cast(g.Greater(g.Transpose(x, perm=[0, 1, 3, 2]), g.floats([0.5])), to=TensorProto.FLOAT)
            x = g.Max(x, other)
        elif k == 6:
            x = g.Pad(g.Slice(x, g.ints([1]), g.ints([30]), g.ints([3])), g.ints([0, 0, 0, 1, 0, 0, 0, 0]))
        elif k == 7:
            x = g.Conv(x, g.const(np.eye(10, dtype=np.float32).reshape(10, 10, 1, 1)))
        elif k == 8:
            g.ReduceSum(x, axes=[1], keepdims=1)          # dead
            x = g.Add(x, g.floats([0.0]))
        elif k == 9 and is_mask:
            x = g.Mul(g.input, x)
            is_mask = True
        elif k == 10:
            x, is_mask = g.Sub(x, g.floats([0.25])), False
        elif k == 11:
            x = g.Reshape(g.Flatten(x, axis=2), g.ints([1, 10, 30, 30]))
        elif k == 12:
            x, is_mask = g.Where(g.Greater(x, g.floats([0.5])), g.floats([1.0]), g.floats([0.0])), True
        elif k == 13:
            both = g.Concat(x, g.Transpose(x, perm=[0, 1, 3, 2]), axis=1)
            start = int(rng.integers(0, 2)) * 10
            x = g.Slice(both, g.ints([start]), g.ints([start + 10]), g.ints([1]))
        elif k == 14:
            x = g.Gather(x, g.ints(list(range(10))), axis=1)
        elif k == 15:
            x = g.Tile(g.Expand(x, g.ints([1, 10, 30, 30])), g.ints([1, 1, 1, 1]))
        else:
            x = g.Min(x, g.Relu(x)) if is_mask else g.Neg(g.Neg(x))
    return g.model(x)


def test_golf_keeps_every_answer_on_random_graphs():
    rng = np.random.default_rng(7)
    grids = [rng.integers(0, 10, size=(rng.integers(1, 31), rng.integers(1, 31))) for _ in range(12)]
    lowered = 0
    for _ in range(25):
        model = random_model(rng)
        result = G.golf(model, {})            # no examples: only exactness keeps the answers
        assert result.start.ok and result.verdict.cost <= result.start.cost
        lowered += result.verdict.cost < result.start.cost
        a, b = session(model), session(result.model)
        for grid in grids:
            x = {"input": encode(grid)}
            assert np.array_equal(a.run(None, x)[0] > 0, b.run(None, x)[0] > 0), onnx.printer.to_text(model.graph)
    assert lowered >= 20
