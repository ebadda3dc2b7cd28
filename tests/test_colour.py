"""The colour families beyond the registry suite: graph and rule agree off the generator too."""
from __future__ import annotations

import pytest

from solvers import kind_of, registry

from .conftest import needs_data
from .test_geometry import disagreements


@needs_data
@pytest.mark.parametrize("name", sorted(n for n in registry() if kind_of(n) == "colour"))
def test_graph_agrees_with_rule_off_the_generator(store, name):
    assert not disagreements(store, name)
