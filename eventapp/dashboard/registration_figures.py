"""The dashboard's registration figures: registrations over time by group, and each category's
registrations by status. Counted in SQL (one grouped query each), never row by row."""
from datetime import date, timedelta

import sqlalchemy as sa
from flask_babel import get_locale, pgettext
from flask_babel import gettext as _

from eventapp.core.i18n import localized
from eventapp.core.local_time_sql import eat_date
from eventapp.dashboard.figures import PALETTE, Figure, Series
from eventapp.dashboard.participants import participants_by_category, registration_counts
from eventapp.events.models import Event, ParticipantGroup
from eventapp.extensions import db
from eventapp.registration.models import ParticipantCategory, Registration, RegistrationStatus
from eventapp.registration.models.registrations import ENDED


def _day(value) -> date:
    """SQLite hands a computed date back as text, PostgreSQL as a date."""
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def _every_day(first: date, last: date) -> list[date]:
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def registrations_by_group(event: Event) -> Figure:
    """Per day (East Africa Time) from the first registration to the last, one line per group:
    how many of the registrations still live now (not cancelled or rejected) had been made by
    the end of that day. The table adds how many were made that day, in all groups, including
    those cancelled or rejected since."""
    groups = db.session.execute(
        sa.select(ParticipantGroup.id, ParticipantGroup.name_sw, ParticipantGroup.name_en, ParticipantGroup.colour)
        .where(ParticipantGroup.event_id == event.id)
        .order_by(ParticipantGroup.number)
    ).all()
    day = eat_date(Registration.created_at)
    live = sa.func.sum(sa.case((Registration.status.in_(ENDED), 0), else_=1))
    counts = db.session.execute(
        sa.select(day.label("day"), ParticipantCategory.group_id, sa.func.count(Registration.id), live)
        .join(ParticipantCategory, ParticipantCategory.id == Registration.category_id)
        .where(Registration.event_id == event.id)
        .group_by(day, ParticipantCategory.group_id)
    ).all()

    made: dict[date, int] = {}
    live_made: dict[tuple[date, int], int] = {}
    for value, group_id, n, n_live in counts:
        when = _day(value)
        made[when] = made.get(when, 0) + n
        live_made[when, group_id] = int(n_live or 0)
    days = _every_day(min(made), max(made)) if made else []

    series = []
    for group in groups:
        running, values = 0, []
        for when in days:
            running += live_made.get((when, group.id), 0)
            values.append(running)
        series.append(Series(localized(group, "name"), tuple(values), group.colour))
    return Figure(
        key="registrations-by-group",
        title=_("Registrations over time by group"),
        chart="line",
        label_heading=_("Date"),
        labels=tuple(when.isoformat() for when in days),
        series=tuple(series),
        extra=(Series(_("Registered that day (all groups)"), tuple(made.get(when, 0) for when in days)),),
        note=_("Each line counts the registrations of a group made up to that day (East Africa Time) that are "
               "still live, that is not cancelled or rejected; the last column counts every registration made "
               "that day, also those cancelled or rejected since."),
    )


# The status columns of `registrations_by_category`, with their colours; cancelled and
# rejected registrations make one column.
STATUS_COLUMNS = (
    ((RegistrationStatus.CONFIRMED,), PALETTE[0]),
    ((RegistrationStatus.PENDING_APPROVAL,), PALETTE[1]),
    ((RegistrationStatus.PENDING_PAYMENT,), PALETTE[2]),
    ((RegistrationStatus.WAITLISTED,), PALETTE[4]),
    (ENDED, PALETTE[7]),
)


def _status_headings() -> tuple[str, ...]:
    # "Confirmed" alone reads "he or she has confirmed" in the Swahili catalogue (a sponsor's
    # status); a registration's status is its own message.
    return (pgettext("registration status", "Confirmed"), _("Pending approval"), _("Pending payment"),
            _("Waiting list"), _("Cancelled or rejected"))


def registrations_by_category(event: Event) -> Figure:
    """Every category of the edition (by group number and code), with its registrations as
    they stand now, stacked by status (the counts of `participants.registration_counts`)."""
    language = str(get_locale() or "sw")
    counts = registration_counts(event)
    labels = {
        row.category_id: f"{row.category_code} — {row.category_name(language)}"
        for row in participants_by_category(event)
    }
    series = tuple(
        Series(heading, tuple(sum(counts.get((cid, s), 0) for s in statuses) for cid in labels), colour)
        for heading, (statuses, colour) in zip(_status_headings(), STATUS_COLUMNS, strict=True)
    )
    return Figure(
        key="registrations-by-category",
        title=_("Registrations by category and status"),
        chart="stacked",
        label_heading=_("Category"),
        labels=tuple(labels.values()),
        series=series,
        note=_("Every registration of each category as it stands now, by its status; only confirmed "
               "registrations are participants."),
    )

