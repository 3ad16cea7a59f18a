"""The panel of judges of a call: people holding the judge role, each with the institution they
come from (never assigned an entry of that institution). Organisers add and remove them."""
import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import joinedload

from eventapp.auth.models import User
from eventapp.auth.services import find_or_invite_user
from eventapp.core import audit
from eventapp.core.errors import DomainError
from eventapp.core.roles import Role
from eventapp.extensions import db
from eventapp.innovations.models import Assignment, Conflict, InnovationCall, Judge, Score
from eventapp.registration.models import Institution


def panel_of(call: InnovationCall) -> list[Judge]:
    """The call's judges with their accounts and institutions, by name."""
    return list(db.session.scalars(
        sa.select(Judge).join(User, User.id == Judge.user_id)
        .options(joinedload(Judge.user), joinedload(Judge.institution))
        .where(Judge.call_id == call.id).order_by(User.full_name, Judge.id)
    ))


def add_judge(call: InnovationCall, email: str, full_name: str, institution_id: int | None,
              actor_id: int | None = None, language: str | None = None) -> Judge:
    """Put the person with `email` on the call's panel, from `institution_id` (None: from no
    institution in the directory). Their account is found or created (a new account gets a
    random password and is emailed a link to choose one) and given the judge role; they are
    emailed in their account's language, else `language`, else the site's.

    A person sits once on a call's panel; a deactivated account is refused.
    """
    errors: dict[str, str] = {}
    if institution_id is not None and db.session.get(Institution, institution_id) is None:
        errors["institution_id"] = _("Choose an institution from the list.")

    def not_on_panel(user: User) -> None:
        on_panel = db.session.scalar(sa.select(Judge.id).where(Judge.call_id == call.id, Judge.user_id == user.id))
        if on_panel is not None:
            raise DomainError(_("%(name)s is already on the panel.", name=user.full_name), field="email")

    user, new_account = find_or_invite_user(
        email, full_name, Role.JUDGE, actor_id, invalid_email=_("Enter a valid email address, like jina@udsm.ac.tz."),
        errors=errors, check_existing=not_on_panel)
    email = user.email
    judge = Judge(call_id=call.id, user_id=user.id, institution_id=institution_id)
    db.session.add(judge)
    audit.record(actor_id, "innovations.judge_added", f"innovation_call:{call.id}", email)
    try:
        db.session.commit()
    except sa.exc.IntegrityError:  # added meanwhile by another organiser
        db.session.rollback()
        raise DomainError(_("%(email)s was added meanwhile; reload the page.", email=email), field="email") from None
    from eventapp.innovations.judging_notifications import notify_judge_added

    notify_judge_added(judge, new_account=new_account, language=user.locale or language)
    return judge


def has_scores(judge: Judge) -> bool:
    return db.session.scalar(
        sa.select(Score.id).join(Assignment, Assignment.id == Score.assignment_id)
        .where(Assignment.judge_id == judge.id).limit(1)
    ) is not None


def remove_judge(judge: Judge, actor_id: int | None = None) -> None:
    """Take the judge off the panel with their assignments and declared conflicts. Refused once
    they have scored anything: their scores count in the ranking. The judge role goes too
    unless they sit on another call's panel; the account stays."""
    user = judge.user
    if has_scores(judge):
        raise DomainError(_("%(name)s has already scored entries; a judge with scores stays on the panel.",
                            name=user.full_name))
    db.session.execute(sa.delete(Assignment).where(Assignment.judge_id == judge.id))
    db.session.execute(sa.delete(Conflict).where(Conflict.judge_id == judge.id))
    elsewhere = db.session.scalar(sa.select(Judge.id).where(Judge.user_id == user.id, Judge.id != judge.id))
    if elsewhere is None:
        user.roles = [r for r in user.roles if r.role is not Role.JUDGE]
    audit.record(actor_id, "innovations.judge_removed", f"innovation_call:{judge.call_id}", user.email)
    db.session.delete(judge)
    db.session.commit()
