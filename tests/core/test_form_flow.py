"""`submit` and `act`: the service call of a form or button view, its success (flash and
redirect) and its refusal (rollback, the message on the form or flashed)."""
import pytest
import sqlalchemy as sa
from flask import get_flashed_messages
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import DataRequired

from eventapp.core.errors import DomainError
from eventapp.core.form_flow import act, submit
from eventapp.extensions import db
from eventapp.registration.models import Institution, InstitutionType


class NameForm(FlaskForm):
    name = StringField(validators=[DataRequired()])


def _institutions() -> int:
    return db.session.scalar(sa.select(sa.func.count(Institution.id)))


def _add(name: str) -> Institution:
    institution = Institution(name=name, name_key=name.lower(), type=InstitutionType.MINISTRY)
    db.session.add(institution)
    db.session.flush()
    return institution


def _add_then_refuse(name: str):
    _add(name)  # written (flushed) before the rule refuses: the rollback must take it away
    raise DomainError("That name is taken.", field="name")


@pytest.fixture
def posted(app):
    """A POST request context with `data` as its form."""
    def _posted(**data):
        return app.test_request_context("/", method="POST", data=data)
    return _posted


def test_submit_runs_the_action_flashes_and_redirects(posted):
    with posted(name="Wizara ya Maji"):
        form = NameForm()

        def save():
            institution = _add(form.name.data)
            db.session.commit()
            return institution

        response = submit(form, save, lambda saved: f"{saved.name} is saved.", "/done")
        assert response.status_code == 302 and response.location == "/done"
        assert get_flashed_messages(with_categories=True) == [("success", "Wizara ya Maji is saved.")]
        assert _institutions() == 1


def test_submit_takes_a_plain_message_too(posted):
    with posted(name="x"):
        response = submit(NameForm(), lambda: None, "Saved.", "/done")
        assert response.location == "/done"
        assert get_flashed_messages(with_categories=True) == [("success", "Saved.")]


def test_a_refusal_rolls_back_and_shows_the_message_beside_the_field(posted):
    with posted(name="Wizara ya Maji"):
        form = NameForm()
        response = submit(form, lambda: _add_then_refuse(form.name.data), "Saved.", "/done")
        assert response is None
        assert _institutions() == 0
        db.session.commit()
        assert _institutions() == 0
        assert form.name.errors == ["That name is taken."]
        assert get_flashed_messages() == []


def test_a_refusal_with_no_field_is_flashed(posted):
    def refuse():
        raise DomainError("The call is closed.")

    with posted(name="x"):
        assert submit(NameForm(), refuse, "Saved.", "/done") is None
        assert get_flashed_messages(with_categories=True) == [("error", "The call is closed.")]


def test_a_refusal_goes_through_the_given_show_error(posted):
    shown = []
    with posted(name="x"):
        form = NameForm()
        assert submit(form, lambda: _add_then_refuse("x"), "Saved.", "/done",
                      show_error=lambda f, error: shown.append((f, error.message))) is None
        assert shown == [(form, "That name is taken.")]
        assert _institutions() == 0


def test_an_invalid_form_runs_nothing(posted):
    ran = []
    with posted(name=""):
        form = NameForm()
        assert submit(form, lambda: ran.append(1), "Saved.", "/done") is None
        assert ran == []
        assert form.name.errors
        assert get_flashed_messages() == []


def test_act_flashes_and_redirects(posted):
    with posted():
        response = act(lambda: 3, lambda n: f"{n} done.", "/back")
        assert response.status_code == 302 and response.location == "/back"
        assert get_flashed_messages(with_categories=True) == [("success", "3 done.")]


def test_act_rolls_back_a_refusal_flashes_it_and_still_redirects(posted):
    with posted():
        response = act(lambda: _add_then_refuse("Wizara ya Maji"), "Done.", "/back")
        assert response.status_code == 302 and response.location == "/back"
        assert _institutions() == 0
        assert get_flashed_messages(with_categories=True) == [("error", "That name is taken.")]
