"""Read the product's imports with `ast` (nothing is imported, so the check is quick and sees every branch) and
say where they break the house's layering: studio → training → datasets_spec → core, gradio only in studio/,
no first-party import inside a function unless its line says `# deferred:`, no import cycles between files;
and the size and opening docstring of each module (under 400 lines, none saying another's job).

Used by tests/test_architecture.py; each check takes a root folder so a made-up tree can prove it works."""

from __future__ import annotations

import ast
import difflib
import itertools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

# Lower layers first: a module may import its own layer and those before it, never one after it.
LAYERS = ("core", "datasets_spec", "training", "studio", "app")
NO_GRADIO = ("core", "datasets_spec", "training")
SHIPPED = "space_template"  # files a push copies to a Hugging Face Space as they are: not the studio's modules
DEFERRED = "# deferred:"


@dataclass(frozen=True)
class Import:
    """One imported module, as written in one file."""

    importer: str  # dotted name of the importing module ("training.lifecycle.runs")
    path: Path  # the importing file, relative to the root
    line: int
    target: str  # dotted name of the module imported, relative imports resolved
    in_function: bool  # inside a def (of any depth), so it runs at call time
    type_checking: bool  # under `if TYPE_CHECKING:`, so it never runs
    deferred: bool  # the statement carries a `# deferred: why` comment

    @property
    def where(self) -> str:
        return f"{self.path}:{self.line}"


def module_name(path: Path) -> str:
    parts = list(path.with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def product_files(root: Path, layers: Iterable[str] = LAYERS) -> list[Path]:
    """Every Python file of the layers under ROOT, relative to it (a layer is a package folder or a NAME.py)."""
    files: list[Path] = []
    for layer in layers:
        if (root / f"{layer}.py").is_file():
            files.append(Path(f"{layer}.py"))
        if (root / layer).is_dir():
            found = (p.relative_to(root) for p in (root / layer).rglob("*.py"))
            files += sorted(p for p in found if "__pycache__" not in p.parts and SHIPPED not in p.parts)
    return files


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _walk(
    node: ast.AST, in_function: bool = False, type_checking: bool = False
) -> Iterator[tuple[ast.AST, bool, bool]]:
    """Every import statement under NODE, with whether it sits in a function and under TYPE_CHECKING."""
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.Import | ast.ImportFrom):
            yield child, in_function, type_checking
        elif isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            yield from _walk(child, True, type_checking)
        elif isinstance(child, ast.If) and _is_type_checking(child.test):
            for branch in child.body:
                yield from _walk(ast.Module(body=[branch], type_ignores=[]), in_function, True)
            for branch in child.orelse:
                yield from _walk(ast.Module(body=[branch], type_ignores=[]), in_function, type_checking)
        else:
            yield from _walk(child, in_function, type_checking)


def _exists(root: Path, dotted: str) -> bool:
    base = root.joinpath(*dotted.split("."))
    return base.with_suffix(".py").is_file() or (base / "__init__.py").is_file()


def imports_of(root: Path, path: Path) -> list[Import]:
    """The modules PATH (relative to ROOT) imports. `from a.b import c` names a.b.c where c is a module there,
    else a.b; relative imports are resolved against PATH's package."""
    source = (root / path).read_text("utf-8")
    lines = source.splitlines()
    importer = module_name(path)
    package = importer if path.name == "__init__.py" else importer.rpartition(".")[0]
    found = []
    for node, in_function, type_checking in _walk(ast.parse(source, str(path))):
        statement = lines[node.lineno - 1 : node.end_lineno]
        deferred = any(DEFERRED in line for line in statement)
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        else:
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1] if package else []
                module = ".".join([*base, *([node.module] if node.module else [])])
            else:
                module = node.module or ""
            targets = [
                f"{module}.{alias.name}" if _exists(root, f"{module}.{alias.name}") else module for alias in node.names
            ]
        for target in dict.fromkeys(targets):  # `from x import a, b` of two plain names is one import of x
            found.append(Import(importer, path, node.lineno, target, in_function, type_checking, deferred))
    return found


def all_imports(root: Path, layers: Iterable[str] = LAYERS) -> list[Import]:
    return [i for path in product_files(root, layers) for i in imports_of(root, path)]


def layer(module: str) -> str:
    return module.split(".")[0]


def upward(imports: Iterable[Import], layers: tuple[str, ...] = LAYERS) -> list[str]:
    """Imports of a later layer from an earlier one: 'core/x.py:3 imports training.y'."""
    rank = {name: i for i, name in enumerate(layers)}
    return [
        f"{i.where} imports {i.target}"
        for i in imports
        if layer(i.target) in rank and rank[layer(i.target)] > rank[layer(i.importer)]
    ]


def gradio_below_studio(imports: Iterable[Import], engine: tuple[str, ...] = NO_GRADIO) -> list[str]:
    return [
        f"{i.where} imports {i.target}" for i in imports if layer(i.importer) in engine and layer(i.target) == "gradio"
    ]


def in_functions(imports: Iterable[Import], layers: tuple[str, ...] = LAYERS) -> list[str]:
    """First-party imports inside a function whose statement gives no `# deferred:` reason."""
    return [
        f"{i.where} imports {i.target} inside a function"
        for i in imports
        if i.in_function and not i.deferred and layer(i.target) in layers
    ]


def cycles(imports: Iterable[Import], layers: tuple[str, ...] = LAYERS) -> list[list[str]]:
    """Groups of first-party modules that import one another at module level (Tarjan's strongly connected
    components of more than one module), each sorted, the list sorted."""
    graph: dict[str, set[str]] = {}
    for i in imports:
        graph.setdefault(i.importer, set())
        if not i.in_function and not i.type_checking and layer(i.target) in layers and i.target != i.importer:
            graph[i.importer].add(i.target)
            graph.setdefault(i.target, set())
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:  # recursion depth is bounded by the length of an import chain
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in graph[node]:
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(found)


def long_modules(root: Path, limit: int = 400) -> list[str]:
    """Product modules over `limit` lines; string tables (studio/strings/) are prose, not code, and may be longer."""
    found = []
    for path in product_files(root):
        if path.parts[:2] == ("studio", "strings"):
            continue
        lines = len((root / path).read_text(encoding="utf-8").splitlines())
        if lines > limit:
            found.append(f"{path}: {lines} lines")
    return found


def opening(root: Path, path: Path) -> str:
    """A module docstring's first paragraph, whitespace folded: what a reader meets first."""
    doc = ast.get_docstring(ast.parse((root / path).read_text(encoding="utf-8"))) or ""
    return " ".join(doc.split("\n\n")[0].split())


def alike_openings(root: Path, threshold: float = 0.75) -> list[str]:
    """Pairs of modules whose docstrings open nearly alike (difflib's ratio at or above `threshold`): two files
    that say they do the same job are one job in two places, or a docstring that says nothing of its own."""
    docs = {path: opening(root, path) for path in product_files(root)}
    docs = {path: text for path, text in docs.items() if len(text) >= 40}
    found = []
    for (a, da), (b, db) in itertools.combinations(sorted(docs.items()), 2):
        ratio = difflib.SequenceMatcher(None, da, db).ratio()
        if ratio >= threshold:
            found.append(f"{a} ~ {b} ({ratio:.2f})")
    return found
