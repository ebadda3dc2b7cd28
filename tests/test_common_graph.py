"""Graph idioms the families share (solvers/_common_graph.py), checked on constructed inputs."""
import numpy as np
import onnxruntime as ort

from neurogolf.graph import Graph
from solvers._common_graph import extent, render


def run(model, x):
    return ort.InferenceSession(model.SerializeToString()).run(None, {"input": x})[0]


def test_render_writes_only_the_corner():
    """The strided ConvTranspose spreads one pixel over an h x w corner and leaves the rest zero."""
    g = Graph()
    counts = g.ReduceSum(g.input, axes=[2, 3], keepdims=1)
    model = g.model(render(g, counts, np.ones((10, 1, 2, 3)), groups=10))
    x = np.zeros((1, 10, 30, 30), np.float32)
    x[0, 4, 5, 5] = 1
    y = run(model, x)
    assert y.shape == (1, 10, 30, 30)
    assert (y[0, 4, :2, :3] == 1).all() and y.sum() == 6


def test_extent_reads_the_grid_size_in_the_graph():
    for h, w in ((1, 1), (3, 7), (30, 30), (12, 5)):
        x = np.zeros((1, 10, 30, 30), np.float32)
        x[0, 0, :h, :w] = 1
        for axis, size in ((2, h), (3, w)):
            g = Graph()
            model = g.model(g.Cast(extent(g, axis), to=1))
            assert run(model, x).tolist() == [size]
