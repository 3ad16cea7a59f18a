"""The login rate limit holds across workers when REDIS_URL is set.

Each "worker" is a process of its own, as under gunicorn (the app's one `Limiter` keeps its
counters in the process, so two apps in the test's own process would share them whatever the
storage): it builds the app from the environment as a deployment does (EVENTAPP_CONFIG,
REDIS_URL, DATABASE_URL) and posts to the login page. With Redis the second worker's first
post is the limit's n+1-th and is refused with a 429; with the counters in memory (no
REDIS_URL) it is not, which shows the test depends on the shared storage.
Redis database 13 is this test's own; it is emptied before and after.
"""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import redis

# Both tests empty Redis database 13: run them one at a time (`make test`'s serial pass).
pytestmark = pytest.mark.database

REDIS_URL = "redis://127.0.0.1:6379/13"
ROOT = Path(__file__).resolve().parents[2]
LIMIT = 3  # LOGIN_RATE_LIMIT below: "3 per minute"

WORKER = """
import json, re, sys
from eventapp import create_app
from eventapp.extensions import db

app = create_app()
with app.app_context():
    db.create_all()
client = app.test_client()
token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', client.get("/login").get_data(as_text=True))
data = {"email": "nobody@example.org", "password": "wrong", "csrf_token": token.group(1)}
statuses = [client.post("/login", data=data).status_code for _ in range(int(sys.argv[1]))]
print(json.dumps({"statuses": statuses, "storage": app.config["RATELIMIT_STORAGE_URI"]}))
"""


@pytest.fixture
def redis_db_13():
    connection = redis.Redis.from_url(REDIS_URL)
    connection.flushdb()
    yield connection
    connection.flushdb()
    connection.close()


def _worker(tmp_path: Path, name: str, posts: int, redis_url: str) -> dict:
    environment = {key: value for key, value in os.environ.items()
                   if key not in {"REDIS_URL", "RATELIMIT_STORAGE_URI", "FLASK_APP"}}
    environment.update({
        "EVENTAPP_CONFIG": "development",
        "DATABASE_URL": f"sqlite:///{tmp_path / name}.sqlite",
        "UPLOAD_FOLDER": str(tmp_path / "uploads"),
        "LOGIN_RATE_LIMIT": f"{LIMIT} per minute",
        "JOBS_MODE": "inline",
        "PYTHONPATH": str(ROOT),
    })
    if redis_url:
        environment["REDIS_URL"] = redis_url
    done = subprocess.run([sys.executable, "-c", WORKER, str(posts)], cwd=ROOT, env=environment,
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_the_login_limit_counts_across_two_workers_sharing_redis(tmp_path, redis_db_13):
    first = _worker(tmp_path, "first", LIMIT, REDIS_URL)
    second = _worker(tmp_path, "second", 2, REDIS_URL)

    assert first["storage"] == second["storage"] == REDIS_URL  # taken from REDIS_URL alone
    assert first["statuses"] == [200, 200, 200]  # the limit's 3 posts, in the first worker
    assert second["statuses"] == [429, 429]  # the 4th and 5th, in the other worker: refused
    assert redis_db_13.keys("*")  # the counters are in database 13


def test_without_redis_each_worker_counts_alone(tmp_path, redis_db_13):
    first = _worker(tmp_path, "first", LIMIT, "")
    second = _worker(tmp_path, "second", 2, "")

    assert first["storage"] == second["storage"] == "memory://"
    assert first["statuses"] == [200, 200, 200]
    assert second["statuses"] == [200, 200]  # its own counters: nothing refused
    assert redis_db_13.keys("*") == []
