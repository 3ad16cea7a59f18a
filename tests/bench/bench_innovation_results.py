"""Benchmark: the competition's ranking and results at a size well beyond 2019's 24 entries.

Seeds one call with ENTRIES entries (default 600), a panel of 20 judges, 3 judges an entry and
every criterion of the standard five-criterion rubric scored (600 × 3 × 5 = 9,000 scores),
closes the scoring, then times: `standings_of` (the database load plus the pure ranking, with
and without normalisation), the pure `ranking.rank` alone, the organisers' results page and
the results XLSX, through the Flask test client.

    .venv/bin/python tests/bench/bench_innovation_results.py            # SQLite file in a temp dir
    DATABASE_URL=postgresql://user@host/db .venv/bin/python tests/bench/bench_innovation_results.py

DATABASE_URL must point at a throwaway database: its tables are dropped and created again.
Not collected by pytest (addopts ignores tests/bench).
"""
import argparse
import random
import secrets
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import sqlalchemy as sa  # noqa: E402

from eventapp.auth.models import User, UserRole  # noqa: E402
from eventapp.core.roles import Role  # noqa: E402
from eventapp.events.models import Event, EventStatus  # noqa: E402
from eventapp.extensions import db  # noqa: E402
from eventapp.innovations import ranking, standings  # noqa: E402
from eventapp.innovations.defaults import STANDARD_CATEGORIES, STANDARD_CRITERIA  # noqa: E402
from eventapp.innovations.models import (  # noqa: E402
    Assignment,
    Criterion,
    Entry,
    InnovationCall,
    InnovationCategory,
    Judge,
    Score,
)
from eventapp.registration.models import Institution  # noqa: E402
from tests.bench.bench_registrations_list import database_url, fresh_app, insert, report, timed  # noqa: E402

JUDGES = 20
PER_ENTRY = 3


def seed(entries: int) -> int:
    """Fill the database; returns the event id."""
    rng = random.Random(2019)
    now = datetime.now(timezone.utc)
    event = Event(edition=9, title_sw="Kikao", title_en="Meeting", theme_sw="", theme_en="", venue="Hall",
                  city="Dodoma", starts_on=now.date(), ends_on=now.date() + timedelta(days=3), status=EventStatus.OPEN,
                  registration_opens_on=now.date() - timedelta(days=90), registration_closes_on=now.date())
    db.session.add(event)
    db.session.flush()
    call = InnovationCall(event_id=event.id, opens_at=now - timedelta(days=60), closes_at=now - timedelta(days=30),
                          scoring_closed_at=now, exhibition_places=10, presentation_places=4)
    call.categories = [InnovationCategory(code=c.code, position=n, name_sw=c.name_sw, name_en=c.name_en)
                       for n, c in enumerate(STANDARD_CATEGORIES, start=1)]
    call.criteria = [Criterion(position=n, name_sw=c.name_sw, name_en=c.name_en, weight=c.weight,
                               scale_max=c.scale_max) for n, c in enumerate(STANDARD_CRITERIA, start=1)]
    db.session.add(call)
    universities = [Institution(name=f"Chuo {n}", name_key=f"chuo {n}", type="university") for n in range(40)]
    db.session.add_all(universities)
    db.session.flush()
    judges = []
    for n in range(JUDGES):
        user = User(email=f"judge{n}@bench.example.org", full_name=f"Judge {n}", password_hash="x",
                    roles=[UserRole(role=Role.JUDGE)])
        judges.append(Judge(call=call, user=user))
    db.session.add_all(judges)
    db.session.flush()
    insert(Entry, [{
        "call_id": call.id, "category_id": call.categories[n % 2].id, "institution_id": universities[n % 40].id,
        "reference": secrets.token_hex(5).upper(), "title": f"Entry {n}", "abstract": "Abstract.", "stage": "prototype",
        "status": "eligible", "submitted_at": now - timedelta(days=40, minutes=n), "created_at": now, "updated_at": now,
    } for n in range(entries)])
    entry_ids = list(db.session.scalars(sa.select(Entry.id).order_by(Entry.id)))
    insert(Assignment, [{"entry_id": entry_id, "judge_id": judges[(n * PER_ENTRY + k) % JUDGES].id,
                         "assigned_at": now} for n, entry_id in enumerate(entry_ids) for k in range(PER_ENTRY)])
    assignments = list(db.session.scalars(sa.select(Assignment.id)))
    insert(Score, [{"assignment_id": a, "criterion_id": c.id, "value": rng.randint(2, c.scale_max), "comment": "",
                    "scored_at": now} for a in assignments for c in call.criteria])
    organiser = User(email="organiser@bench.example.org", full_name="Organiser", password_hash="")
    organiser.set_password("bench-password")
    organiser.roles = [UserRole(role=Role.ORGANISER)]
    db.session.add(organiser)
    db.session.commit()
    return event.id


def timed_call(function, repeat: int) -> list[float]:
    function()
    times = []
    for _n in range(repeat):
        start = time.perf_counter()
        function()
        times.append((time.perf_counter() - start) * 1000)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=600)
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()
    url = database_url()
    app = fresh_app(url)
    with app.app_context():
        start = time.perf_counter()
        event_id = seed(args.entries)
        scores = db.session.scalar(sa.select(sa.func.count(Score.id)))
        elapsed = time.perf_counter() - start
        print(f"seeded {args.entries} entries, {JUDGES} judges, {scores:,} scores in {elapsed:.1f} s")
        call = db.session.scalar(sa.select(InnovationCall))

        def load_and_rank():
            db.session.expire_all()
            return standings.standings_of(db.session.get(InnovationCall, call.id))

        report("standings_of (load + rank)", timed_call(load_and_rank, args.repeat))
        call.normalise_scores = True
        db.session.commit()
        report("standings_of, normalised", timed_call(load_and_rank, args.repeat))
        loaded = load_and_rank()
        assert loaded.ranking.ranked, "nothing was ranked"
        print(f"  ranked {len(loaded.ranking.ranked)} entries")
        rows = list(call.criteria)
        criteria = [ranking.RubricCriterion(c.id, c.weight, c.scale_max, c.position) for c in rows]
        candidates = [ranking.Candidate(e.id, e.reference, e.submitted_at)
                      for e in db.session.scalars(sa.select(Entry).where(Entry.call_id == call.id))]
        scorings = standings._complete_scorings(call, rows)
        report("ranking.rank alone (pure), normalised",
               timed_call(lambda: ranking.rank(criteria, candidates, scorings, normalise=True), args.repeat))

    client = app.test_client()
    response = client.post("/login", data={"email": "organiser@bench.example.org", "password": "bench-password"})
    assert response.status_code == 302, "could not log in"
    base = f"/manage/events/{event_id}/innovations/results"
    report("results page (organisers)", timed(client, base, args.repeat))
    report("results XLSX", timed(client, f"{base}.xlsx", 3))


if __name__ == "__main__":
    main()
