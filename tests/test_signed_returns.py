"""Signed returns end to end: ptk's agreement as a LibreOffice PDF, signed, checked and counted.

The example agreement (six partners) is rendered to PDF through LibreOffice, signed with pyHanko
by partners holding keys from a PKI made here (tests/pki.py), some of them tampered with, then
checked through the ``ptk`` command (``--json``, ``--trust``), parsed, and counted in progress.
Nothing is fetched.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import ptk_docs
from pki import PASSPHRASE, Pki, make_pki
from ptk_docs import PartnershipAgreement, sign_pdf

pytestmark = pytest.mark.libreoffice

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "derby-2011"
SIGNATURE_RULES = {
    "signature-invalid",
    "signature-changed-after-signing",
    "signature-untrusted",
    "partner-not-signed",
    "signer-not-a-partner",
}


def ptk(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ptk_docs", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=cwd,
    )


def check_json(pdf: Path, *trust: Path) -> tuple[int, dict[str, Any]]:
    options: list[str | Path] = []
    for root in trust:
        options += ["--trust", root]
    done = ptk("check", pdf, "--json", *options)
    assert "Traceback" not in done.stderr
    assert done.returncode in (0, 1), done.stderr
    return done.returncode, json.loads(done.stdout)


def rules(report: dict[str, Any]) -> list[tuple[str, str, str | None]]:
    """(rule, severity, field) of the digital-signature findings, in order."""
    return [
        (f["rule"], f["severity"], f.get("field"))
        for f in report["findings"]
        if f["rule"] in SIGNATURE_RULES
    ]


@pytest.fixture(scope="module")
def agreement() -> PartnershipAgreement:
    record = ptk_docs.load_record(EXAMPLES / "agreement.json")
    assert isinstance(record, PartnershipAgreement)
    return record


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("signed-returns")


@pytest.fixture(scope="module")
def unsigned(folder: Path, agreement: PartnershipAgreement) -> Path:
    """LibreOffice's PDF of ptk's own agreement, as a partner gets it to sign."""
    return ptk_docs.render(agreement, folder / "Community Safety Partnership - agreement.pdf")


@pytest.fixture(scope="module")
def pki(folder: Path) -> Pki:
    return make_pki(folder / "pki")


@pytest.fixture(scope="module")
def passphrase_file(folder: Path) -> Path:
    path = folder / "passphrase.txt"
    path.write_bytes(PASSPHRASE + b"\n")
    return path


def key_for(pki: Pki, partner: str, person: str, **options: Any) -> Path:
    stem = "".join(ch for ch in f"{partner}-{person}".lower() if ch.isalnum())
    return pki.signer(stem, person, partner, **options)


def sign(source: Path, dest: Path, key: Path, label: str | None = None) -> Path:
    return sign_pdf(source, dest, key_file=key, passphrase=PASSPHRASE, signer_label=label)


@pytest.fixture(scope="module")
def signed_by_two(folder: Path, unsigned: Path, pki: Pki, passphrase_file: Path) -> Path:
    """The council and the police sign, each with ``ptk sign``, the police into its own row."""
    council = key_for(pki, "Derby City Council", "Paul Robinson")
    police = key_for(pki, "Derbyshire Constabulary", "Jo Bruce")
    first, second = folder / "council-signed.pdf", folder / "two-signed.pdf"
    done = ptk(
        "sign", unsigned, "--key", council, "--passphrase-file", passphrase_file, "-o", first
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == str(first)
    done = ptk(
        "sign",
        first,
        "--key",
        police,
        "--passphrase-file",
        passphrase_file,
        "--organisation",
        "Derbyshire Constabulary",
        "-o",
        second,
    )
    assert done.returncode == 0, done.stderr
    return second


@pytest.fixture(scope="module")
def signed_by_all(folder: Path, unsigned: Path, pki: Pki, agreement: PartnershipAgreement) -> Path:
    """Every one of the six partners signs, in the order of the signatures table."""
    current = unsigned
    for n, signatory in enumerate(agreement.signatories):
        key = key_for(pki, signatory.organisation, signatory.name)
        current = sign(current, folder / f"all-{n}.pdf", key, signatory.organisation)
    return current


def it_lists_each_signature_with_signer_time_integrity_and_trust(
    signed_by_two: Path, pki: Pki
) -> None:
    code, report = check_json(signed_by_two, pki.trust_folder)
    first, second = report["signatures"]
    assert (first["index"], first["signer"], first["organisation"]) == (
        1,
        "Paul Robinson",
        "Derby City Council",
    )
    assert (second["index"], second["signer"], second["organisation"]) == (
        2,
        "Jo Bruce",
        "Derbyshire Constabulary",
    )
    for signature in (first, second):
        signed_at = dt.datetime.fromisoformat(signature["signed_at"])
        assert abs(signed_at - dt.datetime.now(dt.UTC)) < dt.timedelta(hours=1)
        assert signature["trust"] == "trusted" and signature["valid"] is True
        assert signature["revocation_checked"] is False  # no revocation data embedded
        assert "Organization:" in signature["certificate_subject"]
    # The council's signature allows the police's later one; nothing came after the police's.
    assert first["integrity"] == "entire-revision-with-allowed-updates"
    assert second["integrity"] == "entire-file"
    # Four partners have not signed (yet): warnings on their rows of the parties table.
    assert rules(report) == [
        ("partner-not-signed", "warning", f"partners[{n}]") for n in range(2, 6)
    ]
    assert code == 1  # the 2011 example's annual review is overdue: an error of its own
    assert "review-overdue" in {f["rule"] for f in report["findings"]}


def it_reads_the_signatures_into_the_signatories(signed_by_two: Path) -> None:
    done = ptk("parse", signed_by_two, "--json")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    council, police, fire, *_rest = result["record"]["signatories"]
    assert council["signed"] is True and police["signed"] is True
    assert fire["signed"] is False and fire["signed_at"] is None
    assert council["name"] == "Paul Robinson"  # the table's own values stay
    assert "Common Name: Jo Bruce" in police["certificate_subject"]
    assert dt.datetime.fromisoformat(police["signed_at"]) > dt.datetime.fromisoformat(
        council["signed_at"]
    )
    provenance = result["provenance"]
    assert provenance["signatories[0].signed"] == {
        "source": "digital-signature",
        "location": "digital signature 1",
    }
    assert provenance["signatories[1].signed_at"]["location"] == "digital signature 2"
    assert provenance["signatories[1]"]["source"] == "structure"


def it_trusts_the_roots_the_council_profile_names(
    folder: Path, signed_by_two: Path, pki: Pki
) -> None:
    office = folder / "office"
    office.mkdir()
    shutil.copytree(pki.trust_folder, office / "trusted-roots")
    (office / "ptk.toml").write_text('trust = "trusted-roots"\n', encoding="utf-8")
    done = ptk("check", signed_by_two, "--json", cwd=office)
    assert done.returncode in (0, 1), done.stderr
    report = json.loads(done.stdout)
    assert [s["trust"] for s in report["signatures"]] == ["trusted", "trusted"]


def it_finds_text_changed_after_signing(folder: Path, signed_by_two: Path, pki: Pki) -> None:
    tampered = folder / "tampered.pdf"
    tampered.write_bytes(add_text(signed_by_two.read_bytes(), "The Council pays all costs."))
    code, report = check_json(tampered, pki.trust_folder)
    assert code == 1
    assert [s["integrity"] for s in report["signatures"]] == ["changed-after-signing"] * 2
    assert [s["valid"] for s in report["signatures"]] == [False, False]
    found = rules(report)
    assert found[:2] == [
        ("signature-changed-after-signing", "error", "signatures[0]"),
        ("signature-changed-after-signing", "error", "signatures[1]"),
    ]
    # The signatures themselves are intact: the partners did sign, but not this text.
    assert all(rule != "signature-invalid" for rule, _s, _f in found)


def it_warns_of_a_root_the_council_does_not_trust(folder: Path, unsigned: Path, pki: Pki) -> None:
    stranger = key_for(pki, "Derby City Council", "Sam Stranger", untrusted=True)
    pdf = sign(unsigned, folder / "untrusted.pdf", stranger)
    _code, report = check_json(pdf, pki.trust_folder)
    [signature] = report["signatures"]
    assert signature["trust"] == "untrusted-root" and signature["integrity"] == "entire-file"
    assert rules(report)[0] == ("signature-untrusted", "warning", "signatures[0]")
    assert any("untrusted root" in f["message"] for f in report["findings"])
    # Without --trust nothing is trusted, even the PKI's own partners.
    _code, bare = check_json(pdf)
    assert bare["signatures"][0]["trust"] == "untrusted-root"
    [untrusted] = [f for f in bare["findings"] if f["rule"] == "signature-untrusted"]
    assert "--trust DIR" in untrusted["message"]


def it_refuses_an_expired_certificate(folder: Path, unsigned: Path, pki: Pki) -> None:
    now = dt.datetime.now(dt.UTC)
    old = key_for(
        pki,
        "Derby City Council",
        "Old Key",
        not_before=now - dt.timedelta(days=800),
        not_after=now - dt.timedelta(days=30),
    )
    pdf = sign(unsigned, folder / "expired.pdf", old)
    code, report = check_json(pdf, pki.trust_folder)
    assert code == 1
    [signature] = report["signatures"]
    assert signature["trust"] == "expired" and not signature["valid"]
    assert rules(report)[0] == ("signature-invalid", "error", "signatures[0]")


def it_warns_of_a_signer_who_is_not_a_partner(folder: Path, unsigned: Path, pki: Pki) -> None:
    consultant = key_for(pki, "Acme Consulting Ltd", "Casey Consultant")
    pdf = sign(unsigned, folder / "consultant.pdf", consultant)
    _code, report = check_json(pdf, pki.trust_folder)
    assert report["signatures"][0]["valid"] is True
    found = rules(report)
    assert ("signer-not-a-partner", "warning", "signatures[0]") in found
    assert [f for f in found if f[0] == "partner-not-signed"] == [
        ("partner-not-signed", "warning", f"partners[{n}]") for n in range(6)
    ]
    # parse gives the signer a row of its own, said to come from the signature.
    result = ptk_docs.parse(pdf)
    record = result.record
    assert isinstance(record, PartnershipAgreement)
    added = record.signatories[-1]
    assert (added.organisation, added.name, added.signed) == (
        "Acme Consulting Ltd",
        "Casey Consultant",
        True,
    )
    added_at = result.provenance[f"signatories[{len(record.signatories) - 1}]"]
    assert added_at == {"source": "digital-signature", "location": "digital signature 1"}


def it_leaves_an_unsigned_pdf_to_its_signatures_table(unsigned: Path, pki: Pki) -> None:
    _code, report = check_json(unsigned, pki.trust_folder)
    assert report["signatures"] == []
    assert rules(report) == []  # signed on paper, or not yet: no partner-not-signed
    record = ptk_docs.parse(unsigned).record
    assert isinstance(record, PartnershipAgreement)
    assert {s.signed for s in record.signatories} == {None}
    # A mistyped --trust is refused even when there is no signature to check.
    done = ptk("check", unsigned, "--trust", unsigned.parent / "no-such-folder")
    assert done.returncode == 2 and "trust root" in done.stderr and "does not exist" in done.stderr


def it_reports_a_corrupt_signature_and_refuses_a_broken_file(
    folder: Path, signed_by_two: Path, pki: Pki
) -> None:
    data = signed_by_two.read_bytes()
    start = data.rindex(b"/Contents <") + len(b"/Contents <")
    corrupt = folder / "corrupt.pdf"
    corrupt.write_bytes(data[:start] + b"00ff" * 8 + data[start + 32 :])
    code, report = check_json(corrupt, pki.trust_folder)
    assert code == 1
    assert report["signatures"][1]["valid"] is False
    assert ("signature-invalid", "error", "signatures[1]") in rules(report)
    # The first signature still holds, but the police's is no longer a signature.
    assert ("partner-not-signed", "warning", "partners[1]") in rules(report)

    truncated = folder / "truncated.pdf"
    truncated.write_bytes(data[: len(data) // 2])
    done = ptk("check", truncated, "--trust", pki.trust_folder)
    assert "Traceback" not in done.stderr
    assert done.returncode == 2 and done.stderr.startswith("ptk: error:")
    assert len(done.stderr.strip().splitlines()) == 1


def it_counts_verified_signatures_in_the_progress_of_returns(
    folder: Path, signed_by_all: Path, pki: Pki
) -> None:
    from ptk_docs._workflow.progress import build_progress

    register = ptk_docs.load_record(EXAMPLES / "register.json")
    assert isinstance(register, ptk_docs.PartnershipRegister)
    returns = folder / "returns"
    returns.mkdir()
    shutil.copy(signed_by_all, returns / "Community Safety Partnership - agreement.pdf")
    today = dt.date(2011, 9, 20)

    [row] = [
        r
        for r in build_progress(register, returns, today=today, trust=[pki.trust_folder])
        if r.partnership == "Community Safety Partnership"
    ]
    assert (row.partners_to_sign, row.partners_digitally_signed, row.partners_verified) == (
        6,
        6,
        6,
    )
    assert row.digital_signatures == "signed by 6 of 6 partners (verified)"
    assert row.signatures == row.digital_signatures  # what the progress appendix shows

    [untrusted] = [
        r
        for r in build_progress(register, returns, today=today)
        if r.partnership == "Community Safety Partnership"
    ]
    assert untrusted.digital_signatures == "signed by 6 of 6 partners (not verified)"

    report = ptk_docs.load_record(EXAMPLES / "report.json", kind="report")
    assert isinstance(report, ptk_docs.CommitteeReport)
    out = ptk_docs.build_report(
        report,
        folder / "report.docx",
        register=register,
        returns=returns,
        trust=[pki.trust_folder],
    )
    import docx

    cells = {
        cell.text
        for table in docx.Document(str(out)).tables
        for row_ in table.rows
        for cell in row_.cells
    }
    assert any("signed by 6 of 6 partners (verified)" in text.casefold() for text in cells)


def it_refuses_to_sign_with_a_wrong_passphrase_or_over_a_file(
    folder: Path, unsigned: Path, pki: Pki, signed_by_two: Path
) -> None:
    key = key_for(pki, "Derby City Council", "Paul Robinson")
    wrong = folder / "wrong.txt"
    wrong.write_text("not it\n")
    out = folder / "never.pdf"
    done = ptk("sign", unsigned, "--key", key, "--passphrase-file", wrong, "-o", out)
    assert done.returncode == 2 and "passphrase" in done.stderr
    assert not out.exists()
    done = ptk("sign", unsigned, "--key", key, "--passphrase-file", wrong, "-o", signed_by_two)
    assert done.returncode == 2 and "already exists" in done.stderr


def add_text(signed: bytes, text: str) -> bytes:
    """An incremental update that draws ``text`` on page 1: a change no signature allows."""
    from pyhanko.pdf_utils import generic as pdf_generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    generic: Any = pdf_generic  # pyHanko's PDF object constructors are untyped
    writer: Any = IncrementalPdfFileWriter(io.BytesIO(signed))
    font = generic.DictionaryObject(
        {
            generic.pdf_name("/Type"): generic.pdf_name("/Font"),
            generic.pdf_name("/Subtype"): generic.pdf_name("/Type1"),
            generic.pdf_name("/BaseFont"): generic.pdf_name("/Helvetica"),
        }
    )
    resources = generic.DictionaryObject(
        {
            generic.pdf_name("/Font"): generic.DictionaryObject(
                {generic.pdf_name("/FTamper"): writer.add_object(font)}
            )
        }
    )
    stream = generic.StreamObject(
        stream_data=f"BT /FTamper 12 Tf 90 100 Td ({text}) Tj ET".encode("latin-1")
    )
    writer.add_stream_to_page(0, writer.add_object(stream), resources=resources)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def it_verifies_each_signed_return_once_for_the_progress(
    folder: Path, signed_by_all: Path, pki: Pki, monkeypatch: pytest.MonkeyPatch
) -> None:
    from collections import OrderedDict

    import ptk_docs._io.signatures as signatures
    from ptk_docs._workflow.progress import build_progress

    returns = folder / "returns-once"
    returns.mkdir()
    shutil.copy(signed_by_all, returns / "Community Safety Partnership - agreement.pdf")
    verified: list[int] = []
    real_verify = signatures._verify

    def counting(data: bytes, *args: Any) -> Any:
        verified.append(len(data))
        return real_verify(data, *args)

    monkeypatch.setattr(signatures, "_RECENT", OrderedDict())  # nothing verified before
    monkeypatch.setattr(signatures, "_verify", counting)
    register = ptk_docs.load_record(EXAMPLES / "register.json")
    assert isinstance(register, ptk_docs.PartnershipRegister)
    rows = build_progress(register, returns, today=dt.date(2011, 9, 20), trust=[pki.trust_folder])
    [row] = [r for r in rows if r.partnership == "Community Safety Partnership"]
    assert row.digital_signatures == "signed by 6 of 6 partners (verified)"
    assert len(verified) == 1  # for the parse (who signed, when) and the check (trusted?) alike
