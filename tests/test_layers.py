"""The package's layers: imports run one way, no cycles, and ``import ptk_docs`` stays light."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "ptk_docs"
HEAVY = (
    "docxtpl", "jinja2", "babel", "pypdf", "pypdfium2", "openpyxl", "docx", "docxcompose",
    "lxml", "yaml", "matplotlib",
)  # fmt: skip


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _import_graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = defaultdict(set)
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("ptk_docs."):
                graph[_module_name(path)].add(str(node.module))
    return graph


def it_has_no_import_cycle_between_modules() -> None:
    graph = _import_graph()
    state: dict[str, int] = {}
    cycles: list[list[str]] = []

    def visit(module: str, stack: list[str]) -> None:
        state[module] = 1
        stack.append(module)
        for target in sorted(graph.get(module, ())):
            if state.get(target) == 1:
                cycles.append([*stack[stack.index(target) :], target])
            elif target not in state:
                visit(target, stack)
        stack.pop()
        state[module] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [])
    assert cycles == []


def it_imports_nothing_inside_functions_from_its_own_package() -> None:
    """An import inside a function is how a cycle hides; heavy libraries may load late."""
    hidden = []
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for function in ast.walk(tree):
            if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            for node in ast.walk(function):
                if isinstance(node, ast.ImportFrom) and (
                    node.level or (node.module or "").startswith("ptk_docs")
                ):
                    hidden.append(f"{_module_name(path)}:{node.lineno}")
    assert hidden == []


def it_keeps_the_contracts_of_import_linter() -> None:
    lint = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    if lint is None:
        pytest.skip("import-linter is not installed (make install adds it)")
    done = subprocess.run([lint], cwd=ROOT, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout[-3000:]


def it_loads_no_document_library_on_import() -> None:
    code = "import sys, ptk_docs; print(' '.join(sorted(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = set(done.stdout.split())
    assert {name for name in HEAVY if name in loaded} == set()


def it_reads_a_docx_from_the_command_without_loading_what_reading_does_not_use(
    tmp_path: Path,
) -> None:
    """``ptk parse FILE.docx`` is mostly start-up: it loads neither the rendering, checking and
    workflow layers (a constant the command's options name once pulled them all in) nor the
    libraries only they use."""
    import docx

    document = docx.Document()
    document.add_heading("Purpose", level=1)
    document.add_paragraph("The partnership keeps the town centre safe.")
    document.save(str(tmp_path / "agreement.docx"))
    code = (
        "import sys, io, contextlib\n"
        "from ptk_docs._cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    main(['parse', {str(tmp_path / 'agreement.docx')!r}, '--json'])\n"
        "print(' '.join(sorted(sys.modules)))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = done.stdout.split()
    assert "ptk_docs._read.parse" in loaded
    unwanted = [
        m
        for m in loaded
        if m.startswith(("ptk_docs._render", "ptk_docs._check", "ptk_docs._workflow"))
        or m.split(".")[0] in ("docx", "docxtpl", "jinja2", "babel", "openpyxl", "matplotlib")
        or m in ("xml.sax.saxutils", "urllib.request")
    ]
    assert unwanted == []


def it_changes_no_process_wide_state_when_rendering(tmp_path: Path) -> None:
    import gc

    import ptk_docs

    agreement = ptk_docs.load_record(ROOT / "examples" / "derby-2011" / "agreement.json")
    gc.disable()
    try:
        ptk_docs.render(agreement, tmp_path / "a.docx")
        assert not gc.isenabled()
    finally:
        gc.enable()
    ptk_docs.render(agreement, tmp_path / "b.docx")
    assert gc.isenabled()


def it_ships_every_file_the_package_reads() -> None:
    """A file beside the code (the reader's stylesheet) is in the wheel only if package-data
    names it: an editable install would find it anyway, an installed ptk would not."""
    import fnmatch
    import tomllib

    settings = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]
    shipped = settings["setuptools"]["package-data"]
    for path in PACKAGE.rglob("*"):
        if path.is_dir() or path.suffix in (".py", ".pyc") or "__pycache__" in path.parts:
            continue
        package = ".".join(path.parent.relative_to(PACKAGE.parent).parts)
        patterns = shipped.get(package, [])
        assert any(fnmatch.fnmatch(path.name, p) for p in patterns), (
            f"{path.relative_to(ROOT)} is not in [tool.setuptools.package-data] {package!r}"
        )
