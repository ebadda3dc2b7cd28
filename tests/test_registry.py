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


def test_renamed_families_keep_resolving():
    """Old build records and cached router answers name families as they were called then."""
    reg = solvers.registry()
    renamed = {old: name for name, s in reg.items() for old in s.aliases}
    assert renamed, "some family carries an earlier name"
    for old, name in renamed.items():
        assert old not in reg and solvers.canonical(old) == name
    assert solvers.canonical("no_such_family") == "no_such_family"
    some = next(iter(renamed))
    assert solvers.family_of(f"{some}:variant") == renamed[some]


def test_every_family_lives_in_a_subpackage_named_for_its_kind_of_rule():
    kinds = {solvers.kind_of(name) for name in solvers.registry()}
    assert kinds <= {"geometry", "periodic", "symmetry", "colour", "local", "lines", "rays", "objects", "stamps",
                     "selection", "blocks", "counting"}
