"""Benchmark: the organisers' registrations list at 50,000 registrations.

Seeds one event with 50,000 registrations (bulk inserts: institutions, categories,
registrations, bills with control numbers, bill items and payments), then times the list
page through the Flask test client logged in as an organiser: the first page, a filtered
page, a name search, a control-number search, page 1000, and the full CSV export.

    .venv/bin/python tests/bench/bench_registrations_list.py            # SQLite file in a temp dir
    DATABASE_URL=postgresql://user@host/db .venv/bin/python tests/bench/bench_registrations_list.py

DATABASE_URL must point at a throwaway database (or schema, with ?options=-csearch_path%3Dbench):
its tables are dropped and created again. Not collected by pytest (addopts ignores tests/bench).
"""
import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import sqlalchemy as sa  # noqa: E402

from config import TestingConfig  # noqa: E402
from eventapp import create_app  # noqa: E402
from eventapp.auth.models import User, UserRole  # noqa: E402
from eventapp.core.references import luhn_check_digit, random_reference  # noqa: E402
from eventapp.core.roles import Role  # noqa: E402
from eventapp.events.models import Event, EventStatus, ParticipantGroup  # noqa: E402
from eventapp.extensions import db  # noqa: E402
from eventapp.registration.models import (  # noqa: E402
    Bill,
    BillItem,
    Institution,
    InstitutionType,
    ParticipantCategory,
    Payment,
    PaymentChannel,
    PaymentSource,
    Registration,
    RegistrationStatus,
)

FIRST = ["Asha", "Baraka", "Juma", "Neema", "Rehema", "Hamisi", "Zawadi", "Daudi", "Mwajuma", "Salim", "Upendo",
         "Emmanuel", "Fatuma", "Godfrey", "Halima", "Idrisa", "Jane", "Khamis", "Lucy", "Mussa"]
LAST = ["Mwinyi", "Kweka", "Said", "Mushi", "Massawe", "Mollel", "Lyimo", "Swai", "Mrema", "Kimaro", "Shirima",
        "Mbwambo", "Nyirenda", "Temba", "Urio", "Minja", "Mtui", "Kileo", "Makundi", "Sanga", "Mahenge", "Chuwa"]
STATUSES = ([RegistrationStatus.CONFIRMED] * 55 + [RegistrationStatus.PENDING_PAYMENT] * 25
            + [RegistrationStatus.PENDING_APPROVAL] * 5 + [RegistrationStatus.WAITLISTED] * 5
            + [RegistrationStatus.CANCELLED] * 10)
CHUNK = 5000


def database_url() -> str:
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    if url:
        return url
    return f"sqlite:///{Path(tempfile.mkdtemp()) / 'bench.sqlite'}"


def fresh_app(url: str):
    """The app on `url` (testing config, no pool options), its tables dropped and created again."""
    config = type("BenchConfig", (TestingConfig,), {"SQLALCHEMY_DATABASE_URI": url, "SQLALCHEMY_ENGINE_OPTIONS": {}})
    app = create_app(config)
    with app.app_context():
        print(f"database: {db.engine.dialect.name} ({db.engine.url.render_as_string(hide_password=True)})")
        db.drop_all()
        db.create_all()
    return app


def finish(app, url: str) -> None:
    """Let go of the database; say where a SQLite file was left (a PostgreSQL one is named by the caller)."""
    with app.app_context():
        db.session.remove()
    if not os.environ.get("DATABASE_URL"):
        print(f"(SQLite file: {url.removeprefix('sqlite:///')})")


def insert(model, rows: list[dict]) -> None:
    for start in range(0, len(rows), CHUNK):
        db.session.execute(sa.insert(model), rows[start:start + CHUNK])


def seed(count: int, edition: int = 2) -> tuple[int, dict]:
    """Fill the database; returns the event id and sample values to search for."""
    rng = random.Random(2019)
    now = datetime.now(timezone.utc)
    event = Event(edition=edition, title_sw="Kikao Kazi 2019", title_en="e-Government Annual Meeting 2019",
                  theme_sw="Mada", theme_en="Theme", venue="UDOM – CIVE", city="Dodoma",
                  starts_on=date.today() + timedelta(days=60), ends_on=date.today() + timedelta(days=63),
                  registration_opens_on=date.today() - timedelta(days=60),
                  registration_closes_on=date.today() + timedelta(days=50), status=EventStatus.OPEN)
    db.session.add(event)
    groups = [ParticipantGroup(event=event, number=n, name_sw=f"Kundi {n}", name_en=f"Group {n}") for n in (1, 2, 3)]
    db.session.add_all(groups)
    db.session.flush()
    fees = [("G1", 400_000, 0), ("G2", 200_000, 1), ("G3-LEC", 50_000, 2), ("G3-STU", 20_000, 2)]
    categories = [ParticipantCategory(event_id=event.id, group_id=groups[g].id, code=code, name_sw=code, name_en=code,
                                      fee_amount=fee, currency="TZS", places_taken=0) for code, fee, g in fees]
    db.session.add_all(categories)
    insert(Institution, [
        {"name": f"Taasisi ya Majaribio {n:03d}", "name_key": f"taasisi ya majaribio {n:03d}", "acronym": f"TM{n:03d}",
         "type": rng.choice(list(InstitutionType)), "reviewed": n % 20 != 0, "created_at": now, "updated_at": now}
        for n in range(400)
    ])
    db.session.flush()
    institution_ids = list(db.session.scalars(
        sa.select(Institution.id).where(Institution.name_key.like("taasisi ya majaribio %"))
    ))
    category_rows = [(c.id, c.fee_amount) for c in categories]

    registrations = []
    for n in range(count):
        category_id, fee = category_rows[rng.choices(range(4), weights=(55, 20, 10, 15))[0]]
        created = now - timedelta(minutes=count - n)
        registrations.append({
            "event_id": event.id, "category_id": category_id, "institution_id": rng.choice(institution_ids),
            "reference": random_reference("R"), "title": "", "first_name": rng.choice(FIRST),
            "middle_name": "", "last_name": rng.choice(LAST), "gender": rng.choice(["female", "male"]),
            "position": "Afisa TEHAMA", "email": f"p{n}@bench.example.org", "phone": f"255754{n:06d}",
            "special_needs": "", "language": "sw", "consent_at": created, "status": rng.choice(STATUSES),
            "fee_amount": fee, "currency": "TZS", "fee_waived": False, "waiver_reason": "",
            "decision_reason": "", "created_at": created, "updated_at": created,
        })
    insert(Registration, registrations)
    db.session.flush()
    rows = db.session.execute(sa.select(Registration.id, Registration.status, Registration.fee_amount)
                              .where(Registration.event_id == event.id)).all()

    bills, items, payments = [], [], []
    first_bill = (db.session.scalar(sa.select(sa.func.max(Bill.id))) or 0) + 1
    for n, (reg_id, status, fee) in enumerate(rows, start=first_bill - 1):
        if status not in (RegistrationStatus.CONFIRMED, RegistrationStatus.PENDING_PAYMENT):
            continue
        body = f"99{edition % 10}{n:08d}"
        paid = status is RegistrationStatus.CONFIRMED
        bills.append({
            "id": n + 1, "event_id": event.id, "control_number": body + luhn_check_digit(body), "gateway": "offline",
            "payer_name": "Payer", "payer_email": "payer@example.org", "payer_phone": "", "description": "Fee",
            "currency": "TZS", "total_amount": fee, "payment_option": "exact", "status": "paid" if paid else "pending",
            "expires_on": date.today() + timedelta(days=14), "language": "sw", "created_at": now, "updated_at": now,
        })
        items.append({"bill_id": n + 1, "registration_id": reg_id, "description": "Fee", "amount": fee})
        if paid:
            payments.append({
                "bill_id": n + 1, "transaction_id": f"TX{edition}-{n}", "receipt_number": f"P{edition}-{n:08d}",
                "amount": fee, "currency": "TZS", "paid_at": now, "channel": PaymentChannel.MPESA.value,
                "psp_name": "M-Pesa", "payer_name": "Payer", "source": PaymentSource.STATEMENT.value, "created_at": now,
            })
    db.session.execute(sa.insert(Bill.__table__), bills)  # core inserts: enum values as stored
    insert(BillItem, items)
    for start in range(0, len(payments), CHUNK):
        db.session.execute(sa.insert(Payment.__table__), payments[start:start + CHUNK])
    if db.engine.dialect.name == "postgresql":
        db.session.execute(sa.text("SELECT setval(pg_get_serial_sequence('bills', 'id'), (SELECT max(id) FROM bills))"))
    user = User(email="organiser@bench.example.org", full_name="Organiser", password_hash="")
    user.set_password("bench-password")
    user.roles = [UserRole(role=Role.ORGANISER)]
    db.session.add(user)
    db.session.commit()
    if db.engine.dialect.name == "postgresql":
        # As autovacuum leaves a settled database: statistics and the visibility map
        # (which lets counts read the (event_id, status) index alone).
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(sa.text("VACUUM ANALYZE"))
    sample_bill = bills[len(bills) // 2]["control_number"]
    return event.id, {"category": categories[0].id, "control_number": sample_bill}


def timed(client, url: str, repeat: int) -> list[float]:
    for _warm in range(2):
        response = client.get(url)
        response.get_data()  # a streamed response must be read to the end before the next request
        assert response.status_code == 200, (url, response.status_code)
    times = []
    for _n in range(repeat):
        start = time.perf_counter()
        response = client.get(url)
        response.get_data()
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200
    return times


def report(label: str, times: list[float]) -> None:
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    print(f"{label:<44} median {statistics.median(times):8.1f} ms   p95 {p95:8.1f} ms   (n={len(times)})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    url = database_url()
    app = fresh_app(url)
    if os.environ.get("BENCH_SQL"):
        import logging

        logging.basicConfig()
        logging.getLogger("sqlalchemy.engine").setLevel(logging.INFO)
    with app.app_context():
        start = time.perf_counter()
        event_id, sample = seed(args.rows)
        total = db.session.scalar(sa.select(sa.func.count(Registration.id)))
        print(f"seeded {total:,} registrations in {time.perf_counter() - start:.1f} s")

    client = app.test_client()
    response = client.post("/login", data={"email": "organiser@bench.example.org", "password": "bench-password"})
    assert response.status_code == 302, "could not log in"
    base = f"/manage/events/{event_id}/registrations"
    cases = [
        ("first page", base),
        ("filtered (category, confirmed, paid)", f"{base}?category={sample['category']}&status=confirmed&paid=yes"),
        ("search by name (mwinyi)", f"{base}?q=mwinyi"),
        ("search by control number", f"{base}?q={sample['control_number']}"),
        ("page 1000", f"{base}?page=1000"),
    ]
    for label, case_url in cases:
        report(label, timed(client, case_url, args.repeat))
    report("CSV export of all rows", timed(client, f"{base}/export.csv", 3))
    finish(app, url)


if __name__ == "__main__":
    main()
