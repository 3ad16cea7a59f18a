"""Focal persons: the people who report for an institution (a ministry). Each holds the focal
role and is linked to exactly one institution; what they may see follows from that link
(`access`)."""
import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import joinedload

from eventapp.auth.models import User
from eventapp.auth.services import find_or_invite_user
from eventapp.core import audit
from eventapp.core.errors import DomainError
from eventapp.core.roles import Role
from eventapp.extensions import db
from eventapp.registration.models import Institution
from eventapp.reports.models import FocalPerson


def institution_of(user) -> Institution | None:
    """The institution `user` reports for, or None (not a focal person, or not linked)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return db.session.scalar(
        sa.select(Institution).join(FocalPerson, FocalPerson.institution_id == Institution.id)
        .where(FocalPerson.user_id == user.id)
    )


def focal_persons_of(institution_ids) -> dict[int, list[FocalPerson]]:
    """Each institution's focal persons (with their users), by institution id."""
    found: dict[int, list[FocalPerson]] = {i: [] for i in institution_ids}
    if not found:
        return found
    rows = db.session.scalars(
        sa.select(FocalPerson).options(joinedload(FocalPerson.user))
        .where(FocalPerson.institution_id.in_(list(found))).order_by(FocalPerson.created_at, FocalPerson.id)
    )
    for row in rows:
        found[row.institution_id].append(row)
    return found


def appoint_focal_person(institution: Institution, email: str, full_name: str, actor_id: int | None = None,
                         language: str | None = None) -> FocalPerson:
    """Make the person with `email` a focal person of `institution`: their account is found or
    created (a new account gets a random password and is emailed a link to choose one), given
    the focal role and linked to the institution; they are emailed their appointment in their
    account's language, else `language`, else the site's.

    A person reports for one institution only: someone already focal for another is refused.
    """

    def not_yet_focal(user: User) -> None:
        held = db.session.scalar(sa.select(FocalPerson).where(FocalPerson.user_id == user.id))
        if held is not None:
            if held.institution_id == institution.id:
                raise DomainError(_("%(name)s is already a focal person of %(institution)s.",
                                    name=user.full_name, institution=institution.name), field="email")
            raise DomainError(_("%(name)s already reports for %(institution)s; a person reports for one institution "
                                "only. Remove them there first.", name=user.full_name,
                                institution=held.institution.name), field="email")

    user, new_account = find_or_invite_user(
        email, full_name, Role.FOCAL, actor_id, invalid_email=_("Enter a valid email address, like jina@wizara.go.tz."),
        check_existing=not_yet_focal)
    email = user.email
    focal = FocalPerson(user_id=user.id, institution_id=institution.id)
    db.session.add(focal)
    audit.record(actor_id, "reports.focal_appointed", f"institution:{institution.id}", email)
    try:
        db.session.commit()
    except sa.exc.IntegrityError:  # appointed meanwhile by another organiser
        db.session.rollback()
        raise DomainError(_("%(email)s was appointed meanwhile; reload the page.", email=email),
                          field="email") from None
    from eventapp.reports.notifications import notify_focal_appointed

    notify_focal_appointed(focal, new_account=new_account, language=user.locale or language)
    return focal


def remove_focal_person(focal: FocalPerson, actor_id: int | None = None) -> None:
    """Unlink the person from the institution and take the focal role away; their account
    stays (they may hold other roles)."""
    user: User = focal.user
    audit.record(actor_id, "reports.focal_removed", f"institution:{focal.institution_id}", user.email)
    user.roles = [r for r in user.roles if r.role is not Role.FOCAL]
    db.session.delete(focal)
    db.session.commit()
