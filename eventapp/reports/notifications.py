"""Emails to ministries' focal persons: their appointment (with the link to choose a password
when the account is new) and "report received" for each version. Sent after the commit; a
mail failure is logged and never undoes an appointment or a submission."""
import logging

import sqlalchemy as sa
from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import joinedload

from eventapp.auth.services import invitation_days, invitation_link
from eventapp.core.mail import send_email
from eventapp.core.urls import external_url
from eventapp.extensions import db
from eventapp.reports.models import FocalPerson, ReportVersion

log = logging.getLogger(__name__)


def _send(to: str, subject, template: str, language: str | None, **context) -> None:
    """Send in `language`, else in the site's default language (Swahili)."""
    try:
        send_email(to, subject, template, language=language or current_app.config["BABEL_DEFAULT_LOCALE"],
                   **context)
    except Exception:  # noqa: BLE001 — the record stands; the committee can tell the person
        log.exception("Could not send %s email to %s", template, to)


def notify_focal_appointed(focal: FocalPerson, new_account: bool, language: str | None = None) -> None:
    """Tell the person they report for the institution; a new account gets a link to choose
    its password (valid INVITATION_MAX_AGE; "forgot password" gives a fresh one)."""
    user = focal.user
    password_link = invitation_link(user) if new_account else None
    _send(user.email, _l("You report for %(institution)s", institution=focal.institution.name),
          "report_focal_appointed", language, user=user, institution=focal.institution, new_account=new_account,
          password_link=password_link, days=invitation_days(),
          forgot_link=external_url("auth.forgot_password"), link=external_url("reports.my_report"))


def notify_report_received(version: ReportVersion) -> None:
    """Tell every focal person of the institution that this version arrived (and if late)."""
    submission = version.submission
    focal_persons = db.session.scalars(
        sa.select(FocalPerson).options(joinedload(FocalPerson.user))
        .where(FocalPerson.institution_id == submission.institution_id)
    )
    link = external_url("reports.submission", submission_id=submission.id)
    for focal in focal_persons:
        user = focal.user
        if not user.active:
            continue
        _send(user.email, _l("Report received: %(institution)s, version %(number)d",
                             institution=submission.institution.name, number=version.number),
              "report_received", user.locale, user=user, version=version, submission=submission,
              call=submission.call, link=link)
