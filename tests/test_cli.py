"""Every ``ptk`` command driven as a user would: a subprocess, exit codes, one-line errors."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "derby-2011"
COMMANDS = ["render", "blank", "parse", "check", "assess", "register", "drafts", "report", "schema"]


def ptk(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``python -m ptk_docs ARGS``; skip when the command's library part has not landed."""
    done = subprocess.run(
        [sys.executable, "-m", "ptk_docs", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=300,
    )
    return done


def assert_one_line_error(done: subprocess.CompletedProcess[str], *needles: str) -> None:
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("ptk: ")
    for needle in needles:
        assert needle in lines[0]


def snapshot(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def council_workbook(path: Path, rows: list[list[object]]) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Derby City Council - Partnership Register"])
    sheet.append([])
    sheet.append(["Priority Level", "Name of Partnership"])
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def it_prints_help_listing_every_command() -> None:
    done = ptk("--help")
    assert done.returncode == 0
    for command in COMMANDS:
        assert command in done.stdout
    assert "examples:" in done.stdout


@pytest.mark.parametrize(
    "command",
    [[c] for c in COMMANDS if c != "register"]
    + [["register", "import"], ["register", "export"], ["register", "due"]],
)
def it_has_help_for_every_command(command: list[str]) -> None:
    done = ptk(*command, "--help")
    assert done.returncode == 0 and "usage: ptk" in done.stdout


def it_runs_as_the_installed_console_script() -> None:
    script = Path(sys.executable).parent / "ptk"
    if not script.exists():
        pytest.skip("ptk console script not installed beside this python")
    done = subprocess.run([script, "--version"], capture_output=True, text=True, check=False)
    assert done.returncode == 0 and done.stdout.startswith("ptk ")


def it_answers_usage_errors_with_exit_2_and_one_line() -> None:
    assert_one_line_error(ptk("frobnicate"), "invalid choice")
    assert_one_line_error(ptk("drafts"), "required")


def it_prints_a_schema() -> None:
    done = ptk("schema", "register")
    assert done.returncode == 0
    assert "entries" in json.loads(done.stdout)["properties"]


# --- register ---------------------------------------------------------------------------------


def it_imports_a_council_workbook(tmp_path: Path) -> None:
    source = council_workbook(
        tmp_path / "register.xlsx",
        [["HIGH", "Derby Homes"], ["n/a", "Cathedral Quarter Company"], ["low", "Big Screen"]],
    )
    done = ptk("register", "import", source, "-o", "register.json", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "3 partnerships listed" in done.stdout
    data = json.loads((tmp_path / "register.json").read_text())
    assert [e["priority"] for e in data["entries"]] == ["High", "N/A", "Low"]


def it_refuses_a_workbook_with_bad_rows_and_writes_nothing(tmp_path: Path) -> None:
    source = council_workbook(
        tmp_path / "register.xlsx",
        [["High", "Derby Homes"], ["Medium", None], ["Urgent", "Marketing Derby"]],
    )
    done = ptk("register", "import", source, "-o", "register.json", cwd=tmp_path)
    assert_one_line_error(done, "row 5", "blank", "row 6", "'Urgent'")
    assert not (tmp_path / "register.json").exists()


def it_refuses_unreadable_or_missing_registers(tmp_path: Path) -> None:
    (tmp_path / "broken.xlsx").write_bytes(b"not a workbook")
    assert_one_line_error(
        ptk("register", "import", tmp_path / "broken.xlsx", "-o", tmp_path / "r.json")
    )
    assert_one_line_error(
        ptk("register", "import", tmp_path / "none.csv", "-o", tmp_path / "r.json")
    )
    assert_one_line_error(
        ptk("register", "export", tmp_path / "none.json", "-o", tmp_path / "r.csv")
    )
    assert not list(tmp_path.glob("r.*"))


def it_exports_and_reimports_the_register(tmp_path: Path) -> None:
    done = ptk(
        "register", "export", EXAMPLES / "register.json", "-o", "register.xlsx", cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr
    done = ptk("register", "import", "register.xlsx", "-o", "register.json", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "29 partnerships listed, 6 removed" in done.stdout
    original = json.loads((EXAMPLES / "register.json").read_text())
    again = json.loads((tmp_path / "register.json").read_text())
    assert len(again["entries"]) == len(original["entries"])
    before = snapshot(tmp_path)
    done = ptk(
        "register", "export", EXAMPLES / "register.json", "-o", "register.xlsx", cwd=tmp_path
    )
    assert_one_line_error(done, "already exists")
    assert snapshot(tmp_path) == before


def it_lists_reviews_falling_due() -> None:
    done = ptk("register", "due", EXAMPLES / "register.json", "--within", "90")
    assert done.returncode == 0
    assert "Overdue" in done.stdout and "Derby Homes" in done.stdout
    data = json.loads(ptk("register", "due", EXAMPLES / "register.json", "--json").stdout)
    assert set(data) >= {"overdue", "due_soon", "no_agreement"}


# --- drafts and the report --------------------------------------------------------------------


def it_writes_drafts_and_refuses_a_second_run(tmp_path: Path) -> None:
    done = ptk("drafts", EXAMPLES / "register.json", "-o", "drafts", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    drafts = tmp_path / "drafts"
    assert len(list((drafts / "agreements").glob("*.docx"))) == 12
    assert len(list((drafts / "business-cases").glob("*.docx"))) == 12
    assert (drafts / "manifest.csv").exists()
    assert done.stderr == ""  # no progress bar when stderr is not a terminal
    before = snapshot(drafts)
    again = ptk("drafts", EXAMPLES / "register.json", "-o", "drafts", cwd=tmp_path)
    assert_one_line_error(again, "already exist", "--force")
    assert snapshot(drafts) == before
    forced = ptk("drafts", EXAMPLES / "register.json", "-o", "drafts", "--force", cwd=tmp_path)
    assert forced.returncode == 0, forced.stderr


def it_refuses_an_unknown_priority(tmp_path: Path) -> None:
    done = ptk(
        "drafts", EXAMPLES / "register.json", "-o", "d", "--priority", "urgent", cwd=tmp_path
    )
    assert_one_line_error(done, "'urgent'")
    assert not (tmp_path / "d").exists()


def it_builds_the_committee_report(tmp_path: Path) -> None:
    done = ptk(
        "report",
        EXAMPLES / "report.json",
        "-o",
        "report.docx",
        "--register",
        EXAMPLES / "register.json",
        "--returns",
        EXAMPLES / "returns",
        cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "report.docx").stat().st_size > 0
    again = ptk("report", EXAMPLES / "report.json", "-o", "report.docx", cwd=tmp_path)
    assert_one_line_error(again, "already exists")


# --- documents (built by the render and parse helpers) ----------------------------------------


def it_renders_parses_and_checks_an_agreement(tmp_path: Path) -> None:
    done = ptk("render", "agreement", EXAMPLES / "agreement.json", "-o", "a.docx", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    parsed = ptk("parse", "a.docx", "--json", cwd=tmp_path)
    assert parsed.returncode == 0, parsed.stderr
    assert json.loads(parsed.stdout)["kind"] == "agreement"
    checked = ptk("check", "a.docx", "--json", cwd=tmp_path)
    assert checked.returncode in (0, 1)
    assert "findings" in json.loads(checked.stdout)


def it_writes_a_blank_template(tmp_path: Path) -> None:
    done = ptk("blank", "business-case", "-o", "case.docx", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "case.docx").exists()


def it_refuses_a_record_with_an_unknown_field(tmp_path: Path) -> None:
    record = json.loads((EXAMPLES / "agreement.json").read_text())
    record["colour"] = "blue"
    (tmp_path / "bad.json").write_text(json.dumps(record))
    done = ptk("render", "agreement", "bad.json", "-o", "a.docx", cwd=tmp_path)
    assert_one_line_error(done, "colour")
    assert not (tmp_path / "a.docx").exists()


def it_refuses_a_document_that_is_not_one(tmp_path: Path) -> None:
    (tmp_path / "fake.docx").write_text("hello")
    assert_one_line_error(ptk("parse", "fake.docx", cwd=tmp_path))


def it_refuses_bad_windows_and_missing_returns(tmp_path: Path) -> None:
    assert_one_line_error(
        ptk("register", "due", EXAMPLES / "register.json", "--within", "-5"), "--within"
    )
    done = ptk(
        "report",
        EXAMPLES / "report.json",
        "-o",
        "report.docx",
        "--register",
        EXAMPLES / "register.json",
        "--returns",
        "nowhere",
        cwd=tmp_path,
    )
    assert_one_line_error(done, "returns folder")
    assert not (tmp_path / "report.docx").exists()
