"""Document number formats: one gapless series per document type and year."""

from __future__ import annotations

from dataclasses import dataclass

from centre_app.domain.errors import DomainError


@dataclass(frozen=True)
class DocType:
    code: str
    label: str
    default_format: str


DOC_TYPES: dict[str, DocType] = {
    d.code: d
    for d in (
        DocType("REC", "Reçu", "REC-{year}-{seq:06d}"),
        DocType("DEC", "Bon de décaissement", "DEC-{year}-{seq:06d}"),
        DocType("ANR", "Annulation de reçu", "ANR-{year}-{seq:06d}"),
        DocType("CBV", "Contrat de vente de bétail", "CBV-{year}-{seq:04d}"),
        DocType("ACB", "Annulation de contrat de vente de bétail", "ACB-{year}-{seq:04d}"),
        DocType("BPV", "Bon de paiement vendeur", "BPV-{year}-{seq:05d}"),
        DocType("CMD", "Bon de commande", "CMD-{year}-{seq:05d}"),
        DocType("BL", "Bon de livraison", "BL-{year}-{seq:05d}"),
        DocType("BR", "Bon de réception", "BR-{year}-{seq:05d}"),
        DocType("MVT", "Mouvement de stock", "MVT-{year}-{seq:06d}"),
        DocType("INV", "Inventaire", "INV-{year}-{seq:04d}"),
        DocType("COP", "Contrat OP", "COP-{year}-{seq:04d}"),
        DocType("CLO", "Clôture", "CLO-{year}-{seq:05d}"),
    )
}


def format_number(fmt: str, year: int, seq: int) -> str:
    try:
        return fmt.format(year=year, seq=seq)
    except (KeyError, IndexError, ValueError):
        raise DomainError("numbering.bad_format", format=fmt) from None


def validate_format(fmt: str) -> str:
    """A format must contain the sequence and render distinct numbers (checked on two samples)."""
    if "{seq" not in fmt:
        raise DomainError("numbering.bad_format", format=fmt)
    if format_number(fmt, 2026, 1) == format_number(fmt, 2026, 2):
        raise DomainError("numbering.bad_format", format=fmt)
    return fmt
