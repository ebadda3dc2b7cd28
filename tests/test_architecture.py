"""The tree shows the architecture: families grouped by kind of rule, no batch names, no import circle."""
from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("neurogolf", "solvers")
HEAVY = ("torch", "onnxsim", "openai", "neurogolf.trm.train", "neurogolf.trm.model", "neurogolf.trm.export")
BATCH = re.compile(r"(^|/)c\d_")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path):
    """(imported module, inside a function?) for every import of `path`, relative ones resolved."""
    tree = ast.parse(path.read_text())
    package = module_name(path) if path.name == "__init__.py" else module_name(path).rpartition(".")[0]
    nested = {id(n) for f in ast.walk(tree) if isinstance(f, (ast.FunctionDef, ast.AsyncFunctionDef))
              for n in ast.walk(f) if n is not f}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, id(node) in nested
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[:len(anchor) - node.level + 1]
                base = ".".join(anchor + ([node.module] if node.module else []))
            for alias in node.names:      # `from . import x` may name a module
                yield (f"{base}.{alias.name}" if not node.module else base), id(node) in nested


def sources():
    return sorted(p for pkg in PACKAGES for p in (ROOT / pkg).rglob("*.py"))


def test_no_batch_names():
    named = [str(p.relative_to(ROOT)) for p in sources() + sorted((ROOT / "tests").glob("*.py"))
             if BATCH.search(str(p.relative_to(ROOT)))]
    assert not named


def test_solvers_root_holds_at_most_five_modules():
    assert len(list((ROOT / "solvers").glob("*.py"))) <= 5


def test_no_import_inside_a_function_but_heavy_optional_ones():
    found = [(module_name(p), target) for p in sources() for target, inside in imports(p)
             if inside and not target.startswith(HEAVY)]
    assert not found


def test_no_import_circle():
    known = {module_name(p) for p in sources()}
    edges = {module_name(p): set() for p in sources()}
    for p in sources():
        for target, _ in imports(p):
            while target and target not in known:
                target = target.rpartition(".")[0]
            if target and target != module_name(p):
                edges[module_name(p)].add(target)
    seen, stack, cycles = set(), [], []

    def visit(node):
        if node in stack:
            cycles.append(stack[stack.index(node):] + [node])
            return
        if node in seen:
            return
        seen.add(node)
        stack.append(node)
        for nxt in sorted(edges[node]):
            visit(nxt)
        stack.pop()

    for node in sorted(edges):
        visit(node)
    assert not cycles, cycles[:3]
