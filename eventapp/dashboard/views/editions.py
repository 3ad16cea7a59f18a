"""Every edition's key figures side by side, as a page and as CSV/XLSX."""
from flask import Response, render_template
from flask_babel import gettext as _

from eventapp.core.clock import local_today
from eventapp.core.roles import Role, role_required
from eventapp.dashboard import bp
from eventapp.dashboard.editions import editions_side_by_side
from eventapp.registration.exports import csv_lines, xlsx_bytes

organiser_only = role_required(Role.ORGANISER)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _download(extension: str) -> dict:
    return {"Content-Disposition": f'attachment; filename="editions-{local_today().isoformat()}.{extension}"'}


@bp.get("/manage/dashboard/editions")
@organiser_only
def editions():
    """One column per edition (the latest on the right), one row per key figure."""
    return render_template("dashboard/editions.html", side=editions_side_by_side())


@bp.get("/manage/dashboard/editions.csv")
@organiser_only
def editions_csv():
    """The editions side by side as CSV: numbers without separators, empty where there is none."""
    side = editions_side_by_side()
    return Response("".join(csv_lines(side.header(), side.rows())), mimetype="text/csv", headers=_download("csv"))


@bp.get("/manage/dashboard/editions.xlsx")
@organiser_only
def editions_xlsx():
    """The editions side by side as an XLSX workbook."""
    side = editions_side_by_side()
    return Response(xlsx_bytes(side.header(), side.rows(), _("Editions")), mimetype=XLSX, headers=_download("xlsx"))
