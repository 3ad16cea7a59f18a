"""Downloads of a report's files and of the call's template, only through `access`: anything a
person may not see answers 404."""
import io
import mimetypes

from flask import abort, send_file
from flask_babel import gettext as _
from flask_login import current_user

from eventapp.core.errors import DomainError
from eventapp.core.roles import Role, role_required
from eventapp.core.uploads import upload_path
from eventapp.reports import access, bp
from eventapp.reports.template_pdf import render_call_template

focal_or_committee = role_required(Role.FOCAL, *access.COMMITTEE_ROLES)

MIMETYPES = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}


def _private(response):
    """A ministry's files: never cached by a shared proxy, never indexed."""
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["X-Robots-Tag"] = "noindex"
    return response


def _send_stored(name: str | None, download_name: str):
    try:
        path = upload_path(name or "")
    except DomainError:
        abort(404)
    if not path.is_file():
        abort(404)
    mimetype = MIMETYPES.get(path.suffix) or mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return _private(send_file(path, mimetype=mimetype, as_attachment=True, download_name=download_name or path.name,
                              max_age=0))


@bp.get("/reports/versions/<int:version_id>/<any(report, slides):kind>")
@focal_or_committee
def version_file(version_id: int, kind: str):
    """A version's full report or slides, as an attachment with its original name."""
    version = access.version_or_404(version_id, current_user)
    if kind == "report":
        return _send_stored(version.report_file, version.report_name)
    if not version.slides_file:
        abort(404)
    return _send_stored(version.slides_file, version.slides_name)


@bp.get("/reports/calls/<int:call_id>/template")
@focal_or_committee
def call_template(call_id: int):
    """The report template: the organisers' own file, else a PDF of the sections and their
    guidance in the reader's language. For the committee and the focal persons of the
    institutions that must report."""
    call = access.call_template_or_404(call_id, current_user)
    if call.template_file:
        return _send_stored(call.template_file, call.template_name)
    data = render_call_template(call)
    filename = _("report-template") + f"-{call.event.edition}.pdf"
    return _private(send_file(io.BytesIO(data), mimetype="application/pdf", as_attachment=True,
                              download_name=filename, max_age=0))
