"""Digital signatures in a PDF, read and applied with pyHanko: verify, sign, find the signing box.

This is I/O on a PDF (what the signatures show), kept apart from what they mean for an agreement:
the rules (``partner-not-signed``, ...) are in ``ptk_docs._check.signatures``, and the signatures
go into a parsed record in ``ptk_docs._read.signatures``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import hashlib
import io
import os
import ssl
import tempfile
import unicodedata
import warnings
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ptk_docs._errors import (
    DocumentError,
    LimitExceededError,
    OutputExistsError,
    PtkError,
    SigningError,
)
from ptk_docs._io.files import exists
from ptk_docs._io.guard import deadline
from ptk_docs._records._base import name_key

if TYPE_CHECKING:
    from asn1crypto import x509

__all__ = [
    "INVALIDATING_TRUST",
    "MAX_PDF_BYTES",
    "MAX_SIGNATURES",
    "Coverage",
    "SignatureCheck",
    "SigningError",
    "Trust",
    "find_signature_box",
    "load_pyhanko",
    "may_be_signed",
    "organisation_key",
    "recent_verification",
    "sign_pdf",
    "signer_keys",
    "verify_signatures",
]

#: A returned agreement larger than this is refused before pyHanko parses it.
MAX_PDF_BYTES = 50 * 1024 * 1024
#: More signature fields than this is not an agreement but a hostile file.
MAX_SIGNATURES = 50

Box = tuple[float, float, float, float]

_CERT_SUFFIXES = {".pem", ".crt", ".cer", ".der"}
_BOX_SEARCH_PAGES = 20


class Coverage(StrEnum):
    """What a signature covers, and whether what came after it was allowed."""

    #: The signature covers every byte of the file: nothing was added after signing.
    ENTIRE_FILE = "entire-file"
    #: Later updates exist, but only ones a signed PDF may have: more signatures, form filling,
    #: validation data (LTV) and document timestamps.
    ALLOWED_UPDATES = "entire-revision-with-allowed-updates"
    #: Text, pages or other content were changed after this signature was applied.
    CHANGED_AFTER_SIGNING = "changed-after-signing"
    #: The signature does not even cover the whole revision it signs: malformed or tampered.
    PARTIAL = "partial"
    #: The signature could not be read, so what it covers is not known.
    UNKNOWN = "unknown"


class Trust(StrEnum):
    """Whether the signer's certificate is trusted, and if not, why not (machine-readable)."""

    TRUSTED = "trusted"
    UNTRUSTED_ROOT = "untrusted-root"
    EXPIRED = "expired"
    NOT_YET_VALID = "not-yet-valid"
    REVOKED = "revoked"
    #: The certificate chain is trusted but the certificate is not fit for signing documents
    #: (key usage, weak algorithm, policy), or the signature's timestamp is not trusted.
    REJECTED = "rejected"
    #: Not checked: the signature itself could not be read or does not match the document.
    UNKNOWN = "unknown"


#: Certificate problems that make the signature itself invalid rather than merely untrusted.
INVALIDATING_TRUST = {Trust.EXPIRED, Trust.NOT_YET_VALID, Trust.REVOKED}


@dataclass(frozen=True)
class SignatureCheck:
    """What one embedded digital signature shows, in the order the signatures were applied."""

    #: 1-based, in signing order: "digital signature 2" is the second one applied.
    index: int
    #: The PDF form field holding the signature (fully qualified, e.g. ``Signature1``).
    field_name: str
    #: The certificate subject's common name (CN), usually a person or the organisation.
    signer_name: str | None
    #: The certificate subject's organisation (O), matched against the partners.
    signer_organisation: str | None
    #: The whole certificate subject, e.g. ``Common Name: Paul Robinson, Organization: ...``.
    certificate_subject: str | None
    #: When it was signed: the timestamp token's time if there is one, else the signer's clock.
    signed_at: dt.datetime | None
    #: True when ``signed_at`` comes from a timestamp token rather than the signer's own clock.
    timestamped: bool
    #: The signature is cryptographically sound and matches the bytes it covers.
    intact: bool
    coverage: Coverage
    #: The signer's certificate chains to a trusted root and was good at the signing time.
    trusted: bool
    trust: Trust
    #: Why it is not trusted, in words, e.g. "untrusted root: ..." (None when trusted).
    trust_problem: str | None
    #: Revocation data (CRL or OCSP, embedded in the PDF) confirmed the certificate was not revoked.
    revocation_checked: bool
    #: Intact, trusted, and nothing but allowed updates after it: the signature holds.
    valid: bool
    #: The one line an officer needs when ``valid`` is false (None when valid).
    problem: str | None

    @property
    def label(self) -> str:
        """How a message names this signature: ``digital signature 2 (Signature2)``."""
        return f"digital signature {self.index} ({self.field_name})"

    def to_json(self) -> dict[str, Any]:
        """One signature as ``ptk check --json`` lists it."""
        return {
            "index": self.index,
            "field": self.field_name,
            "signer": self.signer_name,
            "organisation": self.signer_organisation,
            "certificate_subject": self.certificate_subject,
            "signed_at": self.signed_at.isoformat() if self.signed_at else None,
            "timestamped": self.timestamped,
            "intact": self.intact,
            "integrity": self.coverage.value,
            "trusted": self.trusted,
            "trust": self.trust.value,
            "trust_problem": self.trust_problem,
            "revocation_checked": self.revocation_checked,
            "valid": self.valid,
            "problem": self.problem,
        }


# ---------------------------------------------------------------------------------------------
# Verifying


def may_be_signed(data: bytes) -> bool:
    """False when a PDF certainly holds no signature (no signature dictionary, no signature
    field): most returns, which then skip pyHanko, and the two seconds its import takes."""
    return b"/ByteRange" in data or b"/Sig" in data


def load_pyhanko() -> None:
    """Import pyHanko's validation now (about 2 s on a busy machine), so that a deadline set
    on checking a document is not spent on an import."""
    # heavy dependency, loaded on first use
    import pyhanko.sign.validation
    import pyhanko.sign.validation.dss  # noqa: F401


def verify_signatures(
    source: Path | bytes,
    *,
    trust_roots: Sequence[Path] | None = None,
    use_system_store: bool = False,
    max_bytes: int = MAX_PDF_BYTES,
    max_seconds: float | None = None,
) -> list[SignatureCheck]:
    """Check every digital signature in a PDF; an unsigned PDF gives ``[]``.

    ``trust_roots`` are PEM (or DER) certificate files, or folders of them (``*.pem``, ``*.crt``,
    ``*.cer``, ``*.der``); a PEM file may hold many certificates. ``use_system_store`` adds the
    machine's TLS roots (rarely what signs documents). With neither, no signature is trusted.

    Nothing is fetched: revocation is checked only against data embedded in the PDF (the DSS of
    an LTV-enabled file, or the signature's own revocation archive) and a certificate whose
    revocation data is missing is not held against the signer ("soft fail"). A certificate is
    judged at the signing time: the timestamp token's if present, otherwise the signer's claimed
    time (which a signer can set: only a timestamp proves it).

    Raises ``DocumentError`` (one line) for a file that is not a readable PDF, is encrypted with
    a password, or is larger than ``max_bytes`` or holds more than ``MAX_SIGNATURES`` signatures
    (``LimitExceededError``), or takes longer than ``max_seconds`` to read the signature fields,
    or than ``max_seconds`` a signature (for up to 10) to check them (pyHanko's import not
    counted; ``LimitExceededError``). A single broken signature is reported as a
    ``SignatureCheck`` with ``valid=False`` rather than raised. Call it outside a running
    asyncio event loop (pyHanko runs its own).
    """
    data = _read_pdf_bytes(source, max_bytes)
    roots = _load_trust_roots(trust_roots or (), use_system_store)

    load_pyhanko()  # before the clock starts

    timed_out: str | None = None
    with warnings.catch_warnings():
        # The deadline may stop pyHanko between making a coroutine and running it; that
        # coroutine, dropped with the interrupted frames, is not a problem to warn about.
        warnings.filterwarnings(
            "ignore", message="coroutine .* was never awaited", category=RuntimeWarning
        )
        try:
            checks = _verify(data, roots, max_seconds)
        except LimitExceededError as error:
            timed_out = str(error)
        if timed_out is not None:
            gc.collect()
    if timed_out is not None:
        raise LimitExceededError(timed_out)
    _remember(data, checks)
    return checks


#: A PDF with many signatures gets ``max_seconds`` for each, up to this many (then no more).
_SECONDS_FOR_SIGNATURES = 10


def _within(seconds: float | None) -> contextlib.AbstractContextManager[None]:
    if seconds is None:
        return contextlib.nullcontext()
    return deadline(seconds, "checking the PDF's digital signatures")


#: The last few verifications, by the SHA-256 of the PDF: ``check`` verifies a PDF against the
#: council's roots and then parses it, and parse needs only what does not depend on the roots
#: (intact or not, who, when), so it reuses them rather than verify again (the diff analysis
#: of every later revision is most of the cost: about 0.3 s a signature).
_RECENT: OrderedDict[bytes, list[SignatureCheck]] = OrderedDict()
_RECENT_SIZE = 8


def _remember(data: bytes, checks: list[SignatureCheck]) -> None:
    key = hashlib.sha256(data).digest()
    _RECENT[key] = checks
    _RECENT.move_to_end(key)
    while len(_RECENT) > _RECENT_SIZE:
        _RECENT.popitem(last=False)


def recent_verification(data: bytes) -> list[SignatureCheck] | None:
    """The signatures of exactly these bytes as last verified in this process, if recently.

    Whether each is intact, who signed and when do not depend on the trust roots it was
    verified against; ``trusted``, ``trust`` and ``valid`` do, so callers use only the former.
    """
    return _RECENT.get(hashlib.sha256(data).digest())


def _verify(
    data: bytes, roots: list[x509.Certificate], max_seconds: float | None
) -> list[SignatureCheck]:
    """Read the signature fields within ``max_seconds``, then check them within ``max_seconds``
    a signature (each one's diff analysis reads every later revision: about 0.1 s of CPU for
    a signature on a 7-page agreement, several times that in wall time on a busy machine)."""
    # heavy dependency, loaded on first use
    from pyhanko.sign.fields import enumerate_sig_fields

    with _within(max_seconds):
        reader = _open_reader(data)
        try:
            found = []
            for entry in enumerate_sig_fields(reader, filled_status=True):
                found.append(entry)
                if len(found) > MAX_SIGNATURES:
                    raise LimitExceededError(
                        f"the PDF has more than {MAX_SIGNATURES} signatures; "
                        "it is not a returned agreement"
                    )
            dss = _read_dss(reader)
        except PtkError:
            raise
        except Exception as exc:
            raise DocumentError(
                f"cannot read the signature fields of the PDF: {_say(exc)}"
            ) from exc
    budget = (
        None
        if max_seconds is None
        else max_seconds * max(1, min(len(found), _SECONDS_FOR_SIGNATURES))
    )

    ordered = sorted(
        (
            (_signed_revision(reader, field_ref), n, name, field_ref)
            for n, (name, _v, field_ref) in enumerate(found)
        ),
        key=lambda item: (item[0], item[1]),
    )
    checks: list[SignatureCheck] = []
    with _within(budget):
        for _revision, _n, name, field_ref in ordered:
            check = _check_one(reader, str(name), field_ref, len(checks) + 1, roots, dss)
            if check is not None:
                checks.append(check)
    return checks


def _read_pdf_bytes(source: Path | bytes, max_bytes: int) -> bytes:
    if isinstance(source, bytes | bytearray | memoryview):
        data = bytes(source)
        what = "the PDF"
    else:
        path = Path(source)
        what = path.name
        try:
            size = path.stat().st_size
            if size > max_bytes:
                raise LimitExceededError(
                    f"{what} is {size:,} bytes, over the {max_bytes:,}-byte limit for a PDF"
                )
            data = path.read_bytes()
        except OSError as exc:
            raise DocumentError(f"cannot read {what}: {exc.strerror or exc}") from exc
    if len(data) > max_bytes:
        raise LimitExceededError(
            f"{what} is {len(data):,} bytes, over the {max_bytes:,}-byte limit for a PDF"
        )
    if b"%PDF-" not in data[:1024]:
        raise DocumentError(f"{what} is not a PDF (no %PDF- header)")
    return data


def _open_reader(data: bytes) -> Any:
    # heavy dependency, loaded on first use
    from pyhanko.pdf_utils.crypt import AuthStatus
    from pyhanko.pdf_utils.reader import PdfFileReader

    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
    except Exception as exc:
        raise DocumentError(f"cannot read the PDF: {_say(exc)}") from exc
    if reader.encrypted:
        try:
            result = reader.decrypt(b"")
            ok = result.status != AuthStatus.FAILED
        except Exception:
            ok = False
        if not ok:
            raise DocumentError(
                "the PDF is encrypted with a password; ask for a copy without a password"
            )
    return reader


def _signed_revision(reader: Any, field_ref: Any) -> int:
    """The revision a signature was added in, so signatures come in signing order."""
    try:
        value_ref = field_ref.get_object().raw_get("/V")
        return int(reader.xrefs.get_last_change(value_ref.reference))
    except Exception:
        return 1 << 30


def _read_dss(reader: Any) -> Any:
    """The document security store (LTV validation data), or None."""
    # heavy dependency, loaded on first use
    from pyhanko.sign.validation.dss import DocumentSecurityStore
    from pyhanko.sign.validation.errors import NoDSSFoundError

    try:
        return DocumentSecurityStore.read_dss(reader)
    except NoDSSFoundError:
        return None


def _check_one(
    reader: Any,
    field_name: str,
    field_ref: Any,
    index: int,
    roots: list[x509.Certificate],
    dss: Any,
) -> SignatureCheck | None:
    """Check one filled signature field; None for a document timestamp (not a signature)."""
    # heavy dependency, loaded on first use
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.pdf_embedded import EmbeddedPdfSignature

    try:
        embedded = EmbeddedPdfSignature(reader, field_ref, field_name)
        if embedded.sig_object_type == "/DocTimeStamp":
            return None
        signer_cert = embedded.signer_cert
    except Exception as exc:
        return _broken(index, field_name, f"the signature cannot be read: {_say(exc)}")

    subject = _subject(signer_cert)
    try:
        signed_at, timestamped = _claimed_time(embedded)
        context, crls, ocsps = _validation_context(roots, dss, embedded, signed_at)
        status = validate_pdf_signature(
            embedded,
            signer_validation_context=context,
            key_usage_settings=_key_usage(),
        )
    except Exception as exc:
        return _broken(index, field_name, f"the signature cannot be checked: {_say(exc)}", subject)

    intact = bool(status.intact and status.valid)
    coverage = _coverage(status)
    trust, trust_problem = _trust(status, timestamped) if intact else (Trust.UNKNOWN, None)
    trusted = trust is Trust.TRUSTED
    revocation_checked = trusted and _revocation_checked(signer_cert, crls, ocsps)
    problem: str | None = None
    if not intact:
        problem = (
            "the signature does not match the document: the file was altered or the "
            "signature is corrupt"
        )
    elif coverage is Coverage.PARTIAL:
        problem = "the signature does not cover the whole document it claims to sign"
    elif coverage is Coverage.CHANGED_AFTER_SIGNING:
        problem = "the document was changed after this signature was applied"
    elif coverage is Coverage.UNKNOWN:
        problem = "what the signature covers could not be worked out"
    elif not trusted:
        problem = trust_problem
    reported = status.signer_reported_dt
    if status.timestamp_validity is not None:
        signed_at, timestamped = status.timestamp_validity.timestamp, True
    elif reported is not None:
        signed_at = reported
    return SignatureCheck(
        index=index,
        field_name=field_name,
        signer_name=subject[0],
        signer_organisation=subject[1],
        certificate_subject=subject[2],
        signed_at=signed_at,
        timestamped=timestamped,
        intact=intact,
        coverage=coverage,
        trusted=trusted,
        trust=trust,
        trust_problem=trust_problem,
        revocation_checked=revocation_checked,
        valid=problem is None,
        problem=problem,
    )


def _broken(
    index: int,
    field_name: str,
    problem: str,
    subject: tuple[str | None, str | None, str | None] = (None, None, None),
) -> SignatureCheck:
    return SignatureCheck(
        index=index,
        field_name=field_name,
        signer_name=subject[0],
        signer_organisation=subject[1],
        certificate_subject=subject[2],
        signed_at=None,
        timestamped=False,
        intact=False,
        coverage=Coverage.UNKNOWN,
        trusted=False,
        trust=Trust.UNKNOWN,
        trust_problem=None,
        revocation_checked=False,
        valid=False,
        problem=problem,
    )


def _subject(cert: x509.Certificate) -> tuple[str | None, str | None, str | None]:
    """(common name, organisation, whole subject) of a certificate, tolerating odd encodings."""
    try:
        native = cert.subject.native
        name = native.get("common_name") if isinstance(native, dict) else None
        org = native.get("organization_name") if isinstance(native, dict) else None
        human = str(cert.subject.human_friendly)
    except Exception:
        return None, None, None

    def first(value: object) -> str | None:
        if isinstance(value, list | tuple):
            value = value[0] if value else None
        return str(value) if value is not None else None

    return first(name), first(org), human


def _claimed_time(embedded: Any) -> tuple[dt.datetime | None, bool]:
    """The time to judge the certificate at: a timestamp token's, else the signer's claim."""
    # heavy dependency, loaded on first use
    from pyhanko.sign.general import find_unique_cms_attribute

    try:
        token = find_unique_cms_attribute(
            embedded.signer_info["unsigned_attrs"], "signature_time_stamp_token"
        )
        tst_info = token["content"]["encap_content_info"]["content"].parsed
        gen_time = tst_info["gen_time"].native
        if isinstance(gen_time, dt.datetime):
            return gen_time, True
    except Exception:
        pass
    try:
        claimed = embedded.self_reported_timestamp
    except Exception:
        claimed = None
    return (claimed if isinstance(claimed, dt.datetime) else None), False


def _validation_context(
    roots: list[x509.Certificate],
    dss: Any,
    embedded: Any,
    signed_at: dt.datetime | None,
) -> tuple[Any, list[Any], list[Any]]:
    """A context that trusts ``roots`` only, fetches nothing, and judges at the signing time.

    Returns the context and the CRLs and OCSP responses it was given (from the document
    security store and the signature's own revocation archive).
    """
    # heavy dependency, loaded on first use
    from asn1crypto import crl as asn1_crl
    from asn1crypto import ocsp as asn1_ocsp
    from pyhanko.sign.general import find_unique_cms_attribute
    from pyhanko_certvalidator import ValidationContext

    now = dt.datetime.now(dt.UTC)
    moment = now
    if signed_at is not None:
        if signed_at.tzinfo is None:
            signed_at = signed_at.replace(tzinfo=dt.UTC)
        moment = min(signed_at, now)
    crls: list[Any] = []
    ocsps: list[Any] = []
    certs: list[Any] = []
    with contextlib.suppress(Exception):
        archive = find_unique_cms_attribute(
            embedded.signer_info["signed_attrs"], "adobe_revocation_info_archival"
        )
        crls.extend(archive["crl"])
        ocsps.extend(archive["ocsp"])
    if dss is not None:
        certs.extend(dss.load_certs())
        for ref in dss.crls:
            with contextlib.suppress(Exception):
                crls.append(asn1_crl.CertificateList.load(_stream_bytes(ref, "CRL")))
        for ref in dss.ocsps:
            with contextlib.suppress(Exception):
                ocsps.append(asn1_ocsp.OCSPResponse.load(_stream_bytes(ref, "OCSP_RESPONSE")))
    context = ValidationContext(
        trust_roots=roots,
        other_certs=certs,
        allow_fetching=False,
        revocation_mode="soft-fail",
        moment=moment,
        crls=crls,
        ocsps=ocsps,
    )
    return context, crls, ocsps


def _stream_bytes(ref: Any, purpose: str) -> bytes:
    """A DSS stream, decoded within pyHanko's decode limits in versions that have them."""
    stream = ref.get_object()
    try:
        # heavy dependency, loaded on first use
        from pyhanko.pdf_utils.decode_limits import DecodePurpose
    except ImportError:  # older pyHanko: no decode limits, but the file size is bounded
        return bytes(stream.data)
    return bytes(stream.read_data(getattr(DecodePurpose, purpose)))


def _key_usage() -> Any:
    """Accept digitalSignature or nonRepudiation: council certificates carry either."""
    # heavy dependency, loaded on first use
    from pyhanko.sign.validation.settings import KeyUsageConstraints

    return KeyUsageConstraints(
        key_usage={"digital_signature", "non_repudiation"}, match_all_key_usages=False
    )


def _coverage(status: Any) -> Coverage:
    # heavy dependency, loaded on first use
    from pyhanko.sign.diff_analysis import ModificationLevel
    from pyhanko.sign.validation.status import SignatureCoverageLevel

    if status.coverage == SignatureCoverageLevel.ENTIRE_FILE:
        return Coverage.ENTIRE_FILE
    if status.coverage != SignatureCoverageLevel.ENTIRE_REVISION:
        return Coverage.PARTIAL
    level = status.modification_level
    if level is None:
        return Coverage.UNKNOWN
    if status.docmdp_ok is False or level not in (
        ModificationLevel.NONE,
        ModificationLevel.LTA_UPDATES,
        ModificationLevel.FORM_FILLING,
    ):
        return Coverage.CHANGED_AFTER_SIGNING
    return Coverage.ALLOWED_UPDATES


def _trust(status: Any, timestamped: bool) -> tuple[Trust, str | None]:
    """Trust of an intact signature's certificate, and the problem in words."""
    when = "the signing time (from the timestamp)" if timestamped else "the signing time"
    if status.trusted:
        stamp = status.timestamp_validity
        if stamp is not None and not (stamp.intact and stamp.valid and stamp.trusted):
            return (
                Trust.REJECTED,
                "the signature's timestamp is broken or not from a trusted source",
            )
        return Trust.TRUSTED, None
    details = status.revocation_details
    if details is not None:
        whose = (
            "a certificate authority above the signer"
            if details.ca_revoked
            else "the signer's certificate"
        )
        return Trust.REVOKED, f"{whose} was revoked on {details.revocation_date:%d %B %Y}"
    code = getattr(status.trust_problem_indic, "name", "") or ""
    if code in ("EXPIRED", "OUT_OF_BOUNDS_NO_POE", "OUT_OF_BOUNDS_NOT_REVOKED"):
        return Trust.EXPIRED, f"certificate expired: it had expired at {when}"
    if code == "NOT_YET_VALID":
        return Trust.NOT_YET_VALID, f"certificate not yet valid at {when}"
    if code in ("REVOKED", "REVOKED_NO_POE", "REVOKED_CA_NO_POE"):
        return Trust.REVOKED, "certificate revoked"
    if code == "NO_CERTIFICATE_CHAIN_FOUND" or status.validation_path is None:
        return (
            Trust.UNTRUSTED_ROOT,
            "untrusted root: the signer's certificate does not lead to a trusted root certificate",
        )
    if code == "SIG_CONSTRAINTS_FAILURE":
        return Trust.REJECTED, "the signer's certificate is not meant for signing documents"
    if code.startswith("CRYPTO_CONSTRAINTS_FAILURE"):
        return Trust.REJECTED, "the signature or certificate uses an algorithm too weak to trust"
    if code == "TRY_LATER":
        return Trust.REJECTED, "the certificate's revocation status could not be established"
    return (
        Trust.REJECTED,
        f"the signer's certificate was not accepted ({code.lower() or 'no reason given'})",
    )


def _revocation_checked(cert: x509.Certificate, crls: list[Any], ocsps: list[Any]) -> bool:
    """Embedded revocation data covers the (trusted, hence not revoked) signer's certificate.

    pyHanko checks every CRL or OCSP response that matches and rejects the certificate when
    one says it is revoked or cannot be relied on; with soft fail, a certificate that no
    embedded data covers is accepted unchecked. This tells the two apart.
    """
    try:
        if any(c["tbs_cert_list"]["issuer"] == cert.issuer for c in crls):
            return True
        serial = cert.serial_number
        for response in ocsps:
            basic = response["response_bytes"]["response"].parsed
            for single in basic["tbs_response_data"]["responses"]:
                if single["cert_id"]["serial_number"].native == serial:
                    return True
    except Exception:
        return False
    return False


def _load_trust_roots(paths: Sequence[Path], use_system_store: bool) -> list[x509.Certificate]:
    files: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            files.extend(
                sorted(
                    p for p in path.iterdir() if p.suffix.lower() in _CERT_SUFFIXES and p.is_file()
                )
            )
        elif path.is_file():
            files.append(path)
        else:
            raise DocumentError(f"trust root {path} does not exist")
    if use_system_store:
        files.extend(_system_store_files())
    roots: list[x509.Certificate] = []
    for path in files:
        roots.extend(_read_certificates(path))
    return roots


def _system_store_files() -> list[Path]:
    """The machine's CA bundle (read as files: pyHanko's own OS lookup is deprecated)."""
    paths = ssl.get_default_verify_paths()
    found: list[Path] = []
    if paths.cafile and Path(paths.cafile).is_file():
        found.append(Path(paths.cafile))
    elif paths.capath and Path(paths.capath).is_dir():
        found.extend(
            sorted(p for p in Path(paths.capath).iterdir() if p.suffix.lower() in {".pem", ".crt"})
        )
    return found


def _read_certificates(path: Path) -> list[x509.Certificate]:
    """Every certificate in a PEM file (one or many), or the one in a DER file."""
    # heavy dependency, loaded on first use
    from asn1crypto import pem
    from asn1crypto import x509 as asn1_x509

    try:
        data = path.read_bytes()
        if pem.detect(data):
            return [
                asn1_x509.Certificate.load(der)
                for kind, _headers, der in pem.unarmor(data, multiple=True)
                if kind in ("CERTIFICATE", "TRUSTED CERTIFICATE", "X509 CERTIFICATE")
            ]
        cert = asn1_x509.Certificate.load(data)
        cert.native  # noqa: B018 - parse fully now, so a bad file fails here and not mid-check
        return [cert]
    except Exception as exc:
        raise DocumentError(f"trust root {path} is not a certificate file: {_say(exc)}") from exc


# ---------------------------------------------------------------------------------------------
# Matching signers to organisations


def organisation_key(name: str | None) -> str:
    """An organisation's name for matching a certificate to a partner.

    :func:`name_key` (case, punctuation, "&"/"and", bracketed asides ignored), with accents and
    a leading "The" dropped too: certificates spell organisations as their issuer registered them.
    """
    if not name:
        return ""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    words = name_key(text).split()
    if words[:1] == ["the"]:
        words = words[1:]
    return " ".join(words)


def signer_keys(check: SignatureCheck) -> set[str]:
    """The organisation keys a signature speaks for: its certificate's O and CN."""
    return {
        key
        for key in (
            organisation_key(check.signer_organisation),
            organisation_key(check.signer_name),
        )
        if key
    }


# ---------------------------------------------------------------------------------------------
# Signing


def sign_pdf(
    source: Path,
    dest: Path,
    *,
    key_file: Path,
    passphrase: bytes | None,
    field_name: str | None = None,
    box: Box | None = None,
    page: int = 0,
    signer_label: str | None = None,
) -> Path:
    """Sign ``source`` with the PKCS#12 ``key_file`` into a new file ``dest``; return ``dest``.

    The signature is an incremental update (earlier signatures stay valid) in a new visible
    field: ``field_name`` or the next free ``SignatureN``, shown in ``box`` (PDF points,
    ``(x1, y1, x2, y2)`` from the bottom left) on page ``page`` (0-based). Without a box, the
    box is found in the signatures table row of ``signer_label`` (or the certificate's
    organisation), else placed at the bottom of the last page. An existing empty signature
    field of that name is signed in place. ``dest`` is written atomically and never
    overwritten (``OutputExistsError``).
    """
    # heavy dependency, loaded on first use
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers
    from pyhanko.stamp import TextStampStyle

    source, dest = Path(source), Path(dest)
    if exists(dest):
        raise OutputExistsError(f"{dest} already exists; choose another name for the signed PDF")
    data = _read_pdf_bytes(source, MAX_PDF_BYTES)
    key_file = Path(key_file)
    if not key_file.is_file():
        raise SigningError(f"key file {key_file} does not exist")
    # load_pkcs12 (unlike load_pkcs12_data, new in 0.26) returns None when it cannot load
    simple_signer: Any = signers.SimpleSigner  # load_pkcs12 is untyped
    signer = simple_signer.load_pkcs12(str(key_file), passphrase=passphrase)
    if signer is None:
        raise SigningError(
            f"cannot open the key file {key_file.name}: not a PKCS#12 (.p12/.pfx) file "
            "or the passphrase is wrong"
        )
    _name, organisation, _human = _subject(signer.signing_cert)

    try:
        writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
        if writer.prev.encrypted:
            raise SigningError("the PDF is encrypted; sign a copy without a password")
        existing = {
            str(name): bool(value) for name, value, _ref in fields.enumerate_sig_fields(writer.prev)
        }
    except PtkError:
        raise
    except Exception as exc:
        raise DocumentError(f"cannot read {source.name}: {_say(exc)}") from exc
    if field_name is None:
        number = 1
        while f"Signature{number}" in existing:
            number += 1
        field_name = f"Signature{number}"
    elif existing.get(field_name):
        raise SigningError(
            f"the PDF is already signed in field {field_name!r}; choose another field"
        )

    field_spec = None
    if field_name not in existing:
        if box is None:
            found = find_signature_box(data, signer_label or organisation or "")
            page, box = found if found is not None else _fallback_box(writer.prev)
        try:
            page_count = int(writer.prev.root["/Pages"]["/Count"])
        except Exception:
            page_count = 1
        if not 0 <= page < page_count and not -page_count <= page < 0:
            raise SigningError(f"page {page} is not in the PDF (it has {page_count} pages)")
        x1, y1, x2, y2 = (round(v) for v in box)
        field_spec = fields.SigFieldSpec(
            sig_field_name=field_name, on_page=page, box=(x1, y1, x2, y2)
        )
    stamp_text = "Digitally signed by %(signer)s\n%(ts)s"
    if signer_label:
        stamp_text = "%(label)s\n" + stamp_text
    pdf_signer = signers.PdfSigner(
        signers.PdfSignatureMetadata(field_name=field_name),
        signer=signer,
        stamp_style=TextStampStyle(stamp_text=stamp_text, timestamp_format="%d %B %Y %H:%M %Z"),
        new_field_spec=field_spec,
    )
    output = io.BytesIO()
    try:
        pdf_signer.sign_pdf(
            writer, output=output, appearance_text_params={"label": signer_label or ""}
        )
    except Exception as exc:
        raise SigningError(f"cannot sign {source.name}: {_say(exc)}") from exc
    _write_new(dest, output.getvalue())
    return dest


def _fallback_box(reader: Any) -> tuple[int, Box]:
    """A box at the foot of the last page, inside a 72-point margin."""
    try:
        count = int(reader.root["/Pages"]["/Count"])
        last = reader.find_page_for_modification(count - 1)[0]
        x0, y0, x1, _y1 = (float(v) for v in last["/MediaBox"])
    except Exception:
        count, (x0, y0, x1) = 1, (0.0, 0.0, 612.0)
    width = min(240.0, max(x1 - x0 - 144.0, 100.0))
    return max(count - 1, 0), (x0 + 72.0, y0 + 72.0, x0 + 72.0 + width, y0 + 132.0)


def _write_new(dest: Path, data: bytes) -> None:
    """Write ``dest`` atomically, refusing to replace a file that appeared in the meantime."""
    fd, tmp_name = tempfile.mkstemp(dir=dest.parent, prefix=f".{dest.name}.", suffix=".tmp")
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        tmp.chmod(0o644)
        try:
            os.link(tmp, dest)  # atomic and never overwrites
        except FileExistsError:
            raise OutputExistsError(
                f"{dest} already exists; choose another name for the signed PDF"
            ) from None
        except OSError:
            if exists(dest):
                raise OutputExistsError(
                    f"{dest} already exists; choose another name for the signed PDF"
                ) from None
            os.replace(tmp, dest)  # no hard links here (some network shares)
    finally:
        tmp.unlink(missing_ok=True)


def find_signature_box(pdf: Path | bytes, organisation: str) -> tuple[int, Box] | None:
    """Where ``organisation`` signs: (0-based page, box) in its row of the signatures table.

    Looks for a "Signature" column heading and, below it, a cell naming the organisation
    (possibly over several lines); the box spans the Signature column in that row. Only the
    last 20 pages are read (the table ends an agreement). None when the table or the
    organisation is not found (the caller then picks a box itself).
    """
    import pypdf

    key = organisation_key(organisation)
    if not key:
        return None
    data = _read_pdf_bytes(pdf, MAX_PDF_BYTES)
    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            return None
        last = len(reader.pages) - 1
        for number in range(last, max(last - _BOX_SEARCH_PAGES, -1), -1):
            found = _box_on_page(reader.pages[number], key)
            if found is not None:
                return number, found
    except Exception:
        return None
    return None


@dataclass(frozen=True)
class _Run:
    text: str
    x: float
    y: float
    size: float


def _text_runs(page: Any) -> list[_Run]:
    runs: list[_Run] = []

    def visit(text: str, cm: Sequence[float], tm: Sequence[float], _font: Any, size: float) -> None:
        if text.strip():
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            scale = abs(tm[3] * cm[3]) or 1.0
            runs.append(_Run(text.strip(), x, y, (size or 10.0) * scale))

    page.extract_text(visitor_text=visit)
    return runs


def _box_on_page(page: Any, key: str) -> Box | None:
    runs = _text_runs(page)
    headers = [r for r in runs if r.text.casefold().rstrip(":") in ("signature", "signed")]
    for header in headers:
        same_row = sorted(
            (r for r in runs if abs(r.y - header.y) < 2 and r.x > header.x + 1), key=lambda r: r.x
        )
        # The next column's heading starts a cell padding (about 5.7 pt) past the border.
        right = same_row[0].x - 8 if same_row else header.x + 160
        below = [r for r in runs if r.y < header.y - 1]
        rows = sorted({round(r.y, 1) for r in below}, reverse=True)
        for start, last in _name_runs(below, key):
            later_rows = [y for y in rows if y < last.y - 1]
            gap = (start.y - later_rows[0]) if later_rows else 3 * start.size
            top = start.y + start.size
            height = max(min(gap - 2, 48.0), 18.0)
            return (header.x - 2, top - height, right, top)
    return None


def _name_runs(runs: list[_Run], key: str) -> Iterator[tuple[_Run, _Run]]:
    """(first, last) runs of the organisation's name, read over up to four lines of one cell."""
    ordered = sorted(runs, key=lambda r: (-r.y, r.x))
    for n, run in enumerate(ordered):
        joined = ""
        column = [r for r in ordered[n:] if abs(r.x - run.x) < 2][:4]
        for part in column:
            joined = f"{joined} {part.text}"
            found = organisation_key(joined)
            if found == key or f" {key} " in f" {found} ":
                yield run, part
                break
            if not key.startswith(found):
                break


def _say(exc: BaseException) -> str:
    """One line from an exception raised by pyHanko or asn1crypto."""
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) <= 200 else text[:197] + "..."
