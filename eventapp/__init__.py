"""eventapp: the annual e-Government meeting's registration, programme, check-in and more."""
from flask import Flask

from config import ProductionConfig, config_from_environment


def create_app(config_class=None) -> Flask:
    """Build the application from a config class (default: chosen by EVENTAPP_CONFIG)."""
    config_class = config_class or config_from_environment()
    app = Flask(
        __name__,
        instance_relative_config=True,
        template_folder="../templates",
        static_folder="../static",
    )
    app.config.from_object(config_class)
    if app.config.get("PROXY_COUNT"):
        from werkzeug.middleware.proxy_fix import ProxyFix

        # Behind nginx: trust X-Forwarded-For/-Proto from that many proxies, so links are
        # https and the login rate limit counts each client, not the proxy.
        n = app.config["PROXY_COUNT"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=n, x_proto=n, x_host=n)
    if issubclass(config_class, ProductionConfig):
        config_class.validate(app.config)
    from eventapp.core import request_log

    request_log.init_app(app)  # request ids and log lines; in production, logs to stderr at LOG_LEVEL
    from eventapp.core.session_cookies import SessionCookies

    app.session_interface = SessionCookies()
    _ensure_instance_folder(app)
    _init_extensions(app)
    _register_blueprints(app)

    from eventapp import cli
    from eventapp.core.errors import register_error_handlers
    from eventapp.core.roles import Role

    app.jinja_env.globals["Role"] = Role
    cli.register(app)
    register_error_handlers(app)
    return app


def _ensure_instance_folder(app: Flask) -> None:
    from pathlib import Path

    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    Path(app.config["UPLOAD_FOLDER"]).mkdir(parents=True, exist_ok=True)


def _init_extensions(app: Flask) -> None:
    from eventapp.core import i18n, security
    from eventapp.extensions import babel, csrf, db, limiter, login_manager, mail, migrate

    db.init_app(app)
    from eventapp.core import pool_ping, sqlite

    with app.app_context():
        sqlite.configure(db.engine)
        pool_ping.configure(db.engine, app.config["DATABASE_PING_IDLE_SECONDS"])
    migrate.init_app(app, db, directory=str(_project_root() / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    mail.init_app(app)
    limiter.init_app(app)
    babel.init_app(app, locale_selector=i18n.select_locale)
    i18n.init_app(app)
    security.init_app(app)

    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message_category = "info"
    from flask_babel import lazy_gettext as _l

    login_manager.login_message = _l("Please log in to open that page.")

    from eventapp.auth.models import User

    @login_manager.user_loader
    def load_user(user_id: str):
        return db.session.get(User, int(user_id)) if user_id.isdigit() else None

    # Import every model module so metadata (and Alembic autogenerate) sees all tables.
    from eventapp import models  # noqa: F401


def _register_blueprints(app: Flask) -> None:
    from eventapp.api import bp as api_bp
    from eventapp.auth import bp as auth_bp
    from eventapp.certificates import bp as certificates_bp
    from eventapp.checkin import bp as checkin_bp
    from eventapp.core.health import bp as health_bp
    from eventapp.core.i18n import bp as i18n_bp
    from eventapp.dashboard import bp as dashboard_bp
    from eventapp.events import bp as events_bp
    from eventapp.innovations import bp as innovations_bp
    from eventapp.jobs import bp as jobs_bp
    from eventapp.programme import bp as programme_bp
    from eventapp.registration import bp as registration_bp
    from eventapp.reports import bp as reports_bp
    from eventapp.sponsors import bp as sponsors_bp

    app.register_blueprint(i18n_bp)
    app.register_blueprint(auth_bp)
    app.register_blueprint(events_bp)
    app.register_blueprint(registration_bp)
    app.register_blueprint(programme_bp)
    app.register_blueprint(sponsors_bp)
    app.register_blueprint(reports_bp)
    app.register_blueprint(innovations_bp)
    app.register_blueprint(checkin_bp)
    app.register_blueprint(certificates_bp)
    app.register_blueprint(dashboard_bp)
    app.register_blueprint(jobs_bp)
    app.register_blueprint(api_bp)
    app.register_blueprint(health_bp)


def _project_root():
    from pathlib import Path

    return Path(__file__).resolve().parent.parent
