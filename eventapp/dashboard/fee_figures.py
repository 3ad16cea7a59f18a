"""The dashboard's fee figures: billed against collected per participant category and per type
of institution, from the finance summary's one rule (`registration.services.finance`)."""
from flask_babel import gettext as _

from eventapp.dashboard.figures import PALETTE, Figure, Series
from eventapp.events.models import Event
from eventapp.registration.services.finance import (
    FinanceRow,
    finance_by_category,
    finance_by_institution_type,
)

DEFAULT_CURRENCY = "TZS"


def main_currency(rows: list[FinanceRow]) -> str:
    """The currency most bill items are in (ties: alphabetical); TZS when there are none."""
    items: dict[str, int] = {}
    for row in rows:
        items[row.currency] = items.get(row.currency, 0) + row.items
    if not items:
        return DEFAULT_CURRENCY
    return min(items, key=lambda currency: (-items[currency], currency))


def _fee_figure(key: str, title: str, label_heading: str, rows: list[FinanceRow]) -> Figure:
    """Billed and collected (drawn), outstanding and bill items (table only), in the main
    currency; bills in any other currency are left out and the note names them."""
    currency = main_currency(rows)
    shown = [row for row in rows if row.currency == currency]
    others = sorted({row.currency for row in rows} - {currency})
    note = _("Billed: the participants' fees on every bill that is not cancelled. Collected: what those bills "
             "were paid, shared among their participants in proportion to each fee and never more than the "
             "bill; over-payments are not counted.")
    if others:
        note += " " + _("Bills in %(currencies)s are left out; amounts are in %(currency)s.",
                        currencies=", ".join(others), currency=currency)
    return Figure(
        key=key,
        title=title,
        chart="bar",
        label_heading=label_heading,
        labels=tuple(row.label for row in shown),
        series=(
            Series(_("Billed"), tuple(row.billed for row in shown), PALETTE[1]),
            Series(_("Collected"), tuple(row.collected for row in shown), PALETTE[0]),
        ),
        unit=currency,
        note=note,
        extra=(
            Series(_("Outstanding"), tuple(row.outstanding for row in shown)),
            Series(_("Bill items"), tuple(row.items for row in shown)),
        ),
    )


def fees_by_category(event: Event) -> Figure:
    """Fees billed against collected per participant category ("G1 — ICT officers")."""
    return _fee_figure("fees-by-category", _("Fees billed and collected by category"), _("Category"),
                       finance_by_category(event))


def fees_by_institution_type(event: Event) -> Figure:
    """Fees billed against collected per type of the participants' institutions."""
    return _fee_figure("fees-by-institution-type", _("Fees billed and collected by type of institution"),
                       _("Type of institution"), finance_by_institution_type(event))
