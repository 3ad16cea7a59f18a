"""Focal persons and who sees what: appointing creates the account (with a set-password link
that works) or reuses it, adds the focal role and links one institution; a person already
focal elsewhere is refused; removal unlinks and takes the role away. `access` lets the
committee see everything, a focal person only their own institution's, and nobody else
anything."""
import pytest
import sqlalchemy as sa

from eventapp.auth.models import User
from eventapp.auth.services import user_for_reset_token
from eventapp.core.audit import AuditEntry
from eventapp.core.errors import DomainError, InvalidInput
from eventapp.core.roles import Role
from eventapp.extensions import db
from eventapp.reports import access, focal
from eventapp.reports.models import FocalPerson
from tests import factories
from tests.reports import factories as reports

pytestmark = pytest.mark.usefixtures("app_ctx")


@pytest.fixture
def ministries():
    return reports.ministry("Wizara ya Fedha na Mipango", "MoFP"), reports.ministry("Wizara ya Afya", "MoH")


def links() -> list[tuple[str, int]]:
    return [(f.user.email, f.institution_id) for f in db.session.scalars(sa.select(FocalPerson))]


def test_appointing_a_new_person_creates_the_account_and_emails_a_working_set_password_link(ministries, outbox,
                                                                                           app):
    finance, _health = ministries
    organiser = factories.user(roles=(Role.ORGANISER,))

    appointed = focal.appoint_focal_person(finance, " Asha@MoF.go.tz ", "  Asha   Juma ", actor_id=organiser.id)

    user = appointed.user
    assert (user.email, user.full_name, user.role_set) == ("asha@mof.go.tz", "Asha Juma", {Role.FOCAL})
    assert links() == [("asha@mof.go.tz", finance.id)] and focal.institution_of(user) == finance
    [message] = outbox
    assert message.recipients == ["asha@mof.go.tz"] and "Wizara ya Fedha na Mipango" in message.subject
    link = next(word for word in message.body.split() if "/password/reset/" in word)
    assert link.startswith(app.config["BASE_URL"])
    assert user_for_reset_token(link.rsplit("/", 1)[1]) == user
    assert "Choose your password" in message.html and "/password/forgot" in message.body
    assert "reports.focal_appointed" in db.session.scalars(sa.select(AuditEntry.action)).all()


def test_appointing_an_existing_user_adds_the_role_and_keeps_the_account(ministries, outbox):
    finance, _health = ministries
    participant = factories.user(roles=(Role.PARTICIPANT,), email="juma@mof.go.tz", full_name="Juma Ali")
    password_hash = participant.password_hash

    focal.appoint_focal_person(finance, "juma@mof.go.tz", "")

    assert participant.role_set == {Role.PARTICIPANT, Role.FOCAL} and participant.password_hash == password_hash
    assert db.session.scalar(sa.select(sa.func.count(User.id))) == 1
    assert "/password/reset/" not in outbox[0].body and "/reports" in outbox[0].body


def test_a_person_reports_for_one_institution_only(ministries, outbox):
    finance, health = ministries
    focal.appoint_focal_person(finance, "asha@mof.go.tz", "Asha Juma")

    with pytest.raises(DomainError) as refused:
        focal.appoint_focal_person(health, "asha@mof.go.tz", "Asha Juma")
    with pytest.raises(DomainError, match="already a focal person of Wizara ya Fedha"):
        focal.appoint_focal_person(finance, "ASHA@mof.go.tz", "Asha Juma")

    assert refused.value.field == "email"
    assert "already reports for Wizara ya Fedha na Mipango" in refused.value.message
    assert "one institution only" in refused.value.message
    assert links() == [("asha@mof.go.tz", finance.id)] and len(outbox) == 1


@pytest.mark.parametrize("email, name, fields", [
    ("not-an-email", "Asha Juma", {"email"}),
    ("new@mof.go.tz", "  ", {"full_name"}),
    ("new@mof.go.tz", "x" * 161, {"full_name"}),
])
def test_bad_details_are_refused_beside_the_fields_and_nothing_is_created(ministries, outbox, email, name, fields):
    with pytest.raises(InvalidInput) as refused:
        focal.appoint_focal_person(ministries[0], email, name)

    assert set(refused.value.errors) == fields
    assert db.session.scalar(sa.select(sa.func.count(User.id))) == 0 and links() == [] and outbox == []


def test_a_deactivated_account_is_not_appointed(ministries):
    factories.user(email="gone@mof.go.tz", active=False)

    with pytest.raises(DomainError, match="deactivated"):
        focal.appoint_focal_person(ministries[0], "gone@mof.go.tz", "")
    assert links() == []


def test_removing_unlinks_and_takes_the_focal_role_only(ministries):
    finance, _health = ministries
    user = factories.user(roles=(Role.PARTICIPANT,), email="juma@mof.go.tz")
    appointed = focal.appoint_focal_person(finance, "juma@mof.go.tz", "")

    focal.remove_focal_person(appointed)

    assert links() == [] and user.role_set == {Role.PARTICIPANT} and focal.institution_of(user) is None
    assert db.session.get(User, user.id) is not None


def test_focal_persons_of_groups_them_by_institution(ministries):
    finance, health = ministries
    asha = reports.focal_person(finance)
    juma = reports.focal_person(finance)

    found = focal.focal_persons_of([finance.id, health.id])

    assert [f.user_id for f in found[finance.id]] == [asha.id, juma.id] and found[health.id] == []


# --- access ------------------------------------------------------------------------------


class Anonymous:
    is_authenticated = False


def test_the_committee_sees_all_a_focal_person_their_own_and_others_nothing(ministries):
    finance, health = ministries
    call = reports.call(factories.event(), [finance])
    other_call = reports.call(factories.event(), [health])
    finance_report = reports.submission(call, finance)
    health_report = reports.submission(other_call, health)
    finance_focal, health_focal = reports.focal_person(finance), reports.focal_person(health)
    unlinked = factories.user(roles=(Role.FOCAL,))
    committee = [factories.user(roles=(role,)) for role in (Role.REPORTS, Role.ORGANISER, Role.ADMIN)]
    outsiders = [factories.user(roles=(role,)) for role in (Role.PARTICIPANT, Role.FINANCE, Role.PROGRAMME)]

    for user in committee:
        assert access.may_see_submission(user, finance_report) and access.may_see_submission(user, health_report)
        assert access.may_download_template(user, call) and access.may_download_template(user, other_call)
    assert access.may_see_submission(finance_focal, finance_report)
    assert access.may_see_version(finance_focal, finance_report.versions[0])
    assert not access.may_see_submission(finance_focal, health_report)
    assert not access.may_see_version(finance_focal, health_report.versions[0])
    assert access.may_download_template(finance_focal, call) and not access.may_download_template(finance_focal,
                                                                                                   other_call)
    for user in [unlinked, *outsiders, Anonymous()]:
        assert not access.may_see_submission(user, finance_report)
        assert not access.may_see_version(user, finance_report.versions[0])
        assert not access.may_download_template(user, call)
    assert not access.may_see_submission(health_focal, None)


def test_a_link_without_the_focal_role_gives_no_access(ministries):
    finance, _health = ministries
    submission = reports.submission(reports.call(factories.event(), [finance]), finance)
    user = reports.focal_person(finance)
    user.roles = []  # the role taken away by an administrator, the link left behind
    db.session.commit()

    assert not access.may_see_submission(user, submission)
