"""The public sign-up page for innovators: an account with the participant role, logged in at
once, rate-limited like the login page. An email that already has an account is sent to the
login and "forgot password" pages, never taken over."""
from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_user
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, Length

from eventapp.core.errors import DomainError, InvalidInput
from eventapp.core.forms import show_domain_error
from eventapp.extensions import db, limiter
from eventapp.innovations import bp
from eventapp.innovations.signup import MAX_NAME, sign_up

REQUIRED = _l("This field is required.")


class SignupForm(FlaskForm):
    full_name = StringField(_l("Full name"), validators=[DataRequired(message=REQUIRED), Length(max=MAX_NAME)],
                            render_kw={"autocomplete": "name", "maxlength": MAX_NAME})
    email = EmailField(_l("Email"), validators=[DataRequired(message=REQUIRED), Length(max=254)],
                       render_kw={"autocomplete": "email", "maxlength": 254})
    password = PasswordField(_l("Password"), validators=[DataRequired(message=REQUIRED), Length(max=200)],
                             description=_l("At least 10 characters."), render_kw={"autocomplete": "new-password"})
    confirm = PasswordField(_l("Repeat the password"), render_kw={"autocomplete": "new-password"}, validators=[
        DataRequired(message=REQUIRED), Length(max=200), EqualTo("password", message=_l("The two passwords differ."))])


def _signup_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


@bp.route("/innovations/signup", methods=["GET", "POST"])
@limiter.limit(_signup_limit, methods=["POST"])
def signup():
    """Create an innovator's account and log in; a logged-in person goes to their entries."""
    if current_user.is_authenticated:
        return redirect(url_for("innovations.my_entries"))
    form = SignupForm()
    existing = False
    if form.validate_on_submit():
        try:
            user = sign_up(form.full_name.data, form.email.data, form.password.data, str(get_locale() or ""))
        except DomainError as error:
            db.session.rollback()
            existing = not isinstance(error, InvalidInput) and error.field == "email"
            show_domain_error(form, error)
        else:
            login_user(user)
            flash(_("Welcome, %(name)s. Your account is ready: submit your entry below.", name=user.full_name),
                  "success")
            return redirect(url_for("innovations.my_entries"))
    status = 422 if request.method == "POST" else 200
    return render_template("innovations/signup.html", form=form, existing=existing), status
