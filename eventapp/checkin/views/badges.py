"""Badges: the organisers' print sheets for a filter, one registration's badge (organisers and
gate staff, who reprint a lost or broken badge and reissue it), and the registrant's own badge
reached by the signed link of their registration page."""
import io

from flask import abort, flash, make_response, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user

from eventapp.checkin import bp
from eventapp.checkin.badge_forms import BadgeSheetForm
from eventapp.checkin.badge_issue import badge_filename, has_badge, register_badge_hooks, reissue_badge
from eventapp.checkin.badge_sheets import (
    SHEET_INLINE_LIMIT,
    count_badges,
    event_institutions,
    render_sheet,
    sheet_filename,
    sheet_params,
)
from eventapp.checkin.badges import render_badge
from eventapp.core.errors import DomainError
from eventapp.core.form_flow import act
from eventapp.core.i18n import localized, safe_next
from eventapp.core.roles import Role, role_required
from eventapp.events.models import Event
from eventapp.extensions import db
from eventapp.jobs.runner import enqueue
from eventapp.registration.models import ParticipantCategory, Registration
from eventapp.registration.services.lifecycle import registration_for_token


@bp.record_once
def _badges_go_with_confirmations(state) -> None:
    register_badge_hooks()


def _pdf(data: bytes, filename: str, private: bool = False):
    response = send_file(io.BytesIO(data), mimetype="application/pdf", as_attachment=True,
                         download_name=filename, max_age=0)
    response.headers["Cache-Control"] = "no-store"
    if private:
        response.headers["X-Robots-Tag"] = "noindex"
    return response


# --- print sheets --------------------------------------------------------------------------


def _sheet_form(event: Event, posted: bool) -> BadgeSheetForm:
    form = BadgeSheetForm() if posted else BadgeSheetForm(formdata=request.args, meta={"csrf": False})
    categories = db.session.scalars(
        db.select(ParticipantCategory).where(ParticipantCategory.event_id == event.id)
        .order_by(ParticipantCategory.code)
    ).all()
    form.set_choices(event.groups, categories, event_institutions(event), localized)
    return form


@bp.route("/manage/events/<int:event_id>/badges", methods=["GET", "POST"])
@role_required(Role.ORGANISER)
def badge_sheets(event_id: int):
    """Choose badges by group, category, institution and status and see how many match (GET);
    make them (POST): up to SHEET_INLINE_LIMIT the PDF downloads at once, more go to a
    background job whose progress page the organiser is sent to."""
    event = db.get_or_404(Event, event_id)
    posted = request.method == "POST"
    form = _sheet_form(event, posted)
    valid = form.validate()  # on GET too: a choice not offered is shown as wrong and counts as "all"
    filters = form.filters()
    matching = count_badges(event, filters)
    if posted and valid:
        if not matching:
            flash(_("No registration matches these filters: there is nothing to print."), "error")
        elif matching <= SHEET_INLINE_LIMIT:
            return _pdf(render_sheet(event, filters), sheet_filename(event))
        else:
            job = enqueue("badges.sheet", sheet_params(event, filters), current_user.id)
            flash(_("%(num)d badges are being prepared.", num=matching), "success")
            return redirect(url_for("jobs.status", job_id=job.id))
    return render_template("checkin/badge_sheets.html", event=event, form=form, matching=matching,
                           inline_limit=SHEET_INLINE_LIMIT), 422 if posted else 200


# --- one registration's badge --------------------------------------------------------------


def _back(registration: Registration) -> str:
    """Where to go after a badge action: the page it was started from (`next`, same site only),
    else the registration's page for organisers, else the gate's scanner page of its meeting."""
    if current_user.has_any_role(Role.ORGANISER):
        fallback = url_for("registration.manage_registration", registration_id=registration.id)
    else:
        fallback = url_for("checkin.scanner", event_id=registration.event_id)
    return safe_next(request.values.get("next"), fallback)


@bp.get("/manage/registrations/<int:registration_id>/badge.pdf")
@role_required(Role.ORGANISER, Role.GATE)
def badge_pdf(registration_id: int):
    """The badge of one registration, to print or reprint. A registration that is not
    confirmed has no badge: the organiser is told so and sent back."""
    registration = db.get_or_404(Registration, registration_id)
    if not has_badge(registration):
        flash(_("Only a confirmed registration has a badge; this one is not confirmed."), "error")
        return redirect(_back(registration))
    return _pdf(render_badge(registration), badge_filename(registration))


@bp.post("/manage/registrations/<int:registration_id>/badge/reissue", endpoint="reissue_badge")
@role_required(Role.ORGANISER, Role.GATE)
def reissue(registration_id: int):
    """Issue a new badge (a new token): the lost or broken one no longer checks in."""
    registration = db.get_or_404(Registration, registration_id)
    return act(lambda: reissue_badge(registration, current_user.id),
               _("A new badge was issued: print it now. The previous badge no longer checks in."),
               _back(registration))


# --- the registrant's own badge ------------------------------------------------------------


def _registrant_registration_or_404(token: str) -> Registration:
    try:
        return registration_for_token(token)
    except DomainError as error:
        abort(make_response(render_template("registration/status_invalid.html", message=error.message), 404))


@bp.get("/registration/<token>/badge.pdf")
def registrant_badge(token: str):
    """The registrant's own badge, by the signed link of their registration page; only once
    the registration is confirmed (404 before)."""
    registration = _registrant_registration_or_404(token)
    if not has_badge(registration):
        abort(404)
    return _pdf(render_badge(registration), badge_filename(registration), private=True)
