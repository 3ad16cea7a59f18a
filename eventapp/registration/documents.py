"""The bill and the receipt as PDFs that look like government documents."""
import io
import json

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from eventapp.core.money import format_money
from eventapp.core.pdf import GREEN, NORMAL, SMALL, TITLE, both, escape, letterhead
from eventapp.core.qr import qr_flowable
from eventapp.registration.amount_words import amount_in_words
from eventapp.registration.models import Bill, Payment

COLLECTOR = "e-Government Authority"
HOW_TO_PAY_SW = [
    "Benki: lipa kwenye tawi lolote la NMB, CRDB, NBC au benki nyingine inayopokea malipo ya Serikali"
    " kwa namba ya kumbukumbu hapo juu.",
    "Simu: M-Pesa, Tigo Pesa, Airtel Money au HaloPesa → Lipa Bili → Malipo ya Serikali → weka namba ya kumbukumbu.",
    "Uhamisho wa fedha: tumia namba ya kumbukumbu kama kumbukumbu ya malipo.",
]
HOW_TO_PAY_EN = [
    "Bank: pay at any branch of NMB, CRDB, NBC or another bank collecting Government payments,"
    " quoting the control number above.",
    "Mobile: M-Pesa, Tigo Pesa, Airtel Money or HaloPesa → Pay Bills → Government Payments → enter the control number.",
    "Transfer: use the control number as the payment reference.",
]
PAY_OPTION_CODES = {"full": "1", "partial": "2", "exact": "3"}


def bill_qr_payload(bill: Bill) -> str:
    """The QR content mobile-money apps read to pay a Government bill."""
    return json.dumps(
        {
            "opType": "2",
            "billReference": bill.control_number,
            "amount": bill.total_amount,
            "billCcy": bill.currency,
            "billExprDt": bill.expires_on.isoformat(),
            "billPayOpt": PAY_OPTION_CODES[bill.payment_option.value],
            "billRsv01": f"{COLLECTOR}|{bill.payer_name}",
        },
        separators=(",", ":"),
    )


def _table(rows, widths, header=True):
    table = Table(rows, colWidths=widths, hAlign="LEFT")
    style = [
        ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("FONTSIZE", (0, 0), (-1, -1), 9),
    ]
    if header:
        style += [("BACKGROUND", (0, 0), (-1, 0), GREEN), ("TEXTCOLOR", (0, 0), (-1, 0), colors.white)]
    table.setStyle(TableStyle(style))
    return table


def render_bill(bill: Bill) -> bytes:
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm, topMargin=14 * mm,
                            bottomMargin=14 * mm, title=f"Bill {bill.control_number}", author=COLLECTOR)
    story = letterhead()
    story.append(Paragraph("HATI YA MADAI / <i>GOVERNMENT BILL</i>", TITLE))
    qr = qr_flowable(bill_qr_payload(bill), 34 * mm)
    facts = [
        [Paragraph(both("Namba ya kumbukumbu", "Control number"), NORMAL),
         Paragraph(f"<font size=14><b>{escape(bill.control_number or '—')}</b></font>", NORMAL)],
        [Paragraph(both("Mlipaji", "Payer"), NORMAL), Paragraph(escape(bill.payer_name), NORMAL)],
        [Paragraph(both("Simu / Barua pepe", "Phone / Email"), NORMAL),
         Paragraph(escape(f"{bill.payer_phone} / {bill.payer_email}"), NORMAL)],
        [Paragraph(both("Maelezo", "Description"), NORMAL), Paragraph(escape(bill.description), NORMAL)],
        [Paragraph(both("Mwisho wa kulipa", "Expires on"), NORMAL),
         Paragraph(bill.expires_on.strftime("%d/%m/%Y"), NORMAL)],
        [Paragraph(both("Mpokeaji", "Collected by"), NORMAL), Paragraph(COLLECTOR, NORMAL)],
    ]
    top = Table([[Table(facts, colWidths=[45 * mm, 85 * mm]), qr]], colWidths=[135 * mm, 40 * mm])
    top.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    story += [top, Spacer(1, 8)]
    rows = [["Na.", Paragraph("<font color='white'>" + both("Maelezo", "Item") + "</font>", NORMAL),
             Paragraph("<font color='white'>" + both("Kiasi", "Amount") + "</font>", NORMAL)]]
    for n, item in enumerate(bill.items, start=1):
        rows.append([str(n), Paragraph(escape(item.description), NORMAL), format_money(item.amount, bill.currency)])
    rows.append(["", Paragraph("<b>" + both("JUMLA", "TOTAL") + "</b>", NORMAL),
                 Paragraph(f"<b>{format_money(bill.total_amount, bill.currency)}</b>", NORMAL)])
    story.append(_table(rows, [12 * mm, 123 * mm, 40 * mm]))
    story += [
        Spacer(1, 6),
        Paragraph(f"<b>Kwa maneno:</b> {escape(amount_in_words(bill.total_amount, bill.currency, 'sw'))}", NORMAL),
        Paragraph(f"<b><i>In words:</i></b> <i>{escape(amount_in_words(bill.total_amount, bill.currency, 'en'))}</i>",
                  NORMAL),
        Spacer(1, 10),
        Paragraph("<b>Jinsi ya kulipa</b>", NORMAL),
        *[Paragraph(f"• {escape(line)}", SMALL) for line in HOW_TO_PAY_SW],
        Spacer(1, 4),
        Paragraph("<b><i>How to pay</i></b>", NORMAL),
        *[Paragraph(f"• <i>{escape(line)}</i>", SMALL) for line in HOW_TO_PAY_EN],
    ]
    doc.build(story)
    return buffer.getvalue()


def render_receipt(payment: Payment) -> bytes:
    bill = payment.bill
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm, topMargin=14 * mm,
                            bottomMargin=14 * mm, title=f"Receipt {payment.receipt_number}", author=COLLECTOR)
    story = letterhead()
    story.append(Paragraph("STAKABADHI YA MALIPO / <i>PAYMENT RECEIPT</i>", TITLE))
    rows = [
        (both("Namba ya stakabadhi", "Receipt number"), f"<b>{escape(payment.receipt_number)}</b>"),
        (both("Namba ya kumbukumbu", "Control number"), escape(bill.control_number or "")),
        (both("Mlipaji", "Payer"), escape(payment.payer_name or bill.payer_name)),
        (both("Kiasi kilicholipwa", "Amount paid"), f"<b>{format_money(payment.amount, payment.currency)}</b>"),
        (both("Kwa maneno", "In words"), escape(amount_in_words(payment.amount, payment.currency, "sw"))
         + "<br/><i>" + escape(amount_in_words(payment.amount, payment.currency, "en")) + "</i>"),
        (both("Tarehe ya malipo", "Paid on"), payment.paid_at.strftime("%d/%m/%Y %H:%M")),
        (both("Njia ya malipo", "Channel"), escape(f"{payment.channel.value} {payment.psp_name}".strip())),
        (both("Namba ya muamala", "Transaction id"), escape(payment.transaction_id)),
        (both("Maelezo", "For"), escape(bill.description)),
        (both("Salio", "Balance"), format_money(bill.balance, bill.currency)),
    ]
    story.append(_table([[Paragraph(a, NORMAL), Paragraph(b, NORMAL)] for a, b in rows], [55 * mm, 120 * mm],
                        header=False))
    story += [Spacer(1, 10), Paragraph(both("Asante kwa malipo yako.", "Thank you for your payment."), NORMAL)]
    doc.build(story)
    return buffer.getvalue()
