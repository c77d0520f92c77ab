"""The layers of docs/architecture.md, read from the source: no module of the importers or
the models over 600 lines, no import cycle between the importer's modules (lazy imports
inside functions counted), the models importing neither the cache, the pages nor the
importers, and models/__init__ re-exporting only the models layer."""

import ast
from pathlib import Path

import pytest

APP = Path(__file__).resolve().parents[1] / "tournaments"
MODULES = sorted(p for p in APP.rglob("*.py") if "migrations" not in p.parts)


def module_name(path: Path) -> str:
    parts = path.relative_to(APP.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported(path: Path, *, lazy=True) -> set[str]:
    """The app's modules `path` imports (inside functions too, when `lazy`), a name
    imported from a package counted as that package's module where it is one."""
    known = {module_name(p) for p in MODULES}
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree) if lazy else tree.body:
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            for alias in node.names:
                if f"{target}.{alias.name}" in known:
                    found.add(f"{target}.{alias.name}")
                elif target in known:
                    found.add(target)
        elif isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name in known}
    return found


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in graph.get(node, ()):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = []
            while True:
                other = stack.pop()
                on_stack.discard(other)
                group.append(other)
                if other == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in graph:
        if node not in index:
            visit(node)
    return found


@pytest.mark.parametrize(
    "path",
    [p for p in MODULES if {"importers", "models"} & set(p.parts)],
    ids=lambda p: str(p.relative_to(APP.parent)),
)
def test_no_module_is_over_600_lines(path):
    assert len(path.read_text(encoding="utf-8").splitlines()) <= 600


def test_the_importers_modules_import_each_other_in_one_direction():
    importers = [p for p in MODULES if "importers" in p.parts]
    graph = {module_name(p): {m for m in imported(p) if ".importers" in m} for p in importers}
    assert cycles(graph) == []


def test_no_importer_module_imports_another_inside_a_function():
    for path in MODULES:
        if "importers" not in path.parts:
            continue
        late = imported(path) - imported(path, lazy=False)
        assert not {m for m in late if ".importers" in m}, path.name


@pytest.mark.parametrize(
    "upper",
    ["cache", "views", "fetch", "markup", "importers", "admin", "templatetags", "export"],
)
def test_the_models_import_nothing_above_them(upper):
    for path in MODULES:
        if "models" in path.parts:
            above = {m for m in imported(path) if m.split(".")[1] == upper}
            assert not above, f"{path.name} imports {above}"


def test_models_init_re_exports_only_the_models_layer():
    init = APP / "models" / "__init__.py"
    outside = {m for m in imported(init, lazy=False) if not m.startswith("tournaments.models")}
    assert outside <= {"tournaments.vocabulary"}
