"""Safe writing: file names from partnership names, atomic writes, no silent overwrite."""

from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ptk_docs._errors import OutputExistsError
from ptk_docs._io.files import (
    MAX_STEM,
    TEMPORARY_SUFFIX,
    atomic_write,
    atomic_write_bytes,
    safe_filename,
    unique_filename,
)

WINDOWS_RESERVED = {"CON", "PRN", "AUX", "NUL"} | {
    f"{p}{i}" for p in ("COM", "LPT") for i in range(10)
}
WINDOWS_FORBIDDEN = set('<>:"/\\|?*') | {chr(c) for c in range(32)}


def _is_safe(filename: str, suffix: str = "") -> bool:
    stem = filename[: len(filename) - len(suffix)] if suffix else filename
    return (
        bool(stem)
        and not (set(filename) & WINDOWS_FORBIDDEN)
        and ".." not in filename
        and not filename.startswith((".", "-", " "))
        and not stem.endswith((".", " "))
        and stem.split(".")[0].upper() not in WINDOWS_RESERVED
        and filename.isascii()
    )


class TestSafeFilename:
    @pytest.mark.parametrize(
        ("name", "expected"),
        [
            ("../../etc/x", "etc-x.docx"),
            ("..\\..\\Windows\\System32", "Windows-System32.docx"),
            ("/etc/passwd", "etc-passwd.docx"),
            ("CON", "CON_.docx"),
            ("con", "con_.docx"),
            ("aux.txt", "aux_.txt.docx"),
            ("LPT1", "LPT1_.docx"),
            ("COM\u00b9", "COM1_.docx"),  # superscript one folds to 1: still reserved
            ("Derby Homes", "Derby Homes.docx"),
            ("Cyngor Sir Ynys Môn", "Cyngor Sir Ynys Mon.docx"),
            ("Safer Derby: Crime & Disorder?", "Safer Derby- Crime & Disorder.docx"),
            ("...", "partnership.docx"),
            ("", "partnership.docx"),
            ("   .hidden", "hidden.docx"),
            ("name. ", "name.docx"),
            ("-rf", "rf.docx"),
            ("tab\there\nnewline", "tab here newline.docx"),
        ],
    )
    def it_turns_a_partnership_name_into_a_safe_file_name(self, name: str, expected: str) -> None:
        assert safe_filename(name, ".docx") == expected
        assert _is_safe(expected, ".docx")

    def it_cuts_a_300_character_name(self) -> None:
        name = "Derby City and Derbyshire Joint Strategic Partnership " * 6
        assert len(name) > 300
        result = safe_filename(name, ".docx")
        assert len(result) <= MAX_STEM + len(".docx")
        assert result.startswith("Derby City and Derbyshire")
        assert _is_safe(result, ".docx")

    @given(st.text(max_size=400))
    def it_is_always_safe(self, name: str) -> None:
        result = safe_filename(name, ".docx")
        assert result.endswith(".docx")
        assert _is_safe(result, ".docx"), result
        assert len(result) <= MAX_STEM + len(".docx")
        assert Path(result).name == result


def unique_filenames(names: list[str], suffix: str, taken: tuple[str, ...] = ()) -> list[str]:
    used = {name.casefold() for name in taken}
    return [unique_filename(name, suffix, used) for name in names]


class TestUniqueFilenames:
    def it_keeps_names_differing_only_in_case_apart(self) -> None:
        names = unique_filenames(["Derby Homes", "DERBY HOMES", "derby homes"], ".docx")
        assert names == ["Derby Homes.docx", "DERBY HOMES (2).docx", "derby homes (3).docx"]
        assert len({n.casefold() for n in names}) == 3

    def it_keeps_names_that_become_equal_apart(self) -> None:
        long = "A" * 300
        names = unique_filenames(["../x", "x", "/x", long, long + "B"], ".pdf")
        assert len({n.casefold() for n in names}) == 5
        assert all(len(n) <= MAX_STEM + 4 and _is_safe(n, ".pdf") for n in names)

    def it_avoids_names_already_taken(self) -> None:
        assert unique_filenames(["Derby Homes"], ".docx", taken=["derby homes.docx"]) == [
            "Derby Homes (2).docx"
        ]

    @given(st.lists(st.text(max_size=60), max_size=30))
    def it_is_unique_and_deterministic(self, names: list[str]) -> None:
        first = unique_filenames(names, ".docx")
        assert first == unique_filenames(names, ".docx")
        assert len({n.casefold() for n in first}) == len(names)


class TestAtomicWrite:
    def it_writes_the_file(self, tmp_path: Path) -> None:
        dest = atomic_write_bytes(tmp_path / "a.docx", b"content")
        assert dest.read_bytes() == b"content"
        assert [p.name for p in tmp_path.iterdir()] == ["a.docx"]

    def it_leaves_nothing_when_the_writer_fails(self, tmp_path: Path) -> None:
        dest = tmp_path / "a.docx"
        with pytest.raises(RuntimeError), atomic_write(dest) as tmp:
            tmp.write_bytes(b"half a docu")
            raise RuntimeError("renderer failed")
        assert list(tmp_path.iterdir()) == []

    def it_refuses_to_overwrite_without_force(self, tmp_path: Path) -> None:
        dest = tmp_path / "a.docx"
        dest.write_bytes(b"the officer's work")
        with pytest.raises(OutputExistsError, match="--force"):
            atomic_write_bytes(dest, b"new")
        assert dest.read_bytes() == b"the officer's work"
        atomic_write_bytes(dest, b"new", force=True)
        assert dest.read_bytes() == b"new"
        assert [p.name for p in tmp_path.iterdir()] == ["a.docx"]

    def it_does_not_overwrite_a_file_that_appears_while_writing(self, tmp_path: Path) -> None:
        dest = tmp_path / "a.docx"
        with pytest.raises(OutputExistsError), atomic_write(dest) as tmp:
            tmp.write_bytes(b"ours")
            dest.write_bytes(b"someone else's")
        assert dest.read_bytes() == b"someone else's"
        assert [p.name for p in tmp_path.iterdir()] == ["a.docx"]

    def it_gives_the_file_the_usual_permissions(self, tmp_path: Path) -> None:
        old = os.umask(0o022)
        try:
            dest = atomic_write_bytes(tmp_path / "a.docx", b"x")
        finally:
            os.umask(old)
        assert stat.S_IMODE(dest.stat().st_mode) == 0o644


# A batch writer that saves a real Word document, many times, through atomic_write.
BATCH = """
import sys
from pathlib import Path
import docx
from ptk_docs._io.files import atomic_write
out = Path(sys.argv[1])
document = docx.Document()
for i in range(400):
    document.add_paragraph("Partnership agreement paragraph %d " % i * 20)
for i in range(10_000):
    with atomic_write(out / ("agreement-%05d.docx" % i)) as tmp:
        document.save(str(tmp))
    print(i, flush=True)
"""


def _kill_mid_batch(argv: list[str], folder: Path, *, wanted: int, timeout: float = 60) -> None:
    """Start ``argv``, wait until ``wanted`` documents exist, then SIGKILL it and its children."""
    # Its own process group, so that workers and children die with it.
    process = subprocess.Popen(
        argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    try:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and process.poll() is None:
            if len(_documents(folder)) >= wanted:
                break
            time.sleep(0.01)
        assert process.poll() is None, "the batch finished before it could be killed"
        # Kill while a temporary file is open for writing, if we can catch one.
        while time.monotonic() < deadline and not list(folder.glob(f".*{TEMPORARY_SUFFIX}")):
            time.sleep(0.001)
        os.killpg(process.pid, signal.SIGKILL)
    finally:
        process.wait()


def _documents(folder: Path) -> list[Path]:
    if not folder.exists():
        return []
    return sorted(p for p in folder.rglob("*") if p.suffix.lower() in (".docx", ".pdf"))


def _assert_every_document_opens(folder: Path) -> None:
    """Every file left under a real name is whole; anything else is a hidden temporary."""
    import csv

    import docx
    from pypdf import PdfReader

    assert _documents(folder)
    for path in sorted(folder.rglob("*")):
        if path.is_dir():
            continue
        if path.name.endswith(TEMPORARY_SUFFIX):
            assert path.name.startswith("."), path
        elif path.suffix.lower() == ".docx":
            docx.Document(str(path))
        elif path.suffix.lower() == ".pdf":
            assert len(PdfReader(str(path), strict=True).pages) > 0
        elif path.suffix.lower() == ".json":  # the record sent with a draft
            assert isinstance(json.loads(path.read_text(encoding="utf-8")), dict), path
        elif path.suffix.lower() == ".csv":
            rows = list(csv.reader(path.read_text(encoding="utf-8-sig").splitlines()))
            assert rows and len({len(row) for row in rows}) == 1, path
        else:
            raise AssertionError(f"unexpected file left behind: {path}")


def it_leaves_only_whole_documents_when_a_batch_is_killed(tmp_path: Path) -> None:
    out = tmp_path / "drafts"
    out.mkdir()
    _kill_mid_batch([sys.executable, "-c", BATCH, str(out)], out, wanted=5)
    _assert_every_document_opens(out)


def it_leaves_only_whole_documents_when_ptk_drafts_is_killed(
    tmp_path: Path, examples: Path
) -> None:
    import ptk_docs

    register = ptk_docs.load_record(examples / "register.json")
    # A register big enough that the batch is still running when it is killed.
    data = register.model_dump(mode="json")
    entries = data["entries"]
    data["entries"] = [
        {**entry, "name": f"{entry['name']} {i}"} for i in range(40) for entry in entries
    ]
    big = tmp_path / "register.json"
    ptk_docs.save_record(type(register).model_validate(data), big)
    out = tmp_path / "drafts"
    argv = [sys.executable, "-m", "ptk_docs", "drafts", str(big), "-o", str(out), "--workers", "2"]
    _kill_mid_batch(argv, out, wanted=10)
    _assert_every_document_opens(out)


def it_leaves_only_whole_documents_when_ptk_render_is_killed(
    tmp_path: Path, examples: Path
) -> None:

    out = tmp_path / "rendered"
    out.mkdir()
    loop = (
        "import subprocess, sys\n"
        "for i in range(500):\n"
        "    subprocess.run([sys.executable, '-m', 'ptk_docs', 'render', 'agreement', sys.argv[1],"
        " '-o', f'{sys.argv[2]}/agreement-{i:03d}.docx'], check=True)\n"
    )
    process_argv = [sys.executable, "-c", loop, str(examples / "agreement.json"), str(out)]
    _kill_mid_batch(process_argv, out, wanted=3)
    _assert_every_document_opens(out)
