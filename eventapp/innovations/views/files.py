"""An entry's paper and poster, only through `access`: anything a person may not see answers 404.
The poster is shown in the browser as a picture; the paper downloads with its original name."""
from flask import abort, send_file
from flask_login import current_user

from eventapp.core.errors import DomainError
from eventapp.core.uploads import upload_path
from eventapp.innovations import access, bp
from eventapp.innovations.views.entries import may_see_entries

MIMETYPES = {".pdf": "application/pdf", ".png": "image/png", ".jpg": "image/jpeg"}


@bp.get("/innovations/entries/<int:entry_id>/<any(paper, poster):kind>")
@may_see_entries
def entry_file(entry_id: int, kind: str):
    """The entry's paper (an attachment) or poster (inline); never cached by a shared proxy."""
    entry = access.entry_or_404(entry_id, current_user)
    name, original = getattr(entry, f"{kind}_file"), getattr(entry, f"{kind}_name")
    if not name:
        abort(404)
    try:
        path = upload_path(name)
    except DomainError:
        abort(404)
    if not path.is_file() or path.suffix not in MIMETYPES:
        abort(404)
    response = send_file(path, mimetype=MIMETYPES[path.suffix], as_attachment=kind == "paper",
                         download_name=original or path.name, max_age=0)
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["X-Robots-Tag"] = "noindex"
    return response
