"""Einsum operands reordered for ONNX Runtime's left-to-right contraction: same answer, less work, same cost."""
from __future__ import annotations

import numpy as np

from neurogolf.contract import run, session, static_cost
from neurogolf.einsum_order import _best_order, _work, best_order, reorder_einsums
from neurogolf.graph import Graph


def slow_model():
    """Two [30,30] maps written before `input`: contracted first, they span h, i, w and j at once."""
    g = Graph()
    rng = np.random.default_rng(3)
    rows = g.floats(rng.integers(0, 2, (30, 30)), name="rows")
    cols = g.floats(rng.integers(0, 2, (30, 30)), name="cols")
    return g, g.Einsum(rows, cols, g.input, equation="hi,wj,bchw->bcij")


def test_best_order_contracts_the_input_first():
    sizes = dict(b=1, c=10, h=30, w=30, i=30, j=30)
    terms = ["hi", "wj", "bchw"]
    order = best_order(terms, sizes, "bcij")
    assert terms[order[0]] == "bchw" or terms[order[1]] == "bchw"
    assert _work([terms[k] for k in order], sizes, "bcij") < _work(terms, sizes, "bcij")


def test_reordered_graph_gives_the_same_answer_at_the_same_cost():
    g, answer = slow_model()
    model = g.model(answer)                       # Graph.model reorders
    node = next(n for n in model.graph.node if n.op_type == "Einsum")
    equation = next(a for a in node.attribute if a.name == "equation").s.decode()
    assert not equation.startswith("hi,wj,")
    raw = g.model(answer)
    for n in raw.graph.node:                      # put the written order back to compare
        if n.op_type == "Einsum":
            n.input[:] = ["rows", "cols", "input"]
            next(a for a in n.attribute if a.name == "equation").s = b"hi,wj,bchw->bcij"
    assert static_cost(model) == static_cost(raw)
    grid = np.random.default_rng(5).integers(0, 10, (12, 17))
    assert np.array_equal(run(session(model), grid), run(session(raw), grid))


def test_an_einsum_it_cannot_read_is_left_alone():
    g = Graph()
    x = g.Einsum(g.input, g.input, g.input, equation="...hw,...hw,...hw->...hw")
    model = reorder_einsums(g.model(x))
    node = next(n for n in model.graph.node if n.op_type == "Einsum")
    assert list(node.input) == ["input", "input", "input"]


def test_best_order_is_the_cheapest_of_every_order(monkeypatch):
    """The subset search finds the same least work as trying every permutation."""
    import itertools
    monkeypatch.setattr("neurogolf.einsum_order.MAX_PERMUTED", 1)
    _best_order.cache_clear()
    rng = np.random.default_rng(11)
    alphabet = "abcdefg"
    for _ in range(40):
        n = int(rng.integers(2, 7))
        terms = ["".join(rng.choice(list(alphabet), int(rng.integers(1, 4)), replace=False)) for _ in range(n)]
        output = "".join(sorted(set("".join(terms)))[: int(rng.integers(0, 3))])
        sizes = {c: int(rng.integers(1, 31)) for c in alphabet}
        least = min(_work([terms[i] for i in p], sizes, output) for p in itertools.permutations(range(n)))
        order = best_order(terms, sizes, output)
        assert sorted(order) == list(range(n))
        assert _work([terms[i] for i in order], sizes, output) == least


def test_beam_search_with_room_for_every_subset_is_exact(monkeypatch):
    """Beyond MAX_SEARCHED the beam keeps BEAM subsets a length; with room for all it is the exact search."""
    import itertools
    monkeypatch.setattr("neurogolf.einsum_order.MAX_PERMUTED", 1)
    monkeypatch.setattr("neurogolf.einsum_order.MAX_SEARCHED", 1)
    monkeypatch.setattr("neurogolf.einsum_order.BEAM", 10 ** 6)
    _best_order.cache_clear()
    rng = np.random.default_rng(12)
    for _ in range(30):
        n = int(rng.integers(2, 7))
        terms = ["".join(rng.choice(list("abcdefg"), int(rng.integers(1, 4)), replace=False)) for _ in range(n)]
        sizes = {c: int(rng.integers(1, 31)) for c in "abcdefg"}
        least = min(_work([terms[i] for i in p], sizes, "ab") for p in itertools.permutations(range(n)))
        order = best_order(terms, sizes, "ab")
        assert sorted(order) == list(range(n)) and _work([terms[i] for i in order], sizes, "ab") == least
