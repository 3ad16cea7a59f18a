"""Which figures the dashboard shows, in which sections, and the function that builds each.

Builders are named by dotted path and imported on first use, so the catalogue stays a plain
list a reader can take in at a glance.
"""
from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module

from flask_babel import lazy_gettext as _l

from eventapp.dashboard.figures import Figure
from eventapp.events.models import Event


@dataclass(frozen=True)
class Section:
    key: str
    title: object  # a lazy string
    figures: tuple[str, ...]


SECTIONS = (
    Section("registrations", _l("Registrations"), ("registrations-by-group", "registrations-by-category")),
    Section("fees", _l("Fees"), ("fees-by-category", "fees-by-institution-type")),
    Section("arrivals", _l("Arrivals"), ("arrivals-by-day", "arrivals-by-hour")),
    Section("reports", _l("Ministries' reports"), ("report-submissions",)),
    Section("innovations", _l("Research and innovation"), ("innovation-pipeline",)),
    Section("sponsors", _l("Sponsors"), ("sponsors-pledged-paid",)),
)

BUILDERS = {
    "registrations-by-group": "eventapp.dashboard.registration_figures:registrations_by_group",
    "registrations-by-category": "eventapp.dashboard.registration_figures:registrations_by_category",
    "fees-by-category": "eventapp.dashboard.fee_figures:fees_by_category",
    "fees-by-institution-type": "eventapp.dashboard.fee_figures:fees_by_institution_type",
    "arrivals-by-day": "eventapp.dashboard.arrival_figures:arrivals_by_day",
    "arrivals-by-hour": "eventapp.dashboard.arrival_figures:arrivals_per_hour",
    "report-submissions": "eventapp.dashboard.submission_figures:report_submissions",
    "innovation-pipeline": "eventapp.dashboard.innovation_figures:innovation_pipeline",
    "sponsors-pledged-paid": "eventapp.dashboard.sponsor_figures:sponsors_pledged_paid",
}


def builder(key: str) -> Callable[[Event], Figure] | None:
    """The function that builds the figure `key`; None for a key the dashboard does not have."""
    path = BUILDERS.get(key)
    if path is None:
        return None
    module, name = path.split(":")
    return getattr(import_module(module), name)


def build_section(section: Section, event: Event) -> list[Figure]:
    return [builder(key)(event) for key in section.figures]
