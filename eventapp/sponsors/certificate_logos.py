"""The sponsors' logos printed on certificates (CERTIFICATE_LOGO_PROVIDERS, filled when the
sponsors blueprint is registered)."""
import sqlalchemy as sa

from eventapp.events.models import Event
from eventapp.extensions import db
from eventapp.registration.models import Institution
from eventapp.sponsors.models import Sponsor, SponsorshipPackage
from eventapp.sponsors.services import COMMITTED
from eventapp.sponsors.slots import logo_path


def certificate_logo_paths(event: Event) -> list[str]:
    """The logo files of the event's committed sponsors whose package puts the logo on
    certificates, by package rank."""
    sponsors = db.session.scalars(
        sa.select(Sponsor).join(Sponsor.package).join(Sponsor.institution)
        .where(Sponsor.event_id == event.id, Sponsor.status.in_(COMMITTED), Sponsor.logo_file.is_not(None),
               SponsorshipPackage.logo_on_certificates.is_(True))
        .order_by(SponsorshipPackage.rank, SponsorshipPackage.amount.desc(), Institution.name)
    )
    return [str(path) for path in map(logo_path, sponsors) if path is not None]
