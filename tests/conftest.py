from pathlib import Path

import pytest

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "neurogolf-2026"
needs_data = pytest.mark.skipif(not DATA.is_dir(), reason="../shared/neurogolf-2026 is not beside the checkout")


@pytest.fixture(scope="session")
def store():
    from neurogolf.tasks import TaskStore
    return TaskStore(DATA)


@pytest.fixture()
def no_families(monkeypatch):
    """Only the models a test hands to build_task compete: the registered families and the committed trained
    models stay out."""
    import neurogolf.build as build
    monkeypatch.setattr(build, "candidates", lambda task, order=None, fallback=False, only=None: iter(()))
    monkeypatch.setattr(build, "committed", lambda name: [])
