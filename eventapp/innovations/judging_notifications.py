"""Emails to judges: their place on a call's panel, with the link to choose a password when the
account is new. Sent after the commit; a mail failure is logged and never undoes the panel."""
import logging

from flask import current_app
from flask_babel import lazy_gettext as _l

from eventapp.auth.services import invitation_days, invitation_link
from eventapp.core.mail import send_email
from eventapp.core.urls import external_url
from eventapp.innovations.models import Judge

log = logging.getLogger(__name__)


def notify_judge_added(judge: Judge, new_account: bool, language: str | None = None) -> None:
    """Tell the person they judge the call's entries; a new account gets a link to choose its
    password (valid INVITATION_MAX_AGE; "forgot password" gives a fresh one)."""
    user = judge.user
    event = judge.call.event
    password_link = invitation_link(user) if new_account else None
    try:
        send_email(user.email, _l("You are a judge of the research and innovation competition"),
                   "innovation_judge_added", language=language or current_app.config["BABEL_DEFAULT_LOCALE"],
                   user=user, event=event, new_account=new_account, password_link=password_link,
                   days=invitation_days(),
                   forgot_link=external_url("auth.forgot_password"), link=external_url("innovations.judging"))
    except Exception:  # noqa: BLE001 — the judge stands; the organisers can tell the person
        log.exception("Could not send the judge email to %s", user.email)
