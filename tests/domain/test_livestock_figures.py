"""The pure arithmetic of a livestock contract: shares, commissions, figures of each type, payout cap, states."""

from __future__ import annotations

import pytest

from centre_app.domain.errors import DomainError, message
from centre_app.domain.livestock import (
    CommissionTerms,
    FeeAmount,
    LineAmounts,
    check_transition,
    commission_amount,
    compute,
    describe_age,
    display_state,
    seller_payable,
    split_share,
)

BULLS = [LineAmounts("bovin", 2, 300_000), LineAmounts("bovin", 1, 425_000)]  # 1 025 000 F, 3 head


@pytest.mark.parametrize(
    ("amount", "payer", "shares"),
    [(1_001, "partage", (501, 500)), (1_000, "partage", (500, 500)), (1, "partage", (1, 0)),
     (7_500, "vendeur", (7_500, 0)), (7_500, "acheteur", (0, 7_500)), (0, "partage", (0, 0))],
)  # fmt: skip
def test_split_share_gives_the_odd_franc_to_the_seller(amount, payer, shares) -> None:
    assert split_share(amount, payer) == shares
    assert sum(split_share(amount, payer)) == amount


def test_percentage_is_rounded_once_on_the_gross() -> None:
    # 2,5 % of 100 020 = 2 500,5 → 2 501 (half up); line by line (2,5 % of 50 010 = 1 250,25 twice) would give 2 500.
    lines = [LineAmounts("ovin", 1, 50_010), LineAmounts("ovin", 1, 50_010)]
    assert commission_amount(CommissionTerms("pourcentage", "vendeur", rate_bp=250), lines) == 2_501
    # 2,5 % of 301 250 = 7 531,25 → 7 531.
    assert (
        commission_amount(CommissionTerms("pourcentage", "vendeur", rate_bp=250), [LineAmounts("bovin", 1, 301_250)])
        == 7_531
    )


def test_per_head_and_per_lot() -> None:
    assert commission_amount(CommissionTerms("par_tete", "vendeur", 2_500, species_code="bovin"), BULLS) == 7_500
    assert commission_amount(CommissionTerms("forfait_lot", "acheteur", 5_000), BULLS) == 10_000
    mixed = [*BULLS, LineAmounts("ovin", 4, 60_000)]
    assert commission_amount(CommissionTerms("par_tete", "partage", 1_000), mixed) == 7_000
    with pytest.raises(DomainError) as err:
        commission_amount(CommissionTerms("par_tete", "vendeur", 2_500, species_code="bovin", name="Bovin"), mixed)
    assert "la ligne 3 est d'une autre espèce" in message(err.value)


def test_mandat_figures() -> None:
    # gross 1 025 000; commission 7 500 seller; débours 3 000 seller, 1 500 buyer, 4 501 shared (2 251 / 2 250).
    f = compute(
        "mandat", BULLS, CommissionTerms("par_tete", "vendeur", 2_500, species_code="bovin"),
        [FeeAmount("taxe_marche", 3_000, "vendeur"), FeeAmount("vaccination", 1_500, "acheteur"),
         FeeAmount("convoyage", 4_501, "partage")],
    )  # fmt: skip
    assert (f.gross, f.commission, f.fees, f.fees_seller, f.fees_buyer) == (1_025_000, 7_500, 9_001, 5_251, 3_750)
    assert (f.net_to_seller, f.buyer_total, f.centre_revenue) == (1_012_249, 1_028_750, 7_500)


def test_achat_revente_figures_and_refusals() -> None:
    sheep = [LineAmounts("ovin", 10, 70_000, 55_000)]
    f = compute("achat_revente", sheep, None, [FeeAmount("taxe_marche", 2_500, "vendeur")])
    assert (f.gross, f.cost, f.net_to_seller, f.buyer_total, f.margin) == (700_000, 550_000, 547_500, 700_000, 150_000)
    with pytest.raises(DomainError, match="pas de commission"):
        compute("achat_revente", sheep, CommissionTerms("pourcentage", "vendeur", rate_bp=200), [])
    with pytest.raises(DomainError, match="au moins une ligne"):
        compute("mandat", [], None, [])
    with pytest.raises(DomainError, match="nul ou négatif"):
        compute("mandat", [LineAmounts("caprin", 1, 20_000)], None, [FeeAmount("frais_route", 20_000, "vendeur")])


def test_payout_cap() -> None:
    # net 295 000; buyer owes 303 000 (his share 3 000); seller bears 5 000.
    f = compute("mandat", [LineAmounts("bovin", 2, 150_000)], CommissionTerms("pourcentage", "partage", rate_bp=200),
                [FeeAmount("taxe_marche", 2_000, "vendeur")])  # fmt: skip
    assert (f.net_to_seller, f.buyer_total) == (295_000, 303_000)
    assert seller_payable("mandat", f, 0, 0) == 0
    assert seller_payable("mandat", f, 3_000, 0) == 0  # only his own share paid yet
    assert seller_payable("mandat", f, 8_000, 0) == 0  # + the seller's deductions
    assert seller_payable("mandat", f, 100_000, 0) == 92_000  # 100 000 − 3 000 − 5 000
    assert seller_payable("mandat", f, 100_000, 92_000) == 0
    assert seller_payable("mandat", f, 303_000, 92_000) == 203_000
    assert seller_payable("achat_revente", f, 0, 0) == 295_000  # the centre pays its own purchase


def test_states() -> None:
    assert display_state("conclu", 100, 100, 90, 90) == "conclu"
    assert display_state("livre", 100, 0, 90, 0) == "livre"
    assert display_state("livre", 100, 50, 90, 0) == "paye_partiel"
    assert display_state("livre", 100, 100, 90, 0) == "paye_partiel"  # the seller still waits for his net
    assert display_state("livre", 100, 100, 90, 90) == "solde"
    check_transition("brouillon", "conclu", "1")
    with pytest.raises(DomainError) as err:
        check_transition("annule", "livre", "CBV-2026-0001")
    assert message(err.value) == "Le contrat CBV-2026-0001 est « Annulé » : il ne peut pas passer à « Livré »."


def test_describe_age() -> None:
    assert (describe_age(3, "4 dents"), describe_age(1, ""), describe_age(None, "dents de lait")) == (
        "3 ans (4 dents)", "1 an", "dents de lait")  # fmt: skip
