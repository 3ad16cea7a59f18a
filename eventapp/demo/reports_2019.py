"""The ministries' implementation reports of the 2019 meeting and its resolutions, from
`shared/seeds/004_c76d4d1053727026.txt`.

From the report: the 22 ministries asked to report, the 16 that submitted (Jedwali I) and the
6 that did not (Jedwali II), section 4.1.2; what the reports were to cover (strategy, systems
and infrastructure, benefits, challenges, recommendations); the lessons of section 5.0 and the
conclusion (HITIMISHO), from which the resolutions are drawn.

The demo's own, and marked so: the call's dates (the report gives none, only that reports
were presented on 30–31 January 2019), the submission dates, every section text (each starts
with "[Demo]") and the generated PDF files. The reports' contents are not in the seed
document, so nothing here pretends to be a ministry's words.
"""
from datetime import date, datetime, timezone

import sqlalchemy as sa

from eventapp.auth.models import User
from eventapp.core.roles import Role
from eventapp.core.uploads import store_bytes, upload_path
from eventapp.demo.meeting_2019 import DEMO_DOMAIN
from eventapp.demo.reports_2019_files import report_pdf, slides_pdf
from eventapp.events.models import Event
from eventapp.extensions import db
from eventapp.programme.models import ItemKind, ProgrammeItem
from eventapp.registration.models import Institution, InstitutionType
from eventapp.registration.services.institutions import name_key
from eventapp.reports.models import (
    CoveredInstitution,
    FocalPerson,
    ReportAnswer,
    ReportCall,
    ReportingInstitution,
    ReportSection,
    ReportStatus,
    ReportSubmission,
    ReportVersion,
    Resolution,
    ResolutionStatus,
)
from eventapp.reports.sections import CHALLENGES, RECOMMENDATIONS, SECTOR_INSTITUTIONS, STANDARD_SECTIONS

# Jedwali I and II as printed, each with the ministry's name in the demo directory
# (meeting_2019.MINISTRIES). The printed names differ: "Ufundu", "Wizara wa", missing commas
# and dashes, and "Viwanda Biashara na Uwezeshaji" for the ministry section 4.3 and the
# programme call "Wizara ya Viwanda na Biashara".
TABLE_I = {
    "Ofisi ya Rais-Utumishi wa Umma na Utawala Bora":
        "Ofisi ya Rais - Menejimenti ya Utumishi wa Umma na Utawala Bora",
    "Ofisi ya Rais-Tawala za Mikoa na Serikali za Mitaa": "Ofisi ya Rais - Tawala za Mikoa na Serikali za Mitaa",
    "Ofisi ya Makamu wa Rais": "Ofisi ya Makamu wa Rais",
    "Ofisi ya Waziri Mkuu Sera, Bunge, Vijana, ajira na Wenye Ulemavu":
        "Ofisi ya Waziri Mkuu - Sera, Bunge, Vijana, Ajira na Wenye Ulemavu",
    "Ofisi ya Waziri Mkuu Uwekezaji": "Ofisi ya Waziri Mkuu - Uwekezaji",
    "Wizara ya Fedha na Mipango": "Wizara ya Fedha na Mipango",
    "Wizara ya Habari, Utamaduni,Sanaa na Michezo": "Wizara ya Habari, Utamaduni, Sanaa na Michezo",
    "Wizara wa Ujenzi,Uchukuzi na Mawasiliano": "Wizara ya Ujenzi, Uchukuzi na Mawasiliano",
    "Wizara ya Elimu,Sayansi, Teknolojia na Ufundu": "Wizara ya Elimu, Sayansi, Teknolojia na Ufundi",
    "Wizara ya Afya na Ustawi wa Jamii Jinsia, Wazee na Watoto":
        "Wizara ya Afya na Ustawi wa Jamii, Jinsia, Wazee na Watoto",
    "Wizara ya Maji na Umwagiliaji": "Wizara ya Maji na Umwagiliaji",
    "Wizara ya Ardhi, Nyumba na Maendeleo ya Makazi": "Wizara ya Ardhi, Nyumba na Maendeleo ya Makazi",
    "Wizara ya Katiba na Sheria": "Wizara ya Katiba na Sheria",
    "Wizara ya Ulinzi na Jeshi la Kujenga Taifa": "Wizara ya Ulinzi na Jeshi la Kujenga Taifa",
    "Wizara ya Maliasili na Utalii": "Wizara ya Maliasili na Utalii",
    "Wizara ya Viwanda Biashara na Uwezeshaji": "Wizara ya Viwanda na Biashara",
}
TABLE_II = {
    "Wizara ya Nishati": "Wizara ya Nishati",
    "Wizara ya Mifugo na Uvuvi": "Wizara ya Mifugo na Uvuvi",
    "Wizara ya Mambo ya Ndani ya Nchi": "Wizara ya Mambo ya Ndani ya Nchi",
    "Wizara ya Madini": "Wizara ya Madini",
    "Wizara wa Mambo ya Nje na Ushirikiano wa Afrika Mashariki":
        "Wizara ya Mambo ya Nje na Ushirikiano wa Afrika Mashariki",
    "Wizara ya Kilimo, Chakula na Ushirika.": "Wizara ya Kilimo, Chakula na Ushirika",
}

# DEMO DATES: the call opened on 3 December 2018 and closed on 25 January 2019 (16:00 in Dar es
# Salaam); nothing was accepted after 28 January. The meeting began on 30 January.
OPENS_AT = datetime(2018, 12, 3, 6, 0, tzinfo=timezone.utc)
DEADLINE = datetime(2019, 1, 25, 13, 0, tzinfo=timezone.utc)
HARD_DEADLINE = datetime(2019, 1, 28, 13, 0, tzinfo=timezone.utc)
INSTRUCTIONS_SW = (
    "Kila Wizara pamoja na taasisi zake iandae na kuwasilisha taarifa ya utekelezaji wa Serikali Mtandao "
    "katika Kikao Kazi cha Pili cha Serikali Mtandao 2019. Taarifa ionyeshe hatua za utekelezaji (mipango "
    "mikakati, mifumo na miundombinu ya TEHAMA), faida kwa Serikali na kwa wananchi, changamoto zinazojitokeza "
    "na mapendekezo ya kutatua changamoto hizo."
)
INSTRUCTIONS_EN = (
    "Each ministry, with its institutions, prepares and submits its e-Government implementation report for "
    "the Second e-Government Annual Meeting 2019: the steps taken (strategic plans, ICT systems and "
    "infrastructure), the benefits to government and citizens, the challenges met and recommendations for "
    "overcoming them."
)

DEMO_MARK = "[Demo]"
# Generic texts, rotated among the ministries so the consolidation shows varied rows. They
# describe typical situations in general words; they are not any ministry's own report.
CHALLENGES_POOL = [
    "uhaba wa wataalamu wa TEHAMA wenye ujuzi wa mifumo mipya",
    "bajeti ndogo ya TEHAMA ikilinganishwa na mahitaji",
    "mifumo isiyobadilishana taarifa na mifumo ya taasisi nyingine",
    "mtandao usio imara katika ofisi za mikoa na wilaya",
    "uelewa mdogo wa watumiaji kuhusu huduma mtandao",
    "vitisho vya usalama wa mifumo na taarifa",
]
RECOMMENDATIONS_POOL = [
    "kuwajengea uwezo wataalamu wa TEHAMA kupitia mafunzo ya mara kwa mara",
    "kutenga bajeti mahsusi ya TEHAMA katika mipango ya kila mwaka",
    "kuunganisha mifumo kupitia mfumo wa kubadilishana taarifa wa Serikali",
    "kuimarisha mtandao wa mawasiliano wa Serikali hadi ngazi za mikoa na wilaya",
    "kuhamasisha wananchi na watumishi kutumia huduma mtandao",
    "kuzingatia viwango na miongozo ya usalama wa TEHAMA ya Serikali",
]
OTHER_SECTIONS = {
    "strategy": "Wizara ina mkakati wa TEHAMA unaoendana na viwango na miongozo ya Serikali Mtandao.",
    "systems": "Mifumo mikuu ya Wizara inatumika na imeunganishwa na mtandao wa mawasiliano wa Serikali.",
    "e_services": "Baadhi ya huduma za Wizara zinapatikana mtandaoni kwa wananchi na wafanyabiashara.",
    "interoperability": "Baadhi ya mifumo inabadilishana taarifa na mifumo ya taasisi nyingine za Serikali.",
    "benefits": "Matumizi ya mifumo yamepunguza muda na gharama za kutoa huduma.",
}

# Section 5.0 (lessons ii–v, and i) and the conclusion, as resolutions of the 2019 meeting.
# (number, Swahili, English, owner acronym in the directory or None, owner in words, status, due date)
# The statuses are the demo's (the report records no follow-up); the one due date is the
# conclusion's: the third meeting expected in 2020.
EGA = "Wakala ya Serikali Mtandao"
ALL_MINISTRIES = "Wizara zote / All ministries"
RESOLUTIONS = [
    (1, "Wizara zihusishe taasisi zote za kisekta wakati wa uandaaji na uwasilishaji wa taarifa za utekelezaji "
        "wa Serikali Mtandao.",
     "Ministries to involve all their sector institutions when preparing and presenting their e-Government "
     "implementation reports.", None, ALL_MINISTRIES, ResolutionStatus.OPEN, None),
    (2, "Kuwe na muda wa kutosha wa maandalizi ya bunifu na tafiti zitakazowasilishwa katika vikao kazi vya "
        "Serikali Mtandao vijavyo.",
     "Allow enough preparation time for the research and innovation entries to be presented at future "
     "e-Government annual meetings.", EGA, "", ResolutionStatus.IN_PROGRESS, None),
    (3, "Muda wa maandalizi na wigo wa ufadhili uongezwe ili kuongeza ushiriki wa wadau zaidi kutoka katika "
        "taasisi mbalimbali.",
     "Lengthen the preparation time and widen the scope of sponsorship so that stakeholders from more "
     "institutions take part.", EGA, "", ResolutionStatus.OPEN, None),
    (4, "Jitihada zaidi ziongezwe katika kuzihamasisha taasisi kutumia Kituo cha Utafiti na Ubunifu cha "
        "Serikali Mtandao katika kuboresha mifumo na miundombinu ya Serikali Mtandao.",
     "Step up efforts to encourage institutions to use the e-Government Research and Innovation Centre to "
     "improve e-Government systems and infrastructure.", EGA, "", ResolutionStatus.IN_PROGRESS, None),
    (5, "Wizara na taasisi zake ziendelee kufanyia kazi changamoto zilizobainishwa katika taarifa zao ili kufikia "
        "malengo ya Serikali Mtandao.",
     "Ministries and their institutions to keep working on the challenges their reports identified, to reach "
     "the goals of e-Government.", None, ALL_MINISTRIES, ResolutionStatus.OPEN, None),
    (6, "Vikao kazi vya Serikali Mtandao vifanyike kila mwaka ili kupata taarifa na mrejesho wa utekelezaji; "
        "Kikao Kazi cha Tatu kifanyike mwaka 2020 kikiwakutanisha wadau wengi zaidi.",
     "Hold the e-Government annual meeting every year to receive reports and feedback on implementation; the "
     "third meeting in 2020, bringing together more stakeholders.", EGA, "", ResolutionStatus.IN_PROGRESS,
     date(2020, 12, 31)),
]


def submitted_on(position: int) -> datetime:
    """A demo submission time between 14 and 25 January 2019, 10:00 in Dar es Salaam."""
    return datetime(2019, 1, 14 + position % 12, 7, 0, tzinfo=timezone.utc)


def section_text(code: str, position: int, covered: list[str]) -> str:
    """The demo text of one section of the `position`-th ministry of Jedwali I."""
    if code == CHALLENGES:
        items = [CHALLENGES_POOL[(position + k) % len(CHALLENGES_POOL)] for k in range(3)]
        return f"{DEMO_MARK} Changamoto kuu:\n" + "\n".join(f"- {item[0].upper()}{item[1:]}." for item in items)
    if code == RECOMMENDATIONS:
        items = [RECOMMENDATIONS_POOL[(position + k) % len(RECOMMENDATIONS_POOL)] for k in range(3)]
        return f"{DEMO_MARK} Mapendekezo:\n" + "\n".join(f"- {item[0].upper()}{item[1:]}." for item in items)
    if code == SECTOR_INSTITUTIONS:
        if not covered:
            return f"{DEMO_MARK} Hakuna taasisi za kisekta za Wizara hii katika saraka ya demo."
        return f"{DEMO_MARK} Taarifa inahusu: " + "; ".join(covered) + "."
    return f"{DEMO_MARK} {OTHER_SECTIONS.get(code, 'Maandishi ya mfano.')}"


def _ministry(name: str) -> Institution:
    return db.session.scalar(sa.select(Institution).where(Institution.name_key == name_key(name)))


def _call(event: Event, ministries: list[Institution], report) -> ReportCall:
    call = db.session.scalar(sa.select(ReportCall).where(ReportCall.event_id == event.id))
    if call is None:
        call = ReportCall(event_id=event.id, opens_at=OPENS_AT, deadline=DEADLINE, hard_deadline=HARD_DEADLINE,
                          instructions_sw=INSTRUCTIONS_SW, instructions_en=INSTRUCTIONS_EN)
        db.session.add(call)
        report.created += 1
    codes = {s.code for s in call.sections}
    for position, s in enumerate(STANDARD_SECTIONS, start=1):
        if s.code not in codes:
            call.sections.append(ReportSection(code=s.code, position=position, title_sw=s.title_sw,
                                               title_en=s.title_en, guidance_sw=s.guidance_sw,
                                               guidance_en=s.guidance_en))
            report.created += 1
    db.session.flush()
    required = set(db.session.scalars(sa.select(ReportingInstitution.institution_id)
                                      .where(ReportingInstitution.call_id == call.id)))
    for ministry in ministries:
        if ministry.id not in required:
            db.session.add(ReportingInstitution(call_id=call.id, institution_id=ministry.id))
            report.created += 1
    return call


def _store(data: bytes, name: str) -> tuple[str, str, int]:
    stored = store_bytes(data, "pdf", name)
    return stored.name, stored.original_name, stored.size


def _file_missing(name: str | None) -> bool:
    return not name or not upload_path(name).is_file()


def _submission(call: ReportCall, ministry: Institution, position: int, report) -> None:
    """Jedwali I's `position`-th ministry's accepted report: one version with every section
    answered, a report PDF and slides. Files lost from disk are written again."""
    submission = db.session.scalar(sa.select(ReportSubmission).where(
        ReportSubmission.call_id == call.id, ReportSubmission.institution_id == ministry.id))
    sectors = list(db.session.scalars(sa.select(Institution).where(
        Institution.parent_id == ministry.id, Institution.type == InstitutionType.SECTOR_INSTITUTION)
        .order_by(Institution.name)))
    texts = {s.code: section_text(s.code, position, [i.name for i in sectors]) for s in call.sections}
    slug = (ministry.acronym or f"wizara-{position + 1}").lower()
    if submission is None:
        at = submitted_on(position)
        submission = ReportSubmission(call_id=call.id, institution_id=ministry.id, status=ReportStatus.ACCEPTED,
                                      first_submitted_at=at, last_submitted_at=at, version_count=1)
        version = ReportVersion(number=1, submitted_at=at, late=False, report_file="", report_name="",
                                report_size=0)
        version.answers = [ReportAnswer(section_id=s.id, body=texts[s.code]) for s in call.sections]
        version.covered = [CoveredInstitution(institution_id=i.id) for i in sectors]
        submission.versions = [version]
        db.session.add(submission)
        report.created += 1
    version = submission.versions[0]
    sections = [(s.title_sw, texts[s.code]) for s in call.sections]
    if _file_missing(version.report_file):
        version.report_file, version.report_name, version.report_size = _store(
            report_pdf(ministry.name, sections), f"taarifa-{slug}-2019.pdf")
        report.created += 1
    if _file_missing(version.slides_file):
        version.slides_file, version.slides_name, version.slides_size = _store(
            slides_pdf(ministry.name, texts.get(CHALLENGES, ""), texts.get(RECOMMENDATIONS, "")),
            f"slaidi-{slug}-2019.pdf")
        report.created += 1


def _resolutions(event: Event, report) -> None:
    existing = set(db.session.scalars(sa.select(Resolution.number).where(Resolution.event_id == event.id)))
    for number, text_sw, text_en, owner_name, owner_text, status, due_on in RESOLUTIONS:
        if number in existing:
            continue
        owner = _ministry(owner_name) if owner_name else None
        db.session.add(Resolution(event_id=event.id, number=number, text_sw=text_sw, text_en=text_en,
                                  owner_institution_id=owner.id if owner else None, owner_text=owner_text,
                                  due_on=due_on, status=status))
        report.created += 1


def _focal_person(ministry: Institution) -> None:
    """The demo's focal account (made with the other demo accounts) reports for `ministry`."""
    user = db.session.scalar(sa.select(User).where(User.email == f"{Role.FOCAL.value}@{DEMO_DOMAIN}"))
    if user is not None and db.session.scalar(sa.select(FocalPerson).where(FocalPerson.user_id == user.id)) is None:
        db.session.add(FocalPerson(user_id=user.id, institution_id=ministry.id))


# Jedwali I's ministries and their presentation slots in the programme (annex I, group 1's
# days), by the slot's Swahili title. The Prime Minister's Office (Investment) had no slot of
# its own; the six ministries of Jedwali II had slots but no report.
PRESENTATION_SLOTS = {
    "Ofisi ya Rais - Menejimenti ya Utumishi wa Umma na Utawala Bora":
        "Ofisi ya Rais – Menejimenti ya Utumishi wa Umma na Utawala Bora",
    "Ofisi ya Rais - Tawala za Mikoa na Serikali za Mitaa": "Ofisi ya Rais – Tawala za Mikoa na Serikali za Mitaa",
    "Ofisi ya Makamu wa Rais": "Ofisi ya Makamu wa Rais",
    "Ofisi ya Waziri Mkuu - Sera, Bunge, Vijana, Ajira na Wenye Ulemavu": "Ofisi ya Waziri Mkuu",
    "Wizara ya Fedha na Mipango": "Wizara ya Fedha na Mipango",
    "Wizara ya Habari, Utamaduni, Sanaa na Michezo": "Wizara ya Habari, Utamaduni, Sanaa na Michezo",
    "Wizara ya Ujenzi, Uchukuzi na Mawasiliano": "Wizara ya Ujenzi, Uchukuzi na Mawasiliano",
    "Wizara ya Elimu, Sayansi, Teknolojia na Ufundi": "Wizara ya Elimu, Sayansi na Teknolojia",
    "Wizara ya Afya na Ustawi wa Jamii, Jinsia, Wazee na Watoto":
        "Wizara ya Afya, Maendeleo ya Jamii, Jinsia, Wazee na Watoto",
    "Wizara ya Maji na Umwagiliaji": "Wizara ya Maji na Umwagiliaji",
    "Wizara ya Ardhi, Nyumba na Maendeleo ya Makazi": "Wizara ya Ardhi, Nyumba na Maendeleo ya Makazi",
    "Wizara ya Katiba na Sheria": "Wizara ya Katiba na Sheria",
    "Wizara ya Ulinzi na Jeshi la Kujenga Taifa": "Wizara ya Ulinzi na Jeshi la Kujenga Taifa",
    "Wizara ya Maliasili na Utalii": "Wizara ya Maliasili na Utalii",
    "Wizara ya Viwanda na Biashara": "Wizara ya Viwanda na Biashara",
}


def _presentation_slots(event: Event, call: ReportCall) -> None:
    """Link each accepted report to its ministry's presentation slot, unless it has one."""
    slots = {
        item.title_sw: item for item in db.session.scalars(
            sa.select(ProgrammeItem).where(ProgrammeItem.event_id == event.id,
                                           ProgrammeItem.kind == ItemKind.PRESENTATION))
    }
    taken = set(db.session.scalars(sa.select(ReportSubmission.programme_item_id)
                                   .where(ReportSubmission.programme_item_id.is_not(None))))
    for submission in db.session.scalars(sa.select(ReportSubmission).where(ReportSubmission.call_id == call.id)):
        slot = slots.get(PRESENTATION_SLOTS.get(submission.institution.name, ""))
        if submission.programme_item_id is None and slot is not None and slot.id not in taken:
            submission.programme_item_id = slot.id
            taken.add(slot.id)


def load(event: Event, report) -> None:
    """The 2019 call (the 22 ministries of Jedwali I and II must report), Jedwali I's 16
    accepted reports with their demo texts and generated PDFs, none for Jedwali II's 6, and the
    six resolutions. Found by event, institution and number: a second run adds nothing."""
    db.session.flush()
    submitted = [_ministry(name) for name in TABLE_I.values()]
    missing = [_ministry(name) for name in TABLE_II.values()]
    call = _call(event, submitted + missing, report)
    db.session.flush()
    for position, ministry in enumerate(submitted):
        _submission(call, ministry, position, report)
    db.session.flush()
    _presentation_slots(event, call)
    _resolutions(event, report)
    _focal_person(submitted[0])
    db.session.flush()
