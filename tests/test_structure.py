"""The shape of the package (issue 13): no import cycle among its modules, no god module, and the
evaluation scripts use only the public API.

The import graph is read with :mod:`ast`, not by importing: every ``import`` and ``from … import``
anywhere in a module (function bodies included, ``if TYPE_CHECKING:`` blocks excluded: they never
run), relative imports resolved, and a name taken from a package resolved to the module that defines
it when the package only re-exports it (a module-level ``from .m import name`` in its ``__init__``,
or the lazy ``__getattr__`` of ``auditor/__init__.py``).
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "auditor"
EVAL = ROOT / "eval"
MAX_LINES = 700


# --------------------------------------------------------------------------- the graph


def module_files() -> dict[str, Path]:
    """``auditor.x.y`` -> its file (a package is its ``__init__.py``)."""
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _names_tested(test: ast.expr) -> list[str]:
    """The string constants an ``if name in (...)`` / ``if name == "..."`` test names."""
    return [n.value for n in ast.walk(test) if isinstance(n, ast.Constant) and isinstance(n.value, str)]


def _imports(node: ast.AST):
    """Every Import / ImportFrom under ``node``, skipping ``if TYPE_CHECKING:`` bodies."""
    if isinstance(node, ast.If) and _is_type_checking(node.test):
        for child in node.orelse:
            yield from _imports(child)
        return
    if isinstance(node, (ast.Import, ast.ImportFrom)):
        yield node
    for child in ast.iter_child_nodes(node):
        yield from _imports(child)


def _base(module: str, is_package: bool, node: ast.ImportFrom) -> str:
    """The absolute module a ``from`` import reads from."""
    if not node.level:
        return node.module or ""
    parts = module.split(".") if is_package else module.split(".")[:-1]
    if node.level > 1:
        parts = parts[: len(parts) - (node.level - 1)]
    return ".".join(parts + ([node.module] if node.module else []))


def _lazy_exports(tree: ast.Module, module: str) -> tuple[dict[str, str], set[int]]:
    """A package ``__getattr__``'s names -> the module each comes from, and the ids of those import nodes."""
    exports: dict[str, str] = {}
    seen: set[int] = set()
    for fn in tree.body:
        if not (isinstance(fn, ast.FunctionDef) and fn.name == "__getattr__"):
            continue
        for branch in ast.walk(fn):
            if not isinstance(branch, ast.If):
                continue
            names = _names_tested(branch.test)
            for stmt in branch.body:
                for imp in _imports(stmt):
                    seen.add(id(imp))
                    if isinstance(imp, ast.ImportFrom):
                        base = _base(module, True, imp)
                        for alias in imp.names:
                            target = f"{base}.{alias.name}" if base else alias.name
                            for name in names:
                                exports[name] = target
    return exports, seen


def import_graph() -> dict[str, set[str]]:
    """Module -> the package modules it imports (at run time)."""
    files = module_files()
    trees = {m: ast.parse(p.read_text(encoding="utf-8"), filename=str(p)) for m, p in files.items()}
    packages = {m for m, p in files.items() if p.name == "__init__.py"}
    reexports: dict[str, dict[str, str]] = {}
    lazy_nodes: set[int] = set()
    for pkg in packages:
        exports, seen = _lazy_exports(trees[pkg], pkg)
        lazy_nodes |= seen
        for stmt in trees[pkg].body:  # module-level re-exports: from .m import name
            if isinstance(stmt, ast.ImportFrom):
                base = _base(pkg, True, stmt)
                for alias in stmt.names:
                    exports[alias.asname or alias.name] = f"{base}.{alias.name}" if f"{base}.{alias.name}" in files else base
        reexports[pkg] = exports

    def resolve(target: str) -> str | None:
        """An internal dotted name -> the module behind it (following package re-exports), else None."""
        for _ in range(10):
            if target in files:
                return target
            owner, _, name = target.rpartition(".")
            if owner not in files:
                return None
            nxt = reexports.get(owner, {}).get(name)
            if nxt is None or nxt == target:
                return owner
            target = nxt
        return None

    graph: dict[str, set[str]] = {m: set() for m in files}
    for module, tree in trees.items():
        for node in _imports(tree):
            if id(node) in lazy_nodes:
                continue  # a package's lazy re-export: an edge of whoever asks for the name
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            else:
                base = _base(module, module in packages, node)
                targets = [f"{base}.{alias.name}" for alias in node.names]
            for t in targets:
                if t.split(".")[0] != "auditor":
                    continue
                dep = resolve(t)
                if dep is not None and dep != module:
                    graph[module].add(dep)
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle of the graph as a path ``a -> b -> … -> a``, or None."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt) :] + [nxt]
            if nxt not in state:
                found = visit(nxt)
                if found:
                    return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state:
            found = visit(node)
            if found:
                return found
    return None


# --------------------------------------------------------------------------- the tests


def test_the_graph_sees_function_level_relative_and_reexported_imports():
    graph = import_graph()
    assert "auditor.types" in graph["auditor.score"]  # from .types import … (module level)
    assert "auditor.detect.base" in graph["auditor.detect.registry"]  # from .base import … (relative)
    assert "auditor.detect.coverage" in graph["auditor.detect.registry"]  # inside default_detectors()
    assert "auditor.report.safe" in graph["auditor.cli"]  # inside a function, two dots deep
    assert "auditor.api" not in graph["auditor"]  # the lazy facade is no edge of the package …
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def test_no_import_cycle_among_the_package_modules():
    cycle = find_cycle(import_graph())
    assert cycle is None, "import cycle: " + " -> ".join(cycle or [])


def test_types_imports_no_renderer():
    assert not {m for m in import_graph()["auditor.types"] if m.startswith("auditor.report")}


def test_attribute_is_pure_and_the_facade_does_not_import_it_back():
    graph = import_graph()
    assert not graph["auditor.attribute"] & {"auditor.api", "auditor.corpus", "auditor.embed.registry"}
    assert "auditor.api" not in graph["auditor.corpus"]  # the Auditor passes itself in


def test_importing_the_package_and_its_facade_is_free():
    code = (
        "import sys, auditor, auditor.api, auditor.types, auditor.report, auditor.corpus, auditor.attribute, auditor.score\n"
        "print(','.join(m for m in ('numpy', 'pandas', 'torch', 'spacy', 'sacrebleu', 'usearch') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == ""


def test_no_module_exceeds_700_lines():
    long = {
        str(path.relative_to(ROOT)): n
        for path in module_files().values()
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert not long, f"modules over {MAX_LINES} lines: {long}"


def _private_uses(path: Path) -> list[str]:
    """``from auditor… import _x`` and ``mod._x`` where ``mod`` was imported from auditor."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    out = []
    modules: set[str] = set()  # local names bound to auditor modules
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "auditor" and not node.level:
            for alias in node.names:
                if alias.name.startswith("_"):
                    out.append(f"line {node.lineno}: from {node.module} import {alias.name}")
                modules.add(alias.asname or alias.name)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "auditor":
                    if any(part.startswith("_") for part in alias.name.split(".")):
                        out.append(f"line {node.lineno}: import {alias.name}")
                    modules.add(alias.asname or alias.name.split(".")[0])
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr.startswith("_") and not node.attr.startswith("__"):
            root = node.value
            while isinstance(root, ast.Attribute):
                root = root.value
            if isinstance(root, ast.Name) and root.id in modules:
                out.append(f"line {node.lineno}: {ast.unparse(node)}")
    return out


def test_eval_scripts_use_only_public_names():
    found = {str(p.relative_to(ROOT)): uses for p in sorted(EVAL.rglob("*.py")) if (uses := _private_uses(p))}
    assert not found, f"eval/ reaches into private names: {found}"


def test_private_use_check_sees_both_forms(tmp_path):
    p = tmp_path / "x.py"
    p.write_text("import auditor.api as api\nfrom auditor.attribute import _PairEvidence, attribute\napi._segment_findings\n")
    assert len(_private_uses(p)) == 2
