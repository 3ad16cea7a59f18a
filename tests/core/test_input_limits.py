"""Every text a form of the app accepts has a length limit (a `Length(max=…)` validator), and a
value that is stored is never allowed to be longer than the column that holds it.

The forms are found by importing every module of the `eventapp` package and collecting the
subclasses of WTForms' `Form` defined there (FlaskForm pages and the sub-forms of their table
rows), so a form added later is checked without being listed here.
"""
import importlib
import pkgutil

import pytest
import sqlalchemy as sa
from wtforms import Form, StringField
from wtforms.validators import Length, ValidationError

import eventapp
from eventapp.extensions import db

# Forms that need arguments to be built (none today): {"module.Class": kwargs}.
NEEDS_ARGS: dict[str, dict] = {}

# Fields that hold no text at all once read: a filter turns them into a number (or None).
NOT_TEXT = {
    "eventapp.sponsors.booth_forms.ReleaseForm.sponsor_id",  # filters=[_int_or_none]
}

# The table each form writes, for the fields stored under their own name; `field: "table.column"`
# where a field goes elsewhere (a typed institution name becomes a row of the directory).
INSTITUTION = {"institution_name": "institutions.name"}
STORED_IN = {
    "eventapp.auth.forms.NewUserForm": ("users", {}),
    "eventapp.auth.forms.UserForm": ("users", {}),
    "eventapp.auth.views.ApiTokenForm": ("api_tokens", {}),
    "eventapp.certificates.design_forms.DesignForm": ("certificate_designs", {}),
    "eventapp.certificates.manage_forms.CorrectNameForm": ("certificates", {}),
    "eventapp.certificates.manage_forms.IssueOneForm": ("certificates", {"key": "certificates.subject_key"}),
    "eventapp.certificates.manage_forms.RevokeForm": ("certificates", {"reason": "certificates.revoke_reason"}),
    "eventapp.checkin.walk_in_forms.WalkInForm": (
        "registrations", {**INSTITUTION, "reference": "payments.transaction_id"}),
    "eventapp.events.forms.CommitteeForm": ("committees", {}),
    "eventapp.events.forms.DayForm": ("event_days", {}),
    "eventapp.events.forms.EventForm": ("events", {}),
    "eventapp.events.forms.GroupForm": ("participant_groups", {}),
    "eventapp.events.forms.MemberForm": ("committee_members", {}),
    "eventapp.innovations.call_forms.CallForm": ("innovation_calls", {}),
    "eventapp.innovations.call_forms.NewCategoryForm": ("innovation_categories", {}),
    "eventapp.innovations.call_forms.CategoryRowForm": ("innovation_categories", {}),
    "eventapp.innovations.call_forms.NewCriterionForm": ("criteria", {}),
    "eventapp.innovations.call_forms.CriterionRowForm": ("criteria", {}),
    "eventapp.innovations.entry_forms.EntryForm": ("innovation_entries", INSTITUTION),
    "eventapp.innovations.entry_forms.MemberRowForm": ("innovation_team_members", {}),
    "eventapp.innovations.judging_forms.AddJudgeForm": ("users", {}),
    "eventapp.innovations.results_forms.AwardForm": ("innovation_awards", {}),
    "eventapp.innovations.views.signup.SignupForm": ("users", {}),
    "eventapp.programme.forms.AssignForm": ("programme_people", {}),
    "eventapp.programme.forms.PersonForm": ("programme_people", {}),
    "eventapp.programme.forms.ItemForm": ("programme_items", {}),
    "eventapp.programme.forms.RoomForm": ("rooms", {}),
    "eventapp.programme.views.breakouts.BreakoutForm": ("breakout_groups", {}),
    "eventapp.registration.delegation_forms.FocalPersonForm": ("delegations", INSTITUTION),
    "eventapp.registration.delegation_forms.DelegationForm": ("delegations", INSTITUTION),
    "eventapp.registration.delegation_forms.ParticipantRowForm": ("registrations", {}),
    "eventapp.registration.finance_forms.ManualPaymentForm": ("payments", {}),
    "eventapp.registration.forms.DetailsForm": ("registrations", INSTITUTION),
    "eventapp.registration.forms.ParticipantForm": ("registrations", INSTITUTION),
    "eventapp.registration.manage_forms.CategoryForm": ("participant_categories", {}),
    "eventapp.registration.manage_forms.GuestForm": ("registrations", INSTITUTION),
    "eventapp.registration.manage_forms.InstitutionForm": ("institutions", {}),
    "eventapp.registration.manage_forms.ReasonForm": ("registrations", {"reason": "registrations.decision_reason"}),
    "eventapp.reports.forms.AppointForm": ("users", {}),
    "eventapp.reports.forms.CallForm": ("report_calls", {}),
    "eventapp.reports.forms.NewSectionForm": ("report_sections", {}),
    "eventapp.reports.forms.SectionRowForm": ("report_sections", {}),
    "eventapp.reports.resolution_forms.ResolutionForm": ("resolutions", INSTITUTION),
    "eventapp.reports.resolution_forms.ProgressForm": ("resolution_progress", {}),
    "eventapp.sponsors.booth_forms.BoothForm": ("booths", {}),
    "eventapp.sponsors.forms.PackageForm": ("sponsorship_packages", {}),
    "eventapp.sponsors.forms.PassForm": ("registrations", {}),
    "eventapp.sponsors.forms.SponsorForm": ("sponsors", INSTITUTION),
}

# Typed with spaces and a +255 or 0 in front (up to 30 characters), stored as the 12 digits of
# the E.164 number once the registration services have read it.
NORMALISED_BEFORE_STORING = {"phone", "focal_phone", "contact_phone"}


def _qualname(cls) -> str:
    return f"{cls.__module__}.{cls.__name__}"


def _all_forms() -> list[type]:
    for module in pkgutil.walk_packages(eventapp.__path__, "eventapp."):
        importlib.import_module(module.name)
    found, todo = set(), [Form]
    while todo:
        for sub in todo.pop().__subclasses__():
            if sub not in found:
                found.add(sub)
                todo.append(sub)
    return sorted((c for c in found if c.__module__.startswith("eventapp.")), key=_qualname)


@pytest.fixture(scope="module")
def forms() -> list[type]:
    return _all_forms()


def _built(app, cls):
    return cls(**NEEDS_ARGS.get(_qualname(cls), {}))


def _text_fields(form):
    return [f for f in form if isinstance(f, StringField)]  # Email, Tel, Hidden, Password, TextArea… too


def _limit(field) -> int | None:
    maxima = [v.max for v in field.validators if isinstance(v, Length) and v.max is not None and v.max >= 0]
    return min(maxima) if maxima else None


def test_the_walk_finds_the_forms_and_their_table_rows(forms):
    names = {_qualname(c) for c in forms}
    assert {"eventapp.auth.forms.LoginForm", "eventapp.innovations.views.signup.SignupForm",
            "eventapp.registration.delegation_forms.ParticipantRowForm",
            "eventapp.innovations.entry_forms.MemberRowForm", "eventapp.reports.forms.SectionRowForm"} <= names
    assert len(forms) >= 85  # 85 when this test was written; fewer means modules were not walked
    assert set(STORED_IN) <= names, "a form named in STORED_IN no longer exists"


def test_every_text_field_has_a_length_limit_that_holds(app, forms):
    missing, not_enforced = [], []
    with app.test_request_context(method="POST"):
        for cls in forms:
            form = _built(app, cls)
            for field in _text_fields(form):
                where = f"{_qualname(cls)}.{field.name}"
                if where in NOT_TEXT:
                    continue
                limit = _limit(field)
                if limit is None:
                    missing.append(where)
                    continue
                field.data = "x" * (limit + 1)
                for validator in (v for v in field.validators if isinstance(v, Length) and v.max == limit):
                    try:
                        validator(form, field)
                    except ValidationError:
                        break
                else:
                    not_enforced.append(where)
    assert missing == [], "text fields without Length(max=…)"
    assert not_enforced == []


def test_no_limit_is_longer_than_the_column_that_stores_the_value(app, forms):
    tables = db.metadata.tables
    too_long, checked = [], 0
    with app.test_request_context(method="POST"):
        for cls in forms:
            if _qualname(cls) not in STORED_IN:
                continue
            table, elsewhere = STORED_IN[_qualname(cls)]
            for field in _text_fields(_built(app, cls)):
                if field.name in NORMALISED_BEFORE_STORING:
                    continue
                target = elsewhere.get(field.name, f"{table}.{field.name}")
                table_name, column_name = target.split(".")
                column = tables[table_name].c.get(column_name)
                if column is None or not isinstance(column.type, sa.String) or column.type.length is None:
                    continue  # not stored under this name, or a column without a length (Text)
                checked += 1
                if _limit(field) > column.type.length:
                    too_long.append(f"{_qualname(cls)}.{field.name}: {_limit(field)} > {target}({column.type.length})")
    assert too_long == []
    assert checked >= 130  # 137 fields compared when this test was written


def test_the_known_gaps_stay_closed(app):
    """The fields that had no limit before (only the page's maxlength, or nothing)."""
    from eventapp.auth.forms import ChangePasswordForm, ResetPasswordForm
    from eventapp.events.forms import GroupForm
    from eventapp.innovations.entry_forms import EntryForm, MemberRowForm
    from eventapp.registration.delegation_forms import FocalPersonForm, ParticipantRowForm

    expected = {  # the limits as written in the forms (the services' LIMITS, the columns)
        ChangePasswordForm: {"confirm": 200}, ResetPasswordForm: {"confirm": 200}, GroupForm: {"colour": 7},
        EntryForm: {"title": 250, "institution_name": 200, "abstract": 5000, "problem": 5000, "solution": 5000,
                    "links": 2510, "institution_id": 20},
        MemberRowForm: {"name": 160, "email": 254},
        FocalPersonForm: {"institution_id": 20, "institution_name": 200, "focal_name": 160, "focal_email": 254,
                          "focal_phone": 30},
        ParticipantRowForm: {"title": 30, "first_name": 80, "middle_name": 80, "last_name": 80, "position": 160,
                             "email": 254, "phone": 30, "special_needs": 1000},
    }
    with app.test_request_context(method="POST"):
        for cls, limits in expected.items():
            form = cls()
            assert {name: _limit(form[name]) for name in limits} == limits, cls.__name__
