"""Publishing the results: refused before the scoring is closed and before a selection; then
every eligible entry's team (owner and members, each address once) gets one email with its
outcome and awards, in the owner's language; a second press sends nothing new, and a team
whose email failed is tried again."""
import pytest
import sqlalchemy as sa

from eventapp.core.audit import AuditEntry
from eventapp.core.errors import DomainError
from eventapp.extensions import db
from eventapp.innovations import selection
from eventapp.innovations.awards import AwardDetails, give_award
from eventapp.innovations.models import AwardKind, Entry, TeamMember
from tests.innovations.test_selection import competition


def notified(call) -> dict[str, bool]:
    db.session.expire_all()
    return {e.title: e.result_notified_at is not None
            for e in db.session.scalars(sa.select(Entry).where(Entry.call_id == call.id))}


def by_title(outbox) -> dict[str, object]:
    """Each message by the entry title quoted in its body."""
    found = {}
    for message in outbox:
        title = next(t for t in ("Entry 1", "Entry 2", "Entry 3", "Entry 4", "Entry 5") if f"“{t}”" in message.body)
        assert title not in found, f"{title} emailed twice"
        found[title] = message
    return found


def test_publishing_is_refused_while_the_scoring_is_open(app_ctx, outbox):
    call, _entries, _ineligible = competition(closed=False)

    with pytest.raises(DomainError, match="close it before publishing"):
        selection.publish_results(call)

    assert call.results_published_at is None and outbox == []


def test_publishing_is_refused_before_any_entry_is_selected(app_ctx, outbox):
    call, _entries, _ineligible = competition()

    with pytest.raises(DomainError, match="shortlist the entries before publishing"):
        selection.publish_results(call)

    db.session.refresh(call)
    assert call.results_published_at is None and outbox == []
    assert not any(notified(call).values())


def test_each_team_is_told_its_outcome_once_with_its_awards(app_ctx, outbox):
    call, entries, _ineligible = competition()
    selection.shortlist(call)
    give_award(entries[0], AwardDetails(AwardKind.BEST_PAPER, citation_en="For a clear and useful paper.",
                                        citation_sw="Kwa andiko lililo wazi na lenye manufaa."))
    for entry in entries:
        entry.owner.locale = "en"
    entries[2].members.append(TeamMember(position=3, name="Owner Again", email=entries[2].owner.email.upper(),
                                         kind=entries[2].members[0].kind))
    db.session.commit()

    sent = selection.publish_results(call, actor_id=None)

    assert sent == 5  # the five eligible entries; the screened-out team was told at screening
    assert call.results_published_at is not None
    messages = by_title(outbox)
    assert set(messages) == {"Entry 1", "Entry 2", "Entry 3", "Entry 4", "Entry 5"}
    first = messages["Entry 1"]
    assert first.subject == "Your entry is selected to present"
    assert "Best paper: For a clear and useful paper." in first.body
    assert "/meetings/" in first.body and "/innovations" in first.body
    assert sorted(first.recipients) == sorted([entries[0].owner.email] + [m.email for m in entries[0].members])
    assert messages["Entry 3"].subject == "Your entry is selected for the exhibition"
    assert len(messages["Entry 3"].recipients) == 3  # the owner's address once, whatever its case
    assert messages["Entry 5"].subject == "The results of the research and innovation competition"
    assert "not selected this time" in messages["Entry 5"].body
    assert "Best paper" not in messages["Entry 5"].body
    assert notified(call) == {"Entry 1": True, "Entry 2": True, "Entry 3": True, "Entry 4": True, "Entry 5": True,
                              "Screened out": False}

    published_at = call.results_published_at
    assert selection.publish_results(call) == 0  # a second press sends nothing new
    assert len(outbox) == 5
    db.session.refresh(call)
    assert call.results_published_at == published_at
    actions = list(db.session.scalars(sa.select(AuditEntry.action)))
    assert actions.count("innovations.results_published") == 1


def test_a_team_whose_email_failed_is_emailed_at_the_next_press(app_ctx, outbox, monkeypatch):
    from eventapp.innovations import results_notifications

    call, entries, _ineligible = competition()
    selection.shortlist(call)
    real_send = results_notifications.send_email

    def failing_for_entry_4(addresses, subject, template, **context):
        if context["entry"].title == "Entry 4":
            raise OSError("mail server down")
        return real_send(addresses, subject, template, **context)

    monkeypatch.setattr(results_notifications, "send_email", failing_for_entry_4)
    assert selection.publish_results(call) == 4
    assert notified(call)["Entry 4"] is False

    monkeypatch.setattr(results_notifications, "send_email", real_send)
    assert selection.publish_results(call) == 1
    assert notified(call)["Entry 4"] is True
    assert len(outbox) == 5


def test_a_team_already_told_is_not_emailed_again(app_ctx, outbox):
    from eventapp.innovations.results_notifications import notify_results

    call, entries, _ineligible = competition()
    selection.shortlist(call)
    selection.publish_results(call)
    outbox.clear()
    # Another press claimed every team a moment ago: nothing is left to send.
    assert notify_results(call) == 0
    assert outbox == []


def test_the_email_is_in_the_owners_language(app_ctx, outbox, monkeypatch):
    from eventapp.innovations import results_notifications

    call, entries, _ineligible = competition(scores=(9, 8))
    selection.shortlist(call)
    entries[0].owner.locale = "en"
    entries[1].owner.locale = None
    db.session.commit()
    languages = {}
    real_send = results_notifications.send_email

    def spy(addresses, subject, template, language=None, **context):
        languages[context["entry"].title] = language
        return real_send(addresses, subject, template, language=language, **context)

    monkeypatch.setattr(results_notifications, "send_email", spy)
    selection.publish_results(call)

    assert languages == {"Entry 1": "en", "Entry 2": "sw"}  # no language chosen: Swahili


def test_no_link_while_the_meeting_is_a_draft(app_ctx, outbox):
    from eventapp.events.models import EventStatus

    call, _entries, _ineligible = competition(scores=(9,))
    call.event.status = EventStatus.DRAFT
    db.session.commit()
    selection.shortlist(call)
    selection.publish_results(call)

    assert "/meetings/" not in outbox[0].body  # the public page would not open yet
