"""The results sheet (XLSX): one row per eligible entry in ranking order, with each judge's total
in a column of its own, the mean, the normalised score, the disagreement flag, the selection
and the awards. Scores keep their full value; the cells show two decimals."""
import io

from flask_babel import gettext as _

from eventapp.core.i18n import localized
from eventapp.innovations.awards import award_label
from eventapp.innovations.standings import Standings
from eventapp.registration.exports import safe_cell

SCORE_FORMAT = "0.00"


def _number(value):
    return None if value is None else float(value)


def _text(value: str) -> str:
    """Typed text made safe for a cell: never read as a formula, no characters Excel refuses."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    return ILLEGAL_CHARACTERS_RE.sub("", safe_cell(str(value)))


def results_xlsx(standings: Standings, awards_by_entry: dict) -> bytes:
    """The workbook of a call's standings; `awards_by_entry` maps entry id → its awards."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    judges = standings.judges
    header = [_("Rank"), _("Reference"), _("Title of the entry"), _("Institution"), _("Entry category")]
    header += [judge.user.full_name for judge in judges]
    header += [_("Mean"), _("Normalised"), _("Judges disagree"), _("Exhibition"), _("Presents"), _("Awards")]
    yes, no = _("yes"), _("no")
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Results")[:31]
    sheet.append([_text(str(title)) for title in header])
    first_score, last_score = 6, 6 + len(judges) + 1  # the judges' columns, the mean and the normalised
    for row in standings.rows:
        entry, result = row.entry, row.result
        totals = [_number(result.judge_totals.get(judge.id)) for judge in judges]
        sheet.append([
            result.rank, _text(entry.reference), _text(entry.title), _text(entry.institution.name),
            _text(localized(entry.category, "name")), *totals, _number(result.mean), _number(result.normalised),
            (yes if result.disagreement else no) if result.rank is not None else "",
            yes if entry.exhibition else no, yes if entry.presenting else no,
            _text("; ".join(award_label(a) for a in awards_by_entry.get(entry.id, []))),
        ])
    for cells in sheet.iter_rows(min_row=2, min_col=first_score, max_col=last_score):
        for cell in cells:
            cell.number_format = SCORE_FORMAT
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for n, width in enumerate([6, 12, 50, 40, 20] + [14] * (len(judges) + 3) + [10, 10, 30], start=1):
        sheet.column_dimensions[get_column_letter(n)].width = width
    sheet.freeze_panes = "C2"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
