"""A job's progress page (it refreshes itself), its JSON, and its file. Only the person who
started a job (or an administrator) sees it; anyone else gets 404."""
from flask import abort, jsonify, render_template, send_file
from flask_login import current_user

from eventapp.core.roles import Role, role_required
from eventapp.core.uploads import upload_path
from eventapp.extensions import db
from eventapp.jobs import bp
from eventapp.jobs.models import Job, JobStatus


def _own_job_or_404(job_id: int) -> Job:
    job = db.session.get(Job, job_id)
    if job is None or (job.created_by_id != current_user.id and not current_user.has_role(Role.ADMIN)):
        abort(404)
    return job


@bp.get("/<int:job_id>")
@role_required()
def status(job_id: int):
    return render_template("jobs/status.html", job=_own_job_or_404(job_id))


@bp.get("/<int:job_id>.json")
@role_required()
def status_json(job_id: int):
    job = _own_job_or_404(job_id)
    return jsonify(id=job.id, status=job.status.value, done=job.done, total=job.total, percent=job.percent,
                   message=job.message, error=job.error, finished=job.finished)


@bp.get("/<int:job_id>/download")
@role_required()
def download(job_id: int):
    job = _own_job_or_404(job_id)
    if job.status is not JobStatus.DONE or not job.result_file:
        abort(404)
    path = upload_path(job.result_file)
    if not path.is_file():
        abort(404)
    return send_file(path, mimetype=job.result_mimetype, as_attachment=True, download_name=job.result_filename)
