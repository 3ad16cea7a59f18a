"""The review services: the committee's list (status filter, search, late), comments, the
status workflow (returning needs reasons, which are shared and emailed to the focal persons;
accepting is audited; a returned report waits for the ministry), and the presentation slot
(accepted reports only, a presentation item of the same event, one report per item and one
item per report). Each refusal says why and changes nothing."""
import pytest
import sqlalchemy as sa

from eventapp.core.audit import AuditEntry
from eventapp.core.errors import DomainError
from eventapp.core.roles import Role
from eventapp.extensions import db
from eventapp.programme.models import ItemKind
from eventapp.reports import review
from eventapp.reports.models import CoveredInstitution, ReportComment, ReportStatus, ReportSubmission
from tests import factories
from tests.reports import factories as reports

pytestmark = pytest.mark.usefixtures("app_ctx")


@pytest.fixture
def meeting():
    event = factories.event(with_days=True)
    finance = reports.ministry("Wizara ya Fedha na Mipango", "MoFP")
    health = reports.ministry("Wizara ya Afya", "MoH")
    water = reports.ministry("Wizara ya Maji", "MoW")
    call = reports.call(event, [finance, health, water])
    reviewer = factories.user(roles=(Role.REPORTS,), full_name="Neema Mkaguzi")
    return {"event": event, "call": call, "finance": finance, "health": health, "water": water,
            "reviewer": reviewer}


def audit_actions() -> list[str]:
    return list(db.session.scalars(sa.select(AuditEntry.action).order_by(AuditEntry.id)))


def comments_of(submission) -> list[ReportComment]:
    return list(db.session.scalars(sa.select(ReportComment).where(ReportComment.submission_id == submission.id)))


def presentation(event, kind=ItemKind.PRESENTATION, start="10:30", end="10:55"):
    return factories.timetable_item(event, event.days[0], start, end, "Ministry presentation", kind=kind)


# --- the list ----------------------------------------------------------------------------


def test_list_filters_by_status_searches_by_institution_and_marks_late(meeting):
    call = meeting["call"]
    finance = reports.submission(call, meeting["finance"], late=True)
    health = reports.submission(call, meeting["health"], status=ReportStatus.ACCEPTED, versions=2)

    everything = review.review_page(call)
    accepted = review.review_page(call, status=ReportStatus.ACCEPTED)
    by_acronym = review.review_page(call, text="mofp")
    by_name = review.review_page(call, text="  wizara ya AFYA ")
    nothing = review.review_page(call, text="100%_")

    assert {s.id for s in everything.items} == {finance.id, health.id} and everything.total == 2
    assert [s.id for s in accepted.items] == [health.id]
    assert [s.id for s in by_acronym.items] == [finance.id]
    assert [s.id for s in by_name.items] == [health.id]
    assert nothing.items == []
    assert review.late_submissions([finance.id, health.id]) == {finance.id}
    assert review.status_counts(call) == {ReportStatus.SUBMITTED: 1, ReportStatus.ACCEPTED: 1}


def test_list_pages_and_is_only_the_calls(meeting):
    call = meeting["call"]
    for n in range(5):
        reports.submission(call, reports.ministry(f"Wizara ya Ziada {n}"))
    other_call = reports.call(factories.event(), [meeting["finance"]])
    reports.submission(other_call, meeting["finance"])

    first, last = review.review_page(call, per_page=2), review.review_page(call, page=3, per_page=2)

    assert first.total == 5 and first.pages == 3 and len(first.items) == 2
    assert len(last.items) == 1
    assert review.review_page(call, page=99, per_page=2).items == []


def test_sections_show_the_previous_text_only_where_it_changed(meeting):
    call = meeting["call"]
    submission = reports.submission(call, meeting["finance"], versions=2,
                                    answers={"strategy": "Mkakati mmoja", "challenges": "Bajeti ndogo"})
    versions = review.versions_of(submission)
    challenges = next(a for a in versions[0].answers if a.section.code == "challenges")
    challenges.body = "Bajeti ndogo na wataalamu wachache"
    db.session.commit()

    rows = {row.section.code: row for row in review.section_rows(submission, review.versions_of(submission))}

    assert [v.number for v in versions] == [2, 1]
    assert rows["challenges"].changed and rows["challenges"].previous == "Bajeti ndogo"
    assert rows["challenges"].body == "Bajeti ndogo na wataalamu wachache"
    assert not rows["strategy"].changed and rows["strategy"].body == "Mkakati mmoja"
    assert list(rows) == [s.code for s in call.sections]


def test_coverage_names_the_sector_institutions_covered_and_left_out(meeting):
    finance = meeting["finance"]
    tra, gpsa, ppra = (reports.sector_institution(finance, name) for name in ("TRA", "GPSA", "PPRA"))
    reports.sector_institution(finance, "Typed by a registrant").reviewed = False
    nhif = reports.sector_institution(meeting["health"], "NHIF")
    db.session.commit()
    submission = reports.submission(meeting["call"], finance, versions=2)
    first, latest = sorted(review.versions_of(submission), key=lambda v: v.number)
    db.session.add_all([CoveredInstitution(version_id=first.id, institution_id=gpsa.id),
                        CoveredInstitution(version_id=latest.id, institution_id=tra.id),
                        CoveredInstitution(version_id=latest.id, institution_id=ppra.id),
                        CoveredInstitution(version_id=latest.id, institution_id=nhif.id)])
    db.session.commit()

    now, before = review.coverage(submission, latest), review.coverage(submission, first)

    assert (now.covered, now.left_out, now.total) == (["PPRA", "TRA"], ["GPSA"], 3)
    assert (before.covered, before.left_out) == (["GPSA"], ["PPRA", "TRA"])
    assert review.coverage(submission, None).covered == []


# --- comments ----------------------------------------------------------------------------


def test_a_comment_is_kept_on_the_latest_version_and_audited(meeting):
    submission = reports.submission(meeting["call"], meeting["finance"], versions=2)

    comment = review.add_comment(submission, meeting["reviewer"], "  Ongeza takwimu za mifumo.\r\n", shared=True)

    assert comment.body == "Ongeza takwimu za mifumo." and comment.shared and comment.version_number == 2
    assert comment.author_id == meeting["reviewer"].id and comment.status is None
    assert audit_actions() == ["reports.comment_added"]


@pytest.mark.parametrize("body, message", [("   ", "Write the comment."), ("x" * 5001, "At most 5000 characters.")])
def test_an_empty_or_overlong_comment_is_refused_beside_the_field(meeting, body, message):
    submission = reports.submission(meeting["call"], meeting["finance"])

    with pytest.raises(DomainError) as refused:
        review.add_comment(submission, meeting["reviewer"], body)

    assert refused.value.field == "body" and refused.value.message == message
    db.session.rollback()
    assert comments_of(submission) == [] and audit_actions() == []


# --- status ------------------------------------------------------------------------------


@pytest.mark.parametrize("start, allowed", [
    (ReportStatus.SUBMITTED, [ReportStatus.UNDER_REVIEW, ReportStatus.ACCEPTED, ReportStatus.RETURNED]),
    (ReportStatus.UNDER_REVIEW, [ReportStatus.ACCEPTED, ReportStatus.RETURNED]),
    (ReportStatus.RETURNED, []),
    (ReportStatus.ACCEPTED, [ReportStatus.UNDER_REVIEW]),
])
def test_the_statuses_a_reviewer_may_choose(meeting, start, allowed):
    assert review.allowed_statuses(reports.submission(meeting["call"], meeting["finance"], status=start)) == allowed


def test_accepting_is_audited(meeting):
    submission = reports.submission(meeting["call"], meeting["finance"], status=ReportStatus.UNDER_REVIEW)

    review.change_status(submission, ReportStatus.ACCEPTED, meeting["reviewer"])

    assert db.session.get(ReportSubmission, submission.id).status == ReportStatus.ACCEPTED
    entry = db.session.scalar(sa.select(AuditEntry))
    assert (entry.action, entry.actor_id, entry.target) == (
        "reports.accepted", meeting["reviewer"].id, f"report_submission:{submission.id}")
    assert entry.details == "under_review -> accepted"
    assert comments_of(submission) == []  # no reasons given, none recorded


def test_putting_under_review_is_audited_and_an_optional_note_stays_in_the_committee(meeting):
    submission = reports.submission(meeting["call"], meeting["finance"])

    review.change_status(submission, ReportStatus.UNDER_REVIEW, meeting["reviewer"], "Neema anaipitia.")

    [note] = comments_of(submission)
    assert (note.status, note.shared, note.body) == (ReportStatus.UNDER_REVIEW, False, "Neema anaipitia.")
    assert audit_actions() == ["reports.status_changed"]


def test_returning_keeps_the_reasons_shared_and_emails_every_focal_person(app, meeting, outbox):
    finance = meeting["finance"]
    asha = reports.focal_person(finance, email="asha@mof.go.tz", full_name="Asha Juma")
    baraka = reports.focal_person(finance, email="baraka@mof.go.tz", full_name="Baraka Ali")
    baraka.locale = "en"
    reports.focal_person(meeting["health"], email="other@moh.go.tz")
    inactive = reports.focal_person(finance, email="gone@mof.go.tz")
    inactive.active = False
    db.session.commit()
    submission = reports.submission(meeting["call"], finance, versions=2)

    review.change_status(submission, ReportStatus.RETURNED, meeting["reviewer"],
                         "Ongezeni taasisi za kisekta.\nWekeni takwimu za 2018.")

    [reason] = comments_of(submission)
    assert (reason.status, reason.shared, reason.version_number) == (ReportStatus.RETURNED, True, 2)
    assert reason.body == "Ongezeni taasisi za kisekta.\nWekeni takwimu za 2018."
    assert db.session.get(ReportSubmission, submission.id).status == ReportStatus.RETURNED
    assert audit_actions() == ["reports.status_changed"]
    by_address = {m.recipients[0]: m for m in outbox}
    assert set(by_address) == {asha.email, baraka.email}
    english = by_address[baraka.email]
    assert english.subject == "Your e-Government report was returned for changes"
    assert f"{app.config['BASE_URL']}/reports/submissions/{submission.id}" in english.body
    assert "Ongezeni taasisi za kisekta.\nWekeni takwimu za 2018." in english.body
    assert "Wizara ya Fedha na Mipango" in english.body and "Baraka Ali" in english.body
    assert "Ongezeni taasisi za kisekta.<br>Wekeni takwimu za 2018." in english.html
    assert meeting["event"].title_en in english.body
    assert meeting["event"].title_sw in by_address[asha.email].body  # Asha reads it in Swahili


def test_returning_without_reasons_is_refused_beside_the_reason(meeting, outbox):
    reports.focal_person(meeting["finance"])
    submission = reports.submission(meeting["call"], meeting["finance"])

    with pytest.raises(DomainError) as refused:
        review.change_status(submission, ReportStatus.RETURNED, meeting["reviewer"], "  \n ")

    assert refused.value.field == "reason" and "Say what the ministry must change" in refused.value.message
    db.session.rollback()
    assert db.session.get(ReportSubmission, submission.id).status == ReportStatus.SUBMITTED
    assert comments_of(submission) == [] and audit_actions() == [] and outbox == []


@pytest.mark.parametrize("start, target, message", [
    (ReportStatus.RETURNED, ReportStatus.ACCEPTED, "its status changes when the ministry submits it again"),
    (ReportStatus.RETURNED, ReportStatus.UNDER_REVIEW, "its status changes when the ministry submits it again"),
    (ReportStatus.UNDER_REVIEW, ReportStatus.SUBMITTED, "cannot go from this status to that one"),
    (ReportStatus.ACCEPTED, ReportStatus.RETURNED, "cannot go from this status to that one"),
    (ReportStatus.ACCEPTED, ReportStatus.ACCEPTED, "already has this status"),
])
def test_transitions_outside_the_workflow_are_refused(meeting, start, target, message):
    submission = reports.submission(meeting["call"], meeting["finance"], status=start)

    with pytest.raises(DomainError) as refused:
        review.change_status(submission, target, meeting["reviewer"], "Sababu")

    assert message in refused.value.message and refused.value.field == "status"
    db.session.rollback()
    assert db.session.get(ReportSubmission, submission.id).status == start
    assert comments_of(submission) == [] and audit_actions() == []


def test_reopening_an_accepted_report_needs_a_reason(meeting):
    submission = reports.submission(meeting["call"], meeting["finance"], status=ReportStatus.ACCEPTED)

    with pytest.raises(DomainError) as refused:
        review.change_status(submission, ReportStatus.UNDER_REVIEW, meeting["reviewer"])
    db.session.rollback()
    assert refused.value.field == "reason"
    assert db.session.get(ReportSubmission, submission.id).status == ReportStatus.ACCEPTED

    review.change_status(submission, ReportStatus.UNDER_REVIEW, meeting["reviewer"], "Takwimu zina makosa.")

    [note] = comments_of(submission)
    assert (note.status, note.shared) == (ReportStatus.UNDER_REVIEW, False)
    assert db.session.get(ReportSubmission, submission.id).status == ReportStatus.UNDER_REVIEW
    assert audit_actions() == ["reports.status_changed"]


def test_reopening_is_refused_while_the_report_holds_its_slot(meeting):
    submission = reports.submission(meeting["call"], meeting["finance"], status=ReportStatus.ACCEPTED)
    review.link_presentation(submission, presentation(meeting["event"]), meeting["reviewer"])

    with pytest.raises(DomainError) as refused:
        review.change_status(submission, ReportStatus.UNDER_REVIEW, meeting["reviewer"], "Kosa")

    assert "unlink it first" in refused.value.message
    db.session.rollback()
    assert db.session.get(ReportSubmission, submission.id).status == ReportStatus.ACCEPTED
    assert comments_of(submission) == []


# --- the presentation slot ---------------------------------------------------------------


def test_an_accepted_report_is_linked_to_a_free_presentation_and_unlinked(meeting):
    event = meeting["event"]
    submission = reports.submission(meeting["call"], meeting["finance"], status=ReportStatus.ACCEPTED)
    first, second = presentation(event), presentation(event, start="10:55", end="11:20")
    presentation(event, kind=ItemKind.HEALTH_BREAK)
    taken = presentation(event, start="11:20", end="11:45")
    review.link_presentation(reports.submission(meeting["call"], meeting["health"], status=ReportStatus.ACCEPTED),
                             taken, meeting["reviewer"])

    assert [i.id for i in review.presentation_choices(submission)] == [first.id, second.id]
    review.link_presentation(submission, second, meeting["reviewer"])
    assert db.session.get(ReportSubmission, submission.id).programme_item_id == second.id
    assert [i.id for i in review.presentation_choices(submission)] == [first.id, second.id]

    review.unlink_presentation(submission, meeting["reviewer"])

    assert db.session.get(ReportSubmission, submission.id).programme_item_id is None
    assert audit_actions() == ["reports.presentation_linked", "reports.presentation_linked",
                               "reports.presentation_unlinked"]


def test_slot_refusals_say_why_and_change_nothing(meeting):
    event, call, reviewer = meeting["event"], meeting["call"], meeting["reviewer"]
    accepted = reports.submission(call, meeting["finance"], status=ReportStatus.ACCEPTED)
    holder = reports.submission(call, meeting["health"], status=ReportStatus.ACCEPTED)
    pending = reports.submission(call, meeting["water"], status=ReportStatus.UNDER_REVIEW)
    free, held = presentation(event), presentation(event, start="11:00", end="11:25")
    review.link_presentation(holder, held, reviewer)
    other_event = factories.event(with_days=True)
    cases = [
        (pending, free, "Only an accepted report"),
        (accepted, None, "Choose a presentation slot."),
        (accepted, presentation(other_event), "belongs to another meeting"),
        (accepted, presentation(event, kind=ItemKind.SESSION, start="12:00", end="13:00"), "presentation kind"),
        (accepted, held, "already given to the report of Wizara ya Afya"),
        (holder, held, "already linked to this slot"),
        (holder, free, "already has a presentation slot; unlink it first"),
    ]
    before = audit_actions()

    for submission, item, message in cases:
        with pytest.raises(DomainError) as refused:
            review.link_presentation(submission, item, reviewer)
        assert message in refused.value.message, message
        assert refused.value.field == "programme_item_id"
        db.session.rollback()

    links = dict(db.session.execute(sa.select(ReportSubmission.id, ReportSubmission.programme_item_id)).all())
    assert links == {accepted.id: None, holder.id: held.id, pending.id: None}
    assert audit_actions() == before
    with pytest.raises(DomainError) as refused:
        review.unlink_presentation(accepted, reviewer)
    assert "has no presentation slot" in refused.value.message

