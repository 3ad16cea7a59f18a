"""Configuration classes. Everything deployment-specific comes from the environment.

`EVENTAPP_CONFIG` chooses the class (development, production, testing); with no
environment at all the app runs in development on a SQLite file in `instance/`.
"""
import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
INSECURE_DEFAULT_SECRET = "dev-only-insecure-secret-key"


def _bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _database_url() -> str:
    url = os.environ.get("DATABASE_URL", "")
    if not url:
        return f"sqlite:///{BASE_DIR / 'instance' / 'eventapp.sqlite'}"
    # Hosting panels still hand out postgres:// URLs; SQLAlchemy wants the driver named.
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


class Config:
    SECRET_KEY = os.environ.get("SECRET_KEY", INSECURE_DEFAULT_SECRET)
    SQLALCHEMY_DATABASE_URI = _database_url()
    SQLALCHEMY_ENGINE_OPTIONS = {}
    # A pooled connection idle longer than this is pinged before use (core/pool_ping.py).
    DATABASE_PING_IDLE_SECONDS = float(os.environ.get("DATABASE_PING_IDLE_SECONDS", "10"))
    BASE_URL = os.environ.get("BASE_URL", "http://127.0.0.1:5000")
    PREFERRED_URL_SCHEME = os.environ.get("PREFERRED_URL_SCHEME", "http")
    PROXY_COUNT = int(os.environ.get("PROXY_COUNT", "0"))  # reverse proxies in front (nginx: 1)

    MAIL_SERVER = os.environ.get("MAIL_SERVER", "")
    MAIL_PORT = int(os.environ.get("MAIL_PORT", "25"))
    MAIL_USE_TLS = _bool("MAIL_USE_TLS")
    MAIL_USE_SSL = _bool("MAIL_USE_SSL")
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME") or None
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD") or None
    MAIL_DEFAULT_SENDER = os.environ.get(
        "MAIL_DEFAULT_SENDER", "Kikao Kazi cha Serikali Mtandao <no-reply@localhost>"
    )
    # Without an SMTP server (the zero-setup default) mail is written to the log instead.
    MAIL_SUPPRESS_SEND = not MAIL_SERVER

    REDIS_URL = os.environ.get("REDIS_URL", "")
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI") or (
        REDIS_URL or "memory://"
    )
    RATELIMIT_HEADERS_ENABLED = True
    # Where background jobs run: "rq" (RQ workers; the default when REDIS_URL is set),
    # "thread" (a thread of the web process; the default without Redis) or "inline".
    JOBS_MODE = os.environ.get("JOBS_MODE", "")
    # How long a worker trusts an API token it has just checked (a revoked token stops
    # working in every worker within this time; at once in the worker that revoked it).
    API_TOKEN_CACHE_SECONDS = int(os.environ.get("API_TOKEN_CACHE_SECONDS", "10"))
    LOGIN_RATE_LIMIT = os.environ.get("LOGIN_RATE_LIMIT", "10 per minute")
    # Public certificate verification (page and JSON), per client address: against enumeration.
    VERIFY_RATE_LIMIT = os.environ.get("VERIFY_RATE_LIMIT", "30 per minute; 300 per hour")
    MAX_SIGNATURE_BYTES = int(os.environ.get("MAX_SIGNATURE_BYTES", str(1_000_000)))

    BABEL_DEFAULT_LOCALE = "sw"
    BABEL_DEFAULT_TIMEZONE = os.environ.get("EVENT_TIMEZONE", "Africa/Dar_es_Salaam")
    BABEL_TRANSLATION_DIRECTORIES = str(BASE_DIR / "translations")
    LANGUAGES = ("sw", "en")

    PASSWORD_RESET_MAX_AGE = int(os.environ.get("PASSWORD_RESET_MAX_AGE", "3600"))
    # The link that a new account made for someone (a focal person, a judge) chooses its password with.
    INVITATION_MAX_AGE = int(os.environ.get("INVITATION_MAX_AGE", str(14 * 24 * 3600)))
    # One request may carry a ministry's full report and its slides (MAX_REPORT_BYTES and
    # MAX_SLIDES_BYTES) with the sections' text; anything larger is refused with a 413 page.
    MAX_CONTENT_LENGTH = int(os.environ.get("MAX_UPLOAD_BYTES", str(45 * 1024 * 1024)))
    MAX_PROOF_BYTES = int(os.environ.get("MAX_PROOF_BYTES", str(5 * 1024 * 1024)))
    MAX_SPREADSHEET_BYTES = int(os.environ.get("MAX_SPREADSHEET_BYTES", str(5 * 1024 * 1024)))
    MAX_LOGO_BYTES = int(os.environ.get("MAX_LOGO_BYTES", "2000000"))  # the refusal says "2.0 MB"
    MAX_REPORT_BYTES = int(os.environ.get("MAX_REPORT_BYTES", "20000000"))  # a ministry's full report: 20.0 MB
    MAX_SLIDES_BYTES = int(os.environ.get("MAX_SLIDES_BYTES", "20000000"))  # its presentation slides: 20.0 MB
    MAX_PAPER_BYTES = int(os.environ.get("MAX_PAPER_BYTES", "10000000"))  # an innovation entry's paper: 10.0 MB
    MAX_POSTER_BYTES = int(os.environ.get("MAX_POSTER_BYTES", "5000000"))  # its poster picture: 5.0 MB
    PAYMENT_GATEWAY = os.environ.get("PAYMENT_GATEWAY", "offline")
    BILL_VALID_DAYS = int(os.environ.get("BILL_VALID_DAYS", "14"))
    UPLOAD_FOLDER = os.environ.get("UPLOAD_FOLDER", str(BASE_DIR / "instance" / "uploads"))

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    WTF_CSRF_TIME_LIMIT = None  # a form left open over a slow morning must still submit


class DevelopmentConfig(Config):
    DEBUG = False


class TestingConfig(Config):
    TESTING = True
    SECRET_KEY = "testing-secret"
    SQLALCHEMY_DATABASE_URI = "sqlite://"
    SQLALCHEMY_ENGINE_OPTIONS = {}
    WTF_CSRF_ENABLED = False
    MAIL_SUPPRESS_SEND = True
    MAIL_SERVER = "127.0.0.1"
    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_ENABLED = False
    SERVER_NAME = None
    PASSWORD_HASH_METHOD = "pbkdf2:sha256:1000"
    # Tests assert the English wording unless they choose Swahili; the Swahili default
    # itself is tested with BABEL_DEFAULT_LOCALE="sw".
    BABEL_DEFAULT_LOCALE = "en"
    JOBS_MODE = "inline"  # a job has finished when enqueue returns
    API_TOKEN_CACHE_SECONDS = 0  # every call checks the database (tests of the memory turn it on)


class ProductionConfig(Config):
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    PREFERRED_URL_SCHEME = "https"

    @staticmethod
    def validate(settings) -> None:
        """Refuse to run production on a missing or well-known secret key."""
        key = settings.get("SECRET_KEY") or ""
        if not key or key == INSECURE_DEFAULT_SECRET or len(key) < 32:
            raise RuntimeError(
                "SECRET_KEY must be set to a random value of at least 32 characters "
                "in production (python -c 'import secrets; print(secrets.token_hex(32))')."
            )


CONFIGS = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}


def config_from_environment() -> type[Config]:
    name = os.environ.get("EVENTAPP_CONFIG", "development").strip().lower()
    try:
        return CONFIGS[name]
    except KeyError:
        raise RuntimeError(
            f"EVENTAPP_CONFIG={name!r} is not one of {', '.join(CONFIGS)}"
        ) from None
