"""Make the example signing material in examples/derby-2011/signing/ for the README's ptk sign.

    python scripts/make_example_signing_key.py [--force]

Writes an example root certificate (``trust/example-root.pem``), a PKCS#12 key for the council's
signatory (``council.p12``, certificate O = Derby City Council, CN = Paul Robinson) issued by it,
the key's passphrase (``passphrase.txt``) and LibreOffice's PDF of the example agreement
(``agreement.pdf``) to sign. **Example only**: the private keys are public, so nothing signed
with them proves anything. The certificates run from 2026 to 2126 so the README's example keeps
working. Needs LibreOffice (for the PDF). The files are committed; run it again only to replace
them.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

import ptk_docs

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "derby-2011"
SIGNING = EXAMPLE / "signing"
PASSPHRASE = b"example only"
NOT_BEFORE = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
NOT_AFTER = dt.datetime(2126, 1, 1, tzinfo=dt.UTC)


def _name(common_name: str, organisation: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "GB"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def _certificate(
    subject: x509.Name,
    key: ec.EllipticCurvePrivateKey,
    issuer: tuple[x509.Name, ec.EllipticCurvePrivateKey] | None,
) -> x509.Certificate:
    ca = issuer is None
    issuer_name, issuer_key = issuer or (subject, key)
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(NOT_BEFORE)
        .not_valid_after(NOT_AFTER)
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=not ca,
                content_commitment=not ca,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=ca,
                crl_sign=ca,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(issuer_key, hashes.SHA256())
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--force", action="store_true", help="replace the existing files")
    args = parser.parse_args()
    if SIGNING.exists() and any(SIGNING.iterdir()) and not args.force:
        print(f"{SIGNING} exists; --force replaces it", file=sys.stderr)
        return 2
    (SIGNING / "trust").mkdir(parents=True, exist_ok=True)

    root_key = ec.generate_private_key(ec.SECP256R1())
    root_name = _name("Example Root CA (not for real use)", "ptk_docs example")
    root = _certificate(root_name, root_key, None)
    signer_key = ec.generate_private_key(ec.SECP256R1())
    signer = _certificate(
        _name("Paul Robinson", "Derby City Council"), signer_key, (root_name, root_key)
    )
    (SIGNING / "trust" / "example-root.pem").write_bytes(
        root.public_bytes(serialization.Encoding.PEM)
    )
    (SIGNING / "council.p12").write_bytes(
        pkcs12.serialize_key_and_certificates(
            b"council",
            signer_key,
            signer,
            [root],
            serialization.BestAvailableEncryption(PASSPHRASE),
        )
    )
    (SIGNING / "passphrase.txt").write_bytes(PASSPHRASE + b"\n")

    agreement = ptk_docs.load_record(EXAMPLE / "agreement.json")
    pdf = SIGNING / "agreement.pdf"
    pdf.unlink(missing_ok=True)
    ptk_docs.render(agreement, pdf)
    print(f"wrote {SIGNING}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
