"""Resolutions of a meeting: numbered per event, Swahili text and an owner required, due date
not before the meeting, status changes, the ones carried into later editions, the XLSX; every
refusal changes nothing."""
import io
import threading
from datetime import date

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook

from eventapp import create_app
from eventapp.core.audit import AuditEntry
from eventapp.core.errors import DomainError, InvalidInput
from eventapp.events.models import Event
from eventapp.extensions import db
from eventapp.registration.models import InstitutionType
from eventapp.reports import resolutions as rules
from eventapp.reports.models import Resolution, ResolutionStatus
from eventapp.reports.resolutions import ResolutionDetails
from tests import factories
from tests.conftest import make_config


@pytest.fixture
def meeting(app_ctx):
    """The 2019 edition (30 Jan – 2 Feb 2019) and eGA in the directory."""
    event = factories.event(edition=2, starts_on=date(2019, 1, 30), ends_on=date(2019, 2, 2))
    ega = factories.institution(name="Wakala ya Serikali Mtandao", acronym="eGA",
                                type_=InstitutionType.SECTOR_INSTITUTION)
    return {"event": event, "ega": ega}


def details(**changes) -> ResolutionDetails:
    values = dict(text_sw="Wizara zihusishe taasisi zote za kisekta katika taarifa zao.",
                  text_en="Ministries to include all their sector institutions in their reports.",
                  owner_text="Wizara zote / All ministries")
    values.update(changes)
    return ResolutionDetails(**values)


def count() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(Resolution))


def test_resolutions_take_the_next_free_number_of_their_event(meeting):
    event, other = meeting["event"], factories.event(edition=3)

    first = rules.save_resolution(event, details())
    second = rules.save_resolution(event, details(owner_institution_id=meeting["ega"].id, owner_text=""))
    elsewhere = rules.save_resolution(other, details())

    assert (first.number, second.number, elsewhere.number) == (1, 2, 1)
    assert first.status is ResolutionStatus.OPEN
    assert rules.next_number(event) == 3
    assert second.owner_institution_id == meeting["ega"].id and rules.owner_label(second) == "Wakala ya Serikali " \
        "Mtandao (eGA)"
    assert rules.owner_label(first) == "Wizara zote / All ministries"


def test_a_number_taken_meanwhile_is_retried_with_the_next(meeting, monkeypatch):
    event = meeting["event"]
    rules.save_resolution(event, details())
    real = rules.next_number
    answers = iter([1])  # another request took number 1 after this one read "1 is next"
    monkeypatch.setattr(rules, "next_number", lambda e: next(answers, None) or real(e))

    saved = rules.save_resolution(event, details(text_sw="Azimio la pili"))

    assert saved.number == 2 and count() == 2


def test_the_owner_may_be_typed_by_name_or_acronym_and_both_owners_are_kept(meeting):
    by_acronym = rules.save_resolution(meeting["event"], details(owner_institution_name=" ega ",
                                                                 owner_text="Taasisi zote za umma"))
    by_name = rules.save_resolution(meeting["event"], details(owner_institution_name="wakala ya serikali  mtandao",
                                                              owner_text=""))

    assert by_acronym.owner_institution_id == by_name.owner_institution_id == meeting["ega"].id
    assert rules.owner_label(by_acronym) == "Wakala ya Serikali Mtandao (eGA); Taasisi zote za umma"


@pytest.mark.parametrize("changes, field", [
    (dict(text_sw="   \n "), "text_sw"),
    (dict(text_sw="x" * 4001), "text_sw"),
    (dict(text_en="x" * 4001), "text_en"),
    (dict(owner_text=""), "institution_name"),
    (dict(owner_text="x" * 201), "owner_text"),
    (dict(owner_institution_id=99999), "institution_name"),
    (dict(owner_institution_name="Wizara ya Mambo Yasiyojulikana"), "institution_name"),
    (dict(due_on=date(2019, 1, 29)), "due_on"),
    (dict(due_on="2020-13-45"), "due_on"),
])
def test_refusals_say_which_field_and_save_nothing(meeting, changes, field):
    with pytest.raises(InvalidInput) as refused:
        rules.save_resolution(meeting["event"], details(**changes))

    assert field in refused.value.errors and refused.value.errors[field]
    assert count() == 0
    assert db.session.scalar(sa.select(sa.func.count()).select_from(AuditEntry)) == 0


def test_an_unreviewed_typed_in_institution_is_no_owner(meeting):
    factories.institution(name="Taasisi Iliyoandikwa na Mshiriki", reviewed=False)

    with pytest.raises(InvalidInput) as refused:
        rules.save_resolution(meeting["event"], details(owner_institution_name="Taasisi Iliyoandikwa na Mshiriki",
                                                        owner_text=""))

    assert "not an institution of the directory" in refused.value.errors["institution_name"]


def test_the_due_date_may_be_the_first_day_or_later(meeting):
    saved = rules.save_resolution(meeting["event"], details(due_on=date(2019, 1, 30)))

    assert saved.due_on == date(2019, 1, 30)


def test_an_edit_changes_text_owner_and_date_and_keeps_number_and_status(meeting):
    event = meeting["event"]
    resolution = rules.save_resolution(event, details())
    rules.change_status(resolution, ResolutionStatus.IN_PROGRESS)

    rules.save_resolution(event, details(text_sw="Maandishi mapya", owner_text="", due_on=date(2020, 6, 30),
                                         owner_institution_id=meeting["ega"].id), resolution, actor_id=None)

    db.session.expire_all()
    resolution = db.session.scalar(sa.select(Resolution))
    assert (resolution.number, resolution.status, resolution.text_sw) == (1, ResolutionStatus.IN_PROGRESS,
                                                                          "Maandishi mapya")
    assert (resolution.owner_institution_id, resolution.owner_text, resolution.due_on) == (
        meeting["ega"].id, "", date(2020, 6, 30))


def test_a_refused_edit_leaves_the_resolution_as_it_was(meeting):
    resolution = rules.save_resolution(meeting["event"], details())

    with pytest.raises(InvalidInput):
        rules.save_resolution(meeting["event"], details(text_sw="", owner_text="Nyingine"), resolution)

    db.session.expire_all()
    assert db.session.get(Resolution, resolution.id).text_sw.startswith("Wizara zihusishe")
    assert db.session.get(Resolution, resolution.id).owner_text == "Wizara zote / All ministries"


def test_a_resolution_cannot_be_moved_to_another_meeting(meeting):
    resolution = rules.save_resolution(meeting["event"], details())

    with pytest.raises(DomainError):
        rules.save_resolution(factories.event(edition=3), details(), resolution)


def test_status_changes_are_audited_and_filtered(meeting):
    event = meeting["event"]
    first, second = rules.save_resolution(event, details()), rules.save_resolution(event, details())
    user = factories.user()

    rules.change_status(second, ResolutionStatus.DONE, actor_id=user.id)

    assert [r.number for r in rules.list_resolutions(event, ResolutionStatus.DONE)] == [2]
    assert [r.number for r in rules.list_resolutions(event, ResolutionStatus.OPEN)] == [1]
    assert rules.status_counts(event)[ResolutionStatus.DONE] == 1
    entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "reports.resolution_status"))
    assert (entry.actor_id, entry.details) == (user.id, "open -> done")
    with pytest.raises(DomainError):
        rules.change_status(first, "done")
    assert db.session.get(Resolution, first.id).status is ResolutionStatus.OPEN


def test_open_and_in_progress_resolutions_of_earlier_editions_are_carried(app_ctx):
    first, second, third = (factories.event(edition=n, starts_on=date(2014 + n, 2, 1), ends_on=date(2014 + n, 2, 3))
                            for n in (31, 32, 33))
    made = {}
    for event, status in ((first, ResolutionStatus.OPEN), (first, ResolutionStatus.DONE),
                          (second, ResolutionStatus.IN_PROGRESS), (second, ResolutionStatus.DROPPED),
                          (second, ResolutionStatus.OPEN), (third, ResolutionStatus.OPEN)):
        resolution = rules.save_resolution(event, details())
        rules.change_status(resolution, status)
        made[(event.edition, resolution.number)] = resolution

    into_third = [(r.event.edition, r.number) for r in rules.resolutions_to_report_on(third)]
    into_second = [(r.event.edition, r.number) for r in rules.resolutions_to_report_on(second)]

    assert into_third == [(32, 1), (32, 3), (31, 1)]  # the most recent earlier edition first
    assert into_second == [(31, 1)]
    assert rules.resolutions_to_report_on(first) == []
    assert rules.is_carried_into(made[(31, 1)], third) and not rules.is_carried_into(made[(31, 2)], third)
    assert not rules.is_carried_into(made[(33, 1)], third)  # not into its own edition
    assert not rules.is_carried_into(made[(32, 1)], first)  # nor into an earlier one


def test_the_workbook_has_a_wrapped_row_per_resolution(meeting):
    event = meeting["event"]
    rules.save_resolution(event, details(due_on=date(2020, 6, 30)))
    rules.save_resolution(event, details(text_sw="=HYPERLINK(\"x\")", text_en="", owner_text="",
                                         owner_institution_id=meeting["ega"].id))

    data = rules.resolutions_xlsx(rules.list_resolutions(event), ["No.", "sw", "en", "Owner", "Due", "Status"])

    sheet = load_workbook(io.BytesIO(data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("No.", "sw", "en", "Owner", "Due", "Status")
    assert rows[1][0] == 1 and rows[1][3] == "Wizara zote / All ministries" and rows[1][4].date() == date(2020, 6, 30)
    assert rows[1][5] == "open"
    assert rows[2][1] == "'=HYPERLINK(\"x\")"  # a formula typed in is kept as text
    assert rows[2][3] == "Wakala ya Serikali Mtandao (eGA)"
    assert sheet["B2"].alignment.wrap_text


@pytest.mark.database
def test_two_resolutions_added_at_the_same_moment_get_numbers_1_and_2(db_backend, tmp_path):
    config = {"pool_size": 6, "max_overflow": 2, "pool_timeout": 30}
    overrides = {"SQLALCHEMY_ENGINE_OPTIONS": config}
    if db_backend == "sqlite":
        config["connect_args"] = {"timeout": 30}
        overrides["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{tmp_path / 'resolutions.sqlite'}"
    app = create_app(make_config(db_backend, overrides, tmp_path))
    with app.app_context():
        db.drop_all()
        db.create_all()
        event_id = factories.event(edition=2, starts_on=date(2019, 1, 30), ends_on=date(2019, 2, 2)).id
    barrier = threading.Barrier(2)
    results: list = [None, None]

    def add(i: int) -> None:
        with app.app_context():
            try:
                event = db.session.get(Event, event_id)
                db.session.commit()
                barrier.wait(timeout=30)
                results[i] = rules.save_resolution(event, details(text_sw=f"Azimio {i}")).number
            except Exception as error:  # noqa: BLE001 — reported by the test, never lost in a thread
                results[i] = f"error: {error!r}"
            finally:
                db.session.remove()

    try:
        threads = [threading.Thread(target=add, args=(i,)) for i in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)

        assert sorted(results) == [1, 2], results
    finally:
        with app.app_context():
            db.session.remove()
            db.drop_all()
            db.engine.dispose()
