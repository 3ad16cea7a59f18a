"""Model-level builders for the innovations tests: a call with the standard categories and
rubric, entries with a team, judges, assignments and scores. They write rows directly, so a
test of one rule does not depend on the services of another."""
import itertools
import secrets
from datetime import datetime, timedelta, timezone

from eventapp.core.roles import Role
from eventapp.extensions import db
from eventapp.innovations.defaults import STANDARD_CATEGORIES, STANDARD_CRITERIA
from eventapp.innovations.models import (
    Assignment,
    Criterion,
    Entry,
    EntryStage,
    EntryStatus,
    InnovationCall,
    InnovationCategory,
    Judge,
    MemberKind,
    Score,
    TeamMember,
)
from eventapp.registration.models import InstitutionType
from tests import factories

_seq = itertools.count(1)


def now() -> datetime:
    return datetime.now(timezone.utc).replace(microsecond=0)


def university(name=None, acronym=""):
    return factories.institution(name=name or f"Chuo Kikuu cha Majaribio {next(_seq)}",
                                 type_=InstitutionType.UNIVERSITY, acronym=acronym)


def call(event, opens_at=None, closes_at=None, **kwargs) -> InnovationCall:
    """A call open since yesterday, closing in a week, with the standard categories and rubric."""
    innovation_call = InnovationCall(event_id=event.id, opens_at=opens_at or now() - timedelta(days=1),
                                     closes_at=closes_at or now() + timedelta(days=7), **kwargs)
    innovation_call.categories = [InnovationCategory(code=c.code, position=n, name_sw=c.name_sw, name_en=c.name_en)
                                  for n, c in enumerate(STANDARD_CATEGORIES, start=1)]
    innovation_call.criteria = [
        Criterion(position=n, name_sw=c.name_sw, name_en=c.name_en, description_sw=c.description_sw,
                  description_en=c.description_en, weight=c.weight, scale_max=c.scale_max)
        for n, c in enumerate(STANDARD_CRITERIA, start=1)
    ]
    db.session.add(innovation_call)
    db.session.commit()
    return innovation_call


def innovator(**kwargs):
    return factories.user(roles=(Role.PARTICIPANT,), **kwargs)


def entry(innovation_call, institution, owner=None, status=EntryStatus.ELIGIBLE, title=None,
          category_code="innovation", **kwargs) -> Entry:
    """An entry with a two-person team (a student and a staff member)."""
    n = next(_seq)
    owner = owner or innovator()
    category = next(c for c in innovation_call.categories if c.code == category_code)
    row = Entry(call_id=innovation_call.id, category_id=category.id, owner_id=owner.id, institution_id=institution.id,
                reference=secrets.token_hex(5).upper(), title=title or f"Mfumo wa Majaribio {n}",
                abstract=f"Abstract of entry {n}.", problem="The problem.", solution="The solution.",
                stage=kwargs.pop("stage", EntryStage.PROTOTYPE), status=status, **kwargs)
    row.members = [TeamMember(position=1, name=f"Student {n}", email=f"student{n}@example.ac.tz",
                              kind=MemberKind.STUDENT),
                   TeamMember(position=2, name=f"Lecturer {n}", email=f"lecturer{n}@example.ac.tz",
                              kind=MemberKind.STAFF)]
    db.session.add(row)
    db.session.commit()
    return row


def judge(innovation_call, institution=None, **kwargs) -> Judge:
    """A user with the judge role on the call's panel, from `institution`."""
    user = factories.user(roles=(Role.JUDGE,), **kwargs)
    row = Judge(call_id=innovation_call.id, user_id=user.id, institution_id=institution.id if institution else None)
    db.session.add(row)
    db.session.commit()
    return row


def assign(entry_row, judge_row) -> Assignment:
    row = Assignment(entry_id=entry_row.id, judge_id=judge_row.id)
    db.session.add(row)
    db.session.commit()
    return row


def score(assignment, values, comment="") -> list[Score]:
    """Score the assignment: `values` is one value per criterion in rubric order, or {criterion id: value}."""
    criteria = assignment.entry.call.criteria
    pairs = values.items() if isinstance(values, dict) else zip((c.id for c in criteria), values)
    rows = [Score(assignment_id=assignment.id, criterion_id=criterion_id, value=value, comment=comment)
            for criterion_id, value in pairs]
    db.session.add_all(rows)
    db.session.commit()
    return rows
