"""The README's examples run as written: its set-up command, every command example, the Python."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from ptk_docs._cli import build_parser

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def blocks(text: str, language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", text, flags=re.S)


def section(title: str) -> str:
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", README, flags=re.S | re.M)
    assert match, f"README has no '## {title}' section"
    return match.group(1)


COMMAND_LINES = [
    line.strip()
    for block in blocks(section("Commands"), "sh")
    for line in block.splitlines()
    if line.strip().startswith("ptk ")
]


@dataclass
class Ran:
    line: str
    returncode: int
    stdout: str
    stderr: str


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the examples, as at the root of a clone."""
    root = tmp_path_factory.mktemp("readme")
    shutil.copytree(ROOT / "examples", root / "examples")
    return root


@pytest.fixture(scope="module")
def ran(workspace: Path) -> dict[str, Ran]:
    """Every command example run once, in the README's order, in one folder."""
    results: dict[str, Ran] = {}
    for line in COMMAND_LINES:
        args = shlex.split(line)[1:]  # names with spaces are quoted, as in a shell
        done = subprocess.run(
            [sys.executable, "-m", "ptk_docs", *args],
            cwd=workspace,
            capture_output=True,
            text=True,
            timeout=600,
        )
        results[line] = Ran(line, done.returncode, done.stdout, done.stderr)
    return results


def it_documents_every_command_with_an_example() -> None:
    parser = build_parser()
    commands = next(a for a in parser._actions if a.dest == "command").choices  # type: ignore[attr-defined]
    assert commands
    examples = " ".join(COMMAND_LINES)
    for name, sub in commands.items():
        if name == "register":
            for child in next(a for a in sub._actions if a.dest == "register_command").choices:
                assert f"ptk register {child}" in examples, f"no README example of register {child}"
        else:
            assert f"ptk {name} " in examples, f"no README example of ptk {name}"


@pytest.mark.parametrize("line", COMMAND_LINES)
def it_runs_the_command_example(ran: dict[str, Ran], line: str) -> None:
    result = ran[line]
    allowed = (0, 1) if line.startswith(("ptk check", "ptk accessibility")) else (0,)
    assert result.returncode in allowed, result.stderr
    assert "Traceback" not in result.stderr


def it_starts_with_two_set_up_commands_the_makefile_knows() -> None:
    first = blocks(README, "sh")[0]
    commands = [line.split("#")[0].strip() for line in first.splitlines() if line.strip()]
    assert commands == ["make example", "make test"]
    makefile = (ROOT / "Makefile").read_text()
    assert re.search(r"^example:", makefile, flags=re.M)
    assert re.search(r"^test:", makefile, flags=re.M)
    assert "examples/derby-2011/run.py" in makefile


def it_runs_the_example_as_make_example_does(tmp_path: Path) -> None:
    out = tmp_path / "out"
    command = [sys.executable, str(ROOT / "examples" / "derby-2011" / "run.py"), "--out", str(out)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=900, cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "29 partnerships listed (was 35): 5 high, 7 medium" in done.stdout
    assert (out / "register.xlsx").exists()
    # A second run into its own folder is fine; into someone else's folder it is refused.
    again = subprocess.run(command, capture_output=True, text=True, timeout=900, cwd=tmp_path)
    assert again.returncode == 0, again.stdout + again.stderr
    other = tmp_path / "mine"
    other.mkdir()
    (other / "thesis.docx").write_text("precious")
    refused = subprocess.run(
        [*command[:2], "--out", str(other)], capture_output=True, text=True, timeout=60
    )
    assert refused.returncode == 2 and "--force" in refused.stderr
    assert sorted(p.name for p in other.iterdir()) == ["thesis.docx"]


def it_runs_the_python_example(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (code,) = blocks(section("In Python"), "python")
    shutil.copytree(ROOT / "examples", tmp_path / "examples")  # a fresh clone's view
    monkeypatch.chdir(tmp_path)
    exec(compile(code, "README.md", "exec"), {"__name__": "readme"})


def it_runs_the_example_for_scripts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (code,) = blocks(section("For scripts"), "python")
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    monkeypatch.chdir(tmp_path)
    exec(compile(code, "README.md", "exec"), {"__name__": "readme"})
    assert len(list((tmp_path / "script-drafts" / "agreements").glob("*.docx"))) == 5
