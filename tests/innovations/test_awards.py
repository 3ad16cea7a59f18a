"""Awards: the best paper (rank 1), runners-up by rank and special mentions, each with its
citations; only eligible entries, once the scoring is closed; one of a kind and rank per call
and one of each kind per entry, in the services and in the database. Every refusal changes
nothing."""
import pytest
import sqlalchemy as sa

from eventapp.core.errors import DomainError
from eventapp.extensions import db
from eventapp.innovations.awards import AwardDetails, award_label, awards_by_entry, awards_of, give_award, remove_award
from eventapp.innovations.models import Award, AwardKind
from tests.innovations.test_selection import competition

BEST, RUNNER_UP, MENTION = AwardKind.BEST_PAPER, AwardKind.RUNNER_UP, AwardKind.SPECIAL_MENTION


@pytest.fixture
def contest(app_ctx):
    call, entries, ineligible = competition()
    return call, entries, ineligible


def kept() -> list[tuple]:
    db.session.expire_all()
    return [(a.entry.title, a.kind, a.rank) for a in db.session.scalars(sa.select(Award).order_by(Award.id))]


def test_awards_are_given_with_citations_and_listed_in_order(contest):
    call, entries, _ineligible = contest
    give_award(entries[3], AwardDetails(MENTION, citation_en="  A brave idea.  "))
    give_award(entries[2], AwardDetails(RUNNER_UP, rank=2))
    give_award(entries[1], AwardDetails(RUNNER_UP, rank=1))
    best = give_award(entries[0], AwardDetails(BEST, citation_sw="Andiko bora", citation_en="The best paper"))
    give_award(entries[4], AwardDetails(MENTION))

    assert (best.rank, best.citation_sw, best.citation_en) == (1, "Andiko bora", "The best paper")
    listed = awards_of(call)
    assert [(a.entry.title, award_label(a)) for a in listed] == [
        ("Entry 1", "Best paper"), ("Entry 2", "Runner-up 1"), ("Entry 3", "Runner-up 2"),
        ("Entry 4", "Special mention"), ("Entry 5", "Special mention"),
    ]
    assert [a.rank for a in listed[3:]] == [1, 2]  # special mentions are numbered as they come
    assert listed[3].citation_en == "A brave idea."
    assert list(awards_by_entry(listed)) == [entries[n].id for n in range(5)]


@pytest.mark.parametrize("details, field, message", [
    (AwardDetails(BEST), "kind", "This entry already has the award: Best paper."),
    (AwardDetails(RUNNER_UP, rank=1), "kind", "The best paper cannot also be a runner-up."),
    (AwardDetails(BEST, rank=2), "rank", "There is one best paper: its rank is 1."),
    (AwardDetails(RUNNER_UP), "rank", "Give the runner-up's rank"),
    (AwardDetails(RUNNER_UP, rank=21), "rank", "The rank must be between 1 and 20."),
    (AwardDetails(None), "kind", "Choose the award."),
    (AwardDetails(MENTION, citation_en="x" * 1001), "citation_en", "At most 1000 characters."),
])
def test_a_wrong_award_for_the_best_paper_entry_is_refused(contest, details, field, message):
    _call, entries, _ineligible = contest
    give_award(entries[0], AwardDetails(BEST))
    before = kept()

    with pytest.raises(DomainError, match=message.replace("(", r"\(").replace(")", r"\)")) as refused:
        give_award(entries[0], details)

    assert refused.value.field == field
    assert kept() == before


def test_an_award_of_a_kind_and_rank_given_twice_in_the_call_is_refused(contest):
    _call, entries, _ineligible = contest
    give_award(entries[0], AwardDetails(BEST))
    give_award(entries[1], AwardDetails(RUNNER_UP, rank=1))
    before = kept()

    with pytest.raises(DomainError, match="Best paper is already given to “Entry 1”; remove it first."):
        give_award(entries[2], AwardDetails(BEST))
    with pytest.raises(DomainError, match="Runner-up 1 is already given to “Entry 2”"):
        give_award(entries[2], AwardDetails(RUNNER_UP, rank=1))

    assert kept() == before


def test_an_ineligible_entry_gets_no_award(contest):
    _call, _entries, ineligible = contest

    with pytest.raises(DomainError, match="Only an eligible entry can receive an award.") as refused:
        give_award(ineligible, AwardDetails(MENTION))

    assert refused.value.field == "entry_id"
    assert kept() == []


def test_no_award_before_the_scoring_is_closed(app_ctx):
    _call, entries, _ineligible = competition(closed=False)

    with pytest.raises(DomainError, match="once the scoring is closed"):
        give_award(entries[0], AwardDetails(BEST))

    assert kept() == []


@pytest.mark.parametrize("duplicate", ["same kind and rank in the call", "same kind for the entry"])
def test_the_database_keeps_awards_unique(contest, duplicate):
    call, entries, _ineligible = contest
    give_award(entries[0], AwardDetails(RUNNER_UP, rank=1))
    other = entries[1] if duplicate.startswith("same kind and") else entries[0]
    rank = 1 if duplicate.startswith("same kind and") else 2
    db.session.add(Award(call_id=call.id, entry_id=other.id, kind=RUNNER_UP, rank=rank))

    with pytest.raises(sa.exc.IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_an_award_is_removed_and_its_place_can_be_given_again(contest):
    _call, entries, _ineligible = contest
    award = give_award(entries[0], AwardDetails(BEST))

    remove_award(award)
    give_award(entries[1], AwardDetails(BEST))

    assert kept() == [("Entry 2", BEST, 1)]
