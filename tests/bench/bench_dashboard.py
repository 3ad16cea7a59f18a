"""Benchmark: the organisers' dashboard, the post-event report and the editions side by side
at 50,000 registrations.

Loads the 2019 demo meeting (edition 2: its 786 participants, sponsors, ministries' reports and
innovation entries), then a second edition with 50,000 registrations, bills and payments
(tests/bench/bench_registrations_list.py's seed) and a check-in for most confirmed registrations
on each day of their group. Then times, through the Flask test client logged in as an
organiser: each section of the dashboard of each edition (the key figures, then the section's
figures with their chart data and tables), each figure's CSV and XLSX, the post-event report's
page, PDF and XLSX, and the editions side by side.

    .venv/bin/python tests/bench/bench_dashboard.py            # SQLite file in a temp dir
    DATABASE_URL=postgresql://user@host/db .venv/bin/python tests/bench/bench_dashboard.py

DATABASE_URL must point at a throwaway database: its tables are dropped and created again.
Not collected by pytest (addopts ignores tests/bench).
"""
import argparse
import random
import sys
import time
from datetime import datetime, timedelta, timezone
from datetime import time as clock_time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import sqlalchemy as sa  # noqa: E402

from eventapp.checkin.models import Checkin  # noqa: E402
from eventapp.dashboard.catalogue import BUILDERS, SECTIONS  # noqa: E402
from eventapp.demo.services import seed_demo  # noqa: E402
from eventapp.events.models import Event, EventDay, ParticipantGroup  # noqa: E402
from eventapp.extensions import db  # noqa: E402
from eventapp.registration.models import ParticipantCategory, Registration, RegistrationStatus  # noqa: E402
from tests.bench.bench_registrations_list import database_url, finish, fresh_app, report, seed, timed  # noqa: E402

EAT = timezone(timedelta(hours=3))


def add_days_and_checkins(event_id: int) -> int:
    """The edition's four days (group 1 the first two, group 2 the third, group 3 the last) and
    a check-in for nine in ten confirmed registrations on each day of their group, between
    06:45 and 10:30 East Africa Time. Returns the number of check-ins."""
    rng = random.Random(50_000)
    event = db.session.get(Event, event_id)
    days = [EventDay(event=event, date=event.starts_on + timedelta(days=n)) for n in range(4)]
    db.session.add_all(days)
    groups = {g.number: g for g in db.session.scalars(sa.select(ParticipantGroup).filter_by(event_id=event_id))}
    groups[1].days, groups[2].days, groups[3].days = days[:2], days[2:3], days[3:]
    db.session.flush()
    group_days = {number: [d.date for d in group.days] for number, group in groups.items()}
    confirmed = db.session.execute(
        sa.select(Registration.id, ParticipantGroup.number)
        .join(ParticipantCategory, ParticipantCategory.id == Registration.category_id)
        .join(ParticipantGroup, ParticipantGroup.id == ParticipantCategory.group_id)
        .where(Registration.event_id == event_id, Registration.status == RegistrationStatus.CONFIRMED)
    ).all()
    rows = []
    for registration_id, number in confirmed:
        for day in group_days[number]:
            if rng.random() < 0.9:
                minutes = int(rng.triangular(0, 225, 60))  # 06:45 to 10:30, busiest about 07:45
                at = datetime.combine(day, clock_time(6, 45), EAT) + timedelta(minutes=minutes)
                rows.append({"event_id": event_id, "registration_id": registration_id, "day": day,
                             "gate": rng.choice(["Lango Kuu", "Lango la Pili"]), "checked_in_at": at,
                             "recorded_at": at, "source": rng.choice(["device", "scanner"])})
    for start in range(0, len(rows), 5000):
        db.session.execute(sa.insert(Checkin.__table__), rows[start:start + 5000])
    db.session.commit()
    if db.engine.dialect.name == "postgresql":
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(sa.text("VACUUM ANALYZE"))
    return len(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()
    url = database_url()
    app = fresh_app(url)
    with app.app_context():
        start = time.perf_counter()
        seed_demo()
        demo_id = db.session.scalar(sa.select(Event.id).where(Event.edition == 2))
        event_id, _sample = seed(args.rows, edition=3)
        checkins = add_days_and_checkins(event_id)
        total = db.session.scalar(sa.select(sa.func.count(Registration.id)).where(Registration.event_id == event_id))
        print(f"seeded the 2019 demo and an edition of {total:,} registrations with {checkins:,} check-ins "
              f"in {time.perf_counter() - start:.1f} s")

    client = app.test_client()
    response = client.post("/login", data={"email": "organiser@bench.example.org", "password": "bench-password"})
    assert response.status_code == 302, "could not log in"
    size = f"{args.rows:,}"
    for label, edition_id in ((f"{size} registrations", event_id), ("2019 demo", demo_id)):
        for section in SECTIONS:
            path = "" if section is SECTIONS[0] else f"/{section.key}"
            report(f"dashboard, {section.key} ({label})",
                   timed(client, f"/manage/events/{edition_id}/dashboard{path}", args.repeat))
    for key in BUILDERS:
        for extension in ("csv", "xlsx"):
            report(f"  {key}.{extension}",
                   timed(client, f"/manage/events/{event_id}/dashboard/{key}.{extension}", args.repeat))
    report(f"report page ({size})", timed(client, f"/manage/events/{event_id}/report", args.repeat))
    for language in ("sw", "en"):
        report(f"report PDF, {language} ({size})",
               timed(client, f"/manage/events/{event_id}/report.pdf?lang={language}", args.repeat))
    report(f"report XLSX ({size})", timed(client, f"/manage/events/{event_id}/report.xlsx?lang=en", args.repeat))
    report("report PDF (2019 demo)", timed(client, f"/manage/events/{demo_id}/report.pdf?lang=sw", args.repeat))
    report("editions side by side", timed(client, "/manage/dashboard/editions", args.repeat))
    finish(app, url)


if __name__ == "__main__":
    main()
