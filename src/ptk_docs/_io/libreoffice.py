"""Word documents into tagged PDFs with LibreOffice headless, the record attached to each PDF.

One ``soffice`` process converts a whole batch (starting LibreOffice costs most of a second).
Its profile is ptk's own, never the officer's: a folder kept in ptk's cache (mode 0700, owned
by the user, checked before each use) so that LibreOffice does not build a new profile on every
run, locked while a conversion uses it; a run that finds it busy or unsafe uses a throwaway one. The PDF is tagged (structure for screen
readers, PDF/UA where LibreOffice can) and carries the record as an embedded file named
:data:`ptk_docs.layout.PDF_ATTACHMENT_NAME`, so the parser can read it back exactly.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from ptk_docs._errors import ConversionError, DocumentError, LimitExceededError
from ptk_docs._io.envelope import attach_record, docx_envelope
from ptk_docs._io.files import atomic_write_bytes, check_writable
from ptk_docs._io.guard import OLE_MAGIC, megabytes, read_bounded_file, sniff
from ptk_docs._io.limits import Limits
from ptk_docs._records._base import Record

#: LibreOffice's PDF export options (JSON form, LibreOffice 7.4+): tagged, with bookmarks
#: from the headings, the document title shown in the window, PDF/UA checks on.
PDF_FILTER = (
    'pdf:writer_pdf_Export:{"UseTaggedPDF":{"type":"boolean","value":"true"},'
    '"PDFUACompliance":{"type":"boolean","value":"true"},'
    '"ExportBookmarks":{"type":"boolean","value":"true"},'
    '"DisplayPDFDocumentTitle":{"type":"boolean","value":"true"},'
    '"ExportFormFields":{"type":"boolean","value":"false"}}'
)

#: Seconds allowed for starting LibreOffice, and for each document after that.
START_SECONDS = 90

SECONDS_PER_DOCUMENT = 20


def find_soffice() -> str:
    """The LibreOffice program, or ``ConversionError`` saying how to get it."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    raise ConversionError(
        "PDF output needs LibreOffice, which is not installed (install LibreOffice Writer, "
        "e.g. 'apt-get install libreoffice-writer-nogui', or write a .docx instead)"
    )


@contextlib.contextmanager
def _profile() -> Iterator[str]:
    """A LibreOffice profile folder for one run: ptk's kept one when it is free and safe,
    else a throwaway one (another conversion is using it, or the cache is off or unsafe)."""
    kept = _kept_profile()
    lock = _lock(kept) if kept is not None else None
    if kept is None or lock is None:
        with tempfile.TemporaryDirectory(prefix=f"ptk-lo-profile-{os.getpid()}-") as throwaway:
            yield throwaway
        return
    try:
        yield str(kept)
    except BaseException:
        # A profile left by a failed run may be what failed: the next run starts anew.
        shutil.rmtree(kept, ignore_errors=True)
        raise
    finally:
        lock.close()  # closing the file releases the lock


def _lock(profile: Path) -> Any:
    """The profile's lock file, locked for this run; None when another run holds it."""
    try:
        import fcntl  # POSIX only: elsewhere every run has a throwaway profile
    except ImportError:
        return None
    try:
        lock = open(profile.parent / f"{profile.name}.lock", "a+b")  # noqa: SIM115
    except OSError:
        return None
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        lock.close()
        return None
    return lock


def _kept_profile() -> Path | None:
    """ptk's LibreOffice profile under its cache folder (``PTK_CACHE_DIR``, else
    ``$XDG_CACHE_HOME/ptk_docs`` or ``~/.cache/ptk_docs``; ``PTK_CACHE_DIR=off`` keeps none):
    made with mode 0700, and used only while it and its parent belong to this user and no one
    else can write to them (LibreOffice runs what its profile holds: macros, settings)."""
    configured = os.environ.get("PTK_CACHE_DIR")
    if configured is not None:
        if configured.strip().lower() in ("", "0", "off", "no"):
            return None
        base = Path(configured)
    else:
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "ptk_docs"
    folder = base / "libreoffice-profile"
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        uid = os.getuid()
        for path, private in ((base, False), (folder, True)):
            stat = path.lstat()
            unsafe = 0o077 if private else 0o022
            if not path.is_dir() or path.is_symlink() or stat.st_uid != uid:
                return None
            if stat.st_mode & unsafe:
                return None
    except (OSError, AttributeError):  # AttributeError: no os.getuid (Windows)
        return None
    return folder


def to_pdf(documents: Sequence[Path], out_dir: Path) -> list[Path]:
    """Convert ``.docx`` files into ``out_dir`` with one LibreOffice process; the PDFs' paths."""
    return convert_files(documents, out_dir, PDF_FILTER)


def convert_files(
    documents: Sequence[Path], out_dir: Path, target: str, *, timeout: float | None = None
) -> list[Path]:
    """Convert files with one headless LibreOffice process, contained: ``target`` is
    LibreOffice's ``--convert-to`` argument (``pdf``, ``docx``, ``docx:MS Word 2007 XML``,
    ``doc:MS Word 97``). Returns the converted files' paths; ``ConversionError`` when
    LibreOffice is missing, fails or is too slow.

    LibreOffice's profile (ptk's kept one, or a throwaway one) blocks linked content, macros
    and link updates and sends any web request to a closed local port; in a network namespace of its own
    (no network at all) where ``unshare -n`` works; and in a session of its own, so at the
    deadline the whole process group (the launcher and ``soffice.bin``) is killed, not only the
    launcher.
    """
    soffice = find_soffice()
    out_dir.mkdir(parents=True, exist_ok=True)
    extension = target.split(":")[0]
    if timeout is None:
        timeout = START_SECONDS + SECONDS_PER_DOCUMENT * len(documents)
    with _profile() as profile:
        write_profile(Path(profile))
        command = [
            *no_network_prefix(),
            soffice,
            f"-env:UserInstallation={Path(profile).as_uri()}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--nodefault",
            "--convert-to",
            target,
            "--outdir",
            str(out_dir),
            *(str(d) for d in documents),
        ]
        returncode, output = _run_contained(command, timeout, _environment(profile), soffice)
    converted = [out_dir / f"{d.stem}.{extension}" for d in documents]
    missing = [Path(d).name for d, c in zip(documents, converted, strict=True) if not c.exists()]
    if missing:
        detail = output.decode("utf-8", "replace").strip()
        last = detail.splitlines()[-1] if detail else f"exit status {returncode}"
        raise ConversionError(f"LibreOffice could not convert {', '.join(missing)}: {last}")
    return converted


def _environment(profile: str) -> dict[str, str]:
    # Any library inside LibreOffice that honours the usual variables gets a proxy that
    # refuses every connection (port 9, discard, is closed).
    return {
        **os.environ,
        "HOME": profile,
        "http_proxy": _NOWHERE,
        "https_proxy": _NOWHERE,
        "ftp_proxy": _NOWHERE,
        "HTTP_PROXY": _NOWHERE,
        "HTTPS_PROXY": _NOWHERE,
        "no_proxy": "",
        "NO_PROXY": "",
    }


def _run_contained(
    command: list[str], timeout: float, env: dict[str, str], soffice: str
) -> tuple[int, bytes]:
    """Run LibreOffice in its own session; kill the whole group at the deadline (and after
    it finishes, so no helper process outlives the conversion)."""
    try:
        process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            env=env,
            start_new_session=True,
        )
    except OSError as error:
        raise ConversionError(f"cannot run LibreOffice ({soffice}): {error}") from None
    try:
        output, _ = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill_group(process)
        raise ConversionError(
            f"LibreOffice did not finish the conversion within {timeout:g} seconds (it was stopped)"
        ) from None
    finally:
        _kill_group(process)
    return process.returncode, output or b""


def _kill_group(process: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(OSError):
        os.killpg(process.pid, signal.SIGKILL)
    with contextlib.suppress(OSError, subprocess.TimeoutExpired):
        process.communicate(timeout=5)


_NOWHERE = "http://127.0.0.1:9"

#: The profile's settings: links from documents not in a trusted location (there are none)
#: are blocked, so linked images, styles and media are not loaded; links and fields are never
#: updated on loading; macros never run; and every web request goes through a "proxy" on a
#: closed local port, so even a request the settings above miss reaches nothing.
PROFILE_SETTINGS = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
 xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
{items}
</oor:items>
"""

_SETTINGS = (
    ("/org.openoffice.Office.Common/Security/Scripting", "BlockUntrustedRefererLinks", "true"),
    ("/org.openoffice.Office.Common/Security/Scripting", "DisableMacrosExecution", "true"),
    ("/org.openoffice.Office.Common/Security/Scripting", "MacroSecurityLevel", "3"),
    ("/org.openoffice.Office.Writer/Content/Update", "Link", "2"),
    ("/org.openoffice.Office.Writer/Content/Update", "Field", "false"),
    ("/org.openoffice.Office.Calc/Content/Update", "Link", "2"),
    ("/org.openoffice.Inet/Settings", "ooInetProxyType", "2"),
    ("/org.openoffice.Inet/Settings", "ooInetHTTPProxyName", "127.0.0.1"),
    ("/org.openoffice.Inet/Settings", "ooInetHTTPProxyPort", "9"),
    ("/org.openoffice.Inet/Settings", "ooInetHTTPSProxyName", "127.0.0.1"),
    ("/org.openoffice.Inet/Settings", "ooInetHTTPSProxyPort", "9"),
    ("/org.openoffice.Inet/Settings", "ooInetFTPProxyName", "127.0.0.1"),
    ("/org.openoffice.Inet/Settings", "ooInetFTPProxyPort", "9"),
    ("/org.openoffice.Inet/Settings", "ooInetNoProxy", ""),
    ("/org.openoffice.Office.Common/Misc", "UseLocking", "false"),
)


def write_profile(profile: Path) -> None:
    """The settings of a contained LibreOffice, in the profile ``profile`` names: written into
    a new profile, and put back into a kept one wherever LibreOffice has lost or changed them
    (the rest of a kept profile stays, so LibreOffice does not set itself up again)."""
    items = [
        f'<item oor:path="{path}"><prop oor:name="{name}" oor:op="fuse">'
        f"<value>{value}</value></prop></item>"
        for path, name, value in _SETTINGS
    ]
    user = profile / "user"
    user.mkdir(parents=True, exist_ok=True)
    settings = user / "registrymodifications.xcu"
    try:
        current = settings.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        current = ""
    if current and "</oor:items>" in current:
        missing = [item for item in items if item not in current]
        if not missing:
            return
        # A later item overrides an earlier one for the same setting.
        text = current.replace("</oor:items>", "\n".join(missing) + "\n</oor:items>")
    else:
        text = PROFILE_SETTINGS.format(items="\n".join(items))
    settings.write_text(text, encoding="utf-8")


_NO_NETWORK: list[str] | None = None


def no_network_prefix() -> list[str]:
    """``unshare -n`` (or, without privileges, ``unshare -r -n``) when it works here: the
    command then runs with no network at all. Empty where neither works (the profile's
    settings still apply)."""
    global _NO_NETWORK
    if _NO_NETWORK is None:
        _NO_NETWORK = []
        unshare = shutil.which("unshare")
        if unshare is not None and sys.platform.startswith("linux"):
            for prefix in ([unshare, "-n", "--"], [unshare, "-r", "-n", "--"]):
                try:
                    probe = subprocess.run(
                        [*prefix, "true"],
                        stdin=subprocess.DEVNULL,
                        capture_output=True,
                        timeout=5,
                        check=False,
                    )
                except (OSError, subprocess.TimeoutExpired):
                    continue
                if probe.returncode == 0:
                    _NO_NETWORK = prefix
                    break
    return list(_NO_NETWORK)


# -- what may be converted --------------------------------------------------------------------

#: What in an RTF file or a Word binary makes Word or LibreOffice reach outside the file:
#: fields that include a picture or text from elsewhere or link to another file (INCLUDEPICTURE,
#: INCLUDETEXT, LINK, DDE, IMPORT), OLE links, embedded objects and a linked template. (A
#: HYPERLINK field is only followed when clicked, so it is fine.)
_FIELDS = ("INCLUDEPICTURE", "INCLUDETEXT", "DDEAUTO", "DDE", "LINK", "IMPORT")


def _word_binary_fields() -> bytes:
    # In a Word binary a field's code follows the field-begin mark U+0013, in the document's
    # 8-bit code page or in UTF-16.
    names = "|".join(_FIELDS)
    utf16 = "|".join("".join(re.escape(c) + "\\x00" for c in name) for name in _FIELDS)
    return (rf"\x13 *+(?:{names})\b|\x13\x00(?: \x00)*+(?:{utf16})").encode("ascii")


_REMOTE = re.compile(
    rb"\\fldinst(?:\{|\\[a-z]+-?\d*|\s)*+(?:"
    + "|".join(_FIELDS).encode("ascii")
    + rb")\b|\\obj(?:link|autlink|update|data)|\\\*\\template\b|"
    + _word_binary_fields(),
    re.IGNORECASE,
)


def check_convertible(path: Path, limits: Limits) -> str:
    """What an untrusted file handed to LibreOffice really is: ``"word97"`` (a Word binary,
    an OLE compound file) or ``"rtf"``, neither with a field, link or object reaching outside
    the file. Anything else is refused with ``DocumentError``: HTML or XML saved as .doc
    (LibreOffice would fetch its stylesheets and images), INCLUDEPICTURE or INCLUDETEXT
    fields, OLE or DDE links, a linked template, and any other format; so is a file over
    ``max_conversion_bytes``. (A .doc that is really a .docx is read as one, never converted.)"""
    name = path.name
    try:
        size = path.stat().st_size
        with open(path, "rb") as handle:
            head = handle.read(4096)
    except OSError as error:
        raise DocumentError(f"{path} cannot be read: {error.strerror or error}") from None
    if size > limits.max_conversion_bytes:
        raise LimitExceededError(
            f"{name} is {megabytes(size)}, more than the {megabytes(limits.max_conversion_bytes)} "
            "ptk converts with LibreOffice (limit max_conversion_bytes); save it as .docx"
        )
    if size == 0:
        raise DocumentError(f"{name} is empty (0 bytes)")
    kind = ""
    if head.startswith(OLE_MAGIC):
        kind = "word97"
    elif head.lstrip().lower().startswith(b"{\\rtf"):
        kind = "rtf"
    if kind:
        found = _REMOTE.search(read_bounded_file(path, limits))
        if found is not None:
            word = found.group().replace(b"\0", b"").decode("latin-1")
            word = re.sub(r"[^A-Za-z ]+", " ", word).split()[-1]
            raise DocumentError(
                f"{name} has a field, link or object that reaches outside the file "
                f"({word}), which LibreOffice could fetch; save it as .docx in Word "
                "and try again"
            )
        return kind
    seems = sniff(head)
    if seems is None and b"<" in head[:512] and _looks_like_markup(head):
        seems = "a web page or XML file"
    what = f"it is {seems}" if seems else "it is not a Word document"
    raise DocumentError(
        f"{name} cannot be converted: {what}; ptk converts only Word 97-2003 (.doc) and plain "
        "RTF files (save it as .docx in Word and try again)"
    )


def _looks_like_markup(head: bytes) -> bool:
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    for encoding_mark in (b"\xff\xfe", b"\xfe\xff"):
        if text.startswith(encoding_mark):
            return True
    return text.startswith(b"<") or b"<html" in text or b"<link" in text or b"<img" in text


def write_pdfs(
    batch: Sequence[tuple[Record | None, bytes, Path]],
    *,
    force: bool = False,
    progress: bool = False,
) -> list[Path]:
    """Convert each ``(record, docx bytes, dest)``: one LibreOffice run, each PDF written atomically."""
    for _, _, dest in batch:
        check_writable(dest, force=force)
    find_soffice()
    with tempfile.TemporaryDirectory(prefix="ptk-pdf-") as folder:
        work = Path(folder)
        sources = []
        for index, (_, data, _) in enumerate(batch):
            source = work / f"document-{index:06d}.docx"
            source.write_bytes(data)
            sources.append(source)
        if progress:
            print(f"converting {len(sources)} document(s) with LibreOffice", file=sys.stderr)
        pdfs = to_pdf(sources, work / "pdf")
        return [
            atomic_write_bytes(
                dest,
                attach_record(
                    pdf.read_bytes(), docx_envelope(data) if record is not None else None
                ),
                force=force,
            )
            for (record, data, dest), pdf in zip(batch, pdfs, strict=True)
        ]


def convert_docx_bytes(data: bytes, folder: Path) -> bytes:
    """The PDF of one document given as bytes (no record attached)."""
    source = folder / "document.docx"
    source.write_bytes(data)
    return to_pdf([source], folder / "pdf")[0].read_bytes()
