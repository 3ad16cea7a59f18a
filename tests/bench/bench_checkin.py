"""Benchmark: the gate's check-in API under load, against a bare endpoint on the same database.

Creates a throwaway PostgreSQL database, seeds one meeting happening today with N confirmed
registrations (random badge tokens) and a gate API token, then, for each round, runs wrk with
16 connections for a fixed time against

  * bare: `tests/bench/checkin_bare_app.py` under gunicorn — a Flask endpoint doing the least
    a check-in needs (one indexed lookup of the token, one INSERT … ON CONFLICT) with psycopg;
  * rule: `tests/bench/checkin_rule_app.py` — eventapp's own check-in (token, body, lookup,
    rule, insert, answer) on a Flask app with nothing else bound;
  * real: eventapp's `POST /api/v1/checkin` under gunicorn (production config) — the same,
    inside the whole application (sessions, CSRF, logins, rate limits, request ids and log
    lines, security headers);

each request a different badge, so every request is a real check-in. It prints each one's
throughput, p50 and p99 latencies, and the CPU each request cost the app's workers, PostgreSQL
and wrk (read from /proc), with the ratio real/bare, and checks the database holds exactly one
check-in per badge the real run accepted.

    apt-get install wrk     # Debian's package
    .venv/bin/python tests/bench/bench_checkin.py
    .venv/bin/python tests/bench/bench_checkin.py --duration 20 --rounds 3 --workers 4

--server names the PostgreSQL server (default postgresql://root@127.0.0.1:5432); the database
`eventapp_bench_checkin` on it is dropped and created again. Not collected by pytest.
"""
import argparse
import json
import os
import resource
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import sqlalchemy as sa  # noqa: E402

from config import TestingConfig  # noqa: E402
from eventapp import create_app  # noqa: E402
from eventapp.auth.api_tokens import create_api_token  # noqa: E402
from eventapp.checkin.models import Checkin  # noqa: E402
from eventapp.core.clock import local_now, local_today  # noqa: E402
from eventapp.core.roles import Role  # noqa: E402
from eventapp.events.models import Event, EventDay, EventStatus, ParticipantGroup, group_days  # noqa: E402
from eventapp.extensions import db  # noqa: E402
from eventapp.registration.models import (  # noqa: E402
    Institution,
    InstitutionType,
    ParticipantCategory,
    Registration,
    RegistrationStatus,
)
from tests.bench.process_cpu import cpu_by_group, cpu_seconds, postgres  # noqa: E402

DATABASE = "eventapp_bench_checkin"
CHUNK = 5000
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")


def admin_url(server: str) -> str:
    return server.rstrip("/") + "/postgres"


def engine_for(url: str, **options) -> sa.Engine:
    return sa.create_engine(url.replace("postgresql://", "postgresql+psycopg://"), **options)


def app_on(url: str):
    """The app (testing config) on the database at `url`, its uploads in a temporary folder."""
    return create_app(type("BenchConfig", (TestingConfig,), {
        "SQLALCHEMY_DATABASE_URI": url.replace("postgresql://", "postgresql+psycopg://"),
        "UPLOAD_FOLDER": tempfile.mkdtemp()}))


def drop_database(server: str, name: str = DATABASE) -> None:
    engine = engine_for(admin_url(server), isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    engine.dispose()


def recreate_database(server: str, name: str = DATABASE) -> str:
    """The URL of database `name` on `server`, dropped and created again empty."""
    drop_database(server, name)
    engine = engine_for(admin_url(server), isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return f"{server.rstrip('/')}/{name}"


def seed(url: str, count: int) -> tuple[list[str], str]:
    """The meeting, `count` confirmed registrations and a gate token; returns the badge tokens
    (shuffled) and the API token."""
    app = app_on(url)
    with app.app_context():
        db.create_all()
        today = local_today()
        event = Event(edition=2, title_sw="Kikao Kazi", title_en="Annual Meeting", theme_sw="Mada",
                      theme_en="Theme", venue="AICC", city="Arusha", starts_on=today,
                      ends_on=today + timedelta(days=1), registration_opens_on=today - timedelta(days=30),
                      registration_closes_on=today, status=EventStatus.OPEN)
        days = [EventDay(event=event, date=today + timedelta(days=i)) for i in range(2)]
        group = ParticipantGroup(event=event, number=1, name_sw="Kundi la Kwanza", name_en="Group 1", days=days)
        db.session.add_all([event, *days, group])
        db.session.flush()
        category = ParticipantCategory(event_id=event.id, group_id=group.id, code="G1", name_sw="Wakurugenzi",
                                       name_en="Directors", fee_amount=400_000, currency="TZS")
        db.session.add(category)
        institutions = [Institution(name=f"Taasisi {i}", name_key=f"taasisi {i}",
                                    type=InstitutionType.SECTOR_INSTITUTION) for i in range(200)]
        db.session.add_all(institutions)
        db.session.flush()
        now = local_now()
        tokens = [secrets.token_urlsafe(32) for _i in range(count)]
        rows = [dict(
            event_id=event.id, category_id=category.id, institution_id=institutions[i % 200].id,
            reference=f"R{i:09d}", badge_token=tokens[i], title="Bw.", first_name="Mshiriki",
            middle_name="", last_name=f"Namba {i}", gender="male", position="Afisa TEHAMA",
            email=f"m{i}@example.org", phone="255754000000", special_needs="", language="sw", consent_at=now,
            status=RegistrationStatus.CONFIRMED.value, fee_amount=400_000, currency="TZS", fee_waived=False,
            waiver_reason="", decision_reason="", created_at=now, updated_at=now,
        ) for i in range(count)]
        table = Registration.__table__
        for start in range(0, count, CHUNK):
            db.session.execute(table.insert(), rows[start:start + CHUNK])
        db.session.commit()
        assert db.session.scalar(sa.select(sa.func.count()).select_from(group_days)) == 2
        _token, plaintext = create_api_token("bench gate", Role.GATE, actor_id=None)
        db.session.execute(sa.text("ANALYZE"))
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
    secrets.SystemRandom().shuffle(tokens)
    return tokens, plaintext


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start(app_path: str, url: str, workers: int) -> tuple[subprocess.Popen, int]:
    port = free_port()
    env = dict(os.environ, DATABASE_URL=url, EVENTAPP_CONFIG="production", SECRET_KEY=secrets.token_hex(32),
               PYTHONPATH=str(ROOT))
    # The server's log goes to a file: a pipe nobody reads fills up (the app logs a line per
    # request) and then blocks the workers.
    log = tempfile.NamedTemporaryFile(prefix="bench-gunicorn-", suffix=".log", delete=False)
    process = subprocess.Popen(
        [GUNICORN, "-w", str(workers), "-b", f"127.0.0.1:{port}", "--log-level", "warning", app_path],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=log, start_new_session=True)
    process.log_path = log.name
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/nothing-here", timeout=1)
        except urllib.error.HTTPError:
            return process, port  # it answers (404 or 405): up
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError(f"{app_path} did not start: {Path(process.log_path).read_text()[-2000:]}")


def stop(process: subprocess.Popen) -> None:
    os.killpg(process.pid, signal.SIGTERM)
    process.wait(timeout=30)


APPS = (  # name, gunicorn app, path, whether it takes the API token
    ("bare", "tests.bench.checkin_bare_app:app", "/checkin", False),
    ("rule", "tests.bench.checkin_rule_app:app", "/checkin", True),
    ("real", "wsgi:app", "/api/v1/checkin", True),
)


def measured_wrk(server: subprocess.Popen, url: str, tokens_file: str, auth: str, connections: int,
                 duration: int) -> dict:
    """wrk's figures, with the CPU microseconds per request spent by the server's processes,
    PostgreSQL and wrk itself (a child: its time is counted once it has ended)."""
    before, wrk_before = cpu_seconds(), resource.getrusage(resource.RUSAGE_CHILDREN)
    result = wrk(url, tokens_file, auth, connections, duration)
    spent = cpu_by_group(before, cpu_seconds(), {
        "app": lambda _pid, pgid, _name: pgid == server.pid, "postgres": postgres})
    wrk_after = resource.getrusage(resource.RUSAGE_CHILDREN)
    spent["wrk"] = (wrk_after.ru_utime + wrk_after.ru_stime) - (wrk_before.ru_utime + wrk_before.ru_stime)
    result["cpu_us"] = {group: seconds / result["requests"] * 1e6 for group, seconds in spent.items()}
    return result


def wrk(url: str, tokens_file: str, auth: str, connections: int, duration: int) -> dict:
    output = subprocess.run(
        ["wrk", "-t", "2", "-c", str(connections), "-d", f"{duration}s", "--latency",
         "-s", str(ROOT / "tests" / "bench" / "checkin.lua"), url, "--", tokens_file, auth],
        capture_output=True, text=True, check=True).stdout
    line = next(line for line in output.splitlines() if line.startswith("BENCH "))
    result = json.loads(line[len("BENCH "):])
    result["rps"] = result["requests"] / (result["duration_us"] / 1e6)
    return result


def reset_checkins(url: str) -> None:
    engine = engine_for(url)
    with engine.begin() as connection:
        connection.execute(sa.text("TRUNCATE checkins"))
        connection.execute(sa.text("DROP TABLE IF EXISTS bench_bare_checkins"))
    engine.dispose()


def count_checkins(url: str) -> tuple[int, int]:
    engine = engine_for(url)
    with engine.connect() as connection:
        total = connection.scalar(sa.select(sa.func.count()).select_from(Checkin))
        distinct = connection.scalar(sa.select(sa.func.count(sa.distinct(Checkin.registration_id))))
    engine.dispose()
    return total, distinct


def run_round(url: str, tokens_file: str, api_token: str, args) -> dict:
    os.environ["DATABASE_URL"] = url
    from tests.bench import checkin_bare_app

    results = {}
    for name, app_path, path, takes_token in APPS:
        process, port = start(app_path, url, args.workers)
        auth = f"Bearer {api_token}" if takes_token else ""
        try:
            wrk(f"http://127.0.0.1:{port}{path}", tokens_file, auth, args.connections, 2)  # warm up
            reset_checkins(url)  # every badge is new again
            checkin_bare_app.create_table()
            results[name] = measured_wrk(process, f"http://127.0.0.1:{port}{path}", tokens_file, auth,
                                         args.connections, args.duration)
        finally:
            stop(process)
        if name == "real":
            results["real_checkins"] = count_checkins(url)
    return results


def describe(name: str, result: dict) -> str:
    cpu = result["cpu_us"]
    return (f"{name} {result['rps']:.0f} req/s p50 {result['p50_us'] / 1000:.1f} ms"
            f" p99 {result['p99_us'] / 1000:.1f} ms"
            f" (CPU per request: app {cpu['app']:.0f} µs, PostgreSQL {cpu['postgres']:.0f} µs, wrk {cpu['wrk']:.0f} µs;"
            f" non-200 {result['non_200']}, socket errors {result['socket_errors']})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--server", default=os.environ.get("BENCH_POSTGRES", "postgresql://root@127.0.0.1:5432"))
    parser.add_argument("--registrations", type=int, default=60_000)
    parser.add_argument("--duration", type=int, default=15, help="seconds per run")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers for both apps")
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("wrk is not installed (apt-get install wrk).")

    url = recreate_database(args.server)
    print(f"Seeding {args.registrations:,} confirmed registrations in {DATABASE}…", flush=True)
    tokens, api_token = seed(url, args.registrations)
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as handle:
        handle.write("\n".join(tokens) + "\n")
        tokens_file = handle.name

    rounds = []
    for number in range(1, args.rounds + 1):
        result = run_round(url, tokens_file, api_token, args)
        rounds.append(result)
        total, distinct = result["real_checkins"]
        print(f"round {number}:", flush=True)
        for name, *_rest in APPS:
            print("  " + describe(name, result[name]), flush=True)
        print(f"  ratio real/bare {result['real']['rps'] / result['bare']['rps']:.2f}, rule/bare "
              f"{result['rule']['rps'] / result['bare']['rps']:.2f}; {total} check-ins for {distinct} people",
              flush=True)
        if total != distinct:
            sys.exit("A badge was checked in twice on one day: the check-ins are not unique.")

    ratio = statistics.median(r["real"]["rps"] / r["bare"]["rps"] for r in rounds)
    rule = statistics.median(r["rule"]["rps"] / r["bare"]["rps"] for r in rounds)
    p99 = max(r["real"]["p99_us"] for r in rounds) / 1000
    print(f"\nmedian ratio real/bare: {ratio:.2f} (target ≥ 0.80); rule alone/bare: {rule:.2f}; "
          f"worst real p99: {p99:.1f} ms (target < 100 ms)")
    for name, *_rest in APPS:
        cpu = {group: statistics.median(r[name]["cpu_us"][group] for r in rounds) for group in ("app", "postgres")}
        print(f"median CPU per request, {name}: app {cpu['app']:.0f} µs + PostgreSQL {cpu['postgres']:.0f} µs")
    Path(tokens_file).unlink(missing_ok=True)
    drop_database(args.server)


if __name__ == "__main__":
    main()
