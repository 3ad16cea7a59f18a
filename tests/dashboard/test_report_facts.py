"""The post-event report's facts against a small meeting counted by hand (`small_meeting`, also
used by the documents' and the views' tests), an edition with nothing recorded, and the 2019
demo against the seed report's tables."""
from datetime import date, datetime, time, timedelta, timezone

import pytest
import sqlalchemy as sa

from eventapp.certificates.models import Certificate, CertificateType
from eventapp.dashboard.report_facts import post_event_facts
from eventapp.events.models import Event
from eventapp.extensions import db
from eventapp.innovations.models import EntryStatus
from eventapp.programme.models import ItemKind, ItemPerson, Person, PersonRole, ProgrammeItem
from eventapp.registration.models import Bill, BillItem
from eventapp.reports.models import Resolution, ResolutionStatus
from eventapp.sponsors.models import SponsorStatus
from tests import factories
from tests.checkin.factories import cancelled, category_of, confirmed, gate_event, unpaid
from tests.innovations import factories as innovation_factories
from tests.reports import factories as report_factories
from tests.sponsors.test_services import make_package, make_sponsor, pay


def _item(event, day, kind, title, start, parent=None, people=()):
    item = ProgrammeItem(event_id=event.id, day_id=day.id, parent=parent, starts_at=start,
                         ends_at=(datetime.combine(day.date, start) + timedelta(minutes=20)).time(), kind=kind,
                         title_sw=title, title_en=title)
    item.people = [ItemPerson(person=person, role=role, position=n) for n, (person, role) in enumerate(people)]
    db.session.add(item)
    return item


def small_meeting() -> Event:
    """The meeting the facts are counted against by hand (numbers in the tests' comments)."""
    event = gate_event()  # groups 1–3, each with a free category and a paid one (TZS 400,000)
    # Participants: group 1 free 3 + paid 1 (paid in full) = 4; group 2 free 1 = 1 (one cancelled);
    # a second paid one in group 1 never pays. Total 5.
    for _ in range(3):
        confirmed(event, group=1)
    confirmed(event, group=2)
    cancelled(event, group=2)
    unpaid(event, group=1)
    paying = unpaid(event, group=1)
    pay(_bill_of(paying))

    # Sponsors: two committed (A pledged 30M, nothing paid; B invoiced 20M, 5M paid), one prospect.
    package = make_package(event, code="GOLD", amount=30_000_000)
    make_sponsor(event, package, name="Benki ya Alfa", acronym="BA", pledged=30_000_000)
    invoiced = make_sponsor(event, package, name="Benki ya Beta", acronym="BB", pledged=20_000_000,
                            status=SponsorStatus.INVOICED)
    pay(invoiced.bill, 5_000_000)
    make_sponsor(event, package, name="Benki ya Gamma", acronym="BG", pledged=10_000_000,
                 status=SponsorStatus.PROSPECT)

    # Programme: day 1 a session with two presentations (chair P1; presenters P2 and P1): 1
    # session, 2 presentations, 2 people. Day 2 one presentation (P3) and a break.
    first_day, second_day = event.days
    p1, p2, p3 = (Person(name=name) for name in ("Asha Juma", "Baraka Mushi", "Chausiku Ali"))
    session = _item(event, first_day, ItemKind.SESSION, "Kipindi cha Kwanza", time(9, 0),
                    people=[(p1, PersonRole.CHAIRPERSON)])
    ministry_slot = _item(event, first_day, ItemKind.PRESENTATION, "Wizara B", time(9, 0), session,
                          [(p2, PersonRole.PRESENTER)])
    _item(event, first_day, ItemKind.PRESENTATION, "Wizara A", time(9, 20), session, [(p1, PersonRole.PRESENTER)])
    _item(event, second_day, ItemKind.PRESENTATION, "Mada Kuu", time(10, 0), people=[(p3, PersonRole.PRESENTER)])
    _item(event, second_day, ItemKind.HEALTH_BREAK, "Chai", time(11, 0))
    db.session.commit()

    # Reports: the call lists B, A, C (in that order) as having to report; B and A submit, C
    # does not; D submits unasked. B first submitted 22:30 UTC on 10 January = 11 January EAT.
    ministry_b, ministry_a, ministry_c, ministry_d = (
        report_factories.ministry(name=f"Wizara {letter}") for letter in "BACD")
    call = report_factories.call(event, [ministry_b, ministry_a, ministry_c])
    submitted = {}
    for ministry, moment in ((ministry_a, datetime(2026, 1, 12, 7, 0, tzinfo=timezone.utc)),
                             (ministry_b, datetime(2026, 1, 10, 22, 30, tzinfo=timezone.utc)),
                             (ministry_d, datetime(2026, 1, 13, 7, 0, tzinfo=timezone.utc))):
        submitted[ministry.name] = report_factories.submission(call, ministry)
        submitted[ministry.name].first_submitted_at = moment
    submitted["Wizara B"].programme_item_id = ministry_slot.id  # B presented in the programme: 1

    # Innovation: entries 1 (exhibited and presenting), 2 withdrawn, 3 exhibited, 4 ineligible.
    innovation_call = innovation_factories.call(event)
    udom, must = innovation_factories.university("Chuo cha Kwanza"), innovation_factories.university("Chuo cha Pili")
    innovation_factories.entry(innovation_call, udom, title="Mfumo wa Kwanza", exhibition=True, presenting=True)
    innovation_factories.entry(innovation_call, udom, title="Mfumo Ulioondolewa", status=EntryStatus.WITHDRAWN)
    innovation_factories.entry(innovation_call, must, title="Mfumo wa Tatu", exhibition=True)
    innovation_factories.entry(innovation_call, must, title="Mfumo wa Nne", status=EntryStatus.INELIGIBLE)

    # Certificates: participation 2 live + 1 revoked, judge 1.
    revoked_at = datetime(2026, 2, 10, tzinfo=timezone.utc)
    db.session.add_all([
        Certificate(event_id=event.id, type=CertificateType.PARTICIPATION, subject_key="registration:1",
                    holder_name="A"),
        Certificate(event_id=event.id, type=CertificateType.PARTICIPATION, subject_key="registration:2",
                    holder_name="B"),
        Certificate(event_id=event.id, type=CertificateType.PARTICIPATION, subject_key="registration:3",
                    holder_name="C", revoked_at=revoked_at, revoke_reason="Jina si sahihi"),
        Certificate(event_id=event.id, type=CertificateType.JUDGE, subject_key="judge:1", holder_name="D"),
    ])
    # Resolutions: 1 owned by Wizara A, due 30 June 2026; 2 with no English text.
    db.session.add_all([
        Resolution(event_id=event.id, number=1, text_sw="Azimio la kwanza", text_en="First resolution",
                   owner_institution_id=ministry_a.id, due_on=date(2026, 6, 30), status=ResolutionStatus.IN_PROGRESS),
        Resolution(event_id=event.id, number=2, text_sw="Azimio la pili", owner_text="Wizara zote"),
    ])
    db.session.commit()
    return event


def _bill_of(registration) -> Bill:
    return db.session.scalar(sa.select(Bill).join(BillItem).where(BillItem.registration_id == registration.id))


def test_the_facts_of_a_small_meeting_counted_by_hand(app_ctx):
    event = small_meeting()
    facts = post_event_facts(event, "en")

    assert facts.meeting.title == event.title_en and facts.meeting.theme == "A test theme"
    assert facts.meeting.venue == "AICC, Arusha"
    # Participants per group and category, counted in small_meeting: 4 + 1 + 0 = 5.
    assert [(g.name, [(c.code, c.participants) for c in g.categories], g.subtotal) for g in facts.groups] == [
        ("Group 1", [("FREE1", 3), ("PAID1", 1)], 4),
        ("Group 2", [("FREE2", 1), ("PAID2", 0)], 1),
        ("Group 3", [("FREE3", 0), ("PAID3", 0)], 0),
    ]
    assert facts.participants == 5
    assert facts.groups[0].categories[1].fee == 400_000
    # Fees: two bills of 400,000 in PAID1, one paid: billed 800,000, collected 400,000.
    assert [(f.label.split(" — ")[0], f.billed, f.collected, f.outstanding) for f in facts.fees] == [
        ("PAID1", 800_000, 400_000, 400_000)]
    assert [(t.currency, t.billed, t.collected) for t in facts.fee_totals] == [("TZS", 800_000, 400_000)]
    # Sponsors: the two committed ones by name; the prospect is left out.
    assert [(s.number, s.name, s.pledged, s.paid, s.status) for s in facts.sponsors] == [
        (1, "Benki ya Alfa (BA)", 30_000_000, 0, "Confirmed"),
        (2, "Benki ya Beta (BB)", 20_000_000, 5_000_000, "Invoiced"),
    ]
    assert [(t.currency, t.billed, t.collected) for t in facts.sponsor_totals] == [("TZS", 50_000_000, 5_000_000)]
    # Programme: day 1 one session, two presentations, two people; day 2 none, one, one.
    assert [(d.day, d.sessions, d.presentations, d.speakers) for d in facts.programme] == [
        (event.starts_on, 1, 2, 2), (event.ends_on, 0, 1, 1)]
    assert facts.programme[0].groups == "Group 1, Group 3"
    assert (facts.sessions, facts.presentations, facts.ministries_presented) == (1, 3, 1)
    # Tables I and II in the call's order (B, A), the unasked D last; 2 of the 3 asked.
    reports = facts.reports
    assert [(m.number, m.name, m.submitted_on) for m in reports.submitted] == [
        (1, "Wizara B", date(2026, 1, 11)), (2, "Wizara A", date(2026, 1, 12)), (3, "Wizara D", date(2026, 1, 13))]
    assert [(m.number, m.name) for m in reports.missing] == [(1, "Wizara C")]
    assert (reports.submitted_count, reports.required_count) == (2, 3)
    # Table III: the withdrawn entry left out; 3 submitted, 2 exhibited, 1 presented.
    entries = facts.innovations
    assert [(e.number, e.institution, e.title, e.exhibited, e.presented) for e in entries.entries] == [
        (1, "Chuo cha Kwanza", "Mfumo wa Kwanza", True, True),
        (2, "Chuo cha Pili", "Mfumo wa Tatu", True, False),
        (3, "Chuo cha Pili", "Mfumo wa Nne", False, False),
    ]
    assert (entries.submitted, entries.eligible, entries.exhibited, entries.presented) == (3, 2, 2, 1)
    # Certificates: the revoked one is not counted.
    assert {c.type: c.issued for c in facts.certificates} == {
        "Participation": 2, "Presenter": 0, "Exhibitor": 0, "Award": 0, "Judge": 1, "Organising committee member": 0}
    assert [(r.number, r.text, r.owner, r.due_on, r.status) for r in facts.resolutions] == [
        (1, "First resolution", "Wizara A", date(2026, 6, 30), "in progress"),
        (2, "Azimio la pili", "Wizara zote", None, "open"),
    ]
    assert facts.sentences["headline"] == (
        "5 participants; 2 of 3 ministries submitted their implementation report; 3 research and innovation "
        "entries submitted, 2 selected for the exhibition, 1 presented; 2 sponsors.")


def test_the_facts_in_swahili_take_the_swahili_fields(app_ctx):
    event = small_meeting()
    facts = post_event_facts(event, "sw")

    assert facts.meeting.title == event.title_sw and facts.meeting.theme == "Mada ya majaribio"
    assert [g.name for g in facts.groups] == ["Kundi la Kwanza", "Kundi la Pili", "Kundi la Tatu"]
    assert facts.resolutions[0].text == "Azimio la kwanza"
    assert facts.titles["table_one"] == "6.1 Jedwali I: Wizara zilizowasilisha Taarifa"
    assert facts.titles["table_two"] == "6.2 Jedwali II: Wizara ambazo hazikuwasilisha Taarifa"
    assert facts.titles["table_three"] == "7.1 Jedwali Na.3 Taasisi zilizowasilisha Tafiti /Bunifu"
    assert facts.filename_stem == f"taarifa-kikao-{event.edition}-{event.year}"
    assert post_event_facts(event, "en").filename_stem == f"report-meeting-{event.edition}-{event.year}"


def test_an_edition_with_nothing_recorded(app_ctx):
    event = factories.event()
    facts = post_event_facts(event, "en")

    assert facts.groups == () and facts.participants == 0
    assert facts.fees == () and facts.fee_totals == ()
    assert facts.sponsors == () and facts.sponsor_totals == ()
    assert facts.programme == () and facts.ministries_presented == 0
    assert not facts.reports.has_call and not facts.innovations.has_call
    assert all(c.issued == 0 for c in facts.certificates) and facts.resolutions == ()
    assert facts.sentences["headline"] == "0 participants; 0 sponsors."


def test_an_unknown_language_is_refused(app_ctx):
    with pytest.raises(ValueError):
        post_event_facts(factories.event(), "fr")


def test_a_free_category_has_its_participants_but_no_fee_row(app_ctx):
    event = gate_event()
    confirmed(event, group=3)
    facts = post_event_facts(event, "en")

    # One confirmed registration in FREE3, which bills nothing.
    assert facts.participants == 1 and facts.groups[2].subtotal == 1
    assert facts.fees == () and category_of(event, 3).fee_amount == 0


@pytest.fixture
def demo_event(demo):
    """The 2019 edition of the module's shared demo database (`demo_app`), read only."""
    return db.session.scalar(sa.select(Event).where(Event.edition == 2))


def test_the_2019_demo_matches_the_seed_reports_tables(demo_event):
    from eventapp.demo.innovations_2019 import PRINTED_INSTITUTIONS
    from eventapp.demo.innovations_2019_entries import TABLE_III
    from eventapp.demo.meeting_2019 import MINISTRIES_NOT_REPORTED, MINISTRIES_REPORTED
    from eventapp.demo.sponsors_2019 import SPONSORS

    facts = post_event_facts(demo_event, "sw")

    # Section 2.4: 786 participants.
    assert facts.participants == 786 == sum(g.subtotal for g in facts.groups)
    # Jedwali I and II: 16 of 22, the ministries in the report's order.
    assert (facts.reports.submitted_count, facts.reports.required_count) == (16, 22)
    assert [m.name for m in facts.reports.submitted] == [name for name, _acronym in MINISTRIES_REPORTED]
    assert [m.name for m in facts.reports.missing] == [name for name, _acronym in MINISTRIES_NOT_REPORTED]
    # Jedwali Na.3: 24 entries in the table's order, 10 exhibited, 4 presented.
    entries = facts.innovations
    assert [(e.institution, e.title) for e in entries.entries] == [
        (PRINTED_INSTITUTIONS[row.institution], row.title) for row in TABLE_III]
    assert (entries.submitted, entries.exhibited, entries.presented) == (24, 10, 4)
    # Section 2.5: the ten sponsors.
    assert sorted(s.name for s in facts.sponsors) == sorted(f"{name} ({acronym})" for name, acronym, *_ in SPONSORS)
