"""The core never imports Qt: it must run headless, from the command line and in tests."""

import ast
from pathlib import Path

PACKAGE = Path(__file__).parents[2] / "asb_desktop"


def test_no_pyside6_outside_ui() -> None:
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        if "ui" in path.relative_to(PACKAGE).parts[:1]:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            if any(n.split(".")[0] == "PySide6" for n in names):
                offenders.append(str(path.relative_to(PACKAGE)))
    assert offenders == []


def test_cli_help_loads_no_heavy_libraries() -> None:
    import subprocess
    import sys

    code = ("import sys, asb_desktop.cli as c; c.build_parser(); "
            "print(','.join(m for m in ('PySide6', 'sqlalchemy', 'numpy', 'reportlab', 'docx') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == ""


# ------------------------------------------------------------------ layers and import cycles
LOWER = ("domain", "storage", "evidence", "documents", "court")  # the core under the services
UPPER = ("services", "ui", "cli", "app")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _import_graph() -> dict[str, set[str]]:
    """Module -> the package's modules it imports anywhere in the file (top level, in functions and
    under TYPE_CHECKING alike: a late import hides a cycle, it does not remove it)."""
    modules = {_module_name(p): p for p in PACKAGE.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
        deps: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package[:len(package) - node.level + 1] if node.level > 1 else package
                    target = ".".join([*base, *([node.module] if node.module else [])])
                elif node.module and node.module.startswith("asb_desktop"):
                    target = node.module.removeprefix("asb_desktop").lstrip(".")
                else:
                    continue
                for alias in node.names:
                    full = f"{target}.{alias.name}" if target else alias.name
                    deps.add(full if full in modules else target)
            elif isinstance(node, ast.Import):
                deps |= {a.name.removeprefix("asb_desktop").lstrip(".") for a in node.names
                         if a.name.startswith("asb_desktop.")}
        graph[name] = {d for d in deps if d in modules and d != name}
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[set[str]]:
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[set[str]] = []
    for root in graph:
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.add(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(component)
    return found


def test_the_core_never_imports_the_layers_above_it() -> None:
    upward = sorted(f"{module} imports {dep}" for module, deps in _import_graph().items()
                    if module.split(".")[0] in LOWER for dep in deps if dep.split(".")[0] in UPPER)
    assert upward == []


def test_the_domain_imports_nothing_of_the_app_but_itself() -> None:
    outside = sorted(f"{module} imports {dep}" for module, deps in _import_graph().items()
                     if module.startswith("domain.") for dep in deps
                     if not dep.startswith("domain") and dep != "resources")
    assert outside == []


def test_no_import_cycle() -> None:
    cycles = sorted(sorted(c) for c in _cycles(_import_graph()))
    assert cycles == [], "an import cycle (move the shared code down a layer, or a protocol, instead of a late import)"


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [{"a", "b", "c"}]


# ------------------------------------------------------------------ the services: one kernel, areas on it
# Each area of services/ may import the kernel and nothing else of services/: what one area needs of
# another (a bundle's statements and exhibits, a statement's exhibit marks) is read through the kernel.
# docs/design.md says where a new feature goes.
KERNEL = "kernel"
AREAS = {"casework", "evidence", "documents", "court", "exchange", "admin"}


def _area_imports(graph: dict[str, set[str]]) -> list[str]:
    wrong = []
    for module, deps in graph.items():
        parts = module.split(".")
        if parts[0] != "services" or len(parts) < 2 or module == "services":
            continue
        area = parts[1]
        for dep in deps:
            top = dep.split(".")[0]
            if top in ("ui", "cli", "app", "demo"):
                wrong.append(f"{module} imports {dep} (the services never import the layers above them)")
            elif top == "services" and dep != "services":
                other = dep.split(".")[1]
                if other != area and (area == KERNEL or other != KERNEL):
                    allowed = "nothing else of services/" if area == KERNEL else "only the kernel"
                    wrong.append(f"{module} imports {dep} (the {area} area may import {allowed})")
            elif dep == "services":
                wrong.append(f"{module} imports the Services facade (an area reaches another through the kernel)")
    return sorted(wrong)


def test_every_service_module_lives_in_an_area() -> None:
    graph = _import_graph()
    loose = sorted(m for m in graph if m.startswith("services.") and m.split(".")[1] not in AREAS | {KERNEL})
    assert loose == []


def test_service_areas_import_only_the_kernel() -> None:
    assert _area_imports(_import_graph()) == []


def test_the_area_check_finds_a_wrong_import() -> None:
    graph = {"services.casework.cases": {"services.court.notices", "services.kernel.context"},
             "services.kernel.context": {"services.casework.cases"},
             "services.court.notices": {"services.documents.statements", "services.kernel.context", "ui.main_window"},
             "services.court.bundles": {"services.court.notices", "services.evidence.evidence"}}
    assert _area_imports(graph) == [
        "services.casework.cases imports services.court.notices (the casework area may import only the kernel)",
        "services.court.bundles imports services.evidence.evidence (the court area may import only the kernel)",
        "services.court.notices imports services.documents.statements (the court area may import only the kernel)",
        "services.court.notices imports ui.main_window (the services never import the layers above them)",
        "services.kernel.context imports services.casework.cases (the kernel area may import nothing else of "
        "services/)"]


def test_the_graph_sees_late_imports() -> None:
    """Imports in functions, under TYPE_CHECKING and at the bottom of a file count as much as any."""
    graph = _import_graph()
    assert "evidence.audio" in graph["evidence.examine"]  # imported in analyse(), to keep numpy out of a start
    assert "storage.orm_court" in graph["storage.orm"]  # imported at the bottom, to register every table
    assert "evidence.noise_log" in graph["evidence.audio"]  # imported in add_level_log()


def test_the_core_that_was_one_cycle_stays_layered() -> None:
    """The table modules build on orm_base and the evidence kinds on examined; neither imports back up."""
    graph = _import_graph()
    tables = [m for m in graph if m.startswith("storage.orm_") and m != "storage.orm_base"]
    assert len(tables) >= 7
    assert [m for m in tables if "storage.orm" in graph[m]] == []
    kinds = ("evidence.audio", "evidence.documents", "evidence.photos", "evidence.video")
    assert [m for m in kinds if "evidence.examine" in graph[m]] == []
