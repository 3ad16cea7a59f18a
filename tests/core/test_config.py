"""Configuration: production refuses a weak secret; the database URL comes from the environment."""
import os
import subprocess
import sys
from pathlib import Path

import pytest

import config
from config import INSECURE_DEFAULT_SECRET, ProductionConfig, TestingConfig
from eventapp import create_app

ROOT = Path(__file__).resolve().parents[2]
GOOD_KEY = "0123456789abcdef0123456789abcdef"


def production(tmp_path, **settings):
    values = {"SQLALCHEMY_DATABASE_URI": "sqlite://", "UPLOAD_FOLDER": str(tmp_path / "uploads")}
    values.update(settings)
    return type("ProductionUnderTest", (ProductionConfig,), values)


@pytest.mark.parametrize(
    "key",
    [None, "", INSECURE_DEFAULT_SECRET, "short-secret", GOOD_KEY[:31]],
    ids=["missing", "empty", "default", "short", "31-chars"],
)
def test_production_refuses_a_weak_secret_key(tmp_path, key):
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app(production(tmp_path, SECRET_KEY=key))


def test_production_starts_with_a_good_key_and_secure_cookies(tmp_path):
    app = create_app(production(tmp_path, SECRET_KEY=GOOD_KEY))

    assert app.config["SECRET_KEY"] == GOOD_KEY
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["REMEMBER_COOKIE_SECURE"] is True
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["PREFERRED_URL_SCHEME"] == "https"
    assert not app.debug and not app.testing


def test_production_sends_hsts_and_a_secure_language_cookie(tmp_path):
    app = create_app(production(tmp_path, SECRET_KEY=GOOD_KEY))
    client = app.test_client()

    response = client.get("/lang/en")

    assert response.headers["Strict-Transport-Security"].startswith("max-age=")
    [cookie] = [c for c in response.headers.getlist("Set-Cookie") if c.startswith("lang=")]
    assert "Secure" in cookie and "HttpOnly" in cookie


def test_testing_config_is_not_held_to_production_rules(tmp_path):
    app = create_app(type("T", (TestingConfig,), {"UPLOAD_FOLDER": str(tmp_path / "u")}))
    assert app.testing
    assert not app.config.get("SESSION_COOKIE_SECURE")


def _run_with_env(env: dict, code: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DATABASE_URL", "EVENTAPP_CONFIG"}}
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env={**clean, **env}, capture_output=True, text=True, timeout=60
    )


def test_wsgi_under_production_refuses_the_default_key():
    result = _run_with_env({"EVENTAPP_CONFIG": "production"}, "import wsgi")

    assert result.returncode != 0
    assert "RuntimeError" in result.stderr and "SECRET_KEY" in result.stderr


def test_wsgi_under_production_reads_the_key_from_the_environment(tmp_path):
    result = _run_with_env(
        {"EVENTAPP_CONFIG": "production", "SECRET_KEY": GOOD_KEY, "UPLOAD_FOLDER": str(tmp_path / "u")},
        "import wsgi; print(wsgi.app.config['SESSION_COOKIE_SECURE'], len(wsgi.app.config['SECRET_KEY']))",
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "32"]


def test_unknown_config_name_is_refused(monkeypatch):
    monkeypatch.setenv("EVENTAPP_CONFIG", "staging")
    with pytest.raises(RuntimeError, match="staging"):
        config.config_from_environment()


@pytest.mark.parametrize(
    ("name", "expected"),
    [(" Production ", ProductionConfig), ("testing", TestingConfig), ("development", config.DevelopmentConfig)],
)
def test_config_is_chosen_by_name(monkeypatch, name, expected):
    monkeypatch.setenv("EVENTAPP_CONFIG", name)
    assert config.config_from_environment() is expected


def test_no_environment_means_development(monkeypatch):
    monkeypatch.delenv("EVENTAPP_CONFIG", raising=False)
    assert config.config_from_environment() is config.DevelopmentConfig


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("postgres://u:p@db.example:5432/events", "postgresql+psycopg://u:p@db.example:5432/events"),
        ("postgresql://u:p@db.example/events", "postgresql+psycopg://u:p@db.example/events"),
        ("postgresql+psycopg://u@db/events", "postgresql+psycopg://u@db/events"),
        ("sqlite:////srv/eventapp.sqlite", "sqlite:////srv/eventapp.sqlite"),
    ],
)
def test_database_url_names_the_driver(monkeypatch, given, expected):
    monkeypatch.setenv("DATABASE_URL", given)
    assert config._database_url() == expected


def test_default_database_is_a_sqlite_file_in_instance(monkeypatch, tmp_path):
    monkeypatch.delenv("DATABASE_URL", raising=False)

    url = config._database_url()

    assert url.startswith("sqlite:///")
    path = Path(url[len("sqlite:///"):])
    assert path.is_absolute()
    assert path.parent == ROOT / "instance"
    assert path.suffix == ".sqlite"
    # ... the same instance/ folder Flask uses, so `flask db upgrade` and the app agree.
    app = create_app(type("D", (config.DevelopmentConfig,), {"UPLOAD_FOLDER": str(tmp_path / "u")}))
    assert Path(app.instance_path) == path.parent


def test_empty_database_url_means_the_default(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "")
    assert config._database_url().startswith("sqlite:///")
