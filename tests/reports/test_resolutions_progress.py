"""Progress on carried resolutions: a focal person reports for their own institution (one
row, changed by reporting again, also when two submits race), refusals change nothing, and
the committee's summary shows who reported what and who has not."""
import threading
from datetime import date

import pytest
import sqlalchemy as sa

from eventapp import create_app
from eventapp.core.errors import DomainError
from eventapp.events.models import Event
from eventapp.extensions import db
from eventapp.registration.models import Institution
from eventapp.reports import resolution_progress as progress
from eventapp.reports import resolutions as rules
from eventapp.reports.models import ProgressStatus, Resolution, ResolutionProgress, ResolutionStatus
from eventapp.reports.resolutions import ResolutionDetails
from tests import factories
from tests.conftest import make_config
from tests.reports import factories as rf


def two_editions() -> dict:
    """2019 with two resolutions (the second done) and 2020 whose call asks Afya and Maji to
    report; Afya's and Maji's focal persons."""
    earlier = factories.event(edition=2, starts_on=date(2019, 1, 30), ends_on=date(2019, 2, 2))
    later = factories.event(edition=3, starts_on=date(2020, 2, 3), ends_on=date(2020, 2, 6))
    afya, maji, ega = rf.ministry("Wizara ya Afya"), rf.ministry("Wizara ya Maji"), rf.ministry("Wakala ya eGA")
    rf.call(later, [afya, maji])
    carried = rules.save_resolution(earlier, ResolutionDetails(text_sw="Azimio la kwanza", owner_text="Wizara zote"))
    done = rules.save_resolution(earlier, ResolutionDetails(text_sw="Azimio la pili", owner_institution_id=ega.id))
    rules.change_status(done, ResolutionStatus.DONE)
    owned = rules.save_resolution(earlier, ResolutionDetails(text_sw="Azimio la tatu", owner_institution_id=ega.id))
    return {"earlier": earlier, "later": later, "afya": afya, "maji": maji, "ega": ega, "carried": carried,
            "done": done, "owned": owned, "afya_focal": rf.focal_person(afya), "maji_focal": rf.focal_person(maji)}


@pytest.fixture
def world(app_ctx):
    return two_editions()


def rows() -> list[tuple]:
    return db.session.execute(sa.select(ResolutionProgress.resolution_id, ResolutionProgress.institution_id,
                                        ResolutionProgress.status, ResolutionProgress.note)).all()


def test_a_focal_person_reports_and_reporting_again_changes_the_one_row(world):
    w = world
    first = progress.report_progress(w["carried"], w["later"], w["afya"], w["afya_focal"], "in_progress",
                                     "  Taasisi 4 kati ya 6 zimejumuishwa.\r\n ")
    first_at = first.reported_at

    again = progress.report_progress(w["carried"], w["later"], w["afya"], w["afya_focal"], ProgressStatus.DONE,
                                     "Zote zimejumuishwa.")

    assert again.id == first.id
    assert rows() == [(w["carried"].id, w["afya"].id, ProgressStatus.DONE, "Zote zimejumuishwa.")]
    assert again.reported_by_id == w["afya_focal"].id and again.reported_at >= first_at


def refused(w, **changes) -> str:
    args = dict(resolution=w["carried"], event=w["later"], institution=w["afya"], user=w["afya_focal"],
                status="in_progress", note="")
    args.update(changes)
    with pytest.raises(DomainError) as error:
        progress.report_progress(**args)
    assert rows() == []
    return error.value.message


def test_progress_on_a_resolution_not_carried_is_refused(world):
    w = world
    assert "not one to report on" in refused(w, resolution=w["done"])
    assert "not one to report on" in refused(w, event=w["earlier"])  # its own edition
    later_resolution = rules.save_resolution(w["later"], ResolutionDetails(text_sw="Azimio la 2020", owner_text="x"))
    assert "not one to report on" in refused(w, resolution=later_resolution)


def test_only_the_institutions_focal_person_may_report(world):
    w = world
    assert "focal person" in refused(w, user=w["maji_focal"])
    assert "focal person" in refused(w, user=factories.user())


def test_a_bad_status_or_a_long_note_is_refused(world):
    assert refused(world, status="finished")
    assert refused(world, status=None)
    assert "2000" in refused(world, note="x" * 2001)


def test_a_lost_insert_race_updates_the_row_the_other_request_made(world, monkeypatch):
    """The other request inserted between this one's look-up and its insert: the unique key
    refuses the insert, and the retry updates the row instead of failing."""
    w = world
    progress.report_progress(w["carried"], w["later"], w["afya"], w["afya_focal"], "not_started", "mapema")
    real_lookup = progress._existing_progress
    calls = {"n": 0}

    def blind_first_lookup(ids):
        calls["n"] += 1
        return None if calls["n"] == 1 else real_lookup(ids)

    monkeypatch.setattr(progress, "_existing_progress", blind_first_lookup)
    saved = progress.report_progress(w["carried"], w["later"], w["afya"], w["afya_focal"], "done", "imekamilika")

    assert calls["n"] == 2  # the insert refused, the retry found the row
    assert rows() == [(w["carried"].id, w["afya"].id, ProgressStatus.DONE, "imekamilika")]
    assert saved.status is ProgressStatus.DONE


def test_progress_of_is_only_the_institutions_own(world):
    w = world
    progress.report_progress(w["carried"], w["later"], w["afya"], w["afya_focal"], "done", "Afya")
    progress.report_progress(w["carried"], w["later"], w["maji"], w["maji_focal"], "not_started", "Maji")

    own = progress.progress_of(w["later"], w["afya"])

    assert [(r.institution_id, r.note) for r in own.values()] == [(w["afya"].id, "Afya")]


def test_the_summary_shows_who_reported_and_who_has_not(world):
    w = world
    progress.report_progress(w["carried"], w["later"], w["maji"], w["maji_focal"], "in_progress", "Nusu")

    summary = {item.resolution.number: item for item in progress.progress_summary(w["later"])}

    assert sorted(summary) == [1, 3]  # the done one is not carried
    first = summary[1]
    assert [(p.institution.name, p.note) for p in first.reported] == [("Wizara ya Maji", "Nusu")]
    assert [i.name for i in first.not_reported] == ["Wizara ya Afya"]
    assert first.reporters[w["maji_focal"].id] == w["maji_focal"].full_name
    # The owner of a resolution is expected to report on it even when the call does not ask it.
    assert [i.name for i in summary[3].not_reported] == ["Wakala ya eGA", "Wizara ya Afya", "Wizara ya Maji"]


def test_without_a_call_only_owners_are_expected(world):
    fourth = factories.event(edition=4, starts_on=date(2021, 2, 1), ends_on=date(2021, 2, 2))

    summary = {item.resolution.number: item for item in progress.progress_summary(fourth)}

    assert summary[1].not_reported == [] and [i.name for i in summary[3].not_reported] == ["Wakala ya eGA"]


@pytest.mark.database
def test_a_double_submit_at_the_same_moment_keeps_one_row(db_backend, tmp_path):
    """Two requests of the same focal person at once (a double click): no error, one row."""
    config = {"pool_size": 6, "max_overflow": 2, "pool_timeout": 30}
    overrides = {"SQLALCHEMY_ENGINE_OPTIONS": config}
    if db_backend == "sqlite":
        config["connect_args"] = {"timeout": 30}
        overrides["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{tmp_path / 'progress.sqlite'}"
    app = create_app(make_config(db_backend, overrides, tmp_path))
    with app.app_context():
        db.drop_all()
        db.create_all()
        w = two_editions()
        ids = {k: w[k].id for k in ("carried", "later", "afya", "afya_focal")}
    barrier = threading.Barrier(2)
    results: list = [None, None]

    def submit(i: int) -> None:
        with app.app_context():
            try:
                from eventapp.auth.models import User

                resolution, event = db.session.get(Resolution, ids["carried"]), db.session.get(Event, ids["later"])
                institution, user = db.session.get(Institution, ids["afya"]), db.session.get(User, ids["afya_focal"])
                resolution.event  # read before the race, like the page would
                db.session.commit()
                barrier.wait(timeout=30)
                progress.report_progress(resolution, event, institution, user, "in_progress", f"bonyezo {i}")
                results[i] = "ok"
            except Exception as error:  # noqa: BLE001 — reported by the test, never lost in a thread
                results[i] = f"error: {error!r}"
            finally:
                db.session.remove()

    try:
        threads = [threading.Thread(target=submit, args=(i,)) for i in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)

        assert results == ["ok", "ok"]
        with app.app_context():
            saved = db.session.scalars(sa.select(ResolutionProgress)).all()
            assert len(saved) == 1 and saved[0].note in ("bonyezo 0", "bonyezo 1")
    finally:
        with app.app_context():
            db.session.remove()
            db.drop_all()
            db.engine.dispose()
