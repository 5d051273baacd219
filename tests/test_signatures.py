"""Digital signatures on returned agreements: verify_signatures, rule_findings and sign_pdf.

Every PDF here is real: the LibreOffice-made agreement fixture signed with pyHanko using keys from
a PKI the tests make (tests/pki.py). Nothing is fetched from the network.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

import pypdf
import pytest

from pki import PASSPHRASE, Pki, make_pki
from ptk_docs._check.findings import Finding
from ptk_docs._check.signatures import rule_findings
from ptk_docs._errors import DocumentError, LimitExceededError, OutputExistsError, SigningError
from ptk_docs._io import signatures as sig
from ptk_docs._io.signatures import (
    Coverage,
    SignatureCheck,
    Trust,
    find_signature_box,
    sign_pdf,
    verify_signatures,
)

FIXTURES = Path(__file__).resolve().parent / "fixtures"
AGREEMENT = FIXTURES / "agreement-council-libreoffice.pdf"
PARTNERS = ["Derby City Council", "NHS Derby City"]
COUNCIL = "Derby City Council"


@pytest.fixture(scope="session")
def pki(tmp_path_factory: pytest.TempPathFactory) -> Pki:
    return make_pki(tmp_path_factory.mktemp("pki"))


@pytest.fixture(scope="session")
def council_key(pki: Pki) -> Path:
    return pki.signer("council", "Paul Robinson", COUNCIL)


@pytest.fixture(scope="session")
def nhs_key(pki: Pki) -> Path:
    # The certificate spells the partner in capitals: still the same organisation.
    return pki.signer("nhs", "Claire Owen", "NHS DERBY CITY")


@pytest.fixture(scope="session")
def signed_once(tmp_path_factory: pytest.TempPathFactory, council_key: Path) -> bytes:
    dest = tmp_path_factory.mktemp("signed") / "council.pdf"
    sign_pdf(AGREEMENT, dest, key_file=council_key, passphrase=PASSPHRASE, signer_label=COUNCIL)
    return dest.read_bytes()


@pytest.fixture(scope="session")
def signed_twice(
    tmp_path_factory: pytest.TempPathFactory, signed_once: bytes, nhs_key: Path
) -> bytes:
    folder = tmp_path_factory.mktemp("signed2")
    (folder / "council.pdf").write_bytes(signed_once)
    dest = folder / "both.pdf"
    sign_pdf(
        folder / "council.pdf",
        dest,
        key_file=nhs_key,
        passphrase=PASSPHRASE,
        signer_label="NHS Derby City",
    )
    return dest.read_bytes()


def _sign(tmp_path: Path, key: Path, source: Path = AGREEMENT, **kwargs: object) -> bytes:
    dest = tmp_path / f"signed-{key.stem}.pdf"
    sign_pdf(source, dest, key_file=key, passphrase=PASSPHRASE, **kwargs)  # type: ignore[arg-type]
    return dest.read_bytes()


def _rules(findings: list[Finding]) -> list[tuple[str, str]]:
    return [(f.rule, f.severity) for f in findings]


# --- verifying ---------------------------------------------------------------------------------


def test_a_valid_signature_on_the_libreoffice_agreement(signed_once: bytes, pki: Pki) -> None:
    [check] = verify_signatures(signed_once, trust_roots=[pki.trust_file])
    assert check.index == 1
    assert check.field_name == "Signature1"
    assert check.signer_name == "Paul Robinson"
    assert check.signer_organisation == COUNCIL
    assert check.certificate_subject is not None
    assert "Paul Robinson" in check.certificate_subject
    assert check.intact and check.trusted and check.valid
    assert check.coverage is Coverage.ENTIRE_FILE
    assert check.trust is Trust.TRUSTED and check.trust_problem is None
    assert check.problem is None
    assert check.signed_at is not None and not check.timestamped
    assert abs(check.signed_at - dt.datetime.now(dt.UTC)) < dt.timedelta(minutes=10)
    # No CRL or OCSP address in the certificate: nothing to check, and not claimed.
    assert not check.revocation_checked
    assert rule_findings([check], [COUNCIL]) == []


def test_a_folder_of_pem_files_with_several_certificates_each_is_a_trust_store(
    tmp_path: Path, signed_once: bytes, pki: Pki
) -> None:
    from cryptography.hazmat.primitives.serialization import Encoding

    bundle = tmp_path / "store"
    bundle.mkdir()
    (bundle / "bundle.pem").write_bytes(
        pki.other_root.cert.public_bytes(Encoding.PEM) + pki.root.cert.public_bytes(Encoding.PEM)
    )
    (bundle / "readme.txt").write_text("not a certificate, ignored")
    [check] = verify_signatures(signed_once, trust_roots=[bundle])
    assert check.trusted


def test_the_signature_lands_in_the_councils_row_of_the_signatures_table(
    signed_once: bytes,
) -> None:
    found = find_signature_box(AGREEMENT, "DERBY CITY COUNCIL")
    assert found is not None
    page, (x1, y1, x2, y2) = found
    assert page == 1
    # The table on page 2: "Signature" column at x 306-414; the council's row at y 192-217,
    # the NHS row starting at 168.
    assert 300 <= x1 < 310 and 400 < x2 <= 414
    assert 168 < y1 < y2 and 205 < y2 < 230
    reader = pypdf.PdfReader(io.BytesIO(signed_once))
    widgets = [
        annot.get_object()
        for annot in reader.pages[1].get("/Annots", [])
        if annot.get_object().get("/FT") == "/Sig"
    ]
    [widget] = widgets
    rect = [float(v) for v in widget["/Rect"]]
    assert rect == pytest.approx([round(x1), round(y1), round(x2), round(y2)])
    assert find_signature_box(AGREEMENT, "Derby Homes") is None


def test_an_expired_certificate_makes_the_signature_invalid(tmp_path: Path, pki: Pki) -> None:
    now = dt.datetime.now(dt.UTC)
    key = pki.signer(
        "expired",
        "Old Key",
        COUNCIL,
        not_before=now - dt.timedelta(days=800),
        not_after=now - dt.timedelta(days=30),
    )
    [check] = verify_signatures(_sign(tmp_path, key), trust_roots=[pki.trust_file])
    assert check.intact
    assert not check.trusted and not check.valid
    assert check.trust is Trust.EXPIRED
    assert check.trust_problem is not None and "expired" in check.trust_problem
    assert _rules(rule_findings([check], [COUNCIL])) == [("signature-invalid", "error")]


def test_an_untrusted_root_is_a_warning_not_an_error(tmp_path: Path, pki: Pki) -> None:
    key = pki.signer("stranger", "Sam Stranger", COUNCIL, untrusted=True)
    data = _sign(tmp_path, key)
    [check] = verify_signatures(data, trust_roots=[pki.trust_file])
    assert check.intact and check.coverage is Coverage.ENTIRE_FILE
    assert not check.trusted and not check.valid
    assert check.trust is Trust.UNTRUSTED_ROOT
    assert check.trust_problem is not None and "untrusted root" in check.trust_problem
    findings = rule_findings([check], [COUNCIL])
    assert _rules(findings) == [("signature-untrusted", "warning")]
    assert "digital signature 1" in findings[0].message
    # A partner whose signature is intact has signed, trusted or not.
    assert not any(f.rule == "partner-not-signed" for f in findings)


def test_with_no_trust_roots_nothing_is_trusted(signed_once: bytes) -> None:
    [check] = verify_signatures(signed_once)
    assert check.intact and not check.trusted
    assert check.trust is Trust.UNTRUSTED_ROOT


def test_text_changed_after_signing_is_caught(signed_once: bytes, pki: Pki) -> None:
    from pyhanko.pdf_utils import generic as pdf_generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    generic: Any = pdf_generic  # pyHanko's PDF object constructors are untyped
    writer: Any = IncrementalPdfFileWriter(io.BytesIO(signed_once))
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
        stream_data=b"BT /FTamper 12 Tf 90 100 Td (The Council pays all costs.) Tj ET"
    )
    writer.add_stream_to_page(1, writer.add_object(stream), resources=resources)
    out = io.BytesIO()
    writer.write(out)

    [check] = verify_signatures(out.getvalue(), trust_roots=[pki.trust_file])
    assert check.intact and check.trusted  # the signed revision itself is untouched ...
    assert check.coverage is Coverage.CHANGED_AFTER_SIGNING  # ... but the document is not
    assert not check.valid
    assert check.problem is not None and "changed after" in check.problem
    assert _rules(rule_findings([check], [COUNCIL])) == [
        ("signature-changed-after-signing", "error")
    ]


def test_two_partners_sign_one_pdf_and_both_signatures_hold(signed_twice: bytes, pki: Pki) -> None:
    first, second = verify_signatures(signed_twice, trust_roots=[pki.trust_file])
    assert (first.index, first.field_name, first.signer_organisation) == (
        1,
        "Signature1",
        COUNCIL,
    )
    assert (second.index, second.field_name, second.signer_organisation) == (
        2,
        "Signature2",
        "NHS DERBY CITY",
    )
    # The second signature is a later update the first allows.
    assert first.coverage is Coverage.ALLOWED_UPDATES
    assert second.coverage is Coverage.ENTIRE_FILE
    assert first.valid and second.valid
    assert rule_findings([first, second], PARTNERS) == []
    missing = rule_findings([first, second], [*PARTNERS, "Derby Homes"])
    assert [(f.rule, f.field) for f in missing] == [("partner-not-signed", "partners[2]")]
    assert "Derby Homes" in missing[0].message


def test_a_signer_who_is_not_a_partner(tmp_path: Path, pki: Pki) -> None:
    key = pki.signer("consultant", "Casey Consultant", "Acme Consulting Ltd")
    [check] = verify_signatures(_sign(tmp_path, key), trust_roots=[pki.trust_file])
    assert check.valid
    findings = rule_findings([check], PARTNERS)
    assert sorted(_rules(findings)) == [
        ("partner-not-signed", "warning"),
        ("partner-not-signed", "warning"),
        ("signer-not-a-partner", "warning"),
    ]
    [stranger] = [f for f in findings if f.rule == "signer-not-a-partner"]
    assert "Acme Consulting Ltd" in stranger.message


def test_an_unsigned_pdf_has_no_signatures() -> None:
    assert verify_signatures(AGREEMENT) == []
    assert verify_signatures(AGREEMENT.read_bytes()) == []
    findings = rule_findings([], PARTNERS)
    assert _rules(findings) == [("partner-not-signed", "warning")] * 2


def _contents_span(data: bytes) -> tuple[int, int]:
    """Start and end of the hex string in the last signature's /Contents."""
    match = list(re.finditer(rb"/Contents\s*<([0-9a-fA-F]+)>", data))[-1]
    return match.start(1), match.end(1)


def test_corrupt_signature_bytes_are_a_finding_not_a_crash(signed_once: bytes) -> None:
    start, _end = _contents_span(signed_once)
    # Garbage where the CMS structure should be: the signature cannot even be read.
    garbage = signed_once[:start] + b"00ff" * 8 + signed_once[start + 32 :]
    [check] = verify_signatures(garbage)
    assert not check.valid and not check.intact
    assert check.problem is not None and "cannot be" in check.problem
    assert _rules(rule_findings([check], [COUNCIL])) == [
        ("signature-invalid", "error"),
        ("partner-not-signed", "warning"),
    ]


def test_a_flipped_byte_in_the_signature_value_breaks_integrity(
    signed_once: bytes, pki: Pki
) -> None:
    start, end = _contents_span(signed_once)
    hex_digits = signed_once[start:end].rstrip(b"0")
    # The ECDSA signature value sits at the end of the DER; flip a digit inside it.
    at = start + len(hex_digits) - 20
    flipped = b"1" if signed_once[at : at + 1] != b"1" else b"2"
    data = signed_once[:at] + flipped + signed_once[at + 1 :]
    [check] = verify_signatures(data, trust_roots=[pki.trust_file])
    assert not check.valid and not check.intact and not check.trusted
    assert _rules(rule_findings([check], [COUNCIL]))[0] == ("signature-invalid", "error")


def test_a_signature_dictionary_without_a_byte_range(signed_once: bytes) -> None:
    data = signed_once.replace(b"/ByteRange", b"/ByteRangX", 1)
    [check] = verify_signatures(data)
    assert not check.valid
    assert check.coverage is Coverage.UNKNOWN
    assert check.problem is not None and "ByteRange" in check.problem


def test_a_file_that_is_not_a_pdf(tmp_path: Path) -> None:
    fake = tmp_path / "agreement.pdf"
    fake.write_bytes(b"PK\x03\x04 this is a zip, not a PDF")
    with pytest.raises(DocumentError, match="not a PDF"):
        verify_signatures(fake)
    with pytest.raises(DocumentError, match="not a PDF"):
        verify_signatures(b"")
    with pytest.raises(DocumentError):
        verify_signatures(b"%PDF-1.7\n garbage with no xref and no trailer")
    with pytest.raises(DocumentError, match="cannot read"):
        verify_signatures(tmp_path / "missing.pdf")


def test_a_password_protected_pdf_is_refused_in_one_line() -> None:
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(AGREEMENT))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="AES-128")
    out = io.BytesIO()
    writer.write(out)
    with pytest.raises(DocumentError, match="encrypted with a password") as raised:
        verify_signatures(out.getvalue())
    assert "\n" not in str(raised.value)


def test_limits_on_size_and_number_of_signatures(
    signed_twice: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.raises(LimitExceededError, match="limit"):
        verify_signatures(signed_twice, max_bytes=1000)
    monkeypatch.setattr(sig, "MAX_SIGNATURES", 1)
    with pytest.raises(LimitExceededError, match="more than 1 signatures"):
        verify_signatures(signed_twice)


def test_revocation_data_embedded_in_the_pdf_is_used(tmp_path: Path, pki: Pki) -> None:
    from asn1crypto import crl as asn1_crl
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.serialization import Encoding
    from pyhanko.sign.validation.dss import DocumentSecurityStore

    url = "http://crl.invalid/issuing.crl"  # never fetched: allow_fetching is off
    key = pki.signer("revocable", "Rita Revocable", COUNCIL, crl_url=url)
    signed = _sign(tmp_path, key)
    [unchecked] = verify_signatures(signed, trust_roots=[pki.trust_file])
    # The certificate names a CRL, none is embedded, nothing is fetched: soft fail.
    assert unchecked.trusted and unchecked.valid and not unchecked.revocation_checked

    from cryptography.hazmat.primitives.serialization import pkcs12

    _k, signer_cert, _chain = pkcs12.load_key_and_certificates(key.read_bytes(), PASSPHRASE)
    assert signer_cert is not None
    now = dt.datetime.now(dt.UTC)

    def crl(revoked: bool) -> asn1_crl.CertificateList:
        builder = (
            x509.CertificateRevocationListBuilder()
            .issuer_name(pki.issuing.cert.subject)
            .last_update(now - dt.timedelta(days=1))
            .next_update(now + dt.timedelta(days=30))
        )
        if revoked:
            builder = builder.add_revoked_certificate(
                x509.RevokedCertificateBuilder()
                .serial_number(signer_cert.serial_number)
                .revocation_date(now - dt.timedelta(days=2))
                .build()
            )
        return asn1_crl.CertificateList.load(
            builder.sign(pki.issuing.key, hashes.SHA256()).public_bytes(Encoding.DER)
        )

    def with_dss(revoked: bool) -> bytes:
        # Written straight into the DSS (pyHanko's add_validation_info refuses a revoked
        # certificate), as an incremental update after the signature.
        out = io.BytesIO(signed)
        DocumentSecurityStore.add_dss(out, None, crls=[crl(revoked)])
        return out.getvalue()

    [good] = verify_signatures(with_dss(revoked=False), trust_roots=[pki.trust_file])
    assert good.valid and good.revocation_checked
    assert good.coverage is Coverage.ALLOWED_UPDATES  # a DSS update is allowed after signing

    [revoked] = verify_signatures(with_dss(revoked=True), trust_roots=[pki.trust_file])
    assert not revoked.valid and revoked.trust is Trust.REVOKED
    assert _rules(rule_findings([revoked], [COUNCIL])) == [("signature-invalid", "error")]


# --- rules ------------------------------------------------------------------------------------


def _check(**changes: object) -> SignatureCheck:
    base = SignatureCheck(
        index=1,
        field_name="Signature1",
        signer_name="Paul Robinson",
        signer_organisation="Derby City Council",
        certificate_subject="Common Name: Paul Robinson, Organization: Derby City Council",
        signed_at=None,
        timestamped=False,
        intact=True,
        coverage=Coverage.ENTIRE_FILE,
        trusted=True,
        trust=Trust.TRUSTED,
        trust_problem=None,
        revocation_checked=False,
        valid=True,
        problem=None,
    )
    return replace(base, **changes)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("organisation", "common_name", "partner", "matches"),
    [
        ("DERBY CITY COUNCIL", "Paul Robinson", "Derby City Council", True),
        ("Derby City Council.", None, "derby city council", True),
        ("The Derby Carers' Trust", None, "Derby Carers Trust", True),
        ("Age UK & Derby", None, "Age UK and Derby", True),
        (None, "Derby City Council", "Derby City Council", True),
        ("Derby City Council", None, "NHS Derby City", False),
        ("Derby Homes", None, "Derby City Council", False),
    ],
)
def test_partner_names_match_without_case_or_punctuation(
    organisation: str | None, common_name: str | None, partner: str, matches: bool
) -> None:
    check = _check(signer_organisation=organisation, signer_name=common_name)
    rules = {f.rule for f in rule_findings([check], [partner])}
    assert (rules == set()) is matches
    if not matches:
        assert rules == {"partner-not-signed", "signer-not-a-partner"}


def test_a_broken_signature_does_not_count_as_the_partner_signing() -> None:
    broken = _check(intact=False, valid=False, coverage=Coverage.UNKNOWN, problem="corrupt")
    assert _rules(rule_findings([broken], [COUNCIL])) == [
        ("signature-invalid", "error"),
        ("partner-not-signed", "warning"),
    ]


def test_no_partners_listed_means_no_partner_rules() -> None:
    assert rule_findings([_check(signer_organisation="Anyone")], []) == []


# --- signing ----------------------------------------------------------------------------------


def test_signing_never_overwrites(tmp_path: Path, council_key: Path) -> None:
    dest = tmp_path / "signed.pdf"
    dest.write_bytes(b"already here")
    with pytest.raises(OutputExistsError):
        sign_pdf(AGREEMENT, dest, key_file=council_key, passphrase=PASSPHRASE)
    assert dest.read_bytes() == b"already here"
    assert [p.name for p in tmp_path.iterdir()] == ["signed.pdf"]


def test_signing_with_a_wrong_passphrase_or_a_bad_key_file(
    tmp_path: Path, council_key: Path
) -> None:
    with pytest.raises(SigningError, match="passphrase"):
        sign_pdf(AGREEMENT, tmp_path / "a.pdf", key_file=council_key, passphrase=b"wrong")
    junk = tmp_path / "junk.p12"
    junk.write_bytes(b"not pkcs12")
    with pytest.raises(SigningError):
        sign_pdf(AGREEMENT, tmp_path / "b.pdf", key_file=junk, passphrase=None)
    assert not (tmp_path / "a.pdf").exists() and not (tmp_path / "b.pdf").exists()


def test_signing_an_already_signed_field_is_refused(
    tmp_path: Path, signed_once: bytes, council_key: Path, pki: Pki
) -> None:
    source = tmp_path / "council.pdf"
    source.write_bytes(signed_once)
    with pytest.raises(SigningError, match="already signed"):
        sign_pdf(
            source,
            tmp_path / "again.pdf",
            key_file=council_key,
            passphrase=PASSPHRASE,
            field_name="Signature1",
        )


def test_signing_with_an_explicit_box_and_no_table(
    tmp_path: Path, council_key: Path, pki: Pki
) -> None:
    data = _sign(tmp_path, council_key, box=(72, 72, 272, 132), page=0, field_name="Council")
    [check] = verify_signatures(data, trust_roots=[pki.trust_file])
    assert check.valid and check.field_name == "Council"
    reader = pypdf.PdfReader(io.BytesIO(data))
    annots: Any = reader.pages[0]["/Annots"]
    [annot] = annots
    assert [float(v) for v in annot.get_object()["/Rect"]] == [72, 72, 272, 132]


# --- into the record, the report and the progress ---------------------------------------------


def _agreement(**changes: object) -> Any:
    from ptk_docs import PartnershipAgreement, Signatory

    data: dict[str, Any] = {
        "partnership_name": "Community Safety Partnership",
        "partners": [{"organisation": COUNCIL}, {"organisation": "NHS Derby City"}],
        "signatories": [
            Signatory(organisation="The Derby City Council", name="P. Robinson"),
            Signatory(organisation="NHS Derby City"),
        ],
    }
    data.update(changes)
    return PartnershipAgreement.model_validate(data)


def test_signatures_are_merged_into_the_signatories_rows_by_organisation() -> None:
    from ptk_docs._read.signatures import merge_signatures

    when = dt.datetime(2026, 12, 1, 10, 30, tzinfo=dt.UTC)
    provenance: dict[str, Any] = {}
    warnings: list[str] = []
    merged = merge_signatures(
        _agreement(),
        [
            _check(signed_at=when),
            _check(index=2, field_name="Signature2", signer_organisation="Acme Ltd", signed_at=when),
            _check(index=3, field_name="Signature3", signer_organisation="NHS Derby City",
                   intact=False, valid=False, coverage=Coverage.UNKNOWN),
        ],
        provenance,
        warnings,
    )  # fmt: skip
    council, nhs, acme = merged.signatories
    # "The Derby City Council" in the table is the certificate's "Derby City Council".
    assert (council.signed, council.signed_at, council.name) == (True, when, "P. Robinson")
    assert council.date_signed == when.date()
    assert council.certificate_subject is not None
    # A broken signature does not sign.
    assert (nhs.signed, nhs.signed_at) == (False, None)
    # A signer with no row gets one, said to come from the signature.
    assert (acme.organisation, acme.name, acme.signed) == ("Acme Ltd", "Paul Robinson", True)
    assert provenance["signatories[2]"]["location"] == "digital signature 2"
    assert provenance["signatories[0].signed_at"] == {
        "source": "digital-signature",
        "location": "digital signature 1",
    }
    assert warnings == []


def test_an_unsigned_pdf_leaves_the_signatories_alone() -> None:
    from ptk_docs._read.signatures import merge_signatures

    record = _agreement()
    assert merge_signatures(record, [], {}, []) is record
    assert {s.signed for s in record.signatories} == {None}


def test_a_signing_date_before_the_agreement_keeps_the_signature_not_the_date() -> None:
    from ptk_docs._read.signatures import merge_signatures

    early = dt.datetime(2010, 1, 1, tzinfo=dt.UTC)
    warnings: list[str] = []
    record = _agreement(date_of_agreement=dt.date(2011, 7, 8))
    merged = merge_signatures(record, [_check(signed_at=early)], {}, warnings)
    assert merged.signatories[0].signed is True
    assert merged.signatories[0].date_signed is None
    assert warnings and "before the date of agreement" in warnings[0]


def test_partners_signed_counts_intact_and_valid_signatures() -> None:
    from ptk_docs._check.signatures import partners_signed

    record = _agreement()
    untrusted = _check(
        index=2, signer_organisation="NHS Derby City", trusted=False,
        trust=Trust.UNTRUSTED_ROOT, valid=False, problem="untrusted root",
    )  # fmt: skip
    assert partners_signed(record, [_check()]) == (2, 1, 1)
    assert partners_signed(record, [_check(), untrusted]) == (2, 2, 1)


@pytest.mark.parametrize(
    ("counts", "phrase"),
    [
        ((3, 3, 3), "signed by 3 of 3 partners (verified)"),
        ((3, 2, 2), "signed by 2 of 3 partners (verified)"),
        ((3, 3, 2), "signed by 3 of 3 partners (2 verified)"),
        ((3, 3, 0), "signed by 3 of 3 partners (not verified)"),
        ((3, 0, 0), "digitally signed by none of 3 partners"),
        ((None, None, None), None),
    ],
)
def test_the_progress_row_says_how_many_partners_signed(
    counts: tuple[int | None, int | None, int | None], phrase: str | None
) -> None:
    from ptk_docs._records.report import ProgressRow

    total, signed, verified = counts
    row = ProgressRow(
        partnership="Community Safety Partnership",
        partners_to_sign=total,
        partners_digitally_signed=signed,
        partners_verified=verified,
    )
    assert row.digital_signatures == phrase


def test_the_check_report_lists_signatures_only_for_a_pdf() -> None:
    from ptk_docs import CheckReport

    assert "signatures" not in CheckReport("agreement").to_json()
    report = CheckReport("agreement", signatures=[_check(signed_at=dt.datetime(2026, 12, 1))])
    [listed] = report.to_json()["signatures"]
    assert listed["signer"] == "Paul Robinson" and listed["organisation"] == COUNCIL
    assert listed["signed_at"] == "2026-12-01T00:00:00"
    assert (listed["integrity"], listed["trust"], listed["revocation_checked"]) == (
        "entire-file",
        "trusted",
        False,
    )
    assert "Digital signatures:" in report.to_text()


def test_checking_takes_no_longer_than_allowed(signed_twice: bytes, pki: Pki) -> None:
    with pytest.raises(LimitExceededError, match="max_seconds"):
        verify_signatures(signed_twice, trust_roots=[pki.trust_file], max_seconds=0.001)
    # Generous time: the same file checks as usual.
    assert len(verify_signatures(signed_twice, max_seconds=60)) == 2


@pytest.mark.parametrize(
    "byte_range",
    [b"0 10 99999999 10", b"-5 10 20 -3", b"/A /B /C /D", b"0 10", b"0 99999999999999999999 1 1"],
    ids=["beyond-the-end", "negative", "not-numbers", "two-numbers", "huge"],
)
def test_a_malformed_byte_range_is_an_invalid_signature(
    signed_once: bytes, byte_range: bytes
) -> None:
    match = re.search(rb"/ByteRange\s*\[([^\]]*)\]", signed_once)
    assert match is not None
    start, end = match.span(1)
    data = signed_once[:start] + byte_range.ljust(end - start)[: end - start] + signed_once[end:]
    [check] = verify_signatures(data)
    assert not check.intact and not check.valid
    assert _rules(rule_findings([check], [COUNCIL]))[0] == ("signature-invalid", "error")
