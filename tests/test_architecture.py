"""The package map of README.md's "Architecture" section, enforced: each concern imports the
models and the shared leaves, and another concern only along an edge named here and there."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "articles"
CONCERNS = {"editorial", "facts", "comments", "subscriptions", "ratings", "images"}
# Shared leaves: anyone may import them; they import no concern.
LEAVES = {
    "models",
    "rendering",
    "readers",
    "web",
    "people",
    "caching",
    "roles",
    "checks",
    "migrations",
}
# Concern → the other concerns it may import, and why (the README says the same).
ALLOWED = {
    "comments": {"subscriptions"},  # the comment form's "Notify me"; approval notifies readers
    "editorial": {"facts", "comments"},  # the fact gate at publish; restore re-attaches feedback
    "facts": set(),
    "subscriptions": set(),
    "ratings": set(),
    "images": set(),
}
# Composition roots: they put the concerns together, so they may import any of them.
COMPOSERS = {"pages", "admin", "urls", "devtools", "management", "templatetags", "importer",
             "apps", "tasks", "notifications", "renditions"}  # fmt: skip


def modules():
    for path in sorted(APP.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        parts = path.relative_to(ROOT).with_suffix("").parts
        yield path, ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def owner(module: str) -> str:
    """The top-level part of articles/ a module belongs to ('comments', 'models', 'web', …)."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def imported(path: Path, module: str):
    """(line, imported module, inside a function?) for every import of articles.* in a file."""
    tree = ast.parse(path.read_text(), filename=str(path))
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    functions = {
        id(node): node
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
    }
    nested = {
        id(inner)
        for function in functions.values()
        for inner in ast.walk(function)
        if inner is not function
    }
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1])
                base = f"{base}.{node.module}" if node.module else base
            targets = [f"{base}.{alias.name}" for alias in node.names] if base else []
        elif isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        else:
            continue
        for target in targets:
            if target.startswith("articles."):
                yield node.lineno, target, id(node) in nested


def import_graph():
    graph = {}
    for path, module in modules():
        graph[module] = [(line, target) for line, target, _ in imported(path, module)]
    return graph


def test_no_concern_imports_another_outside_the_allowed_edges():
    wrong = []
    for module, imports in import_graph().items():
        source = owner(module)
        if source not in CONCERNS:
            continue
        for line, target in imports:
            goal = owner(target)
            if goal in CONCERNS and goal != source and goal not in ALLOWED[source]:
                wrong.append(f"{module}:{line} imports {target}")
    assert wrong == []


def test_shared_leaves_import_no_concern():
    wrong = [
        f"{module}:{line} imports {target}"
        for module, imports in import_graph().items()
        if owner(module) in LEAVES
        for line, target in imports
        if owner(target) in CONCERNS | COMPOSERS
    ]
    assert wrong == []


def test_nothing_imports_inside_a_function_to_dodge_a_cycle():
    inside = [
        f"{module}:{line} imports {target}"
        for path, module in modules()
        if owner(module) != "apps"  # AppConfig.ready() is where Django wants receivers imported
        for line, target, nested in imported(path, module)
        if nested
    ]
    assert inside == []


def test_there_is_no_import_cycle_between_modules():
    names = {module for _, module in modules()}
    graph = {
        module: {target if target in names else target.rsplit(".", 1)[0] for _, target in imports}
        for module, imports in import_graph().items()
    }
    cycles = []
    state = {}

    def visit(node, trail):
        state[node] = "open"
        for nxt in sorted(graph.get(node, ())):
            if nxt not in graph:
                continue
            if state.get(nxt) == "open":
                cycles.append(" → ".join([*trail[trail.index(nxt) :], nxt]))
            elif nxt not in state:
                visit(nxt, [*trail, nxt])
        state[node] = "done"

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    assert cycles == []


@pytest.mark.parametrize("concern", sorted(CONCERNS))
def test_each_concern_has_its_test_package_with_its_own_conftest(concern):
    assert (ROOT / "tests" / concern / "conftest.py").exists()
