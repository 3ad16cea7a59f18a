"""Login, logout, password reset and change, and the administrator's user and API token pages."""
import secrets

import sqlalchemy as sa
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_user, logout_user
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length

from eventapp.auth import api_tokens, bp, services
from eventapp.auth.forms import (
    ChangePasswordForm,
    ForgotPasswordForm,
    LoginForm,
    NewUserForm,
    ResetPasswordForm,
    UserForm,
)
from eventapp.auth.models import ApiToken, User
from eventapp.core.errors import DomainError
from eventapp.core.forms import show_domain_error
from eventapp.core.i18n import safe_next
from eventapp.core.roles import Role, login_required, role_required
from eventapp.core.search import LIKE_ESCAPE, contains_pattern
from eventapp.extensions import db, limiter


def _login_limit() -> str:
    from flask import current_app

    return current_app.config["LOGIN_RATE_LIMIT"]


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def login():
    """Log in with email and password (rate-limited per address)."""
    if current_user.is_authenticated:
        return redirect(url_for("events.home"))
    form = LoginForm()
    if form.validate_on_submit():
        try:
            user = services.authenticate(form.email.data, form.password.data)
        except DomainError as error:
            flash(error.message, "error")
        else:
            login_user(user, remember=form.remember.data)
            flash(_("Welcome, %(name)s.", name=user.full_name), "success")
            return redirect(safe_next(request.args.get("next"), url_for("events.home")))
    return render_template("auth/login.html", form=form)


@bp.post("/logout")
def logout():
    """Log out (POST, so a link on another site cannot log anyone out)."""
    logout_user()
    flash(_("You have logged out."), "info")
    return redirect(url_for("events.home"))


@bp.route("/password/forgot", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
def forgot_password():
    """Ask for a reset link; the answer is the same whether or not the email has an account."""
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        services.send_password_reset(form.email.data)
        flash(_("If that email has an account, a link to reset the password is on its way."), "info")
        return redirect(url_for("auth.login"))
    return render_template("auth/forgot_password.html", form=form)


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    """Choose a new password from an emailed link (expired or tampered links are refused)."""
    try:
        services.user_for_reset_token(token)
    except DomainError as error:
        flash(error.message, "error")
        return redirect(url_for("auth.forgot_password"))
    form = ResetPasswordForm()
    if form.validate_on_submit():
        try:
            services.reset_password(token, form.password.data)
        except DomainError as error:
            show_domain_error(form, error)
        else:
            flash(_("Your password has been changed. You can log in now."), "success")
            return redirect(url_for("auth.login"))
    return render_template("auth/reset_password.html", form=form)


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password():
    """Change one's own password."""
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            services.change_password(current_user, form.current_password.data, form.new_password.data)
        except DomainError as error:
            show_domain_error(form, error)
        else:
            flash(_("Your password has been changed."), "success")
            return redirect(url_for("events.home"))
    return render_template("auth/change_password.html", form=form)


@bp.get("/admin/users")
@role_required(Role.ADMIN)
def users():
    """Every account, searchable by name or email, a page at a time."""
    q = (request.args.get("q") or "").strip()[:100]
    query = sa.select(User).order_by(User.full_name)
    if q:
        like = contains_pattern(q.lower())
        query = query.where(
            sa.or_(
                sa.func.lower(User.full_name).like(like, escape=LIKE_ESCAPE),
                User.email.like(like, escape=LIKE_ESCAPE),
            )
        )
    page = db.paginate(query, per_page=25, max_per_page=100)
    return render_template("auth/users.html", page=page, q=q)


@bp.route("/admin/users/new", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def new_user():
    """Create an account with roles; without a password the person is emailed a link."""
    form = NewUserForm()
    if form.validate_on_submit():
        password = form.password.data or secrets.token_urlsafe(24)
        try:
            user = services.create_user(
                form.email.data, form.full_name.data, password, form.selected_roles(), actor_id=current_user.id
            )
        except DomainError as error:
            show_domain_error(form, error)
        else:
            if not form.password.data:
                services.send_password_reset(user.email)
            flash(_("Account created for %(email)s.", email=user.email), "success")
            return redirect(url_for("auth.users"))
    return render_template("auth/user_form.html", form=form, user=None)


@bp.route("/admin/users/<int:user_id>", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def edit_user(user_id: int):
    """Change a user's name, roles and whether they may log in."""
    user = db.get_or_404(User, user_id)
    form = UserForm(obj=user)
    if request.method == "GET":
        form.roles.data = [r.value for r in user.role_set]
    if form.validate_on_submit():
        try:
            services.update_user(user, form.full_name.data, form.selected_roles(), form.active.data, current_user)
        except DomainError as error:
            db.session.rollback()
            show_domain_error(form, error)
        else:
            flash(_("Saved."), "success")
            return redirect(url_for("auth.users"))
    return render_template("auth/user_form.html", form=form, user=user)


# --- API tokens (administrators) -------------------------------------------------------

class ApiTokenForm(FlaskForm):
    name = StringField(
        _l("Name"), description=_l("The device or system that will use it, e.g. “Gate 1 phone”."),
        validators=[DataRequired(), Length(max=api_tokens.MAX_NAME_LENGTH)],
    )
    # Participants and focal persons act for themselves or one institution, never by token.
    role = SelectField(_l("Role"), choices=lambda: [SelectChoice(r.value, r.label) for r in Role
                                                     if r not in (Role.PARTICIPANT, Role.FOCAL)],
                       default=Role.GATE.value)


@bp.get("/admin/api-tokens")
@role_required(Role.ADMIN)
def api_tokens_list():
    """Every API token, newest first: name, role, prefix, last use, revoked or not."""
    query = sa.select(ApiToken).order_by(
        ApiToken.revoked_at.is_not(None), ApiToken.created_at.desc(), ApiToken.id.desc()
    )
    page = db.paginate(query, per_page=50, max_per_page=100)
    return render_template("auth/api_tokens.html", page=page)


@bp.route("/admin/api-tokens/new", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def new_api_token():
    """Create an API token; the answer shows it once and is never cached."""
    form = ApiTokenForm()
    if form.validate_on_submit():
        try:
            token, plaintext = api_tokens.create_api_token(form.name.data, Role(form.role.data), current_user.id)
        except DomainError as error:
            show_domain_error(form, error)
        else:
            response = render_template("auth/api_tokens_created.html", token=token, plaintext=plaintext)
            return response, 200, {"Cache-Control": "no-store"}
    return render_template("auth/api_tokens_form.html", form=form)


@bp.post("/admin/api-tokens/<int:token_id>/revoke")
@role_required(Role.ADMIN)
def revoke_api_token(token_id: int):
    """Revoke a token: the device using it is refused from its next call."""
    token = db.get_or_404(ApiToken, token_id)
    api_tokens.revoke_api_token(token, current_user.id)
    flash(_("The token “%(name)s” has been revoked.", name=token.name), "success")
    return redirect(url_for("auth.api_tokens_list"))
