"""The layout holds: no import cycle among atlas/etl/geo (lazy imports inside functions count),
the app never imports the ETL, pages stay thin, Streamlit stays at the edge.

Every rule is checked on the real tree and, to show the check can fail, on a tiny tree that
breaks it."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("atlas", "etl", "geo")
MAX_PAGE_LINES = 100
# atlas/serve.py starts the Streamlit server (the launcher); it draws nothing.
STREAMLIT_ALLOWED = ("pages/", "dashboard.py", "atlas/ui.py", "atlas/ui/", "atlas/serve.py")


def modules(root: Path) -> dict[str, Path]:
    out = {}
    for pkg in PACKAGES:
        for path in sorted((root / pkg).rglob("*.py")):
            name = ".".join(path.relative_to(root).with_suffix("").parts)
            out[name.removesuffix(".__init__")] = path
    return out


def imported_names(path: Path, package: str) -> set[str]:
    """Every module name an import statement in ``path`` mentions (anywhere in the file)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                kept = parts[: len(parts) - node.level + 1]
                base = ".".join(kept + ([base] if base else []))
            names |= {base} | {f"{base}.{a.name}" for a in node.names}
    return names


def import_graph(root: Path) -> dict[str, set[str]]:
    """module -> project modules it imports. A package's ``__init__`` importing its own
    submodules is not an edge (that is how a package re-exports)."""
    mods = modules(root)

    def resolve(name: str) -> str | None:
        while name and name not in mods:
            name = name.rpartition(".")[0]
        return name or None

    graph: dict[str, set[str]] = {m: set() for m in mods}
    for mod, path in mods.items():
        is_init = path.name == "__init__.py"
        package = mod if is_init else mod.rpartition(".")[0]
        for name in imported_names(path, package):
            target = resolve(name)
            if target and target != mod and not (is_init and target.startswith(mod + ".")):
                graph[mod].add(target)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0
    for start in graph:
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is None:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    group = []
                    while True:
                        top = stack.pop()
                        on_stack.discard(top)
                        group.append(top)
                        if top == node:
                            break
                    if len(group) > 1:
                        found.append(sorted(group))
            elif child not in index:
                index[child] = low[child] = counter
                counter += 1
                stack.append(child)
                on_stack.add(child)
                work.append((child, iter(sorted(graph.get(child, ())))))
            elif child in on_stack:
                low[node] = min(low[node], index[child])
    return found


def app_to_etl(graph: dict[str, set[str]]) -> list[str]:
    return sorted(
        f"{a} -> {b}"
        for a, targets in graph.items()
        for b in targets
        if a.split(".")[0] == "atlas" and b.split(".")[0] == "etl"
    )


def long_pages(root: Path) -> list[str]:
    out = []
    for page in sorted((root / "pages").glob("*.py")):
        n = len(page.read_text(encoding="utf-8").splitlines())
        if n > MAX_PAGE_LINES:
            out.append(f"{page.name}: {n} lines")
    return out


def streamlit_outside_ui(root: Path) -> list[str]:
    """Python files outside pages/, dashboard.py and atlas/ui that import streamlit (or a
    streamlit component such as streamlit_folium)."""
    out = []
    for pkg in PACKAGES:
        for path in sorted((root / pkg).rglob("*.py")):
            rel = path.relative_to(root).as_posix()
            if rel.startswith(STREAMLIT_ALLOWED):
                continue
            for name in imported_names(path, ""):
                if name.split(".")[0] == "streamlit" or name.startswith("streamlit_"):
                    out.append(f"{rel}: {name}")
    return sorted(set(out))


# --- the real tree ---------------------------------------------------------------------------


def test_no_import_cycle():
    assert cycles(import_graph(ROOT)) == []


def test_app_never_imports_the_etl():
    assert app_to_etl(import_graph(ROOT)) == []


def test_pages_are_thin():
    assert list((ROOT / "pages").glob("*.py")), "no pages found"
    assert long_pages(ROOT) == []


def test_streamlit_only_at_the_edge():
    assert streamlit_outside_ui(ROOT) == []


# --- each check fails on a tree that breaks its rule -------------------------------------------


def write(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    for pkg in PACKAGES:
        (root / pkg).mkdir(exist_ok=True)
    (root / "pages").mkdir(exist_ok=True)
    return root


def test_a_lazy_import_cycle_is_found(tmp_path):
    root = write(
        tmp_path,
        {
            "atlas/__init__.py": "",
            "atlas/a.py": "from atlas import b\n",
            "atlas/b.py": "def f():\n    from atlas.c import g\n",
            "atlas/c.py": "import atlas.a\n",
            "atlas/d.py": "from . import a\n",
        },
    )
    assert cycles(import_graph(root)) == [["atlas.a", "atlas.b", "atlas.c"]]


def test_a_package_reexporting_its_modules_is_no_cycle(tmp_path):
    root = write(
        tmp_path,
        {"atlas/__init__.py": "", "atlas/v/__init__.py": "from .m import x\n", "atlas/v/m.py": ""},
    )
    root.joinpath("atlas/v/m.py").write_text("from atlas import i18n\n", encoding="utf-8")
    assert cycles(import_graph(root)) == []


@pytest.mark.parametrize(
    "text", ["from etl.parse import partial_date\n", "def f():\n    import etl\n"]
)
def test_an_app_import_of_the_etl_is_found(tmp_path, text):
    root = write(tmp_path, {"atlas/__init__.py": "", "atlas/x.py": text, "etl/__init__.py": ""})
    assert app_to_etl(import_graph(root))


def test_a_long_page_is_found(tmp_path):
    root = write(tmp_path, {"pages/long.py": "x = 1\n" * (MAX_PAGE_LINES + 1)})
    (root / "pages/short.py").write_text("x = 1\n" * MAX_PAGE_LINES, encoding="utf-8")
    assert long_pages(root) == [f"long.py: {MAX_PAGE_LINES + 1} lines"]


def test_streamlit_below_the_ui_is_found(tmp_path):
    root = write(
        tmp_path,
        {
            "atlas/views/v.py": "def f():\n    import streamlit as st\n",
            "geo/g.py": "from streamlit_folium import st_folium\n",
            "atlas/ui/panels.py": "import streamlit as st\n",
            "atlas/ui.py": "import streamlit as st\n",
        },
    )
    assert streamlit_outside_ui(root) == [
        "atlas/views/v.py: streamlit",
        "geo/g.py: streamlit_folium",
        "geo/g.py: streamlit_folium.st_folium",
    ]
