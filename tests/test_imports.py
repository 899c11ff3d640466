"""Imports go one way: ``rules/`` imports the core (linter/), the core never imports ``rules/``.

Only the package's face names the rule registry and passes the rules down: the package itself (``__init__``,
``__main__``), the command line, the library API (api.py, scale.py) and the docs generator. Every other
module of the core (engine, configuration, binder, readers, parser, editions, outputs) runs the rules it is
given. The modules are read with ``ast``, so that an import inside a function (a cycle hidden from a
start-up import) is found as well as one at the top.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

CORE = Path(__file__).resolve().parent.parent / "linter"

#: The package's face: the only modules of linter/ that may import disclint.rules.
FACE = {"__init__.py", "__main__.py", "cli.py", "api.py", "docs.py", "scale.py"}


def _package(path: Path) -> list[str]:
    """The package a module of linter/ is in, as parts of its dotted name (``disclint.outputs``)."""
    return ["disclint", *path.parent.relative_to(CORE).parts]


def rule_imports(source: str, package: list[str]) -> list[tuple[int, str, bool]]:
    """(line, the module imported, whether inside a function) of every import of ``source`` that reaches
    disclint.rules: ``import disclint.rules.x``, ``from disclint.rules.x import …``, ``from disclint import
    rules``, their relative forms, and ``import_module``/``__import__`` of a literal naming it."""
    found = []

    def reaches(module: str) -> bool:
        return module == "disclint.rules" or module.startswith("disclint.rules.")

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            inside = in_function or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
            if isinstance(child, ast.Import):
                found.extend((child.lineno, alias.name, inside) for alias in child.names if reaches(alias.name))
            elif isinstance(child, ast.ImportFrom):
                base = package[:len(package) - child.level + 1] if child.level else []
                module = ".".join([*base, *(child.module.split(".") if child.module else [])])
                targets = [module] if reaches(module) else [f"{module}.{alias.name}" for alias in child.names]
                found.extend((child.lineno, target, inside) for target in targets if reaches(target))
            elif (isinstance(child, ast.Call) and child.args and isinstance(child.args[0], ast.Constant)
                  and isinstance(child.args[0].value, str) and getattr(child.func, "attr", getattr(child.func, "id", ""))
                  in ("import_module", "__import__") and reaches(child.args[0].value)):
                found.append((child.lineno, child.args[0].value, inside))
            visit(child, inside)

    visit(ast.parse(source), False)
    return found


MODULES = sorted(CORE.rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(CORE)))
def test_the_core_below_its_face_imports_nothing_from_rules(path):
    found = rule_imports(path.read_text(encoding="utf-8"), _package(path))
    if path.parent == CORE and path.name in FACE:
        return
    assert found == [], f"{path.relative_to(CORE)} imports the rule families: {found}"


def test_the_face_imports_them_only_where_it_passes_the_rules_down():
    """The face does import the registry (else the check above would prove nothing), and no other module does."""
    importers = {path.name for path in MODULES if rule_imports(path.read_text(encoding="utf-8"), _package(path))}
    assert importers and importers <= FACE
    assert {"api.py", "docs.py"} <= importers  # the command line asks the API's registry (rule packs too)


@pytest.mark.parametrize("source, package, expected", [
    ("from disclint.rules.registry import RULES\n", ["disclint"], [(1, "disclint.rules.registry", False)]),
    ("def f():\n    from disclint.rules.parse import X\n", ["disclint"], [(2, "disclint.rules.parse", True)]),
    ("def f():\n    from ..rules import registry\n", ["disclint", "outputs"], [(2, "disclint.rules", True)]),
    ("from . import rules\n", ["disclint"], [(1, "disclint.rules", False)]),
    ("from disclint import grammar, rules\n", ["disclint"], [(1, "disclint.rules", False)]),
    ("import disclint.rules.text\n", ["disclint"], [(1, "disclint.rules.text", False)]),
    ("class A:\n    def f(self):\n        import disclint.rules\n", ["disclint"], [(3, "disclint.rules", True)]),
    ("g = lambda: __import__('disclint.rules.registry')\n", ["disclint"], [(1, "disclint.rules.registry", True)]),
    ("def f():\n    return importlib.import_module('disclint.rules.registry')\n", ["disclint"],
     [(2, "disclint.rules.registry", True)]),
    # what is not an import of the rule families
    ("from .rule import Rule\nfrom .rule import InternalError\n", ["disclint"], []),
    ("from disclint.rulesets import x\nfrom . import rule\n", ["disclint"], []),
    ("from .. import findings\n", ["disclint", "outputs"], []),
    ("rules = 'disclint.rules'\n", ["disclint"], []),
])
def test_every_form_of_an_import_of_the_rule_families_is_found(source, package, expected):
    assert rule_imports(source, package) == expected
