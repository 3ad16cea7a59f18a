"""`flask seed-demo`: the 2019 meeting as demo data, safe to run twice."""
from collections import Counter
from datetime import date

import pytest
import sqlalchemy as sa

from eventapp.auth.models import User
from eventapp.core.roles import Role
from eventapp.demo import meeting_2019
from eventapp.events.models import Committee, Event, EventStatus
from eventapp.extensions import db


def table_counts() -> dict[str, int]:
    db.session.remove()
    with db.engine.connect() as connection:
        return {
            name: connection.scalar(sa.select(sa.func.count()).select_from(table))
            for name, table in db.metadata.tables.items()
        }


def table_contents() -> dict[str, list]:
    """Every row of every table, except the timestamps a no-op must not touch either."""
    db.session.remove()
    with db.engine.connect() as connection:
        return {
            name: sorted(map(tuple, connection.execute(sa.select(table)).all()), key=repr)
            for name, table in db.metadata.tables.items()
        }


@pytest.fixture
def seeded(app, runner):
    """A database of the test's own, for the tests that change data; the others read the module's
    shared `demo_app`."""
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    return result


def test_seed_demo_creates_the_2019_meeting(demo_app):
    with demo_app.app_context():
        [event] = db.session.scalars(sa.select(Event)).all()
        assert event.edition == 2
        assert event.theme_sw == "Uwianishaji wa Rasilimali za TEHAMA kwa Maendeleo ya Viwanda"
        assert event.theme_en == "Harmonization of ICT Resources for Industrial Development"
        assert "UDOM" in event.venue and "CIVE" in event.venue
        assert event.city == "Dodoma"
        assert (event.starts_on, event.ends_on) == (date(2019, 1, 30), date(2019, 2, 2))
        assert event.status is not EventStatus.DRAFT  # it is what the public home page shows
        assert [d.date for d in event.days] == [
            date(2019, 1, 30), date(2019, 1, 31), date(2019, 2, 1), date(2019, 2, 2),
        ]
        assert all(d.label_sw and d.label_en for d in event.days)
        groups = {g.number: {d.date for d in g.days} for g in event.groups}
        assert groups == {
            1: {date(2019, 1, 30), date(2019, 1, 31)},
            2: {date(2019, 2, 1)},
            3: {date(2019, 2, 2)},
        }
        assert all(g.name_sw and g.name_en for g in event.groups)
        committees = db.session.scalars(sa.select(Committee)).all()
        assert len(committees) == 4
        assert {c.name_en for c in committees} == {
            "Finance and Procurement Committee",
            "Programme, Speeches and Reports Committee",
            "Coordination and Protocol Committee",
            "Education and Communication Committee",
        }
        assert all(c.event_id == event.id and c.members for c in committees)


def test_seed_demo_makes_one_account_per_role_two_more_judges_and_prints_the_passwords(demo_app):
    with demo_app.app_context():
        users = db.session.scalars(sa.select(User)).all()
        assert len(users) == len(Role) + 2 == 11
        assert {u.email for u in users} == {f"{role.value}@demo.example.org" for role in Role} | {
            "judge2@demo.example.org", "judge3@demo.example.org"}
        roles = Counter(role for u in users for role in u.role_set)
        assert roles == Counter({role: 1 for role in Role}) + Counter({Role.JUDGE: 2})
        for user in users:
            [role] = user.role_set
            key = user.email.split("@")[0]
            assert key == role.value or (role is Role.JUDGE and key in {"judge2", "judge3"})
            password = meeting_2019.demo_password(key)
            assert user.email in demo_app.seed_output
            assert password in demo_app.seed_output
            assert user.check_password(password)
            assert user.active


def test_demo_accounts_can_log_in(client, seeded):
    response = client.post(
        "/login", data={"email": "organiser@demo.example.org", "password": meeting_2019.demo_password("organiser")}
    )
    assert response.status_code == 302
    assert client.get("/manage/events").status_code == 200


def test_home_page_shows_the_demo_meeting(demo_client):
    body = demo_client.get("/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Harmonization of ICT Resources for Industrial Development" in body
    assert "Dodoma" in body
    assert "Group 3" in body


def test_running_it_twice_changes_nothing(app, runner, seeded):
    with app.app_context():
        counts = table_counts()
        contents = table_contents()
    assert counts["users"] == len(Role) + 2 and counts["event_days"] == 4 and counts["group_days"] == 4
    assert counts["participant_groups"] == 3 and counts["committees"] == 4

    again = runner.invoke(args=["seed-demo"])

    assert again.exit_code == 0, again.output
    assert "0 records created" in again.output
    assert meeting_2019.demo_password("admin") in again.output  # passwords are printed again
    with app.app_context():
        assert table_counts() == counts
        assert table_contents() == contents


def test_seeding_after_a_day_was_removed_puts_it_back(app, runner, seeded):
    with app.app_context():
        event = db.session.scalar(sa.select(Event))
        db.session.delete(event.days[-1])
        db.session.commit()

    again = runner.invoke(args=["seed-demo"])

    assert again.exit_code == 0, again.output
    with app.app_context():
        assert len(db.session.scalar(sa.select(Event)).days) == 4


@pytest.mark.parametrize("app_config", [{"SESSION_COOKIE_SECURE": True}])
def test_seed_demo_refuses_production_without_force(app, runner):
    refused = runner.invoke(args=["seed-demo"])

    assert refused.exit_code != 0
    assert "production" in refused.output
    with app.app_context():
        assert table_counts()["users"] == 0
