"""A throwaway PKI for the signature tests, made with ``cryptography`` at test time (nothing fetched).

"Test Root CA" (trusted) issues "Test Issuing CA", which issues the partners' signing certificates
(O = the partner organisation); "Other Root CA" is a root nobody told ptk to trust.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

PASSPHRASE = b"correct horse"
NOW = dt.datetime.now(dt.UTC)


@dataclass(frozen=True)
class Issued:
    key: ec.EllipticCurvePrivateKey
    cert: x509.Certificate


def _name(common_name: str, organisation: str | None = None) -> x509.Name:
    parts = [x509.NameAttribute(NameOID.COUNTRY_NAME, "GB")]
    if organisation:
        parts.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation))
    parts.append(x509.NameAttribute(NameOID.COMMON_NAME, common_name))
    return x509.Name(parts)


def issue(
    subject: x509.Name,
    issuer: Issued | None,
    *,
    ca: bool,
    not_before: dt.datetime | None = None,
    not_after: dt.datetime | None = None,
    crl_url: str | None = None,
) -> Issued:
    """A certificate for a fresh P-256 key, self-signed when ``issuer`` is None."""
    key = ec.generate_private_key(ec.SECP256R1())
    signing_key = issuer.key if issuer else key
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer.cert.subject if issuer else subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before or NOW - dt.timedelta(days=365))
        .not_valid_after(not_after or NOW + dt.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
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
    )
    if issuer is not None:
        builder = builder.add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer.key.public_key()),
            critical=False,
        )
    if crl_url:
        point = x509.DistributionPoint(
            full_name=[x509.UniformResourceIdentifier(crl_url)],
            relative_name=None,
            reasons=None,
            crl_issuer=None,
        )
        builder = builder.add_extension(x509.CRLDistributionPoints([point]), critical=False)
    return Issued(key, builder.sign(signing_key, hashes.SHA256()))


@dataclass(frozen=True)
class Pki:
    folder: Path
    root: Issued
    issuing: Issued
    other_root: Issued

    @property
    def trust_file(self) -> Path:
        return self.folder / "trust" / "root.pem"

    @property
    def trust_folder(self) -> Path:
        return self.folder / "trust"

    def signer(
        self,
        stem: str,
        common_name: str,
        organisation: str | None,
        *,
        not_before: dt.datetime | None = None,
        not_after: dt.datetime | None = None,
        untrusted: bool = False,
        crl_url: str | None = None,
    ) -> Path:
        """A PKCS#12 file (key, certificate and chain) for a new signer; returns its path."""
        issuer = self.other_root if untrusted else self.issuing
        person = issue(
            _name(common_name, organisation),
            issuer,
            ca=False,
            not_before=not_before,
            not_after=not_after,
            crl_url=crl_url,
        )
        chain = [issuer.cert] if untrusted else [self.issuing.cert, self.root.cert]
        data = pkcs12.serialize_key_and_certificates(
            stem.encode(),
            person.key,
            person.cert,
            chain,
            serialization.BestAvailableEncryption(PASSPHRASE),
        )
        path = self.folder / f"{stem}.p12"
        path.write_bytes(data)
        return path


def make_pki(folder: Path) -> Pki:
    """Two roots, an issuing CA under the first, and the trusted root written as PEM."""
    root = issue(_name("Test Root CA", "Test Trust Services"), None, ca=True)
    issuing = issue(_name("Test Issuing CA", "Test Trust Services"), root, ca=True)
    other_root = issue(_name("Other Root CA", "Somebody Else"), None, ca=True)
    (folder / "trust").mkdir(parents=True, exist_ok=True)
    (folder / "trust" / "root.pem").write_bytes(root.cert.public_bytes(serialization.Encoding.PEM))
    return Pki(folder, root, issuing, other_root)
