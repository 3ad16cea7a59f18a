"""Language choice (Swahili or English): chosen by the user, remembered, else the browser's."""
from urllib.parse import urlsplit

from flask import Blueprint, current_app, g, has_request_context, redirect, request, url_for
from flask_babel import get_locale
from flask_login import current_user

LANG_COOKIE = "lang"
LANG_COOKIE_MAX_AGE = 365 * 24 * 3600

bp = Blueprint("i18n", __name__)


def supported_languages() -> tuple[str, ...]:
    return tuple(current_app.config["LANGUAGES"])


def select_locale() -> str:
    """Flask-Babel's locale selector: the remembered choice, the account's, the browser's, else sw."""
    if not has_request_context():  # CLI commands and jobs: no cookie, account or browser
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    languages = supported_languages()
    chosen = request.cookies.get(LANG_COOKIE)
    if chosen in languages:
        return chosen
    if current_user and current_user.is_authenticated and current_user.locale in languages:
        return current_user.locale
    best = request.accept_languages.best_match(languages)
    return best or current_app.config["BABEL_DEFAULT_LOCALE"]


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
