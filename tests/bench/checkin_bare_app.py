"""The yardstick for bench_checkin.py: a bare Flask endpoint doing the least a check-in needs
on the same database — one indexed lookup of the badge token, one insert that holds one
check-in per person and day — with psycopg and no ORM, no authentication, no translations.

    DATABASE_URL=postgresql://... gunicorn -w 4 tests.bench.checkin_bare_app:app
"""
import os
from datetime import date

import psycopg
from flask import Flask, jsonify, request

app = Flask(__name__)
_url = os.environ["DATABASE_URL"].replace("postgresql+psycopg://", "postgresql://")
_connection = None  # one per gunicorn (sync) worker, opened after the fork


def connection() -> psycopg.Connection:
    global _connection
    if _connection is None or _connection.closed:
        _connection = psycopg.connect(_url, autocommit=True)
    return _connection

SETUP = """CREATE TABLE IF NOT EXISTS bench_bare_checkins (
    id serial PRIMARY KEY, registration_id integer NOT NULL, day date NOT NULL, gate varchar(60) NOT NULL,
    checked_in_at timestamptz NOT NULL DEFAULT now(), UNIQUE (registration_id, day))"""


@app.post("/checkin")
def checkin():
    data = request.get_json(silent=True) or {}
    token = data.get("token")
    if not isinstance(token, str):
        return jsonify(status="invalid"), 400
    db = connection()
    row = db.execute("SELECT id FROM registrations WHERE badge_token = %s", (token,)).fetchone()
    if row is None:
        return jsonify(status="invalid")
    inserted = db.execute(
        "INSERT INTO bench_bare_checkins (registration_id, day, gate) VALUES (%s, %s, %s) "
        "ON CONFLICT DO NOTHING RETURNING id", (row[0], date.today(), data.get("gate", "")),
    ).fetchone()
    return jsonify(status="ok" if inserted else "already_checked_in")


def create_table() -> None:
    with psycopg.connect(_url, autocommit=True) as connection:
        connection.execute(SETUP)
