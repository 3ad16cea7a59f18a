"""The compliance page's reminder button as the background job "reports.reminders" (on an RQ
worker when REDIS_URL is set): it runs `send_reminders` and ends with the summary the page
used to flash. `flask remind-reports` still calls `send_reminders` itself (cron runs it)."""
from flask_babel import gettext as _
from flask_babel import ngettext

from eventapp.core.errors import DomainError
from eventapp.extensions import db
from eventapp.jobs.runner import JobOutput, Progress, fit_message, job_kind, listed
from eventapp.reports.models import ReportCall
from eventapp.reports.reminders import ReminderSummary, send_reminders


def reminder_params(call: ReportCall, actor_id: int | None) -> dict:
    return {"call_id": call.id, "actor_id": actor_id}


def summary_message(summary: ReminderSummary) -> str:
    """Who was reminded, who already was today and who has no focal person, naming as many
    institutions as fit in a job's message."""
    if not (summary.sent or summary.already_reminded or summary.without_focal_person):
        return _("Every institution that must report has submitted; no reminder was needed.")

    def build(shown: int) -> str:
        lines = []
        if summary.sent:
            lines.append(ngettext("Reminder sent to %(num)d institution: %(names)s.",
                                  "Reminders sent to %(num)d institutions: %(names)s.", len(summary.sent),
                                  names=listed(summary.sent, shown)))
        if summary.already_reminded:
            lines.append(ngettext("%(num)d institution was already reminded today: %(names)s.",
                                  "%(num)d institutions were already reminded today: %(names)s.",
                                  len(summary.already_reminded), names=listed(summary.already_reminded, shown)))
        if summary.without_focal_person:
            lines.append(ngettext("%(num)d institution has no focal person to remind: %(names)s.",
                                  "%(num)d institutions have no focal person to remind: %(names)s.",
                                  len(summary.without_focal_person),
                                  names=listed(summary.without_focal_person, shown)))
        return " ".join(lines)

    longest = max(len(summary.sent), len(summary.already_reminded), len(summary.without_focal_person))
    return fit_message(build, longest)


@job_kind("reports.reminders")
def reminders_job(params: dict, progress: Progress) -> JobOutput:
    """The background job: one round of reminders for the call; a call that closed meanwhile
    ends the job with the reason instead of a failure."""
    call = db.session.get(ReportCall, int(params["call_id"]))
    if call is None:
        raise LookupError(f"no call for reports {params['call_id']!r}")
    try:
        summary = send_reminders(call, actor_id=params.get("actor_id"))
    except DomainError as error:
        db.session.rollback()
        return JobOutput(message=error.message)
    return JobOutput(message=summary_message(summary))
