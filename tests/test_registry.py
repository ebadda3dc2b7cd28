"""The family registry: every family found, named once, described for the router."""
import solvers


def test_every_family_has_a_unique_name_and_a_description():
    reg = solvers.registry()
    assert len(reg) > 100
    assert all(s.name == name and s.description.strip() for name, s in reg.items())
    assert len(solvers.families()) == len(reg)


def test_fit_splits_name_real_splits():
    assert all(set(s.fit_splits) <= {"train", "test", "arc-gen"} and "train" in s.fit_splits
               for s in solvers.registry().values())
