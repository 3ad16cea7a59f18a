"""The scoring rubric: criteria changed, added and removed with every value checked (weight above
zero, scale 1–100), weights shown as shares of their sum, and the rubric frozen once any judge
has scored (each refusal changing nothing)."""
import pytest
import sqlalchemy as sa

from eventapp.core.audit import AuditEntry
from eventapp.core.errors import DomainError, InvalidInput
from eventapp.extensions import db
from eventapp.innovations import rubric
from eventapp.innovations.models import Criterion, InnovationCall
from eventapp.innovations.rubric import CriterionDetails
from tests import factories
from tests.innovations import factories as inn


def as_details(criterion: Criterion, **changes) -> CriterionDetails:
    values = dict(name_sw=criterion.name_sw, name_en=criterion.name_en, description_sw=criterion.description_sw,
                  description_en=criterion.description_en, weight=criterion.weight, scale_max=criterion.scale_max)
    values.update(changes)
    return CriterionDetails(**values)


def rubric_now(call_id: int) -> list[tuple]:
    db.session.expire_all()
    return [(c.name_en, c.weight, c.scale_max, c.position) for c in db.session.get(InnovationCall, call_id).criteria]


@pytest.fixture
def call(app_ctx):
    return inn.call(factories.event())


def scored(call) -> None:
    """A judge has scored one entry of the call."""
    entry = inn.entry(call, inn.university())
    inn.score(inn.assign(entry, inn.judge(call)), [5, 5, 5, 5, 5])


def test_weights_are_shown_as_shares_of_their_sum(call):
    shares = rubric.weight_shares(call.criteria)

    assert [shares[c.id] for c in call.criteria] == [25.0, 25.0, 20.0, 20.0, 10.0]


def test_shares_of_weights_that_do_not_add_to_100(call):
    for criterion, weight in zip(call.criteria, (1, 1, 1, 0, 0)):
        criterion.weight = weight

    assert [rubric.weight_shares(call.criteria[:3])[c.id] for c in call.criteria[:3]] == [33.3, 33.3, 33.3]
    assert rubric.weight_shares([]) == {}


def test_criteria_are_changed_and_reordered_at_once(call):
    first, second = call.criteria[:2]

    rubric.update_criteria(call, {
        first.id: as_details(first, weight=40, scale_max=100, position=2, description_en="  New and original. "),
        second.id: as_details(second, name_en="Relevance", position=1),
    }, actor_id=factories.user().id)

    assert rubric_now(call.id)[:2] == [("Relevance", 25, 10, 1), ("Innovation", 40, 100, 2)]
    assert db.session.get(Criterion, first.id).description_en == "New and original."
    assert db.session.scalar(sa.select(AuditEntry.details).where(AuditEntry.action == "innovations.rubric_changed"))


@pytest.mark.parametrize("changes, field", [
    ({"weight": 0}, "weight"),
    ({"weight": -5}, "weight"),
    ({"weight": None}, "weight"),
    ({"weight": 1001}, "weight"),
    ({"scale_max": 0}, "scale_max"),
    ({"scale_max": 101}, "scale_max"),
    ({"scale_max": None}, "scale_max"),
    ({"name_sw": "  "}, "name_sw"),
    ({"name_en": "x" * 121}, "name_en"),
    ({"description_en": "x" * 2001}, "description_en"),
    ({"position": 1001}, "position"),
])
def test_a_bad_criterion_is_refused_beside_its_field_and_changes_nothing(call, changes, field):
    before = rubric_now(call.id)
    second = call.criteria[1]

    with pytest.raises(InvalidInput) as refused:
        rubric.update_criteria(call, {second.id: as_details(second, **changes)})

    assert list(refused.value.errors) == [f"criteria-1-{field}"]
    db.session.rollback()
    assert rubric_now(call.id) == before


def test_a_criterion_is_added_and_removed(call):
    added = rubric.add_criterion(call, CriterionDetails("Uendelevu", "Sustainability", weight=10, scale_max=5,
                                                        position=1))

    assert rubric_now(call.id)[0] == ("Sustainability", 10, 5, 1)
    rubric.remove_criterion(added)
    assert [row[0] for row in rubric_now(call.id)] == ["Innovation", "Relevance to e-Government", "Feasibility",
                                                       "Impact", "Quality of presentation"]
    assert [row[3] for row in rubric_now(call.id)] == [1, 2, 3, 4, 5]


def test_a_bad_new_criterion_is_refused(call):
    with pytest.raises(InvalidInput) as refused:
        rubric.add_criterion(call, CriterionDetails("", "Sustainability", weight=0, scale_max=500))

    assert set(refused.value.errors) == {"name_sw", "weight", "scale_max"}
    db.session.rollback()
    assert len(rubric_now(call.id)) == 5


def test_the_last_criterion_stays(call):
    for criterion in list(call.criteria[1:]):
        rubric.remove_criterion(criterion)

    with pytest.raises(DomainError, match="at least one criterion"):
        rubric.remove_criterion(call.criteria[0])


def test_the_rubric_cannot_change_once_a_judge_has_scored(call):
    scored(call)
    before = rubric_now(call.id)
    first = call.criteria[0]
    attempts = [
        lambda: rubric.update_criteria(call, {first.id: as_details(first, weight=50)}),
        lambda: rubric.add_criterion(call, CriterionDetails("Uendelevu", "Sustainability", weight=10)),
        lambda: rubric.remove_criterion(call.criteria[-1]),
    ]

    for attempt in attempts:
        with pytest.raises(DomainError, match="Judges have started scoring; the rubric can no longer change"):
            attempt()
        db.session.rollback()

    assert rubric.has_scores(call)
    assert rubric_now(call.id) == before


def test_scores_of_another_call_do_not_freeze_this_rubric(call):
    scored(inn.call(factories.event()))

    assert not rubric.has_scores(call)
    rubric.update_criteria(call, {call.criteria[0].id: as_details(call.criteria[0], weight=30)})
    assert rubric_now(call.id)[0][1] == 30
