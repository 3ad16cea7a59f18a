"""Language choice (Swahili or English): chosen by the user, remembered, else the browser's."""
import functools
from urllib.parse import urlsplit

from babel import Locale
from flask import Blueprint, current_app, has_request_context, redirect, request, url_for
from flask_babel import get_locale
from flask_login import current_user

LANG_COOKIE = "lang"
LANG_COOKIE_MAX_AGE = 365 * 24 * 3600

bp = Blueprint("i18n", __name__)


def supported_languages() -> tuple[str, ...]:
    return tuple(current_app.config["LANGUAGES"])


def select_locale() -> Locale:
    """Flask-Babel's locale selector: the remembered choice, the account's, the browser's, else sw."""
    return _locale(_language())


@functools.cache
def _locale(language: str) -> Locale:
    # Flask-Babel would parse the name again on every request (a file lookup each time).
    return Locale.parse(language)


def _language() -> str:
    if not has_request_context():  # CLI commands and jobs: no cookie, account or browser
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    languages = supported_languages()
    chosen = request.cookies.get(LANG_COOKIE)
    if chosen in languages:
        return chosen
    # An API call has no account session (a bearer token): reading current_user would only
    # open the session cookie for nothing, on every scan at the gate.
    if request.blueprint != "api" and current_user and current_user.is_authenticated \
            and current_user.locale in languages:
        return current_user.locale
    return _browser_language(languages) or current_app.config["BABEL_DEFAULT_LOCALE"]


def _browser_language(languages: tuple[str, ...]) -> str | None:
    """The browser's most preferred language we have, by its primary tag ("sw-TZ" is "sw").

    werkzeug's best_match prefers any exact tag over a better-liked regional one, so
    "sw-TZ, en;q=0.5" would give English; the person's order must win.
    """
    for tag, _quality in request.accept_languages:  # already sorted by quality
        primary = tag.replace("_", "-").split("-")[0].lower()
        if primary in languages:
            return primary
    return None


def localized(obj, field: str) -> str:
    """`obj.<field>_<lang>` in the current language, falling back to the other one."""
    lang = str(get_locale() or "sw")
    value = getattr(obj, f"{field}_{lang}", None)
    if value:
        return value
    for other in ("sw", "en"):
        value = getattr(obj, f"{field}_{other}", None)
        if value:
            return value
    return ""


def safe_next(target: str | None, fallback: str) -> str:
    """Only same-site relative paths are followed after a redirect (no open redirect)."""
    if not target:
        return fallback
    parts = urlsplit(target)
    # Browsers read "/\\host" as "//host"; control characters are dropped before parsing.
    if "\\" in target or any(ord(c) < 32 for c in target):
        return fallback
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return fallback
    return target


@bp.get("/lang/<code>")
def switch_language(code: str):
    """Remember the chosen language in a cookie (and on the account) and go back."""
    target = safe_next(request.args.get("next"), url_for("events.home"))
    response = redirect(target)
    if code in supported_languages():
        response.set_cookie(
            LANG_COOKIE, code, max_age=LANG_COOKIE_MAX_AGE, httponly=True, samesite="Lax",
            secure=current_app.config.get("SESSION_COOKIE_SECURE", False),
        )
        if current_user.is_authenticated and current_user.locale != code:
            from eventapp.auth.services import set_preferred_language

            set_preferred_language(current_user, code)
    return response


def init_app(app) -> None:
    from flask_babel import format_date, format_datetime

    app.jinja_env.filters["loc"] = localized
    app.jinja_env.filters["date"] = lambda value, fmt="medium": format_date(value, fmt) if value else ""
    app.jinja_env.filters["datetime"] = (
        lambda value, fmt="medium": format_datetime(value, fmt) if value else ""
    )

    @app.context_processor
    def language_context():
        return {"current_language": str(get_locale()), "languages": supported_languages()}
