"""Benchmark: the registration rush, organisers browsing and the morning gate rush, together.

Seeds a throwaway PostgreSQL database `eventapp_bench_load` (bench_checkin.seed: a meeting today
with registration still open, N confirmed registrations with badges, a gate API token; here also a
free and a second paid public category and an organiser), starts eventapp under gunicorn (sync
workers, production config, PROXY_COUNT=1 as behind nginx) and, for a fixed time, plays at once:
  * the registration rush: P participants (threads) each GET the public form (CSRF token, session
    cookie) and POST a valid registration with an email of its own, again and again: one in four
    free (confirmed at once), the rest paid (pending payment, a bill); institutions mostly chosen,
    some typed (a few new names typed by many at once);
  * O logged-in organisers (threads) paging, filtering and searching the registrations list and
    opening the dashboard and its sections;
  * the gate rush: wrk (C connections) POSTing `/api/v1/checkin` with the gate token, each request
    a different badge (load_checkin.lua, which wraps checkin.lua).
Every request is valid: each person has an address of their own (X-Forwarded-For, as nginx sends
it), so no per-address rate limit refuses one. It prints per stream the requests, req/s, p50/p99,
unexpected answers and errors, then checks that no data was lost (registrations = seeded + accepted
POSTs, per category and in places_taken; bills = accepted paid ones, one bill item each; check-ins
= wrk's `ok` answers, one per badge; no traceback in the server log): a PASS/FAIL line each, exit
status 1 on any FAIL. Not collected by pytest.

    apt-get install wrk     # Debian's package
    .venv/bin/python tests/bench/bench_load.py                          # 60 s, REDIS_URL unset
    .venv/bin/python tests/bench/bench_load.py --duration 30 --redis    # REDIS_URL=redis://…:6379/10
    .venv/bin/python tests/bench/bench_load.py --redis redis://127.0.0.1:6379/12 --keep

--server names the PostgreSQL server (default postgresql://root@127.0.0.1:5432); its database
`eventapp_bench_load` is dropped and created again (and dropped at the end unless --keep). --redis
flushes that Redis database first (the app keeps its rate limits there).
"""
import argparse
import http.client
import json
import os
import random
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import sqlalchemy as sa  # noqa: E402

from eventapp.auth.models import User, UserRole  # noqa: E402
from eventapp.core.roles import Role  # noqa: E402
from eventapp.dashboard.catalogue import SECTIONS  # noqa: E402
from eventapp.events.models import Event, ParticipantGroup  # noqa: E402
from eventapp.extensions import db  # noqa: E402
from eventapp.registration.models import (  # noqa: E402
    Bill,
    BillItem,
    Institution,
    ParticipantCategory,
    Registration,
    RegistrationStatus,
)
from tests.bench import bench_checkin  # noqa: E402

DATABASE = "eventapp_bench_load"
DEFAULT_REDIS = "redis://127.0.0.1:6379/10"
TIMEOUT = 60  # seconds a client waits for an answer (a late answer is slow, not lost)
ORGANISER_EMAIL, ORGANISER_PASSWORD = "organiser@bench-load.example.org", "bench-load-password"
NEW_INSTITUTIONS = ["Wakala wa Majaribio ya Mzigo", "Taasisi Mpya ya Benchi", "Ofisi ya Majaribio Dodoma"]
FIRST = ["Asha", "Baraka", "Juma", "Neema", "Rehema", "Hamisi", "Zawadi", "Daudi", "Upendo", "Salim"]
LAST = ["Mwinyi", "Kweka", "Mushi", "Massawe", "Mollel", "Lyimo", "Swai", "Mrema", "Kimaro", "Temba"]
CSRF, VALUE = re.compile(r'<input[^>]*name="csrf_token"[^>]*>'), re.compile(r'value="([^"]*)"')


@dataclass
class Seeded:
    event_id: int
    free: list[int]  # category ids
    paid: list[int]
    institution_ids: list[int]
    registrations: int
    tokens: list[str]
    api_token: str


def seed(url: str, badges: int) -> Seeded:
    """bench_checkin's meeting and confirmed registrations, plus a free and a second paid public
    category in its group and an organiser who can log in."""
    tokens, api_token = bench_checkin.seed(url, badges)
    with bench_checkin.app_on(url).app_context():
        event = db.session.scalar(sa.select(Event))
        group = db.session.scalar(sa.select(ParticipantGroup).where(ParticipantGroup.event_id == event.id))
        db.session.add_all([
            ParticipantCategory(event_id=event.id, group_id=group.id, code="G2", name_sw="Maafisa TEHAMA",
                                name_en="ICT officers", fee_amount=200_000, currency="TZS"),
            ParticipantCategory(event_id=event.id, group_id=group.id, code="STU", name_sw="Wanafunzi",
                                name_en="Students", fee_amount=0, currency="TZS"),
        ])
        user = User(email=ORGANISER_EMAIL, full_name="Mratibu wa Benchi", password_hash="")
        user.set_password(ORGANISER_PASSWORD)
        user.roles = [UserRole(role=Role.ORGANISER)]
        db.session.add(user)
        db.session.commit()
        fees = db.session.execute(sa.select(ParticipantCategory.id, ParticipantCategory.fee_amount)).all()
        seeded = Seeded(event.id, [c.id for c in fees if c.fee_amount == 0], [c.id for c in fees if c.fee_amount > 0],
                        list(db.session.scalars(sa.select(Institution.id))),
                        db.session.scalar(sa.select(sa.func.count()).select_from(Registration)), tokens, api_token)
        db.session.remove()
        db.engine.dispose()
    return seeded


def start_gunicorn(url: str, workers: int, redis_url: str | None, log_path: Path) -> tuple[subprocess.Popen, int]:
    """eventapp under gunicorn as in production behind one proxy. Its log goes to a file: a pipe
    nobody reads would stop the workers once full."""
    port = bench_checkin.free_port()
    env = {name: value for name, value in os.environ.items()
           if name not in ("REDIS_URL", "RATELIMIT_STORAGE_URI", "JOBS_MODE", "MAIL_SERVER")}
    env.update(DATABASE_URL=url, EVENTAPP_CONFIG="production", SECRET_KEY=secrets.token_hex(32), PROXY_COUNT="1",
               PYTHONPATH=str(ROOT), UPLOAD_FOLDER=tempfile.mkdtemp(), BASE_URL=f"http://127.0.0.1:{port}")
    if redis_url:
        env["REDIS_URL"] = redis_url
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            [bench_checkin.GUNICORN, "-w", str(workers), "-b", f"127.0.0.1:{port}", "--log-level", "warning",
             "wsgi:app"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and process.poll() is None:
        try:
            Browser(port, "127.0.0.1").request("GET", "/register")
            return process, port
        except OSError:
            time.sleep(0.2)
    if process.poll() is None:
        bench_checkin.stop(process)
    raise RuntimeError(f"gunicorn did not start: {log_path.read_text()[-3000:]}")


# --- the Python clients -------------------------------------------------------------------------

@dataclass
class Stream:
    """What one stream saw: latencies of answered requests by what was asked, unexpected answers
    (what was asked and the status, with a few samples) and errors (no answer at all)."""

    name: str
    latencies: dict = field(default_factory=lambda: defaultdict(list))
    unexpected: Counter = field(default_factory=Counter)
    errors: Counter = field(default_factory=Counter)
    samples: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, seconds: float, label: str, status: int, expected: int, body: str) -> bool:
        with self.lock:
            self.latencies[label].append(seconds)
            if status == expected:
                return True
            self.unexpected[f"{label} {status}"] += 1
            if len(self.samples) < 3:
                self.samples.append(f"{label} {status}: " + " ".join(body.split())[:300])
        return False

    def error(self, label: str, error: Exception) -> None:
        with self.lock:
            self.errors[f"{label} {type(error).__name__}: {error}"[:200]] += 1


class Browser:
    """One person's browser: cookies kept by hand (production's are Secure, which http.cookiejar
    would not send back over plain http) and their own address in X-Forwarded-For."""

    def __init__(self, port: int, address: str):
        self.port, self.address, self.cookies = port, address, {}

    def request(self, method: str, path: str, form: dict | None = None) -> tuple[int, str]:
        headers = {"X-Forwarded-For": self.address, "Accept-Language": "en"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        body = urllib.parse.urlencode(form) if form is not None else None
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=TIMEOUT)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8", "replace")
        finally:
            connection.close()
        for cookie in response.headers.get_all("Set-Cookie") or []:
            name, _sep, value = cookie.split(";", 1)[0].partition("=")
            if value and "1970" not in cookie:
                self.cookies[name.strip()] = value.strip()
            else:
                self.cookies.pop(name.strip(), None)
        return response.status, text


def csrf_token(page: str) -> str:
    tag = CSRF.search(page)
    match = VALUE.search(tag.group(0)) if tag else None
    return match.group(1) if match else ""


def timed(stream: Stream, browser: Browser, label: str, path: str, expected: int,
          form: dict | None = None) -> tuple[bool, str]:
    """One request (a POST when there is a form), recorded in the stream; (as expected, page)."""
    started = time.perf_counter()
    try:
        status, page = browser.request("GET" if form is None else "POST", path, form)
    except Exception as error:  # noqa: BLE001 — counted and shown; the run goes on
        stream.error(label, error)
        return False, ""
    return stream.record(time.perf_counter() - started, label, status, expected, page), page


def participant(number: int, port: int, seeded: Seeded, deadline: float, stream: Stream, accepted: Counter,
                run: str) -> None:
    """Register people one after another until the deadline; `accepted` counts the 302s per category."""
    rng = random.Random(number)
    attempt = 0
    while time.monotonic() < deadline:
        attempt += 1
        browser = Browser(port, f"10.{number % 250}.{attempt // 250 % 250}.{attempt % 250 + 1}")
        fine, page = timed(stream, browser, "GET /register", "/register", 200)
        if not fine:
            continue
        category = rng.choice(seeded.free) if attempt % 4 == 0 else rng.choice(seeded.paid)
        choice, institution_id = rng.random(), ""
        if choice < 0.7:
            institution_id, institution_name = str(rng.choice(seeded.institution_ids)), "from the list"
        elif choice < 0.9:
            institution_name = f"Taasisi {rng.randrange(200)}"  # an existing one, typed
        else:
            institution_name = rng.choice(NEW_INSTITUTIONS)  # a new one, typed by many at once
        form = {
            "csrf_token": csrf_token(page), "title": rng.choice(["Bw.", "Bi.", "Dkt."]),
            "first_name": rng.choice(FIRST), "middle_name": "", "last_name": rng.choice(LAST),
            "gender": rng.choice(["female", "male"]), "position": "Afisa TEHAMA", "institution_id": institution_id,
            "institution_name": institution_name, "email": f"p{number}.{attempt}.{run}@load.example.org",
            "phone": f"+255754{number:02d}{attempt % 10000:04d}", "special_needs": "",
            "category_id": str(category), "consent": "y",
        }
        if timed(stream, browser, "POST /register", "/register", 302, form)[0]:
            with stream.lock:
                accepted[category] += 1


def organiser(number: int, port: int, seeded: Seeded, deadline: float, stream: Stream) -> None:
    """Log in, then page, filter and search the registrations and open the dashboard until the deadline."""
    rng = random.Random(1000 + number)
    browser = Browser(port, f"172.16.0.{number + 1}")
    fine, page = timed(stream, browser, "GET /login", "/login", 200)
    form = {"csrf_token": csrf_token(page), "email": ORGANISER_EMAIL, "password": ORGANISER_PASSWORD}
    if not fine or not timed(stream, browser, "POST /login", "/login", 302, form)[0]:
        return
    base = f"/manage/events/{seeded.event_id}"
    while time.monotonic() < deadline:
        label, path = rng.choice([
            ("list page 1", f"{base}/registrations"),
            ("list page n", f"{base}/registrations?page={rng.randint(2, seeded.registrations // 50)}"),
            ("list search", f"{base}/registrations?q=" + urllib.parse.quote(f"Namba {rng.randrange(999)}")),
            ("list search", f"{base}/registrations?q={rng.choice(LAST)}"),
            ("list filtered", f"{base}/registrations?status=pending_payment&page={rng.randint(1, 3)}"),
            ("dashboard", f"{base}/dashboard"),
            ("dashboard section", f"{base}/dashboard/{rng.choice(SECTIONS[1:]).key}"),
        ])
        timed(stream, browser, label, path, 200)


def start_wrk(port: int, tokens_file: Path, api_token: str, connections: int, duration: int) -> subprocess.Popen:
    return subprocess.Popen(
        ["wrk", "-t", "1", "-c", str(connections), "-d", f"{duration}s", "--timeout", f"{TIMEOUT}s", "--latency",
         "-s", str(ROOT / "tests" / "bench" / "load_checkin.lua"), f"http://127.0.0.1:{port}/api/v1/checkin",
         "--", str(tokens_file), f"Bearer {api_token}"],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def wrk_result(process: subprocess.Popen) -> dict:
    output, errors = process.communicate()
    line = next((line for line in output.splitlines() if line.startswith("BENCH ")), None)
    if process.returncode != 0 or line is None:
        raise RuntimeError(f"wrk failed: {output[-2000:]} {errors[-2000:]}")
    result = json.loads(line[len("BENCH "):])
    result["errors"] = sum(result[name] for name in ("connect_errors", "read_errors", "write_errors", "timeouts"))
    return result


# --- the report and the checks ------------------------------------------------------------------

def percentiles(values: list[float]) -> str:
    ordered = sorted(values) or [float("nan")]
    at = [ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000 for share in (0.5, 0.99)]
    return f"p50 {at[0]:7.1f} ms   p99 {at[1]:7.1f} ms"


def print_stream(stream: Stream, elapsed: float) -> None:
    answered = [seconds for values in stream.latencies.values() for seconds in values]
    count = len(answered) + sum(stream.errors.values())
    print(f"{stream.name:<22} {count:7d} requests {count / elapsed:7.1f} req/s   {percentiles(answered)}   "
          f"unexpected answers {sum(stream.unexpected.values())}   errors {sum(stream.errors.values())}")
    for label, values in sorted(stream.latencies.items()):
        print(f"    {label:<18} {len(values):7d} requests {len(values) / elapsed:7.1f} req/s   {percentiles(values)}")
    for what, number in (stream.unexpected + stream.errors).most_common():
        print(f"    {number:6d} × {what}")
    for sample in stream.samples:
        print(f"    e.g. {sample}")


def database_counts(url: str) -> dict:
    """Registrations per (category, status) and places taken per category; bills, and paid
    registrations with exactly one bill item; check-ins and the people checked in."""
    engine, count = bench_checkin.engine_for(url), sa.func.count()
    with engine.connect() as connection:
        counts = {
            "registrations": dict(((category, status), number) for category, status, number in connection.execute(
                sa.select(Registration.category_id, Registration.status, count)
                .group_by(Registration.category_id, Registration.status))),
            "places_taken": dict(connection.execute(
                sa.select(ParticipantCategory.id, ParticipantCategory.places_taken)).all()),
            "bills": connection.scalar(sa.select(count).select_from(Bill)),
            "one_item": connection.scalar(sa.select(count).select_from(
                sa.select(BillItem.registration_id).group_by(BillItem.registration_id).having(count == 1).subquery())),
        }
    engine.dispose()
    counts["checkins"], counts["checked_in"] = bench_checkin.count_checkins(url)
    return counts


def checks(before: dict, after: dict, seeded: Seeded, accepted: Counter, gate: dict) -> list[tuple[bool, str]]:
    """(passed, line) for each count that must hold after the run."""
    def new(category, status=None) -> int:
        return sum(number - before["registrations"].get(key, 0) for key, number in after["registrations"].items()
                   if key[0] == category and status in (None, key[1]))

    total = sum(after["registrations"].values()) - sum(before["registrations"].values())
    paid = sum(accepted[c] for c in seeded.paid)
    in_flight, wrapped = gate["issued"] - gate["answered"], max(0, gate["issued"] - len(seeded.tokens))
    result = [(total == sum(accepted.values()), f"registrations in the database {sum(after['registrations'].values())}"
                                                f" = seeded {seeded.registrations} + accepted POSTs {total}")]
    for category in seeded.free + seeded.paid:
        status = RegistrationStatus.CONFIRMED if category in seeded.free else RegistrationStatus.PENDING_PAYMENT
        taken = after["places_taken"][category] - before["places_taken"][category]
        result.append((new(category) == new(category, status) == accepted[category] == taken,
                       f"category {category}: new registrations {new(category)}, {status.value} "
                       f"{new(category, status)}, = accepted POSTs {accepted[category]} = places taken {taken}"))
    return result + [
        (after["bills"] == after["one_item"] == paid, f"bills {after['bills']} = paid registrations with one bill item "
                                                      f"{after['one_item']} = accepted paid POSTs {paid}"),
        (after["checkins"] == after["checked_in"], f"check-ins {after['checkins']} for {after['checked_in']} people"),
        (gate["ok"] <= after["checkins"] <= gate["ok"] + in_flight,
         f"check-ins {after['checkins']} = wrk's ok answers {gate['ok']} (+ at most {in_flight} in flight at the end)"),
        (gate["already"] <= wrapped, f"already_checked_in answers {gate['already']} ≤ requests after the "
                                     f"{len(seeded.tokens):,} badges ran out ({wrapped})"),
    ]


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--server", default=os.environ.get("BENCH_POSTGRES", "postgresql://root@127.0.0.1:5432"))
    for name, default, text in (("duration", 60, "seconds the three streams run together"),
                                ("participants", 24, "concurrent registering participants"),
                                ("organisers", 4, "concurrent organisers browsing"),
                                ("connections", 16, "wrk's connections at the gate"),
                                ("badges", 20_000, "seeded confirmed registrations"),
                                ("workers", 4, "gunicorn sync workers")):
        parser.add_argument(f"--{name}", type=int, default=default, help=f"{text} (default {default})")
    parser.add_argument("--redis", nargs="?", const=DEFAULT_REDIS, help=f"set REDIS_URL (bare: {DEFAULT_REDIS})")
    parser.add_argument("--keep", action="store_true", help="keep the database and the server log")
    return parser.parse_args()


def run_streams(args, port: int, seeded: Seeded, tokens_file: Path) -> tuple[Stream, Stream, Counter, dict, float]:
    """The three streams at once for args.duration seconds; the Python clients finish the request
    they are in (so every answer is counted), wrk stops on time."""
    rush, browsing, accepted, run = Stream("registration rush"), Stream("organisers browsing"), Counter(), \
        secrets.token_hex(3)
    started = time.monotonic()
    deadline = started + args.duration
    wrk = start_wrk(port, tokens_file, seeded.api_token, args.connections, args.duration)
    threads = [threading.Thread(target=participant, args=(n, port, seeded, deadline, rush, accepted, run))
               for n in range(args.participants)]
    threads += [threading.Thread(target=organiser, args=(n, port, seeded, deadline, browsing))
                for n in range(args.organisers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    return rush, browsing, accepted, wrk_result(wrk), elapsed


def main() -> None:
    args = arguments()
    if shutil.which("wrk") is None:
        sys.exit("wrk is not installed (apt-get install wrk).")
    if args.redis:
        from redis import Redis

        Redis.from_url(args.redis).flushdb()
    url = bench_checkin.recreate_database(args.server, DATABASE)
    print(f"Seeding {args.badges:,} confirmed registrations in {DATABASE}…", flush=True)
    seeded = seed(url, args.badges)
    before, workdir = database_counts(url), Path(tempfile.mkdtemp(prefix="bench_load_"))
    tokens_file, log_path = workdir / "tokens.txt", workdir / "gunicorn.log"
    tokens_file.write_text("\n".join(seeded.tokens) + "\n")
    process, port = start_gunicorn(url, args.workers, args.redis, log_path)
    print(f"gunicorn: {args.workers} sync workers, PostgreSQL, REDIS_URL {args.redis or 'unset'}; "
          f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} before the run", flush=True)
    try:
        rush, browsing, accepted, gate, elapsed = run_streams(args, port, seeded, tokens_file)
    finally:
        bench_checkin.stop(process)

    print(f"\n{args.duration} s: {args.participants} participants, {args.organisers} organisers, "
          f"{args.connections} gate connections; load average {os.getloadavg()[0]:.1f} at the end")
    print_stream(rush, elapsed)
    print(f"    registrations accepted: {sum(accepted.values())} ({sum(accepted[c] for c in seeded.free)} free, "
          f"{sum(accepted[c] for c in seeded.paid)} paid)")
    print_stream(browsing, elapsed)
    print(f"{'gate rush (wrk)':<22} {gate['requests']:7d} requests {gate['requests'] / gate['duration_us'] * 1e6:7.1f}"
          f" req/s   p50 {gate['p50_us'] / 1000:7.1f} ms   p99 {gate['p99_us'] / 1000:7.1f} ms   "
          f"unexpected answers {gate['not_2xx'] + gate['other']}   errors {gate['errors']}")
    print(f"    ok {gate['ok']}, already_checked_in {gate['already']}, other {gate['other']}, non-2xx "
          f"{gate['not_2xx']} {gate['other_status']}; socket errors: connect {gate['connect_errors']}, "
          f"read {gate['read_errors']}, write {gate['write_errors']}, timeout {gate['timeouts']}")

    log_text = log_path.read_text(errors="replace")
    server_errors = log_text.count("Traceback") + log_text.count("WORKER TIMEOUT")
    unexpected = sum(rush.unexpected.values()) + sum(browsing.unexpected.values()) + gate["not_2xx"] + gate["other"]
    errors = sum(rush.errors.values()) + sum(browsing.errors.values()) + gate["errors"]
    results = checks(before, database_counts(url), seeded, accepted, gate) + [
        (unexpected == 0, f"unexpected answers (4xx, 5xx, refusals) {unexpected}"),
        (errors == 0, f"requests without an answer {errors}"),
        (server_errors == 0, f"tracebacks and worker timeouts in the server log {server_errors}"),
    ]
    print("\n" + "\n".join(f"{'PASS' if passed else 'FAIL'} {line}" for passed, line in results))
    if args.keep or server_errors:
        print(f"\nkept: server log {log_path}" + (f", database {url}" if args.keep else ""))
    else:
        shutil.rmtree(workdir, ignore_errors=True)
    if not args.keep:
        bench_checkin.drop_database(args.server, DATABASE)
    sys.exit(0 if all(passed for passed, _line in results) else 1)


if __name__ == "__main__":
    main()
